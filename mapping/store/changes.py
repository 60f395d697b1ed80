"""What differs between two registries: clusters added, removed, and changed field by field.

Pure functions on lists of cells (no database): :func:`compare` gives the
:class:`Changes` between two versions or between a version and a draft, and
:func:`merge` builds the rows a publish stores from the base version and a
draft, in replace or partial mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from mapping.i18n import N_
from mapping.store.rows import ID_COLUMN, Cells, cells_frame, columns_of, diff_key

CHANGE_KINDS = {
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
}
CHANGES_FRAME_COLUMNS = ["change", "cluster_id", "name_en", "column", "before", "after"]


class PublishMode(StrEnum):
    """How a draft turns into the next version.

    ``replace``: the draft is the whole registry; clusters missing from it are
    removed. ``partial``: the draft adds clusters and updates those whose
    ``cluster_id`` the base already has; nothing is removed. Rows edited in a
    table are published as ``replace`` (the whole edited table, deletions
    included) or ``partial`` (only the edited rows).
    """

    REPLACE = "replace"
    PARTIAL = "partial"


@dataclass(frozen=True)
class FieldChange:
    """One cell that differs: its column, and its text before and after."""

    column: str
    before: str
    after: str


@dataclass(frozen=True)
class ClusterChange:
    """A cluster present on both sides with at least one different cell."""

    cluster_id: str
    name_en: str
    fields: tuple[FieldChange, ...]


@dataclass
class Changes:
    """The difference from ``base`` to ``target`` (version numbers; None for a draft or empty).

    ``added`` and ``removed`` are text-cell frames with the registry's
    columns, in registry order; ``changed`` lists every changed cluster with
    its fields, in the target's order.
    """

    base: int | None
    target: int | None
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: list[ClusterChange] = field(default_factory=list)

    @property
    def n_added(self) -> int:
        """Clusters in the target only."""
        return len(self.added)

    @property
    def n_removed(self) -> int:
        """Clusters in the base only."""
        return len(self.removed)

    @property
    def n_changed(self) -> int:
        """Clusters on both sides with at least one different cell."""
        return len(self.changed)

    @property
    def is_empty(self) -> bool:
        """True when both sides hold the same clusters with the same cells."""
        return not (self.n_added or self.n_removed or self.n_changed)

    @property
    def added_ids(self) -> list[str]:
        """The added clusters' ids, in the target's order."""
        return self.added[ID_COLUMN].tolist()

    @property
    def removed_ids(self) -> list[str]:
        """The removed clusters' ids, in the base's order."""
        return self.removed[ID_COLUMN].tolist()

    @property
    def changed_ids(self) -> list[str]:
        """The changed clusters' ids, in the target's order."""
        return [c.cluster_id for c in self.changed]

    def to_frame(self) -> pd.DataFrame:
        """One row per added or removed cluster and per changed field, for a CSV download.

        Columns: ``change`` (added, removed, changed), ``cluster_id``,
        ``name_en``, ``column``, ``before``, ``after``; added and removed
        clusters leave ``column``, ``before`` and ``after`` empty.
        """
        records: list[tuple[str, str, str, str, str, str]] = []
        for kind, frame in (("added", self.added), ("removed", self.removed)):
            for cluster_id, name in zip(frame[ID_COLUMN], frame["name_en"], strict=True):
                records.append((kind, cluster_id, name, "", "", ""))
        for change in self.changed:
            for f in change.fields:
                records.append(
                    ("changed", change.cluster_id, change.name_en, f.column, f.before, f.after)
                )
        return pd.DataFrame.from_records(records, columns=CHANGES_FRAME_COLUMNS)


def compare(
    before: Sequence[Cells],
    after: Sequence[Cells],
    base: int | None = None,
    target: int | None = None,
) -> Changes:
    """The :class:`Changes` from the rows ``before`` to the rows ``after``, matched by cluster_id.

    A column present on one side only compares as empty on the other, so a
    newly added registry column changes only the rows that fill it.
    """
    columns = columns_of([*before[:1], *after[:1]])
    old = {row[ID_COLUMN]: row for row in before}
    new_ids = {row[ID_COLUMN] for row in after}
    added = [row for row in after if row[ID_COLUMN] not in old]
    removed = [row for row in before if row[ID_COLUMN] not in new_ids]
    changed = []
    for row in after:
        previous = old.get(row[ID_COLUMN])
        if previous is None or previous == row:
            continue
        if diff_key(previous, columns) == diff_key(row, columns):
            continue
        fields = tuple(
            FieldChange(c, previous.get(c, ""), row.get(c, ""))
            for c in columns_of([previous, row])
            if previous.get(c, "") != row.get(c, "")
        )
        if fields:
            changed.append(ClusterChange(row[ID_COLUMN], row.get("name_en", ""), fields))
    return Changes(base, target, cells_frame(added), cells_frame(removed), changed)


def merge(base: Sequence[Cells], draft: Sequence[Cells], mode: PublishMode) -> list[Cells]:
    """The rows of the next version: the draft itself, or the base updated by the draft.

    In partial mode a cluster keeps its place in the base and new clusters
    follow in the draft's order.
    """
    if mode is PublishMode.REPLACE:
        return list(draft)
    updates = {row[ID_COLUMN]: row for row in draft}
    merged = [updates.pop(row[ID_COLUMN], row) for row in base]
    merged.extend(updates.values())
    return merged
