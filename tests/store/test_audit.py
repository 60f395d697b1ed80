"""The audit log: sign-ins, publishes, rollbacks and user changes; queries and CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from mapping.store import ACTIONS, NotAllowed, SignInRefused, Store
from tests.store.conftest import CONSOLE, PASSWORD


def test_every_kind_of_event_is_logged_with_who_and_what(store: Store, clock) -> None:
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    clock.advance(minutes=1)
    with pytest.raises(SignInRefused):
        store.sign_in("sara", "not the password")
    token = store.sign_in("sara", PASSWORD).token
    clock.advance(minutes=1)
    store.publish(
        token, store.version_cells(1).iloc[:3], mode="replace", base_version=1, note="three"
    )
    store.rollback(token, 1, base_version=2)
    store.set_role(CONSOLE, "sara", "admin")
    store.sign_out(token)
    store.remove_user(CONSOLE, "sara")
    log = store.audit_log(CONSOLE)
    assert [(e.actor, e.action, e.target) for e in reversed(log)] == [
        ("system", "seed", "version 1"),
        ("console:tester", "user_add", "sara"),
        ("sara", "sign_in_failed", "sara"),
        ("sara", "sign_in", "sara"),
        ("sara", "publish", "version 2"),
        ("sara", "rollback", "version 3"),
        ("console:tester", "user_set_role", "sara"),
        ("sara", "sign_out", "sara"),
        ("console:tester", "user_remove", "sara"),
    ]
    publish = next(e for e in log if e.action == "publish")
    assert publish.details == {
        "mode": "replace",
        "base": 1,
        "restored_from": None,
        "rows": 3,
        "added": 0,
        "removed": 12,
        "changed": 0,
    }
    assert next(e for e in log if e.action == "rollback").details["restored_from"] == 1
    assert next(e for e in log if e.action == "user_set_role").details == {
        "before": "editor",
        "after": "admin",
    }
    assert {e.action for e in log} <= ACTIONS.keys()


def test_queries_filter_by_action_actor_and_time(store: Store, clock) -> None:
    start = clock.now
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    clock.advance(hours=1)
    store.sign_in("sara", PASSWORD)
    assert [e.action for e in store.audit_log(CONSOLE, actor="sara")] == ["sign_in"]
    assert [e.target for e in store.audit_log(CONSOLE, action="user_add")] == ["sara"]
    assert [e.action for e in store.audit_log(CONSOLE, since=clock.now)] == ["sign_in"]
    assert [e.action for e in store.audit_log(CONSOLE, until=clock.now)] == ["user_add", "seed"]
    assert store.audit_log(CONSOLE, until=start) == []
    assert len(store.audit_log(CONSOLE, limit=1)) == 1


def test_the_csv_export_is_for_excel_and_neutralises_formulas(store: Store) -> None:
    store.add_user(CONSOLE, "-1-1", "editor", PASSWORD)  # a name Excel would compute
    data = store.audit_csv(CONSOLE, action="user_add")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["at", "actor", "action", "target", "details"]
    assert rows[1][1:4] == ["console:tester", "user_add", "'-1-1"]
    assert rows[1][0] == "2026-03-20T09:00:00+00:00" and rows[1][4] == '{"role": "editor"}'


def test_only_admins_read_the_log(store: Store, editor: str, admin: str) -> None:
    with pytest.raises(NotAllowed, match="Only an admin can do this"):
        store.audit_log(editor)
    with pytest.raises(NotAllowed):
        store.audit_csv(None)
    assert store.audit_log(admin, action="sign_in")[0].actor == "admin1"
