"""The block four pages share: key figures, the map, the table, a profile and the download."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import data, keys
from components.exports import cluster_exports
from components.map_view import map_view_options
from components.widgets import download, inert, skip_link, text_table
from mapping.export import TABLE_COLUMNS, clusters_to_csv, export_filename, table_frame
from mapping.filters import ClusterFilter, apply_filter
from mapping.i18n import N_, Message, _, format_number, get_language, gettext
from mapping.join import clusters_to_points, summarise_provinces
from mapping.localise import localised_value
from mapping.map_tables import province_table
from mapping.maps import ClusterOverlay, build_cluster_overlay, cluster_base_map, marker_strategy
from mapping.maps.cluster_map import layer_control
from mapping.maps.style import MAP_HEIGHT, PROVINCE_TOOLTIP_NAMES
from mapping.measures import province_measure
from mapping.profile import cluster_profile
from mapping.programmes import programme_styles

MAP_CAPTIONS = {
    "markers": N_(
        "Provinces are shaded by the number of clusters shown; grey means none. "
        "● a cluster at the town the source names, ◆ a cluster the source places only in "
        "a province (drawn at a point inside it). Clusters in one town are fanned out around "
        "it. Hover for a summary, click for the full profile with sources."
    ),
    "canvas": N_(
        "Provinces are shaded by the number of clusters shown; grey means none. "
        "● a cluster at its coordinates, ○ a cluster placed only in a province (drawn at a "
        "point inside it). Hover or click a point for its sector, programme and province; "
        "select it in the table for the full profile."
    ),
}
# A large selection is not kept twice in every session: the table shows a
# preview and the CSV is only built when someone presses Download.
TABLE_ROW_LIMIT = 5_000
# Pixels per column of the table: all eight show without scrolling in the
# page's width on a 1400 px screen; long names are cut, the profile shows them whole.
TABLE_WIDTHS = {
    "name_en": 220,
    "sector": 130,
    "locality_en": 105,
    "province": 105,
    "programme": 120,
    "in_national_mapping": 70,
    "isic_code": 60,
    "cluster_id": 120,
}
TABLE_ANCHOR = "clusters-table"  # the skip link past the map lands here
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
    """The map's layers for one registry, filter, language and map view, built
    once per server. ``key`` names them (see :func:`_cluster_map`); the other
    arguments are not hashed."""
    _, _, lang, measure, size, links = key
    summary = summarise_provinces(_provinces, _shown, names_per_province=PROVINCE_TOOLTIP_NAMES)
    return build_cluster_overlay(
        province_measure(summary, _shown, measure),
        clusters_to_points(_shown, _provinces, geometry=False),
        programmes=programme_styles(_registry_programmes),
        lang=lang,
        measure=measure,
        size_by=size,
        province_links=links,
    )


def _cluster_map(
    provinces: gpd.GeoDataFrame,
    shown: pd.DataFrame,
    registry: pd.DataFrame,
    f: ClusterFilter,
    basemap: str,
    view: tuple[str, str, str],
) -> None:
    """The map: a base that no filter changes, and the selection's layers as
    streamlit-folium's dynamic layer groups, so a filter change swaps them in
    the map already on the page instead of loading a new one.

    ``view`` is the language, the measure and the marker size. The cache key
    holds everything the overlay depends on: the registry's identity
    (:func:`components.data.shown_key`), the filter, and the view.
    """
    lang, measure, size = view
    key = (data.shown_key(), tuple(f.items()), lang, measure, size, True)
    programmes = tuple(registry["programme"].unique())
    overlay = _cluster_overlay(key, provinces, shown, programmes)
    st_folium(
        cluster_base_map(basemap, lang),
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
        key=keys.CLUSTER_MAP,
        feature_group_to_add=overlay.groups(),
        layer_control=layer_control(lang),
    )


def _download_data(shown: pd.DataFrame, f: ClusterFilter) -> bytes | Callable[[], bytes]:
    """The CSV bytes, or for a large selection a function that builds them on click."""
    if len(shown) <= DEFERRED_DOWNLOAD_ROWS:
        return clusters_to_csv(shown)
    registry = data.shown()[1]  # shallow: shares the cached or session data
    return lambda: clusters_to_csv(apply_filter(registry, f))


def _figures(shown: pd.DataFrame, registry: pd.DataFrame) -> None:
    a, b, c, d = st.columns(4)
    a.metric(_("Clusters shown"), str(Message("{n} of {total}", n=len(shown), total=len(registry))))
    b.metric(_("Provinces with clusters"), format_number(shown["province_code"].nunique()))
    c.metric(_("Programmes shown"), format_number(shown["programme"].nunique()))
    d.metric(_("At province level"), format_number(shown["placement"].eq("province").sum()))


def _profile(row: pd.Series) -> None:
    lang = get_language()
    name = localised_value(row, "name_en", lang)
    st.subheader(inert(Message("Profile: {name}", name=name)), anchor=False)
    frame = pd.DataFrame(
        [(f.label, f.value, f.source) for f in cluster_profile(row, lang)],
        columns=[_("Field"), _("Value"), _("Source")],
    )
    text_table(frame)


def dashboard(f: ClusterFilter, basemap: str, title: str = "", version: int | None = None) -> None:
    """Key figures, the map, its exports, the table, a profile and the download for ``f``.

    ``title`` is the page's title and ``version`` the registry version shown
    (when versioned); the exported files and their names carry them.
    """
    provinces, registry = data.shown()
    shown = apply_filter(registry, f)
    _figures(shown, registry)
    if shown.empty:
        st.info(
            _(
                "No cluster matches these filters. Widen the selection or press "
                "**Reset filters** in the sidebar."
            )
        )
        return

    lang = get_language()
    measure, size = map_view_options()
    skip_link(TABLE_ANCHOR, _("Skip the map, to the table of clusters"))
    _cluster_map(provinces, shown, registry, f, basemap, (lang, measure, size))
    # The map as a table: the counts (and the measure) the choropleth shades.
    summary = province_measure(
        summarise_provinces(provinces, shown, names_per_province=PROVINCE_TOOLTIP_NAMES),
        shown,
        measure,
    )
    st.caption(_(MAP_CAPTIONS[marker_strategy(len(shown))]))
    if measure != "clusters":
        st.caption(
            _(
                "The shading follows the measure chosen above the map. A province with a dashed "
                "outline lacks the figure for some of its clusters (its value is at least what is "
                "shown); a white one lacks it for all. Click a province for its profile."
            )
        )
    with st.expander(_("The map as a table: clusters per province")):
        st.dataframe(province_table(summary, lang, measure), hide_index=True, width="stretch")
    title = title or _("Industrial clusters of Iran")
    cluster_exports(f, shown, registry, provinces, title, lang, version=version)

    st.subheader(_("Clusters"), anchor=TABLE_ANCHOR)
    # Above the table: the next stop after the skip link for a keyboard user.
    download(
        _("Download these clusters (CSV for Excel)"),
        _download_data(shown, f),
        export_filename(f, version=version),
    )
    event = st.dataframe(
        table_frame(shown.head(TABLE_ROW_LIMIT), lang),
        hide_index=True,
        width="stretch",
        column_config={
            gettext(TABLE_COLUMNS[column], lang): st.column_config.Column(width=px)
            for column, px in TABLE_WIDTHS.items()
        },
        on_select="rerun",
        selection_mode="single-row",
        key=keys.CLUSTER_TABLE,
    )
    if len(shown) > TABLE_ROW_LIMIT:
        st.caption(
            Message(
                "The table shows the first {limit} of {n} clusters; "
                "the download holds all of them.",
                limit=TABLE_ROW_LIMIT,
                n=len(shown),
            ).render()
        )
    rows = event.selection.rows if event is not None else []
    if rows:
        _profile(shown.iloc[rows[0]])
    else:
        st.caption(_("Select a row in the table to open the cluster's profile here."))
