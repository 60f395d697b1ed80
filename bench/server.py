"""Server time of each map, measured in-process: what a page run spends to
turn the filtered registry into the map's message.

For this project that is the filter, the province summary, the points, the
overlay and streamlit-folium's processing on a cold cache (``first``), and
streamlit-folium's processing alone when the overlay is cached (``cached``,
every later run and every other session with the same registry and filter).
For the folium peers: the map and streamlit-folium's processing; for
``st.map`` and ``st.pydeck_chart``: Streamlit's own marshalling of the
element (run in bare mode, where it does the work and sends nothing).
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
import streamlit_folium

from bench.peers import common, explore, fast_marker_cluster, folium_plain, pydeck_chart, st_map
from mapping.filters import ClusterFilter, apply_filter
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_overlay, cluster_base_map
from mapping.maps.cluster_map import layer_control
from mapping.maps.style import MAP_HEIGHT, PROVINCE_TOOLTIP_NAMES
from mapping.measures import province_measure
from mapping.programmes import programme_styles

SHOW_ALL = ClusterFilter()


def quiet_streamlit() -> None:
    """Bare-mode Streamlit warns on every element; the benchmark knows."""
    for name in ("streamlit", "streamlit.runtime"):
        logging.getLogger(name).setLevel(logging.ERROR)
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and logger.name.startswith("streamlit"):
            logger.setLevel(logging.ERROR)


def timed(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _st_folium(m: folium.Map, **kwargs: object) -> None:
    streamlit_folium.st_folium(
        m, height=MAP_HEIGHT, use_container_width=True, returned_objects=[], **kwargs
    )


def _no_component(**_: object) -> None:
    """streamlit-folium's component call, minus Streamlit: its processing is timed."""


def ours(registry: pd.DataFrame, provinces: gpd.GeoDataFrame, runs: int) -> tuple[float, float]:
    """(first build, cached) seconds for this project's map of every cluster."""
    styles = programme_styles(registry["programme"].unique())

    def overlay():
        shown = apply_filter(registry, SHOW_ALL)
        summary = summarise_provinces(provinces, shown, names_per_province=PROVINCE_TOOLTIP_NAMES)
        # As the app builds it (components/dashboard.py): the default measure, province links.
        return build_cluster_overlay(
            province_measure(summary, shown, "clusters"),
            clusters_to_points(shown, provinces, geometry=False),
            programmes=styles,
            measure="clusters",
            province_links=True,
        )

    def send(built) -> None:
        _st_folium(
            cluster_base_map(),
            key="map",
            feature_group_to_add=built.groups(),
            layer_control=layer_control(),
        )

    streamlit_folium._component_func = _no_component
    cached = overlay()
    send(cached)  # imports and the outline cache, as in a running server
    return timed(lambda: send(overlay()), runs), timed(lambda: send(cached), runs)


def peer(name: str, clusters: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, runs: int) -> float:
    """Seconds for one peer's map of every cluster."""
    streamlit_folium._component_func = _no_component
    builders: dict[str, Callable[[], object]] = {
        "folium": lambda: _st_folium(folium_plain.build(clusters, provinces)),
        "explore": lambda: _st_folium(explore.build(clusters, provinces)),
        "fastmc": lambda: _st_folium(fast_marker_cluster.build(clusters, provinces)),
        "st_map": lambda: st.map(st_map.build(clusters), height=common.MAP_HEIGHT),
        "pydeck": lambda: st.pydeck_chart(
            pydeck_chart.build(clusters, provinces), height=common.MAP_HEIGHT
        ),
    }
    return timed(builders[name], runs)
