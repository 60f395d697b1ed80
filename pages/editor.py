"""Editors' desk: sign in, prepare a new version of the registry, check it, publish it.

A draft comes from a file (the whole registry, or clusters to add and update)
or from editing the latest version's rows in place; before publishing, the
page shows what would change against the version the draft is based on.
Rolling back publishes an earlier version again, as a new version. Admins
also manage users and read the audit log (components/admin.py).
"""

import streamlit as st

from components import data
from components.admin import audit_tab, users_tab
from components.changes import changes_tables
from components.editing import (
    Draft,
    current_draft,
    keep_draft,
    publish,
    rollback,
    sign_in_form,
    signed_in_panel,
    signed_in_user,
)
from components.widgets import inert, page_start
from mapping.i18n import N_, Message, _, format_number
from mapping.registry import prepare_columns
from mapping.store import InvalidRows, SourceFile, StoreError
from mapping.upload import UploadError, validate_upload

MODES = {
    "replace": N_("Replace the whole registry with the file"),
    "partial": N_("Add and update clusters by cluster_id (keep the others)"),
}
EDITABLE_ROWS = 5_000  # above this, editing in place is too heavy for a browser: use a file


def draft_from_file(upload, mode: str, base: int | None) -> None:
    """Validate an uploaded file like Your data does; its valid rows become the draft."""
    try:
        result = validate_upload(upload.name, upload.getvalue(), data.provinces())
    except UploadError as exc:
        st.error(f"{inert(upload.name)}: {inert(exc)}")
        return
    rejected = set(result.rejected_rows)
    raw = result.raw
    valid = raw.loc[~raw.index.isin(rejected)].reset_index(drop=True)
    st.caption(
        inert(
            Message(
                "{read} rows read, {valid} valid, {rejected} rejected.",
                read=result.n_read,
                valid=len(valid),
                rejected=len(rejected),
            )
        )
    )
    if rejected:
        st.warning(
            _(
                "Rejected rows are left out of the draft; fix them on the Your data page "
                "(it lists every problem) and upload the file again to include them."
            )
        )
    if valid.empty:
        st.error(_("The file has no valid row to publish."))
        return
    source = SourceFile.of(upload.name, upload.getvalue())
    keep_draft(Draft(valid, mode, base, upload.name, source, result.n_read))


def from_file(latest: int | None) -> None:
    mode = st.radio(_("How"), list(MODES), format_func=lambda m: _(MODES[m]), key="editor_mode")
    upload = st.file_uploader(
        _("Registry file (CSV or Excel)"), type=["csv", "txt", "xlsx"], key="editor_upload"
    )
    if upload is not None and st.button(_("Prepare the draft"), key="editor_prepare"):
        draft_from_file(upload, mode, latest)


def edit_in_place(latest: int | None) -> None:
    cells = data.or_stop(data.store().version_cells, "The cluster data could not be loaded:")
    if len(cells) > EDITABLE_ROWS:
        st.info(
            inert(
                Message(
                    "The registry has {n} clusters, too many to edit here; download it, edit "
                    "the file and publish it from the first tab.",
                    n=len(cells),
                )
            )
        )
        return
    st.caption(_("Edit cells, add rows at the bottom, or select rows and delete them."))
    edited = st.data_editor(cells, num_rows="dynamic", hide_index=True, key="editor_table")
    if st.button(_("Prepare the draft from these rows"), key="editor_prepare_rows"):
        rows = prepare_columns(edited.fillna("").astype(str), _("edited rows"))
        keep_draft(Draft(rows, "replace", latest, _("edited rows")))


def review_and_publish(latest: int | None) -> None:
    draft = current_draft()
    if draft is None:
        return
    st.subheader(_("Your draft"), anchor=False)
    st.caption(
        inert(
            Message(
                "{rows} rows from {source}, based on version {base}.",
                rows=len(draft.rows),
                source=draft.source_name,
                base=draft.base or 0,
            )
        )
    )
    try:
        preview = data.store().preview(draft.base, draft.rows, draft.mode)
    except InvalidRows as exc:
        st.error(inert(exc))
        return
    except StoreError as exc:
        st.error(inert(exc))
        return
    if draft.base != latest:
        st.warning(
            inert(
                Message(
                    "Version {latest} has been published since this draft was prepared "
                    "(against version {base}); publishing will be refused until you review "
                    "the changes against the latest.",
                    latest=latest or 0,
                    base=draft.base or 0,
                )
            )
        )
    changes_tables(preview.changes)
    with st.form("publish"):
        note = st.text_area(_("Note for the version list (what this version is)"), draft.note)
        pressed = st.form_submit_button(_("Publish as a new version"), type="primary")
    if st.button(_("Discard the draft"), key="editor_discard"):
        keep_draft(None)
        st.rerun()
    if pressed:
        info = publish(draft, note)
        if info is not None:
            done = Message(
                "Published version {n} ({rows} clusters).", n=info.number, rows=info.n_rows
            )
            st.success(inert(done))


def roll_back(latest: int | None) -> None:
    versions = data.or_stop(data.store().list_versions, "The cluster data could not be loaded:")
    earlier = [v.number for v in versions if v.number != latest]
    if not earlier:
        st.info(_("There is no earlier version to go back to."))
        return
    chosen = st.selectbox(_("Publish again"), earlier, format_func=format_number, key="rollback_to")
    note = st.text_input(_("Note"), key="rollback_note")
    if st.button(_("Publish this version again, as a new version"), key="rollback_go"):
        info = rollback(chosen, latest, note)
        if info is not None:
            st.success(inert(Message("Published version {n}.", n=info.number)))


page_start(
    _("Editors' desk"),
    _(
        "Editors publish new versions of the cluster registry here: from a file, or by "
        "editing rows in place. Every version is kept; readers see the latest, and the "
        "What changed page compares any two. To try a list of your own without publishing "
        "it, use Your data."
    ),
)
if data.registry_file():
    st.info(
        _(
            "This server shows a registry file read-only (CLUSTER_REGISTRY): there is "
            "nothing to publish here."
        )
    )
    st.stop()
user = signed_in_user()
if user is None:
    sign_in_form()
    st.stop()
signed_in_panel(user)
latest = data.or_stop(data.store().latest_version_number, "The cluster data could not be loaded:")
st.caption(inert(Message("The latest version is {n}.", n=latest or 0)))
titles = [_("From a file"), _("Edit rows"), _("Roll back")]
if user.role == "admin":
    titles += [_("Users"), _("Audit log")]
tabs = st.tabs(titles)
with tabs[0]:
    from_file(latest)
with tabs[1]:
    edit_in_place(latest)
with tabs[2]:
    roll_back(latest)
if user.role == "admin":
    with tabs[3]:
        users_tab()
    with tabs[4]:
        audit_tab()
review_and_publish(latest)
