"""What a cluster office tracks beyond the paper: size, stage, agent, types, objectives.

Every column here is optional; the bundled clusters leave them empty, because
the paper gives none of them ("not stated"). The controlled values come from
the paper where it has them: the cluster types of section 4 are the type ids
of ``data/policy/cluster_types.csv`` (one column per classification), the
objectives are the six of section 3 (``objective_1`` ... ``objective_6``),
and the stages follow UNIDO's cluster-development cycle, which Iran's
national programme uses.

:mod:`mapping.registry` adds the column checks of :func:`field_checks` to its
schema, runs :func:`field_issues` for the checks across columns and types
the columns with :func:`typed_fields`. Cells may be written in English or
Persian (``شناسایی``, ``محقق شده``); the typed frame holds the codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa

from mapping.i18n import N_, Message
from mapping.issues import JoinedMessages, RowNumber, ValidationIssue
from mapping.provinces import fold_persian

POLICY_DIR = Path(__file__).resolve().parent.parent / "data" / "policy"
CLUSTER_TYPES_PATH = POLICY_DIR / "cluster_types.csv"

# The stages of the development cycle, in order, with their labels (catalogue).
STAGES: dict[str, str] = {
    "identified": N_("identified"),
    "diagnostic-study": N_("diagnostic study"),
    "action-plan": N_("action plan"),
    "implementation": N_("implementation"),
    "monitoring-evaluation": N_("monitoring and evaluation"),
    "completed": N_("completed"),
}
# A row with no stage, as filters and counts name it.
STAGE_NOT_STATED = "not-stated"
# "At implementation or later", one of the map's measures.
IMPLEMENTATION_OR_LATER = ("implementation", "monitoring-evaluation", "completed")
STAGE_ALIASES: dict[str, tuple[str, ...]] = {
    "identified": ("شناسایی", "شناسایی شده", "شناسایی‌شده"),
    "diagnostic-study": ("diagnostic", "مطالعه تشخیصی", "مطالعه شناخت", "diagnostic-study"),
    "action-plan": ("برنامه اقدام", "vision and action plan", "action-plan"),
    "implementation": ("اجرا", "اجرای برنامه"),
    "monitoring-evaluation": (
        "monitoring and evaluation",
        "monitoring & evaluation",
        "پایش و ارزیابی",
        "monitoring-evaluation",
    ),
    "completed": ("پایان یافته", "پایان‌یافته", "تکمیل شده", "تکمیل‌شده"),
}

OBJECTIVE_COUNT = 6
OBJECTIVE_COLUMNS = tuple(f"objective_{n}" for n in range(1, OBJECTIVE_COUNT + 1))
# The paper's rule of section 3: a cluster with a future meets at least 4 of the 6.
OBJECTIVES_RULE = 4
OBJECTIVE_STATES: dict[str, str] = {
    "met": N_("met"),
    "not-met": N_("not met"),
    "not-assessed": N_("not assessed"),
}
OBJECTIVE_ALIASES: dict[str, tuple[str, ...]] = {
    "met": ("yes", "محقق شده", "محقق‌شده", "محقق", "برآورده", "بله"),
    "not-met": ("not met", "no", "محقق نشده", "محقق‌نشده", "برآورده نشده", "خیر"),
    "not-assessed": ("not assessed", "ارزیابی نشده", "ارزیابی‌نشده"),
}

# One column per classification of section 4 that sorts a cluster into one
# type. "By origin and culture" (a country's style) and "by stage" (new,
# mature, grown, old: the paper gives no test for them) are left out.
TYPE_COLUMNS: dict[str, str] = {
    "type_market": "by market",
    "type_ties": "by what ties the firms",
    "type_sustained_by": "by who sustains the cluster",
    "type_brand": "by trademark or free expansion",
    "type_product": "by dependence on the final product",
}

COUNT_COLUMNS = ("firms", "employees")
YEAR_COLUMNS = ("firms_year", "employees_year", "year_identified", "exports_year")
FIELD_COLUMNS = [
    "firms",
    "firms_year",
    "employees",
    "employees_year",
    "year_identified",
    "stage",
    "stage_date",
    "development_agent",
    *TYPE_COLUMNS,
    *OBJECTIVE_COLUMNS,
    "exports_value",
    "exports_currency",
    "exports_year",
    "website",
]
NUMERIC_FIELD_COLUMNS = (*COUNT_COLUMNS, *YEAR_COLUMNS, "exports_value", "stage_date")
YEAR_RANGE = (1950, 2100)
WEBSITE_MAX_CHARS = 300
_WHOLE = re.compile(r"^\d{1,9}$")
_AMOUNT = re.compile(r"^\d{1,15}(\.\d+)?$")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _key(text: str) -> str:
    return " ".join(fold_persian(str(text)).strip().casefold().replace("_", " ").split())


def _resolver(codes: dict[str, str], aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = {}
    for code, label in codes.items():
        for spelling in (code, label, *aliases.get(code, ())):
            index[_key(spelling)] = code
    return index


_STAGE_INDEX = _resolver(STAGES, STAGE_ALIASES)
_OBJECTIVE_INDEX = _resolver(OBJECTIVE_STATES, OBJECTIVE_ALIASES)


@lru_cache(maxsize=1)
def cluster_types() -> pd.DataFrame:
    """The types of section 4 (``data/policy/cluster_types.csv``), one row per type."""
    return pd.read_csv(CLUSTER_TYPES_PATH, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=1)
def _type_indexes() -> dict[str, dict[str, str]]:
    """Per type column: every accepted spelling (id, term, Persian term) -> type id."""
    types = cluster_types()
    indexes = {}
    for column, classification in TYPE_COLUMNS.items():
        rows = types.loc[types["classification"].eq(classification)]
        index = {}
        for type_id, term, term_fa in rows[["type_id", "term", "term_fa"]].itertuples(index=False):
            for spelling in (type_id, term, term_fa):
                index[_key(spelling)] = type_id
        indexes[column] = index
    return indexes


def type_choices(column: str) -> list[str]:
    """The type ids a type column accepts, in the order of ``cluster_types.csv``."""
    return list(dict.fromkeys(_type_indexes()[column].values()))


def resolve_stage(text: str) -> str | None:
    """The stage code of a cell in either language, ``""`` for empty, None if unknown."""
    key = _key(text)
    return "" if not key else _STAGE_INDEX.get(key)


def resolve_objective(text: str) -> str | None:
    """``met``/``not-met``/``not-assessed`` for a cell, ``""`` for empty, None if unknown."""
    key = _key(text)
    return "" if not key else _OBJECTIVE_INDEX.get(key)


def resolve_type(column: str, text: str) -> str | None:
    """The type id of a cell of ``column``, ``""`` for empty, None if unknown."""
    key = _key(text)
    return "" if not key else _type_indexes()[column].get(key)


def valid_date(text: str) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date in range."""
    match = _DATE.match(text)
    if not match:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def valid_website(text: str) -> bool:
    """True for an http(s) address with a host and no spaces or quotes."""
    if len(text) > WEBSITE_MAX_CHARS or re.search(r"[\s<>\"'`\\]", text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _labels(labels: dict[str, str]) -> JoinedMessages:
    return JoinedMessages([Message(label) for label in labels.values()])


# What each check expects; keys are the check names in pandera's report.
FIELD_EXPECTED: dict[str, Message] = {
    "count": Message("a whole number of 0 or more, digits only"),
    "year": Message(
        "a Gregorian year from {low} to {high} (a Solar Hijri year such as 1394 is not read)",
        low=RowNumber(YEAR_RANGE[0]),
        high=RowNumber(YEAR_RANGE[1]),
    ),
    "stage": Message("one of the stages {stages}", stages=_labels(STAGES)),
    "stage_date": Message("a date written YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    "objective": Message("{states} (or empty)", states=_labels(OBJECTIVE_STATES)),
    "amount": Message("a number of 0 or more, without thousands separators"),
    "currency": Message("a three-letter currency code such as USD, EUR or IRR"),
    "website": Message("a web address starting with http:// or https://"),
    **{
        column: Message(
            "one of the cluster types {types} (or empty)",
            types=", ".join(type_choices(column)),
        )
        for column in TYPE_COLUMNS
    },
}


def _per_value(series: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``function`` of each cell, computed once per different value (cells repeat a lot)."""
    uniques = series.unique()
    return series.map(dict(zip(uniques, map(function, uniques), strict=True)))


def _blank_or(test: Callable[[str], bool]) -> Callable[[pd.Series], pd.Series]:
    def check(series: pd.Series) -> pd.Series:
        return _per_value(series, lambda v: v == "" or test(v)).astype(bool)

    return check


def _year(text: str) -> bool:
    return bool(_WHOLE.match(text)) and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]


def field_checks() -> dict[str, pa.Column]:
    """The pandera columns of the fields here, merged into the registry's schema."""

    def column(test: Callable[[str], bool], error: str) -> pa.Column:
        return pa.Column(str, pa.Check(_blank_or(test), error=error))

    checks = {name: column(lambda v: bool(_WHOLE.match(v)), "count") for name in COUNT_COLUMNS}
    checks.update({name: column(_year, "year") for name in YEAR_COLUMNS})
    checks["stage"] = column(lambda v: resolve_stage(v) is not None, "stage")
    checks["stage_date"] = column(valid_date, "stage_date")
    checks.update(
        {
            name: column(lambda v: resolve_objective(v) is not None, "objective")
            for name in OBJECTIVE_COLUMNS
        }
    )
    for name in TYPE_COLUMNS:
        checks[name] = column(lambda v, name=name: resolve_type(name, v) is not None, name)
    checks["exports_value"] = column(lambda v: bool(_AMOUNT.match(v)), "amount")
    checks["exports_currency"] = column(lambda v: bool(_CURRENCY.match(v)), "currency")
    checks["website"] = column(valid_website, "website")
    return checks


NEEDS_CURRENCY = Message("expected a currency code: the row gives exports_value")
NEEDS_STAGE = Message("expected a stage: the row gives stage_date")


def field_issues(raw: pd.DataFrame) -> list[ValidationIssue]:
    """Checks across columns: a value of exports needs its currency, a stage date its stage."""
    issues = []
    for row in raw.index[raw["exports_value"].ne("") & raw["exports_currency"].eq("")]:
        issues.append(ValidationIssue(int(row), "exports_currency", "", NEEDS_CURRENCY))
    for row in raw.index[raw["stage_date"].ne("") & raw["stage"].eq("")]:
        issues.append(ValidationIssue(int(row), "stage", "", NEEDS_STAGE))
    return issues


def typed_fields(out: pd.DataFrame) -> pd.DataFrame:
    """Type the field columns of validated text cells in place; add the objective counts.

    Counts and years become nullable integers (``<NA>`` where not stated),
    exports a nullable float, controlled values their codes; ``objectives_met``
    and ``objectives_assessed`` count the objectives met and the ones assessed
    (met or not met).
    """
    for name in (*COUNT_COLUMNS, *YEAR_COLUMNS):
        out[name] = pd.to_numeric(out[name].replace("", None)).astype("Int64")
    out["exports_value"] = pd.to_numeric(out["exports_value"].replace("", None)).astype("Float64")
    out["exports_currency"] = out["exports_currency"].str.upper()
    out["stage"] = _per_value(out["stage"], resolve_stage)
    for name in TYPE_COLUMNS:
        out[name] = _per_value(out[name], lambda v, name=name: resolve_type(name, v))
    states = pd.DataFrame(
        {name: _per_value(out[name], resolve_objective) for name in OBJECTIVE_COLUMNS}
    )
    for name in OBJECTIVE_COLUMNS:
        out[name] = states[name]
    out["objectives_met"] = states.eq("met").sum(axis=1).astype(int)
    out["objectives_assessed"] = states.isin(["met", "not-met"]).sum(axis=1).astype(int)
    return out
