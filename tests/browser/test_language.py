"""Persian first, in a real browser: every page in Persian and in English, the page
direction, the font, Persian digits, and English one click away with the filters kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.test_browser import map_frame
from tests.browser.visible_text import count_letters

pytestmark = pytest.mark.browser

PAGES = ("", "unido", "ipi", "imm", "policy", "international", "your_data", "changes", "editor")
# Words with no Persian form: acronyms, names, formats, the language switch's "English".
NAMES = frozenset(
    {"English", "Leaflet", "OpenStreetMap", "CSV", "TXT", "XLSX", "IPI", "IMM", "UNIDO", "ISIC"}
)
PERSIAN_SHARE = 0.95
ASCII_DIGIT = re.compile(r"[0-9]")


# True once no script run has been in progress for ``quiet`` ms (polled each frame):
# a page's map answers its first render with a value, which reruns the page once.
_IDLE_JS = """async (quiet) => {
    let since = performance.now();
    for (;;) {
        await new Promise(r => requestAnimationFrame(r));
        if (document.querySelector('[data-testid="stStatusWidget"]')) since = performance.now();
        else if (performance.now() - since >= quiet) return true;
    }
}"""
QUIET_MS = 1500


def settle(visit: Visit) -> None:
    """Wait for the page: title shown, map drawn, and no run in progress for a while."""
    expect(visit.page.locator("h1")).to_be_visible()
    if visit.page.locator("iframe[title='streamlit_folium.st_folium']").count():
        frame = map_frame(visit.page)
        expect(frame.locator(".leaflet-container[data-clusters-drawn]")).to_have_count(1)
    visit.page.wait_for_function(_IDLE_JS, arg=QUIET_MS, polling="raf")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_persian(server, visit, path):
    visit.page.goto(f"{server.url}/{path}?lang=fa")
    settle(visit)
    root = visit.page.locator("html")
    expect(root).to_have_attribute("lang", "fa")
    expect(root).to_have_attribute("dir", "rtl")
    assert visit.page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert visit.page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Vazirmatn') && f.status === 'loaded')"
    )
    letters = count_letters(visit.page, NAMES)
    assert letters.english_strings == [], letters.english_strings
    assert letters.persian_share >= PERSIAN_SHARE, (letters.persian, letters.latin)
    # Figures in Persian digits.
    for value in visit.page.get_by_test_id("stMetricValue").all_inner_texts():
        assert not ASCII_DIGIT.search(value), value
    # The title of the browser tab is Persian too.
    assert any("\u0600" <= ch <= "\u06ff" for ch in visit.page.title()), visit.page.title()
    assert visit.outside_requests() == [] and visit.page_errors == []


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_english(server, visit, path):
    visit.page.goto(f"{server.url}/{path}?lang=en")
    settle(visit)
    root = visit.page.locator("html")
    expect(root).to_have_attribute("lang", "en")
    expect(root).to_have_attribute("dir", "ltr")
    title = visit.page.locator("h1").inner_text()
    assert title and not any("\u0600" <= ch <= "\u06ff" for ch in title), title
    assert visit.outside_requests() == [] and visit.page_errors == []


def test_a_persian_link_opens_in_persian_in_an_english_browser(server, browser):
    context = browser.new_context(locale="en-US")
    try:
        reader = Visit(context.new_page())
        assert reader.page.evaluate("navigator.language") == "en-US"
        reader.page.goto(f"{server.url}/?lang=fa&sector=leather")
        settle(reader)
        expect(reader.page.locator("html")).to_have_attribute("lang", "fa")
        expect(reader.page.get_by_text("۲ از ۱۵")).to_be_visible()
    finally:
        context.close()


def test_the_browser_language_decides_without_a_link(server, browser):
    for locale, lang in (("fa-IR", "fa"), ("en-GB", "en")):
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(server.url)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page).to_have_url(re.compile(f"lang={lang}"))
        finally:
            context.close()


def test_switching_language_keeps_the_filters(server, visit):
    visit.page.goto(f"{server.url}/?lang=en&sector=leather&province=IR-23")
    settle(visit)
    expect(visit.page.get_by_text("1 of 15")).to_be_visible()
    visit.page.get_by_role("radio", name="فارسی").click()
    expect(visit.page.locator("html")).to_have_attribute("lang", "fa")
    expect(visit.page.get_by_text("۱ از ۱۵")).to_be_visible()
    expect(visit.page).to_have_url(re.compile(r"lang=fa.*sector=leather.*province=IR-23"))
    visit.page.get_by_role("radio", name="English").click()
    expect(visit.page.get_by_text("1 of 15")).to_be_visible()
    expect(visit.page).to_have_url(re.compile(r"lang=en.*sector=leather.*province=IR-23"))


def test_the_map_reads_right_to_left_in_persian(server, visit):
    visit.page.goto(f"{server.url}/?lang=fa")
    settle(visit)
    frame = map_frame(visit.page)
    container = frame.locator(".leaflet-container")
    assert container.get_attribute("dir") == "rtl" and container.get_attribute("lang") == "fa"
    legend = frame.locator(".map-legend")
    expect(legend).to_contain_text("شمار خوشه‌ها در هر استان")
    # Legend bottom left, zoom top right: mirrored.
    assert legend.evaluate("e => !!e.closest('.leaflet-bottom.leaflet-left')")
    assert frame.locator(".leaflet-control-zoom").evaluate(
        "e => !!e.closest('.leaflet-top.leaflet-right')"
    )
    scale = frame.locator(".leaflet-control-scale-line").first.inner_text()
    assert not ASCII_DIGIT.search(scale) and "کیلومتر" in scale, scale
