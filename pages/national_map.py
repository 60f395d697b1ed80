"""Home: the national cluster map."""

import streamlit as st

import ui

ui.ensure_entrypoint()

ui.page_title("Industrial clusters of Iran", "خوشه‌های صنعتی ایران")
st.markdown(
    "The clusters identified by Iran's national mapping of industrial clusters, as reported "
    "by Mirhosseini & Ghanbari (2010), with the cooperation programme that develops each. "
    "Filter in the sidebar; the address bar keeps the filters, so the link shares this view."
)
ui.dashboard(st.session_state["filter"], st.session_state["basemap"])
