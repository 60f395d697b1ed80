"""The block four pages share: key figures, the map, the table, a profile and the download."""

from __future__ import annotations

from collections.abc import Callable

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import data, keys
from components.widgets import download, inert
from mapping.export import clusters_to_csv, export_filename, table_frame
from mapping.filters import ClusterFilter, apply_filter
from mapping.i18n import get_language
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import ClusterOverlay, build_cluster_overlay, cluster_base_map, marker_strategy
from mapping.maps.style import MAP_HEIGHT, PROVINCE_TOOLTIP_NAMES
from mapping.profile import cluster_profile
from mapping.programmes import programme_styles

MAP_CAPTIONS = {
    "markers": (
        "Provinces are shaded by the number of clusters shown; grey means none. "
        "● a cluster at the town the source names, ◆ a cluster the source places only in "
        "a province (drawn at a point inside it). Clusters in one town are fanned out around "
        "it. Hover for a summary, click for the full profile with sources."
    ),
    "canvas": (
        "Provinces are shaded by the number of clusters shown; grey means none. "
        "● a cluster at its coordinates, ○ a cluster placed only in a province (drawn at a "
        "point inside it). Hover or click a point for its sector, programme and province; "
        "select it in the table for the full profile."
    ),
}
# A large selection is not kept twice in every session: the table shows a
# preview and the CSV is only built when someone presses Download.
TABLE_ROW_LIMIT = 5_000
DEFERRED_DOWNLOAD_ROWS = 2_000
# Built map overlays shared by every session: about 1 MB each at 100,000
# clusters, 7 MB at 1,000,000.
MAP_CACHE_ENTRIES = 8


@st.cache_resource(max_entries=MAP_CACHE_ENTRIES, show_spinner=False)
def _cluster_overlay(
    key: tuple[object, ...],
    _provinces: gpd.GeoDataFrame,
    _shown: pd.DataFrame,
    _registry_programmes: tuple[str, ...],
) -> ClusterOverlay:
    """The map's layers for one registry, filter and language, built once per
    server. ``key`` names them (:func:`components.data.shown_key`, the filter,
    the language); the other arguments are not hashed."""
    return build_cluster_overlay(
        summarise_provinces(_provinces, _shown, names_per_province=PROVINCE_TOOLTIP_NAMES),
        clusters_to_points(_shown, _provinces, geometry=False),
        programmes=programme_styles(_registry_programmes),
    )


def _cluster_map(
    provinces: gpd.GeoDataFrame,
    shown: pd.DataFrame,
    registry: pd.DataFrame,
    f: ClusterFilter,
    basemap: str,
) -> None:
    """The map: a base that no filter changes, and the selection's layers as
    streamlit-folium's dynamic layer groups, so a filter change swaps them in
    the map already on the page instead of loading a new one."""
    key = (data.shown_key(), tuple(f.items()), get_language())
    programmes = tuple(registry["programme"].unique())
    overlay = _cluster_overlay(key, provinces, shown, programmes)
    st_folium(
        cluster_base_map(basemap),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
        key=keys.CLUSTER_MAP,
        feature_group_to_add=overlay.groups(),
        layer_control=folium.LayerControl(collapsed=True),
    )


def _download_data(shown: pd.DataFrame, f: ClusterFilter) -> bytes | Callable[[], bytes]:
    """The CSV bytes, or for a large selection a function that builds them on click."""
    if len(shown) <= DEFERRED_DOWNLOAD_ROWS:
        return clusters_to_csv(shown)
    registry = data.shown()[1]  # shallow: shares the cached or session data
    return lambda: clusters_to_csv(apply_filter(registry, f))


def _figures(shown: pd.DataFrame, registry: pd.DataFrame) -> None:
    a, b, c, d = st.columns(4)
    a.metric("Clusters shown · خوشه‌ها", f"{len(shown)} of {len(registry)}")
    b.metric("Provinces with clusters · استان‌ها", int(shown["province_code"].nunique()))
    c.metric("Programmes shown · برنامه‌ها", int(shown["programme"].nunique()))
    d.metric("At province level · در سطح استان", int(shown["placement"].eq("province").sum()))


def _profile(row: pd.Series) -> None:
    st.subheader(f"Profile: {inert(row['name_en'])}")
    frame = pd.DataFrame(
        [(f.label, f.value, f.source) for f in cluster_profile(row)],
        columns=["Field", "Value", "Source"],
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def dashboard(f: ClusterFilter, basemap: str) -> None:
    """Key figures, the map, the table, a profile and the download for ``f``."""
    provinces, registry = data.shown()
    shown = apply_filter(registry, f)
    _figures(shown, registry)
    if shown.empty:
        st.info(
            "No cluster matches these filters. Widen the selection or press "
            "**Reset filters** in the sidebar."
        )
        return

    _cluster_map(provinces, shown, registry, f, basemap)
    st.caption(MAP_CAPTIONS[marker_strategy(len(shown))])

    st.subheader("Clusters · خوشه‌ها")
    event = st.dataframe(
        table_frame(shown.head(TABLE_ROW_LIMIT)),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=keys.CLUSTER_TABLE,
    )
    if len(shown) > TABLE_ROW_LIMIT:
        st.caption(
            f"The table shows the first {TABLE_ROW_LIMIT:,} of {len(shown):,} clusters; "
            "the download holds all of them."
        )
    download(
        "Download these clusters (CSV for Excel)", _download_data(shown, f), export_filename(f)
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        _profile(shown.iloc[rows[0]])
    else:
        st.caption("Select a row in the table to open the cluster's profile here.")
