"""Every download the pages offer, read back: not one formula-leading cell, headers included.

The session shows an upload whose names start like formulas; each page is run
and every file its download buttons would hand the browser is parsed.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from mapping.cells import FORMULA_START
from mapping.provinces import load_provinces
from mapping.upload import validate_upload
from tests.conftest import ROOT
from tests.upload_corpus.make_corpus import FILES

APP = str(ROOT / "app.py")
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture
def downloads(monkeypatch):
    saved: list[tuple[bytes, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        saved.append((path_or_data, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def cells_of(data: bytes, name: str) -> list[str]:
    """Every header and cell of a CSV or .xlsx file, as text."""
    if name.endswith(".xlsx"):
        frames = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, header=None)
        return [str(v) for f in frames.values() for v in f.to_numpy().ravel() if pd.notna(v)]
    assert not data.startswith(b"PK"), name  # a CSV is not a zip
    frame = pd.read_csv(
        io.BytesIO(data), dtype=str, keep_default_na=False, header=None, encoding="utf-8-sig"
    )
    return [str(v) for v in frame.to_numpy().ravel()]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def formula_cells(data: bytes, name: str) -> list[str]:
    """Cells a spreadsheet would run as a formula (a negative number is a number)."""
    return [c for c in cells_of(data, name) if c.startswith(FORMULA_START) and not _number(c)]


@pytest.mark.parametrize("page", PAGES)
def test_no_download_holds_a_formula(page, downloads):
    result = validate_upload(
        "formula_injection.csv", (FILES / "formula_injection.csv").read_bytes(), load_provinces()
    )
    assert len(result.valid), "the corpus file must have valid rows that start like formulas"
    assert any(str(n).startswith(FORMULA_START) for n in result.valid["name_en"])
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["user_data"] = {
        "name": "formula_injection.csv",
        "mode": "replace",
        "registry": result.valid,
    }
    at.run()
    if page != "pages/national_map.py":
        at.switch_page(page).run()
    assert not at.exception
    checked = 0
    for data, name in downloads:
        if callable(data) or not isinstance(data, bytes) or not name:
            continue
        if not name.endswith((".csv", ".xlsx")):
            continue
        assert formula_cells(data, name) == [], name
        checked += 1
    if page in {"pages/national_map.py", "pages/international.py", "pages/your_data.py"}:
        assert checked, f"{page} offers no CSV or Excel download"


def test_the_checker_finds_a_formula():
    assert formula_cells(b"name\r\n=cmd\r\n", "x.csv") == ["=cmd"]
    assert formula_cells(b"=HYPERLINK(1)\r\nx\r\n", "x.csv") == ["=HYPERLINK(1)"]
    assert formula_cells(b"lon\r\n-6.25\r\n'=x\r\n", "x.csv") == []
