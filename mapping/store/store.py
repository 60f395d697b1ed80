"""The registry store: one object with everything the app and the command line need.

``Store.open()`` connects to the configured database, migrates it to the
newest schema and publishes ``data/clusters.csv`` as version 1 if nothing is
published yet, so the app needs no setup. See :mod:`mapping.store` for the
whole API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import URL

from mapping import registry
from mapping.store.audit import DEFAULT_AUDIT_LIMIT, AuditRecord, query, records_csv
from mapping.store.auth import Credential
from mapping.store.backup import BackupAPI
from mapping.store.engine import SQLITE_BUSY_TIMEOUT_S, Database, utc_now
from mapping.store.migrate import upgrade
from mapping.store.publish import PublishAPI
from mapping.store.users import UsersAPI


class AuditAPI(UsersAPI):
    """Reading the audit log; admins only."""

    def audit_log(
        self,
        who: Credential,
        *,
        action: str | None = None,
        actor: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int = DEFAULT_AUDIT_LIMIT,
    ) -> list[AuditRecord]:
        """Audit entries, newest first, filtered by action, actor and time (``until`` excluded).

        Raises
        ------
        NotAllowed
            Unless ``who`` is an admin's session (or the console).
        """
        self._authorise(who, "admin")
        with self.db.read() as s:
            return query(s, action=action, actor=actor, since=since, until=until, limit=limit)

    def audit_csv(self, who: Credential, **filters: Any) -> bytes:
        """The entries :meth:`audit_log` gives, as a CSV file for Excel. Needs an admin."""
        return records_csv(self.audit_log(who, **filters))


class Store(AuditAPI, PublishAPI, BackupAPI):
    """The registry database: versions, publishing, users, sign-in, audit, backup.

    Make one per process with :meth:`open` and share it: it is thread-safe
    (each call is its own unit of work on a pooled connection).
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(
        cls,
        url: str | URL | None = None,
        *,
        seed: Path | None = registry.REGISTRY_PATH,
        clock: Callable[[], dt.datetime] = utc_now,
        busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S,
        create: bool = True,
    ) -> Store:
        """Connect, migrate to the newest schema, and seed version 1 if the registry is empty.

        Parameters
        ----------
        url : str or sqlalchemy.URL, optional
            The database (default: ``$DATABASE_URL``, else ``var/registry.sqlite3``).
        seed : pathlib.Path, optional
            The registry file published as version 1 when nothing is published
            yet (default: the bundled ``data/clusters.csv``; None: leave empty).
        clock : callable
            The current aware UTC time (tests pass a fake one).
        busy_timeout_s : float
            How long SQLite waits for another process's write lock.
        create : bool
            Create a missing SQLite file (else report it as missing).

        Raises
        ------
        StoreUnavailable
            If the database cannot be opened, reached or migrated.
        """
        db = Database(url, clock=clock, busy_timeout_s=busy_timeout_s, create=create)
        store = cls(db)
        try:
            upgrade(db)
            if seed is not None:
                store.seed(seed)
        except BaseException:
            db.dispose()
            raise
        return store

    def close(self) -> None:
        """Close the pooled connections (the store can still be used: they reopen)."""
        self.db.dispose()

    def __repr__(self) -> str:
        return f"Store({self.db.display_name()!r})"
