"""What only a browser shows: the map is drawn, filters redraw it, links and downloads work,
nothing is fetched from outside, and hostile text stays text."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tools.appserver import MAP_FRAME, ROOT, AppServer

pytestmark = pytest.mark.browser

PAGES = {
    "": 15,
    "unido": 3,
    "ipi": 2,
    "imm": 1,
}


def map_frame(page):
    """The map iframe's content. While Streamlit swaps a redrawn map in, the old
    iframe lingers for a moment, so take the newest and poll for the expected state."""
    return page.locator(MAP_FRAME).last.content_frame


def open_page(visit: Visit, url: str, markers: int) -> None:
    """Navigate and wait until the map shows ``markers`` markers and 31 provinces."""
    visit.page.goto(url)
    frame = map_frame(visit.page)
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(markers)
    expect(frame.locator("path.leaflet-interactive")).to_have_count(31)


def map_box(visit: Visit) -> dict:
    box = visit.page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    return box


@pytest.mark.parametrize(("path", "markers"), PAGES.items())
def test_map_is_drawn_on_every_page(server, visit, path, markers):
    open_page(visit, f"{server.url}/{path}", markers)
    box = map_box(visit)
    assert box["height"] >= 400 and box["width"] >= 400
    assert visit.outside_requests() == []
    assert visit.page_errors == []


def test_unido_page_shows_exactly_its_three_clusters(server, visit):
    open_page(visit, f"{server.url}/unido", 3)
    expect(visit.page.get_by_text("3 of 15")).to_be_visible()
    frame = map_frame(visit.page)
    names = []
    for i in range(3):
        frame.locator(".leaflet-marker-icon").nth(i).hover()
        tip = frame.locator(".leaflet-tooltip")
        expect(tip).to_have_count(1)
        names.append(tip.inner_text().splitlines()[0])
    assert sorted(names) == [
        "Lalejin pottery cluster",
        "Tabriz automobile spare parts cluster",
        "Tehran leather cluster",
    ]


def test_about_page_has_no_map_and_cites_the_paper(server, visit):
    visit.page.goto(f"{server.url}/about")
    expect(visit.page.get_by_role("heading", name="About the data")).to_be_visible()
    expect(visit.page.get_by_text("Natural Earth", exact=False).first).to_be_visible()
    assert visit.page.locator(MAP_FRAME).count() == 0


def test_filter_change_redraws_the_map_and_updates_the_url(server, visit):
    open_page(visit, server.url, 15)
    search = visit.page.get_by_label("Search names (English or Persian)")
    search.fill("Yazd")
    search.press("Enter")
    frame = map_frame(visit.page)
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(visit.page).to_have_url(f"{server.url}/?lang=en&q=Yazd")


def test_back_and_forward_restore_each_filtered_view(server, visit):
    open_page(visit, server.url, 15)
    search = visit.page.get_by_label("Search names (English or Persian)")
    search.fill("Yazd")
    search.press("Enter")
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(3)
    expect(visit.page).to_have_url(f"{server.url}/?lang=en&q=Yazd")
    search.fill("Tabriz")
    search.press("Enter")
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(2)
    expect(visit.page).to_have_url(f"{server.url}/?lang=en&q=Tabriz")
    visit.page.go_back()
    expect(visit.page).to_have_url(f"{server.url}/?lang=en&q=Yazd")
    expect(search).to_have_value("Yazd")
    expect(visit.page.get_by_text("3 of 15")).to_be_visible()
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(3)
    visit.page.go_back()
    expect(visit.page).to_have_url(f"{server.url}/?lang=en")
    expect(search).to_have_value("")
    expect(visit.page.get_by_text("15 of 15")).to_be_visible()
    visit.page.go_forward()
    expect(search).to_have_value("Yazd")
    expect(visit.page.get_by_text("3 of 15")).to_be_visible()
    visit.page.go_forward()
    expect(search).to_have_value("Tabriz")
    expect(visit.page.get_by_text("2 of 15")).to_be_visible()
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(2)


def test_click_opens_profile_with_sources(server, visit):
    open_page(visit, f"{server.url}/imm", 1)
    frame = map_frame(visit.page)
    frame.locator(".leaflet-marker-icon").first.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Isfahan stone cluster")
    expect(popup).to_contain_text("IMM cooperation contract")
    expect(popup).to_contain_text("GeoNames 418863")


def test_shared_url_reopens_the_same_view(server, visit, browser):
    open_page(visit, f"{server.url}/?sector=leather&sector=stone&mapping=yes", 3)
    visit.page.get_by_label("Search names (English or Persian)").fill("Tehran")
    visit.page.get_by_label("Search names (English or Persian)").press("Enter")
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(1)
    visit.page.wait_for_url(lambda u: "q=Tehran" in u)
    shared = visit.page.url
    assert parse_qs(urlparse(shared).query) == {
        "lang": ["en"],
        "sector": ["leather", "stone"],
        "mapping": ["yes"],
        "q": ["Tehran"],
    }
    other = Visit(browser.new_context().new_page())
    try:
        open_page(other, shared, 1)
        expect(other.page.get_by_text("1 of 15")).to_be_visible()
        expect(other.page.get_by_label("Search names (English or Persian)")).to_have_value("Tehran")
    finally:
        other.page.context.close()


def test_download_equals_the_table(server, visit):
    open_page(visit, f"{server.url}/ipi", 2)
    with visit.page.expect_download() as info:
        visit.page.get_by_role("button", name="Download these clusters").click()
    download = info.value
    assert download.suggested_filename == "iran-clusters_ipi.csv"
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["cluster_id"] for r in rows] == ["yazd-textile", "yazd-ceramic"]
    assert rows[0]["name_fa"] == "خوشه صنعتی نساجی یزد"
    # The table shows the same two rows, and downloading did not reset the page.
    expect(visit.page.get_by_text("2 of 15")).to_be_visible()
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(2)


@pytest.mark.parametrize("path", ["unido?sector=leather", "your_data", "about"])
def test_first_visit_of_a_fresh_server_to_a_shared_subpage_link(visit, path):
    fresh = AppServer()
    try:
        if path.startswith("unido"):
            open_page(visit, f"{fresh.url}/{path}", 1)
            expect(visit.page.get_by_text("1 of 15")).to_be_visible()
        else:
            visit.page.goto(f"{fresh.url}/{path}")
            expect(visit.page.get_by_role("heading", level=1)).not_to_have_text("")
        expect(visit.page.get_by_role("link", name="National cluster map")).to_be_visible()
        expect(visit.page.get_by_text("Page not found")).to_have_count(0)
        assert visit.page_errors == []
    finally:
        fresh.stop()


def test_other_partners_show_in_legend_sidebar_map_profile_and_table(tmp_path, visit):
    import pandas as pd

    from mapping.programmes import programme_styles
    from mapping.registry import REGISTRY_PATH

    bundled = pd.read_csv(REGISTRY_PATH, dtype=str, keep_default_na=False)
    extra = bundled[bundled["cluster_id"].isin(["bam-date", "razan-rubber-parts"])].copy()
    extra["cluster_id"] = ["giz-bam", "koica-razan"][: len(extra)]
    extra["programme"] = ["GIZ", "KOICA"][: len(extra)]
    registry = tmp_path / "partners.csv"
    pd.concat([bundled, extra]).to_csv(registry, index=False)
    styles = programme_styles(["GIZ", "KOICA", *bundled["programme"]])
    fresh = AppServer(env={"CLUSTER_REGISTRY": str(registry)})
    try:
        open_page(visit, fresh.url, 17)
        frame = map_frame(visit.page)
        legend = frame.locator(".map-legend")
        for code in ("GIZ", "KOICA"):
            expect(legend).to_contain_text(code)
            colour = styles[code].colour
            swatch = legend.locator(".row", has_text=code).locator(".cm")
            assert swatch.evaluate("e => e.style.background") == _rgb(colour)
            marker = frame.locator(f".leaflet-marker-icon .cm[style*='{_rgb(colour)}']")
            expect(marker).to_have_count(1)
        frame.locator(f".leaflet-marker-icon .cm[style*='{_rgb(styles['GIZ'].colour)}']").click()
        expect(frame.locator(".leaflet-popup-content")).to_contain_text("GIZ")
        # The sidebar offers both partners; choosing one filters map and table.
        programme = visit.page.get_by_label("Programme", exact=True)
        programme.click()
        expect(visit.page.get_by_role("option", name="KOICA")).to_have_count(1)
        programme.fill("GIZ")
        programme.press("Enter")
        visit.page.keyboard.press("Escape")
        expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(1)
        expect(visit.page).to_have_url(f"{fresh.url}/?lang=en&programme=GIZ")
        with visit.page.expect_download() as info:
            visit.page.get_by_role("button", name="Download these clusters").click()
        rows = list(csv.DictReader(io.StringIO(info.value.path().read_text("utf-8-sig"))))
        assert [(r["cluster_id"], r["programme"]) for r in rows] == [("giz-bam", "GIZ")]
    finally:
        fresh.stop()


def _rgb(hex_colour: str) -> str:
    """A #rrggbb colour as the browser reports an inline style: rgb(r, g, b)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def test_hostile_text_in_data_stays_text(tmp_path, visit):
    registry = tmp_path / "hostile.csv"
    registry.write_text(
        "cluster_id,name_en,name_fa,sector,province,locality_en,latitude,longitude,programme,notes\n"
        f'evil,"{HOSTILE_NAME}",<script>alert(2)</script>,"<b>x</b>",Yazd,Yazd,31.89722,54.3675,'
        'UNIDO,"</script><script>alert(3)</script>"\n',
        encoding="utf-8",
    )
    fresh = AppServer(env={"CLUSTER_REGISTRY": str(registry)})
    try:
        open_page(visit, fresh.url, 1)
        frame = map_frame(visit.page)
        marker = frame.locator(".leaflet-marker-icon").first
        marker.hover()
        expect(frame.locator(".leaflet-tooltip")).to_contain_text(HOSTILE_NAME)
        marker.click()
        expect(frame.locator(".leaflet-popup-content")).to_contain_text("</script><script>alert(3)")
        assert frame.locator(".leaflet-popup-content img").count() == 0
        expect(visit.page.get_by_text("1 of 1")).to_be_visible()
        assert visit.dialogs == []
        assert visit.page_errors == []
    finally:
        fresh.stop()


def test_large_registry_draws_on_canvas_and_downloads_everything(tmp_path, visit):
    from bench.synthetic import synthetic_registry

    n = 2_500
    registry = tmp_path / "large.csv"
    rows = synthetic_registry(n, seed=11)
    rows.to_csv(registry, index=False)
    textile = int(rows["sector"].eq("textile").sum())
    assert 0 < textile < n
    fresh = AppServer(env={"CLUSTER_REGISTRY": str(registry)})
    try:
        visit.page.goto(fresh.url)
        frame = map_frame(visit.page)
        expect(frame.locator(f"[data-clusters-drawn='{n}'] canvas")).to_have_count(1)
        expect(frame.locator(".leaflet-marker-icon")).to_have_count(0)
        expect(frame.locator("path.leaflet-interactive")).to_have_count(31)
        # The points' canvas sits in its own pane, above the province shapes.
        pane = frame.locator(".leaflet-clusterPoints-pane")
        expect(pane.locator("canvas")).to_have_count(1)
        assert pane.evaluate("e => getComputedStyle(e).zIndex") == "450"
        overlay = frame.locator(".leaflet-overlay-pane")
        assert overlay.evaluate("e => getComputedStyle(e).zIndex") == "400"
        # Above the deferred-download size the CSV is built on click.
        with visit.page.expect_download() as info:
            visit.page.get_by_role("button", name="Download these clusters").click()
        rows = list(csv.DictReader(io.StringIO(info.value.path().read_text("utf-8-sig"))))
        assert len(rows) == n
        # A filter change redraws the canvas with fewer points.
        search = visit.page.get_by_label("Search names (English or Persian)")
        search.fill("textile")
        search.press("Enter")
        expect(visit.page.get_by_text(f"{textile:,} of {n:,}")).to_be_visible()
        expect(
            map_frame(visit.page).locator(f"[data-clusters-drawn='{textile}'] canvas")
        ).to_have_count(1)
        assert visit.outside_requests() == []
    finally:
        fresh.stop()


UPLOADS = ROOT / "tests" / "upload_corpus" / "files"


def upload(visit: Visit, server, name: str) -> None:
    visit.page.goto(f"{server.url}/your_data")
    visit.page.locator("input[type=file]").set_input_files(str(UPLOADS / name))
    expect(visit.page.get_by_text("Rows read")).to_be_visible()


def test_uploaded_file_is_mapped(server, visit):
    upload(visit, server, "valid.xlsx")
    expect(visit.page.get_by_text("Every row is valid.")).to_be_visible()
    visit.page.get_by_role("button", name="Show the 3 valid rows on the map").click()
    visit.page.get_by_role("link", name="Open the map").click()
    expect(map_frame(visit.page).locator(".leaflet-marker-icon")).to_have_count(3)
    expect(visit.page.get_by_text("3 of 3")).to_be_visible()
    expect(visit.page.get_by_text("Showing your data")).to_be_visible()
    # The banner is on every page, with the way back.
    visit.page.get_by_role("link", name="About the data").click()
    expect(visit.page.get_by_text("Showing your data")).to_be_visible()
    visit.page.get_by_role("button", name="Back to the bundled registry").click()
    expect(visit.page.get_by_text("Showing your data")).to_have_count(0)
    assert visit.outside_requests() == []


def test_hostile_upload_runs_nothing(server, visit):
    upload(visit, server, "hostile_html.csv")
    visit.page.get_by_role("button", name="Show the 2 valid rows on the map").click()
    visit.page.get_by_role("link", name="Open the map").click()
    frame = map_frame(visit.page)
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(2)
    seen = []
    for i in range(2):
        frame.locator(".leaflet-marker-icon").nth(i).click()
        popup = frame.locator(".leaflet-popup-content").last
        expect(popup).to_be_visible()
        seen.append(popup.locator("h4").inner_text())
    assert sorted(seen) == [
        "<img src=x onerror=alert(1)>",
        "[link](http://example.invalid) ![i](x.png)",
    ]
    assert frame.locator(".leaflet-popup-content img, .leaflet-tooltip img").count() == 0
    assert visit.page.locator("img[src='x.png'], a[href^='http://example.invalid']").count() == 0
    assert visit.dialogs == []
    assert visit.page_errors == []
    assert visit.outside_requests() == []


def test_rejected_rows_download_matches_the_report(server, visit):
    upload(visit, server, "unknown_province.csv")
    expect(visit.page.get_by_text("Problems found")).to_be_visible()
    with visit.page.expect_download() as info:
        visit.page.get_by_role("button", name="Rejected rows to fix (CSV)").click()
    assert info.value.suggested_filename == "unknown_province-rejected-rows.csv"
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text("utf-8-sig"))))
    assert [(r["row"], r["province"]) for r in rows] == [("3", "Yazdd")]
    assert rows[0]["problems"] == (
        "province = 'Yazdd': unknown province 'Yazdd'. Did you mean: Yazd?"
    )


def test_refused_upload_says_why(server, visit):
    upload_page = f"{server.url}/your_data"
    visit.page.goto(upload_page)
    visit.page.locator("input[type=file]").set_input_files(str(UPLOADS / "binary_png.csv"))
    expect(visit.page.get_by_text("the file is a PNG image")).to_be_visible()
    assert visit.page_errors == []


def test_world_map_profiles_and_filter(server, visit):
    visit.page.goto(f"{server.url}/international")
    frame = map_frame(visit.page)
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(20)
    assert frame.locator("path.leaflet-interactive").count() > 150  # the world's countries
    frame.locator(".leaflet-marker-icon").first.click()
    popup = frame.locator(".leaflet-popup-content").last
    expect(popup).to_contain_text("Hsinchu Science Park")
    expect(popup).to_contain_text("284 (1999)")
    expect(popup).to_contain_text("'Syncho', 'Synchu' and 'Hysnchayu' are Hsinchu")
    visit.page.goto(f"{server.url}/international?type=firm+network")
    networks = map_frame(visit.page).locator(".leaflet-marker-icon")
    expect(networks).to_have_count(6)
    expect(visit.page.get_by_text("6 of 20")).to_be_visible()
    assert visit.outside_requests() == []
    assert visit.page_errors == []
