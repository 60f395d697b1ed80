"""Text search over cluster names, sectors and towns, in English or Persian.

Search text is folded once per registry (:func:`with_search_text`): case,
Latin diacritics and Persian letter forms, so that "yazd", "YAZD" and "یزد"
written on an Arabic keyboard all find what they should.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import pandas as pd
import pycountry

from mapping.provinces import PROVINCES, fold_persian

SEARCH_COLUMN = "search_text"
SEARCH_COLUMNS = (
    "name_en",
    "name_fa",
    "name_in_paper",
    "sector",
    "sector_fa",
    "locality_en",
    "locality_fa",
)
# Persian (U+06F0) and Arabic-Indic (U+0660) digits search as ASCII ones.
_DIGITS = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)


def search_key(text: str) -> str:
    """Fold text for searching: case, Latin diacritics, Persian letter forms and digits."""
    decomposed = unicodedata.normalize("NFKD", fold_persian(str(text).translate(_DIGITS)))
    kept = "".join(
        ch
        for i, ch in enumerate(decomposed)
        if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii())
    )
    return " ".join(unicodedata.normalize("NFC", kept).casefold().split())


@lru_cache(maxsize=1)
def _province_spellings() -> dict[str, str]:
    """Every spelling of each province, folded: "Esfahan" and "Ispahan" find Isfahan."""
    official = {s.code: s.name for s in pycountry.subdivisions.get(country_code="IR")}
    return {
        p.iso_code: " | ".join(
            search_key(n) for n in (p.name_en, p.name_fa, *p.aliases, official.get(p.iso_code, ""))
        )
        for p in PROVINCES
    }


def search_series(clusters: pd.DataFrame) -> pd.Series:
    """The folded text each row is searched in: names, sectors, towns and its province."""
    if SEARCH_COLUMN in clusters.columns:
        return clusters[SEARCH_COLUMN]
    columns = [c for c in SEARCH_COLUMNS if c in clusters.columns]
    joined = clusters[columns[0]].fillna("").astype(str)
    for column in columns[1:]:
        joined = joined + " | " + clusters[column].fillna("").astype(str)
    folded = joined.map(search_key)
    if "province_code" in clusters.columns:
        folded = folded + " | " + clusters["province_code"].map(_province_spellings()).fillna("")
    return folded


def with_search_text(clusters: pd.DataFrame) -> pd.DataFrame:
    """Add the folded text that the search filter reads, computed once.

    Without it every text search folds every row again; with it a search
    over 100,000 clusters is a single vectorised substring test.
    """
    out = clusters.copy()
    out[SEARCH_COLUMN] = search_series(clusters.drop(columns=SEARCH_COLUMN, errors="ignore"))
    return out
