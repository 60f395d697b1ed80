"""Timing one map app in headless Chromium: navigation to drawn, filter to
repainted, hover to tooltip, the heap, and the map's websocket message.

Two kinds of map: Leaflet maps in streamlit-folium's iframe (this project
and the folium peers) report ``data-clusters-drawn`` on their container once
their script has run; deck.gl maps (``st.map``, ``st.pydeck_chart``) are
drawn when WebGL is asked to draw the scatter layer with one instance per
point, which an init script records. Either way the wait ends two animation
frames later, so the frame is painted.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from tools.appserver import MAP_FRAME, wait_for_clusters_drawn

VIEWPORT = {"width": 1400, "height": 1000}
SEARCH_LABEL = "Search names (English or Persian)"
HOVER_ZOOM = 12  # deep enough that this project's map draws points, not hexagons

# Records the instance count of every instanced WebGL draw (deck.gl draws a
# scatter layer as one instance per point).
DECK_HOOK = """
(() => {
    const seen = window.__instanceCounts = new Set();
    for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext]) {
        if (!C) continue;
        for (const [name, at] of [['drawArraysInstanced', 3], ['drawElementsInstanced', 4]]) {
            const draw = C.prototype[name];
            if (!draw) continue;
            C.prototype[name] = function () {
                seen.add(arguments[at]);
                return draw.apply(this, arguments);
            };
        }
    }
})();
"""
_DECK_DRAWN = """
async (n) => {
    while (!(window.__instanceCounts && window.__instanceCounts.has(n))) {
        await new Promise(r => requestAnimationFrame(r));
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return true;
}
"""
# Markers of each kind of map, to tell its websocket message from the page's others.
MAP_MESSAGE_MARKERS = (b"streamlit_folium", b"ScatterplotLayer")


@dataclass
class Visit:
    """One page: its timings and what it received."""

    seconds: float
    page: object
    frames: list[bytes] = field(default_factory=list)

    def map_message(self) -> int | None:
        """Bytes of the largest websocket message that carries the map."""
        found = [len(f) for f in self.frames if any(m in f for m in MAP_MESSAGE_MARKERS)]
        return max(found) if found else None

    def map_payload(self) -> bytes | None:
        found = [f for f in self.frames if any(m in f for m in MAP_MESSAGE_MARKERS)]
        return max(found, key=len) if found else None


def wait_drawn(page, kind: str, n: int, timeout_ms: float) -> None:
    if kind == "deck":
        page.wait_for_function(_DECK_DRAWN, arg=n, timeout=timeout_ms, polling="raf")
    else:
        wait_for_clusters_drawn(page, n, timeout_ms=timeout_ms)


def open_page(browser, url: str, kind: str, n: int, timeout_ms: float) -> Visit:
    """A fresh browser context (cold cache), navigated to ``url`` until the map is drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    if kind == "deck":
        context.add_init_script(DECK_HOOK)
    page = context.new_page()
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
        ),
    )
    start = time.perf_counter()
    page.goto(url)
    wait_drawn(page, kind, n, timeout_ms)
    return Visit(time.perf_counter() - start, page, frames)


def close(visit: Visit) -> None:
    visit.page.context.close()


def filter_seconds(visit: Visit, kind: str, query: str, n: int, timeout_ms: float) -> float:
    """Type ``query`` in the search box and time Enter to the map redrawn with ``n``."""
    search = visit.page.get_by_label(SEARCH_LABEL)
    search.fill(query)
    start = time.perf_counter()
    search.press("Enter")
    wait_drawn(visit.page, kind, n, timeout_ms)
    return time.perf_counter() - start


def heap_bytes(visit: Visit) -> int:
    """JavaScript heap in use after a garbage collection (the page and its
    same-origin map iframe share one heap)."""
    cdp = visit.page.context.new_cdp_session(visit.page)
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    cdp.detach()
    return int(used)


def _tooltip_seconds(page, scope, x: float, y: float, selector: str, timeout_ms: float) -> float:
    """Move the mouse from outside the map to (x, y) of the page, and time until
    ``selector`` shows in ``scope`` (the page, or the map's frame)."""
    page.mouse.move(1, 1)
    scope.locator(selector).first.wait_for(state="hidden", timeout=timeout_ms)
    start = time.perf_counter()
    page.mouse.move(x, y)
    scope.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)
    return time.perf_counter() - start


def hover_ours(visit: Visit, lat: float, lon: float, timeout_ms: float) -> float:
    """This project: zoom to a cluster (points drawn, not hexagons) and hover it."""
    box = visit.page.locator(MAP_FRAME).last
    frame = box.content_frame
    frame.locator("body").evaluate(
        "(_, [lat, lon, z]) => window.map.setView([lat, lon], z, {animate: false})",
        [lat, lon, HOVER_ZOOM],
    )
    frame.locator("[data-cluster-view='points']").wait_for(timeout=timeout_ms)
    point = frame.locator("body").evaluate(
        "(_, [lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [lat, lon],
    )
    bounds = box.bounding_box()
    x, y = bounds["x"] + point[0], bounds["y"] + point[1]
    return _tooltip_seconds(visit.page, frame, x, y, ".ic-point-tip", timeout_ms)


def hover_leaflet(visit: Visit, selector: str, timeout_ms: float) -> float:
    """A folium peer: hover its first point (a marker or a circle) and wait for its tooltip."""
    box = visit.page.locator(MAP_FRAME).last
    frame = box.content_frame
    target = frame.locator(selector).first.bounding_box()
    bounds = box.bounding_box()
    x = bounds["x"] + target["x"] + target["width"] / 2
    y = bounds["y"] + target["y"] + target["height"] / 2
    return _tooltip_seconds(visit.page, frame, x, y, ".leaflet-tooltip", timeout_ms)


def hover_deck(visit: Visit, timeout_ms: float) -> float:
    """A pydeck peer centred on a cluster: hover the centre, wait for deck.gl's tooltip."""
    canvas = visit.page.locator("#deckgl-overlay, canvas").first
    bounds = canvas.bounding_box()
    x, y = bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2
    return _tooltip_seconds(visit.page, visit.page, x, y, ".deck-tooltip", timeout_ms)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
