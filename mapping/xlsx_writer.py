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
import zipfile
from xml.sax.saxutils import quoteattr

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mapping.cells import EXCEL_MAX_CELL_CHARS

ROWS_PER_WRITE = 20_000
# Characters XML cannot hold (RE2 syntax), and the escapes text needs; a bare
# CR would be read back as LF.
ARROW_ILLEGAL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x{fffe}\\x{ffff}]"
XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
MAX_SHEET_NAME = 31
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

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


def _text(series: pd.Series) -> pa.Array:
    """Cell text, escaped for XML, cut to Excel's limit; "" for missing values."""
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        text = pc.fill_null(pa.array(series, type=pa.string(), from_pandas=True), "")
    else:
        values = series.astype(object).where(series.notna(), "")
        text = pa.array(values.map(str).tolist(), type=pa.string())
    text = pc.replace_substring_regex(text, ARROW_ILLEGAL, "")
    text = pc.utf8_slice_codeunits(text, 0, EXCEL_MAX_CELL_CHARS)
    for raw, escaped in XML_ESCAPES:
        text = pc.replace_substring(text, raw, escaped)
    return text


def _column_cells(series: pd.Series, letter: str, rows: pa.Array, style: int = 0) -> pa.Array:
    """The ``<c>`` elements of one column for the given row numbers ("" for empty cells).

    ``style`` is the index of the cells' format in the workbook's styles
    (0, the default, writes no ``s`` attribute).
    """
    start = pc.binary_join_element_wise('<c r="', letter, rows, "")
    close = f'" s="{style}"' if style else '"'
    if pd.api.types.is_bool_dtype(series):
        value = pa.array(series.map({True: "1", False: "0"}).tolist(), pa.string())
        return pc.binary_join_element_wise(start, close + ' t="b"><v>', value, "</v></c>", "")
    if pd.api.types.is_numeric_dtype(series):
        numbers = pa.array(series, from_pandas=True)
        cells = pc.binary_join_element_wise(
            start, close + "><v>", pc.cast(numbers, pa.string()), "</v></c>", ""
        )
        finite = pc.is_finite(pc.cast(numbers, pa.float64()))
        return pc.if_else(pc.fill_null(finite, False), cells, "")
    value = _text(series)
    cells = pc.binary_join_element_wise(
        start,
        close + ' t="inlineStr"><is><t xml:space="preserve">',
        value,
        "</t></is></c>",
        "",
    )
    return pc.if_else(pc.equal(value, ""), "", cells)


def sheet_rows(
    frame: pd.DataFrame, letters: list[str], first: int, styles: list[int] | None = None
) -> str:
    """Rows ``first``.. of the sheet (1-based) for the rows of ``frame``, as XML.

    ``styles`` gives each column's format index (default: none).
    """
    rows = pa.array([str(n) for n in range(first, first + len(frame))], type=pa.string())
    styles = styles or [0] * len(letters)
    cells = [
        _column_cells(frame.iloc[:, j], letter, rows, styles[j]) for j, letter in enumerate(letters)
    ]
    xml = pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", "")
    return "".join(xml.to_pylist())


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
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
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
            header = pd.DataFrame([[str(c) for c in frame.columns]], dtype=object)
            part.write(sheet_rows(header, letters, 1).encode())
            for start in range(0, len(frame), ROWS_PER_WRITE):
                chunk = frame.iloc[start : start + ROWS_PER_WRITE]
                part.write(sheet_rows(chunk, letters, start + 2).encode())
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
