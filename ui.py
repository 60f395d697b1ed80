"""Streamlit glue shared by the pages: cached loaders, the sidebar, the dashboard.

Everything that can be tested without Streamlit lives in ``mapping``; this
module only reads widgets, calls ``mapping`` and renders.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mapping.assets import sync_static_assets
from mapping.export import (
    case_filename,
    clusters_to_csv,
    export_filename,
    frame_to_csv,
    frame_to_xlsx,
    table_frame,
    template_frame,
)
from mapping.filters import ClusterFilter, apply_filter, with_search_text
from mapping.international import (
    RECOMMENDATIONS,
    TYPES,
    CaseFilter,
    apply_case_filter,
    case_profile,
    case_titles,
    comparison_frame,
    load_countries,
    load_international,
)
from mapping.join import clusters_to_points, summarise_provinces
from mapping.map_builder import MAP_HEIGHT, build_cluster_map, build_world_map, marker_strategy
from mapping.memory import release_free_memory, use_system_allocator
from mapping.profile import cluster_profile
from mapping.programmes import PAPER_CITATION, Programme
from mapping.provinces import PROVINCES, load_provinces
from mapping.query_state import (
    QueryState,
    case_filter_from_query,
    case_filter_to_query,
    filter_from_query,
    filter_to_query,
)
from mapping.registry import (
    PROGRAMME_LABELS,
    PROGRAMMES,
    REGISTRY_PATH,
    REQUIRED_COLUMNS,
    RegistryError,
    load_registry,
    rejected_rows_frame,
)
from mapping.upload import MAX_ROWS, MAX_UPLOAD_BYTES, UploadError, validate_upload

REGISTRY_ENV = "CLUSTER_REGISTRY"
USER_DATA_KEY = "user_data"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_REPORT_KEY = "upload_report"
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:]")
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


@st.cache_resource(show_spinner="Loading the cluster registry…")
def _load_shared(registry_path: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Province outlines and the validated registry, loaded once per server.

    One copy serves every session: ``st.cache_data`` would unpickle a fresh
    copy of a 100,000-row registry on every rerun of every session. Sessions
    never get this object itself, only :func:`load_data`'s shallow copies.
    """
    use_system_allocator()
    provinces = load_provinces()
    registry = with_search_text(load_registry(Path(registry_path), provinces))
    release_free_memory()
    return provinces, registry


def load_data(registry_path: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The shared data as shallow copies (raises RegistryError).

    pandas 3 copies on write: a change to a shallow copy copies the changed
    column first, so no session can alter what the others see.
    """
    provinces, registry = _load_shared(registry_path)
    return provinces.copy(deep=False), registry.copy(deep=False)


def registry_path() -> str:
    """The registry to show: ``$CLUSTER_REGISTRY`` if set, else the bundled file."""
    return os.environ.get(REGISTRY_ENV, "") or str(REGISTRY_PATH)


def bundled_or_stop() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The server's registry, or a clear message and a stopped page if it is broken."""
    try:
        return load_data(registry_path())
    except (RegistryError, ValueError, OSError) as exc:
        st.error("The cluster data could not be loaded:")
        st.code(str(exc), language=None)  # shown as text, never as markdown
        st.stop()
        raise  # unreachable: st.stop() ends the script


def data_or_stop() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """What this session shows: the bundled registry, or the user's upload
    replacing it or added to it (kept in this session only)."""
    provinces, bundled = bundled_or_stop()
    user = st.session_state.get(USER_DATA_KEY)
    if user is None:
        return provinces, bundled
    if user["mode"] == "replace":
        return provinces, user["registry"]
    return provinces, pd.concat([bundled, user["registry"]], ignore_index=True)


def md_text(text: str) -> str:
    """Text from data made inert for ``st.markdown``: no links, images or HTML."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), str(text)).replace("\n", " ")


def user_data_banner() -> None:
    """Say on every page when the session shows uploaded data, with a way back."""
    user = st.session_state.get(USER_DATA_KEY)
    if user is None:
        return
    how = "instead of" if user["mode"] == "replace" else "added to"
    st.sidebar.warning(
        f"Showing **your data**: {md_text(user['name'])}, {len(user['registry']):,} clusters "
        f"{how} the bundled registry. Only you see it, until you close this tab."
    )
    st.sidebar.button("Back to the bundled registry", on_click=clear_user_data, width="stretch")


def clear_user_data() -> None:
    st.session_state.pop(USER_DATA_KEY, None)
    st.session_state.pop(UPLOAD_REPORT_KEY, None)
    _reset_filters()


def page_title(english: str, persian: str) -> None:
    """A page title in English with its Persian form beneath, right to left."""
    st.title(english)
    st.markdown(
        f'<div dir="rtl" lang="fa" style="font-size:1.35rem;margin-top:-0.8rem">'
        f"{html.escape(persian)}</div>",
        unsafe_allow_html=True,
    )


def _restore_widgets(keys) -> None:
    """Put back filter values that Streamlit dropped.

    Streamlit forgets a widget's value in any run that does not draw it, so a
    visit to a page without filters (About, Your data) would reset them.
    Each filter's value is also kept under a plain key and restored here.
    """
    for key in keys:
        if key not in st.session_state and f"_keep_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"_keep_{key}"]


def _remember_widgets(keys) -> None:
    for key in keys:
        if key in st.session_state:
            st.session_state[f"_keep_{key}"] = st.session_state[key]


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


def _drop_unknown_choices(registry: pd.DataFrame) -> None:
    """After the data changes, keep only filter choices the new data knows."""
    for key, column in ((KEYS["sector"], "sector"), (KEYS["programme"], "programme")):
        known = set(registry[column].unique())
        chosen = st.session_state.get(key, [])
        if any(v not in known for v in chosen):
            st.session_state[key] = [v for v in chosen if v in known]


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
    _restore_widgets(KEYS.values())
    _load_state_from_url(registry)
    _drop_unknown_choices(registry)
    counts = registry["province_code"].value_counts()
    sb = st.sidebar
    sb.header("Filters · فیلترها")
    for warning in st.session_state.get("_url_warnings", []):
        sb.warning(warning)
    sectors = sb.multiselect(
        "Sector · بخش",
        sorted(registry["sector"].unique()),
        key=KEYS["sector"],
        placeholder="All sectors",
    )
    if programme is None:
        available = [p for p in PROGRAMMES if p in set(registry["programme"])]
        programmes = sb.multiselect(
            "Programme · برنامه همکاری",
            available,
            key=KEYS["programme"],
            format_func=lambda p: PROGRAMME_LABELS.get(p, p),
            placeholder="All programmes",
        )
    else:
        sb.multiselect(
            "Programme · برنامه همکاری",
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
        "Province · استان",
        [p.iso_code for p in provinces_sorted],
        key=KEYS["province"],
        format_func=names.get,
        placeholder="All provinces",
    )
    national_mapping = sb.radio(
        "National mapping list · فهرست نقشه‌برداری ملی",
        list(MAPPING_LABELS),
        key=KEYS["mapping"],
        format_func=MAPPING_LABELS.get,
    )
    text = sb.text_input(
        "Search names (English or Persian) · جستجو",
        key=KEYS["text"],
        max_chars=200,
        placeholder="e.g. leather, چرم, Yazd",
    )
    sb.button("Reset filters · بازنشانی", on_click=_reset_filters, width="stretch")
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
    _remember_widgets(KEYS.values())
    # The page's own programme is in its path, not in the query string.
    in_url = chosen if programme is None else ClusterFilter(**{**chosen.__dict__, "programmes": ()})
    st.query_params.from_dict(filter_to_query(in_url, basemap))
    return chosen, basemap


def _profile_frame(row: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        [(f.label, f.value, f.source) for f in cluster_profile(row)],
        columns=["Field", "Value", "Source"],
    )


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


def _download_data(shown: pd.DataFrame, f: ClusterFilter) -> bytes | Callable[[], bytes]:
    """The CSV bytes, or for a large selection a function that builds them on click."""
    if len(shown) <= DEFERRED_DOWNLOAD_ROWS:
        return clusters_to_csv(shown)
    registry = data_or_stop()[1]  # shallow: shares the cached or session data
    return lambda: clusters_to_csv(apply_filter(registry, f))


def dashboard(f: ClusterFilter, basemap: str, programme: Programme | None = None) -> None:
    """Key figures, the map, the table, a profile and the download for ``f``."""
    provinces, registry = data_or_stop()
    shown = apply_filter(registry, f)
    a, b, c, d = st.columns(4)
    a.metric("Clusters shown · خوشه‌ها", f"{len(shown)} of {len(registry)}")
    b.metric("Provinces with clusters · استان‌ها", int(shown["province_code"].nunique()))
    c.metric("Programmes shown · برنامه‌ها", int(shown["programme"].nunique()))
    d.metric("At province level · در سطح استان", int(shown["placement"].eq("province").sum()))

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
    st.caption(MAP_CAPTIONS[marker_strategy(len(shown))])

    st.subheader("Clusters · خوشه‌ها")
    table = table_frame(shown.head(TABLE_ROW_LIMIT))
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="cluster_table",
    )
    if len(shown) > TABLE_ROW_LIMIT:
        st.caption(
            f"The table shows the first {TABLE_ROW_LIMIT:,} of {len(shown):,} clusters; "
            "the download holds all of them."
        )
    st.download_button(
        "Download these clusters (CSV for Excel)",
        data=_download_data(shown, f),
        file_name=export_filename(f, programme.code if programme else None),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        row = shown.iloc[rows[0]]
        st.subheader(f"Profile: {md_text(row['name_en'])}")
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
        f"{', '.join(md_text(n) for n in ours[:30]) if ours else 'none'}"
        f"{f' and {len(ours) - 30:,} more' if len(ours) > 30 else ''}."
    )
    st.markdown(f"> {programme.quote}.")
    st.caption(
        f"Source: {PAPER_CITATION}, section 7. The paper gives no dates, budgets or results "
        "for this contract."
    )
    dashboard(st.session_state["filter"], st.session_state["basemap"], programme)


def _upload_report(upload, mode: str) -> dict:
    """Validate an uploaded file once per file and mode; the result is kept in the session."""
    key = (upload.file_id, mode)
    report = st.session_state.get(UPLOAD_REPORT_KEY)
    if report is not None and report["key"] == key:
        return report
    provinces, bundled = bundled_or_stop()
    taken = set(bundled["cluster_id"]) if mode == "add" else None
    try:
        result = validate_upload(upload.name, upload.getvalue(), provinces, taken)
        report = {"key": key, "name": upload.name, "result": result, "error": None}
    except UploadError as exc:
        report = {"key": key, "name": upload.name, "result": None, "error": str(exc)}
    st.session_state[UPLOAD_REPORT_KEY] = report
    return report


def _use_upload(name: str, mode: str, valid: pd.DataFrame) -> None:
    st.session_state[USER_DATA_KEY] = {
        "name": name,
        "mode": mode,
        "registry": with_search_text(valid),
    }
    _reset_filters()


def your_data_page() -> None:
    """Templates, upload, validation report, rejected rows, and switching data."""
    _, bundled = bundled_or_stop()
    page_title("Your data", "داده‌های شما")
    st.markdown(
        "Load your own cluster list to see it on the map. It stays in this browser tab's "
        "session: nobody else sees it, and it is gone when you close the tab. Every row is "
        "checked first; rows with problems are listed, and can be downloaded, fixed and "
        "uploaded again."
    )
    template = template_frame(bundled)
    a, b = st.columns(2)
    a.download_button(
        "Template (CSV)",
        frame_to_csv(template),
        "cluster-registry-template.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    b.download_button(
        "Template (Excel)",
        frame_to_xlsx(template),
        "cluster-registry-template.xlsx",
        XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(
        f"Required columns: {', '.join(REQUIRED_COLUMNS)}. CSV in UTF-8 or Windows-1256, "
        "separated by commas, semicolons or tabs, or an .xlsx workbook (any sheet). "
        f"Up to {MAX_UPLOAD_BYTES // 2**20} MB and {MAX_ROWS:,} rows. Province names may be "
        "written in English, in transliteration or in Persian; extra columns are ignored. "
        "The column dictionary is on the About the data page."
    )
    mode = st.radio(
        "Use the valid rows",
        ["replace", "add"],
        format_func={
            "replace": "instead of the bundled registry",
            "add": "together with the bundled registry",
        }.get,
        horizontal=True,
        key="upload_mode",
    )
    upload = st.file_uploader("Cluster list (CSV or Excel)", type=["csv", "txt", "xlsx"])
    if upload is None:
        return
    report = _upload_report(upload, mode)
    if report["error"]:
        st.error(f"{md_text(report['name'])}: {md_text(report['error'])}")
        return
    result = report["result"]
    for note in result.notes:
        st.caption(md_text(note))
    rejected = rejected_rows_frame(result)
    c1, c2, c3 = st.columns(3)
    c1.metric("Rows read", f"{result.n_read:,}")
    c2.metric("Valid", f"{len(result.valid):,}")
    c3.metric("Rejected", f"{len(rejected):,}")
    if result.issues:
        st.subheader("Problems found")
        st.dataframe(
            pd.DataFrame(
                [(i.row, i.column, i.value, i.problem) for i in result.issues],
                columns=["Row", "Column", "Value", "Problem"],
            ),
            hide_index=True,
            width="stretch",
        )
        stem = Path(report["name"]).stem[:60] or "upload"
        d1, d2 = st.columns(2)
        d1.download_button(
            "Rejected rows to fix (CSV)",
            frame_to_csv(rejected),
            f"{stem}-rejected-rows.csv",
            "text/csv",
            on_click="ignore",
            icon=":material/download:",
        )
        d2.download_button(
            "Rejected rows to fix (Excel)",
            frame_to_xlsx(rejected, "rejected"),
            f"{stem}-rejected-rows.xlsx",
            XLSX_MIME,
            on_click="ignore",
            icon=":material/download:",
        )
    else:
        st.success("Every row is valid.")
    if result.valid.empty:
        st.warning("No valid rows to show. Fix the rows above and upload the file again.")
        return
    st.button(
        f"Show the {len(result.valid):,} valid rows on the map",
        type="primary",
        on_click=_use_upload,
        args=(report["name"], mode, result.valid),
    )
    if st.session_state.get(USER_DATA_KEY, {}).get("name") == report["name"]:
        st.page_link("pages/national_map.py", label="Open the map", icon=":material/map:")


# ---------------------------------------------------------------- international page

CASE_KEYS = {"country": "c_country", "sector_group": "c_sector", "type": "c_type"}


@st.cache_resource(show_spinner=False)
def _load_international_shared() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    return load_countries(), load_international()


def international_data() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """World outlines and the case studies (shallow copies of the shared data)."""
    try:
        countries, cases = _load_international_shared()
    except (RegistryError, ValueError, OSError) as exc:
        st.error("The international case studies could not be loaded:")
        st.code(str(exc), language=None)
        st.stop()
        raise
    return countries.copy(deep=False), cases.copy(deep=False)


def _reset_case_filters() -> None:
    for key in CASE_KEYS.values():
        st.session_state[key] = []


def international_sidebar(cases: pd.DataFrame) -> tuple[CaseFilter, str]:
    """Country, sector and type filters, kept in the address like the other pages."""
    names = dict(zip(cases["country_code"], cases["country"], strict=False))
    groups = sorted(cases["sector_group"].unique())
    _restore_widgets([*CASE_KEYS.values(), KEYS["basemap"]])
    if not st.session_state.get("_intl_url_loaded"):
        state = case_filter_from_query(_query_dict(), set(names), set(groups), set(TYPES))
        st.session_state[CASE_KEYS["country"]] = list(state.filter.countries)
        st.session_state[CASE_KEYS["sector_group"]] = list(state.filter.sector_groups)
        st.session_state[CASE_KEYS["type"]] = list(state.filter.types)
        st.session_state.setdefault(KEYS["basemap"], state.basemap == "osm")
        st.session_state["_intl_warnings"] = state.warnings
        st.session_state["_intl_url_loaded"] = True
    sb = st.sidebar
    sb.header("Filters · فیلترها")
    for warning in st.session_state.get("_intl_warnings", []):
        sb.warning(warning)
    chosen_countries = sb.multiselect(
        "Country",
        sorted(names, key=names.get),
        key=CASE_KEYS["country"],
        format_func=names.get,
        placeholder="All countries",
    )
    chosen_groups = sb.multiselect(
        "Sector", groups, key=CASE_KEYS["sector_group"], placeholder="All sectors"
    )
    chosen_types = sb.multiselect(
        "Type", list(TYPES), key=CASE_KEYS["type"], placeholder="All types"
    )
    sb.button("Reset filters · بازنشانی", on_click=_reset_case_filters, width="stretch")
    online = sb.toggle(
        "Online basemap (OpenStreetMap)",
        key=KEYS["basemap"],
        help="Needs internet access. Without it the map is drawn from the app's own data.",
    )
    f = CaseFilter(tuple(chosen_countries), tuple(chosen_groups), tuple(chosen_types))
    basemap = "osm" if online else "none"
    _remember_widgets([*CASE_KEYS.values(), KEYS["basemap"]])
    st.query_params.from_dict(case_filter_to_query(f, basemap))
    return f, basemap


def _chart_frame(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """One bar per place that has the figure, labelled with the figure's year."""
    shown = table[table[column].notna()]
    labels = [
        f"{place} ({label.split('(')[-1].rstrip(')')})"
        for place, label in zip(shown["Place"], shown[f"{column} (year)"], strict=True)
    ]
    return pd.DataFrame({"place": labels, column: shown[column].astype(float).to_numpy()})


def international_page() -> None:
    """The paper's international case studies: map, profiles, comparison, recommendations."""
    countries, cases = international_data()
    page_title("Learning from abroad", "درس‌هایی از تجربه کشورهای دیگر")
    st.markdown(
        "The clusters in other countries that the paper studies in section 8, so that Iran can "
        "learn from them, and the fifteen recommendations it draws in section 9. Names and "
        "places are given in their standard form; the paper's own (often garbled) wording and "
        "every correction are in each profile. Figures are the paper's, with their years; "
        "figures it prints ambiguously are quoted, not guessed."
    )
    f, basemap = international_sidebar(cases)
    shown = apply_case_filter(cases, f)
    a, b, c = st.columns(3)
    a.metric("Places shown", f"{len(shown)} of {len(cases)}")
    b.metric("Case studies", int(shown["case_id"].nunique()))
    c.metric("Countries", int(shown["country_code"].nunique()))
    if shown.empty:
        st.info("No case study matches these filters. Press **Reset filters** in the sidebar.")
        return
    m = build_world_map(countries, shown, basemap=basemap)
    st_folium(
        m, height=MAP_HEIGHT - 80, use_container_width=True, returned_objects=[], key="world_map"
    )
    st.caption(
        "Markers are coloured by type; click one for its profile: figures with years, what "
        "made the cluster work, the paper's wording and our corrections. Where a case has "
        "two places (two deltas, Marche and Brenta, León and Guadalajara, Finland and Sweden) "
        "each has its own marker."
    )

    st.subheader("Profile")
    labels = dict(zip(shown["place_id"], shown["case_name"], strict=True))
    chosen = st.selectbox("Case study", list(labels), format_func=labels.get, key="case_pick")
    row = shown.set_index("place_id").loc[chosen]
    st.dataframe(
        pd.DataFrame(case_profile(row), columns=["Field", "Value"]),
        hide_index=True,
        width="stretch",
    )

    st.subheader("Side by side: firms and employees")
    table = comparison_frame(shown)
    if table.empty:
        st.info("None of the places shown has a firm or employee count in the paper.")
    else:
        st.dataframe(table.drop(columns=["Firms", "Employees"]), hide_index=True, width="stretch")
        left, right = st.columns(2)
        for column, box in (("Firms", left), ("Employees", right)):
            chart = _chart_frame(table, column)
            if not chart.empty:
                box.markdown(f"**{column}**")
                box.bar_chart(chart, x="place", y=column, horizontal=True)
        st.caption(
            "The years differ from place to place (1989 to 2005, some not given), so the bars "
            "compare orders of magnitude, not one moment. Iran's clusters cannot stand "
            "alongside: the paper gives no firm or employee count for any of them, and the "
            "registry has none."
        )

    st.subheader("The paper's fifteen recommendations")
    st.caption(
        "Verbatim from section 9. The case studies under each are this project's reading of "
        "section 8: each link names the passage that supports it. Cases outside the current "
        "filter are marked as such."
    )
    case_names = case_titles(cases)
    visible = set(shown["case_id"])
    for rec in RECOMMENDATIONS:
        with st.expander(f"{rec.number}. {rec.text}"):
            for case_id, why in rec.links.items():
                note = "" if case_id in visible else " *(not in the current filter)*"
                st.markdown(f"- **{md_text(case_names[case_id])}**{note}: {md_text(why)}")

    st.download_button(
        "Download these case studies (CSV for Excel)",
        data=frame_to_csv(shown),
        file_name=case_filename(f),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
