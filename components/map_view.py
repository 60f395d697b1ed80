"""The national map's view options: the measure provinces are shaded by and the marker size.

Both are kept in the address (``?measure=firms&size=employees``), read from a
link the way the filters are: when the session is new or the address changed
outside the app (Back, Forward, a link typed by hand).
"""

from __future__ import annotations

import streamlit as st

from components import keys, url_state
from components.widgets import say
from mapping.i18n import Message, get_language, gettext
from mapping.measures import DEFAULT_MEASURE, MEASURE_KEY, MEASURES, NO_SIZE, SIZE_KEY, SIZES

OPTIONS = {
    MEASURE_KEY: (keys.MAP_MEASURE, MEASURES, DEFAULT_MEASURE),
    SIZE_KEY: (keys.MAP_SIZE, SIZES, NO_SIZE),
}


def _read_address() -> None:
    written = st.session_state.get(keys.URL_WRITTEN, {}).get(keys.MAP_VIEW_PREFIX)
    incoming = {k: st.query_params.get_all(k) for k in OPTIONS if k in st.query_params}
    if written is not None and (not incoming or incoming == written):
        return
    for name, (widget, choices, default) in OPTIONS.items():
        values = incoming.get(name, [])
        value = values[-1] if values else default
        if value not in choices:
            say(
                "warning",
                Message(
                    "Link parameter {key}='{value}' should be {choices}; ignored.",
                    key=name,
                    value=value,
                    choices=" or ".join(choices),
                ),
            )
            value = default
        st.session_state[widget] = value


def map_view_options() -> tuple[str, str]:
    """The measure and marker size chosen above the map (both written to the address)."""
    _read_address()
    lang = get_language()
    left, right = st.columns(2)
    measure = left.selectbox(
        gettext("Shade provinces by", lang),
        list(MEASURES),
        format_func=lambda m: gettext(MEASURES[m].label, lang),
        key=keys.MAP_MEASURE,
    )
    size = right.selectbox(
        gettext("Marker size", lang),
        list(SIZES),
        format_func=lambda s: gettext(SIZES[s], lang),
        key=keys.MAP_SIZE,
    )
    params = {}
    if measure != DEFAULT_MEASURE:
        params[MEASURE_KEY] = measure
    if size != NO_SIZE:
        params[SIZE_KEY] = size
    url_state.stage(keys.MAP_VIEW_PREFIX, params)
    return measure, size
