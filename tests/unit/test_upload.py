"""Uploaded files: the corpus of malformed and hostile files, limits, and a property test."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from mapping import upload
from mapping.export import clusters_to_csv, frame_to_xlsx, template_frame
from mapping.registry import REGISTRY_COLUMNS, rejected_rows_frame
from mapping.upload import UploadError, parse_upload, validate_upload
from tests.upload_corpus.make_corpus import FILES, cases

UTF8 = "Read as UTF-8 text, comma-separated."

# file: (rows read, valid, rejected row numbers, [expected issue strings], [expected notes])
ACCEPTED = {
    "valid_utf8.csv": (3, 3, [], [], [UTF8]),
    "valid_utf8_bom.csv": (3, 3, [], [], [UTF8]),
    "valid_cp1256.csv": (3, 3, [], [], ["Read as Windows-1256 text, comma-separated."]),
    "semicolon.csv": (3, 3, [], [], ["Read as UTF-8 text, semicolon-separated."]),
    "tab_separated.csv": (3, 3, [], [], ["Read as UTF-8 text, tab-separated."]),
    "persian_digits.csv": (1, 1, [], [], [UTF8]),
    "arabic_indic_digits.csv": (1, 1, [], [], [UTF8]),
    "persian_province_names.csv": (2, 2, [], [], [UTF8]),
    "extra_columns.csv": (3, 3, [], [], [UTF8]),
    "short_rows.csv": (1, 1, [], [], [UTF8]),
    "hostile_html.csv": (2, 2, [], [], [UTF8]),
    "formula_injection.csv": (3, 3, [], [], [UTF8]),
    "mixed_encodings.csv": (
        2,
        2,
        [],
        [],
        ["Read as mixed encodings (1 lines Windows-1256, 1 UTF-8) text, comma-separated."],
    ),
    "valid.xlsx": (3, 3, [], [], ["Read the Excel sheet 'clusters'."]),
    "numbers_in_excel.xlsx": (1, 1, [], [], ["Read the Excel sheet 'clusters'."]),
    "other_sheet.xlsx": (
        3,
        3,
        [],
        [],
        [
            "Read the Excel sheet 'Clusters'.",
            "The first sheet, 'Notes', has no registry header, so the data was taken from "
            "'Clusters'.",
        ],
    ),
    "xlsx_renamed.csv": (
        3,
        3,
        [],
        [],
        [
            "Read the Excel sheet 'clusters'.",
            "The file is an Excel workbook despite its name; read it as one.",
        ],
    ),
    "unknown_province.csv": (
        3,
        2,
        [3],
        ["row 3, column 'province', value 'Yazdd': unknown province 'Yazdd'. Did you mean: Yazd?"],
        [UTF8],
    ),
    "outside_province.csv": (
        1,
        0,
        [2],
        [
            "row 2, column 'latitude/longitude', value '34.30158, 48.82166': expected a point "
            "in Yazd, the row's province; the point lies in Hamadan"
        ],
        [UTF8],
    ),
    "duplicate_ids.csv": (
        3,
        2,
        [4],
        [
            "row 4, column 'cluster_id', value 'malayer-furniture': duplicate id: already "
            "used on row 2"
        ],
        [UTF8],
    ),
    "missing_name.csv": (
        1,
        0,
        [2],
        ["row 2, column 'name_en', value '': expected a value (this column is required)"],
        [UTF8],
    ),
    "missing_programme.csv": (
        1,
        0,
        [2],
        ["row 2, column 'programme', value '': expected a value (this column is required)"],
        [UTF8],
    ),
    "other_programmes.csv": (3, 3, [], [], [UTF8]),
    "half_coordinates.csv": (
        1,
        0,
        [2],
        [
            "row 2, column 'longitude', value '': expected a value: latitude and longitude "
            "come together, or both stay empty"
        ],
        [UTF8],
    ),
    "ragged_row.csv": (
        2,
        1,
        [3],
        [
            "row 3, column '(whole row)', value 'yes': expected at most 10 cells, as in the "
            "header; this row has 11 (a separator inside an unquoted value?)"
        ],
        [UTF8],
    ),
    "truncated.csv": (
        3,
        2,
        [4],
        [
            "row 4, column 'province', value '': expected a value (this column is required)",
            "row 4, column 'name_en', value 'Hormozgan fish': a quote opens on line 4 and is "
            "never closed; close the quote where the value ends, or remove it",
        ],
        [UTF8],
    ),
    "large_10k_few_bad.csv": (
        10_000,
        9_995,
        [101, 2001, 5001, 8001, 10000],
        [
            "row 101, column 'province', value 'Atlantis': unknown province 'Atlantis'.",
            "row 2001, column 'programme', value '': expected a value (this column is required)",
            "row 5001, column 'cluster_id', value 'synthetic-11': duplicate id: already used "
            "on row 12",
            "row 8001, column 'name_en', value '': expected a value (this column is required)",
            "row 10000, column 'latitude', value '91': expected a latitude in Iran, 24 to "
            "40.5 degrees north",
        ],
        [UTF8],
    ),
    # Issue 18: row numbers are the line or sheet row the user sees (defect 6).
    "blank_lines.csv": (
        3,
        2,
        [5],
        [
            "row 5, column 'province', value 'Hormozgn': unknown province 'Hormozgn'. "
            "Did you mean: Hormozgan?"
        ],
        [UTF8],
    ),
    "blank_rows.xlsx": (
        2,
        1,
        [5],
        ["row 5, column 'province', value 'Yazdd': unknown province 'Yazdd'. Did you mean: Yazd?"],
        ["Read the Excel sheet 'clusters'."],
    ),
    # An open quote is reported with the line it opens on (defect 7).
    "unclosed_quote.csv": (
        12,
        11,
        [8],
        [
            "row 8, column 'name_en', value 'Yazd textile cluster,خوشه صنعتی نساجی یزد,textile,"
            "Yazd,Yazd,31.89722,54.3675,IPI…': a quote opens on line 8 and is only closed on "
            "line 11, so lines 8 to 11 are read as one row; close the quote where the value "
            "ends, or remove it"
        ],
        [UTF8],
    ),
    # Control characters are reported by row and column (defect 4).
    "control_characters.csv": (
        84,
        80,
        [2, 3, 4, 85],
        [
            "row 2, column 'name_en', value 'Malayer␁furniture': the cell holds control "
            "characters (U+0001) that spreadsheets cannot store; remove them",
            "row 3, column 'sector', value 'text␋ile': the cell holds control characters "
            "(U+000B) that spreadsheets cannot store; remove them",
            "row 4, column 'name_en', value '␛[31mred': the cell holds control characters "
            "(U+001B) that spreadsheets cannot store; remove them",
            "row 85, column 'name_en', value 'Yazd␀textile': the cell holds control characters "
            "(U+0000) that spreadsheets cannot store; remove them",
        ],
        [UTF8],
    ),
    "formula_headers.csv": (
        2,
        1,
        [2],
        ["row 2, column 'province', value 'Atlantis': unknown province 'Atlantis'."],
        [UTF8],
    ),
    # UTF-16 and UTF-32, as Excel's "Unicode Text" and others write them (defect 8).
    "unicode_text_utf16.txt": (3, 3, [], [], ["Read as UTF-16 text, tab-separated."]),
    "utf16be_no_bom.csv": (3, 3, [], [], ["Read as UTF-16 text, comma-separated."]),
    "utf16le_no_bom.csv": (3, 3, [], [], ["Read as UTF-16 text, semicolon-separated."]),
    "utf32le_bom.csv": (3, 3, [], [], ["Read as UTF-32 text, comma-separated."]),
    "utf32be_no_bom.csv": (3, 3, [], [], ["Read as UTF-32 text, tab-separated."]),
    # A declared dimension of the whole sheet is ignored (defect 5).
    "declared_dimension.xlsx": (3, 3, [], [], ["Read the Excel sheet 'clusters'."]),
    "far_cell.xlsx": (
        2,
        1,
        [2],
        [
            "row 2, column '(whole row)', value 'far': expected at most 10 cells, as in the "
            "header; this row has 11 (a separator inside an unquoted value?)"
        ],
        ["Read the Excel sheet 'clusters'."],
    ),
}

REFUSED = {
    "empty.csv": "the file is empty",
    "whitespace_only.csv": "the file is empty",
    "header_only.csv": "the file has a header but no data rows",
    "no_header.csv": (
        "the first row must be a header naming the columns cluster_id, name_en, sector, "
        "province, programme; it is missing cluster_id, name_en, sector, province, programme"
    ),
    "binary_png.csv": "the file is a PNG image, not a CSV or .xlsx registry",
    "binary_nul.csv": "the file holds binary data, not text; is it really a CSV file?",
    "pdf_renamed.csv": "the file is a PDF document, not a CSV or .xlsx registry",
    "old_excel.csv": "the file is an old-style Excel (.xls) or Word file",
    "fake.xlsx": "the file is named like an Excel file but is not one",
    "truncated.xlsx": "the Excel file cannot be opened",
    "no_registry_sheet.xlsx": (
        "no sheet has a header naming the columns cluster_id, name_en, sector, province, "
        "programme. Sheets: 'Sheet1' (first row: name, town)."
    ),
    "duplicate_header.csv": (
        "the header names province more than once; keep one column of each name"
    ),
    # Issue 18, defects 4 and 8: inputs that crashed, and clear refusals.
    "separators_only.csv": "the file holds only separators and blank lines, no values",
    "utf16_cut_short.csv": (
        "the file looks like UTF-16 text but cannot be read from line 4 on (is it damaged or "
        "cut short?)"
    ),
    "malformed_sheet.xlsx": (
        "the Excel file cannot be opened (the sheet 'clusters' is not well-formed XML after "
        "its row 2: mismatched tag)"
    ),
    "malformed_workbook.xlsx": (
        "the Excel file cannot be opened (the part xl/workbook.xml is not well-formed XML: "
        "mismatched tag at line 1, column 21)"
    ),
    "entity_expansion.xlsx": (
        "the Excel file cannot be opened (the part xl/sharedStrings.xml declares a document type)"
    ),
    "external_entity.xlsx": (
        "the Excel file cannot be opened (the part xl/worksheets/sheet1.xml declares a "
        "document type)"
    ),
}


def test_corpus_is_complete_and_reproducible():
    written = cases()
    assert set(written) == set(ACCEPTED) | set(REFUSED)
    assert len(written) >= 30
    on_disk = {p.name for p in FILES.iterdir()}
    assert on_disk == set(written)
    for name, data in written.items():
        assert (FILES / name).read_bytes() == data, f"{name}: run make_corpus again"


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_files(name, provinces):
    n_read, n_valid, rejected, issues, notes = ACCEPTED[name]
    result = validate_upload(name, (FILES / name).read_bytes(), provinces)
    assert result.n_read == n_read
    assert len(result.valid) == n_valid
    assert result.rejected_rows == rejected
    assert n_valid + len(rejected) == n_read  # nothing lost
    found = [str(i) for i in result.issues]
    for expected in issues:
        assert expected in found, found
    assert [str(n) for n in result.notes] == notes


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files(name, provinces):
    with pytest.raises(UploadError) as info:
        validate_upload(name, (FILES / name).read_bytes(), provinces)
    assert str(info.value).startswith(REFUSED[name])


def test_persian_digits_become_numbers(provinces):
    result = validate_upload("p.csv", (FILES / "persian_digits.csv").read_bytes(), provinces)
    assert result.valid.loc[0, "latitude"] == pytest.approx(34.30158)
    assert result.valid.loc[0, "longitude"] == pytest.approx(48.82166)


def test_hostile_text_is_kept_as_text(provinces):
    result = validate_upload("h.csv", (FILES / "hostile_html.csv").read_bytes(), provinces)
    assert result.valid.loc[0, "name_en"] == "<img src=x onerror=alert(1)>"
    assert result.valid.loc[0, "sector"] == "<script>alert(2)</script>"


def test_formulas_are_neutralised_on_export(provinces):
    result = validate_upload("f.csv", (FILES / "formula_injection.csv").read_bytes(), provinces)
    back = pd.read_csv(io.BytesIO(clusters_to_csv(result.valid)), dtype=str, encoding="utf-8-sig")
    assert back.loc[0, "name_en"] == '\'=HYPERLINK("http://example.invalid","x")'
    assert back.loc[1, "sector"] == "'+cmd|' /C calc'!A0"
    assert back.loc[2, "name_en"] == "'@SUM(1+1)"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(frame_to_xlsx(result.valid[["name_en"]])))
    cells = [c.value for c in book.active["A"]][1:]
    assert all(not str(v).startswith("=") for v in cells)
    assert book.active["A2"].data_type == "s"


def test_rejected_rows_file_matches_the_report(provinces):
    result = validate_upload("big.csv", (FILES / "large_10k_few_bad.csv").read_bytes(), provinces)
    rejected = rejected_rows_frame(result)
    assert list(rejected["row"]) == result.rejected_rows
    assert rejected.loc[0, "problems"] == ("province = 'Atlantis': unknown province 'Atlantis'.")
    assert rejected.loc[0, "province"] == "Atlantis"  # the original cells come along
    assert list(rejected.columns[:2]) == ["row", "problems"]


def test_rejected_rows_keep_extra_columns(provinces):
    data = (FILES / "extra_columns.csv").read_bytes().replace(b"Hamadan", b"Hamadn")
    rejected = rejected_rows_frame(validate_upload("x.csv", data, provinces))
    assert rejected.loc[0, "employees"] == "120"


def test_adding_rejects_ids_of_the_bundled_registry(provinces, registry):
    data = (FILES / "valid_utf8.csv").read_bytes()
    result = validate_upload("a.csv", data, provinces, taken_ids=set(registry["cluster_id"]))
    assert result.rejected_rows == [2, 3, 4]
    assert str(result.issues[0]) == (
        "row 2, column 'cluster_id', value 'malayer-furniture': duplicate id: already used "
        "in the bundled registry"
    )


def test_size_limit(monkeypatch):
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 2 * 2**20)
    with pytest.raises(UploadError, match=r"^the file is 2\.5 MB; the limit is 2 MB$"):
        parse_upload("big.csv", b"x" * (5 * 2**19))


def test_row_limit(monkeypatch):
    monkeypatch.setattr(upload, "MAX_ROWS", 2)
    with pytest.raises(UploadError, match="the file has more than 2 rows"):
        parse_upload("v.csv", (FILES / "valid_utf8.csv").read_bytes())


def test_template_round_trips(provinces, registry):
    template = template_frame(registry)
    assert list(template.columns) == REGISTRY_COLUMNS
    assert template.loc[0, "cluster_id"] == "malayer-furniture"
    for data, name in (
        (template.to_csv(index=False).encode("utf-8-sig"), "t.csv"),
        (frame_to_xlsx(template), "t.xlsx"),
    ):
        result = validate_upload(name, data, provinces)
        assert result.issues == [] and len(result.valid) == 1


def test_the_upload_limit_is_the_one_in_streamlit_config(tmp_path):
    """Changing the limit is one edit: .streamlit/config.toml, which Streamlit,
    this module and the deployment's nginx all read."""
    from mapping.upload import MAX_UPLOAD_BYTES, configured_upload_mb

    assert configured_upload_mb() * 2**20 == MAX_UPLOAD_BYTES
    other = tmp_path / "config.toml"
    other.write_text("[server]\nmaxUploadSize = 7\n")
    assert configured_upload_mb(other) == 7
