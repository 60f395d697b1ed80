"""What issue 18 found, in a real browser: a restarted server loses no interaction,
an upload that is gone says so, and nothing in a link can reach out or become a link."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.test_browser import UPLOADS, map_frame, open_page, upload
from tools.appserver import AppServer

pytestmark = pytest.mark.browser

PAYLOADS = (
    "![x](http://evil.example/x.png)",
    "[l](http://evil.example/l)",
    "www.evil.example/x",
    "x@evil.example",
    "<img src=http://evil.example/i.png>",
)
PARAMETERS = {
    "": ("sector", "programme", "province", "mapping", "basemap", "q"),
    "unido": ("sector", "province", "mapping", "basemap"),
    "international": ("country", "sector_group", "type", "basemap"),
    "policy": ("lang",),
    "changes": ("version",),
    "about": ("sector",),
    "your_data": ("sector",),
    "editor": ("sector",),
}


# Every link and image in a document, as the browser resolved them.
_TARGETS_JS = """() => [
    ...[...document.querySelectorAll('a[href]')].map(a => a.href),
    ...[...document.querySelectorAll('img[src]')].map(i => i.src),
]"""


HOSTILE_HOSTS = {"evil.example", "example.invalid"}


def no_live_link_from(visit: Visit) -> None:
    """No link or image anywhere (page or map iframe) was made from the hostile text.

    The About page links to its sources (OpenStreetMap, GeoNames ...); those
    are ours. Nothing may point at the payloads' hosts, or be an e-mail link.
    """
    for frame in visit.page.frames:
        for target in frame.evaluate(_TARGETS_JS):
            parsed = urlparse(target)
            assert parsed.scheme in {"http", "https", "data", "blob"}, target
            assert parsed.hostname not in HOSTILE_HOSTS, target
    assert visit.outside_requests() == []
    assert visit.dialogs == [] and visit.page_errors == []


@pytest.mark.parametrize("path", PARAMETERS)
def test_markdown_in_every_link_parameter_stays_text(server, visit, path):
    query = "&".join(f"{key}={quote(p)}" for key in PARAMETERS[path] for p in PAYLOADS)
    visit.page.goto(f"{server.url}/{path}?lang=en&{query}")
    expect(visit.page.locator("h1")).to_be_visible()
    if path in ("", "unido"):
        # The warnings name the parameter and show the value as it was written
        # (word joiners, invisible, keep the autolinks from forming).
        warning = visit.page.get_by_test_id("stAlertContentWarning").filter(has_text="sector=")
        expect(warning.first).to_be_visible()
        shown = [t.replace("\u2060", "") for t in warning.all_inner_texts()]
        assert (
            "Link parameter sector='[l](http://evil.example/l)' is not a known sector; "
            "ignored." in shown
        )
    no_live_link_from(visit)


def test_uploaded_names_stay_text_on_every_page(server, visit):
    upload(visit, server, "hostile_html.csv")
    visit.page.get_by_role("button", name="Show the 2 valid rows on the map").click()
    pages = (
        "National cluster map",
        "UNIDO programme",
        "IPI programme (Italy)",
        "Iran's cluster programme",
        "Learning from abroad",
        "What changed",
        "About the data",
    )
    for title in pages:
        # Through the navigation: a new page load would start a new session.
        visit.page.get_by_role("link", name=title).click()
        expect(visit.page.locator("h1")).to_be_visible()
        expect(visit.page.get_by_text("Showing your data")).to_be_visible()
        no_live_link_from(visit)
    assert visit.page.locator("img[src='x.png'], a[href^='http://example.invalid']").count() == 0


SESSION_JS = "() => document.documentElement.dataset.session || ''"


def restart_and_wait_for_reconnection(visit: Visit, server: AppServer) -> None:
    """Restart the server; return once the page runs in its new session and is idle."""
    before = visit.page.evaluate(SESSION_JS)
    assert before, "the page names its session on <html data-session>"
    server.restart()
    visit.page.wait_for_function(
        f"(old) => ({SESSION_JS})() !== old && ({SESSION_JS})() !== ''", arg=before
    )
    expect(visit.page.get_by_test_id("stStatusWidget")).to_have_count(0)


def test_a_restarted_server_serves_the_next_interaction(visit):
    fresh = AppServer()
    try:
        open_page(visit, f"{fresh.url}/?lang=en", 15)
        restart_and_wait_for_reconnection(visit, fresh)
        # The reader's next change must take effect.
        search = visit.page.get_by_label("Search names (English or Persian)")
        search.fill("Yazd")
        search.press("Enter")
        expect(visit.page.get_by_text("3 of 15")).to_be_visible()
        expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(3)
        expect(visit.page).to_have_url(f"{fresh.url}/?lang=en&q=Yazd")
    finally:
        fresh.stop()


def test_an_upload_lost_in_a_restart_says_so(visit):
    fresh = AppServer()
    try:
        visit.page.goto(f"{fresh.url}/your_data?lang=en")
        visit.page.locator("input[type=file]").set_input_files(str(UPLOADS / "valid.xlsx"))
        visit.page.get_by_role("button", name="Show the 3 valid rows on the map").click()
        visit.page.get_by_role("link", name="Open the map").click()
        expect(visit.page.get_by_text("3 of 3")).to_be_visible()
        expect(visit.page).to_have_url(f"{fresh.url}/?lang=en&data=yours")
        fresh.restart()
        visit.page.reload()
        expect(
            visit.page.get_by_text("data uploaded in a browser session that has ended")
        ).to_be_visible()
        expect(visit.page.get_by_text("of 15")).to_be_visible()
        expect(visit.page.get_by_text("Showing your data")).to_have_count(0)
    finally:
        fresh.stop()
