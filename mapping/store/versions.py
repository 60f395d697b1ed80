"""Reading published versions: the latest number, the list, one version's rows, and diffs.

Everything here is for everyone (no sign-in): the public map shows the latest
version or the one a link pins with ``?version=N``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from mapping.store.changes import Changes, compare
from mapping.store.engine import Database
from mapping.store.errors import UnknownVersion
from mapping.store.models import ClusterRow, Version
from mapping.store.rows import Cells, cells_frame, typed_frame


@dataclass(frozen=True)
class VersionInfo:
    """A published version, without its rows.

    ``mode`` is ``seed`` (the first version, from a file), ``replace``,
    ``partial`` or ``rollback`` (``restored_from`` names the version whose
    rows it publishes again). ``base_number`` is the version the publish was
    based on. Counts: ``n_read`` rows in the uploaded file, ``n_valid`` of
    them valid (and published), ``n_rows`` clusters in this version, and the
    clusters added, removed and changed since ``base_number``.
    """

    number: int
    created_at: dt.datetime
    author: str
    note: str
    mode: str
    base_number: int | None
    restored_from: int | None
    source_name: str | None
    source_sha256: str | None
    n_read: int
    n_valid: int
    n_rows: int
    n_added: int
    n_removed: int
    n_changed: int

    @classmethod
    def of(cls, v: Version) -> VersionInfo:
        """The public fields of a stored version."""
        return cls(
            v.number,
            v.created_at,
            v.author,
            v.note,
            v.mode,
            v.base_number,
            v.restored_from,
            v.source_name,
            v.source_sha256,
            v.n_read,
            v.n_valid,
            v.n_rows,
            v.n_added,
            v.n_removed,
            v.n_changed,
        )


@dataclass(frozen=True)
class LoadedVersion:
    """A version and its clusters, typed as :func:`mapping.registry.load_registry` types them."""

    info: VersionInfo
    registry: pd.DataFrame


class VersionsAPI:
    """Reading versions (mixed into :class:`mapping.store.Store`)."""

    db: Database

    def latest_version_number(self) -> int | None:
        """The newest version's number (None if nothing is published). Cheap: poll it.

        Every process can call this every few seconds and reload when the
        number changes, so a publish anywhere is seen everywhere.
        """
        with self.db.read() as s:
            return s.scalar(select(func.max(Version.number)))

    def list_versions(self) -> list[VersionInfo]:
        """Every version, newest first."""
        with self.db.read() as s:
            return [
                VersionInfo.of(v)
                for v in s.scalars(select(Version).order_by(Version.number.desc()))
            ]

    def version_info(self, number: int | None = None) -> VersionInfo:
        """One version (default: the latest). Raises :class:`UnknownVersion`."""
        with self.db.read() as s:
            return VersionInfo.of(self._version(s, number))

    def load_version(self, number: int | None = None) -> LoadedVersion:
        """A version's clusters, ready for the map (default: the latest).

        The frame is exactly what :func:`mapping.registry.load_registry` gives
        for the same rows in a CSV file: same columns, types and order.

        Raises
        ------
        UnknownVersion
            If there is no such version (or none at all).
        StoreUnavailable
            If the database cannot be read.
        """
        with self.db.read() as s:
            info = VersionInfo.of(self._version(s, number))
            cells = self._cells(s, info.number)
        return LoadedVersion(info, typed_frame(cells_frame(cells)))

    def version_cells(self, number: int | None = None) -> pd.DataFrame:
        """A version's rows as text cells, as a registry CSV holds them (to edit or download)."""
        with self.db.read() as s:
            version = self._version(s, number)
            return cells_frame(self._cells(s, version.number))

    def diff(self, a: int, b: int) -> Changes:
        """What changed from version ``a`` to version ``b`` (either may be the older)."""
        with self.db.read() as s:
            self._version(s, a)
            self._version(s, b)
            return compare(self._cells(s, a), self._cells(s, b), base=a, target=b)

    def _version(self, s: Session, number: int | None) -> Version:
        if number is None:
            number = s.scalar(select(func.max(Version.number)))
            if number is None:
                raise UnknownVersion(None)
        version = s.get(Version, number)
        if version is None:
            raise UnknownVersion(number)
        return version

    def _cells(self, s: Session, number: int | None) -> list[Cells]:
        if number is None:
            return []
        # The JSON arrives as text and is parsed in one call: a third of the
        # time of letting the driver parse 100,000 small documents one by one.
        statement = (
            select(cast(ClusterRow.cells, Text))
            .where(ClusterRow.version_number == number)
            .order_by(ClusterRow.position)
        )
        texts = s.execute(statement).scalars().all()
        return json.loads("[" + ",".join(texts) + "]")
