"""Backup and restore, on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import re

import pytest

from mapping.store import BackupFailed, NotAllowed, Store
from tests.store.conftest import CONSOLE, PASSWORD


def test_restore_brings_back_exactly_the_backed_up_database(store: Store, editor, tmp_path):
    store.publish(
        editor, store.version_cells(1).iloc[:4], mode="replace", base_version=1, note="four"
    )
    backup = store.backup(CONSOLE, tmp_path / "registry.backup")
    assert backup.exists() and not (tmp_path / "registry.backup.partial").exists()
    versions = store.list_versions()
    store.publish(editor, store.version_cells(1), mode="replace", base_version=2, note="after")
    store.add_user(CONSOLE, "later", "editor", PASSWORD)
    store.restore(CONSOLE, backup)
    assert store.list_versions() == versions
    assert [u.name for u in store.list_users(CONSOLE)] == ["editor1"]
    assert len(store.load_version().registry) == 4
    [entry] = store.audit_log(CONSOLE, action="restore")
    assert (entry.actor, entry.target) == ("console:tester", "registry.backup")
    # The restored database takes publishes again, numbered after the backup's versions.
    assert store.rollback(CONSOLE, 1, base_version=2).number == 3


def test_backup_refuses_to_overwrite_and_restore_refuses_other_files(store, tmp_path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    with pytest.raises(BackupFailed, match=re.escape(f"{taken} already exists: choose a new")):
        store.backup(CONSOLE, taken)
    assert taken.read_text() == "keep me"
    with pytest.raises(BackupFailed, match=re.escape(f"{taken} is not a backup of this database")):
        store.restore(CONSOLE, taken)
    assert store.latest_version_number() == 1


def test_backup_and_restore_need_an_admin(store: Store, editor: str, tmp_path) -> None:
    with pytest.raises(NotAllowed, match="Only an admin can do this"):
        store.backup(editor, tmp_path / "b")
    with pytest.raises(NotAllowed):
        store.restore(None, tmp_path / "b")


def test_restore_refuses_a_sqlite_file_that_is_not_a_registry(tmp_path) -> None:
    import sqlite3

    store = Store.open(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes(x)")
    conn.close()
    with pytest.raises(BackupFailed, match="is not a backup of this database: no such table"):
        store.restore(CONSOLE, other)
    assert store.latest_version_number() == 1
