"""Registry versions as every page shows them: which one, whether it is the latest,
and a watcher that brings in a newly published version by itself."""

from __future__ import annotations

import streamlit as st

from components import data, keys
from mapping.i18n import Message
from mapping.store import StoreUnavailable

# A publish reaches every open page within POLL_SECONDS plus data.LATEST_MAX_AGE_S
# (the process asks the database at most once a second for all its sessions),
# plus the page's rerun. Measured in bench/LOAD_RESULTS.md.
POLL_SECONDS = 2


def banner() -> None:
    """Say which version the page shows when it is not simply the latest, or is stale."""
    if data.registry_file():
        return
    shown = data.current()
    info = shown.version
    if info is None:
        return
    if shown.stale:
        st.warning(
            Message(
                "The registry database cannot be reached right now; this page shows version "
                "{n} of {date}, the last one loaded. It updates by itself when the database "
                "is back.",
                n=info.number,
                date=info.created_at.date(),
            ).render()
        )
    elif shown.latest is not None and info.number != shown.latest:
        st.info(
            Message(
                "You are looking at version {n} of {date}; the latest is version {latest}.",
                n=info.number,
                date=info.created_at.date(),
                latest=shown.latest,
            ).render()
        )


@st.fragment(run_every=POLL_SECONDS)
def watch() -> None:
    """Every few seconds: rerun the page if a new version was published, or if the
    database went away or came back. Costs at most one indexed query a second per
    process (well under a millisecond), whatever the number of sessions."""
    if data.registry_file() or data.pinned_version():
        return
    try:
        latest, down = data.latest_number(), False
    except StoreUnavailable:
        latest, down = st.session_state.get(keys.SEEN_LATEST), True
    first = keys.SEEN_LATEST not in st.session_state
    changed = latest != st.session_state.get(keys.SEEN_LATEST) or down != st.session_state.get(
        keys.STORE_DOWN, False
    )
    st.session_state[keys.SEEN_LATEST] = latest
    st.session_state[keys.STORE_DOWN] = down
    if changed and not first:
        st.rerun(scope="app")
