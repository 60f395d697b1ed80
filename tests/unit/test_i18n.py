"""The message catalogues are complete and current; messages, numbers and dates by language."""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.i18n import (
    LANGUAGES,
    Message,
    catalogue_path,
    digits,
    format_date,
    format_number,
    nmessage,
    sort_key,
    use_language,
)
from scripts.i18n import _render, extract, untranslated, updated


@pytest.fixture(scope="module")
def template():
    return extract()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_a_translation(template, lang):
    catalog = updated(lang, template)
    assert untranslated(catalog) == [], f"untranslated in {lang}; run python -m scripts.i18n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_in_step_with_the_code(template, lang):
    assert catalogue_path(lang).read_bytes() == _render(updated(lang, template)), (
        "the catalogue is out of date: run python -m scripts.i18n"
    )


def test_the_catalogue_holds_the_interface(template):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert {"Filters", "Reset filters", "Clusters per province", "What changed"} <= ids


def test_message_renders_in_each_language_with_its_digits():
    m = Message("{n} of {total}", n=3, total=15)
    assert m.render("en") == "3 of 15"
    assert m.render("fa") == "۳ از ۱۵"
    with use_language("fa"):
        assert str(m) == "۳ از ۱۵"
    # Text parameters reach the reader unchanged, digits included.
    assert Message("Profile: {name}", name="Yazd 12").render("fa") == "نمایه: Yazd 12"


def test_plural_forms():
    one = nmessage("{n} cluster shown", "{n} clusters shown", n=1)
    many = nmessage("{n} cluster shown", "{n} clusters shown", n=4)
    assert (one.render("en"), many.render("en")) == ("1 cluster shown", "4 clusters shown")
    assert many.render("fa") == "۴ خوشه نمایش داده شده"


def test_numbers_and_dates():
    assert format_number(123456, "fa") == "۱۲۳٬۴۵۶"
    assert format_number(1234.5, "en") == "1,234.5"
    assert digits("2010", "fa") == "۲۰۱۰" and digits("2010", "en") == "2010"
    day = dt.date(2026, 11, 28)
    assert format_date(day, "en") == "28 November 2026"
    assert format_date(day, "fa") == "۷ آذر ۱۴۰۵ (۲۰۲۶-۱۱-۲۸)"


def test_persian_sorts_as_a_persian_reader_looks_up():
    names = ["گیلان", "کرمان", "چهارمحال", "یزد", "آذربایجان", "پارس"]
    assert sorted(names, key=lambda n: sort_key(n, "fa")) == [
        "آذربایجان",
        "پارس",
        "چهارمحال",
        "کرمان",
        "گیلان",
        "یزد",
    ]


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown interface language 'de'"):
        Message("Filters").render("de")
