"""Specialisation: location quotients from a reader's table of employment.

The reader uploads employment by province and ISIC division (for example
from the Statistical Centre of Iran's survey of manufacturing establishments
with 10 or more workers). The location quotient of province p in division d,
as the U.S. Cluster Mapping Project measures specialisation, is::

    LQ = (E[p, d] / E[p]) / (E[d] / E)

the division's share of the province's employment over its share of the
nation's (the table's totals). Above 1 the province is more specialised in
the division than the country. The table is read by the registry's own
readers (CSV in any of its encodings and separators, or .xlsx) and checked
the same way: every problem names its row, column and value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mapping.columns import ascii_digits
from mapping.i18n import Message
from mapping.issues import RowNumber, ValidationIssue
from mapping.provinces import fold_persian
from mapping.reference import isic_divisions
from mapping.registry_checks import province_issues
from mapping.upload import parse_upload
from mapping.upload_csv import HeaderSpec, expecting_header

DIVISION = "isic_division"
EMPLOYMENT_COLUMNS = ("province", DIVISION, "employment")
# Persian headers of the employment table.
EMPLOYMENT_HEADERS: dict[str, tuple[str, ...]] = {
    "province": ("استان",),
    "isic_division": ("قسمت آیسیک", "کد قسمت آیسیک", "قسمت ISIC", "آیسیک"),
    "employment": ("اشتغال", "شاغلان", "شمار شاغلان"),
}
EMPLOYMENT_FORMULA = "LQ = (E[p, d] / E[p]) / (E[d] / E)"
DIVISION_PROBLEM = Message("expected an ISIC Rev.4 division: two digits, 01 to 99, as in the list")
EMPLOYMENT_PROBLEM = Message("expected a number of people employed, 0 or more")
REQUIRED_PROBLEM = Message("expected a value (this column is required)")


def _key(text: str) -> str:
    return " ".join(fold_persian(str(text)).strip().lstrip("\ufeff").casefold().split())


_HEADER_INDEX = {
    _key(alias): column
    for column, aliases in EMPLOYMENT_HEADERS.items()
    for alias in (column, *aliases)
}


def employment_column(name: str) -> str:
    """The employment table's name for a header (English or Persian), or the header as written."""
    cleaned = str(name).strip().lstrip("\ufeff")
    return _HEADER_INDEX.get(_key(cleaned), cleaned)


EMPLOYMENT_HEADER = HeaderSpec(EMPLOYMENT_COLUMNS, employment_column)


@dataclass
class EmploymentTable:
    """An uploaded employment table: valid rows, and every problem found."""

    name: str
    n_read: int
    valid: pd.DataFrame  # province_code, isic_division, employment
    issues: list[ValidationIssue] = field(default_factory=list)


def _division(text: str) -> str:
    # Excel turns "01" into the number 1: a single digit is the same division.
    digits = ascii_digits(text).strip()
    if digits.endswith(".0"):
        digits = digits[:-2]
    return digits.zfill(2) if digits.isdigit() and len(digits) <= 2 else ""


def read_employment(name: str, data: bytes) -> EmploymentTable:
    """Read and check an uploaded employment table.

    Parameters
    ----------
    name, data : str, bytes
        The uploaded file (CSV or .xlsx).

    Returns
    -------
    EmploymentTable
        Rows with a known province, a division of ISIC Rev.4 and a number of
        people employed; one issue per problem (row, column, value). A
        province and division given twice is a problem on the second row.

    Raises
    ------
    mapping.upload_table.UploadError
        When the file cannot be read at all (as for a registry upload), or
        its header does not name the three columns.
    """
    with expecting_header(EMPLOYMENT_HEADER):
        parsed = parse_upload(name, data)
    raw = parsed.frame.rename(columns=employment_column)
    raw = raw[list(EMPLOYMENT_COLUMNS)].fillna("").astype(str).apply(lambda s: s.str.strip())
    issues = list(parsed.issues)
    for column in EMPLOYMENT_COLUMNS:
        for row in raw.index[raw[column].eq("")]:
            issues.append(ValidationIssue(int(row), column, "", REQUIRED_PROBLEM))
    codes, unknown = province_issues(raw)
    issues += unknown
    division = raw["isic_division"].map(_division)
    known = division.isin(isic_divisions().index)
    for row in raw.index[raw["isic_division"].ne("") & ~known]:
        issues.append(
            ValidationIssue(
                int(row), "isic_division", raw.at[row, "isic_division"], DIVISION_PROBLEM
            )
        )
    employment = pd.to_numeric(raw["employment"].map(ascii_digits), errors="coerce")
    for row in raw.index[raw["employment"].ne("") & ~(employment >= 0)]:
        issues.append(
            ValidationIssue(int(row), "employment", raw.at[row, "employment"], EMPLOYMENT_PROBLEM)
        )
    pairs = pd.Series(list(zip(codes, division, strict=True)), index=raw.index)
    checked = codes.ne("") & known
    repeated = pairs.duplicated() & checked
    first_rows = {p: r for r, p in pairs[checked & ~repeated].items()}
    for row in raw.index[repeated]:
        problem = Message(
            "expected one row per province and division: already given on row {row}",
            row=RowNumber(first_rows[pairs[row]]),
        )
        issues.append(
            ValidationIssue(int(row), "isic_division", raw.at[row, "isic_division"], problem)
        )
    issues.sort(key=lambda i: (i.row, i.column))
    bad = raw.index.isin({i.row for i in issues})
    valid = pd.DataFrame(
        {
            "province_code": codes[~bad].astype(str),
            "isic_division": division[~bad],
            "employment": employment[~bad].astype(float),
        }
    ).reset_index(drop=True)
    return EmploymentTable(name=name, n_read=len(raw), valid=valid, issues=issues)


def location_quotients(employment: pd.DataFrame) -> pd.DataFrame:
    """The location quotient of every province and division of an employment table.

    Parameters
    ----------
    employment : pandas.DataFrame
        ``province_code``, ``isic_division``, ``employment`` (one row per pair).

    Returns
    -------
    pandas.DataFrame
        The rows with ``province_total`` (E[p]), ``division_total`` (E[d]),
        ``national_total`` (E) and ``lq``; ``lq`` is NaN where a total is 0
        (the quotient is undefined there, not 0).
    """
    out = employment.copy()
    out["province_total"] = out.groupby("province_code")["employment"].transform("sum")
    out["division_total"] = out.groupby("isic_division")["employment"].transform("sum")
    out["national_total"] = out["employment"].sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        province_share = out["employment"] / out["province_total"]
        national_share = out["division_total"] / out["national_total"]
        lq = province_share / national_share
    out["lq"] = lq.replace([np.inf, -np.inf], np.nan)
    return out


def template_table() -> pd.DataFrame:
    """The employment template: the three columns, no rows (no figure is made up)."""
    return pd.DataFrame(columns=list(EMPLOYMENT_COLUMNS))
