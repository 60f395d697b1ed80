"""About the data: sources, licences, method, column dictionary, citation."""

from pathlib import Path

import streamlit as st

from components.widgets import page_start

README = Path(__file__).resolve().parent.parent / "data" / "README.md"

page_start("About the data", "درباره داده‌ها")
st.markdown(README.read_text(encoding="utf-8"))
