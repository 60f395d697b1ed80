"""Editors: signing in and out, and the draft that becomes a published version.

Every editing action goes through :mod:`mapping.store` with this session's
token, and the store checks the role itself on the server: hiding a button is
never the only protection. A draft (rows, mode, the version it is based on,
the note) stays in the session until it is published, so a refused publish
loses nothing that was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components import data, keys
from components.widgets import inert
from mapping.i18n import Message, _
from mapping.store import (
    NoChanges,
    NotAllowed,
    SignInRefused,
    SourceFile,
    StoreError,
    UserInfo,
    VersionConflict,
    VersionInfo,
)
from mapping.store.auth import role_label

OIDC_PROVIDER = "oidc"


@dataclass(frozen=True)
class Draft:
    """Rows waiting to be published: text cells as validated, and where they come from."""

    rows: pd.DataFrame
    mode: str  # "replace" or "partial"
    base: int | None  # the version the draft was prepared against
    source_name: str
    source: SourceFile | None = None
    n_read: int | None = None
    note: str = ""


def token() -> str | None:
    """This session's editor token (None when nobody is signed in here)."""
    return st.session_state.get(keys.EDITOR_TOKEN)


def signed_in_user() -> UserInfo | None:
    """The signed-in editor of this session, checked against the database every time."""
    user = data.store().session_user(token())
    if user is None:
        st.session_state.pop(keys.EDITOR_TOKEN, None)
    return user


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sign_in_form() -> None:
    """Name and password (and the office's identity provider where one is configured)."""
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(_("Name"), max_chars=120, autocomplete="username")
        password = st.text_input(
            _("Password"), type="password", max_chars=200, autocomplete="current-password"
        )
        pressed = st.form_submit_button(_("Sign in"), type="primary")
    if pressed:
        try:
            signed = data.store().sign_in(name, password)
        except SignInRefused as exc:
            st.error(inert(exc))
            return
        except StoreError as exc:
            st.error(inert(exc))
            return
        st.session_state[keys.EDITOR_TOKEN] = signed.token
        st.rerun()
    if _oidc_configured():
        _identity_provider_sign_in()


def _identity_provider_sign_in() -> None:
    """Streamlit's st.login (OpenID Connect): the provider says who, our users say what role."""
    if not st.user.is_logged_in:
        st.button(_("Sign in with your organisation's account"), on_click=st.login)
        return
    try:
        signed = data.store().sign_in_verified(str(st.user.email), OIDC_PROVIDER)
    except StoreError as exc:
        st.error(inert(exc))
        return
    st.session_state[keys.EDITOR_TOKEN] = signed.token
    st.rerun()


def sign_out() -> None:
    """End this session's editor session (in the database too)."""
    current = token()
    if current:
        data.store().sign_out(current)
    st.session_state.pop(keys.EDITOR_TOKEN, None)
    st.session_state.pop(keys.EDITOR_DRAFT, None)


def signed_in_panel(user: UserInfo) -> None:
    """Who is signed in, and the way out, in the sidebar."""
    st.sidebar.success(
        inert(Message("Signed in as {name} ({role})", name=user.name, role=role_label(user.role)))
    )
    st.sidebar.button(_("Sign out"), on_click=sign_out, width="stretch")


def keep_draft(draft: Draft | None) -> None:
    """Keep (or, with None, drop) the session's draft."""
    if draft is None:
        st.session_state.pop(keys.EDITOR_DRAFT, None)
    else:
        st.session_state[keys.EDITOR_DRAFT] = draft


def current_draft() -> Draft | None:
    """The draft this session is preparing, if any."""
    return st.session_state.get(keys.EDITOR_DRAFT)


def publish(draft: Draft, note: str) -> VersionInfo | None:
    """Publish the draft as the next version; on refusal say why and keep the draft.

    The store checks the role of this session's token (an anonymous session
    is refused there, whatever the page shows).
    """
    keep_draft(replace(draft, note=note))
    try:
        info = data.store().publish(
            token(),
            draft.rows,
            mode=draft.mode,
            base_version=draft.base,
            note=note,
            source=draft.source,
            n_read=draft.n_read,
        )
    except VersionConflict as exc:
        st.error(inert(exc))
        st.info(
            _(
                "Your draft is kept. Look at the changes against the latest version below, "
                "then publish again."
            )
        )
        keep_draft(replace(draft, base=exc.latest, note=note))
        return None
    except NoChanges as exc:
        st.warning(inert(exc))
        return None
    except (NotAllowed, StoreError) as exc:
        st.error(inert(exc))
        return None
    keep_draft(None)
    return info


def rollback(to_version: int, base: int, note: str) -> VersionInfo | None:
    """Publish an earlier version's rows again, as a new version (the store checks the role)."""
    try:
        return data.store().rollback(token(), to_version, base_version=base, note=note)
    except (NoChanges, VersionConflict, NotAllowed, StoreError) as exc:
        st.error(inert(exc))
        return None
