"""About the data: sources, licences, method, column dictionary, citation.

The data documentation is written once, in English, in ``data/README.md``;
in Persian the page says so and shows it as it is.
"""

from pathlib import Path

import streamlit as st

from components.widgets import page_start
from mapping.i18n import _, get_language

README = Path(__file__).resolve().parent.parent / "data" / "README.md"

page_start(_("About the data"))
if get_language() == "fa":
    st.info(
        _(
            "The data documentation below (sources, licences, how the map is drawn and the "
            "column dictionary) is kept in English, the language of the paper it documents."
        )
    )
st.markdown(README.read_text(encoding="utf-8"))
