"""Load and validate the cluster registry (``data/clusters.csv``).

A registry row is one industrial cluster. Raw files are read as text and
checked at the door: a pandera schema checks each column on its own, then
the checks that need more than one column or the province geometry (province
names, coordinate pairs, point in province, duplicate ids) run here. Every
problem becomes a :class:`ValidationIssue` naming the row, column, value and
what was expected; no row is dropped without one.

Row numbers are the ones the user sees: the header is row 1, as in a
spreadsheet, and a blank line still counts, so a raw table is indexed by row
number (see :func:`prepare_columns`). Problems are translatable Messages; a
kind of problem shared by many rows is one Message object, so a file with
200,000 bad rows costs one issue object per problem and little more.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pandera.pandas as pa

from mapping.columns import ascii_digits_column, canonical_column, flag_column
from mapping.fields import (
    FIELD_COLUMNS,
    FIELD_EXPECTED,
    NUMERIC_FIELD_COLUMNS,
    field_checks,
    field_issues,
    typed_fields,
)
from mapping.i18n import Message, nmessage
from mapping.issues import (  # noqa: F401 - re-exported: the registry's public names
    JoinedMessages,
    RegistryError,
    RowNumber,
    ValidationIssue,
    ValidationResult,
    issues_frame,
    rejected_rows_frame,
)
from mapping.programmes import resolve_programme
from mapping.provinces import PROVINCES_BY_CODE
from mapping.registry_checks import (  # noqa: F401 - limits re-exported for callers
    LAT_RANGE,
    LON_RANGE,
    MAX_SUGGESTED_NAMES,
    PROVINCE_TOLERANCE_DEG,
    coordinate_issues,
    duplicate_issues,
    province_issues,
    too_many_issues,
)

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
    *FIELD_COLUMNS,
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
    *FIELD_COLUMNS,
]


FIRST_DATA_ROW = 2  # the header is row 1


# What each column check expects. The key is the check's name in pandera's
# report; the Message is what the reader sees after "expected".
EXPECTED = {
    "required": Message("a value (this column is required)"),
    "cluster_id": Message("an id of lower-case letters, digits and hyphens"),
    "flag": Message("yes or no (or empty)"),
    "isic_code": Message("an ISIC Rev.4 code of 2 to 4 digits"),
    "latitude": Message(
        "a latitude in Iran, {low} to {high} degrees north", low=LAT_RANGE[0], high=LAT_RANGE[1]
    ),
    "longitude": Message(
        "a longitude in Iran, {low} to {high} degrees east", low=LON_RANGE[0], high=LON_RANGE[1]
    ),
    **FIELD_EXPECTED,
}
# One shared problem per check, however many rows fail it.
CHECK_PROBLEMS = {key: Message("expected {what}", what=what) for key, what in EXPECTED.items()}


def _blank_or_number_in(low: float, high: float) -> Callable[[pd.Series], pd.Series]:
    def check(series: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(series, errors="coerce")
        return series.eq("") | numbers.between(low, high)

    return check


def _registry_schema() -> pa.DataFrameSchema:
    """Column-by-column rules; cross-column rules live in :func:`validate_registry`."""
    not_blank = pa.Check(lambda s: s.str.len() > 0, error="required")
    return pa.DataFrameSchema(
        {
            "cluster_id": pa.Column(
                str,
                [
                    not_blank,
                    pa.Check.str_matches(r"^$|^[a-z0-9][a-z0-9-]*$", error="cluster_id"),
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
                pa.Check(lambda s: flag_column(s).notna(), error="flag"),
            ),
            "isic_code": pa.Column(str, pa.Check.str_matches(r"^$|^\d{2,4}$", error="isic_code")),
            "latitude": pa.Column(str, pa.Check(_blank_or_number_in(*LAT_RANGE), error="latitude")),
            "longitude": pa.Column(
                str, pa.Check(_blank_or_number_in(*LON_RANGE), error="longitude")
            ),
            **field_checks(),
        },
        strict=False,
    )


def read_registry_csv(path: Path) -> pd.DataFrame:
    """Read a registry CSV as text, every cell a stripped string.

    The frame is indexed by row number; blank lines are skipped but counted,
    so row numbers stay the file's line numbers.

    Raises
    ------
    RegistryError
        If the file is missing, unreadable or lacks a required column.
    """
    try:
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False
        )
    except FileNotFoundError as exc:
        raise RegistryError(Message("file not found"), source=str(path)) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise RegistryError(
            Message("not a readable UTF-8 CSV file ({reason})", reason=str(exc)), source=str(path)
        ) from exc
    rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + len(raw))
    filled = raw.fillna("").ne("").any(axis=1).to_numpy()
    return prepare_columns(raw.loc[filled], str(path), rows=rows[filled])


NUMERIC_COLUMNS = ("latitude", "longitude", "isic_code", *NUMERIC_FIELD_COLUMNS)


def prepare_columns(
    raw: pd.DataFrame, source_name: str, rows: np.ndarray | list[int] | None = None
) -> pd.DataFrame:
    """Strip cells, add missing optional columns, reject missing required ones.

    Numeric columns get ASCII digits; columns the registry does not know are
    kept (and ignored by validation).

    Parameters
    ----------
    raw : pandas.DataFrame
        Text cells, one row per registry row.
    source_name : str
        Named in error messages.
    rows : sequence of int, optional
        The row number the user sees for each row of ``raw`` (a CSV line or
        a sheet row). Default: the header is row 1 and rows follow it.

    Returns
    -------
    pandas.DataFrame
        Indexed by row number.

    Raises
    ------
    RegistryError
        If a registry column is named twice or a required one is missing.
    """
    raw = raw.rename(columns=canonical_column)
    doubled = sorted({c for c in raw.columns[raw.columns.duplicated()] if c in REGISTRY_COLUMNS})
    if doubled:
        raise RegistryError(
            Message(
                "the header names {columns} more than once; keep one column of each name",
                columns=", ".join(doubled),
            ),
            source=source_name,
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
            Message(
                "missing required column(s) {missing}; the header must name {required}",
                missing=", ".join(missing),
                required=", ".join(REQUIRED_COLUMNS),
            ),
            source=source_name,
        )
    raw = raw.fillna("").astype(str)
    raw = raw.apply(lambda s: s.str.strip())
    added = [column for column in OPTIONAL_COLUMNS if column not in raw.columns]
    for column in added:
        raw[column] = ""
    # The rejected-rows download gives back the columns the file had, not these.
    raw.attrs["added_columns"] = added
    for column in NUMERIC_COLUMNS:
        raw[column] = ascii_digits_column(raw[column])
    if rows is None:
        rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + len(raw))
    raw.index = pd.Index(np.asarray(rows, dtype=np.int64), name="row")
    return raw


def _schema_failures(raw: pd.DataFrame) -> pd.DataFrame:
    """Pandera's failure cases that concern a row: index (row), column, failure_case, check."""
    try:
        _registry_schema().validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return cases.loc[cases["index"].notna(), ["index", "column", "failure_case", "check"]]
    return pd.DataFrame(columns=["index", "column", "failure_case", "check"])


def _schema_issues(cases: pd.DataFrame) -> list[ValidationIssue]:
    problems = {
        check: CHECK_PROBLEMS.get(check) or Message("expected {what}", what=str(check))
        for check in cases["check"].unique()
    }
    return [
        ValidationIssue(int(row), str(column), str(value), problems[check])
        for row, column, value, check in zip(
            cases["index"].to_numpy(),
            cases["column"].to_numpy(),
            cases["failure_case"].to_numpy(),
            cases["check"].to_numpy(),
            strict=True,
        )
    ]


def _typed(raw: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """Turn validated text into typed columns plus derived province fields."""
    out = raw[REGISTRY_COLUMNS].copy()
    out["latitude"] = pd.to_numeric(out["latitude"], errors="coerce")
    out["longitude"] = pd.to_numeric(out["longitude"], errors="coerce")
    out["programme"] = out["programme"].map(resolve_programme)
    out["in_national_mapping"] = flag_column(out["in_national_mapping"]).eq("yes")
    out["province_code"] = codes.astype(str)
    out["province"] = out["province_code"].map({c: p.name_en for c, p in PROVINCES_BY_CODE.items()})
    out["province_fa"] = out["province_code"].map(
        {c: p.name_fa for c, p in PROVINCES_BY_CODE.items()}
    )
    out["placement"] = out["latitude"].notna().map({True: "locality", False: "province"})
    return typed_fields(out)


def validate_registry(
    raw: pd.DataFrame,
    provinces: gpd.GeoDataFrame | None = None,
    source_name: str = "registry",
    extra_issues: list[ValidationIssue] | None = None,
    max_issues: int | None = None,
) -> ValidationResult:
    """Check a raw registry table and split it into valid rows and issues.

    Parameters
    ----------
    raw : pandas.DataFrame
        Text cells as returned by :func:`read_registry_csv` or
        :func:`prepare_columns`, indexed by row number.
    provinces : geopandas.GeoDataFrame, optional
        Province outlines; when given, coordinates must fall inside the row's
        province (on or inside its outline).
    source_name : str
        Named in the summary and in error messages.
    extra_issues : list of ValidationIssue, optional
        Problems found before validation (while reading the file); their rows
        are rejected too.
    max_issues : int, optional
        Refuse the file, before listing them, when it has more problems than
        this (a page cannot show millions of them).

    Returns
    -------
    ValidationResult
        Valid rows, typed, and one issue per problem found.

    Raises
    ------
    RegistryError
        Only when ``max_issues`` is exceeded; the message says where most
        problems are.
    """
    cases = _schema_failures(raw)
    issues = duplicate_issues(raw)
    codes, unknown = province_issues(raw)
    issues += unknown
    issues += coordinate_issues(raw, codes, provinces)
    issues += field_issues(raw)
    issues += extra_issues or []
    if max_issues is not None and len(cases) + len(issues) > max_issues:
        per_column = cases["column"].astype(str).value_counts().to_dict()
        for issue in issues:
            per_column[issue.column] = per_column.get(issue.column, 0) + 1
        raise RegistryError(
            too_many_issues(len(cases) + len(issues), max_issues, per_column), source=source_name
        )
    issues += _schema_issues(cases)
    issues.sort(key=lambda i: (i.row, i.column))
    bad = raw.index.isin({i.row for i in issues})
    valid = _typed(raw.loc[~bad], codes.loc[~bad]).reset_index(drop=True)
    return ValidationResult(
        source_name=source_name, n_read=len(raw), valid=valid, issues=issues, raw=raw
    )


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
        problem = nmessage(
            "{n} problem:\n  {issues}",
            "{n} problems:\n  {issues}",
            n=len(result.issues),
            issues=JoinedMessages(result.issues, separator="\n  "),
        )
        raise RegistryError(problem, result.issues, source=str(path))
    return result.valid
