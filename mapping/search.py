"""Text search over cluster names, sectors and towns, in English or Persian.

Search text is folded once per registry (:func:`with_search_text`): case,
Latin diacritics and Persian letter forms, so that "yazd", "YAZD" and "یزد"
written on an Arabic keyboard all find what they should.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from mapping.provinces import fold_persian

SEARCH_COLUMN = "search_text"
SEARCH_COLUMNS = ("name_en", "name_fa", "name_in_paper", "sector", "locality_en", "locality_fa")


def search_key(text: str) -> str:
    """Fold text for searching: case, Latin diacritics and Persian letter forms."""
    decomposed = unicodedata.normalize("NFKD", fold_persian(text))
    kept = "".join(
        ch
        for i, ch in enumerate(decomposed)
        if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii())
    )
    return " ".join(unicodedata.normalize("NFC", kept).casefold().split())


def search_series(clusters: pd.DataFrame) -> pd.Series:
    if SEARCH_COLUMN in clusters.columns:
        return clusters[SEARCH_COLUMN]
    columns = [c for c in SEARCH_COLUMNS if c in clusters.columns]
    joined = clusters[columns[0]].fillna("").astype(str)
    for column in columns[1:]:
        joined = joined + " | " + clusters[column].fillna("").astype(str)
    return joined.map(search_key)


def with_search_text(clusters: pd.DataFrame) -> pd.DataFrame:
    """Add the folded text that the search filter reads, computed once.

    Without it every text search folds every row again; with it a search
    over 100,000 clusters is a single vectorised substring test.
    """
    out = clusters.copy()
    out[SEARCH_COLUMN] = search_series(clusters.drop(columns=SEARCH_COLUMN, errors="ignore"))
    return out
