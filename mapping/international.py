"""The paper's international case studies (section 8) and its recommendations (section 9).

``data/international_clusters.csv`` has one row per *place*: a case study
that spans two places (the Pearl River and Yangtze deltas, Marche and Brenta,
León and Guadalajara, Finland and Sweden) has two rows sharing a
``case_id``, each with the figures the paper gives for that place. Figures
are kept with their years; a figure the paper prints ambiguously is quoted
in ``ambiguous_figures`` rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa

from mapping.filters import ColumnFilter, FilterSpec, Selection
from mapping.i18n import N_
from mapping.registry import FIRST_DATA_ROW, RegistryError, ValidationIssue

INTERNATIONAL_PATH = Path(__file__).resolve().parent.parent / "data" / "international_clusters.csv"
COUNTRIES_PATH = Path(__file__).resolve().parent.parent / "data" / "world_countries.geojson"

TYPES = (
    "science and technology park or corridor",
    "traditional manufacturing district",
    "firm network",
)
# Controlled vocabularies (our classification), translated by the catalogue.
TYPE_LABELS = {
    "science and technology park or corridor": N_("science and technology park or corridor"),
    "traditional manufacturing district": N_("traditional manufacturing district"),
    "firm network": N_("firm network"),
}
SECTOR_GROUP_LABELS = {
    "ICT and electronics": N_("ICT and electronics"),
    "footwear and leather": N_("footwear and leather"),
    "mixed high technology": N_("mixed high technology"),
    "mixed manufacturing": N_("mixed manufacturing"),
    "textile and clothing": N_("textile and clothing"),
}
FIGURE_COLUMNS = ("firms", "employees", "founded", "investment_usd_bn")
YEAR_COLUMNS = ("firms_year", "employees_year", "investment_target_year", "founded")
TEXT_COLUMNS = (
    "place_id",
    "case_id",
    "case_name",
    "place",
    "country",
    "country_code",
    "sector",
    "sector_group",
    "type",
    "placement",
    "source",
)
# Our Persian names (see data/README.md); every place has them.
PERSIAN_COLUMNS = ("case_name_fa", "short_name_fa", "place_fa", "country_fa", "sector_fa")
INTEGER_COLUMNS = (
    "firms",
    "employees",
    "firms_year",
    "employees_year",
    "investment_target_year",
    "founded",
)


def _schema() -> pa.DataFrameSchema:
    required = pa.Check(lambda s: s.str.len() > 0, error="a value (this column is required)")
    integer = pa.Check.str_matches(r"^$|^\d+$", error="a whole number without separators, or empty")
    year = pa.Check(
        lambda s: s.eq("") | pd.to_numeric(s, errors="coerce").between(1800, 2030),
        error="a year between 1800 and 2030, or empty",
    )
    columns = {c: pa.Column(str, required) for c in (*TEXT_COLUMNS, *PERSIAN_COLUMNS)}
    columns["place_id"] = pa.Column(
        str,
        [required, pa.Check.str_matches(r"^[a-z0-9-]+$", error="an id of a-z, 0-9, -")],
        unique=True,
    )
    columns["country_code"] = pa.Column(
        str, pa.Check.str_matches(r"^[A-Z]{2}$", error="an ISO alpha-2 code")
    )
    columns["type"] = pa.Column(str, pa.Check.isin(TYPES, error=f"one of {', '.join(TYPES)}"))
    columns["latitude"] = pa.Column(float, pa.Check.in_range(-90, 90), coerce=True)
    columns["longitude"] = pa.Column(float, pa.Check.in_range(-180, 180), coerce=True)
    for c in ("firms", "employees"):
        columns[c] = pa.Column(str, integer)
    for c in YEAR_COLUMNS:
        columns[c] = pa.Column(str, year)
    columns["investment_usd_bn"] = pa.Column(
        str, pa.Check.str_matches(r"^$|^\d+(\.\d+)?$", error="a number of billions, or empty")
    )
    return pa.DataFrameSchema(columns, strict=False)


def load_international(path: Path = INTERNATIONAL_PATH) -> pd.DataFrame:
    """Read and check the case-study file.

    Returns
    -------
    pandas.DataFrame
        One row per place; ``latitude``/``longitude`` as floats, figure and
        year columns as nullable integers (``investment_usd_bn`` as float),
        text columns as strings.

    Raises
    ------
    RegistryError
        Naming the row, column and value of every problem.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    try:
        checked = _schema().validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        issues = [
            ValidationIssue(
                int(c["index"]) + FIRST_DATA_ROW,
                str(c["column"]),
                str(c["failure_case"]),
                f"expected {c['check']}",
            )
            for _, c in exc.failure_cases.iterrows()
            if pd.notna(c["index"])
        ]
        lines = "\n".join(f"  {i}" for i in issues) or f"  {exc}"
        raise RegistryError(f"{path}: {len(issues)} problem(s):\n{lines}", issues) from exc
    out = checked.copy()
    for column in INTEGER_COLUMNS:
        out[column] = pd.to_numeric(out[column].replace("", None)).astype("Int64")
    out["investment_usd_bn"] = pd.to_numeric(out["investment_usd_bn"].replace("", None))
    return out


def load_countries(path: Path = COUNTRIES_PATH) -> gpd.GeoDataFrame:
    """World country outlines with ``iso_a2`` and ``name``."""
    return gpd.read_file(path)


class TypeFilter(ColumnFilter):
    """Case-study types in the order of :data:`TYPES`."""

    def options(self, cases: pd.DataFrame) -> list[str]:
        return list(TYPES)

    def ordered_options(self, cases: pd.DataFrame, lang: str) -> list[str]:
        return list(TYPES)


CASE_FILTERS: tuple[FilterSpec, ...] = (
    ColumnFilter(
        "country",
        N_("Country"),
        N_("All countries"),
        column="country_code",
        label_columns={"en": "country", "fa": "country_fa"},
    ),
    ColumnFilter(
        "sector_group",
        N_("Sector"),
        N_("All sectors"),
        column="sector_group",
        file_key="sector",
        vocabulary=SECTOR_GROUP_LABELS,
    ),
    TypeFilter("type", N_("Type"), N_("All types"), column="type", vocabulary=TYPE_LABELS),
)


class CaseFilter(Selection):
    """Countries (ISO alpha-2), sector groups and types to show; empty means all."""

    SPECS = CASE_FILTERS
