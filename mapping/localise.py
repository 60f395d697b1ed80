"""Data in the reader's language: which column holds a value's Persian form.

The registry and the case studies carry Persian forms beside the English
ones (``name_fa`` beside ``name_en``, ``sector_fa`` beside ``sector`` ...).
A Persian reader sees the Persian form where the data has one and the
English one where it has none, never an empty cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

# English (or language-neutral) column -> the column of its Persian form.
PERSIAN_COLUMNS = {
    "name_en": "name_fa",
    "sector": "sector_fa",
    "locality_en": "locality_fa",
    "province": "province_fa",
    "case_name": "case_name_fa",
    "short_name": "short_name_fa",
    "place": "place_fa",
    "country": "country_fa",
    "source": "source_fa",
    "notes": "notes_fa",
    "isic_title": "isic_title_fa",
}


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def localised_value(row: Mapping[str, Any], column: str, lang: str) -> str:
    """``row[column]`` in ``lang``: its Persian form in Persian when there is one."""
    english = _text(row.get(column))
    if lang != "fa" or column not in PERSIAN_COLUMNS:
        return english
    return _text(row.get(PERSIAN_COLUMNS[column])) or english


def localised(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """A whole column in ``lang``, falling back to English cell by cell."""
    english = frame[column].fillna("").astype(str)
    persian_column = PERSIAN_COLUMNS.get(column)
    if lang != "fa" or persian_column not in frame.columns:
        return english
    persian = frame[persian_column].fillna("").astype(str)
    return persian.where(persian.str.strip().ne(""), english)
