"""Province names, the resolver and the geometry file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pycountry
import pytest
import shapely
from shapely.geometry import mapping, shape

from mapping.provinces import (
    PROVINCES,
    PROVINCES_PATH,
    UnknownProvinceError,
    fold_persian,
    load_provinces,
    resolve_province,
)
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_provinces


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
    for feature in data["features"]:
        x, y = feature["geometry"]["coordinates"][0][0][0]
        assert round(x, 3) == x and round(y, 3) == y, feature["properties"]["iso_code"]


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


def test_geometry_regenerates_byte_for_byte_offline(tmp_path):
    out = tmp_path / "provinces.geojson"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_provinces.py"), "--output", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert out.read_bytes() == PROVINCES_PATH.read_bytes()


def test_raw_source_matches_its_recorded_checksum():
    readme = (ROOT / "data" / "sources" / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(build_provinces.SOURCE.read_bytes()).hexdigest()
    assert digest == build_provinces.SOURCE_SHA256
    assert digest in readme


def test_build_refuses_an_altered_source(tmp_path):
    altered = tmp_path / "raw.geojson"
    altered.write_bytes(build_provinces.SOURCE.read_bytes() + b" ")
    with pytest.raises(SystemExit, match=r"raw\.geojson: sha256 is not 03e42371"):
        build_provinces.read_source(altered)


def test_build_refuses_an_unknown_iso_code(tmp_path):
    data = json.loads(build_provinces.SOURCE.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["tags"]["ISO3166-2"] = "IR-31"
    path = tmp_path / "raw.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        SystemExit,
        match=r"raw\.geojson, feature 0 \(OSM relation 225444\): "
        r"ISO3166-2 'IR-31' is not a current code of Iran",
    ):
        build_provinces.read_source(path, sha256=None)


def test_build_refuses_a_name_of_another_province(tmp_path):
    data = json.loads(build_provinces.SOURCE.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["tags"]["name:en"] = "Hamadan"
    path = tmp_path / "raw.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"name:en 'Hamadan' is not the name of IR-28"):
        build_provinces.read_source(path, sha256=None)


def test_build_refuses_overlapping_outlines():
    features = build_provinces.read_source()
    # Hamadan's outline grown by 0.1 degree overlaps its neighbours.
    hamadan = next(f for f in features if f["properties"]["iso_code"] == "IR-13")
    hamadan["geometry"] = mapping(shape(hamadan["geometry"]).buffer(0.1))
    with pytest.raises(
        SystemExit, match=r"OSM outlines: the provinces overlap or leave slivers between them"
    ):
        build_provinces.build(features)
