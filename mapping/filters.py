"""Filters: one description per filter drives filtering, the address, the sidebar
and the download's file name.

Each entry of :data:`FILTERS` says which registry column a filter reads, its
query-string key, its widget (a multiselect, a single choice or a text box),
its label, how link values are read and how rows match. Adding a filter is
adding one entry here (and its label to the catalogues). A
:class:`ClusterFilter` holds one value per filter; :func:`apply_filter`
keeps the rows every filter accepts, on whole columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mapping.i18n import N_, Message, gettext, sort_key
from mapping.programmes import programme_label, programme_order, resolve_programme
from mapping.provinces import PROVINCES, UnknownProvinceError, resolve_province
from mapping.search import search_key, search_series

TEXT_MAX_CHARS = 200
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


@dataclass(frozen=True)
class ProgrammeFilter(ColumnFilter):
    """Programmes, in legend order, by their label; links may use any alias."""

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return programme_order(clusters[self.column].unique())

    def ordered_options(self, clusters: pd.DataFrame, lang: str) -> list[str]:
        return self.options(clusters)  # the legend's order

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        return {c: programme_label(c, lang) for c in self.options(clusters)}

    def _resolve(self, value: str) -> str:
        return resolve_programme(value)

    def slug(self, value: Any) -> str | None:
        # The programme leads a file name, bare: iran-clusters_unido_sector-leather.csv
        return "-".join(_slug(v) for v in value) if value else None


@dataclass(frozen=True)
class ProvinceFilter(ColumnFilter):
    """Provinces by ISO code, all 31 offered with their counts; links may use any spelling."""

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return [p.iso_code for p in sorted(PROVINCES, key=lambda p: p.name_en)]

    def ordered_options(self, clusters: pd.DataFrame, lang: str) -> list[str]:
        names = {p.iso_code: p.name_fa if lang == "fa" else p.name_en for p in PROVINCES}
        return sorted(names, key=lambda code: sort_key(names[code], lang))

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        counts = clusters[self.column].value_counts()
        return {
            p.iso_code: Message(
                "{province} ({n})",
                province=p.name_fa if lang == "fa" else p.name_en,
                n=int(counts.get(p.iso_code, 0)),
            ).render(lang)
            for p in PROVINCES
        }

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        kept: list[str] = []
        warnings: list[Message] = []
        for raw in values:
            try:
                code = resolve_province(raw)
            except UnknownProvinceError as exc:
                warnings.append(
                    Message(
                        "Link parameter {key}='{value}': {problem}; ignored.",
                        key=self.key,
                        value=raw,
                        problem=str(exc),
                    )
                )
                continue
            if code not in kept:
                kept.append(code)
        return tuple(kept), warnings


@dataclass(frozen=True)
class ChoiceFilter(FilterSpec):
    """One of a few values of a yes/no column; the first choice restricts nothing."""

    kind: str = "choice"
    column: str = ""
    choices: Mapping[str, str] = field(default_factory=dict)  # value -> label
    matches: Mapping[str, bool] = field(default_factory=dict)  # value -> column value kept

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return list(self.choices)

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        return {value: gettext(label, lang) for value, label in self.choices.items()}

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        if not values:
            return self.default, []
        value = values[-1]
        if value in self.matches:
            return value, []
        warning = Message(
            "Link parameter {key}='{value}' should be {choices}; ignored.",
            key=self.key,
            value=value,
            choices=" or ".join(self.matches),
        )
        return self.default, [warning]

    def to_query(self, value: Any) -> list[str] | str | None:
        return None if value == self.default else value

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        if value == self.default:
            return None
        return clusters[self.column].eq(self.matches[value])

    def slug(self, value: Any) -> str | None:
        return None if value == self.default else f"national-mapping-{value}"


@dataclass(frozen=True)
class TextFilter(FilterSpec):
    """Free text found in any name, sector or town, in English or Persian."""

    kind: str = "text"
    default: Any = ""

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        return (values[-1][:TEXT_MAX_CHARS] if values else ""), []

    def to_query(self, value: Any) -> list[str] | str | None:
        return value.strip() or None

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        needle = search_key(value)
        if not needle:
            return None
        return search_series(clusters).str.contains(needle, regex=False)

    def slug(self, value: Any) -> str | None:
        return f"search-{_slug(value)}" if value.strip() else None


# The sidebar shows the filters in this order.
FILTERS: tuple[FilterSpec, ...] = (
    ColumnFilter(
        "sector",
        N_("Sector"),
        N_("All sectors"),
        column="sector",
        label_columns={"fa": "sector_fa"},
    ),
    ProgrammeFilter(
        "programme",
        N_("Programme"),
        N_("All programmes"),
        column="programme",
        file_order=-1,
    ),
    ProvinceFilter("province", N_("Province"), N_("All provinces"), column="province_code"),
    ChoiceFilter(
        "mapping",
        N_("National mapping list"),
        default="all",
        column="in_national_mapping",
        choices={
            "all": N_("All clusters"),
            "yes": N_("In the national mapping list"),
            "no": N_("Not in the list"),
        },
        matches={"yes": True, "no": False},
    ),
    TextFilter("q", N_("Search names (English or Persian)"), N_("e.g. leather, چرم, Yazd")),
)
FILTERS_BY_KEY: dict[str, FilterSpec] = {f.key: f for f in FILTERS}


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


class ClusterFilter(Selection):
    """The national map's selection: one value per filter of :data:`FILTERS`."""

    SPECS = FILTERS


def apply_filter(clusters: pd.DataFrame, f: Selection) -> pd.DataFrame:
    """Return the rows of ``clusters`` that ``f`` selects, in their original order.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows (the columns the filters read).
    f : ClusterFilter
        The selection.

    Returns
    -------
    pandas.DataFrame
        The selected rows (a copy, shallow when every row is selected; with
        pandas' copy-on-write, changing it never changes ``clusters``; the
        index is kept).
    """
    keep = pd.Series(True, index=clusters.index)
    for spec in f.SPECS:
        mask = spec.mask(clusters, f[spec.key])
        if mask is not None:
            keep &= mask
    if keep.all():
        # Everything selected: a shallow copy, which pandas 3 copies on write,
        # instead of materialising every column again.
        return clusters.copy(deep=False)
    return clusters.loc[keep].copy()


def filter_slugs(f: Selection) -> list[str]:
    """The parts of a file name that say what ``f`` selects, in filter order."""
    ordered = sorted(f.SPECS, key=lambda spec: spec.file_order)
    return [s for spec in ordered if (s := spec.slug(f[spec.key]))]
