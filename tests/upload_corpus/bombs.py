"""Big hostile uploads, generated at test time (each would bloat the repository).

Every case fits the 20 MB upload limit and was, before issue 18, a crash or
a cost of gigabytes or minutes. ``BIG_CASES`` maps a file name to the
function that writes it; ``tests/unit/test_upload_limits.py`` reads each in a
child process and checks the outcome, the time and the memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.upload_corpus.make_corpus import GOOD, HEADER, csv_text
from tests.upload_corpus.workbooks import FIXED_TIME, MAIN_NS, raw_xlsx

REQUIRED = ["cluster_id", "name_en", "sector", "province", "programme"]
ROWS = 200_000
SHEET_PART = "xl/worksheets/sheet1.xml"


def _csv(rows: list[list[str]], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def shared_strings_bomb() -> bytes:
    """About 100 KB: 20,000 rows of ten cells, each the same 30,000-character shared string."""
    shared = f'<sst xmlns="{MAIN_NS}"><si><t>{"x" * 30_000}</t></si></sst>'.encode()
    header = "".join(
        f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in [*REQUIRED, *"abcde"]
    )
    cells = '<c t="s"><v>0</v></c>' * 10
    rows = "".join(f'<row r="{r}">{cells}</row>' for r in range(2, 20_002))
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">{header}</row>{rows}'
        "</sheetData></worksheet>"
    ).encode()
    return raw_xlsx(sheet, shared_xml=shared, level=9)


def declared_dimension_10k() -> bytes:
    """10,000 registry rows in a sheet that declares the whole of Excel's grid."""
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in GOOD[0][1:])
    header = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in HEADER)
    rows = "".join(
        f'<row r="{r}"><c t="inlineStr"><is><t>c-{r}</t></is></c>{cells}</row>'
        for r in range(2, 10_002)
    )
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}"><dimension ref="A1:XFD1048576"/><sheetData>'
        f'<row r="1">{header}</row>{rows}</sheetData></worksheet>'
    ).encode()
    return raw_xlsx(sheet)


def unknown_provinces(distinct: int) -> Callable[[], bytes]:
    """200,000 rows, every province unknown, ``distinct`` different spellings."""

    def write() -> bytes:
        rows = [[f"c-{i}", "x", "s", f"Atlantis {i % distinct}", "none"] for i in range(ROWS)]
        return _csv(rows, REQUIRED)

    return write


def registry_20mb() -> bytes:
    """A realistic registry just under 20 MB (synthetic rows inside real provinces)."""
    from bench.synthetic import synthetic_registry

    frame = synthetic_registry(119_000, seed=18)
    return frame.to_csv(index=False, lineterminator="\r\n").encode()


def points_in_the_wrong_province() -> bytes:
    """200,000 rows whose coordinates (Malayer, Hamadan) lie outside the stated province."""
    rows = [[f"c-{i}", "x", "s", "Yazd", "none", "34.30158", "48.82166"] for i in range(ROWS)]
    return _csv(rows, [*REQUIRED, "latitude", "longitude"])


def every_cell_bad() -> bytes:
    """200,000 rows in which every checked column is wrong: 2 million problems."""
    rows = [["?!", "", "", "", "?", "?", "x", "x", "x"]] * ROWS
    header = [*REQUIRED, "in_national_mapping", "isic_code", "latitude", "longitude"]
    return _csv(rows, header)


def element_bomb() -> bytes:
    """Eleven million empty cells: compressible enough to fit, not enough to look like a bomb."""
    template = zipfile.ZipFile(io.BytesIO(raw_xlsx(b"")))  # the other parts of a workbook
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        for name in template.namelist():
            if name != SHEET_PART:
                book.writestr(zipfile.ZipInfo(name, FIXED_TIME), template.read(name))
        info = zipfile.ZipInfo(SHEET_PART, FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        header = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in HEADER)
        with book.open(info, "w") as sheet:
            sheet.write(
                f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">{header}</row>'.encode()
            )
            for r in range(2, 11_002):
                cells = "".join(f'<c s="{(r * 31 + k * k) % 211}"/>' for k in range(1_000))
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def unpacks_too_large() -> bytes:
    """A sheet of 300 MB of spaces: a thousand times its compressed size."""
    sheet = b'<worksheet xmlns="' + MAIN_NS.encode() + b'"><sheetData>'
    sheet += b" " * 300 * 2**20 + b"</sheetData></worksheet>"
    return raw_xlsx(sheet, level=1)


def zip_directory_bomb() -> bytes:
    """A zip of 120,000 empty members: its directory alone is several megabytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for i in range(120_000):
            book.writestr(zipfile.ZipInfo(f"x/{i}", FIXED_TIME), b"")
    return out.getvalue()


def separator_lines() -> bytes:
    """Ten million lines of a comma each."""
    return b",\n" * (10 * 2**20 - 1)


def one_line_of_separators() -> bytes:
    """A header, then one line of 19 million commas."""
    return csv_text([]).encode() + b"," * (19 * 2**20) + b"\r\n"


def a_huge_header() -> bytes:
    return (",".join(REQUIRED) + "," * (19 * 2**20) + "x\r\nc,n,s,Yazd,none\r\n").encode()


def one_huge_cell() -> bytes:
    """A valid row and a row whose name is 19 million characters long."""
    return csv_text([GOOD[0], [GOOD[1][0], "y" * (19 * 2**20), *GOOD[1][2:]]]).encode()


BIG_CASES: dict[str, Callable[[], bytes]] = {
    "shared_strings_bomb.xlsx": shared_strings_bomb,
    "declared_dimension_10k.xlsx": declared_dimension_10k,
    "unknown_provinces_200k.csv": unknown_provinces(1_000),
    "unknown_provinces_200k_distinct.csv": unknown_provinces(ROWS),
    "registry_20mb.csv": registry_20mb,
    "wrong_province_200k.csv": points_in_the_wrong_province,
    "every_cell_bad_200k.csv": every_cell_bad,
    "element_bomb.xlsx": element_bomb,
    "unpacks_too_large.xlsx": unpacks_too_large,
    "zip_directory_bomb.xlsx": zip_directory_bomb,
    "separator_lines.csv": separator_lines,
    "one_line_of_separators.csv": one_line_of_separators,
    "huge_header.csv": a_huge_header,
    "one_huge_cell.csv": one_huge_cell,
}


def write_big_case(name: str, folder: Path) -> Path:
    """Write one big case into ``folder`` and return its path."""
    path = folder / name
    path.write_bytes(BIG_CASES[name]())
    return path
