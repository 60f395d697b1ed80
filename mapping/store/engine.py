"""Connections to the registry database, units of work, and clear errors when it is unusable.

The database is a SQLite file by default (``var/registry.sqlite3`` under the
repository, created on first use, in WAL mode so readers never wait for a
publish) or whatever ``DATABASE_URL`` names, PostgreSQL through psycopg 3 in
deployments (``postgresql+psycopg://user:password@host/dbname``).

Every unit of work is a ``with`` block: :meth:`Database.read` for reads,
:meth:`Database.write` for one transaction that commits at the end of the
block or rolls back if it raises. Failures of the database itself (locked,
missing, damaged, unreachable) come out of both as :class:`StoreUnavailable`
with a message for people, never as a driver exception.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from mapping.i18n import Message
from mapping.store.errors import StoreUnavailable

ROOT = Path(__file__).resolve().parent.parent.parent
DATABASE_URL_ENV = "DATABASE_URL"
DEFAULT_SQLITE_PATH = ROOT / "var" / "registry.sqlite3"
# Long enough for a 100,000-row publish by another process to finish, short
# enough that a stuck lock is reported while the visitor still waits.
SQLITE_BUSY_TIMEOUT_S = 15.0
PG_CONNECT_TIMEOUT_S = 5
PG_APPLICATION_NAME = "iran-cluster-map"
# An execution option that makes SQLite take the write lock at BEGIN: two
# deferred transactions that both read and then write would otherwise fail
# with "database is locked" instead of waiting their turn.
WRITE_OPTION = "registry_write"

SQLITE_LOCKED = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})
SQLITE_MISSING = frozenset({"SQLITE_CANTOPEN"})
SQLITE_CORRUPT = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


def utc_now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def database_url(url: str | URL | None = None) -> URL:
    """The database to use: ``url`` if given, else ``$DATABASE_URL``, else the default file.

    A plain ``postgresql://`` URL is read as ``postgresql+psycopg://`` (psycopg 3).
    """
    chosen = url or os.environ.get(DATABASE_URL_ENV, "") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    parsed = make_url(chosen)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            f"{parsed.render_as_string()}: the registry store runs on SQLite or PostgreSQL only"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ValueError("the registry store needs a SQLite file, not an in-memory database")
    return parsed


def _sqlite_errorname(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", ""))


class Database:
    """One registry database: its engine, its clock and its units of work.

    Parameters
    ----------
    url : str or sqlalchemy.URL, optional
        See :func:`database_url`.
    clock : callable, optional
        Returns the current aware UTC time; tests pass a fake one.
    busy_timeout_s : float
        How long a SQLite operation waits for another writer's lock.
    create : bool
        Create a missing SQLite file (and its folder). Off, a missing file
        raises :class:`StoreUnavailable` instead of being silently recreated.
    """

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S,
        create: bool = True,
    ) -> None:
        self.url = database_url(url)
        self.backend = self.url.get_backend_name()
        self.clock = clock
        self.busy_timeout_s = busy_timeout_s
        self.path: Path | None = None
        if self.backend == "sqlite":
            self.path = Path(str(self.url.database)).expanduser().resolve()
            if create:
                self._create_sqlite_file()
        self.engine = self._make_engine()
        self.write_engine = self.engine.execution_options(**{WRITE_OPTION: True})

    def __repr__(self) -> str:
        return f"Database({self.display_name()!r})"

    def display_name(self) -> str:
        """Where the database is, for messages: the file path or ``host:port/dbname``."""
        if self.path is not None:
            return str(self.path)
        return f"{self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database or ''}"

    def now(self) -> dt.datetime:
        """The current time from this database's clock (aware, UTC)."""
        return self.clock()

    # -- engines -------------------------------------------------------------

    def _create_sqlite_file(self) -> None:
        assert self.path is not None
        if self.path.exists():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path) as conn:
                # WAL is a property of the file: set once, every process reads it.
                conn.execute("PRAGMA journal_mode=WAL")
            conn.close()
        except (OSError, sqlite3.Error) as exc:
            raise self._missing(str(exc)) from exc

    def _connect_sqlite(self) -> sqlite3.Connection:
        assert self.path is not None
        # mode=rw: a file deleted under a running app must not come back empty.
        uri = f"file:{quote(str(self.path))}?mode=rw"
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=self.busy_timeout_s,
            check_same_thread=False,
            isolation_level=None,  # SQLAlchemy's begin hook below issues BEGIN itself
        )
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _make_engine(self) -> Engine:
        if self.backend == "sqlite":
            engine = create_engine(
                "sqlite+pysqlite://",
                creator=self._connect_sqlite,
                poolclass=QueuePool,
                json_serializer=_json_dumps,
            )

            @event.listens_for(engine, "begin")
            def _begin(conn: Any) -> None:
                write = conn.get_execution_options().get(WRITE_OPTION)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

            return engine
        return create_engine(
            self.url,
            pool_pre_ping=True,  # a restarted server leaves dead pooled connections
            json_serializer=_json_dumps,
            connect_args={
                "connect_timeout": PG_CONNECT_TIMEOUT_S,
                "application_name": PG_APPLICATION_NAME,
            },
        )

    def dispose(self) -> None:
        """Close every pooled connection (after a restore, or before the file is replaced)."""
        self.engine.dispose()

    # -- units of work -------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self.translated_errors(), Session(self.engine) as session:
            self._check_file()
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is one transaction, committed when the block ends."""
        with self.translated_errors(), Session(self.write_engine) as session:
            self._check_file()
            with session.begin():
                yield session

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn the driver's failures of the database itself into :class:`StoreUnavailable`.

        Integrity errors (a duplicate key) pass through: they mean a request
        lost a race, which the caller turns into its own message.
        """
        try:
            yield
        except sa_exc.IntegrityError:
            raise
        except sa_exc.DBAPIError as exc:
            translated = self.unavailable(exc)
            if translated is None:
                raise
            raise translated from exc
        except sa_exc.DisconnectionError as exc:
            raise self._unreachable(str(exc)) from exc

    def _check_file(self) -> None:
        if self.path is not None and not self.path.exists():
            # Pooled connections still see the deleted file's content; drop them.
            self.engine.dispose()
            raise self._missing("the file does not exist")

    def unavailable(self, exc: sa_exc.DBAPIError) -> StoreUnavailable | None:
        """The :class:`StoreUnavailable` for a driver error, or None if it is something else."""
        orig = exc.orig
        detail = str(orig if orig is not None else exc)
        if self.backend == "sqlite":
            name = _sqlite_errorname(orig) if orig is not None else ""
            lowered = detail.lower()
            if name in SQLITE_LOCKED or "database is locked" in lowered:
                return StoreUnavailable(
                    Message(
                        "The registry database is busy: another program holds a lock on it. "
                        "Try again in a moment."
                    ),
                    "locked",
                    detail,
                )
            if name in SQLITE_MISSING or "unable to open database" in lowered:
                return self._missing(detail)
            if name in SQLITE_CORRUPT or "no such table" in lowered or "malformed" in lowered:
                return self._corrupt(detail)
            if isinstance(exc, sa_exc.OperationalError):
                return self._failed(detail)
            return None
        if exc.connection_invalidated or isinstance(
            exc, sa_exc.OperationalError | sa_exc.InterfaceError
        ):
            if "does not exist" in detail and "relation" in detail:
                return self._corrupt(detail)
            return self._unreachable(detail)
        if isinstance(exc, sa_exc.ProgrammingError) and "does not exist" in detail:
            return self._corrupt(detail)
        return None

    def _missing(self, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            Message(
                "The registry database file {path} is missing or cannot be opened.",
                path=self.display_name(),
            ),
            "missing",
            detail,
        )

    def _corrupt(self, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            Message(
                "The registry database {path} is damaged or is not a registry database; "
                "restore it from a backup.",
                path=self.display_name(),
            ),
            "corrupt",
            detail,
        )

    def _unreachable(self, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            Message(
                "The registry database server {server} cannot be reached.",
                server=self.display_name(),
            ),
            "unreachable",
            detail,
        )

    def _failed(self, detail: str) -> StoreUnavailable:
        return StoreUnavailable(
            Message("The registry database failed: {detail}", detail=detail), "failed", detail
        )


def _json_dumps(value: object) -> str:
    # Compact, and Persian kept as UTF-8 rather than \u escapes (a third of the size).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
