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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mapping.fields import OBJECTIVE_COUNT, STAGE_NOT_STATED, STAGES
from mapping.i18n import N_, Message, gettext, sort_key
from mapping.programmes import programme_label, programme_order, resolve_programme
from mapping.provinces import PROVINCES, UnknownProvinceError, resolve_province
from mapping.search import search_key, search_series
from mapping.selection import (  # noqa: F401 - FilterSpec and Selection re-exported
    ColumnFilter,
    FilterSpec,
    Selection,
    _slug,
    _unknown,
)

TEXT_MAX_CHARS = 200


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


NOT_STATED = STAGE_NOT_STATED


@dataclass(frozen=True)
class StageFilter(ColumnFilter):
    """Stages of the development cycle, in cycle order with their counts; "not stated" last."""

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return [*STAGES, NOT_STATED]

    def ordered_options(self, clusters: pd.DataFrame, lang: str) -> list[str]:
        return self.options(clusters)

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        counts = self._codes(clusters).value_counts() if self.column in clusters else {}
        labels = {**STAGES, NOT_STATED: N_("not stated")}
        return {
            code: Message(
                "{stage} ({n})", stage=gettext(label, lang), n=int(counts.get(code, 0))
            ).render(lang)
            for code, label in labels.items()
        }

    def _codes(self, clusters: pd.DataFrame) -> pd.Series:
        stage = clusters[self.column]
        return stage.where(stage.ne(""), NOT_STATED)

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        return self._codes(clusters).isin(value) if value else None


@dataclass(frozen=True)
class AtLeastFilter(FilterSpec):
    """At least n of the objectives met (a count column); the first choice restricts nothing."""

    kind: str = "choice"
    default: Any = "all"
    column: str = ""
    most: int = OBJECTIVE_COUNT

    def options(self, clusters: pd.DataFrame) -> list[str]:
        return [self.default, *(str(n) for n in range(1, self.most + 1))]

    def option_labels(self, clusters: pd.DataFrame, lang: str) -> dict[str, str]:
        labels = {self.default: gettext(N_("Any number"), lang)}
        for n in range(1, self.most + 1):
            labels[str(n)] = Message("at least {n} of {total} met", n=n, total=self.most).render(
                lang
            )
        return labels

    def parse(self, values: Sequence[str], clusters: pd.DataFrame) -> tuple[Any, list[Message]]:
        if not values:
            return self.default, []
        value = values[-1]
        if value in self.options(clusters):
            return value, []
        warning = Message(
            "Link parameter {key}='{value}' should be {choices}; ignored.",
            key=self.key,
            value=value,
            choices=" or ".join(self.options(clusters)),
        )
        return self.default, [warning]

    def to_query(self, value: Any) -> list[str] | str | None:
        return None if value == self.default else value

    def mask(self, clusters: pd.DataFrame, value: Any) -> pd.Series | None:
        if value == self.default:
            return None
        return clusters[self.column].ge(int(value))

    def slug(self, value: Any) -> str | None:
        return None if value == self.default else f"{self.file_key or self.key}-{value}-plus"


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
    StageFilter("stage", N_("Stage of development"), N_("All stages"), column="stage"),
    AtLeastFilter(
        "objectives",
        N_("Objectives of section 3 met"),
        column="objectives_met",
        help=N_("The paper counts a cluster hopeful when it meets at least 4 of its 6 objectives."),
    ),
    TextFilter("q", N_("Search names (English or Persian)"), N_("e.g. leather, چرم, Yazd")),
)
FILTERS_BY_KEY: dict[str, FilterSpec] = {f.key: f for f in FILTERS}


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
