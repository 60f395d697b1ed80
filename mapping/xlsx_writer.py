"""Write a table as a minimal .xlsx workbook, streaming, one sheet of text and numbers.

openpyxl keeps every cell as a Python object until it saves (hundreds of
bytes a cell, about 20 s for two million cells); the rejected rows of a
200,000-row upload must download in seconds. This writer streams rows into
the zip as XML: text as inline strings (so nothing is ever a formula),
numbers and booleans as such. Cells are expected to be safe already
(:func:`mapping.export.neutralised_frame`); text is only cut to Excel's limit
and escaped here.
"""

from __future__ import annotations

import io
import math
import zipfile
from numbers import Integral, Real
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from mapping.cells import EXCEL_MAX_CELL_CHARS, strip_illegal

ROWS_PER_WRITE = 2_000
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
MAX_SHEET_NAME = 31
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TEXT_ESCAPES = {"\r": "&#13;"}  # a bare CR would be read back as LF

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def column_letters(index: int) -> str:
    """Excel's name of the 0-based column ``index``: A, ..., Z, AA, ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference: str, value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Real):
        # Plain Python numbers: numpy's repr is "np.float64(1.5)".
        number = str(int(value)) if isinstance(value, Integral) else repr(float(value))
        if not math.isfinite(float(value)):
            return ""
        return f'<c r="{reference}"><v>{number}</v></c>'
    text = strip_illegal(str(value))[:EXCEL_MAX_CELL_CHARS]
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(text, TEXT_ESCAPES)}</t></is></c>"
    )


def _header(frame: pd.DataFrame, letters: list[str]) -> str:
    cells = "".join(
        _cell(f"{c}1", str(name)) for c, name in zip(letters, frame.columns, strict=True)
    )
    return f'<row r="1">{cells}</row>'


def write_xlsx(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """``frame`` as .xlsx bytes: a header row, then one row per frame row.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its column names become the first row.
    sheet : str
        The sheet's name (characters Excel forbids become ``_``; at most 31).

    Returns
    -------
    bytes
        The workbook.
    """
    name = sheet.translate(SHEET_NAME_FORBIDDEN)[:MAX_SHEET_NAME] or "Sheet1"
    letters = [column_letters(j) for j in range(frame.shape[1])]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            f'<sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
            )
            part.write(_header(frame, letters).encode())
            pending = []
            for number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
                cells = "".join(
                    _cell(f"{c}{number}", v) for c, v in zip(letters, values, strict=True)
                )
                pending.append(f'<row r="{number}">{cells}</row>')
                if len(pending) >= ROWS_PER_WRITE:
                    part.write("".join(pending).encode())
                    pending = []
            part.write("".join(pending).encode())
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
