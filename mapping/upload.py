"""Read a registry file a user uploads: CSV or Excel, as people really make them.

CSV files may be UTF-8 (with or without a byte-order mark) or Windows-1256
(Persian Excel exports), separated by commas, semicolons or tabs. Excel files
may hold the registry on any sheet. Cells are read as text; Persian and
Arabic-Indic digits in numeric columns are turned into ASCII later, in
:func:`mapping.registry.prepare_columns`.

Nothing is dropped silently: a row with more cells than the header is kept
and reported, a file that cannot be used at all gets one clear message, and
no exception escapes :func:`parse_upload`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from mapping.registry import (
    FIRST_DATA_ROW,
    REQUIRED_COLUMNS,
    RegistryError,
    ValidationIssue,
    ValidationResult,
    prepare_columns,
    validate_registry,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
# Signatures of files people rename by mistake, for a helpful message.
BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old-style Excel (.xls) or Word file",
    b"\x1f\x8b": "a gzip archive",
}


class UploadError(ValueError):
    """A file that cannot be read as a registry; the message says why."""


@dataclass
class ParsedUpload:
    """Text cells of an uploaded file, problems found while reading, and notes."""

    name: str
    frame: pd.DataFrame
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _decode(data: bytes) -> tuple[str, str]:
    """Text and a description of its encoding.

    UTF-8 (a byte-order mark allowed) first; otherwise line by line, so a
    file pasted together from a UTF-8 and a Windows-1256 export reads right.
    Windows-1256 maps every byte, so decoding never fails.
    """
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    decoded, legacy, utf8 = [], 0, 0
    for line in data.split(b"\n"):
        try:
            decoded.append(line.decode("utf-8-sig"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1256", errors="replace"))
            legacy += 1
    text = "\n".join(decoded)
    if not utf8:
        return text, "Windows-1256"
    return text, f"mixed encodings ({legacy} lines Windows-1256, {utf8} UTF-8)"


def _header_score(header: list[str]) -> int:
    names = {h.strip().lstrip("\ufeff") for h in header}
    return sum(c in names for c in REQUIRED_COLUMNS)


def _check_header(header: list[str], where: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in {h.strip() for h in header}]
    if missing:
        shown = ", ".join(repr(h) for h in header[:8] if h.strip()) or "nothing"
        raise UploadError(
            f"{where} must be a header naming the columns {', '.join(REQUIRED_COLUMNS)}; "
            f"it is missing {', '.join(missing)} (found {shown}). Download the template "
            "to see the expected layout."
        )


def _rows_to_frame(
    header: list[str], rows: list[list[str]]
) -> tuple[pd.DataFrame, list[ValidationIssue]]:
    """Square the rows to the header; longer rows are kept, cut and reported."""
    width = len(header)
    issues: list[ValidationIssue] = []
    squared = []
    for i, row in enumerate(rows):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            extra = "; ".join(cell for cell in row[width:] if cell.strip())
            issues.append(
                ValidationIssue(
                    i + FIRST_DATA_ROW,
                    "(whole row)",
                    extra[:80],
                    f"expected at most {width} cells, as in the header; this row has "
                    f"{len(row)} (a separator inside an unquoted value?)",
                )
            )
        squared.append((row + [""] * width)[:width])
    columns = [h.strip() or f"(unnamed column {j + 1})" for j, h in enumerate(header)]
    return pd.DataFrame(squared, columns=columns, dtype=object), issues


def _read_csv(name: str, data: bytes) -> ParsedUpload:
    if b"\x00" in data[:8192]:
        raise UploadError("the file holds binary data, not text; is it really a CSV file?")
    text, encoding = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise UploadError("the file is empty")
    delimiter = max(
        DELIMITERS,
        key=lambda d: (_header_score(next(csv.reader([first], delimiter=d))), d == ","),
    )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UploadError(f"the CSV cannot be read: {exc}") from exc
    records = [r for r in records if any(cell.strip() for cell in r)]
    header = [h.lstrip("\ufeff") for h in records[0]]
    _check_header(header, "the first row")
    frame, issues = _rows_to_frame(header, records[1:])
    notes = [f"Read as {encoding} text, {DELIMITER_NAMES[delimiter]}-separated."]
    return ParsedUpload(name, frame, issues, notes)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_excel(name: str, data: bytes) -> ParsedUpload:
    from openpyxl import load_workbook  # only needed for Excel uploads

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UploadError(f"the Excel file cannot be opened ({exc})") from exc
    seen = []
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header: list[str] = []
            for row in rows:
                cells = [_cell_text(v) for v in row]
                if any(c.strip() for c in cells):
                    header = cells
                    break
            seen.append(f"{sheet.title!r} (first row: {', '.join(h for h in header[:5] if h)})")
            if _header_score(header) < len(REQUIRED_COLUMNS):
                continue
            body = []
            for row in rows:
                cells = [_cell_text(v) for v in row]
                if any(c.strip() for c in cells):
                    body.append(cells)
                if len(body) > MAX_ROWS:
                    break
            while header and not header[-1].strip():
                header.pop()
            frame, issues = _rows_to_frame(header, body)
            notes = [f"Read the Excel sheet {sheet.title!r}."]
            if sheet is not book.worksheets[0]:
                notes.append(
                    f"The first sheet, {book.worksheets[0].title!r}, has no registry header, "
                    f"so the data was taken from {sheet.title!r}."
                )
            return ParsedUpload(name, frame, issues, notes)
    finally:
        book.close()
    raise UploadError(
        "no sheet has a header naming the columns "
        f"{', '.join(REQUIRED_COLUMNS)}. Sheets: {'; '.join(seen) or 'none'}."
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
        Every data row, plus issues for rows that could not be read cleanly.

    Raises
    ------
    UploadError
        When the file cannot be used at all: too large, empty, binary, no
        header, too many rows, an Excel file with no registry sheet.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"the file is {len(data) / 2**20:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES / 2**20:.0f} MB"
        )
    if not data.strip():
        raise UploadError("the file is empty")
    if data.startswith(ZIP_MAGIC) or name.lower().endswith(EXCEL_SUFFIXES):
        if not data.startswith(ZIP_MAGIC):
            raise UploadError("the file is named like an Excel file but is not one")
        parsed = _read_excel(name, data)
        if not name.lower().endswith(EXCEL_SUFFIXES):
            parsed.notes.append("The file is an Excel workbook despite its name; read it as one.")
    else:
        for magic, what in BINARY_MAGIC.items():
            if data.startswith(magic):
                raise UploadError(
                    f"the file is {what}, not a CSV or .xlsx registry; save the list as "
                    "CSV or .xlsx and upload that"
                )
        parsed = _read_csv(name, data)
    if len(parsed.frame) > MAX_ROWS:
        raise UploadError(f"the file has more than {MAX_ROWS:,} rows; split it into smaller files")
    if parsed.frame.empty:
        raise UploadError("the file has a header but no data rows")
    return parsed


def validate_upload(
    name: str, data: bytes, provinces, taken_ids: set[str] | None = None
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
        As :func:`parse_upload`, for files that cannot be used at all.
    """
    parsed = parse_upload(name, data)
    try:
        raw = prepare_columns(parsed.frame, name)
    except RegistryError as exc:  # a column named twice
        raise UploadError(str(exc).removeprefix(f"{name}: ")) from exc
    extra = list(parsed.issues)
    if taken_ids:
        for index, cluster_id in raw["cluster_id"].items():
            if cluster_id in taken_ids:
                extra.append(
                    ValidationIssue(
                        int(index) + FIRST_DATA_ROW,
                        "cluster_id",
                        cluster_id,
                        "duplicate id: already used in the bundled registry",
                    )
                )
    result = validate_registry(raw, provinces, source_name=name, extra_issues=extra)
    result.notes = parsed.notes
    result.raw = raw
    return result
