"""Alembic migrations of the registry database, safe when several processes start at once.

The revisions live in ``mapping/store/migrations/versions``. Every app start
calls :func:`upgrade`: it reads the schema's revision first (cheap) and only
when it is behind takes a lock (SQLite: the write lock; PostgreSQL: an
advisory lock) and migrates inside that one transaction, so processes that
start together migrate once and a failed migration leaves nothing half done.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from mapping.store.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number: the advisory lock that serialises migrations.
PG_MIGRATION_LOCK = 7_913_202_613


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for this package's migrations (no ``alembic.ini``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision in the code."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at (None: no registry tables yet)."""
    with db.translated_errors(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _locked_connection(db: Database, conn: Connection) -> None:
    if db.backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})


def upgrade(db: Database, revision: str = "head") -> bool:
    """Bring the schema to ``revision`` (default: the newest). True if it changed.

    Raises
    ------
    StoreUnavailable
        If the database cannot be reached or is not a database.
    """
    if revision == "head" and current_revision(db) == head_revision():
        return False
    with db.translated_errors(), db.write_engine.begin() as conn:
        _locked_connection(db, conn)
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(alembic_config(conn), revision)
        after = MigrationContext.configure(conn).get_current_revision()
    return before != after


def downgrade(db: Database, revision: str) -> None:
    """Take the schema down to ``revision`` (``-1`` for one step, ``base`` for empty)."""
    with db.translated_errors(), db.write_engine.begin() as conn:
        _locked_connection(db, conn)
        command.downgrade(alembic_config(conn), revision)
