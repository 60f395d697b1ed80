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
from mapping.filters import Selection, filter_slugs
from mapping.i18n import N_, gettext
from mapping.localise import PERSIAN_COLUMNS, localised
from mapping.programmes import programme_label
from mapping.registry import REGISTRY_COLUMNS
from mapping.xlsx_writer import write_xlsx


def _export_columns() -> list[str]:
    """The registry's columns, the province's ISO code after its name, then the placement."""
    columns = []
    for column in REGISTRY_COLUMNS:
        columns.append(column)
        if column == "province":
            columns.append("province_code")
    return [*columns, "placement"]


EXPORT_COLUMNS = _export_columns()
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


def export_filename(
    f: Selection, stem: str = "iran-clusters", ext: str = "csv", version: int | None = None
) -> str:
    """A file name that says what was filtered, and from which registry version.

    ``iran-clusters_unido_sector-leather.csv``; with ``version=3``,
    ``iran-clusters_v3_unido_sector-leather.csv``. ``ext`` may hold a dot
    (``geojson.zip``).
    """
    slugs = filter_slugs(f)
    parts = [stem, *([f"v{int(version)}"] if version is not None else []), *slugs]
    if not slugs:
        parts.append("all")
    name = "_".join(parts)
    return f"{name[:150]}.{ext}"


# The on-screen table: registry column -> header (translated where shown).
TABLE_COLUMNS = {
    "name_en": N_("Cluster"),
    "sector": N_("Sector"),
    "locality_en": N_("Town"),
    "province": N_("Province"),
    "programme": N_("Programme"),
    "in_national_mapping": N_("In national mapping"),
    "isic_code": N_("ISIC (ours)"),
    "cluster_id": N_("Id"),
}


def table_frame(clusters: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The on-screen table in ``lang``: the same rows as the download, fewer columns.

    Names, sectors, towns and provinces in their Persian form in Persian;
    province-level clusters show "(province only)" as their town.
    """
    out = pd.DataFrame(index=clusters.index)
    for column in TABLE_COLUMNS:
        out[column] = (
            localised(clusters, column, lang) if column in PERSIAN_COLUMNS else (clusters[column])
        )
    out["locality_en"] = out["locality_en"].where(
        out["locality_en"].ne(""), gettext("(province only)", lang)
    )
    out["programme"] = out["programme"].map(lambda p: programme_label(p, lang))
    yes, no = gettext("yes", lang), gettext("no", lang)
    out["in_national_mapping"] = out["in_national_mapping"].map({True: yes, False: no})
    headers = {column: gettext(label, lang) for column, label in TABLE_COLUMNS.items()}
    return out.rename(columns=headers).reset_index(drop=True)


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
