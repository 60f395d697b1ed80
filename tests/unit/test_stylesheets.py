"""The app's stylesheets reach the page.

``components/language.py`` injects each stylesheet with ``st.html``, which
sanitises it with DOMPurify: a ``<style>`` whose text contains ``<`` followed
by a letter or ``/`` (even inside a CSS comment, such as "<html>") is dropped
whole, silently. rtl.css was lost that way until this test.
"""

from __future__ import annotations

import re

import pytest

from components.language import APP_CSS, RTL_CSS

TAG_LIKE = re.compile(r"<[/\w]")


@pytest.mark.parametrize("path", [APP_CSS, RTL_CSS], ids=lambda p: p.name)
def test_no_stylesheet_holds_text_that_looks_like_a_tag(path):
    text = path.read_text(encoding="utf-8")
    assert text.strip()
    lines = [n for n, line in enumerate(text.splitlines(), 1) if TAG_LIKE.search(line)]
    assert lines == [], f"{path.name}: '<' before a letter or '/' on lines {lines}"


def test_the_check_sees_a_tag_in_a_comment():
    assert TAG_LIKE.search('/* with dir="rtl" on <html> */')
    assert not TAG_LIKE.search("/* a < b */")
