"""Small bar charts in the reader's language, with categories kept in the order given."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

CHART_HEIGHT = 320
BAR_COLOUR = "#5e3c99"  # the darkest class of the map's Purples, readable on white


def bar_chart(counts: pd.Series, value_title: str, *, key: str | None = None) -> None:
    """A horizontal bar per category of ``counts`` (index: labels in the reader's language)."""
    frame = pd.DataFrame({"label": list(counts.index), "n": [int(v) for v in counts]})
    chart = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            y=alt.Y("label:N", sort=list(frame["label"]), title=None),
            x=alt.X("n:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("n:Q", title=value_title)],
        )
        .properties(height=min(CHART_HEIGHT, 40 + 28 * len(frame)))
    )
    st.altair_chart(chart, width="stretch", key=key)


def grouped_bars(table: pd.DataFrame, value_title: str, *, key: str | None = None) -> None:
    """Bars of each row of ``table`` (a group) per column (a category), side by side.

    Rows are the groups compared (provinces), columns the categories
    (stages), both labelled in the reader's language.
    """
    long = table.reset_index(names="group").melt(id_vars="group", var_name="category")
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=list(table.columns), title=None),
            yOffset=alt.YOffset("group:N", sort=list(table.index)),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "group:N",
                sort=list(table.index),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["group:N", "category:N", alt.Tooltip("value:Q", title=value_title)],
        )
        .properties(height=min(2 * CHART_HEIGHT, 60 + 14 * len(long)))
    )
    st.altair_chart(chart, width="stretch", key=key)
