"""Province profiles: one province, or up to four side by side (``/province?province=IR-21``)."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components import data, keys, url_state
from components.charts import bar_chart, grouped_bars
from components.dashboard import TABLE_ROW_LIMIT
from components.specialisation import specialisation_section
from components.widgets import inert, page_start, say
from mapping.export import table_frame
from mapping.fields import STAGE_NOT_STATED, STAGES
from mapping.i18n import Message, _, format_number, get_language, sort_key
from mapping.policy import in_language, load_policy
from mapping.province_profile import (
    MAX_COMPARED,
    PROVINCE_KEY,
    comparison_table,
    parse_provinces,
    programme_counts,
    province_name,
    province_references,
    sector_counts,
    stage_mix,
    total_text,
)
from mapping.provinces import PROVINCES

KEEP = keys.KEEP_PREFIX + keys.PROVINCE_PICK


@st.cache_data(show_spinner=False)
def references() -> pd.DataFrame:
    """The paper's reference list (data/policy/references.csv)."""
    return load_policy()["references"]


def stage_labels() -> dict[str, str]:
    return {**{code: _(label) for code, label in STAGES.items()}, STAGE_NOT_STATED: _("not stated")}


def chosen_provinces() -> list[str]:
    """The provinces shown: from the link when it changed outside the app, else the widget's."""
    incoming = st.query_params.get_all(PROVINCE_KEY)
    written = st.session_state.get(keys.URL_WRITTEN, {}).get(keys.PROVINCE_PREFIX)
    if written is None or (incoming and incoming != written.get(PROVINCE_KEY, [])):
        codes, warnings = parse_provinces(incoming)
        st.session_state[keys.PROVINCE_PICK] = codes
        for warning in warnings:
            say("warning", warning)
    elif keys.PROVINCE_PICK not in st.session_state and KEEP in st.session_state:
        st.session_state[keys.PROVINCE_PICK] = st.session_state[KEEP]
    lang = get_language()
    names = {p.iso_code: p.name_fa if lang == "fa" else p.name_en for p in PROVINCES}
    chosen = st.multiselect(
        Message("Provinces (up to {n}; several are compared)", n=MAX_COMPARED).render(lang),
        sorted(names, key=lambda code: sort_key(names[code], lang)),
        format_func=names.get,
        max_selections=MAX_COMPARED,
        placeholder=_("Choose a province"),
        key=keys.PROVINCE_PICK,
    )
    st.session_state[KEEP] = list(chosen)
    url_state.stage(keys.PROVINCE_PREFIX, {PROVINCE_KEY: list(chosen)})
    return list(chosen)


def reference_list(registry: pd.DataFrame, code: str) -> None:
    lang = get_language()
    st.subheader(_("The paper's references about it"), anchor=False)
    found = province_references(references(), registry, code)
    if found.empty:
        st.caption(_("The paper's reference list has no study about this province."))
        return
    for _index, row in found.iterrows():
        authors = html.escape(in_language(row, "authors", lang))
        title = html.escape(in_language(row, "title", lang))
        details = html.escape(in_language(row, "details", lang)) if row["details"] else ""
        direction = "rtl" if lang == "fa" else "ltr"
        extra = f" — {details}" if details else ""
        st.html(f'<p lang="{lang}" dir="{direction}">{authors}, <i>{title}</i>{extra}</p>')


def profile(registry: pd.DataFrame, code: str) -> None:
    """One province: figures, clusters, sectors, programmes, stages, references."""
    lang = get_language()
    mine = registry.loc[registry["province_code"].eq(code)]
    st.header(inert(province_name(code, lang)), anchor=False)
    a, b, c, d = st.columns(4)
    a.metric(_("Clusters"), format_number(len(mine), lang))
    b.metric(_("Firms"), total_text(mine["firms"], lang))
    c.metric(_("Employees"), total_text(mine["employees"], lang))
    d.metric(_("With a programme"), format_number(int(mine["programme"].ne("none").sum()), lang))
    if mine.empty:
        st.info(_("The registry shown has no cluster in this province."))
    else:
        st.subheader(_("Clusters"), anchor=False)
        shown = table_frame(mine.head(TABLE_ROW_LIMIT), lang)
        st.dataframe(shown, hide_index=True, width="stretch")
        left, right = st.columns(2)
        with left:
            st.subheader(_("Sectors (ISIC divisions)"), anchor=False)
            bar_chart(sector_counts(mine, lang), _("Clusters"), key="province_sectors")
        with right:
            st.subheader(_("Programmes"), anchor=False)
            bar_chart(programme_counts(mine, lang), _("Clusters"), key="province_programmes")
        st.subheader(_("Stage of development"), anchor=False)
        bar_chart(
            stage_mix(mine).rename(index=stage_labels()), _("Clusters"), key="province_stages"
        )
    reference_list(registry, code)


def compare(registry: pd.DataFrame, codes: list[str]) -> None:
    """Several provinces side by side: a table and charts."""
    lang = get_language()
    st.header(_("Side by side"), anchor=False)
    labels = stage_labels()
    st.dataframe(comparison_table(registry, codes, lang, labels), width="stretch")
    mixes = pd.DataFrame(
        {
            province_name(c, lang): stage_mix(registry.loc[registry["province_code"].eq(c)])
            for c in codes
        }
    ).T.rename(columns=labels)
    st.subheader(_("Stage of development"), anchor=False)
    grouped_bars(mixes, _("Clusters"), key="compare_stages")
    for code in codes:
        with st.expander(inert(province_name(code, lang))):
            reference_list(registry, code)


page_start(
    _("Province profiles"),
    _(
        "A province's clusters, sectors, programmes and stages, with the figures the registry "
        "gives and the paper's studies about it. Choose up to four provinces to compare them; "
        "the address keeps the choice, so the link shares this view. On the national map, "
        "click a province and follow its link."
    ),
)
provinces, registry = data.shown()
codes = chosen_provinces()
if not codes:
    st.info(_("Choose a province above, or click one on the national map."))
elif len(codes) == 1:
    profile(registry, codes[0])
else:
    compare(registry, codes)
specialisation_section(provinces, codes)
