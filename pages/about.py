"""About the data: sources, licences, method, column dictionary, citation."""

from pathlib import Path

import streamlit as st

import ui

ui.ensure_entrypoint()

ui.page_title("About the data", "درباره داده‌ها")
readme = Path(__file__).resolve().parent.parent / "data" / "README.md"
st.markdown(readme.read_text(encoding="utf-8"))
