"""The one workaround for a private Streamlit behaviour, in one place.

Streamlit decides at server start that an app with a ``pages/`` folder is an
old-style multipage app, and only changes its mind when ``app.py`` calls
``st.navigation``. So if the first visitor of a fresh server opens a shared
link to a sub-page (``/unido?...``), Streamlit runs that page's script alone:
no sidebar, no filters, the wrong navigation. Each page script calls
:func:`ensure_entrypoint` first; it switches Streamlit to ``st.navigation``
mode and reruns, which goes through ``app.py`` to the same page with the same
query string.

It reads ``PagesManager.uses_pages_directory``, a private attribute of
Streamlit 1.67 (pinned in requirements.txt); a browser test
(``test_first_visit_of_a_fresh_server_to_a_shared_subpage_link``) fails if an
upgrade breaks it.
"""

from __future__ import annotations

import streamlit as st


def ensure_entrypoint() -> None:
    """Rerun through ``app.py`` if Streamlit ran a page script on its own."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
