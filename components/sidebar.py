"""The filter sidebar: one loop over a selection's filter descriptions draws it,
for the clusters (national and programme pages) and the case studies alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components import keys, url_state
from components.widgets import inert
from mapping.filters import ClusterFilter, FilterSpec, Selection
from mapping.i18n import _, get_language
from mapping.international import CaseFilter
from mapping.query_state import basemap_to_query, filter_to_query

TEXT_MAX_CHARS = 200
RADIO_MAX_OPTIONS = 3


def _draw(
    spec: FilterSpec, data: pd.DataFrame, widget: str, first: Any = None, fixed: Any = None
) -> None:
    """One filter's widget; ``first`` is its value from a new session's link (or None)."""
    sb = st.sidebar
    lang = get_language()
    labels = spec.option_labels(data, lang)
    label = _(spec.label)
    if fixed is not None:
        # A page fixed to one value (a programme page) shows it, greyed out.
        sb.multiselect(
            label,
            list(fixed),
            default=list(fixed),
            format_func=lambda v: labels.get(v, v),
            disabled=True,
            key=f"{widget}_fixed_{'_'.join(fixed)}",
            help=_("This page always shows this programme; other programmes are on the home page."),
        )
    elif spec.kind == "multi":
        sb.multiselect(
            label,
            spec.ordered_options(data, lang),
            default=list(first) if first else None,
            key=widget,
            format_func=lambda v: labels.get(v, v),
            placeholder=_(spec.placeholder),
        )
    elif spec.kind == "choice":
        options = spec.options(data)
        index = options.index(first) if first in options else 0
        # A long list of choices reads better as a drop-down than as radio buttons.
        widget_of = sb.radio if len(options) <= RADIO_MAX_OPTIONS else sb.selectbox
        help_text = _(spec.help) if spec.help else None
        widget_of(label, options, index=index, key=widget, format_func=labels.get, help=help_text)
    else:
        sb.text_input(
            label,
            value=first or "",
            key=widget,
            max_chars=TEXT_MAX_CHARS,
            placeholder=_(spec.placeholder),
        )


def _drop_unknown_choices(kind: type[Selection], data: pd.DataFrame, prefix: str) -> None:
    """After the data changes (an upload), keep only choices the new data knows."""
    for spec in kind.SPECS:
        widget = keys.filter_widget(prefix, spec.key)
        if spec.kind != "multi" or widget not in st.session_state:
            continue
        known = set(spec.options(data))
        chosen = st.session_state[widget]
        if any(v not in known for v in chosen):
            st.session_state[widget] = [v for v in chosen if v in known]


def _reset(kind: type[Selection], prefix: str) -> None:
    url_state.reset_widgets(kind, prefix)


def _basemap_toggle() -> str:
    sb = st.sidebar
    offered = st.session_state.get(keys.BASEMAP_OFFERED)
    if offered and not st.session_state.get(keys.BASEMAP):
        sb.info(
            _(
                "This link asks for the online basemap (OpenStreetMap). Turning it on "
                "contacts an outside server; it stays off until you switch it on below."
            )
        )
    online = sb.toggle(
        _("Online basemap (OpenStreetMap)"),
        key=keys.BASEMAP,
        help=_("Needs internet access. Without it the map is drawn from the app's own data."),
    )
    if online:
        st.session_state.pop(keys.BASEMAP_OFFERED, None)
    return "osm" if online else "none"


def filter_sidebar(
    kind: type[Selection],
    data: pd.DataFrame,
    prefix: str,
    fixed: Mapping[str, Any] | None = None,
) -> tuple[Selection, str]:
    """Draw the filters of ``kind`` and keep the address in step with them.

    Parameters
    ----------
    kind : type of Selection
        :class:`ClusterFilter` or :class:`CaseFilter`.
    data : pandas.DataFrame
        The rows filtered (their values are the choices).
    prefix : str
        The widgets' key prefix (``keys.CLUSTER_FILTER_PREFIX`` ...).
    fixed : Mapping, optional
        Values the page sets itself, shown greyed out and left out of the address.

    Returns
    -------
    (Selection, str)
        The selection to apply and the basemap (``"none"`` or ``"osm"``).
    """
    fixed = dict(fixed or {})
    url_state.restore(kind, prefix)
    url_state.load_if_changed(kind, data, prefix, fixed)
    _drop_unknown_choices(kind, data, prefix)
    sb = st.sidebar
    sb.header(_("Filters"), anchor=False)
    for warning in url_state.warnings(prefix):
        sb.warning(inert(warning))
    for spec in kind.SPECS:
        first = url_state.first_value(prefix, spec.key)
        _draw(spec, data, keys.filter_widget(prefix, spec.key), first, fixed.get(spec.key))
    sb.button(_("Reset filters"), on_click=_reset, args=(kind, prefix), width="stretch")
    basemap = _basemap_toggle()
    chosen = url_state.selection(kind, prefix, fixed)
    url_state.remember(kind, prefix)
    url_state.stage(prefix, {**filter_to_query(chosen, fixed), **basemap_to_query(basemap)})
    return chosen, basemap


def cluster_sidebar(data: pd.DataFrame, fixed: Mapping[str, Any] | None = None):
    """The cluster filters (national and programme pages)."""
    return filter_sidebar(ClusterFilter, data, keys.CLUSTER_FILTER_PREFIX, fixed)


def case_sidebar(data: pd.DataFrame):
    """The case-study filters (international page)."""
    return filter_sidebar(CaseFilter, data, keys.CASE_FILTER_PREFIX)
