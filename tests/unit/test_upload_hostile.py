"""Issue 18: hostile uploads that crashed, lost rows or wrote live formulas back.

Each test names the defect it covers; the corpus files come from
``tests/upload_corpus/make_corpus.py``. Cases that need a big file (and the
time and memory bounds) are in ``test_upload_limits.py``.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from mapping import registry_checks, upload
from mapping.cells import FORMULA_START, SPREADSHEET_ILLEGAL
from mapping.export import clusters_to_csv, frame_to_csv, frame_to_xlsx
from mapping.i18n import Message, use_language
from mapping.registry import issues_frame, read_registry_csv, rejected_rows_frame
from mapping.upload import UploadError, parse_upload, validate_upload
from tests.upload_corpus.make_corpus import FILES, GOOD, HEADER, csv_text
from tests.upload_corpus.workbooks import raw_xlsx, sheet_xml


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_cells(data: bytes) -> list[tuple[object, str]]:
    """(value, openpyxl data type) of every cell, header included."""
    sheet = load_workbook(io.BytesIO(data)).active
    return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]


def formula_leading(values: list[object]) -> list[object]:
    return [v for v in values if isinstance(v, str) and v.startswith(FORMULA_START)]


def validated(name: str, provinces):
    return validate_upload(name, (FILES / name).read_bytes(), provinces)


# ------------------------------------------------------------ defect 3: formula headers


def test_every_download_neutralises_headers_and_cells(provinces):
    result = validated("formula_headers.csv", provinces)
    rejected = rejected_rows_frame(result)
    assert '=HYPERLINK("http://example.invalid","x")' in rejected.columns  # as uploaded
    for table in (rejected, result.raw, result.valid):
        cells = csv_cells(frame_to_csv(table))
        assert formula_leading([c for row in cells for c in row]) == []
        assert '\'=HYPERLINK("http://example.invalid","x")' in cells[0] or table is result.valid
        workbook = xlsx_cells(frame_to_xlsx(table))
        assert formula_leading([v for v, _ in workbook]) == []
        assert "f" not in {kind for _, kind in workbook}  # no formula cell at all
    header = csv_cells(frame_to_csv(rejected))[0]
    assert {
        '\'=HYPERLINK("http://example.invalid","x")',
        "'@SUM(1)",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
    } <= set(header)
    assert (
        formula_leading([c for row in csv_cells(clusters_to_csv(result.valid)) for c in row]) == []
    )


# ------------------------------------------- defect 4: inputs that crashed the page


def test_rejected_rows_with_control_characters_still_make_an_excel_file(provinces):
    result = validated("control_characters.csv", provinces)
    rejected = rejected_rows_frame(result)
    workbook = xlsx_cells(frame_to_xlsx(rejected, "rejected"))
    names = [v for v, _ in workbook if isinstance(v, str) and "furniture" in v]
    assert "Malayerfurniture" in names  # stripped from what is written back
    assert not any(SPREADSHEET_ILLEGAL.search(str(v)) for v, _ in workbook)
    text = frame_to_csv(rejected).decode("utf-8-sig")
    assert not SPREADSHEET_ILLEGAL.search(text)
    assert "Yazdtextile" in text  # the NUL after the first 8 KB is gone too
    assert list(rejected["row"]) == [2, 3, 4, 85]


def test_a_first_line_field_over_the_csv_limit_is_named(provinces):
    header = ",".join([*HEADER, "x" * 140_000])
    with pytest.raises(UploadError) as info:
        parse_upload("long.csv", (header + "\r\n1,2,3,4,5,6\r\n").encode())
    assert str(info.value) == (
        "column 11 of the header is 140,000 characters long; a column name may have at most 1,000"
    )


def test_a_cell_over_the_limit_is_reported_by_row_and_column(provinces):
    """Defect 8: one long cell rejects its row, not the file."""
    long = "Yazd " + "y" * 140_000
    data = csv_text([GOOD[0], [*GOOD[1][:9], long]]).encode()
    result = validate_upload("long.csv", data, provinces)
    assert result.rejected_rows == [3]
    assert str(result.issues[0]) == (
        f"row 3, column 'in_national_mapping', value '{long[:80]}…': the cell holds 140,005 "
        "characters, more than the 131,072 a cell may hold"
    )
    rejected = rejected_rows_frame(result)
    assert rejected.loc[0, "in_national_mapping"] == long  # kept whole for the CSV
    cut = [v for v, _ in xlsx_cells(frame_to_xlsx(rejected)) if str(v).startswith("Yazd y")]
    assert len(cut[0]) == 32_767  # Excel's own limit


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("commas.csv", b",,,,,,\n,,,\n", "the file holds only separators and blank lines"),
        ("quotes.csv", b'"",""\n;\n', "the file holds only separators and blank lines"),
        (
            "wide.csv",
            (",".join(HEADER) + "," * 300 + ",x\r\n").encode(),
            "the header has 311 columns; a registry file may have at most 200",
        ),
    ],
)
def test_degenerate_csv_files_are_refused_clearly(name, data, message):
    with pytest.raises(UploadError) as info:
        parse_upload(name, data)
    assert str(info.value).startswith(message)


def test_a_reuploaded_report_of_rejected_rows_can_be_reported_again(provinces):
    first = validated("unknown_province.csv", provinces)
    report = frame_to_csv(rejected_rows_frame(first))
    again = validate_upload("report.csv", report, provinces)
    rejected = rejected_rows_frame(again)
    assert list(rejected.columns[:2]) == ["row", "problems"]
    assert list(rejected["row"]) == [2]  # the report's own row number
    assert rejected.loc[0, "province"] == "Yazdd"


# --------------------------------------------------- defect 6: row numbers


def test_registry_files_count_blank_lines(tmp_path, provinces):
    path = tmp_path / "clusters.csv"
    path.write_bytes((FILES / "blank_lines.csv").read_bytes())
    raw = read_registry_csv(path)
    assert list(raw.index) == [2, 4, 5]


# --------------------------------------------------- defect 7: quotes


def test_a_quoted_value_over_several_lines_is_not_a_problem(provinces):
    notes = "first line, with a comma\r\nsecond line"
    data = csv_text([[*GOOD[0], notes]], header=[*HEADER, "notes"]).encode()
    result = validate_upload("notes.csv", data, provinces)
    assert result.issues == []
    assert result.raw.loc[2, "notes"] == notes


# --------------------------------------------------- defect 5: declared sizes


def test_xlsx_rows_limit_and_sheet_limits(monkeypatch):
    monkeypatch.setattr(upload, "MAX_ROWS", 2)
    data = raw_xlsx(sheet_xml([(1, HEADER), *((i + 2, GOOD[0]) for i in range(3))]))
    with pytest.raises(UploadError, match=r"^the file has more than 2 rows; split it"):
        parse_upload("x.xlsx", data)


def test_a_workbook_part_compressed_like_a_bomb_is_refused():
    padding = f'<c t="inlineStr"><is><t>{" " * 30_000_000}</t></is></c>'
    data = raw_xlsx(sheet_xml([(1, HEADER)]).replace(b"</row>", padding.encode() + b"</row>"))
    assert len(data) < 100_000
    with pytest.raises(UploadError) as info:
        parse_upload("bomb.xlsx", data)
    assert str(info.value).startswith(
        "the part xl/worksheets/sheet1.xml of the workbook is compressed"
    )
    assert str(info.value).endswith("far more than any real sheet; it looks like a zip bomb")


# ------------------------------------------------ limits on the number of problems


def test_too_many_problems_are_refused_with_where_they_are(monkeypatch, provinces):
    monkeypatch.setattr(upload, "MAX_ISSUES", 3)
    data = csv_text([["?", "", "", "", "Atlantis", "", "", "", "", ""]] * 2).encode()
    with pytest.raises(UploadError) as info:
        validate_upload("bad.csv", data, provinces)
    assert str(info.value) == (
        "the file has 11 problems, more than the 3 that can be listed; most are in the columns "
        "cluster_id (3), name_en (2), programme (2), province (2), sector (2). Is it a cluster "
        "registry laid out like the template?"
    )


def test_suggestions_stop_after_many_different_unknown_provinces(monkeypatch, provinces):
    monkeypatch.setattr(registry_checks, "MAX_SUGGESTED_NAMES", 1)
    rows = [
        [f"c{i}", "x", "", "s", name, "", "", "", "none", ""]
        for i, name in enumerate(["Yazdd", "Hamadn", "Yazdd"])
    ]
    result = validate_upload("p.csv", csv_text(rows).encode(), provinces)
    assert [str(i.problem) for i in result.issues] == [
        "unknown province 'Yazdd'. Did you mean: Yazd?",
        "unknown province (the file names too many different unknown provinces to suggest a "
        "name for each)",
        "unknown province 'Yazdd'. Did you mean: Yazd?",
    ]
    assert result.issues[0].problem is result.issues[2].problem  # resolved once


# ------------------------------------------------ messages are translatable


def test_problems_and_refusals_render_in_persian(provinces):
    result = validated("blank_lines.csv", provinces)
    issue = result.issues[0]
    assert isinstance(issue.problem, Message)
    with use_language("fa"):
        text = str(issue)
        table = issues_frame(result.issues)
        report = rejected_rows_frame(result)
    assert "ردیف ۵" in text and "'Hormozgn'" in text
    assert "استان" in table.loc[0, "problem"]
    assert "استان" in report.loc[0, "problems"]
    with pytest.raises(UploadError) as info:
        parse_upload("e.csv", b"  \r\n")
    with use_language("fa"):
        assert str(info.value) == "فایل خالی است"
    assert str(info.value) == "the file is empty"


@pytest.mark.parametrize(
    ("patch", "reason"),
    [
        ("encrypted", "is encrypted, password required for extraction"),
        ("compression", "That compression method is not supported"),
    ],
)
def test_a_workbook_part_that_cannot_be_unpacked_is_refused(patch, reason):
    data = bytearray(raw_xlsx(sheet_xml([(1, HEADER), (2, GOOD[0])])))
    name = b"xl/worksheets/sheet1.xml"
    for signature, flags_at, method_at, name_at in (
        (b"PK\x03\x04", 6, 8, 30),
        (b"PK\x01\x02", 8, 10, 46),
    ):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(name)] != name:
            at = data.find(signature, at + 1)
        if patch == "encrypted":
            data[at + flags_at] |= 1
        else:
            data[at + method_at : at + method_at + 2] = (99).to_bytes(2, "little")
    with pytest.raises(UploadError) as info:
        parse_upload("locked.xlsx", bytes(data))
    assert str(info.value).startswith(
        "the Excel file cannot be opened (the part xl/worksheets/sheet1.xml cannot be unpacked: "
    )
    assert reason in str(info.value)
