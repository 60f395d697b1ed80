"""Peer: ``GeoDataFrame.explore()`` — provinces shaded by count, then the
clusters as circle markers coloured by programme, with tooltips."""

from __future__ import annotations

import folium
import geopandas as gpd

from bench.peers import common

PROGRAMME_COLOURS = {
    "UNIDO": "#0072B2",
    "IPI": "#E69F00",
    "IMM": "#009E73",
    "local experts": "#CC79A7",
    "internal experts": "#D55E00",
}


def build(clusters: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> folium.Map:
    shaded = common.province_counts(provinces, clusters)
    top = int(shaded["clusters"].max())
    shaded["fill"] = [common.purple(c, top) for c in shaded["clusters"]]
    m = folium.Map(location=common.CENTER, zoom_start=common.ZOOM, tiles=None, maxZoom=18)
    shaded.explore(
        m=m,
        color=shaded["fill"].tolist(),
        style_kwds={"color": "#fff", "weight": 1, "fillOpacity": 0.9},
        tooltip=["name_en", "clusters"],
    )
    points = clusters[["name_en", "sector", "programme", "geometry"]]
    points.explore(
        m=m,
        color=[PROGRAMME_COLOURS.get(p, "#4D4D4D") for p in points["programme"]],
        marker_kwds={"radius": 4.5, "className": "peer-point"},
        tooltip=["name_en", "sector", "programme"],
    )
    return common.finish(m, len(clusters))


if __name__ == "__main__":
    common.serve_folium_peer(build)
