"""The Persian data documentation stays in step with the English one it translates.

``data/README.fa.md`` is our translation of ``data/README.md`` (the English is
authoritative). These checks catch a translation left behind when the English
changes: a section or a table row added, a column or file renamed, a command
edited, or a passage left untranslated.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import ROOT

ENGLISH = ROOT / "data" / "README.md"
PERSIAN = ROOT / "data" / "README.fa.md"
MIN_PERSIAN_SHARE = 0.80
# What the English document holds today, so that no check passes on nothing.
ENGLISH_TABLES = 8
ENGLISH_HEADINGS = Counter({2: 10})

FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^(#{1,6})[ \t]+\S", re.MULTILINE)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
URL = re.compile(r"https?://[^\s)>\]]+")
# Arabic-script letters as Persian writes them, with the presentation forms.
PERSIAN_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
TABLE_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def fenced_blocks(text: str) -> list[str]:
    """The fenced code blocks of a Markdown text, in order."""
    return FENCE.findall(text)


def prose(text: str) -> str:
    """The text without its fenced code blocks."""
    return FENCE.sub("", text)


def heading_levels(text: str) -> list[int]:
    """The level of every heading outside code, in order."""
    return [len(m.group(1)) for m in HEADING.finditer(prose(text))]


def split_row(line: str) -> list[str]:
    """The cells of one Markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(text: str) -> list[list[list[str]]]:
    """Every table outside code: a list of rows (header first), each a list of cells."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*prose(text).splitlines(), ""]:
        if line.lstrip().startswith("|"):
            if not TABLE_SEPARATOR.match(line.strip()):
                current.append(split_row(line))
        elif current:
            found.append(current)
            current = []
    return found


def first_column_codes(table: list[list[str]]) -> list[list[str]]:
    """The code names (in backticks) of each body row's first cell."""
    return [CODE_SPAN.findall(row[0]) for row in table[1:]]


def code_tokens(text: str) -> set[str]:
    """Every backticked token outside fenced code."""
    return set(CODE_SPAN.findall(prose(text)))


def link_targets(text: str) -> set[str]:
    """Every link target and bare URL outside fenced code."""
    body = prose(text)
    return set(LINK_TARGET.findall(body)) | set(URL.findall(body))


def persian_share(text: str) -> float:
    """Persian letters among all letters, outside code, code spans, link targets and URLs."""
    body = CODE_SPAN.sub(" ", prose(text))
    body = URL.sub(" ", LINK_TARGET.sub("]", body))
    letters = [c for c in body if c.isalpha()]
    if not letters:
        return 0.0
    return sum(bool(PERSIAN_LETTER.match(c)) for c in letters) / len(letters)


@pytest.fixture(scope="module")
def english() -> str:
    return ENGLISH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def persian() -> str:
    return PERSIAN.read_text(encoding="utf-8")


def test_the_persian_document_says_it_is_our_translation(persian):
    opening = persian.lstrip().split("\n\n", 1)[0]
    assert opening.startswith(">"), opening
    assert "ترجمه ما" in opening and "`data/README.md`" in opening
    assert "متن انگلیسی معتبر است" in opening


def test_the_same_headings_at_each_level(english, persian):
    assert Counter(heading_levels(english)) == ENGLISH_HEADINGS
    assert heading_levels(persian) == heading_levels(english)


def test_every_table_has_the_same_rows_and_first_column_codes(english, persian):
    english_tables, persian_tables = tables(english), tables(persian)
    assert len(english_tables) == ENGLISH_TABLES
    assert len(persian_tables) == len(english_tables)
    for number, (en, fa) in enumerate(zip(english_tables, persian_tables, strict=True), 1):
        assert len(fa) == len(en), f"table {number}: {len(fa)} rows, English has {len(en)}"
        assert [len(row) for row in fa] == [len(row) for row in en], f"table {number}: cells"
        assert first_column_codes(fa) == first_column_codes(en), f"table {number}"
        assert all(first_column_codes(en)), f"table {number}: a row names no column or file"


def test_every_backticked_token_of_the_english_is_in_the_persian(english, persian):
    assert len(code_tokens(english)) > 100
    assert sorted(code_tokens(english) - code_tokens(persian)) == []


def test_commands_and_links_are_kept_as_they_are(english, persian):
    assert fenced_blocks(english)
    assert fenced_blocks(persian) == fenced_blocks(english)
    assert sorted(link_targets(english) - link_targets(persian)) == []


def test_the_persian_document_is_mostly_persian(english, persian):
    assert persian_share(english) < 0.01
    assert persian_share(persian) >= MIN_PERSIAN_SHARE


# The checks themselves, on small texts: each tells a difference it must catch.


def test_headings_inside_code_are_not_headings():
    text = "## One\n\n```\n# a shell comment\n```\n\n### Two\n"
    assert heading_levels(text) == [2, 3]


def test_a_missing_table_row_and_a_renamed_column_are_seen():
    en = "| column | meaning |\n| --- | --- |\n| `a`, `b` | x |\n| `c` | y |\n"
    fa = "| ستون | معنا |\n| --- | --- |\n| `a`، `b` | ایکس |\n"
    renamed = "| ستون | معنا |\n| --- | --- |\n| `a`، `b` | ایکس |\n| `d` | وای |\n"
    assert len(tables(en)[0]) == 3 and len(tables(fa)[0]) == 2
    assert first_column_codes(tables(en)[0]) == [["a", "b"], ["c"]]
    assert first_column_codes(tables(renamed)[0]) != first_column_codes(tables(en)[0])


def test_code_and_urls_do_not_count_as_letters():
    text = "داده `cluster_id` [OSM](https://www.openstreetmap.org/)\n\n```\nmake run\n```\n"
    # Letters left: داده (4) and OSM (3).
    assert persian_share(text) == pytest.approx(4 / 7)
    assert persian_share("untranslated text") == 0.0
