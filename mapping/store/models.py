"""The registry database: every table, as typed SQLAlchemy 2 models.

Tables
------
``versions``
    One row per published registry, immutable once written: its number (the
    primary key, so two publishes of the same number cannot both commit),
    author, time (UTC), note, mode, the version it was based on, the version
    it restores (rollbacks), the source file's name and sha256 and the row
    counts.
``clusters``
    The rows of each version: ``(version_number, position)`` as the key, the
    ``cluster_id`` (unique within a version) and ``cells``, a JSON object of
    every registry column's validated text, exactly as
    :func:`mapping.registry.prepare_columns` and validation leave it.
``users``, ``sessions``, ``sign_in_throttle``
    Editors and admins with argon2 password hashes; signed-in sessions (the
    sha256 of a random token, so a copy of the database gives no session);
    failed sign-ins per name, so throttling holds across processes.
``audit_log``
    Who did what when: sign-ins, publishes, rollbacks, user changes.

Why cluster rows are a key and a JSON object
--------------------------------------------
The registry's columns belong to :data:`mapping.registry.REGISTRY_COLUMNS`,
which grows as the data does (a Persian sector name, say). With one SQL
column per registry column, every such change would need a migration and a
rewrite of every stored version; with ``cells`` as JSON, a new column simply
appears in the versions published after it, and older versions read it as
empty, which is what the CSV reader does with a missing optional column.
The cells are the validated *text*, not typed values, so loading a version
and typing it with the same code as the CSV reader gives exactly the frame the
CSV gives, and a later change to the typing applies to old versions too.
What SQL needs to see stays a real column: the version, the order and the
``cluster_id`` (unique per version, the key of partial publishes and diffs).
The price is that SQL cannot filter on a cell, which nothing here needs: the
map loads whole versions and filters in pandas.

Times are stored as naive UTC (``timestamp without time zone``) and returned
as aware UTC datetimes, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("editor", "admin")
NAME_LENGTH = 64

# Named constraints, so migrations can refer to them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime, stored naive (SQLite has no time zones)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Store an aware time as naive UTC; refuse a naive one."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware UTC times")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        """Read a stored naive UTC time back as aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """The declarative base: named constraints, UTC times, JSON dicts."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # SQLAlchemy reads this mapping from the class; it is never mutated.
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Version(Base):
    """A published registry. Never updated or deleted once committed."""

    __tablename__ = "versions"
    __table_args__ = (
        CheckConstraint("number >= 1", name="positive_number"),
        CheckConstraint("mode IN ('seed', 'replace', 'partial', 'rollback')", name="mode"),
    )

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[dt.datetime]
    author: Mapped[str] = mapped_column(String(NAME_LENGTH + 16))
    note: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(16))
    base_number: Mapped[int | None]
    restored_from: Mapped[int | None]
    source_name: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    n_read: Mapped[int]
    n_valid: Mapped[int]
    n_rows: Mapped[int]
    n_added: Mapped[int]
    n_removed: Mapped[int]
    n_changed: Mapped[int]


class ClusterRow(Base):
    """One cluster of one version: its id, its place in the file and its text cells."""

    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("version_number", "cluster_id"),)

    version_number: Mapped[int] = mapped_column(
        ForeignKey("versions.number", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cluster_id: Mapped[str] = mapped_column(Text)
    cells: Mapped[dict[str, Any]]


class User(Base):
    """Someone who may sign in: an editor publishes, an admin also manages users."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime]
    password_changed_at: Mapped[dt.datetime]


class UserSession(Base):
    """A signed-in session; the token itself is never stored, only its sha256."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class SignInThrottle(Base):
    """Recent failed sign-ins for a name (known or not, so names cannot be probed)."""

    __tablename__ = "sign_in_throttle"

    name: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime]
    locked_until: Mapped[dt.datetime | None]


class AuditEntry(Base):
    """One audited event; ``details`` holds its particulars (version, rows, role...)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str | None] = mapped_column(String(NAME_LENGTH + 16))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]]
