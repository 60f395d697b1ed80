"""Streamlit glue shared by the pages: cached loaders, the sidebar, the dashboard.

Everything that can be tested without Streamlit lives in ``mapping``; this
module only reads widgets, calls ``mapping`` and renders.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mapping.assets import sync_static_assets
from mapping.export import clusters_to_csv, export_filename, table_frame
from mapping.filters import ClusterFilter, apply_filter, with_search_text
from mapping.join import clusters_to_points, summarise_provinces
from mapping.map_builder import MAP_HEIGHT, build_cluster_map
from mapping.profile import cluster_profile
from mapping.programmes import PAPER_CITATION, Programme
from mapping.provinces import PROVINCES, load_provinces
from mapping.query_state import QueryState, filter_from_query, filter_to_query
from mapping.registry import (
    PROGRAMME_LABELS,
    PROGRAMMES,
    REGISTRY_PATH,
    RegistryError,
    load_registry,
)

REGISTRY_ENV = "CLUSTER_REGISTRY"
KEYS = {
    "sector": "f_sector",
    "programme": "f_programme",
    "province": "f_province",
    "mapping": "f_mapping",
    "text": "f_text",
    "basemap": "f_basemap",
}
MAPPING_LABELS = {
    "all": "All clusters",
    "yes": "In the national mapping list",
    "no": "Not in the list",
}


def ensure_entrypoint() -> None:
    """Make sure a page runs through ``app.py``, never on its own.

    Streamlit decides at server start that an app with a ``pages/`` folder is
    an old-style multipage app, and only changes its mind when ``app.py``
    calls ``st.navigation``. So if the first visitor of a fresh server opens a
    shared link to a sub-page (``/unido?...``), Streamlit runs that page script
    alone: no sidebar, no filters, the wrong navigation. Each page calls this
    first; it switches Streamlit to ``st.navigation`` mode and reruns, which
    goes through ``app.py`` to the same page with the same query string.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource
def ensure_static_assets() -> int:
    """Copy Leaflet from its pip package into ./static once per server process."""
    return len(sync_static_assets())


@st.cache_data(show_spinner="Loading the cluster registry…")
def load_data(registry_path: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Province outlines and the validated registry (raises RegistryError)."""
    provinces = load_provinces()
    return provinces, with_search_text(load_registry(Path(registry_path), provinces))


def registry_path() -> str:
    """The registry to show: ``$CLUSTER_REGISTRY`` if set, else the bundled file."""
    return os.environ.get(REGISTRY_ENV, "") or str(REGISTRY_PATH)


def data_or_stop() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The data, or a clear message and a stopped page if the files are broken."""
    try:
        return load_data(registry_path())
    except (RegistryError, ValueError, OSError) as exc:
        st.error(f"The cluster data could not be loaded.\n\n```\n{exc}\n```")
        st.stop()
        raise  # unreachable: st.stop() ends the script


def page_title(english: str, persian: str) -> None:
    """A page title in English with its Persian form beneath, right to left."""
    st.title(english)
    st.markdown(
        f'<div dir="rtl" lang="fa" style="font-size:1.35rem;margin-top:-0.8rem">'
        f"{html.escape(persian)}</div>",
        unsafe_allow_html=True,
    )


def _query_dict() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _reset_filters() -> None:
    st.session_state[KEYS["sector"]] = []
    st.session_state[KEYS["programme"]] = []
    st.session_state[KEYS["province"]] = []
    st.session_state[KEYS["mapping"]] = "all"
    st.session_state[KEYS["text"]] = ""


def _load_state_from_url(registry: pd.DataFrame) -> None:
    """Seed the widgets from the address, once per browser session."""
    if st.session_state.get("_url_loaded"):
        return
    state: QueryState = filter_from_query(
        _query_dict(), set(registry["sector"]), set(registry["programme"])
    )
    f = state.filter
    st.session_state[KEYS["sector"]] = list(f.sectors)
    st.session_state[KEYS["programme"]] = list(f.programmes)
    st.session_state[KEYS["province"]] = list(f.provinces)
    st.session_state[KEYS["mapping"]] = f.national_mapping
    st.session_state[KEYS["text"]] = f.text
    st.session_state[KEYS["basemap"]] = state.basemap == "osm"
    st.session_state["_url_warnings"] = state.warnings
    st.session_state["_url_loaded"] = True


def sidebar(programme: Programme | None) -> tuple[ClusterFilter, str]:
    """Draw the shared filters and keep the address in step with them.

    Parameters
    ----------
    programme : Programme or None
        The programme a page is fixed to, if any.

    Returns
    -------
    (ClusterFilter, str)
        The filter to apply (with the page's programme) and the basemap.
    """
    _, registry = data_or_stop()
    _load_state_from_url(registry)
    counts = registry["province_code"].value_counts()
    sb = st.sidebar
    sb.header("Filters · فیلترها")
    for warning in st.session_state.get("_url_warnings", []):
        sb.warning(warning)
    sectors = sb.multiselect(
        "Sector", sorted(registry["sector"].unique()), key=KEYS["sector"], placeholder="All sectors"
    )
    if programme is None:
        available = [p for p in PROGRAMMES if p in set(registry["programme"])]
        programmes = sb.multiselect(
            "Programme",
            available,
            key=KEYS["programme"],
            format_func=lambda p: PROGRAMME_LABELS.get(p, p),
            placeholder="All programmes",
        )
    else:
        sb.multiselect(
            "Programme",
            [programme.code],
            default=[programme.code],
            disabled=True,
            key=f"f_programme_fixed_{programme.code}",
            help="This page always shows this programme; other programmes are on the home page.",
        )
        programmes = [programme.code]
    provinces_sorted = sorted(PROVINCES, key=lambda p: p.name_en)
    names = {
        p.iso_code: f"{p.name_en} ({counts.get(p.iso_code, 0)}) · {p.name_fa}" for p in PROVINCES
    }
    provinces = sb.multiselect(
        "Province",
        [p.iso_code for p in provinces_sorted],
        key=KEYS["province"],
        format_func=names.get,
        placeholder="All provinces",
    )
    national_mapping = sb.radio(
        "National mapping list",
        list(MAPPING_LABELS),
        key=KEYS["mapping"],
        format_func=MAPPING_LABELS.get,
    )
    text = sb.text_input(
        "Search names (English or Persian)",
        key=KEYS["text"],
        max_chars=200,
        placeholder="e.g. leather, چرم, Yazd",
    )
    sb.button("Reset filters", on_click=_reset_filters, width="stretch")
    online = sb.toggle(
        "Online basemap (OpenStreetMap)",
        key=KEYS["basemap"],
        help="Needs internet access. Without it the map is drawn from the app's own data.",
    )
    basemap = "osm" if online else "none"
    chosen = ClusterFilter(
        sectors=tuple(sectors),
        programmes=tuple(programmes),
        provinces=tuple(provinces),
        national_mapping=national_mapping,
        text=text,
    )
    # The page's own programme is in its path, not in the query string.
    in_url = chosen if programme is None else ClusterFilter(**{**chosen.__dict__, "programmes": ()})
    st.query_params.from_dict(filter_to_query(in_url, basemap))
    return chosen, basemap


def _profile_frame(row: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        [(f.label, f.value, f.source) for f in cluster_profile(row)],
        columns=["Field", "Value", "Source"],
    )


def dashboard(f: ClusterFilter, basemap: str, programme: Programme | None = None) -> None:
    """Key figures, the map, the table, a profile and the download for ``f``."""
    provinces, registry = data_or_stop()
    shown = apply_filter(registry, f)
    a, b, c, d = st.columns(4)
    a.metric("Clusters shown", f"{len(shown)} of {len(registry)}")
    b.metric("Provinces with clusters", int(shown["province_code"].nunique()))
    c.metric("Programmes shown", int(shown["programme"].nunique()))
    d.metric("Placed at province level", int(shown["placement"].eq("province").sum()))

    if shown.empty:
        st.info(
            "No cluster matches these filters. Widen the selection or press "
            "**Reset filters** in the sidebar."
        )
        return

    m = build_cluster_map(
        summarise_provinces(provinces, shown), clusters_to_points(shown, provinces), basemap=basemap
    )
    st_folium(m, height=MAP_HEIGHT, use_container_width=True, returned_objects=[], key="map")
    st.caption(
        "Provinces are shaded by the number of clusters shown; grey means none. "
        "● a cluster at the town the source names, ◆ a cluster the source places only in "
        "a province (drawn at a point inside it). Clusters in one town are fanned out around "
        "it. Hover for a summary, click for the full profile with sources."
    )

    st.subheader("Clusters · خوشه‌ها")
    table = table_frame(shown)
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="cluster_table",
    )
    st.download_button(
        "Download these clusters (CSV for Excel)",
        data=clusters_to_csv(shown),
        file_name=export_filename(f, programme.code if programme else None),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        row = shown.iloc[rows[0]]
        st.subheader(f"Profile: {row['name_en']}")
        st.dataframe(_profile_frame(row), hide_index=True, width="stretch")
    else:
        st.caption("Select a row in the table to open the cluster's profile here.")


def programme_page(programme: Programme) -> None:
    """A programme page: what the paper reports, then the dashboard for its clusters.

    The sidebar has already fixed the filter's programme to this one.
    """
    _, registry = data_or_stop()
    page_title(programme.title, programme.title_fa)
    ours = registry.loc[registry["programme"].eq(programme.code), "name_en"].tolist()
    st.markdown(
        f"**Partner:** {programme.partner}.  \n"
        f"**Clusters under this contract in the registry ({len(ours)}):** "
        f"{', '.join(ours) if ours else 'none'}."
    )
    st.markdown(f"> {programme.quote}.")
    st.caption(
        f"Source: {PAPER_CITATION}, section 7. The paper gives no dates, budgets or results "
        "for this contract."
    )
    dashboard(st.session_state["filter"], st.session_state["basemap"], programme)
