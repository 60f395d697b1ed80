"""Pipeline counts, province profiles, location quotients and the demonstration registry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mapping.demo import DEMO_SIZE, demo_registry, synthetic_registry
from mapping.fields import FIELD_COLUMNS
from mapping.pipeline import STAGE_ORDER, clusters_at, reference_comparison, stage_counts
from mapping.province_profile import parse_provinces, province_references, total_text
from mapping.reference import division_of, division_title, isic_divisions
from mapping.registry import REGISTRY_COLUMNS, prepare_columns, validate_registry
from mapping.specialisation import location_quotients, read_employment


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


# ------------------------------------------------------------------ pipeline

STAGED = frame(
    cluster_id=["a", "b", "c", "d", "e"],
    stage=["identified", "implementation", "", "implementation", "completed"],
    province_code=["IR-13", "IR-13", "IR-21", "IR-21", "IR-21"],
    programme=["none", "UNIDO", "none", "none", "UNIDO"],
)


def test_stage_counts_nationally_in_cycle_order():
    counts = stage_counts(STAGED)["clusters"]
    assert list(counts.index) == STAGE_ORDER
    assert counts.to_dict() == {
        "identified": 1,
        "diagnostic-study": 0,
        "action-plan": 0,
        "implementation": 2,
        "monitoring-evaluation": 0,
        "completed": 1,
        "not-stated": 1,
    }


def test_stage_counts_by_province_and_programme():
    by_province = stage_counts(STAGED, by="province_code")
    assert by_province.loc["IR-21"].to_dict()["implementation"] == 1
    assert by_province.loc["IR-21", "not-stated"] == 1
    assert by_province.sum(axis=1).to_dict() == {"IR-13": 2, "IR-21": 3}
    by_programme = stage_counts(STAGED, by="programme")
    assert by_programme.loc["UNIDO", ["implementation", "completed"]].tolist() == [1, 1]
    with pytest.raises(ValueError, match="by must be one of"):
        stage_counts(STAGED, by="sector")


def test_the_list_behind_a_bar():
    assert list(clusters_at(STAGED, "implementation")["cluster_id"]) == ["b", "d"]
    behind = clusters_at(STAGED, "implementation", "province_code", "IR-21")
    assert list(behind["cluster_id"]) == ["d"]
    assert list(clusters_at(STAGED, "not-stated")["cluster_id"]) == ["c"]
    with pytest.raises(ValueError, match="stage must be one of"):
        clusters_at(STAGED, "growing")


def test_the_2015_figures_beside_the_registry():
    comparison = reference_comparison(STAGED).set_index("figure_id")
    assert comparison["count"].to_dict() == {
        "identified": 429,
        "feasibility-studies": 129,
        "under-development-or-completed": 105,
    }
    assert comparison["registry"].to_dict() == {
        "identified": 4,
        "feasibility-studies": 3,
        "under-development-or-completed": 3,
    }
    assert set(comparison["url"]) == {"http://bcdm.ir"}


# ------------------------------------------------------------ province profile


def test_totals_say_for_how_many_clusters_a_figure_is_missing():
    assert total_text(pd.Series([10, 20], dtype="Int64"), "en") == "30"
    partial = pd.Series([10, pd.NA, 20, pd.NA], dtype="Int64")
    assert total_text(partial, "en") == "30 (not stated for 2 clusters)"
    assert total_text(pd.Series([pd.NA], dtype="Int64"), "en") == "not stated"
    assert total_text(partial, "fa") == "۳۰ (برای ۲ خوشه ذکر نشده)"


def test_province_links_take_any_spelling_and_at_most_four():
    codes, warnings = parse_provinces(
        ["همدان", "IR-13", "yazd", "Atlantis", "Tehran", "Fars", "Gilan"]
    )
    assert codes == ["IR-13", "IR-21", "IR-23", "IR-07"]
    texts = [str(w) for w in warnings]
    assert texts[0].startswith("Link parameter province='Atlantis': unknown province")
    assert texts[1] == "At most 4 provinces are compared; Gilan is left out."


def test_hamadan_has_the_papers_two_studies(registry):
    from mapping.policy import load_policy

    references = load_policy()["references"]
    found = province_references(references, registry, "IR-13")
    assert len(found) == 2
    assert set(found["cluster_id"]) == {"malayer-furniture", ""}
    assert set(found["province_code"]) == {"IR-13", ""}
    assert province_references(references, registry, "IR-16").empty  # Ilam: none


def test_isic_divisions_and_titles():
    divisions = isic_divisions()
    assert len(divisions) == 88 and divisions.index[0] == "01"
    assert (divisions["title_fa"].str.len() > 0).all()
    assert division_of(pd.Series(["0311", "13", "", "2"])).tolist() == ["03", "13", "", ""]
    assert division_title("31", "en") == "31 Manufacture of furniture"
    assert division_title("31", "fa") == "31 ساخت مبلمان"


# -------------------------------------------------------- location quotient

EMPLOYMENT = (
    "استان;قسمت آیسیک;اشتغال\nHamadan;31;300\nHamadan;13;100\nYazd;31;100\nیزد;۱۳;۵۰۰\n"
).encode()


def test_location_quotients_by_hand():
    table = read_employment("employment.csv", EMPLOYMENT)
    assert table.issues == [] and table.n_read == 4
    lq = location_quotients(table.valid).set_index(["province_code", "isic_division"])["lq"]
    # E = 1000; E(31) = 400, E(13) = 600; E(Hamadan) = 400, E(Yazd) = 600.
    assert lq[("IR-13", "31")] == pytest.approx((300 / 400) / (400 / 1000))  # 1.875
    assert lq[("IR-13", "13")] == pytest.approx((100 / 400) / (600 / 1000))  # 0.4167
    assert lq[("IR-21", "31")] == pytest.approx((100 / 600) / (400 / 1000))  # 0.4167
    assert lq[("IR-21", "13")] == pytest.approx((500 / 600) / (600 / 1000))  # 1.3889


def test_a_zero_total_gives_no_quotient_rather_than_zero():
    valid = frame(
        province_code=["IR-13", "IR-21"], isic_division=["31", "31"], employment=[0.0, 5.0]
    )
    lq = location_quotients(valid)
    assert np.isnan(lq.loc[0, "lq"]) and lq.loc[1, "lq"] == pytest.approx(1.0)


def test_bad_employment_rows_name_row_column_and_value():
    data = (
        b"province,isic_division,employment\n"
        b"Atlantis,31,10\n"
        b"Hamadan,4,10\n"
        b"Hamadan,31,-4\n"
        b"Yazd,1,7\n"
        b"Yazd,01,8\n"
        b"Yazd,31,\n"
    )
    table = read_employment("e.csv", data)
    found = [(i.row, i.column, i.value, str(i.problem)) for i in table.issues]
    assert found[0][:3] == (2, "province", "Atlantis")
    assert found[1:] == [
        (
            3,
            "isic_division",
            "4",
            "expected an ISIC Rev.4 division: two digits, 01 to 99, as in the list",
        ),
        (4, "employment", "-4", "expected a number of people employed, 0 or more"),
        (
            6,
            "isic_division",
            "01",
            "expected one row per province and division: already given on row 5",
        ),
        (7, "employment", "", "expected a value (this column is required)"),
    ]
    assert table.valid.to_dict("records") == [
        {"province_code": "IR-21", "isic_division": "01", "employment": 7.0}
    ]


def test_a_table_without_the_columns_is_refused_with_the_names():
    from mapping.upload_table import UploadError

    with pytest.raises(UploadError) as caught:
        read_employment("e.csv", b"province,division,people\nHamadan,31,4\n")
    assert "province, isic_division, employment" in str(caught.value.message)
    assert "isic_division, employment" in str(caught.value.message)


# ------------------------------------------------------- demonstration registry


@pytest.fixture(scope="module")
def demo(provinces):
    return demo_registry(provinces)


def test_the_demonstration_registry_is_valid_and_complete(demo, provinces):
    assert len(demo) == DEMO_SIZE and list(demo.columns) == REGISTRY_COLUMNS
    result = validate_registry(prepare_columns(demo.copy(), "demo"), provinces)
    assert result.issues == []
    valid = result.valid
    assert valid["province_code"].nunique() == 31
    for column in FIELD_COLUMNS:
        assert demo[column].ne("").all(), column
    filled = [c for c in REGISTRY_COLUMNS if c not in ("latitude", "longitude", "programme_status")]
    assert demo[filled].ne("").all().all()
    assert (demo["programme_status"].eq("") == demo["programme"].eq("none")).all()
    assert set(valid["stage"]) == set(STAGE_ORDER) - {"not-stated"}
    assert valid["objectives_assessed"].eq(6).any()
    assert demo["source"].str.contains("not real data").all()
    assert demo["name_en"].str.startswith("Synthetic").all()


def test_the_demonstration_registry_is_seeded(demo, provinces):
    assert demo.equals(demo_registry(provinces))
    other = synthetic_registry(50, seed=DEMO_SIZE, provinces=provinces, full=True)
    assert not other["firms"].equals(demo["firms"].head(50))


def test_without_full_the_synthetic_registry_keeps_its_old_columns(provinces):
    plain = synthetic_registry(20, seed=1, provinces=provinces)
    assert not set(FIELD_COLUMNS) & set(plain.columns)
    full = synthetic_registry(20, seed=1, provinces=provinces, full=True)
    kept = ["cluster_id", "sector", "province", "latitude", "longitude", "programme"]
    assert full[kept].equals(plain[kept])
