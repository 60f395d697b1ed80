"""A publish is all or nothing; an unusable database is one clear exception; publishes are seen."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mapping.store import Store, StoreUnavailable, VersionConflict
from mapping.store.models import ClusterRow
from tests.pg import PostgresServer, free_port, pg_bin_dir
from tests.store.conftest import CONSOLE

CHILD = Path(__file__).with_name("publish_child.py")
KILL_ROWS = 100_000
CHILD_TIMEOUT_S = 600  # building, validating and writing half of 100,000 rows on a busy machine


def _snapshot(store: Store) -> tuple[list[tuple], dict[int, int]]:
    """Every version's metadata and how many cluster rows each really has."""
    with store.db.read() as s:
        counts = dict(
            s.execute(
                select(ClusterRow.version_number, func.count()).group_by(ClusterRow.version_number)
            ).all()
        )
    return [(v.number, v.note, v.n_rows) for v in store.list_versions()], counts


def _lines(stream) -> queue.Queue:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, word: str) -> str:
    while True:
        line = lines.get(timeout=CHILD_TIMEOUT_S)
        if line.startswith(word):
            return line


def test_a_publish_killed_halfway_leaves_the_versions_as_they_were(store, editor, database_url):
    store.publish(
        editor, store.version_cells(1).iloc[:9], mode="replace", base_version=1, note="second"
    )
    before = _snapshot(store)
    child = subprocess.Popen(
        [sys.executable, str(CHILD), database_url, str(KILL_ROWS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _lines(child.stdout)
        _wait_for(lines, "ready")
        halfway = _wait_for(lines, "halfway").split()
        assert int(halfway[1]) < KILL_ROWS == int(halfway[2])  # rows written, not committed
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    store.close()
    restarted = Store.open(database_url)
    try:
        assert (
            _snapshot(restarted)
            == before
            == (
                [(2, "second", 9), (1, "Version 1, from clusters.csv", 15)],
                {1: 15, 2: 9},
            )
        )
        if restarted.db.backend == "sqlite":
            with restarted.db.read() as s:
                assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # The dead writer's locks are gone: the next publish takes the next number.
        version = restarted.publish(
            CONSOLE,
            restarted.version_cells(1),
            mode="replace",
            base_version=2,
            note="after the crash",
        )
        assert version.number == 3
    finally:
        restarted.close()


def test_two_processes_publishing_on_one_base_one_wins(store, database_url) -> None:
    """Two stores (as two processes would) publish from version 1 at the same moment."""
    other = Store.open(database_url)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def publish(name: str, which: Store) -> None:
        draft = which.version_cells(1).assign(notes=f"from {name}")
        barrier.wait(timeout=60)
        try:
            outcomes[name] = which.publish(
                CONSOLE, draft, mode="replace", base_version=1, note=name
            )
        except VersionConflict as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=publish, args=a) for a in (("a", store), ("b", other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    other.close()
    conflicts = [o for o in outcomes.values() if isinstance(o, VersionConflict)]
    published = [o for o in outcomes.values() if not isinstance(o, VersionConflict)]
    assert len(conflicts) == len(published) == 1
    assert (conflicts[0].base, conflicts[0].latest, published[0].number) == (1, 2, 2)
    assert [v.number for v in store.list_versions()] == [2, 1]


def test_a_publish_is_seen_at_once_by_another_process(store, editor, database_url) -> None:
    reader = Store.open(database_url)
    try:
        assert reader.latest_version_number() == 1
        store.publish(
            editor, store.version_cells(1).iloc[:3], mode="replace", base_version=1, note="three"
        )
        assert reader.latest_version_number() == 2
        assert len(reader.load_version().registry) == 3
    finally:
        reader.close()


# -- an unusable database: one exception type, a message for people ----------


def _sqlite_store(tmp_path: Path, **options) -> tuple[Store, Path]:
    path = tmp_path / "registry.sqlite3"
    return Store.open(f"sqlite:///{path}", **options), path


def test_a_locked_sqlite_file_is_reported_and_readers_keep_reading(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path, busy_timeout_s=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, and not finishing
    try:
        assert store.latest_version_number() == 1  # WAL: reading goes on
        with pytest.raises(StoreUnavailable) as caught:
            store.add_user(CONSOLE, "sara", "editor", "correct horse battery")
        assert caught.value.kind == "locked"
        assert str(caught.value) == (
            "The registry database is busy: another program holds a lock on it. "
            "Try again in a moment."
        )
        holder.execute("ROLLBACK")
        store.close()  # an exclusive lock needs the file to itself for a moment
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("CREATE TABLE held(x)")  # takes the exclusive lock and keeps it
        with pytest.raises(StoreUnavailable) as caught:
            store.load_version()
        assert caught.value.kind == "locked"
    finally:
        holder.close()
    assert store.latest_version_number() == 1  # and all is well once the lock is gone


def test_a_missing_sqlite_file_is_reported_not_recreated(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path)
    for file in tmp_path.glob("registry.sqlite3*"):
        file.unlink()
    with pytest.raises(StoreUnavailable) as caught:
        store.latest_version_number()
    assert caught.value.kind == "missing"
    assert str(caught.value) == (
        f"The registry database file {path} is missing or cannot be opened."
    )
    assert not path.exists()
    with pytest.raises(StoreUnavailable, match="is missing or cannot be opened"):
        Store.open(f"sqlite:///{path}", create=False)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(f"sqlite:///{tmp_path / 'file' / 'registry.sqlite3'}")
    assert caught.value.kind == "missing"


def test_a_corrupt_sqlite_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "registry.sqlite3"
    path.write_bytes(b"this is not a database, just text that someone saved here\n" * 100)
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(f"sqlite:///{path}")
    assert caught.value.kind == "corrupt"
    assert str(caught.value) == (
        f"The registry database {path} is damaged or is not a registry database; "
        "restore it from a backup."
    )
    assert "not a database" in caught.value.detail


def test_a_damaged_page_is_reported(tmp_path: Path) -> None:
    store, path = _sqlite_store(tmp_path)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 : len(data)] = b"\xff" * (len(data) - 4096)  # every page but the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(f"sqlite:///{path}").load_version()
    assert caught.value.kind == "corrupt"


def test_an_unreachable_postgresql_is_reported() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(f"postgresql://app@127.0.0.1:{port}/registry")
    assert caught.value.kind == "unreachable"
    assert str(caught.value) == (
        f"The registry database server 127.0.0.1:{port}/registry cannot be reached."
    )


def test_a_postgresql_restart_is_reported_then_recovered_from() -> None:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql)")
    server = PostgresServer(bin_dir).start()
    try:
        store = Store.open(server.url())
        assert store.latest_version_number() == 1
        server.pause()
        with pytest.raises(StoreUnavailable) as caught:
            store.latest_version_number()
        assert caught.value.kind == "unreachable"
        server.resume()
        assert store.latest_version_number() == 1  # the same store, with no restart
        store.close()
    finally:
        server.stop()
