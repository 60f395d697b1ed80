"""Specialisation on the province page: the reader's employment table and its location quotients.

The table lives in this browser tab's session only, like Your data; the
formula is on the page; every problem of the table is listed by row, column
and value, as for a registry upload.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import keys
from components.widgets import XLSX_MIME, download, inert
from mapping.export import frame_to_csv, frame_to_xlsx, neutralised_frame
from mapping.i18n import Message, _, format_number, get_language
from mapping.maps.style import MAP_HEIGHT
from mapping.maps.value_map import LQ_CLASSES, build_value_map
from mapping.province_profile import province_name
from mapping.reference import division_title
from mapping.registry import issues_frame
from mapping.specialisation import (
    EMPLOYMENT_COLUMNS,
    location_quotients,
    read_employment,
    template_table,
)
from mapping.upload_table import UploadError

LQ_DECIMALS = 2
FORMULA = r"\mathrm{LQ}_{p,d} = \dfrac{E_{p,d} \,/\, E_{p}}{E_{d} \,/\, E}"


def _explain() -> None:
    st.markdown(
        _(
            "The location quotient compares a province's share of employment in an ISIC "
            "division with the country's share, as the U.S. Cluster Mapping Project measures "
            "specialisation. Above 1 the province is more specialised in the division than the "
            "country; below 1, less."
        )
    )
    st.latex(FORMULA)
    st.caption(
        _(
            "E(p,d): employment in province p and division d; E(p): all employment in province "
            "p; E(d): employment in division d in every province; E: all employment in the "
            "table. Totals are the table's own."
        )
    )


def _read(upload) -> dict:
    """Read an uploaded table once per file; kept in the session."""
    kept = st.session_state.get(keys.EMPLOYMENT)
    if kept is not None and kept["key"] == upload.file_id:
        return kept
    try:
        table = read_employment(upload.name, upload.getvalue())
        kept = {"key": upload.file_id, "name": upload.name, "table": table, "error": None}
    except UploadError as exc:
        kept = {"key": upload.file_id, "name": upload.name, "table": None, "error": exc.message}
    st.session_state[keys.EMPLOYMENT] = kept
    return kept


def _upload() -> pd.DataFrame | None:
    """The uploader, templates and report; the valid rows, or None."""
    template = template_table()
    a, b = st.columns(2)
    download(
        _("Employment template (CSV)"), frame_to_csv(template), "employment-template.csv", where=a
    )
    download(
        _("Employment template (Excel)"),
        frame_to_xlsx(template, "employment"),
        "employment-template.xlsx",
        XLSX_MIME,
        where=b,
    )
    st.caption(
        inert(
            Message(
                "Columns: {columns}. One row per province and ISIC Rev.4 division (two digits); "
                "province names in any spelling. CSV or Excel, as for Your data. The table stays "
                "in this browser tab only.",
                columns=", ".join(EMPLOYMENT_COLUMNS),
            )
        )
    )
    upload = st.file_uploader(
        _("Employment by province and division (CSV or Excel)"),
        type=["csv", "txt", "xlsx"],
        key=keys.EMPLOYMENT_UPLOAD,
    )
    # The file widget forgets its file on another page; the table read from it stays.
    kept = st.session_state.get(keys.EMPLOYMENT) if upload is None else _read(upload)
    if kept is None:
        return None
    if kept["error"] is not None:
        st.error(f"{inert(kept['name'])}: {inert(kept['error'])}")
        return None
    table = kept["table"]
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Rows read"), format_number(table.n_read))
    c2.metric(_("Valid"), format_number(len(table.valid)))
    c3.metric(_("Rejected"), format_number(table.n_read - len(table.valid)))
    if table.issues:
        problems = issues_frame(table.issues)
        problems.columns = [_("Row"), _("Column"), _("Value"), _("Problem")]
        st.dataframe(neutralised_frame(problems), hide_index=True, width="stretch")
    return table.valid if not table.valid.empty else None


def _lq_text(value: float) -> str:
    return format_number(value, get_language(), decimals=LQ_DECIMALS)


def specialisation_section(provinces: gpd.GeoDataFrame, codes: Sequence[str]) -> None:
    """The location quotient section: formula, upload, the chosen provinces' table, the map."""
    lang = get_language()
    st.header(_("Specialisation (location quotient)"), anchor=False)
    _explain()
    employment = _upload()
    if employment is None:
        st.info(_("Upload a table of employment by province and division to see the quotients."))
        return
    lq = location_quotients(employment)
    divisions = sorted(lq["isic_division"].unique())
    if codes:
        mine = lq.loc[lq["province_code"].isin(codes)]
        table = mine.pivot_table(index="isic_division", columns="province_code", values="lq")
        table = table.reindex(columns=[c for c in codes if c in table.columns])
        table.index = [division_title(d, lang) for d in table.index]
        table.columns = [province_name(c, lang) for c in table.columns]
        st.dataframe(
            table.map(lambda v: _lq_text(v) if v == v else _("undefined")), width="stretch"
        )
    division = st.selectbox(
        _("ISIC division on the map"),
        divisions,
        format_func=lambda d: division_title(d, lang),
        key=keys.LQ_DIVISION,
    )
    values = lq.loc[lq["isic_division"].eq(division)].set_index("province_code")["lq"]
    m = build_value_map(
        provinces,
        values.to_dict(),
        classes=LQ_CLASSES,
        title=_("Location quotient"),
        value_text=_lq_text,
        unknown_text=_("no employment figure"),
        lang=lang,
    )
    st_folium(m, height=MAP_HEIGHT, use_container_width=True, returned_objects=[], key="lq_map")
