"""Province names, the resolver and the geometry file."""

from __future__ import annotations

import json

import pycountry
import pytest
import shapely

from mapping.provinces import (
    PROVINCES,
    PROVINCES_PATH,
    UnknownProvinceError,
    fold_persian,
    load_provinces,
    resolve_province,
)
from tests.conftest import regenerate


def test_table_matches_current_iso_codes():
    official = {s.code for s in pycountry.subdivisions.get(country_code="IR")}
    assert {p.iso_code for p in PROVINCES} == official
    assert len(PROVINCES) == 31


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("East Azerbaijan", "IR-03"),
        ("Azarbaijan-e Sharqi", "IR-03"),
        ("Āz̄ārbāyjān-e Shārqī", "IR-03"),
        ("east azerbaijan province", "IR-03"),
        ("Isfahan", "IR-10"),
        ("Esfahan", "IR-10"),
        ("Eşfahān", "IR-10"),
        ("Kurdistan", "IR-12"),
        ("Kordestan", "IR-12"),
        ("Chaharmahal and Bakhtiari", "IR-14"),
        ("Chahar Mahall and Bakhtiari", "IR-14"),
        ("Chahār Maḩāl va Bakhtīārī", "IR-14"),
        ("Kohgiluyeh and Buyer Ahmad", "IR-17"),
        ("Sistan va Baluchestan", "IR-11"),
        ("Tehran", "IR-23"),
        ("Alborz", "IR-30"),
        ("Markazi", "IR-00"),
        ("IR-13", "IR-13"),
        ("ir-13", "IR-13"),
        ("  Hamadan  ", "IR-13"),
        ("Hamedan", "IR-13"),
    ],
)
def test_resolves_english_and_transliterations(name, code):
    assert resolve_province(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("اصفهان", "IR-10"),
        ("استان اصفهان", "IR-10"),
        ("کردستان", "IR-12"),
        ("كردستان", "IR-12"),  # Arabic kaf
        ("آذربایجان شرقی", "IR-03"),
        ("آذربايجان شرقي", "IR-03"),  # Arabic yeh
        ("استان آذربایجان غربی", "IR-04"),
        ("چهار محال و بختیاری", "IR-14"),
        ("کهگیلویه و بویراحمد", "IR-17"),
        ("خراسان\u200cرضوی", "IR-09"),  # zero-width non-joiner
        ("تهران", "IR-23"),
        ("البرز", "IR-30"),
    ],
)
def test_resolves_persian_script(name, code):
    assert resolve_province(name) == code


def test_unknown_name_suggests_closest():
    with pytest.raises(
        UnknownProvinceError, match=r"unknown province 'Hamadn'\. Did you mean: Hamadan"
    ):
        resolve_province("Hamadn")


def test_unknown_name_without_close_match_says_so():
    with pytest.raises(UnknownProvinceError) as info:
        resolve_province("Atlantis")
    assert str(info.value) == "unknown province 'Atlantis'."
    assert info.value.suggestions == []


def test_old_natural_earth_codes_are_not_guessed():
    # IR-31 existed only in the pre-2021 scheme (North Khorasan); never map it silently.
    with pytest.raises(UnknownProvinceError):
        resolve_province("IR-31")


def test_fold_persian_replaces_arabic_letters():
    assert fold_persian("كيك") == "کیک"


def test_geometry_file_is_valid_small_and_complete(provinces):
    assert PROVINCES_PATH.stat().st_size <= 150 * 1024
    assert len(provinces) == 31
    assert provinces.is_valid.all()
    assert str(provinces.crs) == "EPSG:4326"
    assert list(provinces.columns) == ["iso_code", "name_en", "name_fa", "geometry"]
    names = {p.iso_code: (p.name_en, p.name_fa) for p in PROVINCES}
    for row in provinces.itertuples():
        assert (row.name_en, row.name_fa) == names[row.iso_code]
        assert not row.name_fa.startswith("استان")


def test_geometry_is_a_clean_coverage(provinces):
    # Shared edges: no overlaps (areas add up to the union) and no gaps
    # between neighbours (the union has only the mainland and islands).
    geoms = provinces.geometry.values
    union = shapely.union_all(geoms)
    assert abs(sum(g.area for g in geoms) - union.area) < 1e-6
    interiors = [len(p.interiors) for p in getattr(union, "geoms", [union])]
    assert sum(interiors) == 0, "slivers between provinces"
    assert shapely.coverage_is_valid(geoms)


def test_coordinates_are_rounded():
    data = json.loads(PROVINCES_PATH.read_text(encoding="utf-8"))
    x, y = data["features"][0]["geometry"]["coordinates"][0][0]
    assert round(x, 4) == x and round(y, 4) == y


def test_tehran_and_alborz_have_distinct_current_codes(provinces):
    codes = dict(zip(provinces["name_en"], provinces["iso_code"], strict=True))
    assert codes["Tehran"] == "IR-23"
    assert codes["Alborz"] == "IR-30"


def test_load_rejects_incomplete_file(tmp_path):
    data = json.loads(PROVINCES_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        ValueError,
        match=r"expected one feature per province .* got 30 features; "
        r"missing \['IR-30'\]",
    ):
        load_provinces(path)


@pytest.mark.registry
def test_geometry_regenerates_byte_for_byte(tmp_path, natural_earth_tarball):
    out = tmp_path / "provinces.geojson"
    assert (
        regenerate("build_provinces.py", natural_earth_tarball, out) == PROVINCES_PATH.read_bytes()
    )
