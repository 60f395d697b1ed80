"""Write the corpus of malformed and hostile upload files, deterministically.

Run ``python -m tests.upload_corpus.make_corpus`` after changing a case; the
test suite checks that the committed files are exactly what this writes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from tests.upload_corpus.workbooks import BILLION_LAUGHS, MAIN_NS, raw_xlsx, sheet_xml

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

HEADER = [
    "cluster_id",
    "name_en",
    "name_fa",
    "sector",
    "province",
    "locality_en",
    "latitude",
    "longitude",
    "programme",
    "in_national_mapping",
]
GOOD = [
    [
        "malayer-furniture",
        "Malayer furniture cluster",
        "خوشه صنعتی مبلمان ملایر",
        "furniture",
        "Hamadan",
        "Malayer",
        "34.30158",
        "48.82166",
        "local experts",
        "yes",
    ],
    [
        "yazd-textile",
        "Yazd textile cluster",
        "خوشه صنعتی نساجی یزد",
        "textile",
        "Yazd",
        "Yazd",
        "31.89722",
        "54.3675",
        "IPI",
        "yes",
    ],
    [
        "hormozgan-fishing",
        "Hormozgan fishing cluster",
        "خوشه صنعتی شیلات هرمزگان",
        "fishing",
        "Hormozgan",
        "",
        "",
        "",
        "none",
        "yes",
    ],
]


def cp1256(text: str) -> bytes:
    """Windows-1256 as Persian Excel writes it: it has no Persian yeh, so Arabic yeh."""
    return text.replace("ی", "ي").encode("cp1256")


def csv_text(rows: list[list[str]], delimiter: str = ",", header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def with_cell(row: list[str], column: str, value: str) -> list[str]:
    out = list(row)
    out[HEADER.index(column)] = value
    return out


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A small workbook, with fixed timestamps so the bytes never change."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    book.properties.created = fixed
    book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    # Normalise zip entry times so the file is byte-for-byte reproducible.
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T00:00:00Z",
                    data,
                )
            info.date_time = (2026, 1, 1, 0, 0, 0)
            dst.writestr(info, data)
    return out.getvalue()


def control_characters() -> str:
    """Rows holding control characters, one with NUL after the first 8 KB.

    Two are wrong in another way too, so that code which does not report
    control characters still rejects them (and had to write them back).
    """
    padding = [with_cell(GOOD[1], "name_en", f"Yazd textile {i} " + "x" * 100) for i in range(80)]
    padding = [with_cell(r, "cluster_id", f"yazd-{i}") for i, r in enumerate(padding)]
    bad = [
        with_cell(with_cell(GOOD[0], "name_en", "Malayer\x01furniture"), "province", "Hamadn"),
        with_cell(with_cell(GOOD[1], "cluster_id", "yazd-b"), "sector", "text\x0bile"),
        with_cell(with_cell(GOOD[2], "name_en", "\x1b[31mred"), "cluster_id", "h-b"),
        with_cell(
            with_cell(with_cell(GOOD[1], "cluster_id", "yazd-nul"), "name_en", "Yazd\x00textile"),
            "programme",
            "World Bank",
        ),
    ]
    return csv_text([*bad[:3], *padding, bad[3]])


def unclosed_quote() -> str:
    """15 data rows; a quote opened on line 8 runs to a stray quote on line 11."""
    rows = [with_cell(GOOD[1], "cluster_id", f"yazd-{i}") for i in range(15)]
    lines = csv_text(rows).split("\r\n")
    lines[7] = lines[7].replace("Yazd textile cluster", '"Yazd textile cluster', 1)
    lines[10] = lines[10].replace("textile,", 'text"ile,', 1)
    return "\r\n".join(lines)


def large_with_bad_rows() -> str:
    """10,000 rows, five of them bad in five different ways."""
    from bench.synthetic import synthetic_registry

    frame = synthetic_registry(10_000, seed=5)
    frame.loc[99, "province"] = "Atlantis"
    frame.loc[1999, "programme"] = ""
    frame.loc[4999, "cluster_id"] = frame.loc[10, "cluster_id"]
    frame.loc[7999, "name_en"] = ""
    frame.loc[9998, "latitude"] = "91"
    return frame.to_csv(index=False, lineterminator="\r\n")


def cases() -> dict[str, bytes]:
    utf8 = csv_text(GOOD).encode("utf-8")
    xlsx_good = xlsx_bytes({"clusters": [HEADER, *GOOD]})
    return {
        "valid_utf8.csv": utf8,
        "valid_utf8_bom.csv": b"\xef\xbb\xbf" + utf8,
        "valid_cp1256.csv": cp1256(csv_text(GOOD)),
        "semicolon.csv": csv_text(GOOD, ";").encode("utf-8"),
        "tab_separated.csv": csv_text(GOOD, "\t").encode("utf-8"),
        "persian_digits.csv": csv_text(
            [with_cell(with_cell(GOOD[0], "latitude", "۳۴٫۳۰۱۵۸"), "longitude", "۴۸٫۸۲۱۶۶")]
        ).encode("utf-8"),
        "arabic_indic_digits.csv": csv_text(
            [with_cell(with_cell(GOOD[0], "latitude", "٣٤٫٣٠١٥٨"), "longitude", "٤٨٫٨٢١٦٦")]
        ).encode("utf-8"),
        "persian_province_names.csv": csv_text(
            [with_cell(GOOD[0], "province", "استان همدان"), with_cell(GOOD[1], "province", "يزد")]
        ).encode("utf-8"),
        "extra_columns.csv": csv_text(
            [[*r, "120", "note"] for r in GOOD], header=[*HEADER, "employees", "remarks"]
        ).encode("utf-8"),
        "unknown_province.csv": csv_text(
            [GOOD[0], with_cell(GOOD[1], "province", "Yazdd"), GOOD[2]]
        ).encode("utf-8"),
        "outside_province.csv": csv_text([with_cell(GOOD[0], "province", "Yazd")]).encode(),
        "duplicate_ids.csv": csv_text([GOOD[0], GOOD[1], GOOD[0]]).encode("utf-8"),
        "missing_name.csv": csv_text([with_cell(GOOD[1], "name_en", "")]).encode("utf-8"),
        "missing_programme.csv": csv_text([with_cell(GOOD[1], "programme", "")]).encode(),
        # Any partner is accepted: known ones in any spelling, others as written.
        "other_programmes.csv": csv_text(
            [
                with_cell(GOOD[0], "programme", "GIZ"),
                with_cell(GOOD[1], "programme", "KOICA"),
                with_cell(GOOD[2], "programme", "یونیدو"),
            ]
        ).encode(),
        "half_coordinates.csv": csv_text([with_cell(GOOD[0], "longitude", "")]).encode(),
        "ragged_row.csv": (
            csv_text(GOOD[:1]) + "tabriz-leather,Tabriz, leather cluster,,leather,East Azerbaijan,"
            "Tabriz,38.08,46.2919,none,yes\r\n"
        ).encode("utf-8"),
        "short_rows.csv": (
            csv_text([]) + "bam-date,Bam date cluster,,date,Kerman,Bam,29.106,58.357,none\r\n"
        ).encode("utf-8"),
        "empty.csv": b"",
        "whitespace_only.csv": b"   \r\n\r\n  \t \r\n",
        "header_only.csv": csv_text([]).encode("utf-8"),
        "no_header.csv": csv_text(GOOD).split("\r\n", 1)[1].encode("utf-8"),
        "binary_png.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "binary_nul.csv": b"cluster_id,name_en\x00\x00\x00" + bytes(range(256)),
        "pdf_renamed.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "old_excel.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "xlsx_renamed.csv": xlsx_good,
        "valid.xlsx": xlsx_good,
        "other_sheet.xlsx": xlsx_bytes(
            {
                "Notes": [["Cluster list prepared by the provincial office"], ["2026"]],
                "Clusters": [HEADER, *GOOD],
            }
        ),
        "numbers_in_excel.xlsx": xlsx_bytes(
            {"clusters": [HEADER, [*GOOD[0][:6], 34.30158, 48.82166, *GOOD[0][8:]]]}
        ),
        "no_registry_sheet.xlsx": xlsx_bytes({"Sheet1": [["name", "town"], ["x", "y"]]}),
        "fake.xlsx": csv_text(GOOD).encode("utf-8"),
        "truncated.xlsx": xlsx_good[: len(xlsx_good) // 2],
        "truncated.csv": (csv_text(GOOD[:2]) + 'hormozgan-fishing,"Hormozgan fish').encode(),
        "mixed_encodings.csv": (
            csv_text(GOOD[:1]).encode("utf-8")
            + cp1256(",".join(with_cell(GOOD[1], "name_fa", "خوشه نساجی")))
            + b"\r\n"
        ),
        "hostile_html.csv": csv_text(
            [
                with_cell(
                    with_cell(GOOD[0], "name_en", "<img src=x onerror=alert(1)>"),
                    "sector",
                    "<script>alert(2)</script>",
                ),
                with_cell(GOOD[1], "name_en", "[link](http://example.invalid) ![i](x.png)"),
            ]
        ).encode("utf-8"),
        "formula_injection.csv": csv_text(
            [
                with_cell(GOOD[0], "name_en", '=HYPERLINK("http://example.invalid","x")'),
                with_cell(GOOD[1], "sector", "+cmd|' /C calc'!A0"),
                with_cell(GOOD[2], "name_en", "@SUM(1+1)"),
            ]
        ).encode("utf-8"),
        "duplicate_header.csv": csv_text([[*GOOD[0], "Yazd"]], header=[*HEADER, "province"]).encode(
            "utf-8"
        ),
        "large_10k_few_bad.csv": large_with_bad_rows().encode("utf-8"),
        # Issue 18: crashes, row numbers, quotes, encodings, hostile workbooks.
        "separators_only.csv": b",,,,\r\n,,,,\r\n\r\n,,,,,,\r\n",
        "blank_lines.csv": (
            csv_text([])
            + csv_text([GOOD[0]]).split("\r\n", 1)[1]
            + "\r\n"
            + csv_text([GOOD[1], with_cell(GOOD[2], "province", "Hormozgn")]).split("\r\n", 1)[1]
        ).encode("utf-8"),
        "blank_rows.xlsx": xlsx_bytes(
            {"clusters": [HEADER, GOOD[0], [], [], with_cell(GOOD[1], "province", "Yazdd")]}
        ),
        "unclosed_quote.csv": unclosed_quote().encode("utf-8"),
        "control_characters.csv": control_characters().encode("utf-8"),
        "formula_headers.csv": csv_text(
            [
                [*with_cell(GOOD[0], "province", "Atlantis"), "1", "2", "3", "4"],
                [*GOOD[1], *"abcd"],
            ],
            header=[
                *HEADER,
                '=HYPERLINK("http://example.invalid","x")',
                "@SUM(1)",
                "+cmd|' /C calc'!A0",
                "-2+3",
            ],
        ).encode("utf-8"),
        "unicode_text_utf16.txt": b"\xff\xfe" + csv_text(GOOD, "\t").encode("utf-16-le"),
        "utf16be_no_bom.csv": csv_text(GOOD).encode("utf-16-be"),
        "utf16le_no_bom.csv": csv_text(GOOD, ";").encode("utf-16-le"),
        "utf32le_bom.csv": b"\xff\xfe\x00\x00" + csv_text(GOOD).encode("utf-32-le"),
        "utf32be_no_bom.csv": csv_text(GOOD, "\t").encode("utf-32-be"),
        "utf16_cut_short.csv": (b"\xff\xfe" + csv_text(GOOD).encode("utf-16-le"))[:-1],
        "malformed_sheet.xlsx": raw_xlsx(
            sheet_xml([(1, HEADER), (2, GOOD[0])]).replace(b"</row></sheetData>", b"</sheetData>")
        ),
        "malformed_workbook.xlsx": raw_xlsx(
            sheet_xml([(1, HEADER), (2, GOOD[0])]), workbook_xml=b"<workbook><sheets></workbook>"
        ),
        "entity_expansion.xlsx": raw_xlsx(
            sheet_xml([(1, HEADER), (2, GOOD[0])]),
            shared_xml=(
                BILLION_LAUGHS + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
            ).encode(),
        ),
        "external_entity.xlsx": raw_xlsx(
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + sheet_xml([(1, HEADER), (2, [*GOOD[0][:-1], "&x;"])]).split(b"?>", 1)[1]
        ),
        "declared_dimension.xlsx": raw_xlsx(
            sheet_xml(
                [(1, HEADER), *((i + 2, row) for i, row in enumerate(GOOD))],
                before_data='<dimension ref="A1:XFD1048576"/>',
            )
        ),
        "far_cell.xlsx": raw_xlsx(
            sheet_xml([(1, HEADER), (2, GOOD[0]), (3, GOOD[1])]).replace(
                b'</row><row r="3">',
                b'<c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row><row r="3">',
            )
        ),
    }


def main() -> int:
    FILES.mkdir(exist_ok=True)
    written = cases()
    for name, data in written.items():
        (FILES / name).write_bytes(data)
    print(f"wrote {len(written)} files to {FILES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
