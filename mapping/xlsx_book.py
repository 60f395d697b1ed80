"""Write a workbook of several formatted sheets, streaming, for people to read.

:mod:`mapping.xlsx_writer` streams one plain sheet; a reader's workbook also
needs sheet direction (right to left in Persian), column widths, a frozen and
bold header row, an autofilter, and cell formats (codes as text, years
without separators, wrapped notes). Cells are built column by column with
:func:`mapping.xlsx_writer.sheet_rows`, so a 100,000-row sheet takes seconds
where openpyxl takes tens of seconds. Values must be safe already
(:func:`mapping.export.neutralised_frame`); text is only escaped and cut
to Excel's limit here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from mapping.xlsx_writer import (
    CONTENT_TYPES,
    MAIN,
    MAX_SHEET_NAME,
    PACKAGE_RELS,
    RELS,
    ROOT_RELS,
    ROWS_PER_WRITE,
    SHEET_NAME_FORBIDDEN,
    column_letters,
    sheet_rows,
)

# Cell formats, by their index in STYLES' cellXfs.
PLAIN, HEADER, TEXT_CODE, YEAR, WRAPPED = 0, 1, 2, 3, 4
TEXT_FORMAT_ID = 49  # Excel's built-in "@": the cell is text
INTEGER_FORMAT_ID = 1  # Excel's built-in "0": a year without a thousands separator
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    f'<xf numFmtId="{TEXT_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    f'<xf numFmtId="{INTEGER_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, its table (headers are the column names), and how it looks."""

    name: str
    frame: pd.DataFrame
    styles: Sequence[int]  # one cell format per column (PLAIN, TEXT_CODE, YEAR, WRAPPED)
    widths: Sequence[float]  # one width per column, in characters
    rtl: bool = False


def sheet_name(name: str) -> str:
    """``name`` as Excel allows it: no ``[]:*?/\\``, at most 31 characters."""
    return name.translate(SHEET_NAME_FORBIDDEN)[:MAX_SHEET_NAME] or "Sheet"


def _content_types(n_sheets: int) -> str:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    first = '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + sheet_type + '"/>'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, n_sheets + 1)
    )
    return CONTENT_TYPES.replace(first, overrides)


def _workbook_xml(names: list[str], last_cells: list[str | None]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    # Excel keeps each sheet's filtered range as a hidden name.
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(name))}!$A$1:{_absolute(last)}</definedName>"
        for i, (name, last) in enumerate(zip(names, last_cells, strict=True))
        if last
    )
    defined = f"<definedNames>{filters}</definedNames>" if filters else ""
    return (
        f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"<sheets>{sheets}</sheets>{defined}</workbook>"
    )


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(cell: str) -> str:
    letters = "".join(c for c in cell if c.isalpha())
    return f"${letters}${cell[len(letters) :]}"


def _workbook_rels(n_sheets: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n_sheets + 1)
    )
    styles = f'<Relationship Id="rId{n_sheets + 1}" Type="{RELS}/styles" Target="styles.xml"/>'
    return f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">{sheets}{styles}</Relationships>'


def _last_cell(sheet: Sheet) -> str | None:
    if sheet.frame.shape[1] == 0 or sheet.frame.empty:
        return None
    return f"{column_letters(sheet.frame.shape[1] - 1)}{len(sheet.frame) + 1}"


def _write_sheet(part: io.RawIOBase, sheet: Sheet) -> None:
    letters = [column_letters(j) for j in range(sheet.frame.shape[1])]
    direction = ' rightToLeft="1"' if sheet.rtl else ""
    cols = "".join(
        f'<col min="{j}" max="{j}" width="{width:.1f}" customWidth="1"/>'
        for j, width in enumerate(sheet.widths, start=1)
    )
    part.write(
        (
            f'{XML_HEAD}<worksheet xmlns="{MAIN}"><sheetViews>'
            f'<sheetView workbookViewId="0"{direction}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
        ).encode()
    )
    header = pd.DataFrame([[str(c) for c in sheet.frame.columns]], dtype=object)
    part.write(sheet_rows(header, letters, 1, [HEADER] * len(letters)).encode())
    for start in range(0, len(sheet.frame), ROWS_PER_WRITE):
        chunk = sheet.frame.iloc[start : start + ROWS_PER_WRITE]
        part.write(sheet_rows(chunk, letters, start + 2, list(sheet.styles)).encode())
    last = _last_cell(sheet)
    part.write(b"</sheetData>")
    if last:
        part.write(f'<autoFilter ref="A1:{last}"/>'.encode())
    part.write(b"</worksheet>")


def write_book(sheets: Sequence[Sheet]) -> bytes:
    """``sheets`` as one .xlsx workbook.

    Parameters
    ----------
    sheets : sequence of Sheet
        In order; each with its table, cell formats, column widths and direction.

    Returns
    -------
    bytes
        The workbook: header rows bold and frozen, an autofilter on each
        table, text kept as text (inline strings, never formulas).
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names = [sheet_name(s.name) for s in sheets]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _content_types(len(sheets)))
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook_xml(names, [_last_cell(s) for s in sheets]))
        book.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        book.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                _write_sheet(part, sheet)
    return buffer.getvalue()
