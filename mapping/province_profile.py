"""A province's profile, and up to four provinces side by side.

What a province holds: its clusters, their sectors (ISIC divisions), their
programmes and stages, the firms and employees where the registry gives them,
and the paper's references about it. A total over clusters that do not all
give the figure says for how many it is not stated, rather than passing a
partial sum for the whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mapping.i18n import Message, format_number, gettext, nmessage
from mapping.pipeline import STAGE_ORDER, stage_codes
from mapping.programmes import programme_label, programme_order
from mapping.provinces import PROVINCES_BY_CODE, UnknownProvinceError, resolve_province
from mapping.reference import division_of, division_title

MAX_COMPARED = 4
PROVINCE_KEY = "province"


def parse_provinces(values: Sequence[str]) -> tuple[list[str], list[Message]]:
    """Province codes from a link's ``province=`` values (any spelling), at most four.

    Returns
    -------
    (list of str, list of Message)
        ISO codes in the order given, without repeats, and a warning for each
        value that names no province or is past the fourth.
    """
    codes: list[str] = []
    warnings: list[Message] = []
    for value in values:
        try:
            code = resolve_province(value)
        except UnknownProvinceError as exc:
            warnings.append(
                Message(
                    "Link parameter {key}='{value}': {problem}; ignored.",
                    key=PROVINCE_KEY,
                    value=value,
                    problem=str(exc),
                )
            )
            continue
        if code in codes:
            continue
        if len(codes) == MAX_COMPARED:
            warnings.append(
                Message(
                    "At most {n} provinces are compared; {value} is left out.",
                    n=MAX_COMPARED,
                    value=value,
                )
            )
            continue
        codes.append(code)
    return codes, warnings


def province_name(code: str, lang: str) -> str:
    """A province's name in ``lang``."""
    province = PROVINCES_BY_CODE[code]
    return province.name_fa if lang == "fa" else province.name_en


def total_text(values: pd.Series, lang: str) -> str:
    """The sum of ``values`` in ``lang``, saying for how many clusters it is not stated.

    ``not stated`` when no cluster gives the figure; ``1,200`` when all do;
    ``1,200 (not stated for 3 clusters)`` when some do not.
    """
    missing = int(values.isna().sum())
    if missing == len(values):
        return gettext("not stated", lang)
    total = format_number(int(values.sum()), lang)
    if not missing:
        return total
    return nmessage(
        "{total} (not stated for {n} cluster)",
        "{total} (not stated for {n} clusters)",
        n=missing,
        total=total,
    ).render(lang)


def sector_counts(clusters: pd.DataFrame, lang: str) -> pd.Series:
    """Clusters per ISIC division (titles in ``lang``), largest first."""
    divisions = division_of(clusters["isic_code"])
    counts = divisions.value_counts()
    counts.index = [division_title(d, lang) for d in counts.index]
    return counts


def programme_counts(clusters: pd.DataFrame, lang: str) -> pd.Series:
    """Clusters per programme, in the legend's order, labelled in ``lang``."""
    counts = clusters["programme"].value_counts()
    order = programme_order(counts.index)
    return pd.Series(
        [int(counts[p]) for p in order], index=[programme_label(p, lang) for p in order]
    )


def stage_mix(clusters: pd.DataFrame) -> pd.Series:
    """Clusters per stage code, in cycle order, every stage present."""
    return stage_codes(clusters).value_counts().reindex(STAGE_ORDER, fill_value=0).astype(int)


def comparison_table(
    clusters: pd.DataFrame, codes: Sequence[str], lang: str, stage_labels: dict[str, str]
) -> pd.DataFrame:
    """The provinces ``codes`` side by side: one column each, one row per figure.

    ``stage_labels`` maps each stage code to its label in ``lang``.
    """
    columns = {}
    for code in codes:
        mine = clusters.loc[clusters["province_code"].eq(code)]
        sectors = division_of(mine["isic_code"])
        values = {
            gettext("Clusters", lang): format_number(len(mine), lang),
            gettext("ISIC divisions", lang): format_number(sectors[sectors.ne("")].nunique(), lang),
            gettext("Firms", lang): total_text(mine["firms"], lang),
            gettext("Employees", lang): total_text(mine["employees"], lang),
            gettext("With a programme", lang): format_number(
                int(mine["programme"].ne("none").sum()), lang
            ),
        }
        for stage, n in stage_mix(mine).items():
            values[stage_labels[stage]] = format_number(int(n), lang)
        columns[province_name(code, lang)] = values
    return pd.DataFrame(columns)


def province_references(
    references: pd.DataFrame, clusters: pd.DataFrame, code: str
) -> pd.DataFrame:
    """The paper's references about a province: attached to it, or to one of its clusters."""
    ids = set(clusters.loc[clusters["province_code"].eq(code), "cluster_id"])
    keep = references["province_code"].eq(code) | references["cluster_id"].isin(ids)
    return references.loc[keep]
