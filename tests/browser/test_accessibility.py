"""Usable by everyone (issue 12): axe-core on every page, main document and map
iframes, in both languages and both colour settings; the keyboard path to a
profile and the download; named markers, letters per programme; phones."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from tests.browser.conftest import TIMEOUT_MS
from tools.appserver import MAP_FRAME, ROOT

pytestmark = pytest.mark.browser

AXE = (ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js").read_text()
# Every page of the app: (path and query, whether it draws a map).
PAGES = (
    ("", True),
    ("unido", True),
    ("ipi", True),
    ("imm", True),
    ("pipeline", False),
    ("province?province=IR-13", False),
    ("policy", False),
    ("international", True),
    ("your_data", False),
    ("changes", False),
    ("about", False),
    ("editor", False),
)
BLOCKING = {"critical", "serious"}
MAX_TABS = 20


def axe_violations(frame: Frame) -> list[dict]:
    frame.evaluate(AXE)
    return frame.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )


def open_app(page: Page, url: str, drawn: int | bool) -> None:
    """Go to ``url``; wait until its script has run and, on a map page, the map is
    drawn (``drawn`` clusters, or any number when True)."""
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[data-test-script-state='notRunning']")).to_have_count(1)
    # Nothing faded as stale (a faded element fails the contrast check).
    expect(page.locator("[data-stale='true']")).to_have_count(0)
    if drawn is False:
        return
    flag = "[data-clusters-drawn]" if drawn is True else f"[data-clusters-drawn='{drawn}']"
    expect(page.locator(MAP_FRAME).last.content_frame.locator(flag)).to_have_count(1)


def frame_of(page: Page) -> Frame:
    handle = page.locator(MAP_FRAME).last.element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_axe_finds_nothing_serious_on_any_page(server, browser: Browser, lang, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    blocking, minor = [], Counter()
    try:
        for path, drawn in PAGES:
            sep = "&" if "?" in path else "?"
            open_app(page, f"{server.url}/{path}{sep}lang={lang}", drawn)
            documents = [("page", page.main_frame)]
            if drawn:
                documents.append(("map", frame_of(page)))
            for where, frame in documents:
                for v in axe_violations(frame):
                    if v["impact"] in BLOCKING:
                        blocking.append((path or "home", where, v["id"], v["nodes"][:3]))
                    else:
                        minor[(v["impact"], v["id"])] += len(v["nodes"])
    finally:
        context.close()
    print(f"\naxe {lang}/{scheme}: moderate and minor nodes by rule: {dict(minor)}")
    assert blocking == [], "\n".join(map(str, blocking))


def tab_until(page: Page, wanted: str, limit: int) -> int:
    """Press Tab until the focused element matches the JS predicate ``wanted``; the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const a = document.activeElement; return {wanted}; }}"):
            return presses
    raise AssertionError(f"not reached in {limit} Tab presses: {wanted}")


IN_MAP = (
    "a.tagName === 'IFRAME' && a.contentDocument && "
    "a.contentDocument.activeElement.classList.contains('leaflet-container')"
)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_keyboard_reaches_a_profile_and_the_download_in_few_tabs(server, visit, lang):
    page = visit.page
    open_app(page, f"{server.url}/?lang={lang}", 15)
    presses = tab_until(page, "a.dataset.testid === 'stSkipToContent'", 3)
    page.keyboard.press("Enter")
    presses += tab_until(page, IN_MAP, MAX_TABS)
    frame = frame_of(page)
    container = frame.locator(".leaflet-container")
    expect(container).to_have_attribute("role", "region")
    page.keyboard.press("n")
    live = frame.locator(".leaflet-container > [aria-live]")
    expect(live).to_contain_text("1 / 15")
    page.keyboard.press("Enter")
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_focused()
    # The profile opened is the one of the cluster announced.
    name = popup.locator(".cluster-profile h4").inner_text().strip()
    assert name and name in live.inner_text()
    print(f"\n{lang}: a cluster's profile after {presses} Tab presses")
    assert presses < MAX_TABS
    page.keyboard.press("Escape")
    expect(frame.locator(".leaflet-popup")).to_have_count(0)
    expect(container).to_be_focused()

    open_app(page, f"{server.url}/?lang={lang}", 15)
    presses = tab_until(page, "a.dataset.testid === 'stSkipToContent'", 3)
    page.keyboard.press("Enter")
    presses += tab_until(page, "a.classList.contains('skip-map')", MAX_TABS)
    page.keyboard.press("Enter")
    presses += tab_until(page, "a.closest('[data-testid=stDownloadButton]') !== null", MAX_TABS)
    print(f"{lang}: the download after {presses} Tab presses")
    assert presses < MAX_TABS
    with page.expect_download() as got:
        page.keyboard.press("Enter")
    assert got.value.suggested_filename.endswith(".csv")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_markers_are_named_and_lettered_and_out_of_the_tab_order(server, visit, lang):
    open_app(visit.page, f"{server.url}/unido?lang={lang}", 3)
    frame = frame_of(visit.page)
    markers = frame.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(3)
    expect(markers.first).to_have_attribute("role", "img")
    expect(markers.first).to_have_attribute("tabindex", "-1")
    labels = [markers.nth(i).get_attribute("aria-label") or "" for i in range(3)]
    programme = "UNIDO" if lang == "en" else "یونیدو"
    assert all(programme in label for label in labels), labels
    province = "Tehran" if lang == "en" else "تهران"
    assert any(province in label for label in labels), labels
    assert frame.locator(".leaflet-marker-icon .cm[data-glyph='U']").count() == 3
    legend = frame.locator(".map-legend .cm[data-glyph='U']")
    expect(legend).to_have_count(1)
    areas = frame.locator("path.leaflet-interactive[role='img'][aria-label]")
    expect(areas).to_have_count(31)
    tabbable = frame.locator(".leaflet-control a[href]:not([tabindex='-1'])")
    expect(tabbable).to_have_count(0)


def test_phone_legend_folds_and_popups_fit(server, browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        open_app(page, f"{server.url}/?lang=fa", 15)
        frame = frame_of(page)
        legend = frame.locator(".map-legend")
        toggle = legend.locator("button.legend-toggle")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text("راهنمای نقشه")
        expect(legend.locator(".legend-body")).to_be_hidden()
        toggle.click()
        expect(legend.locator(".legend-body")).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        toggle.click()
        frame.locator(".leaflet-marker-icon").first.click()
        popup = frame.locator(".leaflet-popup")
        expect(popup).to_be_visible()
        width = frame.locator(".leaflet-container").bounding_box()["width"]
        assert popup.bounding_box()["width"] <= width
    finally:
        context.close()
