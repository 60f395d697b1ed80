"""About the data: sources, licences, method, column dictionary, citation.

The data documentation is ``data/README.md``, in English, which is
authoritative; Persian readers get our translation, ``data/README.fa.md``,
kept in step with it by ``tests/unit/test_readme_fa.py``. The Persian text is
shown in a container set right to left by ``static/app/rtl.css``.
"""

from pathlib import Path

import streamlit as st

from components import keys
from components.widgets import page_start
from mapping.i18n import _, get_language

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DOCUMENTATION = {"en": DATA_DIR / "README.md", "fa": DATA_DIR / "README.fa.md"}

page_start(_("About the data"))
lang = get_language()
with st.container(key=keys.DATA_DOCUMENTATION[lang]):
    st.markdown(DOCUMENTATION[lang].read_text(encoding="utf-8"))
