"""Learning from abroad: the paper's international case studies and recommendations."""

import html

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import data, keys
from components.exports import case_exports
from components.sidebar import case_sidebar
from components.widgets import download, inert, page_start, quotation
from mapping.case_profiles import COMPARISON_HEADERS, case_profile, case_titles, comparison_frame
from mapping.export import export_filename, frame_to_csv
from mapping.filters import apply_filter
from mapping.i18n import Message, _, digits, format_number, get_language
from mapping.localise import localised
from mapping.maps import build_world_map
from mapping.maps.style import WORLD_MAP_HEIGHT
from mapping.recommendations import RECOMMENDATIONS, Recommendation


def chart_frame(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """One bar per place that has the figure, labelled with the figure's year."""
    shown = table[table[column].notna()]
    years = ["" if pd.isna(y) else f" ({digits(str(int(y)))})" for y in shown[f"{column}_year"]]
    labels = [f"{place}{year}" for place, year in zip(shown["short"], years, strict=True)]
    return pd.DataFrame({"place": labels, column: shown[column].astype(float).to_numpy()})


def recommendation(rec: Recommendation, names: pd.Series, visible: set[str]) -> None:
    """One recommendation: the paper's words (our translation in Persian) and its cases."""
    quotation(rec.text, rec.text_fa)
    e = html.escape
    for case_id, why in rec.links.items():
        note = "" if case_id in visible else " " + _("(not in the current filter)")
        st.html(
            f'<p><b>{e(names[case_id])}</b>{e(note)}: <span lang="en" dir="ltr">{e(why)}</span></p>'
        )


lang = get_language()
TITLE = _("Learning from abroad")
page_start(
    TITLE,
    _(
        "The clusters in other countries that the paper studies in section 8, so that Iran can "
        "learn from them, and the fifteen recommendations it draws in section 9. Names and "
        "places are given in their standard form; the paper's own (often garbled) wording and "
        "every correction are in each profile. Figures are the paper's, with their years; "
        "figures it prints ambiguously are quoted, not guessed."
    ),
)

countries, cases = data.international()
f, basemap = case_sidebar(cases)
shown = apply_filter(cases, f)
a, b, c = st.columns(3)
a.metric(_("Places shown"), str(Message("{n} of {total}", n=len(shown), total=len(cases))))
b.metric(_("Case studies"), format_number(shown["case_id"].nunique()))
c.metric(_("Countries"), format_number(shown["country_code"].nunique()))
if shown.empty:
    st.info(_("No case study matches these filters. Press **Reset filters** in the sidebar."))
    st.stop()

m = build_world_map(countries, shown, basemap=basemap, lang=lang)
st_folium(
    m, height=WORLD_MAP_HEIGHT, use_container_width=True, returned_objects=[], key=keys.WORLD_MAP
)
st.caption(
    _(
        "Markers are coloured by type; click one for its profile: figures with years, what "
        "made the cluster work, the paper's wording and our corrections. Where a case has "
        "two places (two deltas, Marche and Brenta, León and Guadalajara, Finland and Sweden) "
        "each has its own marker."
    )
)
case_exports(f, shown, cases, countries, TITLE, lang)

st.subheader(_("Profile"), anchor=False)
labels = dict(zip(shown["place_id"], localised(shown, "case_name", lang), strict=True))
chosen = st.selectbox(_("Case study"), list(labels), format_func=labels.get, key=keys.CASE_PICK)
row = shown.set_index("place_id").loc[chosen]
st.dataframe(
    pd.DataFrame(
        [(field.label, field.value) for field in case_profile(row, lang)],
        columns=[_("Field"), _("Value")],
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(_("Side by side: firms and employees"), anchor=False)
table = comparison_frame(shown, lang)
if table.empty:
    st.info(_("None of the places shown has a firm or employee count in the paper."))
else:
    headers = {key: _(label) for key, label in COMPARISON_HEADERS.items()}
    st.dataframe(
        table[list(COMPARISON_HEADERS)].rename(columns=headers), hide_index=True, width="stretch"
    )
    left, right = st.columns(2)
    for column, title, box in (("firms", _("Firms"), left), ("employees", _("Employees"), right)):
        chart = chart_frame(table, column)
        if not chart.empty:
            box.markdown(f"**{title}**")
            box.bar_chart(chart, x="place", y=column, horizontal=True, x_label="", y_label="")
    st.caption(
        _(
            "The years differ from place to place (1989 to 2005, some not given), so the bars "
            "compare orders of magnitude, not one moment. Iran's clusters cannot stand "
            "alongside: the paper gives no firm or employee count for any of them, and the "
            "registry has none."
        )
    )

st.subheader(_("The paper's fifteen recommendations"), anchor=False)
st.caption(
    _(
        "Verbatim from section 9. The case studies under each are this project's reading of "
        "section 8: each link quotes the passage that supports it. Cases outside the current "
        "filter are marked as such."
    )
)
case_names = case_titles(cases, lang)
visible = set(shown["case_id"])
for rec in RECOMMENDATIONS:
    title = rec.text_fa if lang == "fa" else rec.text
    with st.expander(f"{format_number(rec.number)}. {inert(title)}"):
        recommendation(rec, case_names, visible)

download(
    _("Download these case studies (CSV for Excel)"),
    frame_to_csv(shown),
    export_filename(f, stem="international-clusters"),
)
