"""A large registry in the browser: drawn on the canvas with a density view,
points and their tooltips when zoomed in, and a filter repainting the map in
place."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from bench.synthetic import synthetic_registry
from mapping.filters import ClusterFilter, apply_filter
from mapping.provinces import load_provinces
from mapping.registry import prepare_columns, validate_registry
from mapping.search import with_search_text
from tests.browser.conftest import TIMEOUT_MS, Visit
from tools.appserver import MAP_FRAME, AppServer, wait_for_clusters_drawn

pytestmark = pytest.mark.browser

N = 20_000  # above the density threshold at the national view
SECTOR = "sector of the hover test"
QUERY = "textile"
ZOOM = 12  # deep enough for points, not hexagons, around one cluster


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Iterator[dict]:
    """A server on N synthetic clusters, one of them with a sector of its own."""
    provinces = load_provinces()
    rows = synthetic_registry(N, seed=17, provinces=provinces)
    # The marked cluster: placed at a town, in the province with fewest clusters.
    placed = rows[rows["latitude"].ne("")]
    rarest = placed["province"].value_counts().idxmin()
    marked = placed.index[placed["province"].eq(rarest)][0]
    rows.loc[marked, ["sector", "programme"]] = [SECTOR, "IMM"]
    path = tmp_path_factory.mktemp("large") / "clusters.csv"
    rows.to_csv(path, index=False)
    registry = with_search_text(validate_registry(prepare_columns(rows, "t"), provinces).valid)
    server = AppServer(env={"CLUSTER_REGISTRY": str(path)})
    yield {
        "server": server,
        "lat": float(rows.loc[marked, "latitude"]),
        "lon": float(rows.loc[marked, "longitude"]),
        "province": rows.loc[marked, "province"],
        "filtered": len(apply_filter(registry, ClusterFilter(q=QUERY))),
    }
    server.stop()


def open_map(visit: Visit, url: str):
    visit.page.goto(url)
    wait_for_clusters_drawn(visit.page, N, timeout_ms=180_000)
    return visit.page.locator(MAP_FRAME).last


def test_large_registry_draws_a_density_view(large, visit):
    frame = open_map(visit, large["server"].url).content_frame
    box = frame.locator(".leaflet-container")
    expect(box).to_have_attribute("data-cluster-view", "density")
    expect(frame.locator("path.leaflet-interactive")).to_have_count(31)
    expect(frame.locator(".leaflet-marker-icon")).to_have_count(0)
    level = box.get_attribute("data-hex-level")
    legend = frame.locator(f".legend-density[data-level='{level}']")
    expect(legend).to_be_visible()
    expect(legend.locator("h4")).not_to_be_empty()  # its heading, in the page's language
    expect(frame.locator(".legend-points")).to_be_hidden()
    # The hexagons are painted: the density canvas holds coloured pixels.
    painted = frame.locator(".leaflet-clusterDensity-pane canvas").evaluate(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; } return n; }"
    )
    assert painted > 10_000
    assert visit.outside_requests() == []
    assert visit.page_errors == []


def test_zoomed_in_points_answer_hover_and_click(large, visit):
    iframe = open_map(visit, large["server"].url)
    frame = iframe.content_frame
    body = frame.locator("body")
    body.evaluate(
        "(_, [lat, lon, z]) => window.map.setView([lat, lon], z, {animate: false})",
        [large["lat"], large["lon"], ZOOM],
    )
    expect(frame.locator(".leaflet-container")).to_have_attribute("data-cluster-view", "points")
    expect(frame.locator(".legend-points")).to_be_visible()
    x, y = body.evaluate(
        "(_, [lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [large["lat"], large["lon"]],
    )
    origin = iframe.bounding_box()
    visit.page.mouse.move(origin["x"] + x, origin["y"] + y)
    tip = frame.locator(".ic-point-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(f"{SECTOR} · IMM")
    expect(tip).to_contain_text(large["province"])
    # The province's own tooltip stays hidden while a point is under the pointer.
    expect(frame.locator(".ic-area-tip")).to_be_hidden()
    visit.page.mouse.click(origin["x"] + x, origin["y"] + y)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(SECTOR)
    expect(popup.locator("i")).not_to_be_empty()  # where to find the full profile
    # Away from every point: no tooltip.
    visit.page.mouse.move(origin["x"] + 5, origin["y"] + 300)
    expect(tip).to_have_count(0, timeout=TIMEOUT_MS)
    assert visit.page_errors == []


def test_filter_repaints_the_same_map(large, visit):
    iframe = open_map(visit, large["server"].url)
    frame = iframe.content_frame
    frame.locator("body").evaluate("() => { window.__sameMap = true; }")
    search = visit.page.get_by_label("Search names (English or Persian)")
    search.fill(QUERY)
    search.press("Enter")
    wait_for_clusters_drawn(visit.page, large["filtered"], timeout_ms=TIMEOUT_MS)
    # Repainted in place: the map's document is the one loaded first.
    assert frame.locator("body").evaluate("() => window.__sameMap === true")
    expect(frame.locator(".leaflet-clusterPoints-pane canvas")).to_have_count(1)
    expect(frame.locator(".map-legend")).to_have_count(1)
    assert visit.page_errors == []


def test_persian_map_at_scale_reads_right_to_left(large, visit):
    frame = open_map(visit, large["server"].url + "/?lang=fa").content_frame
    box = frame.locator(".leaflet-container")
    expect(box).to_have_attribute("dir", "rtl")
    expect(box).to_have_attribute("data-cluster-view", "density")
    # The legend moves to the bottom left, the layer switcher to the top left.
    expect(frame.locator(".leaflet-bottom.leaflet-left .map-legend")).to_have_count(1)
    expect(frame.locator(".leaflet-top.leaflet-left .leaflet-control-layers")).to_have_count(1)
    level = box.get_attribute("data-hex-level")
    steps = frame.locator(f".legend-density[data-level='{level}'] .steps")
    expect(steps).to_be_visible()
    expect(steps).to_have_text(re.compile(r"^[۰-۹–]+$"))  # Persian digits only
    expect(frame.locator(f".legend-density[data-level='{level}'] h4")).to_have_text(
        re.compile("[\u0600-\u06ff]")
    )
    assert visit.page_errors == []


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_phone_fits_iran_across_the_map(large, visit, lang):
    # The legend is too wide to keep beside the view on a phone: the fit keeps
    # clear of its height instead, and Iran spans the map's width.
    visit.page.set_viewport_size({"width": 390, "height": 844})
    frame = open_map(visit, f"{large['server'].url}/?lang={lang}").content_frame
    width, span, bottom, legend_top = frame.locator("body").evaluate(
        """() => {
            const map = window.map, size = map.getSize();
            const b = L.latLngBounds([[25.06, 44.03], [39.78, 63.33]]);  // Iran's extent
            const nw = map.latLngToContainerPoint(b.getNorthWest());
            const se = map.latLngToContainerPoint(b.getSouthEast());
            const legend = document.querySelector('.map-legend').getBoundingClientRect();
            const box = map.getContainer().getBoundingClientRect();
            return [size.x, se.x - nw.x, se.y, legend.top - box.top];
        }"""
    )
    assert span > 0.75 * width
    assert bottom < legend_top + 40  # the south coast clear of the legend (within padding)
    assert visit.page_errors == []
