"""Small bar charts in the reader's language, with categories kept in the order given.

In Persian the bars grow from the right, the labels stand on the right and
the axis numbers are written in Persian digits.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from mapping.i18n import is_rtl

CHART_HEIGHT = 320
LABEL_LIMIT_PX = 260
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
BAR_COLOUR = "#5e3c99"  # the darkest class of the map's Purples, readable on white


def _number_expr() -> str:
    """A Vega expression writing an axis number in Persian digits."""
    expr = "format(datum.value, ',d')"
    for d, persian in enumerate(PERSIAN_DIGITS):
        expr = f"replace({expr}, /{d}/g, '{persian}')"
    return expr


def _axes(value_title: str) -> tuple[alt.Axis, alt.Axis, alt.Scale]:
    """The category axis, the value axis and the value scale for the reader's direction."""
    rtl = is_rtl()
    category = alt.Axis(
        orient="right" if rtl else "left", labelLimit=LABEL_LIMIT_PX, labelOverlap=False
    )
    persian = {"labelExpr": _number_expr()} if rtl else {}
    value = alt.Axis(tickMinStep=1, **persian)
    return category, value, alt.Scale(reverse=rtl)


def bar_chart(counts: pd.Series, value_title: str, *, key: str | None = None) -> None:
    """A horizontal bar per category of ``counts`` (index: labels in the reader's language)."""
    frame = pd.DataFrame({"label": list(counts.index), "n": [int(v) for v in counts]})
    category, value, scale = _axes(value_title)
    chart = (
        alt.Chart(frame)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=category),
            x=alt.X("n:Q", title=value_title, axis=value, scale=scale),
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
    category, value, scale = _axes(value_title)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("category:N", sort=list(table.columns), title=None, axis=category),
            yOffset=alt.YOffset("group:N", sort=list(table.index)),
            x=alt.X("value:Q", title=value_title, axis=value, scale=scale),
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
