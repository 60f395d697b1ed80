"""Your data: upload a cluster list, see what is wrong with it, map the valid rows.

The upload lives in this browser tab's session only (``keys.USER_DATA``);
the banner on every page says so and leads back to the bundled registry.
"""

from pathlib import Path

import pandas as pd
import streamlit as st

from components import data, keys
from components.widgets import XLSX_MIME, download, inert, page_start
from mapping.columns import PERSIAN_HEADERS
from mapping.demo import DEMO_SIZE
from mapping.export import frame_to_csv, frame_to_xlsx, neutralised_frame, template_frame
from mapping.i18n import N_, Message, _, format_number, get_language, nmessage
from mapping.registry import REQUIRED_COLUMNS, issues_frame, rejected_rows_frame
from mapping.upload import MAX_ROWS, MAX_UPLOAD_BYTES, UploadError, validate_upload

MODES = {
    "replace": N_("instead of the bundled registry"),
    "add": N_("together with the bundled registry"),
}
STEM_MAX = 60


def upload_report(upload, mode: str) -> dict:
    """Validate an uploaded file once per file and mode; the result is kept in the session."""
    key = (upload.file_id, mode)
    report = st.session_state.get(keys.UPLOAD_REPORT)
    if report is not None and report["key"] == key:
        return report
    provinces, bundled = data.bundled()
    taken = set(bundled["cluster_id"]) if mode == "add" else None
    try:
        result = validate_upload(upload.name, upload.getvalue(), provinces, taken)
        report = {"key": key, "name": upload.name, "result": result, "error": None}
    except UploadError as exc:
        # The Message itself, rendered when shown: the reader may switch language.
        report = {"key": key, "name": upload.name, "result": None, "error": exc.message}
    st.session_state[keys.UPLOAD_REPORT] = report
    return report


def templates(registry: pd.DataFrame) -> None:
    template = template_frame(registry)
    a, b = st.columns(2)
    download(_("Template (CSV)"), frame_to_csv(template), "cluster-registry-template.csv", where=a)
    download(
        _("Template (Excel)"),
        frame_to_xlsx(template),
        "cluster-registry-template.xlsx",
        XLSX_MIME,
        where=b,
    )
    st.caption(
        inert(
            Message(
                "Required columns: {columns}. CSV in UTF-8 or Windows-1256, separated by "
                "commas, semicolons or tabs, or an .xlsx workbook (any sheet). Up to {mb} MB "
                "and {rows} rows. Province names may be written in English, in transliteration "
                "or in Persian; extra columns are ignored. The column dictionary is on the "
                "About the data page.",
                columns=", ".join(
                    PERSIAN_HEADERS[c][0] if get_language() == "fa" else c for c in REQUIRED_COLUMNS
                ),
                mb=MAX_UPLOAD_BYTES // 2**20,
                rows=MAX_ROWS,
            )
        )
    )


def problems(report: dict, rejected: pd.DataFrame) -> None:
    result = report["result"]
    st.subheader(_("Problems found"), anchor=False)
    table = issues_frame(result.issues)
    table.columns = [_("Row"), _("Column"), _("Value"), _("Problem")]
    st.dataframe(
        neutralised_frame(table),
        hide_index=True,
        width="stretch",
    )
    stem = Path(report["name"]).stem[:STEM_MAX] or "upload"
    d1, d2 = st.columns(2)
    download(
        _("Rejected rows to fix (CSV)"),
        frame_to_csv(rejected),
        f"{stem}-rejected-rows.csv",
        where=d1,
    )
    download(
        _("Rejected rows to fix (Excel)"),
        frame_to_xlsx(rejected, "rejected"),
        f"{stem}-rejected-rows.xlsx",
        XLSX_MIME,
        where=d2,
    )


page_start(
    _("Your data"),
    _(
        "Load your own cluster list to see it on the map. It stays in this browser tab's "
        "session: nobody else sees it, and it is gone when you close the tab. Every row is "
        "checked first; rows with problems are listed, and can be downloaded, fixed and "
        "uploaded again."
    ),
)
bundled = data.bundled()[1]
templates(bundled)
with st.expander(_("See what a full registry looks like: the synthetic demonstration registry")):
    st.markdown(
        inert(
            Message(
                "The bundled clusters leave stage, size, objectives and the other tracked "
                "fields empty, because the paper gives none of them. The demonstration "
                "registry fills every field for {n} made-up clusters over all 31 provinces. "
                "It is synthetic — not real data — and every page says so while it is shown.",
                n=DEMO_SIZE,
            )
        )
    )
    st.button(
        _("Load the synthetic demonstration registry"),
        on_click=data.use_demo_registry,
        icon=":material/science:",
        key=keys.DEMO_BUTTON,
    )
    if data.showing_synthetic():
        st.page_link("pages/national_map.py", label=_("Open the map"), icon=":material/map:")
mode = st.radio(
    _("Use the valid rows"),
    list(MODES),
    format_func=lambda m: _(MODES[m]),
    horizontal=True,
    key=keys.UPLOAD_MODE,
)
upload = st.file_uploader(_("Cluster list (CSV or Excel)"), type=["csv", "txt", "xlsx"])
if upload is not None:
    report = upload_report(upload, mode)
    if report["error"]:
        st.error(f"{inert(report['name'])}: {inert(report['error'])}")
        st.stop()
    result = report["result"]
    for note in result.notes:
        st.caption(inert(note))
    rejected = rejected_rows_frame(result)
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Rows read"), format_number(result.n_read))
    c2.metric(_("Valid"), format_number(len(result.valid)))
    c3.metric(_("Rejected"), format_number(len(rejected)))
    if result.issues:
        problems(report, rejected)
    else:
        st.success(_("Every row is valid."))
    if result.valid.empty:
        st.warning(_("No valid rows to show. Fix the rows above and upload the file again."))
        st.stop()
    st.button(
        inert(
            nmessage(
                "Show the {n} valid row on the map",
                "Show the {n} valid rows on the map",
                n=len(result.valid),
            )
        ),
        type="primary",
        on_click=data.use_user_data,
        args=(report["name"], mode, result.valid),
    )
    if st.session_state.get(keys.USER_DATA, {}).get("name") == report["name"]:
        st.page_link("pages/national_map.py", label=_("Open the map"), icon=":material/map:")
