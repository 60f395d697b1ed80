"""Changes between two registry versions (or a draft and its base), as tables and a map.

Shared by the editors' preview before publishing and the "What changed" page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import data
from components.widgets import download, inert
from mapping.export import frame_to_csv
from mapping.i18n import N_, Message, _, format_number, get_language, gettext
from mapping.join import clusters_to_points, summarise_provinces
from mapping.localise import localised
from mapping.maps import build_cluster_map
from mapping.maps.style import MAP_HEIGHT
from mapping.programmes import Programme
from mapping.store import Changes
from mapping.store.rows import typed_frame

CHANGE_KINDS = {
    # Okabe-Ito: green, vermilion, orange — told apart with colour-vision deficiencies.
    "added": ("#009E73", N_("Added")),
    "removed": ("#D55E00", N_("Removed")),
    "changed": ("#E69F00", N_("Changed")),
}
TABLE_LIMIT = 2_000  # rows shown per table; the CSV holds all


def _kind_styles() -> dict[str, Programme]:
    """The change kinds styled like programmes, so the cluster map can colour by them."""
    return {
        kind: Programme(kind, label, gettext(label, "fa"), colour, kind[0].upper())
        for kind, (colour, label) in CHANGE_KINDS.items()
    }


def _changed_frame(changes: Changes, after: pd.DataFrame) -> pd.DataFrame:
    ids = set(changes.changed_ids)
    return after.loc[after["cluster_id"].isin(ids)] if ids else after.iloc[0:0]


def changes_map(changes: Changes, after_cells: pd.DataFrame, key: str) -> None:
    """Added, removed and changed clusters on the map, coloured by what happened to them."""
    lang = get_language()
    parts = []
    for kind, cells in (
        ("added", changes.added),
        ("removed", changes.removed),
        ("changed", _changed_frame(changes, after_cells)),
    ):
        if len(cells):
            typed = typed_frame(cells.reset_index(drop=True))
            parts.append(typed.assign(programme=kind))
    if not parts:
        return
    clusters = pd.concat(parts, ignore_index=True)
    provinces = data.provinces()
    m = build_cluster_map(
        summarise_provinces(provinces, clusters),
        clusters_to_points(clusters, provinces),
        programmes=_kind_styles(),
        lang=lang,
        point_legend=N_("Change"),
    )
    st_folium(m, height=MAP_HEIGHT, use_container_width=True, returned_objects=[], key=key)


def _names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Id"): frame["cluster_id"],
            _("Cluster"): localised(frame, "name_en", lang),
            _("Province"): frame["province"],
        }
    )


def changes_tables(changes: Changes) -> None:
    """Counts, then the added, removed and changed clusters (changed field by field)."""
    lang = get_language()
    a, b, c = st.columns(3)
    a.metric(_("Added"), format_number(changes.n_added))
    b.metric(_("Removed"), format_number(changes.n_removed))
    c.metric(_("Changed"), format_number(changes.n_changed))
    if changes.is_empty:
        st.info(_("No cluster differs between these two."))
        return
    for title, frame in ((_("Added"), changes.added), (_("Removed"), changes.removed)):
        if len(frame):
            st.markdown(f"**{title}**")
            st.dataframe(_names(frame.head(TABLE_LIMIT), lang), hide_index=True, width="stretch")
    if changes.changed:
        st.markdown(f"**{_('Changed')}**")
        fields = [
            (change.cluster_id, change.name_en, f.column, f.before, f.after)
            for change in changes.changed[:TABLE_LIMIT]
            for f in change.fields
        ]
        table = pd.DataFrame(
            fields, columns=[_("Id"), _("Cluster"), _("Field"), _("Before"), _("After")]
        )
        st.dataframe(table, hide_index=True, width="stretch")
    shown = max(changes.n_added, changes.n_removed, changes.n_changed)
    if shown > TABLE_LIMIT:
        st.caption(
            inert(
                Message(
                    "The tables show the first {limit} of each kind; the download holds all.",
                    limit=TABLE_LIMIT,
                )
            )
        )


def changes_download(changes: Changes, file_name: str) -> None:
    """The changes as CSV (one row per added or removed cluster and per changed field)."""
    download(_("Download the changes (CSV)"), lambda: frame_to_csv(changes.to_frame()), file_name)
