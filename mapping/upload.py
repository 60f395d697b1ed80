"""Read a registry file a user uploads: CSV or Excel, as people really make them.

CSV files may be UTF-8 (with or without a byte-order mark), Windows-1256
(Persian Excel exports) or UTF-16/UTF-32 (Excel's "Unicode Text"), separated
by commas, semicolons or tabs (:mod:`mapping.upload_csv`). Excel workbooks may
hold the registry on any sheet (:mod:`mapping.upload_xlsx`). Cells are read
as text; Persian and Arabic-Indic digits in numeric columns are turned into
ASCII later, in :func:`mapping.registry.prepare_columns`.

Nothing is dropped silently: a row with more cells than the header, a cell
holding a control character or too much text, a quote left open, each is
kept and reported by row and column; a file that cannot be used at all gets
one clear message, and no other exception escapes :func:`parse_upload`.
Whatever its shape, a file within ``MAX_UPLOAD_BYTES`` is read or refused
within seconds and a few hundred megabytes (``tests/unit/test_upload_limits.py``
holds the proof, case by case).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mapping.i18n import N_, Message
from mapping.issues import Quantity
from mapping.registry import (
    RegistryError,
    ValidationIssue,
    ValidationResult,
    prepare_columns,
    validate_registry,
)
from mapping.upload_csv import read_csv_table
from mapping.upload_table import Limits, UploadError
from mapping.upload_xlsx import read_xlsx_table

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "ParsedUpload",
    "UploadError",
    "parse_upload",
    "validate_upload",
]

STREAMLIT_CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def configured_upload_mb(path: Path = STREAMLIT_CONFIG) -> int:
    """The upload limit in MB, as ``server.maxUploadSize`` in ``.streamlit/config.toml``
    sets it for Streamlit: the one place the limit is written."""
    with path.open("rb") as f:
        return int(tomllib.load(f)["server"]["maxUploadSize"])


MAX_UPLOAD_BYTES = configured_upload_mb() * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200  # the registry has 18; Excel allows 16,384
MAX_CELL_CHARS = 131_072
MAX_TEXT_CHARS = 25_000_000  # a 20 MB CSV holds at most 20 million
MAX_ISSUES = 500_000  # 2.5 per row at the row limit
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
# Signatures of files people rename by mistake, for a helpful message.
BINARY_MAGIC = {
    b"%PDF": N_("a PDF document"),
    b"\x89PNG": N_("a PNG image"),
    b"\xff\xd8\xff": N_("a JPEG image"),
    b"GIF8": N_("a GIF image"),
    b"\xd0\xcf\x11\xe0": N_("an old-style Excel (.xls) or Word file"),
    b"\x1f\x8b": N_("a gzip archive"),
}
DUPLICATE_OF_BUNDLED = Message("duplicate id: already used in the bundled registry")


@dataclass
class ParsedUpload:
    """Text cells of an uploaded file (indexed by row number), problems found while
    reading, and notes."""

    name: str
    frame: pd.DataFrame
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)


def upload_limits() -> Limits:
    """The limits in force (read when called, so tests can lower them)."""
    return Limits(
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_cell_chars=MAX_CELL_CHARS,
        max_text_chars=MAX_TEXT_CHARS,
        max_issues=MAX_ISSUES,
    )


def parse_upload(name: str, data: bytes) -> ParsedUpload:
    """Read an uploaded CSV or Excel file into text cells.

    Parameters
    ----------
    name : str
        The file name as uploaded (its suffix is a hint, not trusted).
    data : bytes
        The file's content.

    Returns
    -------
    ParsedUpload
        Every data row, indexed by the row number the user sees, plus issues
        for rows that could not be read cleanly.

    Raises
    ------
    UploadError
        When the file cannot be used at all: too large, empty, binary, no
        header, too many rows, a damaged or oversized Excel file, an Excel
        file with no registry sheet. The message is a translatable Message.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            Message(
                "the file is {size} MB; the limit is {limit} MB",
                size=Quantity(len(data) / 2**20, 1),
                limit=Quantity(MAX_UPLOAD_BYTES / 2**20, 0),
            )
        )
    if not data.strip():
        raise UploadError(Message("the file is empty"))
    limits = upload_limits()
    notes: list[Message] = []
    if data.startswith(ZIP_MAGIC) or name.lower().endswith(EXCEL_SUFFIXES):
        if not data.startswith(ZIP_MAGIC):
            raise UploadError(Message("the file is named like an Excel file but is not one"))
        table, notes = read_xlsx_table(data, limits)
        if not name.lower().endswith(EXCEL_SUFFIXES):
            notes.append(Message("The file is an Excel workbook despite its name; read it as one."))
    else:
        for magic, what in BINARY_MAGIC.items():
            if data.startswith(magic):
                raise UploadError(
                    Message(
                        "the file is {what}, not a CSV or .xlsx registry; save the list as "
                        "CSV or .xlsx and upload that",
                        what=Message(what),
                    )
                )
        table = read_csv_table(data, limits)
    if table.frame.empty:
        raise UploadError(Message("the file has a header but no data rows"))
    return ParsedUpload(name, table.frame, table.issues, [*table.notes, *notes])


def validate_upload(
    name: str,
    data: bytes,
    provinces: gpd.GeoDataFrame | None,
    taken_ids: set[str] | None = None,
) -> ValidationResult:
    """Parse and validate an upload; every row read ends up valid or rejected.

    Parameters
    ----------
    name, data : str, bytes
        The uploaded file.
    provinces : geopandas.GeoDataFrame
        Province outlines, for the point-in-province check.
    taken_ids : set of str, optional
        Ids already in use (the bundled registry, when adding to it): a row
        reusing one is rejected.

    Raises
    ------
    UploadError
        As :func:`parse_upload`, for files that cannot be used at all, and
        for files with more than ``MAX_ISSUES`` problems.
    """
    parsed = parse_upload(name, data)
    try:
        raw = prepare_columns(parsed.frame, name, rows=parsed.frame.index.to_numpy())
    except RegistryError as exc:  # a column named twice
        raise UploadError(exc.problem) from exc
    extra = list(parsed.issues)
    if taken_ids:
        ids = raw["cluster_id"]
        for row, cluster_id in ids[ids.isin(list(taken_ids))].items():
            extra.append(ValidationIssue(int(row), "cluster_id", cluster_id, DUPLICATE_OF_BUNDLED))
    try:
        result = validate_registry(
            raw, provinces, source_name=name, extra_issues=extra, max_issues=MAX_ISSUES
        )
    except RegistryError as exc:  # more problems than can be listed
        raise UploadError(exc.problem) from exc
    result.notes = parsed.notes
    return result
