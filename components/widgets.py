"""Small shared widgets: inert text, titles, messages, downloads, the user-data banner."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import keys
from components.entrypoint import ensure_entrypoint
from mapping.i18n import Message, _, get_language, nmessage

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
DOWNLOAD_ICON = ":material/download:"
# Every ASCII punctuation character: Markdown syntax (links, images, emphasis,
# code, HTML, tables, maths, Streamlit's :icon: and :colour[...] directives)
# is made only of these, and GitHub-style autolinks need "." ":" or "@".
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


# GitHub-style autolinks are found in the text *after* character references
# are decoded ("http://…", "www.…", "name@host"): an invisible word joiner
# after ":", "@" and "www" breaks each pattern without changing what is read.
_AUTOLINK_BREAKS = re.compile(r"(&#58;|&#64;|(?i:www)(?=&#46;))")
WORD_JOINER = "&#8288;"


def inert(text: object) -> str:
    """Text from any source (a link, a file, the database) made inert for Markdown.

    Every ASCII punctuation character becomes a numeric character reference:
    CommonMark shows a reference as the character itself and never as syntax,
    so no link, image, HTML or formatting can come out of the text. The
    autolinks of GitHub-flavoured Markdown are matched on the decoded text, so
    an invisible word joiner (U+2060) is also put after every ":" and "@" and
    after "www" before a dot. The text reads exactly as written. Line breaks
    become spaces.
    """
    flat = " ".join(str(text).splitlines())
    escaped = _PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", flat)
    return _AUTOLINK_BREAKS.sub(lambda m: m.group(0) + WORD_JOINER, escaped)


def say(kind: str, message: Message | str, *, sidebar: bool = False) -> None:
    """Show a message (``info``, ``warning``, ``error``, ``success``) as inert text."""
    where = st.sidebar if sidebar else st
    getattr(where, kind)(inert(message))


def page_start(title: str, intro: str = "") -> None:
    """Every page's first call: run through ``app.py`` if Streamlit did not, then
    the title and the page's introduction (our own Markdown, translated)."""
    ensure_entrypoint()
    st.title(title, anchor=False)
    if intro:
        st.markdown(intro)


def quotation(english: str, persian: str = "") -> None:
    """The paper's words as published (English), and in Persian our translation, labelled.

    Both are escaped and shown as HTML, never read as Markdown.
    """
    quoted = (
        f'<blockquote class="paper-quote" lang="en" dir="ltr">{html.escape(english)}</blockquote>'
    )
    if get_language() == "fa" and persian:
        label = html.escape(_("Our translation:"))
        quoted += (
            f'<p class="our-translation" lang="fa" dir="rtl"><b>{label}</b> '
            f"{html.escape(persian)}</p>"
        )
    st.html(quoted)


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
    if user.get("synthetic"):
        text = nmessage(
            "Synthetic — not real data. This is the demonstration registry: {n} made-up "
            "cluster showing what a full registry looks like. No value describes a real cluster.",
            "Synthetic — not real data. This is the demonstration registry: {n} made-up "
            "clusters showing what a full registry looks like. No value describes a real cluster.",
            n=len(user["registry"]),
        )
        # In the page itself as well as the sidebar: a phone hides the sidebar.
        st.warning(inert(text), icon=":material/science:")
        st.sidebar.warning(inert(text))
    elif user["mode"] == "replace":
        text = nmessage(
            "Showing your data: {name}, {n} cluster instead of the bundled registry. "
            "Only you see it, until you close this tab.",
            "Showing your data: {name}, {n} clusters instead of the bundled registry. "
            "Only you see it, until you close this tab.",
            n=len(user["registry"]),
            name=user["name"],
        )
    else:
        text = nmessage(
            "Showing your data: {name}, {n} cluster added to the bundled registry. "
            "Only you see it, until you close this tab.",
            "Showing your data: {name}, {n} clusters added to the bundled registry. "
            "Only you see it, until you close this tab.",
            n=len(user["registry"]),
            name=user["name"],
        )
    if not user.get("synthetic"):
        st.sidebar.warning(inert(text))
    st.sidebar.button(_("Back to the bundled registry"), on_click=on_clear, width="stretch")


def skip_link(target: str, label: str) -> None:
    """A link past what follows (a map) to the element with id ``target``.

    Hidden until it has the keyboard focus (app.css, ``.skip-map``); the
    browser then starts the next Tab from the target.
    """
    st.html(f'<a class="skip-map" href="#{html.escape(target)}">{html.escape(label)}</a>')


def text_table(frame: pd.DataFrame) -> None:
    """A small table whose long values wrap (a profile), as escaped HTML.

    Each cell reads in its own direction (``dir="auto"``), and a cell in
    Latin script with no Persian letter is marked ``lang="en"`` (the paper's
    English text, kept as published), so screen readers say it in English.
    """
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = [_cell(v, "th scope='row'" if i == 0 else "td") for i, v in enumerate(values)]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    st.html(
        f"<table class='text-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")


def _cell(value: object, tag: str) -> str:
    text = "" if value is None else str(value)
    english = _LATIN_LETTER.search(text) and not _PERSIAN_LETTER.search(text)
    lang = " lang='en'" if english and get_language() == "fa" else ""
    name = tag.split()[0]
    return f"<{tag} dir='auto'{lang}>{html.escape(text)}</{name}>"
