"""Admins: users and the audit log (every call checks the admin role in the store)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data
from components.editing import token
from components.widgets import download, inert
from mapping.i18n import Message, _, format_date, gettext
from mapping.store import ACTIONS, MIN_PASSWORD_LENGTH, NotAllowed, StoreError
from mapping.store.auth import ROLE_LABELS

AUDIT_ROWS = 500  # shown on the page; the download holds the whole log


def _act(action, done: Message) -> None:
    """Run an admin action; say what happened or why it was refused."""
    try:
        action()
    except (NotAllowed, StoreError) as exc:
        st.error(inert(exc))
        return
    st.success(inert(done))


def users_tab() -> None:
    """Who may edit: the users, adding one, changing a role, removing one."""
    store = data.store()
    try:
        users = store.list_users(token())
    except (NotAllowed, StoreError) as exc:
        st.error(inert(exc))
        return
    st.dataframe(
        pd.DataFrame(
            {
                _("Name"): [u.name for u in users],
                _("Role"): [gettext(ROLE_LABELS[u.role]) for u in users],
                _("Added"): [format_date(u.created_at) for u in users],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    roles = list(ROLE_LABELS)
    with st.form("add_user", clear_on_submit=True):
        st.markdown(f"**{_('Add a user')}**")
        name = st.text_input(_("Name"), max_chars=120)
        role = st.selectbox(_("Role"), roles, format_func=lambda r: gettext(ROLE_LABELS[r]))
        password = st.text_input(
            inert(Message("Password (at least {n} characters)", n=MIN_PASSWORD_LENGTH)),
            type="password",
        )
        if st.form_submit_button(_("Add")):
            _act(
                lambda: store.add_user(token(), name, role, password),
                Message(
                    "{name} can now sign in as {role}.", name=name, role=gettext(ROLE_LABELS[role])
                ),
            )
    names = [u.name for u in users]
    with st.form("change_user"):
        st.markdown(f"**{_('Change a user')}**")
        who = st.selectbox(_("User"), names)
        new_role = st.selectbox(_("New role"), roles, format_func=lambda r: gettext(ROLE_LABELS[r]))
        set_role, remove = st.columns(2)
        if set_role.form_submit_button(_("Set the role")):
            _act(
                lambda: store.set_role(token(), who, new_role),
                Message("{name} is now {role}.", name=who, role=gettext(ROLE_LABELS[new_role])),
            )
        if remove.form_submit_button(_("Remove the user")):
            _act(lambda: store.remove_user(token(), who), Message("{name} was removed.", name=who))


def audit_tab() -> None:
    """The audit log: sign-ins, publishes, rollbacks, user changes; downloadable."""
    store = data.store()
    try:
        records = store.audit_log(token(), limit=AUDIT_ROWS)
    except (NotAllowed, StoreError) as exc:
        st.error(inert(exc))
        return
    st.dataframe(
        pd.DataFrame(
            {
                _("When"): [r.at.strftime("%Y-%m-%d %H:%M:%S") for r in records],
                _("Who"): [r.actor or "" for r in records],
                _("What"): [gettext(ACTIONS.get(r.action, r.action)) for r in records],
                _("About"): [r.target or "" for r in records],
                _("Details"): [
                    ", ".join(f"{k}={v}" for k, v in r.details.items()) for r in records
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    download(_("Download the audit log (CSV)"), lambda: store.audit_csv(token()), "audit-log.csv")
