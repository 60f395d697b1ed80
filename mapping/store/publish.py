"""Publishing: preview a draft against a version, publish it as the next version, roll back.

A publish is one transaction: the version row, all its cluster rows and the
audit entry commit together, or nothing does (a killed process leaves the
database as it was). Concurrency is optimistic: a draft names the version it
is based on, and the publish is refused with :class:`VersionConflict` when
another version has been published since; the caller still holds the draft.
Two processes racing for the same number cannot both win: the number is the
primary key of ``versions``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mapping import registry
from mapping.provinces import load_provinces
from mapping.store import audit
from mapping.store.auth import AuthAPI, Credential
from mapping.store.changes import Changes, PublishMode, compare, merge
from mapping.store.errors import NoChanges, UnknownVersion, VersionConflict
from mapping.store.models import ClusterRow, Version
from mapping.store.rows import ID_COLUMN, Cells, validated_cells
from mapping.store.versions import VersionInfo, VersionsAPI

INSERT_BATCH = 10_000
SEED_AUTHOR = "system"
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class SourceFile:
    """The file a draft came from: its name and the sha256 of its bytes."""

    name: str
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> SourceFile:
        """The name and the sha256 of a file's bytes."""
        return cls(name, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Preview:
    """What publishing a draft would do: the version it is based on and the changes."""

    base: int | None
    mode: PublishMode
    n_rows: int
    changes: Changes


@dataclass(frozen=True)
class _Draft:
    base: int | None
    mode: PublishMode
    n_valid: int
    rows: list[Cells]
    changes: Changes


class PublishAPI(VersionsAPI, AuthAPI):
    """Preview, publish and roll back (mixed into :class:`mapping.store.Store`)."""

    @cached_property
    def provinces(self) -> gpd.GeoDataFrame:
        """Province outlines, for the point-in-province check of every draft."""
        return load_provinces()

    def _draft(self, base: int | None, rows: pd.DataFrame, mode: PublishMode | str) -> _Draft:
        mode = PublishMode(mode)
        new = validated_cells(rows, self.provinces)
        with self.db.read() as s:
            if base is not None:
                self._version(s, base)
            before = self._cells(s, base)
        merged = merge(before, new, mode)
        return _Draft(base, mode, len(new), merged, compare(before, merged, base=base))

    def preview(
        self, base_version: int | None, rows: pd.DataFrame, mode: PublishMode | str
    ) -> Preview:
        """What publishing ``rows`` on ``base_version`` would change, without writing anything.

        Parameters
        ----------
        base_version : int or None
            The version the draft is based on (None: an empty registry).
        rows : pandas.DataFrame
            The draft's text cells, as :func:`mapping.registry.prepare_columns`
            gives them (validated again here).
        mode : PublishMode or str
            ``replace`` or ``partial``.

        Raises
        ------
        InvalidRows
            If a row does not pass validation.
        UnknownVersion
            If ``base_version`` does not exist.
        """
        draft = self._draft(base_version, rows, mode)
        return Preview(draft.base, draft.mode, len(draft.rows), draft.changes)

    def publish(
        self,
        who: Credential,
        rows: pd.DataFrame,
        *,
        mode: PublishMode | str,
        base_version: int | None,
        note: str,
        source: SourceFile | None = None,
        n_read: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> VersionInfo:
        """Publish a draft as the next version, in one transaction. Needs an editor.

        Parameters
        ----------
        who : str or Console
            The session token of a signed-in editor or admin.
        rows, mode, base_version
            As for :meth:`preview`.
        note : str
            What this version is, for the version list.
        source : SourceFile, optional
            The uploaded file's name and sha256.
        n_read : int, optional
            Rows read from the file, rejected ones included (default: ``len(rows)``).
        on_progress : callable, optional
            Called with (rows written, rows in all) as the rows are written.

        Raises
        ------
        NotAllowed
            Without a valid editor or admin session.
        VersionConflict
            If ``base_version`` is no longer the latest version.
        NoChanges
            If the result equals ``base_version``.
        InvalidRows, UnknownVersion, StoreUnavailable
        """
        actor = self._authorise(who, "editor")
        self._check_latest(base_version)
        draft = self._draft(base_version, rows, mode)
        if draft.base is not None and draft.changes.is_empty:
            raise NoChanges(draft.base)
        return self._commit(
            actor.name,
            draft,
            action="publish",
            note=note,
            source=source,
            n_read=len(rows) if n_read is None else n_read,
            on_progress=on_progress,
        )

    def rollback(
        self, who: Credential, to_version: int, *, base_version: int, note: str = ""
    ) -> VersionInfo:
        """Publish the rows of an earlier version again, as a new version. Needs an editor.

        Raises
        ------
        VersionConflict
            If ``base_version`` is no longer the latest.
        NoChanges
            If the latest version already has exactly those rows.
        UnknownVersion, NotAllowed, StoreUnavailable
        """
        actor = self._authorise(who, "editor")
        self._check_latest(base_version)
        with self.db.read() as s:
            self._version(s, to_version)
            before, rows = self._cells(s, base_version), self._cells(s, to_version)
        changes = compare(before, rows, base=base_version)
        if changes.is_empty:
            raise NoChanges(base_version)
        draft = _Draft(base_version, PublishMode.REPLACE, len(rows), rows, changes)
        return self._commit(
            actor.name, draft, action="rollback", note=note, restored_from=to_version
        )

    def seed(self, path: Path = registry.REGISTRY_PATH) -> VersionInfo | None:
        """Publish a registry file as version 1 if nothing is published yet; else do nothing.

        Raises
        ------
        mapping.registry.RegistryError
            If the file cannot be read.
        InvalidRows
            If a row is not valid (the bundled file never has one).
        """
        if self.latest_version_number() is not None:
            return None
        raw = registry.read_registry_csv(path)
        draft = self._draft(None, raw, PublishMode.REPLACE)
        try:
            return self._commit(
                SEED_AUTHOR,
                draft,
                action="seed",
                note=f"Version 1, from {path.name}",
                source=SourceFile.of(path.name, path.read_bytes()),
                n_read=len(raw),
            )
        except VersionConflict:  # another process seeded first
            return None

    def _check_latest(self, base: int | None) -> None:
        latest = self.latest_version_number()
        if latest != base:
            if latest is None:
                raise UnknownVersion(base)
            raise VersionConflict(base, latest)

    def _commit(
        self,
        author: str,
        draft: _Draft,
        *,
        action: str,
        note: str,
        source: SourceFile | None = None,
        n_read: int | None = None,
        restored_from: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> VersionInfo:
        now = self.db.now()
        mode = "seed" if action == "seed" else "rollback" if restored_from else draft.mode.value
        try:
            with self.db.write() as s:
                latest = s.scalar(select(func.max(Version.number)))
                if latest != draft.base:
                    raise VersionConflict(draft.base, latest)
                number = (latest or 0) + 1
                version = Version(
                    number=number,
                    created_at=now,
                    author=author,
                    note=note.strip(),
                    mode=mode,
                    base_number=draft.base,
                    restored_from=restored_from,
                    source_name=source.name if source else None,
                    source_sha256=source.sha256 if source else None,
                    n_read=draft.n_valid if n_read is None else n_read,
                    n_valid=draft.n_valid,
                    n_rows=len(draft.rows),
                    n_added=draft.changes.n_added,
                    n_removed=draft.changes.n_removed,
                    n_changed=draft.changes.n_changed,
                )
                s.add(version)
                s.flush()  # claims the number now: a racing publish waits here, then fails
                _insert_rows(s, number, draft.rows, on_progress)
                audit.record(
                    s,
                    now,
                    author,
                    action,
                    f"version {number}",
                    mode=mode,
                    base=draft.base,
                    restored_from=restored_from,
                    rows=len(draft.rows),
                    added=draft.changes.n_added,
                    removed=draft.changes.n_removed,
                    changed=draft.changes.n_changed,
                )
                info = VersionInfo.of(version)
        except IntegrityError as exc:
            latest = self.latest_version_number()
            if latest is not None and latest != draft.base:
                raise VersionConflict(draft.base, latest) from exc
            raise
        return info


def _insert_rows(
    s: Session, number: int, rows: Sequence[Cells], on_progress: ProgressCallback | None
) -> None:
    table = ClusterRow.__table__
    total = len(rows)
    for start in range(0, total, INSERT_BATCH):
        batch = rows[start : start + INSERT_BATCH]
        s.execute(
            insert(table),
            [
                {"version_number": number, "position": i, "cluster_id": c[ID_COLUMN], "cells": c}
                for i, c in enumerate(batch, start)
            ],
        )
        if on_progress is not None:
            on_progress(min(start + INSERT_BATCH, total), total)
