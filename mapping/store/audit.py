"""The audit log: who signed in, published, rolled back or changed users, and when.

Entries are written in the same transaction as what they record, so a
publish and its entry commit together or not at all. Admins read them with
:meth:`AuditAPI.audit_log` and download them with :meth:`AuditAPI.audit_csv`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from mapping.export import frame_to_csv
from mapping.i18n import N_
from mapping.store.models import AuditEntry

# Every action the log records, with its label for the interface.
ACTIONS = {
    "sign_in": N_("signed in"),
    "sign_in_failed": N_("sign-in failed"),
    "sign_in_refused": N_("sign-in refused (throttled or locked)"),
    "sign_out": N_("signed out"),
    "seed": N_("registry seeded"),
    "publish": N_("published"),
    "rollback": N_("rolled back"),
    "user_add": N_("user added"),
    "user_remove": N_("user removed"),
    "user_set_role": N_("role changed"),
    "user_set_password": N_("password changed"),
    "restore": N_("database restored from a backup"),
}
AUDIT_COLUMNS = ["at", "actor", "action", "target", "details"]
DEFAULT_AUDIT_LIMIT = 10_000


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as the API returns it."""

    id: int
    at: dt.datetime
    actor: str | None
    action: str
    target: str | None
    details: dict[str, Any]


def record(
    session: Session,
    at: dt.datetime,
    actor: str | None,
    action: str,
    target: str | None = None,
    **details: Any,
) -> None:
    """Add an entry to the log, in ``session``'s transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; expected one of {sorted(ACTIONS)}")
    session.add(AuditEntry(at=at, actor=actor, action=action, target=target, details=details))


def query(
    session: Session,
    *,
    action: str | None = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = DEFAULT_AUDIT_LIMIT,
) -> list[AuditRecord]:
    """Entries matching every filter given, newest first, at most ``limit``."""
    statement = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action is not None:
        statement = statement.where(AuditEntry.action == action)
    if actor is not None:
        statement = statement.where(AuditEntry.actor == actor)
    if since is not None:
        statement = statement.where(AuditEntry.at >= since)
    if until is not None:
        statement = statement.where(AuditEntry.at < until)
    return [
        AuditRecord(e.id, e.at, e.actor, e.action, e.target, dict(e.details))
        for e in session.scalars(statement.limit(limit))
    ]


def records_frame(records: list[AuditRecord]) -> pd.DataFrame:
    """Entries as a table: time (ISO 8601, UTC), actor, action, target, details (JSON)."""
    return pd.DataFrame.from_records(
        [
            (
                r.at.isoformat(timespec="seconds"),
                r.actor or "",
                r.action,
                r.target or "",
                json.dumps(r.details, ensure_ascii=False, sort_keys=True),
            )
            for r in records
        ],
        columns=AUDIT_COLUMNS,
    )


def records_csv(records: list[AuditRecord]) -> bytes:
    """Entries as a CSV file for Excel (UTF-8 with BOM, formulas neutralised)."""
    return frame_to_csv(records_frame(records))
