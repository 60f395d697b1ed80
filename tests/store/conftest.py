"""Fixtures of the store tests: every test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per test run (``tests/pg.py``), each
test gets a new database in it. Without PostgreSQL's binaries the
PostgreSQL half is skipped with the reason, except on CI (``CI`` set),
where it fails: CI installs Debian's ``postgresql`` (``make test``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest

from mapping.store import Console, Store
from tests.pg import PostgresServer, pg_bin_dir

BACKENDS = ("sqlite", "postgresql")
START = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
CONSOLE = Console("tester")
PASSWORD = "correct horse battery"


class FakeClock:
    """A clock the test moves by hand: no sleeping to test expiry and throttling."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
        pytest.skip(reason)
    server = PostgresServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[Store]:
    """A store seeded with the bundled registry as version 1."""
    opened = Store.open(database_url, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def editor(store: Store) -> str:
    """A signed-in editor's session token."""
    store.add_user(CONSOLE, "editor1", "editor", PASSWORD)
    return store.sign_in("editor1", PASSWORD).token


@pytest.fixture
def admin(store: Store) -> str:
    """A signed-in admin's session token."""
    store.add_user(CONSOLE, "admin1", "admin", PASSWORD)
    return store.sign_in("admin1", PASSWORD).token
