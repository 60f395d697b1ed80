"""The About page shows the data documentation in the reader's language."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
ENGLISH = (ROOT / "data" / "README.md").read_text(encoding="utf-8").strip()
PERSIAN = (ROOT / "data" / "README.fa.md").read_text(encoding="utf-8").strip()


def about(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page("pages/about.py")
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> list[str]:
    return [m.value.strip() for m in at.markdown]


def test_persian_readers_get_the_persian_documentation_and_no_notice():
    at = about("fa")
    assert PERSIAN in shown(at)
    assert ENGLISH not in shown(at)
    assert len(at.info) == 0
    assert at.title[0].value == "درباره داده‌ها"


def test_english_readers_get_the_english_documentation():
    at = about("en")
    assert ENGLISH in shown(at)
    assert PERSIAN not in shown(at)
    assert at.title[0].value == "About the data"
