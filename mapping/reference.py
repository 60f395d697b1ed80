"""Reference tables from outside the paper: ISIC Rev.4 divisions, the 2015 national figures.

* ``data/reference/isic_rev4_divisions.csv``: the 88 divisions of ISIC Rev.4
  (United Nations, 2008) with English titles as published and Persian ones
  (our translation). A cluster's division is the first two digits of its
  ``isic_code``.
* ``data/reference/national_pipeline_2015.csv``: the national figures of
  June 2015 (429 clusters identified, 129 feasibility studies, 105 under
  development or completed), with their source, and which stages of the
  cycle each figure covers in our reading.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from mapping.i18n import gettext

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
ISIC_DIVISIONS_PATH = REFERENCE_DIR / "isic_rev4_divisions.csv"
PIPELINE_2015_PATH = REFERENCE_DIR / "national_pipeline_2015.csv"
DIVISION_DIGITS = 2
LIST_SEPARATOR = ";"


@lru_cache(maxsize=1)
def isic_divisions() -> pd.DataFrame:
    """The ISIC Rev.4 divisions, indexed by their two-digit code (text: ``01`` stays ``01``)."""
    frame = pd.read_csv(ISIC_DIVISIONS_PATH, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.set_index("division")


def division_of(isic_codes: pd.Series) -> pd.Series:
    """The ISIC division of each code (its first two digits), ``""`` where no code is given."""
    codes = isic_codes.fillna("").astype(str)
    return codes.str[:DIVISION_DIGITS].where(codes.str.len() >= DIVISION_DIGITS, "")


def division_title(division: str, lang: str) -> str:
    """``13 Manufacture of textiles`` in ``lang``; a code the table lacks is shown bare."""
    divisions = isic_divisions()
    if not division:
        return gettext("not stated", lang)
    if division not in divisions.index:
        return division
    title = divisions.at[division, "title_fa" if lang == "fa" else "title"]
    return f"{division} {title}"


@lru_cache(maxsize=1)
def pipeline_2015() -> pd.DataFrame:
    """The June 2015 national figures; ``stage_list`` holds the stages each one covers."""
    frame = pd.read_csv(PIPELINE_2015_PATH, dtype=str, keep_default_na=False, encoding="utf-8")
    frame["count"] = frame["count"].astype(int)
    frame["stage_list"] = frame["stages"].map(
        lambda text: tuple(s for s in text.split(LIST_SEPARATOR) if s)
    )
    return frame
