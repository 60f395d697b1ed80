"""Data in the reader's language: Persian sector names and Persian case-study names."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from mapping.international import INTERNATIONAL_PATH, PERSIAN_COLUMNS, load_international
from mapping.registry import (
    OPTIONAL_COLUMNS,
    REGISTRY_COLUMNS,
    RegistryError,
    read_registry_csv,
    validate_registry,
)
from tests.conftest import good_row

PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")
LATIN_LETTERS = re.compile("[A-Za-z]")


def is_persian(text: str) -> bool:
    return bool(PERSIAN_LETTERS.search(text)) and not LATIN_LETTERS.search(text)


def test_sector_fa_is_an_optional_column_right_after_sector():
    assert REGISTRY_COLUMNS.index("sector_fa") == REGISTRY_COLUMNS.index("sector") + 1
    assert "sector_fa" in OPTIONAL_COLUMNS


def test_every_bundled_cluster_has_a_persian_sector(registry):
    assert len(registry) == 15
    assert registry["sector_fa"].map(is_persian).all()
    # One Persian name per sector, and the cluster's Persian name uses it.
    assert (registry.groupby("sector")["sector_fa"].nunique() == 1).all()
    for row in registry.itertuples():
        assert row.sector_fa in row.name_fa, row.cluster_id


def test_a_registry_without_sector_fa_still_validates(registry_csv, provinces):
    columns = [c for c in REGISTRY_COLUMNS if c != "sector_fa"]
    result = validate_registry(read_registry_csv(registry_csv([good_row()], columns)), provinces)
    assert result.issues == []
    assert result.valid.loc[0, "sector_fa"] == ""


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return load_international()


def test_every_case_study_place_has_persian_names(cases):
    assert len(cases) == 20
    for column in PERSIAN_COLUMNS:
        bad = cases.loc[~cases[column].map(is_persian), ["place_id", column]]
        assert bad.empty, bad.to_dict("records")
    assert cases["short_name_fa"].is_unique
    assert (cases.groupby("country_code")["country_fa"].nunique() == 1).all()
    assert (cases.groupby("case_id")["country_fa"].nunique() <= 2).all()


def test_a_missing_persian_name_is_named_by_row_and_column(tmp_path):
    bad = pd.read_csv(INTERNATIONAL_PATH, dtype=str, keep_default_na=False)
    bad.loc[2, "place_fa"] = ""
    path = tmp_path / "cases.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(RegistryError) as info:
        load_international(path)
    assert "row 4, column 'place_fa', value '': expected a value" in str(info.value)
