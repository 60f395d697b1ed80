"""The address and the widgets kept in step, in both directions.

A filter lives in three places: its widget's value in ``st.session_state``,
the selection the page filters with, and the address (the query string),
which is what a reader shares. Each run of a page with filters:

1. :func:`restore` puts back widget values Streamlit dropped while a page
   without those widgets was shown;
2. :func:`load_if_changed` reads the address into the widgets when this
   session has not read it yet, or when it differs from what the app last
   wrote there: the reader pressed Back or Forward (Streamlit reruns with the
   old address) or typed a link by hand;
3. the page draws its widgets, which read their values from session state;
4. :func:`stage` records what the address should say, and ``app.py`` calls
   :func:`write_address` once at the end of the run.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components import keys
from mapping.filters import Selection
from mapping.i18n import Message
from mapping.query_state import BASEMAP_KEY, basemap_from_query, filter_from_query

_STAGED = "_url_staged"


def _widget(prefix: str, filter_key: str) -> str:
    return keys.filter_widget(prefix, filter_key)


def _address(names: Collection[str]) -> dict[str, list[str]]:
    """The address's values for ``names`` (present ones only)."""
    return {n: st.query_params.get_all(n) for n in names if n in st.query_params}


def _normalised(params: Mapping[str, Any]) -> dict[str, list[str]]:
    return {k: [v] if isinstance(v, str) else list(v) for k, v in params.items() if v}


def _owned(kind: type[Selection], fixed: Collection[str]) -> list[str]:
    return [spec.key for spec in kind.SPECS if spec.key not in fixed] + [BASEMAP_KEY]


def restore(kind: type[Selection], prefix: str) -> None:
    """Put back filter values that Streamlit dropped (see module docstring).

    After a change of language every kept value is put back: options sorted
    for the reader make new widgets, which would otherwise start empty.
    """
    switched = st.session_state.get(keys.LANGUAGE_CHANGED, False)
    for spec in kind.SPECS:
        widget = _widget(prefix, spec.key)
        kept = keys.KEEP_PREFIX + widget
        if kept in st.session_state and (switched or widget not in st.session_state):
            st.session_state[widget] = st.session_state[kept]


def remember(kind: type[Selection], prefix: str) -> None:
    """Keep a copy of each filter widget's value that survives pages without it."""
    for spec in kind.SPECS:
        widget = _widget(prefix, spec.key)
        if widget in st.session_state:
            st.session_state[keys.KEEP_PREFIX + widget] = st.session_state[widget]


def _set_widgets(selection: Selection, prefix: str, fixed: Collection[str]) -> None:
    for spec in selection.SPECS:
        if spec.key in fixed:
            continue
        value = selection[spec.key]
        st.session_state[_widget(prefix, spec.key)] = list(value) if spec.kind == "multi" else value


def reset_widgets(kind: type[Selection], prefix: str) -> None:
    """Every filter of ``kind`` back to "no restriction"."""
    _set_widgets(kind(), prefix, ())
    remember(kind, prefix)


def load_if_changed(
    kind: type[Selection], data: pd.DataFrame, prefix: str, fixed: Collection[str] = ()
) -> None:
    """Read the address into the widgets when it changed outside the app.

    A change of page through the navigation brings an address without
    filters; the filters then stay as they were (they are written back at
    the end of the run). Warnings about unusable link values are kept for
    the sidebar to show until the address is read again.
    """
    owned = _owned(kind, fixed)
    incoming = _normalised(_address(owned))
    written = st.session_state.get(keys.URL_WRITTEN, {}).get(prefix)
    changed_page = st.session_state.get(keys.LAST_PAGE) != st.session_state.get(keys.PAGE_PATH)
    if written is not None and (incoming == written or (changed_page and not incoming)):
        return
    selection, warnings = filter_from_query(incoming, data, kind, fixed)
    if written is None:
        # A new session: the address gives the widgets their first values, as
        # defaults. A browser that already holds widget values (the server
        # restarted and the page reconnected) keeps them, so the reader's
        # latest change, not yet in the address, is not lost.
        st.session_state.setdefault(keys.URL_DEFAULTS, {})[prefix] = selection
    else:
        _set_widgets(selection, prefix, fixed)
    basemap, basemap_warnings = basemap_from_query(incoming)
    if basemap != "none" and not st.session_state.get(keys.BASEMAP):
        # A link may not switch on an outside server: the reader is asked.
        st.session_state[keys.BASEMAP_OFFERED] = basemap
    st.session_state.setdefault(keys.BASEMAP, False)
    st.session_state.setdefault(keys.URL_WARNINGS, {})[prefix] = warnings + basemap_warnings
    st.session_state.setdefault(keys.URL_WRITTEN, {})[prefix] = incoming


def first_value(prefix: str, filter_key: str) -> Any:
    """The value a new session's link gives a widget that does not exist yet, else None.

    Passed as the widget's default: Streamlit uses it only when the browser
    holds no value of its own for that widget.
    """
    if _widget(prefix, filter_key) in st.session_state:
        return None
    selection = st.session_state.get(keys.URL_DEFAULTS, {}).get(prefix)
    return None if selection is None else selection[filter_key]


def warnings(prefix: str) -> list[Message]:
    """Warnings about the link values last read into the widgets of ``prefix``."""
    return st.session_state.get(keys.URL_WARNINGS, {}).get(prefix, [])


def selection(kind: type[Selection], prefix: str, fixed: Mapping[str, Any]) -> Selection:
    """The selection the widgets hold, with the page's fixed values."""
    values: dict[str, Any] = dict(fixed)
    for spec in kind.SPECS:
        if spec.key not in fixed:
            values[spec.key] = st.session_state.get(_widget(prefix, spec.key), spec.default)
    return kind(**values)


def stage(prefix: str, params: Mapping[str, Any]) -> None:
    """Record what the address should hold after this run (written by :func:`write_address`)."""
    normalised = _normalised(params)
    st.session_state.setdefault(keys.URL_WRITTEN, {})[prefix] = normalised
    st.session_state[_STAGED] = {**st.session_state.get(_STAGED, {}), **normalised}


def write_address() -> None:
    """Write the staged parameters into the address, once per run, if they changed."""
    staged = st.session_state.pop(_STAGED, {})
    if _normalised(_address(list(st.query_params))) != staged:
        st.query_params.from_dict(staged)
    st.session_state[keys.LAST_PAGE] = st.session_state.get(keys.PAGE_PATH)
