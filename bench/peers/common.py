"""What the peer apps share: the registry as a plain app would read it, the
search box, province counts, and the flag the benchmark waits for.

A peer is what someone would write with one library and no care for scale:
read the CSV, filter it, draw it. Province-level rows (no coordinates) stand
at their province's representative point, as on this project's map, so every
peer draws the same number of points. Leaflet and its plugins come from the
app's own static folder (``/app/static/vendor``), as for this project.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

ROOT = Path(__file__).resolve().parents[2]
REGISTRY_ENV = "BENCH_REGISTRY"
PROVINCES = ROOT / "data" / "iran_provinces.geojson"
SEARCH_LABEL = "Search names (English or Persian)"
CENTER = (32.4, 53.7)
ZOOM = 5
MAP_HEIGHT = 620
PURPLES = ("#f4f4f4", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")
VENDOR = "/app/static/vendor"
LOCAL_ASSETS = {
    "leaflet": f"{VENDOR}/leaflet/leaflet.js",
    "leaflet_css": f"{VENDOR}/leaflet/leaflet.css",
    "markerclusterjs": f"{VENDOR}/markercluster/markercluster.js",
    "markerclustercss": f"{VENDOR}/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{VENDOR}/markercluster/MarkerCluster.Default.css",
}


def read_registry(path: str | None = None) -> gpd.GeoDataFrame:
    """The registry CSV with a point for every row (province-level rows at a
    point inside their province)."""
    frame = pd.read_csv(path or os.environ[REGISTRY_ENV], dtype=str, keep_default_na=False)
    provinces = read_provinces()
    anchors = provinces.set_index("name_en").geometry.representative_point()
    lat = pd.to_numeric(frame["latitude"], errors="coerce")
    lon = pd.to_numeric(frame["longitude"], errors="coerce")
    missing = lat.isna()
    lat[missing] = frame.loc[missing, "province"].map(anchors.y)
    lon[missing] = frame.loc[missing, "province"].map(anchors.x)
    frame["lat"], frame["lon"] = lat, lon
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def read_provinces() -> gpd.GeoDataFrame:
    return gpd.read_file(PROVINCES)


def search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose English name contains ``query`` (any case)."""
    if not query:
        return frame
    return frame[frame["name_en"].str.contains(query, case=False, regex=False)]


def province_counts(provinces: gpd.GeoDataFrame, clusters: pd.DataFrame) -> gpd.GeoDataFrame:
    counts = clusters.groupby("province").size()
    out = provinces.copy()
    out["clusters"] = out["name_en"].map(counts).fillna(0).astype(int)
    return out


def purple(count: int, top: int) -> str:
    """A plain app's choropleth: five equal steps up to the largest count."""
    if count == 0 or top == 0:
        return PURPLES[0]
    return PURPLES[1 + min(4, (count - 1) * 5 // top)]


class DrawnFlag(MacroElement):
    """Sets ``data-clusters-drawn`` on the map once its script has run, as the
    project's map does, so the benchmark waits for every map the same way."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().dataset.clustersDrawn = {{ this.n }};
        {% endmacro %}
        """
    )

    def __init__(self, n: int) -> None:
        super().__init__()
        self._name = "DrawnFlag"
        self.n = int(n)


def finish(m: folium.Map, n: int) -> folium.Map:
    """The drawn flag, and Leaflet (and markercluster) from the app itself.

    Like this project's map, the peers load no jQuery, Bootstrap or
    Font Awesome, which folium's map asks for by default.
    """
    DrawnFlag(n).add_to(m)

    def walk(element):
        yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(m):
        for attr in ("default_js", "default_css"):
            links = getattr(element, attr, None)
            if links:
                kept = [(name, LOCAL_ASSETS[name]) for name, _ in links if name in LOCAL_ASSETS]
                setattr(element, attr, kept)
    return m


def serve_folium_peer(build: Callable[[pd.DataFrame, gpd.GeoDataFrame], folium.Map]) -> None:
    """The page of a folium peer (run with ``streamlit run``): the search box and
    the map ``build`` makes of the matching clusters, as every peer shows them."""
    import streamlit as st
    from streamlit_folium import st_folium

    registry = st.cache_resource(read_registry)()
    query = st.text_input(SEARCH_LABEL)
    shown = search(registry, query)
    st_folium(
        build(shown, st.cache_resource(read_provinces)()),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )
