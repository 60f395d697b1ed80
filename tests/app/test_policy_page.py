"""The draft page "Iran's cluster programme" (pages/policy.py) in AppTest, in both languages."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "policy.py")
OFFICE = "by creating industrial clusters office in the second half of 2001"


def page_script(page: str, lang: str, hostile: bool) -> None:
    """Run the page as the router would, in ``lang`` (AppTest runs this function's body)."""
    import runpy

    import streamlit as st

    import mapping.policy
    from mapping.i18n import set_language

    st.cache_data.clear()
    set_language(lang)
    if hostile:
        load = mapping.policy.load_policy

        def load_hostile(*args, **kwargs):
            policy = load(*args, **kwargs)
            points = policy["plan_points"]
            points.loc[points["number"].eq(1), "description"] = (
                "<script>alert(1)</script> **bold** [link](http://example.com)"
            )
            points.loc[points["number"].eq(2), "title"] = "<img src=x onerror=alert(2)>"
            return policy

        mapping.policy.load_policy = load_hostile
    try:
        runpy.run_path(page)
    finally:
        if hostile:
            mapping.policy.load_policy = load


def run(lang: str, hostile: bool = False) -> AppTest:
    at = AppTest.from_function(page_script, args=(PAGE, lang, hostile), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def html_blocks(at: AppTest) -> str:
    """Everything the page sends as HTML (quotations are HTML, never Markdown)."""
    return "\n".join(h.proto.body for h in at.get("html"))


@pytest.fixture(scope="module")
def english() -> AppTest:
    return run("en")


@pytest.fixture(scope="module")
def persian() -> AppTest:
    return run("fa")


def test_english_page_has_every_section(english):
    assert english.title[0].value == "Iran's cluster programme"
    assert [h.value for h in english.header] == [
        "The national plan and what was done",
        "Objectives of industrial clusters (section 3)",
        "Types of clusters (section 4)",
        "Shortcomings and the recommendations that answer them",
        "Hypotheses and conclusion",
        "References",
    ]
    subheaders = [h.value for h in english.subheader]
    assert subheaders[:6] == [
        "How the programme began",
        "1. Culture and information making",
        "2. Mapping of national industrial clusters",
        "3. Modeling",
        "4. Lawful preparations",
        "5. Development of institutions",
    ]


QUOTE = r'<blockquote class="paper-quote" lang="en" dir="ltr">(.*?)</blockquote>'


def test_quotes_are_quotations_with_our_translation(english, persian):
    text = html_blocks(english)
    quotes = re.findall(QUOTE, text)
    assert any(OFFICE in q for q in quotes)
    assert any("at least 4 out of six goals" in q for q in quotes)
    assert len(quotes) >= 50
    assert "Our translation" not in text  # an English reader gets the paper's words only
    persian_quotes = re.findall(QUOTE, html_blocks(persian))
    assert len(persian_quotes) == len(quotes)
    assert html_blocks(persian).count("<b>ترجمه ما:</b>") == len(quotes)
    assert "second half of 2001" in [c.value.removeprefix("Date: ") for c in english.caption]
    assert [i.value for i in english.info] == ["The paper reports nothing done under this point."]


def test_persian_page_keeps_the_papers_english(persian):
    assert persian.title[0].value == "برنامه خوشه‌های صنعتی ایران"
    text = markdown(persian)
    quotes = html_blocks(persian)
    assert '<blockquote class="paper-quote" lang="en" dir="ltr">' in quotes and OFFICE in quotes
    assert "نیمه دوم سال ۲۰۰۱ میلادی" in " ".join(c.value for c in persian.caption)
    # Our readings in Persian, right to left.
    assert '<p lang="fa" dir="rtl">تنها نیمه لجستیک' in text


def test_data_text_is_escaped():
    at = run("en", hostile=True)
    text = html_blocks(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](http://example.com)" in text
    assert "<script>" not in text
    # Headings are Markdown: the tag arrives as character references, shown as text.
    headings = " ".join(h.value for h in at.subheader)
    assert "2. &#60;img src&#61;x onerror&#61;alert&#40;2&#41;&#62;" in headings
    assert "<img" not in headings
