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
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import keys, url_state
from mapping.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    Message,
    _,
    is_rtl,
    set_language,
)

LANG_PARAM = "lang"
LANGUAGE_ENV = "CLUSTER_MAP_LANGUAGE"
RTL_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "rtl.css"
APP_CSS = Path(__file__).resolve().parent.parent / "static" / "app" / "app.css"
# Sets the page's language and direction; also names the server session on
# <html data-session>, which tests use to see that a page has reconnected.
_DIRECTION_JS = (
    "<script>document.documentElement.lang = {lang!r};"
    "document.documentElement.dir = {dir!r};"
    "document.documentElement.dataset.session = {session!r};</script>"
)


# Texts Streamlit itself draws in English, replaced in the reader's language:
# (CSS selector of the element holding the text, catalogue msgid). The English
# text is hidden and the translation shown in its place by CSS, which React
# leaves alone; screen readers read the translation.
STREAMLIT_TEXTS = (
    ('[data-testid="stSkipToContent"]', N_("Skip to main content")),
    (
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p',
        N_("Upload"),
    ),
    ('[data-testid="stFileUploaderDropzoneInstructions"] span', N_("Up to {mb} MB per file")),
)


def _streamlit_texts_css(lang: str) -> str:
    """A stylesheet that shows Streamlit's own texts in ``lang`` (nothing for English)."""
    if lang == "en":
        return ""
    rules = []
    for selector, msgid in STREAMLIT_TEXTS:
        text = Message(msgid, mb=int(st.get_option("server.maxUploadSize"))).render(lang)
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(
            f"{selector} {{ font-size: 0 !important; }}"
            f'{selector}::after {{ content: "{quoted}"; font-size: 0.875rem; }}'
        )
    return "<style>" + "".join(rules) + "</style>"


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
    # The address decides the next run's language (resolve); keys.LANGUAGE still
    # holds the previous one, so that apply() sees the change.
    lang = st.session_state[keys.LANGUAGE_WIDGET] or st.session_state[keys.LANGUAGE]
    st.query_params[LANG_PARAM] = lang


def apply() -> str:
    """Choose the language, set it for everything this run renders, and set the page up."""
    lang = resolve()
    previous = st.session_state.get(keys.LANGUAGE)
    # Widgets whose options are sorted for the reader are new widgets in the other
    # language; the sidebar puts their values back (see url_state.restore).
    st.session_state[keys.LANGUAGE_CHANGED] = previous is not None and previous != lang
    st.session_state[keys.LANGUAGE] = lang
    set_language(lang)
    url_state.stage("lang", {LANG_PARAM: lang})
    direction = "rtl" if is_rtl(lang) else "ltr"
    ctx = get_script_run_ctx()
    session = ctx.session_id[:8] if ctx else ""
    page = _DIRECTION_JS.format(lang=lang, dir=direction, session=session)
    st.html(page, unsafe_allow_javascript=True)
    st.html(APP_CSS)
    st.html(RTL_CSS)
    own_texts = _streamlit_texts_css(lang)
    if own_texts:
        st.html(own_texts)
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
