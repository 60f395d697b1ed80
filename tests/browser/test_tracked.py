"""Issue 14 in a browser: a province click opens its profile, comparisons stay in the link,
the map's measure redraws the legend, and the synthetic registry is labelled."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.browser.test_browser import map_frame, open_page

pytestmark = pytest.mark.browser

SYNTHETIC = "Synthetic — not real data"


def query_of(visit: Visit) -> dict[str, list[str]]:
    return parse_qs(urlparse(visit.page.url).query)


def test_clicking_a_province_opens_its_profile(server, visit):
    open_page(visit, f"{server.url}/?lang=en", 15)
    frame = map_frame(visit.page)
    # Click one province's outline near its corner (away from the markers).
    frame.locator("path.leaflet-interactive").nth(8).click(position={"x": 30, "y": 30}, force=True)
    popup = frame.locator(".leaflet-popup")
    link = popup.locator("a.to-top")
    expect(link).to_have_text("Open the province profile")
    name = popup.locator("b").inner_text()
    href = link.get_attribute("href")
    code = parse_qs(urlparse(href).query)["province"][0]
    assert href == f"/province?province={code}&lang=en"
    link.click()
    visit.page.wait_for_url("**/province?*")
    expect(visit.page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    assert query_of(visit)["province"] == [code]
    assert visit.page_errors == []


def test_a_comparison_is_kept_in_the_link(server, visit):
    visit.page.goto(f"{server.url}/province?province=IR-13&province=Yazd&lang=en")
    expect(visit.page.get_by_role("heading", name="Side by side")).to_be_visible()
    expect(visit.page.get_by_text("Hamadan").first).to_be_visible()
    visit.page.wait_for_function(
        "() => new URL(location.href).searchParams.getAll('province').join() === 'IR-13,IR-21'"
    )
    # Reloading the link shows the same comparison.
    visit.page.reload()
    expect(visit.page.get_by_role("heading", name="Side by side")).to_be_visible()
    assert query_of(visit)["province"] == ["IR-13", "IR-21"]


def test_the_measure_switch_redraws_the_legend(server, visit):
    open_page(visit, f"{server.url}/?lang=en", 15)
    frame = map_frame(visit.page)
    expect(frame.locator(".map-legend h4").first).to_have_text("Clusters per province")
    visit.page.get_by_label("Shade provinces by").click()
    visit.page.get_by_role("option", name="Firms", exact=True).click()
    frame = map_frame(visit.page)
    expect(frame.locator(".map-legend h4").first).to_have_text("Firms per province")
    expect(frame.locator(".map-legend")).to_contain_text("not stated for any of its clusters")
    visit.page.wait_for_function(
        "() => new URL(location.href).searchParams.get('measure') === 'firms'"
    )


def test_the_synthetic_registry_is_labelled_on_every_page(server, visit):
    visit.page.goto(f"{server.url}/your_data?lang=en")
    visit.page.get_by_text("See what a full registry looks like").click()
    button = visit.page.get_by_role("button", name="Load the synthetic demonstration registry")
    button.click()
    banner = visit.page.locator(
        "[data-testid='stMain'] [data-testid='stAlert']", has_text=SYNTHETIC
    )
    expect(banner).to_be_visible()
    for name in ("National cluster map", "The national pipeline", "Province profiles"):
        visit.page.get_by_role("link", name=name).first.click()
        expect(visit.page.get_by_role("heading", level=1).first).to_be_visible()
        expect(banner).to_be_visible()
        if name == "National cluster map":
            expect(visit.page.get_by_text("400 of 400")).to_be_visible()
    assert visit.outside_requests() == []
