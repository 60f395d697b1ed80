"""Corrections to the bundled cluster registry and its README, each checked against the paper."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, paper_text

README = ROOT / "data" / "README.md"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def paper() -> str:
    return squash(paper_text())


@pytest.fixture(scope="module")
def readme() -> str:
    return squash(README.read_text(encoding="utf-8"))


def cluster(registry, cluster_id: str):
    return registry.set_index("cluster_id").loc[cluster_id]


def test_markazi_persian_name_says_province(registry, paper):
    assert "Markazi province and industrial cluster of rail spare parts" in paper
    row = cluster(registry, "markazi-rail-spare-parts")
    # مرکزی alone reads as "central"; the province is استان مرکزی.
    assert row["name_fa"] == "خوشه صنعتی قطعات ریلی استان مرکزی"


def test_joibar_keeps_the_papers_wording(registry, paper, readme):
    quote = "prepares situations for cooperation with internal forces"
    assert quote in paper
    row = cluster(registry, "joibar-agricultural-equipment")
    assert quote in row["source"] and quote in row["notes"]
    assert row["programme_status"] == "in preparation"
    assert f'the organisation "{quote}"' in readme
    assert "internal experts are being prepared" not in readme


def test_readme_says_the_fourteen_are_a_selection(paper, readme):
    for quote in (
        "Among most important points that these organizations consider as their development plan",
        "to identification of industrial clusters in several different levels of "
        "country's provinces",
    ):
        assert quote in paper
        assert f'"{quote}"' in readme
    assert "The 14 are a selection, not the whole national mapping." in readme


def test_yazd_and_isfahan_stone_are_flagged_not_resolved(registry, paper, readme):
    mapping_list = paper[paper.index("Mapping of national industrial clusters:") :]
    mapping_list = mapping_list[: mapping_list.index("Modeling:")]
    contract = paper[paper.index("Italian Stone Association (IMM)") :][:120]
    assert "Yazd industrial cluster of stone" in mapping_list
    assert "Isfahan" not in mapping_list
    assert "Isfahan industrial cluster of stone" in contract
    yazd, isfahan = cluster(registry, "yazd-stone"), cluster(registry, "isfahan-stone")
    assert yazd["in_national_mapping"] and not isfahan["in_national_mapping"]
    assert yazd["programme"] == "none" and isfahan["programme"] == "IMM"
    for row, other in ((yazd, "Isfahan industrial cluster of stone"), (isfahan, "Yazd")):
        assert "Flagged, not resolved" in row["notes"]
        assert other in row["notes"]
    assert "Flagged, not resolved: Yazd stone or Isfahan stone." in readme
