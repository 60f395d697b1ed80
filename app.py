"""Entry point: page config, shared sidebar, navigation."""

from pathlib import Path

import streamlit as st

import ui
from mapping.memory import release_free_memory
from mapping.programmes import PROGRAMME_BY_PATH, PROGRAMME_PAGES

st.set_page_config(
    page_title="Iran industrial clusters",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
ui.ensure_static_assets()

# Each url_path equals its script's name: see ui.ensure_entrypoint for why.
PAGES_WITHOUT_FILTERS = {"about", "your_data", "international"}
pages = [
    st.Page(
        "pages/national_map.py", title="National cluster map", icon=":material/map:", default=True
    ),
    *[
        st.Page(
            f"pages/{p.url_path}.py",
            title=p.title,
            icon=":material/handshake:",
            url_path=p.url_path,
        )
        for p in PROGRAMME_PAGES
    ],
    st.Page(
        "pages/international.py",
        title="Learning from abroad",
        icon=":material/public:",
        url_path="international",
    ),
    st.Page(
        "pages/your_data.py", title="Your data", icon=":material/upload_file:", url_path="your_data"
    ),
    st.Page("pages/about.py", title="About the data", icon=":material/info:", url_path="about"),
]
page = st.navigation(pages)
programme = PROGRAMME_BY_PATH.get(page.url_path)
ui.user_data_banner()
if page.url_path not in PAGES_WITHOUT_FILTERS:
    st.session_state["filter"], st.session_state["basemap"] = ui.sidebar(programme)
page.run()
# A run over a large registry leaves freed memory behind; hand it back.
release_free_memory()
