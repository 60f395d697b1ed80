"""Learning from abroad: the paper's international case studies and recommendations."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import data, keys
from components.sidebar import case_sidebar
from components.widgets import download, inert, page_start
from mapping.export import export_filename, frame_to_csv
from mapping.filters import apply_filter
from mapping.i18n import _
from mapping.international import RECOMMENDATIONS, case_profile, case_titles, comparison_frame
from mapping.maps import build_world_map
from mapping.maps.style import WORLD_MAP_HEIGHT


def chart_frame(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """One bar per place that has the figure, labelled with the figure's year."""
    shown = table[table[column].notna()]
    labels = [
        f"{place} ({label.split('(')[-1].rstrip(')')})"
        for place, label in zip(shown["Place"], shown[f"{column} (year)"], strict=True)
    ]
    return pd.DataFrame({"place": labels, column: shown[column].astype(float).to_numpy()})


page_start(
    _("Learning from abroad"),
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
a.metric("Places shown", f"{len(shown)} of {len(cases)}")
b.metric("Case studies", int(shown["case_id"].nunique()))
c.metric("Countries", int(shown["country_code"].nunique()))
if shown.empty:
    st.info("No case study matches these filters. Press **Reset filters** in the sidebar.")
    st.stop()

m = build_world_map(countries, shown, basemap=basemap)
st_folium(
    m, height=WORLD_MAP_HEIGHT, use_container_width=True, returned_objects=[], key=keys.WORLD_MAP
)
st.caption(
    "Markers are coloured by type; click one for its profile: figures with years, what "
    "made the cluster work, the paper's wording and our corrections. Where a case has "
    "two places (two deltas, Marche and Brenta, León and Guadalajara, Finland and Sweden) "
    "each has its own marker."
)

st.subheader("Profile")
labels = dict(zip(shown["place_id"], shown["case_name"], strict=True))
chosen = st.selectbox("Case study", list(labels), format_func=labels.get, key=keys.CASE_PICK)
row = shown.set_index("place_id").loc[chosen]
st.dataframe(
    pd.DataFrame(case_profile(row), columns=["Field", "Value"]), hide_index=True, width="stretch"
)

st.subheader("Side by side: firms and employees")
table = comparison_frame(shown)
if table.empty:
    st.info("None of the places shown has a firm or employee count in the paper.")
else:
    st.dataframe(table.drop(columns=["Firms", "Employees"]), hide_index=True, width="stretch")
    left, right = st.columns(2)
    for column, box in (("Firms", left), ("Employees", right)):
        chart = chart_frame(table, column)
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
            st.markdown(f"- **{inert(case_names[case_id])}**{note}: {inert(why)}")

download(
    "Download these case studies (CSV for Excel)",
    frame_to_csv(shown),
    export_filename(f, stem="international-clusters"),
)
