"""Export the filtered clusters as CSV and Excel files that spreadsheets open safely.

CSV is UTF-8 with a byte-order mark, so Excel shows Persian text intact. In
every file the app writes, CSV or Excel, cells *and column names* that a
spreadsheet would run as a formula are prefixed with an apostrophe, and
characters a spreadsheet cannot hold (control characters) are removed.
"""

from __future__ import annotations

import re

import pandas as pd

from mapping.cells import (  # noqa: F401 - neutralise_formula and FORMULA_START re-exported
    FORMULA_START,
    neutralise_formula,
    safe_text,
)
from mapping.filters import ClusterFilter
from mapping.registry import PROGRAMME_LABELS, REGISTRY_COLUMNS
from mapping.xlsx_writer import write_xlsx

EXPORT_COLUMNS = [*REGISTRY_COLUMNS[:10], "province_code", *REGISTRY_COLUMNS[10:], "placement"]
ENCODING = "utf-8-sig"
TEMPLATE_EXAMPLE_ID = "malayer-furniture"
# Vectorised forms for Arrow text columns. Arrow holds valid UTF-8 only, so
# no lone surrogates to remove (and its regex engine refuses them).
FORMULA_PATTERN = "^[" + re.escape("".join(FORMULA_START)) + "]"
ARROW_ILLEGAL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


def export_frame(clusters: pd.DataFrame) -> pd.DataFrame:
    """The rows and columns a download holds, in the registry's column order."""
    out = clusters[[c for c in EXPORT_COLUMNS if c in clusters.columns]].copy()
    out["in_national_mapping"] = out["in_national_mapping"].map({True: "yes", False: "no"})
    return neutralised_frame(out)


def clusters_to_csv(clusters: pd.DataFrame) -> bytes:
    """Serialise clusters as CSV bytes (UTF-8 with BOM, CRLF line ends for Excel).

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows, filtered or not.

    Returns
    -------
    bytes
        The CSV file; one header row plus one row per cluster.
    """
    return frame_to_csv(export_frame(clusters))


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")[:40] or "x"


def export_filename(f: ClusterFilter, programme: str | None = None, ext: str = "csv") -> str:
    """A file name that says what was filtered, e.g. ``iran-clusters_unido_sector-leather.csv``."""
    parts = ["iran-clusters"]
    programmes = (programme,) if programme else f.programmes
    if programmes:
        parts.append("-".join(_slug(p) for p in programmes))
    if f.sectors:
        parts.append("sector-" + "-".join(_slug(s) for s in f.sectors))
    if f.provinces:
        parts.append("province-" + "-".join(_slug(p) for p in f.provinces))
    if f.national_mapping != "all":
        parts.append("national-mapping-" + f.national_mapping)
    if f.text.strip():
        parts.append("search-" + _slug(f.text))
    if len(parts) == 1:
        parts.append("all")
    name = "_".join(parts)
    return f"{name[:150]}.{ext}"


TABLE_COLUMNS = {
    "name_en": "Cluster",
    "name_fa": "نام خوشه",
    "sector": "Sector",
    "locality_en": "Town",
    "province": "Province",
    "programme": "Programme",
    "in_national_mapping": "In national mapping",
    "isic_code": "ISIC (ours)",
    "cluster_id": "Id",
}


def table_frame(clusters: pd.DataFrame) -> pd.DataFrame:
    """The on-screen table: the same rows as the download, fewer columns.

    Province-level clusters show "(province only)" as their town.
    """
    out = clusters[list(TABLE_COLUMNS)].copy()
    out["locality_en"] = out["locality_en"].where(out["locality_en"].ne(""), "(province only)")
    out["programme"] = out["programme"].map(lambda p: PROGRAMME_LABELS.get(p, p))
    out["in_national_mapping"] = out["in_national_mapping"].map({True: "yes", False: "no"})
    return out.rename(columns=TABLE_COLUMNS).reset_index(drop=True)


def _safe_column(series: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        # Arrow-backed text: whole-column operations, no Python call per cell.
        clean = series.str.replace(ARROW_ILLEGAL_PATTERN, "", regex=True)
        return clean.mask(clean.str.contains(FORMULA_PATTERN, regex=True, na=False), "'" + clean)
    return series.map(lambda v: safe_text(v) if isinstance(v, str) else v)


def neutralised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` made safe for a spreadsheet: cells and column names.

    Text loses the characters a spreadsheet cannot hold, then text starting
    like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets an
    apostrophe in front; numbers are left alone. Column names get the same
    treatment, so an uploaded column named ``=HYPERLINK(...)`` comes back inert.
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.isetitem(position, _safe_column(column))
    out.columns = [safe_text(str(c)) for c in out.columns]
    return out


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """Any table as CSV for Excel: UTF-8 with BOM, CRLF, formulas neutralised."""
    return neutralised_frame(frame).to_csv(index=False, lineterminator="\r\n").encode(ENCODING)


def frame_to_xlsx(frame: pd.DataFrame, sheet: str = "clusters") -> bytes:
    """Any table as an .xlsx workbook, formulas neutralised, text kept as text.

    Written by :func:`mapping.xlsx_writer.write_xlsx`, which streams rows and
    cuts text to Excel's 32,767 characters a cell (the CSV keeps it whole).
    """
    return write_xlsx(neutralised_frame(frame), sheet)


def template_frame(registry: pd.DataFrame) -> pd.DataFrame:
    """The upload template: the registry's columns and one real example row."""
    example = registry.loc[registry["cluster_id"].eq(TEMPLATE_EXAMPLE_ID)]
    if example.empty:
        example = registry.head(1)
    return export_frame(example)[REGISTRY_COLUMNS].reset_index(drop=True)


def case_filename(f) -> str:
    """File name for the international case studies, saying what was filtered."""
    parts = ["international-clusters"]
    for prefix, values in (
        ("country", f.countries),
        ("sector", f.sector_groups),
        ("type", f.types),
    ):
        if values:
            parts.append(f"{prefix}-" + "-".join(_slug(v) for v in values))
    if len(parts) == 1:
        parts.append("all")
    return "_".join(parts)[:150] + ".csv"
