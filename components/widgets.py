"""Small shared widgets: inert text, titles, messages, downloads, the user-data banner."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import streamlit as st

from components import keys
from components.entrypoint import ensure_entrypoint
from mapping.i18n import Message

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
DOWNLOAD_ICON = ":material/download:"
# Every ASCII punctuation character: Markdown syntax (links, images, emphasis,
# code, HTML, tables, maths, Streamlit's :icon: and :colour[...] directives)
# is made only of these, and GitHub-style autolinks need "." ":" or "@".
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def inert(text: object) -> str:
    """Text from any source (a link, a file, the database) made inert for Markdown.

    Every ASCII punctuation character becomes a numeric character reference:
    CommonMark shows a reference as the character itself and never as syntax,
    so no link, image, autolink, e-mail link, HTML or formatting can come out
    of the text, while it reads (and copies) exactly as written. Line breaks
    become spaces.
    """
    flat = " ".join(str(text).splitlines())
    return _PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", flat)


def say(kind: str, message: Message | str, *, sidebar: bool = False) -> None:
    """Show a message (``info``, ``warning``, ``error``, ``success``) as inert text."""
    where = st.sidebar if sidebar else st
    getattr(where, kind)(inert(message))


def page_start(english: str, persian: str, intro: str = "") -> None:
    """Every page's first call: run through ``app.py`` if Streamlit did not, then
    the title and the page's introduction (our own Markdown)."""
    ensure_entrypoint()
    page_title(english, persian)
    if intro:
        st.markdown(intro)


def page_title(english: str, persian: str) -> None:
    """A page title in English with its Persian form beneath, right to left."""
    st.title(english)
    st.markdown(
        f'<div dir="rtl" lang="fa" style="font-size:1.35rem;margin-top:-0.8rem">'
        f"{html.escape(persian)}</div>",
        unsafe_allow_html=True,
    )


def download(
    label: str,
    data: bytes | Callable[[], bytes],
    file_name: str,
    mime: str = CSV_MIME,
    *,
    where=st,
    key: str | None = None,
) -> None:
    """A download button that does not rerun the page when pressed.

    ``data`` may be a function: it is then called only when the button is
    pressed, so a large file is not built on every run.
    """
    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        icon=DOWNLOAD_ICON,
        key=key,
    )


def user_data_banner(on_clear: Callable[[], None]) -> None:
    """Say on every page when the session shows uploaded data, with a way back."""
    user = st.session_state.get(keys.USER_DATA)
    if user is None:
        return
    how = "instead of" if user["mode"] == "replace" else "added to"
    st.sidebar.warning(
        f"Showing **your data**: {inert(user['name'])}, {len(user['registry']):,} clusters "
        f"{how} the bundled registry. Only you see it, until you close this tab."
    )
    st.sidebar.button("Back to the bundled registry", on_click=on_clear, width="stretch")
