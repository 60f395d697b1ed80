"""Peer: a minimal ``st.pydeck_chart`` — provinces shaded by count (GeoJsonLayer)
and the clusters (ScatterplotLayer) coloured by programme, with a tooltip."""

from __future__ import annotations

import json

import geopandas as gpd
import pydeck as pdk

from bench.peers import common

PROGRAMME_RGB = {
    "UNIDO": [0, 114, 178],
    "IPI": [230, 159, 0],
    "IMM": [0, 158, 115],
    "local experts": [204, 121, 167],
    "internal experts": [213, 94, 0],
}
NONE_RGB = [77, 77, 77]


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]


def build(
    clusters: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    centre: tuple[float, float] = common.CENTER,
) -> pdk.Deck:
    shaded = common.province_counts(provinces, clusters)
    top = int(shaded["clusters"].max())
    outlines = json.loads(shaded.to_json())
    for feature in outlines["features"]:
        feature["properties"]["fill"] = rgb(common.purple(feature["properties"]["clusters"], top))
    points = clusters[["name_en", "sector", "programme", "lat", "lon"]].copy()
    points["colour"] = [PROGRAMME_RGB.get(p, NONE_RGB) for p in points["programme"]]
    return pdk.Deck(
        layers=[
            pdk.Layer(
                "GeoJsonLayer",
                outlines,
                get_fill_color="properties.fill",
                get_line_color=[255, 255, 255],
                line_width_min_pixels=1,
            ),
            pdk.Layer(
                "ScatterplotLayer",
                points,
                get_position=["lon", "lat"],
                get_fill_color="colour",
                get_radius=4.5,
                radius_units="pixels",
                pickable=True,
            ),
        ],
        initial_view_state=pdk.ViewState(latitude=centre[0], longitude=centre[1], zoom=common.ZOOM),
        map_style=None,
        tooltip={"text": "{name_en}\n{sector} · {programme}"},
    )


if __name__ == "__main__":
    import streamlit as st

    registry = st.cache_resource(common.read_registry)()
    query = st.text_input(common.SEARCH_LABEL)
    shown = common.search(registry, query)
    # The benchmark centres the view on one cluster to time its tooltip.
    centre = st.query_params.get("centre")
    view = tuple(float(v) for v in centre.split(",")) if centre else common.CENTER
    st.pydeck_chart(
        build(shown, st.cache_resource(common.read_provinces)(), view), height=common.MAP_HEIGHT
    )
