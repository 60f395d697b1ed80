"""Peer: folium's ``FastMarkerCluster`` — the clusters as one array of
coordinates, markers built and clustered in the browser (no tooltips).

Its default marker uses Font Awesome markers from a CDN; offline, as here, a
plain Leaflet marker stands in (``MARKER``)."""

from __future__ import annotations

import folium
import geopandas as gpd
from folium.plugins import FastMarkerCluster

from bench.peers import common

MARKER = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"


def build(clusters: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> folium.Map:
    shaded = common.province_counts(provinces, clusters)
    top = int(shaded["clusters"].max())
    m = folium.Map(location=common.CENTER, zoom_start=common.ZOOM, tiles=None, maxZoom=18)
    folium.GeoJson(
        shaded,
        style_function=lambda f: {
            "fillColor": common.purple(f["properties"]["clusters"], top),
            "color": "#fff",
            "weight": 1,
            "fillOpacity": 0.9,
        },
        tooltip=folium.GeoJsonTooltip(["name_en", "clusters"]),
    ).add_to(m)
    FastMarkerCluster(clusters[["lat", "lon"]].to_numpy().tolist(), callback=MARKER).add_to(m)
    return common.finish(m, len(clusters))


if __name__ == "__main__":
    common.serve_folium_peer(build)
