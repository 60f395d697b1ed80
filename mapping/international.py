"""The paper's international case studies (section 8) and its recommendations (section 9).

``data/international_clusters.csv`` has one row per *place*: a case study
that spans two places (the Pearl River and Yangtze deltas, Marche and Brenta,
León and Guadalajara, Finland and Sweden) has two rows sharing a
``case_id``, each with the figures the paper gives for that place. Figures
are kept with their years; a figure the paper prints ambiguously is quoted
in ``ambiguous_figures`` rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa

# Re-exported: the recommendations are read against these cases.
from mapping.recommendations import RECOMMENDATIONS as RECOMMENDATIONS
from mapping.recommendations import Recommendation as Recommendation
from mapping.registry import FIRST_DATA_ROW, RegistryError, ValidationIssue

INTERNATIONAL_PATH = Path(__file__).resolve().parent.parent / "data" / "international_clusters.csv"
COUNTRIES_PATH = Path(__file__).resolve().parent.parent / "data" / "world_countries.geojson"

TYPES = (
    "science and technology park or corridor",
    "traditional manufacturing district",
    "firm network",
)
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


@dataclass(frozen=True)
class CaseFilter:
    """Countries (ISO alpha-2), sector groups and types to show; empty means all."""

    countries: tuple[str, ...] = ()
    sector_groups: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


def apply_case_filter(cases: pd.DataFrame, f: CaseFilter) -> pd.DataFrame:
    """The rows of ``cases`` that ``f`` selects, in file order."""
    keep = pd.Series(True, index=cases.index)
    if f.countries:
        keep &= cases["country_code"].isin(f.countries)
    if f.sector_groups:
        keep &= cases["sector_group"].isin(f.sector_groups)
    if f.types:
        keep &= cases["type"].isin(f.types)
    return cases.loc[keep].copy()


def _with_year(value: object, year: object) -> str:
    if pd.isna(value):
        return ""
    text = f"{int(value):,}"
    return f"{text} ({int(year)})" if pd.notna(year) else f"{text} (year not given)"


def comparison_frame(cases: pd.DataFrame) -> pd.DataFrame:
    """Places side by side on the figures they share: firms and employees, with years."""
    has = cases["firms"].notna() | cases["employees"].notna()
    shown = cases.loc[has]
    return pd.DataFrame(
        {
            "Place": shown["case_name"],
            "Short": shown["short_name"],
            "Country": shown["country"],
            "Type": shown["type"],
            "Firms": shown["firms"],
            "Firms (year)": [
                _with_year(v, y) for v, y in zip(shown["firms"], shown["firms_year"], strict=True)
            ],
            "Employees": shown["employees"],
            "Employees (year)": [
                _with_year(v, y)
                for v, y in zip(shown["employees"], shown["employees_year"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def case_titles(cases: pd.DataFrame) -> pd.Series:
    """Each case study's title: its places' names joined when it has two."""
    return cases.groupby("case_id", sort=False)["case_name"].agg(" / ".join)


def case_profile(row: pd.Series) -> list[tuple[str, str]]:
    """Every fact of a place, labelled, in reading order (empty facts say so)."""

    def text(v: object) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)

    return [
        ("Case study", text(row["case_name"])),
        ("Place", f"{text(row['place'])}, {text(row['country'])}"),
        ("Type", text(row["type"])),
        ("Sector", text(row["sector"])),
        ("Founded", text(row["founded"]) or "not given"),
        ("Firms", _with_year(row["firms"], row["firms_year"]) or "not given"),
        ("Employees", _with_year(row["employees"], row["employees_year"]) or "not given"),
        (
            "Investment",
            f"{row['investment_usd_bn']:g} billion dollars"
            + (
                f" (by {int(row['investment_target_year'])})"
                if pd.notna(row["investment_target_year"])
                else ""
            )
            if pd.notna(row["investment_usd_bn"])
            else "not given",
        ),
        ("Other figures", text(row["other_figures"]) or "none"),
        ("What made it work", text(row["success_factors"])),
        ("Printed ambiguously (kept as printed)", text(row["ambiguous_figures"]) or "none"),
        ("The paper's wording", text(row["name_in_paper"])),
        ("Corrections", text(row["corrections"]) or "none"),
        ("Our notes", text(row["notes"]) or "none"),
        ("Marker", text(row["placement"])),
        ("Source", text(row["source"])),
    ]
