"""The international case studies as a reader sees them: profiles, titles, a comparison.

Labels come from the catalogue, names and places in the reader's language
(the ``_fa`` columns), figures with the reader's digits. The long texts of a
profile (what made a cluster work, other figures, corrections) are this
project's English summary of the paper and stay in English; they are marked
as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mapping.i18n import N_, Message, digits, format_number, gettext
from mapping.international import SECTOR_GROUP_LABELS, TYPE_LABELS
from mapping.localise import localised, localised_value

# The comparison table's columns: key -> header (translated where shown).
COMPARISON_HEADERS = {
    "place": N_("Place"),
    "short": N_("Short name"),
    "country": N_("Country"),
    "type": N_("Type"),
    "firms_text": N_("Firms (year)"),
    "employees_text": N_("Employees (year)"),
}


@dataclass(frozen=True)
class CaseField:
    """One line of a place's profile; ``lang`` is the language its value is written in."""

    label: str
    value: str
    lang: str


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def with_year(value: object, year: object, lang: str = "en") -> str:
    """A figure and the year it refers to: ``284 (1999)``, or "(year not given)"."""
    if pd.isna(value):
        return ""
    if pd.isna(year):
        return Message("{value} (year not given)", value=int(value)).render(lang)
    year_text = digits(str(int(year)), lang)
    return Message("{value} ({year})", value=int(value), year=year_text).render(lang)


def label_of(value: str, vocabulary: dict[str, str], lang: str) -> str:
    """A controlled value (a type, a sector group) in ``lang``."""
    return gettext(vocabulary[value], lang) if value in vocabulary else value


def case_titles(cases: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Each case study's title: its places' names joined when it has two."""
    names = localised(cases, "case_name", lang)
    return names.groupby(cases["case_id"], sort=False).agg(" / ".join)


def comparison_frame(cases: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Places side by side on the figures they share: firms and employees, with years.

    Columns are the keys of :data:`COMPARISON_HEADERS` plus the numbers
    ``firms`` and ``employees`` (for charts).
    """
    shown = cases.loc[cases["firms"].notna() | cases["employees"].notna()]
    return pd.DataFrame(
        {
            "place": localised(shown, "case_name", lang),
            "short": localised(shown, "short_name", lang),
            "country": localised(shown, "country", lang),
            "type": [label_of(t, TYPE_LABELS, lang) for t in shown["type"]],
            "firms": shown["firms"],
            "firms_year": shown["firms_year"],
            "firms_text": [
                with_year(v, y, lang)
                for v, y in zip(shown["firms"], shown["firms_year"], strict=True)
            ],
            "employees": shown["employees"],
            "employees_year": shown["employees_year"],
            "employees_text": [
                with_year(v, y, lang)
                for v, y in zip(shown["employees"], shown["employees_year"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def _investment(row: pd.Series, lang: str) -> str:
    if pd.isna(row["investment_usd_bn"]):
        return gettext("not given", lang)
    amount = Message("{n} billion dollars", n=float(row["investment_usd_bn"])).render(lang)
    year = row["investment_target_year"]
    if pd.notna(year):
        amount += " " + Message("(by {year})", year=digits(str(int(year)), lang)).render(lang)
    return amount


def case_profile(row: pd.Series, lang: str = "en") -> list[CaseField]:
    """Every fact of a place, labelled, in reading order (empty facts say so)."""
    not_given, none = gettext("not given", lang), gettext("none", lang)
    comma = gettext(", ", lang)
    place = localised_value(row, "place", lang) + comma + localised_value(row, "country", lang)
    founded = _text(row["founded"])
    local = [
        (N_("Case study"), localised_value(row, "case_name", lang)),
        (N_("Place"), place),
        (N_("Type"), label_of(row["type"], TYPE_LABELS, lang)),
        (N_("Sector"), localised_value(row, "sector", lang)),
        (N_("Sector group"), label_of(row["sector_group"], SECTOR_GROUP_LABELS, lang)),
        (N_("Founded"), format_number(int(founded), lang) if founded else not_given),
        (N_("Firms"), with_year(row["firms"], row["firms_year"], lang) or not_given),
        (N_("Employees"), with_year(row["employees"], row["employees_year"], lang) or not_given),
        (N_("Investment"), _investment(row, lang)),
    ]
    english = [
        (N_("Other figures"), _text(row["other_figures"]) or none),
        (N_("What made it work"), _text(row["success_factors"])),
        (N_("Printed ambiguously (kept as printed)"), _text(row["ambiguous_figures"]) or none),
        (N_("The paper's wording"), _text(row["name_in_paper"])),
        (N_("Corrections"), _text(row["corrections"]) or none),
        (N_("Our notes"), _text(row["notes"]) or none),
        (N_("Marker"), _text(row["placement"])),
        (N_("Source"), _text(row["source"])),
    ]
    return [CaseField(gettext(label, lang), value, lang) for label, value in local] + [
        CaseField(gettext(label, lang), value, "en" if value not in (none,) else lang)
        for label, value in english
    ]
