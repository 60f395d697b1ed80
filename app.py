"""Entry point and router: page config, language, shared frame, navigation."""

from pathlib import Path

import streamlit as st

from components import data, keys, language, url_state, versions
from components.widgets import user_data_banner
from mapping.i18n import _
from mapping.memory import release_free_memory
from mapping.programmes import PROGRAMME_PAGES

st.set_page_config(
    page_title=_("Iran industrial clusters"),
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)
lang = language.apply()
data.ensure_static_assets()

# Each url_path equals its script's name, so that the first visit of a fresh
# server finds the page (see components/entrypoint.py).
pages = [
    st.Page(
        "pages/national_map.py",
        title=_("National cluster map"),
        icon=":material/map:",
        default=True,
    ),
    *[
        st.Page(
            f"pages/{p.page.url_path}.py",
            title=p.page.title(lang),
            icon=":material/handshake:",
            url_path=p.page.url_path,
        )
        for p in PROGRAMME_PAGES
        if p.page
    ],
    st.Page(
        "pages/pipeline.py",
        title=_("The national pipeline"),
        icon=":material/stacked_bar_chart:",
        url_path="pipeline",
    ),
    st.Page(
        "pages/province.py",
        title=_("Province profiles"),
        icon=":material/location_city:",
        url_path="province",
    ),
    st.Page(
        "pages/policy.py",
        title=_("Iran's cluster programme"),
        icon=":material/account_balance:",
        url_path="policy",
    ),
    st.Page(
        "pages/international.py",
        title=_("Learning from abroad"),
        icon=":material/public:",
        url_path="international",
    ),
    st.Page(
        "pages/your_data.py",
        title=_("Your data"),
        icon=":material/upload_file:",
        url_path="your_data",
    ),
    st.Page(
        "pages/changes.py",
        title=_("What changed"),
        icon=":material/history:",
        url_path="changes",
    ),
    st.Page("pages/about.py", title=_("About the data"), icon=":material/info:", url_path="about"),
    st.Page(
        "pages/editor.py",
        title=_("Editors' desk"),
        icon=":material/edit_note:",
        url_path="editor",
    ),
]
page = st.navigation(pages)
st.session_state[keys.PAGE_PATH] = page.url_path
language.switch()
user_data_banner(on_clear=data.clear_user_data)
data.mark_user_data()
versions.banner()
versions.watch()
try:
    page.run()
finally:
    # Also when a page stops early (st.stop): the address still follows the widgets.
    url_state.write_address()
    # A run over a large registry leaves freed memory behind; hand it back.
    release_free_memory()
