"""What changed: every published version of the registry, and the difference between any two."""

import pandas as pd
import streamlit as st

from components import data
from components.changes import changes_download, changes_map, changes_tables
from components.widgets import inert, page_start
from mapping.i18n import Message, _, format_date, format_number
from mapping.store import VersionInfo

MODES = {
    "seed": _("first version, from the bundled file"),
    "replace": _("whole registry replaced"),
    "partial": _("clusters added or updated"),
    "rollback": _("an earlier version published again"),
}


def versions_table(versions: list[VersionInfo]) -> pd.DataFrame:
    """The version list: number, date, author, note, how it was made, counts."""
    return pd.DataFrame(
        {
            _("Version"): [format_number(v.number) for v in versions],
            _("Published"): [format_date(v.created_at) for v in versions],
            _("By"): [v.author for v in versions],
            _("Note"): [v.note for v in versions],
            _("How"): [
                MODES.get(v.mode, v.mode)
                + (f" ({format_number(v.restored_from)})" if v.restored_from else "")
                for v in versions
            ],
            _("Clusters"): [format_number(v.n_rows) for v in versions],
            _("Added"): [format_number(v.n_added) for v in versions],
            _("Removed"): [format_number(v.n_removed) for v in versions],
            _("Changed"): [format_number(v.n_changed) for v in versions],
            _("Source file"): [v.source_name or "" for v in versions],
        }
    )


page_start(
    _("What changed"),
    _(
        "Every version of the registry that editors have published, newest first, and what "
        "changed between any two: clusters added, removed and changed, field by field, in "
        "tables and on the map."
    ),
)
if data.registry_file():
    st.info(
        _(
            "This server shows a registry file read-only (CLUSTER_REGISTRY): it has no "
            "published versions."
        )
    )
    st.stop()

store = data.store()
versions = data.or_stop(store.list_versions, "The cluster data could not be loaded:")
st.subheader(_("Versions"), anchor=False)
st.dataframe(versions_table(versions), hide_index=True, width="stretch")
if len(versions) < 2:
    st.info(_("Only one version has been published so far: there is nothing to compare yet."))
    st.stop()

numbers = [v.number for v in versions]
labels = {
    v.number: str(Message("Version {n} of {date}", n=v.number, date=v.created_at.date()))
    for v in versions
}
st.subheader(_("Compare two versions"), anchor=False)
left, right = st.columns(2)
before = left.selectbox(_("From"), numbers[1:], index=0, format_func=labels.get)
after = right.selectbox(_("To"), numbers, index=0, format_func=labels.get)
if before == after:
    st.info(_("Choose two different versions."))
    st.stop()
changes = data.or_stop(lambda: store.diff(before, after), "The cluster data could not be loaded:")
st.caption(inert(Message("From version {a} to version {b}.", a=before, b=after)))
changes_tables(changes)
if not changes.is_empty:
    after_cells = data.or_stop(
        lambda: store.version_cells(after), "The cluster data could not be loaded:"
    )
    changes_map(changes, after_cells, key=f"changes_map_{before}_{after}")
    changes_download(changes, f"iran-clusters_changes_v{before}-v{after}.csv")
