"""Peer: plain folium, as the folium docs show it — a GeoJson choropleth with a
tooltip and one ``folium.Marker`` with a tooltip per cluster.

(folium's popups need jQuery, which it fetches from a CDN: offline, as here,
they stop the map's script, so the markers carry tooltips only.)"""

from __future__ import annotations

import folium
import geopandas as gpd

from bench.peers import common


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
    for row in clusters.itertuples():
        folium.Marker(
            [row.lat, row.lon], tooltip=f"<b>{row.name_en}</b><br>{row.sector} · {row.programme}"
        ).add_to(m)
    return common.finish(m, len(clusters))


if __name__ == "__main__":
    common.serve_folium_peer(build)
