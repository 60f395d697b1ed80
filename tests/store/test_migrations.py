"""Alembic migrations: from empty, from the previous schema, one step down, and models in step."""

from __future__ import annotations

import datetime as dt
import threading

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mapping.store import Store
from mapping.store.engine import Database
from mapping.store.migrate import current_revision, downgrade, head_revision, upgrade
from mapping.store.models import Base, ClusterRow, Version
from tests.conftest import good_row

REGISTRY_TABLES = {"alembic_version", "versions", "clusters"}
ALL_TABLES = REGISTRY_TABLES | {"users", "sessions", "sign_in_throttle", "audit_log"}


def _tables(db: Database) -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_from_empty_and_downgrade_one_step(database_url: str) -> None:
    db = Database(database_url)
    assert current_revision(db) is None
    assert upgrade(db) is True
    assert (current_revision(db), _tables(db)) == (head_revision(), ALL_TABLES)
    assert upgrade(db) is False  # already there: nothing to do
    downgrade(db, "-1")
    assert (current_revision(db), _tables(db)) == ("0001", REGISTRY_TABLES)
    downgrade(db, "base")
    assert _tables(db) == {"alembic_version"}
    db.dispose()


def test_upgrade_from_the_previous_schema_keeps_the_versions(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db, "0001")
    cells = good_row()
    with db.write() as s:
        s.execute(
            sa.insert(Version.__table__),
            [
                {
                    "number": 1,
                    "created_at": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
                    "author": "before",
                    "note": "old",
                    "mode": "seed",
                    "n_read": 1,
                    "n_valid": 1,
                    "n_rows": 1,
                    "n_added": 1,
                    "n_removed": 0,
                    "n_changed": 0,
                }
            ],
        )
        s.execute(
            sa.insert(ClusterRow.__table__),
            [{"version_number": 1, "position": 0, "cluster_id": "test-cluster", "cells": cells}],
        )
    db.dispose()
    store = Store.open(database_url)  # migrates to the newest schema, seeds nothing
    [info] = store.list_versions()
    assert (info.number, info.author, info.note) == (1, "before", "old")
    assert info.created_at == dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    assert store.load_version(1).registry["cluster_id"].tolist() == ["test-cluster"]
    assert current_revision(store.db) == head_revision()
    store.close()


def test_the_models_match_the_migrations(database_url: str) -> None:
    db = Database(database_url)
    upgrade(db)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


def test_processes_starting_together_migrate_once(database_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        barrier.wait(timeout=60)
        try:
            Store.open(database_url).close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    store = Store.open(database_url)
    assert [v.number for v in store.list_versions()] == [1]  # seeded once
    store.close()
