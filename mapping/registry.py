"""Load and validate the cluster registry (``data/clusters.csv``).

A registry row is one industrial cluster. Raw files are read as text and
checked at the door: a pandera schema checks each column on its own, then
the checks that need more than one column or the province geometry (province
names, coordinate pairs, point in province, duplicate ids) run here. Every
problem becomes a :class:`ValidationIssue` naming the row, column, value and
what was expected; no row is dropped without one.

Row numbers count the header as row 1, as a spreadsheet does, so "row 3" is
the second cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa
import shapely

from mapping.programmes import resolve_programme
from mapping.provinces import PROVINCES_BY_CODE, UnknownProvinceError, resolve_province

REGISTRY_PATH = Path(__file__).resolve().parent.parent / "data" / "clusters.csv"

REQUIRED_COLUMNS = ["cluster_id", "name_en", "sector", "province", "programme"]
OPTIONAL_COLUMNS = [
    "name_fa",
    "name_in_paper",
    "sector_fa",
    "isic_code",
    "isic_title",
    "locality_en",
    "locality_fa",
    "latitude",
    "longitude",
    "location_source",
    "programme_status",
    "in_national_mapping",
    "source",
    "notes",
]
REGISTRY_COLUMNS = [
    "cluster_id",
    "name_en",
    "name_fa",
    "name_in_paper",
    "sector",
    "sector_fa",
    "isic_code",
    "isic_title",
    "locality_en",
    "locality_fa",
    "province",
    "latitude",
    "longitude",
    "location_source",
    "programme",
    "programme_status",
    "in_national_mapping",
    "source",
    "notes",
]

YES_VALUES = {"yes", "true", "1", "y"}
NO_VALUES = {"no", "false", "0", "n"}

# Iran's extent with a margin, for the cheap first coordinate check.
LAT_RANGE = (24.0, 40.5)
LON_RANGE = (43.5, 64.0)
# Margin (degrees) for a point outside its province's outline. None is needed:
# the OSM outlines keep every GeoNames town at least 1 km inside its province
# and take in the territorial waters, so a coastal town is never on the edge.
PROVINCE_TOLERANCE_DEG = 0.0
FIRST_DATA_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in one cell of a registry file."""

    row: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}, value {self.value!r}: {self.problem}"


@dataclass
class ValidationResult:
    """The outcome of validating a registry table.

    ``valid`` holds the clean, typed rows; ``issues`` every problem found;
    ``rejected_rows`` the row numbers with at least one issue. Every row read
    is either valid or rejected.
    """

    source_name: str
    n_read: int
    valid: pd.DataFrame
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw: pd.DataFrame | None = None  # the text cells as read, for the rejected-rows file

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({i.row for i in self.issues})

    def summary(self) -> str:
        return (
            f"{self.source_name}: {self.n_read} rows read, {len(self.valid)} valid, "
            f"{len(self.rejected_rows)} rejected"
        )


class RegistryError(ValueError):
    """A registry file that cannot be used; the message says why and where."""

    def __init__(self, message: str, issues: list[ValidationIssue] | None = None) -> None:
        self.issues = issues or []
        super().__init__(message)


def _blank_or_number_in(low: float, high: float):
    def check(series: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(series, errors="coerce")
        return series.eq("") | numbers.between(low, high)

    return check


def _registry_schema() -> pa.DataFrameSchema:
    """Column-by-column rules; cross-column rules live in :func:`validate_registry`."""
    not_blank = pa.Check(lambda s: s.str.len() > 0, error="a value (this column is required)")
    flags = sorted(YES_VALUES | NO_VALUES)
    return pa.DataFrameSchema(
        {
            "cluster_id": pa.Column(
                str,
                [
                    not_blank,
                    pa.Check.str_matches(
                        r"^$|^[a-z0-9][a-z0-9-]*$",
                        error="an id of lower-case letters, digits and hyphens",
                    ),
                ],
            ),
            "name_en": pa.Column(str, not_blank),
            "sector": pa.Column(str, not_blank),
            "province": pa.Column(str, not_blank),
            # Any programme is accepted (see mapping.programmes): a known one in
            # any of its spellings, or another partner's name as written.
            "programme": pa.Column(str, not_blank),
            "in_national_mapping": pa.Column(
                str,
                pa.Check(
                    lambda s: s.str.lower().isin([*flags, ""]),
                    error="yes or no (or empty)",
                ),
            ),
            "isic_code": pa.Column(
                str,
                pa.Check.str_matches(r"^$|^\d{2,4}$", error="an ISIC Rev.4 code of 2 to 4 digits"),
            ),
            "latitude": pa.Column(
                str,
                pa.Check(
                    _blank_or_number_in(*LAT_RANGE),
                    error=f"a latitude in Iran, {LAT_RANGE[0]} to {LAT_RANGE[1]} degrees north",
                ),
            ),
            "longitude": pa.Column(
                str,
                pa.Check(
                    _blank_or_number_in(*LON_RANGE),
                    error=f"a longitude in Iran, {LON_RANGE[0]} to {LON_RANGE[1]} degrees east",
                ),
            ),
        },
        strict=False,
    )


def read_registry_csv(path: Path) -> pd.DataFrame:
    """Read a registry CSV as text, every cell a stripped string.

    Raises
    ------
    RegistryError
        If the file is missing, unreadable or lacks a required column.
    """
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: file not found") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: not a readable UTF-8 CSV file ({exc})") from exc
    return prepare_columns(raw, str(path))


# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits and separators, as
# Persian keyboards and Excel exports write numbers.
_DIGITS = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": "",  # Arabic thousands separator
        "\u2212": "-",  # minus sign
    }
)
NUMERIC_COLUMNS = ("latitude", "longitude", "isic_code")


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits (and the Arabic decimal point) as ASCII."""
    return text.translate(_DIGITS)


def prepare_columns(raw: pd.DataFrame, source_name: str) -> pd.DataFrame:
    """Strip cells, add missing optional columns, reject missing required ones.

    Numeric columns get ASCII digits; columns the registry does not know are
    kept (and ignored by validation).
    """
    raw = raw.rename(columns=lambda c: str(c).strip().lstrip("\ufeff"))
    doubled = sorted({c for c in raw.columns[raw.columns.duplicated()] if c in REGISTRY_COLUMNS})
    if doubled:
        raise RegistryError(
            f"{source_name}: the header names {', '.join(doubled)} more than once; "
            "keep one column of each name"
        )
    if raw.columns.duplicated().any():
        seen: dict[str, int] = {}
        names = []
        for c in raw.columns:
            seen[c] = seen.get(c, 0) + 1
            names.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
        raw.columns = names
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        raise RegistryError(
            f"{source_name}: missing required column(s) {', '.join(missing)}; "
            f"the header must name {', '.join(REQUIRED_COLUMNS)}"
        )
    raw = raw.fillna("").astype(str)
    raw = raw.apply(lambda s: s.str.strip())
    for column in OPTIONAL_COLUMNS:
        if column not in raw.columns:
            raw[column] = ""
    for column in NUMERIC_COLUMNS:
        raw[column] = raw[column].map(ascii_digits)
    return raw.reset_index(drop=True)


def _schema_issues(raw: pd.DataFrame) -> list[ValidationIssue]:
    try:
        _registry_schema().validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return [
            ValidationIssue(
                row=int(case["index"]) + FIRST_DATA_ROW,
                column=str(case["column"]),
                value=str(case["failure_case"]),
                problem=f"expected {case['check']}",
            )
            for _, case in cases.iterrows()
            if pd.notna(case["index"])
        ]
    return []


def _duplicate_issues(raw: pd.DataFrame) -> list[ValidationIssue]:
    issues = []
    first_row: dict[str, int] = {}
    for index, cluster_id in raw["cluster_id"].items():
        if not cluster_id:
            continue
        row = int(index) + FIRST_DATA_ROW
        if cluster_id in first_row:
            issues.append(
                ValidationIssue(
                    row,
                    "cluster_id",
                    cluster_id,
                    f"duplicate id: already used on row {first_row[cluster_id]}",
                )
            )
        else:
            first_row[cluster_id] = row
    return issues


def _province_issues(raw: pd.DataFrame) -> tuple[pd.Series, list[ValidationIssue]]:
    codes = pd.Series("", index=raw.index, dtype=object)
    issues = []
    for index, name in raw["province"].items():
        if not name:
            continue  # already reported as missing
        try:
            codes[index] = resolve_province(name)
        except UnknownProvinceError as exc:
            issues.append(ValidationIssue(int(index) + FIRST_DATA_ROW, "province", name, str(exc)))
    return codes, issues


def _coordinate_issues(
    raw: pd.DataFrame, codes: pd.Series, provinces: gpd.GeoDataFrame | None
) -> list[ValidationIssue]:
    issues = []
    lat = pd.to_numeric(raw["latitude"], errors="coerce")
    lon = pd.to_numeric(raw["longitude"], errors="coerce")
    has_lat, has_lon = raw["latitude"].ne(""), raw["longitude"].ne("")
    for index in raw.index[has_lat ^ has_lon]:
        column = "longitude" if has_lat[index] else "latitude"
        issues.append(
            ValidationIssue(
                int(index) + FIRST_DATA_ROW,
                column,
                "",
                "expected a value: latitude and longitude come together, or both stay empty",
            )
        )
    if provinces is None:
        return issues
    in_range = lat.between(*LAT_RANGE) & lon.between(*LON_RANGE) & codes.ne("")
    if not in_range.any():
        return issues
    shapes = provinces.set_index("iso_code").geometry
    points = shapely.points(lon[in_range].to_numpy(), lat[in_range].to_numpy())
    outlines = shapes.reindex(codes[in_range]).to_numpy()
    inside = shapely.dwithin(outlines, points, PROVINCE_TOLERANCE_DEG)
    for index, ok in zip(raw.index[in_range], inside, strict=True):
        if ok:
            continue
        province = PROVINCES_BY_CODE[codes[index]].name_en
        where = provinces.geometry.intersects(shapely.Point(lon[index], lat[index]))
        actual = provinces.loc[where, "name_en"].tolist()
        found = f"; the point lies in {actual[0]}" if actual else "; the point lies outside Iran"
        issues.append(
            ValidationIssue(
                int(index) + FIRST_DATA_ROW,
                "latitude/longitude",
                f"{raw.at[index, 'latitude']}, {raw.at[index, 'longitude']}",
                f"expected a point in {province}, the row's province{found}",
            )
        )
    return issues


def _typed(raw: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """Turn validated text into typed columns plus derived province fields."""
    out = raw[REGISTRY_COLUMNS].copy()
    out["latitude"] = pd.to_numeric(out["latitude"], errors="coerce")
    out["longitude"] = pd.to_numeric(out["longitude"], errors="coerce")
    out["programme"] = out["programme"].map(resolve_programme)
    out["in_national_mapping"] = out["in_national_mapping"].str.lower().isin(YES_VALUES)
    out["province_code"] = codes.astype(str)
    out["province"] = [PROVINCES_BY_CODE[c].name_en for c in out["province_code"]]
    out["province_fa"] = [PROVINCES_BY_CODE[c].name_fa for c in out["province_code"]]
    out["placement"] = out["latitude"].notna().map({True: "locality", False: "province"})
    return out


def validate_registry(
    raw: pd.DataFrame,
    provinces: gpd.GeoDataFrame | None = None,
    source_name: str = "registry",
    extra_issues: list[ValidationIssue] | None = None,
) -> ValidationResult:
    """Check a raw registry table and split it into valid rows and issues.

    Parameters
    ----------
    raw : pandas.DataFrame
        Text cells as returned by :func:`read_registry_csv` or
        :func:`prepare_columns`.
    provinces : geopandas.GeoDataFrame, optional
        Province outlines; when given, coordinates must fall inside the row's
        province (on or inside its outline).
    source_name : str
        Named in the summary and in error messages.
    extra_issues : list of ValidationIssue, optional
        Problems found before validation (while reading the file); their rows
        are rejected too.

    Returns
    -------
    ValidationResult
        Valid rows, typed, and one issue per problem found.
    """
    issues = _schema_issues(raw) + _duplicate_issues(raw)
    codes, province_issues = _province_issues(raw)
    issues += province_issues
    issues += _coordinate_issues(raw, codes, provinces)
    issues += extra_issues or []
    issues.sort(key=lambda i: (i.row, i.column))
    bad = {i.row - FIRST_DATA_ROW for i in issues}
    good = raw.index[~raw.index.isin(bad)]
    valid = _typed(raw.loc[good], codes.loc[good]).reset_index(drop=True)
    return ValidationResult(
        source_name=source_name, n_read=len(raw), valid=valid, issues=issues, raw=raw
    )


def rejected_rows_frame(result: ValidationResult) -> pd.DataFrame:
    """The rejected rows as read, with their row number and every problem.

    Meant to be downloaded, fixed and uploaded again: the original columns
    (extra ones included) follow ``row`` and ``problems``.
    """
    if result.raw is None or not result.issues:
        return pd.DataFrame(columns=["row", "problems"])
    problems: dict[int, list[str]] = {}
    for issue in result.issues:
        problems.setdefault(issue.row, []).append(
            f"{issue.column} = {issue.value!r}: {issue.problem}"
        )
    rows = sorted(problems)
    out = result.raw.iloc[[r - FIRST_DATA_ROW for r in rows]].copy()
    out.insert(0, "problems", [" | ".join(problems[r]) for r in rows])
    out.insert(0, "row", rows)
    return out.reset_index(drop=True)


def load_registry(
    path: Path = REGISTRY_PATH, provinces: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """Read a registry file that must be entirely valid (the bundled one).

    Raises
    ------
    RegistryError
        Listing every issue with its row, column and value.
    """
    result = validate_registry(read_registry_csv(path), provinces, source_name=str(path))
    if result.issues:
        lines = "\n".join(f"  {issue}" for issue in result.issues)
        raise RegistryError(f"{path}: {len(result.issues)} problem(s):\n{lines}", result.issues)
    return result.valid
