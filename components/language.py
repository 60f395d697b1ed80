"""The reader's language: chosen, remembered, switched, and the page set for it.

The language comes from ``?lang=fa|en`` in the address (so a shared link
keeps it), else from this session's earlier choice, else from the browser
(``st.context.locale``), else from the server default (Persian unless
``CLUSTER_MAP_LANGUAGE`` says otherwise). A switch on every page changes it;
filters stay as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from components import keys, url_state
from mapping.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    _,
    is_rtl,
    set_language,
)

LANG_PARAM = "lang"
LANGUAGE_ENV = "CLUSTER_MAP_LANGUAGE"
RTL_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "rtl.css"
APP_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "app.css"
_DIRECTION_JS = (
    "<script>document.documentElement.lang = {lang!r};"
    "document.documentElement.dir = {dir!r};</script>"
)


def server_default() -> str:
    """The language of a visitor whose link and browser name neither."""
    configured = os.environ.get(LANGUAGE_ENV, "").strip().lower()
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def _from_locale(locale: str | None) -> str | None:
    if not locale:
        return None
    primary = locale.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def resolve() -> str:
    """The language of this run (see the module docstring for the order)."""
    asked = st.query_params.get(LANG_PARAM, "")
    if asked in LANGUAGES:
        return asked
    chosen = st.session_state.get(keys.LANGUAGE)
    if chosen in LANGUAGES:
        return chosen
    try:
        browser = _from_locale(st.context.locale)
    except Exception:  # no browser context (tests, bare mode)
        browser = None
    return browser or server_default()


def _switched() -> None:
    lang = st.session_state[keys.LANGUAGE_WIDGET]
    st.session_state[keys.LANGUAGE] = lang
    st.query_params[LANG_PARAM] = lang


def apply() -> str:
    """Choose the language, set it for everything this run renders, and set the page up."""
    lang = resolve()
    st.session_state[keys.LANGUAGE] = lang
    set_language(lang)
    url_state.stage("lang", {LANG_PARAM: lang})
    direction = "rtl" if is_rtl(lang) else "ltr"
    st.html(_DIRECTION_JS.format(lang=lang, dir=direction), unsafe_allow_javascript=True)
    st.html(APP_CSS)
    st.html(RTL_CSS)
    return lang


def switch() -> None:
    """The language switch, at the top of the sidebar on every page."""
    st.session_state[keys.LANGUAGE_WIDGET] = st.session_state[keys.LANGUAGE]
    st.sidebar.segmented_control(
        _("Language"),
        list(LANGUAGES),
        format_func=LANGUAGE_NAMES.get,
        key=keys.LANGUAGE_WIDGET,
        on_change=_switched,
        label_visibility="collapsed",
    )
