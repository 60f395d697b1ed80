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
FIGURE_COLUMNS = ("firms", "employees", "founded", "investment_usd_bn")
YEAR_COLUMNS = ("firms_year", "employees_year", "investment_year", "founded")
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
INTEGER_COLUMNS = (
    "firms",
    "employees",
    "firms_year",
    "employees_year",
    "investment_year",
    "founded",
)


def _schema() -> pa.DataFrameSchema:
    required = pa.Check(lambda s: s.str.len() > 0, error="a value (this column is required)")
    integer = pa.Check.str_matches(r"^$|^\d+$", error="a whole number without separators, or empty")
    year = pa.Check(
        lambda s: s.eq("") | pd.to_numeric(s, errors="coerce").between(1800, 2030),
        error="a year between 1800 and 2030, or empty",
    )
    columns = {c: pa.Column(str, required) for c in TEXT_COLUMNS}
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


CASE_FILTERS: tuple[FilterSpec, ...] = (
    ColumnFilter(
        "country",
        N_("Country"),
        N_("All countries"),
        column="country_code",
        label_columns={"en": "country", "fa": "country_fa"},
    ),
    ColumnFilter(
        "sector_group", N_("Sector"), N_("All sectors"), column="sector_group", file_key="sector"
    ),
    TypeFilter("type", N_("Type"), N_("All types"), column="type"),
)


class CaseFilter(Selection):
    """Countries (ISO alpha-2), sector groups and types to show; empty means all."""

    SPECS = CASE_FILTERS


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
            + (f" ({int(row['investment_year'])})" if pd.notna(row["investment_year"]) else "")
            if pd.notna(row["investment_usd_bn"])
            else "not given",
        ),
        ("Other figures", text(row["other_figures"]) or "none"),
        ("What made it work", text(row["success_factors"])),
        ("Printed ambiguously (kept as printed)", text(row["ambiguous_figures"]) or "none"),
        ("The paper's wording", text(row["name_in_paper"])),
        ("Corrections", text(row["corrections"]) or "none"),
        ("Marker", text(row["placement"])),
        ("Source", text(row["source"])),
    ]


@dataclass(frozen=True)
class Recommendation:
    """One of the paper's fifteen recommendations and the cases we read as illustrating it."""

    number: int
    text: str
    links: dict[str, str]  # case_id -> the paper's own words that support the link


# Section 9, verbatim. The links are this project's reading; each quotes or
# paraphrases the section 8 passage that supports it.
RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        1,
        "Establishing and developing the hardware and software infrastructures "
        "through state and overseas investments",
        {
            "hsinchu": "skills and infrastructures created with public investment in education "
            "and direct investment from the U.S. and Japan",
            "msc-malaysia": "the government's effective presence in providing infrastructures",
        },
    ),
    Recommendation(
        2,
        "Establishing knowledge park in order to attract overseas investment "
        "including financial, technical, and specialized investments",
        {
            "hsinchu": "the park's main purpose was to attract foreign capital for research-based "
            "institutions",
            "msc-malaysia": "an attractive environment of the corridor for foreign investors",
            "silicon-valley": "the Stanford Research Park commercialising the university's "
            "research",
        },
    ),
    Recommendation(
        3,
        "Proffering consultations and financial, administrative, managerial, "
        "technical, and technological services and also, tax breaks by government "
        "for industrial bunch investors",
        {
            "hsinchu": "20 percent lower taxes for venture-capital investment in strategic "
            "industries; ITRI's technical services to SMEs",
            "bangalore": "TECSOK's technical consultation and SISI's business and technical "
            "services for SMEs",
            "ireland-software": "Enterprise Ireland's consulting, marketing and financial support",
        },
    ),
    Recommendation(
        4,
        "Attracting overseas investments through offering tax motives etc., "
        "especially in connection with potential industrial clusters",
        {
            "ireland-software": "'industrialization by attracting foreign capital' with tax and "
            "investment incentives",
        },
    ),
    Recommendation(
        5,
        "Establishing and formulating regulations related to production "
        "standards, and guaranteeing high quality and constant observation of them",
        {
            "bangalore": "the Standards Institute of India providing ISO certification",
        },
    ),
    Recommendation(
        6,
        "Establishing channels through which customers can give their "
        "suggestions and ideas to engineers and designers",
        {
            "sinos-valley": "communication between producers and buyers, especially export agents",
        },
    ),
    Recommendation(
        7,
        "Building research and development laboratories, presenting the "
        "information related the production of commodities to the producers.",
        {
            "tiruppur": "AEPC and SITRA preparing laboratories for research, development and "
            "testing",
            "hsinchu": "ITRI's shared research projects",
        },
    ),
    Recommendation(
        8,
        "Cooperating in establishment of an advanced system of the providers of "
        "commodities and services required for industrial clusters",
        {
            "italy-footwear": "a very developed network of related companies producing components",
            "sinos-valley": "relationships with local suppliers of shoe machinery and services",
            "tiruppur": "component makers and service providers placed alongside the knitters",
        },
    ),
    Recommendation(
        9,
        "Organizing regional, national, and international commercial "
        "exhibitions, forming export consortium, reducing export taxes, offering "
        "marketing and advertising activities consultations",
        {
            "tiruppur": "AEPC paying for meetings between buyers and sellers; TEA's export "
            "promotion",
            "bangalore": "associations introducing members to foreign markets and encouraging "
            "consortia",
            "ireland-software": "tax cuts for exporters",
        },
    ),
    Recommendation(
        10,
        "Designing developmental strategies in order to connect the agencies to "
        "the international financial network to gain access to the big and growing "
        "demand of the produced commodities.",
        {
            "ireland-software": "a strategy connecting Irish firms to the global trade network, "
            "directly or through multinationals",
            "hsinchu": "venture-capital links between Taipei and Silicon Valley",
            "nordic-wireless": "access to a large and growing demand (the European wireless "
            "market of the 1990s)",
        },
    ),
    Recommendation(
        11,
        "Granting awards for establishing R&D units and underwriting any "
        "innovation and initiative in industrial clusters",
        {
            "ireland-software": "Enterprise Ireland's R&D awards",
            "upper-austria": "regional funding of joint innovation projects of at least three "
            "firms",
        },
    ),
    Recommendation(
        12,
        "Establishing credit institutions in order to cover the cost of "
        "financial needs of producers with lower interest and easier access",
        {
            "mexico-footwear": "credit unions of shoe makers giving easier, cheaper access to "
            "loans",
            "korea-electronics": "policies that increase commercial banks' lending to SMEs",
        },
    ),
    Recommendation(
        13,
        "Dispatching teams and individuals related to clusters to developed "
        "industrial clusters regions of the world to get the latest developments and "
        "innovations on the field of industrial clusters",
        {
            "hsinchu": "groups sent to Silicon Valley to learn venture-capital management",
            "mexico-footwear": "Guadalajara's links with the shoe companies of Brenta",
        },
    ),
    Recommendation(
        14,
        "Adopting and applying growth strategy based on promoting innovation and "
        "establishing the quality of the commodities",
        {
            "hsinchu": "from 1990 a growth strategy based on innovation and product quality",
            "italy-footwear": "superiority in design, shape and fashion against cheaper rivals",
        },
    ),
    Recommendation(
        15,
        "Following the strategy of decentralization of production phases "
        "through contract in order to reduce the costs, increase flexibility, and "
        "escalate the extent of specialization.",
        {
            "korea-electronics": "large firms leaving standard production to subcontractors",
            "italy-footwear": "the production cycle divided between firms specialised in stages",
            "tiruppur": "non-exporting producers working as contractors for exporters",
        },
    ),
)
