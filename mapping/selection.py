"""Filter descriptions and selections, the generic parts (see :mod:`mapping.filters`).

A :class:`FilterSpec` describes one filter (key, label, widget, how link
values are read and rows matched); :class:`ColumnFilter` is the common
multiselect over one column. A :class:`Selection` holds one value per filter
of its ``SPECS``: :class:`mapping.filters.ClusterFilter` and
:class:`mapping.international.CaseFilter` are the two kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mapping.i18n import Message, gettext, sort_key

SLUG_MAX = 40


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")[:SLUG_MAX] or "x"


@dataclass(frozen=True)
class FilterSpec:
    """What every filter has: a key (the query-string key), a label and a widget kind.

    Subclasses say how values are offered, read from a link and matched.
    """

    key: str
    label: str
    placeholder: str = ""
    kind: str = "multi"  # "multi", "choice" or "text"
    help: str = ""
    default: Any = ()
    file_order: int = 0  # where the value goes in a file name (lowest first)
    file_key: str = ""  # how a file name names the filter (default: its key)

    def options(self, clusters: pd.DataFrame) -> list[str]:  # pragma: no cover - abstract
        return []

    def ordered_options(self, clusters: pd.DataFrame, lang: str) -> list[str]:
        """The options in the order a reader of ``lang`` looks for them."""
        return self.options(clusters)

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        """Each option's label in ``lang``."""
        return {v: v for v in self.options(clusters)}

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        """The filter's value from a link's values for its key, and a warning per bad one."""
        raise NotImplementedError  # pragma: no cover

    def to_query(self, value: Any) -> list[str] | str | None:
        """The value as query-string values (None when it restricts nothing)."""
        return list(value) or None

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        """Which rows the value keeps (None when it restricts nothing)."""
        raise NotImplementedError  # pragma: no cover

    def slug(self, value: Any) -> str | None:
        """The value in a file name, or None when it restricts nothing."""
        prefix = self.file_key or self.key
        return f"{prefix}-" + "-".join(_slug(v) for v in value) if value else None


def _unknown(key: str, value: str) -> Message:
    return Message(
        "Link parameter {key}='{value}' is not a known {key}; ignored.", key=key, value=value
    )


@dataclass(frozen=True)
class ColumnFilter(FilterSpec):
    """Several values of one registry column (a multiselect)."""

    column: str = ""
    # The column holding each value's label, per language, where the data has one.
    label_columns: Mapping[str, str] = field(default_factory=dict)
    # For a controlled vocabulary: each value's label, translated by the catalogue.
    vocabulary: Mapping[str, str] = field(default_factory=dict)

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return sorted(clusters[self.column].unique())

    def ordered_options(self, clusters: pd.DataFrame, lang: str) -> list[str]:
        labels = self.option_labels(clusters, lang)
        return sorted(self.options(clusters), key=lambda v: sort_key(labels[v], lang))

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        labels = {
            v: gettext(self.vocabulary[v], lang) if v in self.vocabulary else v
            for v in self.options(clusters)
        }
        label_column = self.label_columns.get(lang)
        if label_column and label_column in clusters.columns:
            named = clusters.loc[clusters[label_column].astype(str).ne("")]
            for value, label in zip(named[self.column], named[label_column], strict=True):
                labels[value] = str(label)
        return labels

    def _resolve(self, value: str) -> str:
        return value

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        known = set(self.options(clusters))
        kept: list[str] = []
        warnings: list[Message] = []
        for raw in values:
            value = self._resolve(raw)
            if value not in known:
                warnings.append(_unknown(self.key, raw))
            elif value not in kept:
                kept.append(value)
        return tuple(kept), warnings

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        return clusters[self.column].isin(value) if value else None


class Selection(Mapping[str, Any]):
    """What a user asked to see: one value per filter of ``SPECS``; defaults restrict nothing.

    ``ClusterFilter(sector=("leather",), q="Tabriz")``; read with
    ``f["sector"]``. Unknown keys raise ``KeyError``; multiselect values are
    kept as tuples so that a selection can be a cache key.
    """

    SPECS: tuple[FilterSpec, ...] = ()
    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        known = [spec.key for spec in self.SPECS]
        unknown = set(values) - set(known)
        if unknown:
            raise KeyError(f"unknown filter(s) {sorted(unknown)}; known: {known}")
        resolved = {}
        for spec in self.SPECS:
            value = values.get(spec.key, spec.default)
            if spec.kind == "multi":
                value = tuple(value)
            if spec.kind == "choice" and value not in spec.options(pd.DataFrame()):
                raise ValueError(f"{spec.key} must be one of {spec.options(pd.DataFrame())}")
            resolved[spec.key] = value
        self._values = resolved

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        defaults = {spec.key: spec.default for spec in self.SPECS}
        changed = {k: v for k, v in self._values.items() if v != defaults[k]}
        return f"{type(self).__name__}({changed})"

    def replace(self, **values: Any) -> Selection:
        """A copy with some values changed."""
        return type(self)(**{**self._values, **values})

    @property
    def is_empty(self) -> bool:
        """True when the selection lets every row through."""
        return self == type(self)()
