"""The profile lines of what a cluster office tracks: size, stage, agent, types, objectives.

:func:`mapping.profile.cluster_profile` appends these lines. Every value is in
the reader's language (labels from the catalogue, type names from
``data/policy/cluster_types.csv``, numbers through :func:`format_number`)
and an empty field reads "not stated", never zero. A website is shown as
text, never as a link: an address from data is not something to click blindly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mapping.fields import (
    OBJECTIVE_COLUMNS,
    OBJECTIVE_COUNT,
    OBJECTIVES_RULE,
    STAGES,
    TYPE_COLUMNS,
    cluster_types,
)
from mapping.i18n import Message, digits, format_date, format_number, gettext
from mapping.issues import JoinedMessages, RowNumber


@dataclass(frozen=True)
class ProfileField:
    """One line of a profile (label, value and source already in the reader's language)."""

    label: str
    value: str
    source: str
    persian: bool = False


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or str(value) in ("", "<NA>")
    except (TypeError, ValueError):  # pd.NA compares to NA
        return True


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _with_year(number: Any, year: Any, lang: str) -> str:
    """``1,200 (2014)`` in ``lang``; without the year when none is given."""
    if _missing(number):
        return ""
    text = format_number(int(number), lang)
    if _missing(year):
        return text
    return Message("{n} (in {year})", n=text, year=RowNumber(int(year))).render(lang)


def stage_text(stage: str, stage_date: str, lang: str) -> str:
    """A stage and the date it was reached, in ``lang`` (``""`` when no stage is given)."""
    if not stage:
        return ""
    label = gettext(STAGES[stage], lang)
    if not stage_date:
        return label
    if len(stage_date) == len("YYYY-MM-DD"):
        when = format_date(dt.date.fromisoformat(stage_date), lang)
    else:
        when = digits(stage_date, lang)
    return Message("{stage}, since {date}", stage=label, date=when).render(lang)


def type_label(type_id: str, lang: str) -> str:
    """A cluster type's name in ``lang``, from ``cluster_types.csv``."""
    types = cluster_types().set_index("type_id")
    if type_id not in types.index:
        return type_id
    return str(types.at[type_id, "term_fa" if lang == "fa" else "term"])


def types_text(row: Mapping[str, Any], lang: str) -> str:
    """The cluster's types, one per classification given, joined."""
    given = [_text(row.get(column)) for column in TYPE_COLUMNS]
    labels = [type_label(t, lang) for t in given if t]
    return JoinedMessages(labels).render(lang) if labels else ""


def _numbers(row: Mapping[str, Any], state: str, lang: str) -> str:
    numbers = [
        n for n, column in enumerate(OBJECTIVE_COLUMNS, 1) if _text(row.get(column)) == state
    ]
    return JoinedMessages(numbers).render(lang)


def objectives_text(row: Mapping[str, Any], lang: str) -> str:
    """The six objectives of section 3 in one line, with the paper's rule when it applies.

    The rule ("at least 4 of 6") is only judged when all six are assessed;
    otherwise the line says how many are not assessed.
    """
    met = int(row.get("objectives_met") or 0)
    assessed = int(row.get("objectives_assessed") or 0)
    if assessed == 0 and not any(_text(row.get(c)) for c in OBJECTIVE_COLUMNS):
        return ""
    none = gettext("none", lang)
    parts = Message(
        "met: {met}; not met: {not_met}",
        met=_numbers(row, "met", lang) or none,
        not_met=_numbers(row, "not-met", lang) or none,
    ).render(lang)
    if assessed == OBJECTIVE_COUNT:
        verdict = (
            Message(
                "the paper's rule, at least {rule} of {total}: met",
                rule=OBJECTIVES_RULE,
                total=OBJECTIVE_COUNT,
            )
            if met >= OBJECTIVES_RULE
            else Message(
                "the paper's rule, at least {rule} of {total}: not met",
                rule=OBJECTIVES_RULE,
                total=OBJECTIVE_COUNT,
            )
        )
    else:
        verdict = Message(
            "{n} not assessed, so the paper's rule (at least {rule} of {total}) cannot be judged",
            n=OBJECTIVE_COUNT - assessed,
            rule=OBJECTIVES_RULE,
            total=OBJECTIVE_COUNT,
        )
    separator = gettext("; ", lang)
    return f"{parts}{separator}{verdict.render(lang)}"


def _exports(row: Mapping[str, Any], lang: str) -> str:
    value = row.get("exports_value")
    if _missing(value):
        return ""
    amount = format_number(float(value), lang)
    text = Message(
        "{amount} {currency}", amount=amount, currency=_text(row.get("exports_currency"))
    ).render(lang)
    year = row.get("exports_year")
    if _missing(year):
        return text
    return Message("{n} (in {year})", n=text, year=RowNumber(int(year))).render(lang)


def tracked_fields(row: Mapping[str, Any], lang: str, source: str) -> list[ProfileField]:
    """The profile lines of the tracked fields of ``row``, in ``lang``.

    Parameters
    ----------
    row : Mapping
        A validated registry row.
    lang : str
        ``fa`` or ``en``.
    source : str
        The row's source, already in ``lang`` (the registry names one per row).

    Returns
    -------
    list of ProfileField
        Firms, employees, year identified, stage, agent, types, objectives,
        exports and website; "not stated" where the row leaves a field empty.
    """
    not_stated = gettext("not stated", lang)
    year = row.get("year_identified")
    values = [
        (gettext("Firms", lang), _with_year(row.get("firms"), row.get("firms_year"), lang)),
        (
            gettext("Employees", lang),
            _with_year(row.get("employees"), row.get("employees_year"), lang),
        ),
        (
            gettext("Year identified", lang),
            "" if _missing(year) else RowNumber(int(year)).render(lang),
        ),
        (
            gettext("Stage of development", lang),
            stage_text(_text(row.get("stage")), _text(row.get("stage_date")), lang),
        ),
        (gettext("Cluster development agent", lang), _text(row.get("development_agent"))),
        (gettext("Cluster types (section 4 of the paper)", lang), types_text(row, lang)),
        (gettext("Objectives of section 3", lang), objectives_text(row, lang)),
        (gettext("Exports", lang), _exports(row, lang)),
        (gettext("Website (not checked; shown as text)", lang), _text(row.get("website"))),
    ]
    return [ProfileField(label, value or not_stated, source) for label, value in values]
