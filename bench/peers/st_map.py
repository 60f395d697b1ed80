"""Peer: ``st.map`` — Streamlit's own deck.gl scatter map of the clusters
(no provinces, no tooltips)."""

from __future__ import annotations

import pandas as pd

from bench.peers import common


def build(clusters: pd.DataFrame) -> pd.DataFrame:
    return clusters[["lat", "lon"]]


if __name__ == "__main__":
    import streamlit as st

    registry = st.cache_resource(common.read_registry)()
    query = st.text_input(common.SEARCH_LABEL)
    st.map(build(common.search(registry, query)), height=common.MAP_HEIGHT)
