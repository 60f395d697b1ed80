"""Filter the registry by sector, programme, province, mapping list and text.

Filters are pure: a :class:`ClusterFilter` and a DataFrame in, a smaller
DataFrame out, computed on whole columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd

from mapping.provinces import fold_persian

SEARCH_COLUMNS = ["name_en", "name_fa", "name_in_paper", "sector", "locality_en", "locality_fa"]
MAPPING_CHOICES = ("all", "yes", "no")


@dataclass(frozen=True)
class ClusterFilter:
    """What a user asked to see. Empty tuples mean "no restriction".

    ``provinces`` holds ISO 3166-2 codes; ``national_mapping`` is ``"all"``,
    ``"yes"`` (only clusters in the national mapping list) or ``"no"``.
    """

    sectors: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    national_mapping: str = "all"
    text: str = ""

    def __post_init__(self) -> None:
        if self.national_mapping not in MAPPING_CHOICES:
            raise ValueError(
                f"national_mapping must be one of {MAPPING_CHOICES}, got {self.national_mapping!r}"
            )

    @property
    def is_empty(self) -> bool:
        """True when the filter lets every cluster through."""
        return self == ClusterFilter()


def search_key(text: str) -> str:
    """Fold text for searching: case, Latin diacritics and Persian letter forms."""
    decomposed = unicodedata.normalize("NFKD", fold_persian(text))
    kept = "".join(
        ch
        for i, ch in enumerate(decomposed)
        if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii())
    )
    return " ".join(unicodedata.normalize("NFC", kept).casefold().split())


SEARCH_COLUMN = "search_text"


def _search_series(clusters: pd.DataFrame) -> pd.Series:
    if SEARCH_COLUMN in clusters.columns:
        return clusters[SEARCH_COLUMN]
    columns = [c for c in SEARCH_COLUMNS if c in clusters.columns]
    joined = clusters[columns[0]].fillna("").astype(str)
    for column in columns[1:]:
        joined = joined + " | " + clusters[column].fillna("").astype(str)
    return joined.map(search_key)


def with_search_text(clusters: pd.DataFrame) -> pd.DataFrame:
    """Add the folded text that :func:`apply_filter` searches, computed once.

    Without it every text search folds every row again; with it a search
    over 100,000 clusters is a single vectorised substring test.
    """
    out = clusters.copy()
    out[SEARCH_COLUMN] = _search_series(clusters.drop(columns=SEARCH_COLUMN, errors="ignore"))
    return out


def apply_filter(clusters: pd.DataFrame, f: ClusterFilter) -> pd.DataFrame:
    """Return the rows of ``clusters`` that ``f`` selects, in their original order.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows (``sector``, ``programme``, ``province_code``,
        ``in_national_mapping`` and the name columns).
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
    if f.sectors:
        keep &= clusters["sector"].isin(f.sectors)
    if f.programmes:
        keep &= clusters["programme"].isin(f.programmes)
    if f.provinces:
        keep &= clusters["province_code"].isin(f.provinces)
    if f.national_mapping != "all":
        keep &= clusters["in_national_mapping"].eq(f.national_mapping == "yes")
    needle = search_key(f.text)
    if needle:
        keep &= _search_series(clusters).str.contains(needle, regex=False)
    if keep.all():
        # Everything selected: a shallow copy, which pandas 3 copies on write,
        # instead of materialising every column again.
        return clusters.copy(deep=False)
    return clusters.loc[keep].copy()
