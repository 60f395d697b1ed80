"""The tracked fields: validation with row/column/value messages, typing, profile, filters."""

from __future__ import annotations

import pandas as pd
import pytest

from mapping.columns import canonical_column
from mapping.fields import FIELD_COLUMNS, OBJECTIVE_COLUMNS, TYPE_COLUMNS, type_choices
from mapping.filters import FILTERS_BY_KEY, ClusterFilter, apply_filter
from mapping.i18n import use_language
from mapping.profile import cluster_profile
from mapping.profile_fields import objectives_text
from mapping.query_state import filter_from_query, filter_to_query
from mapping.registry import read_registry_csv, validate_registry
from tests.conftest import good_row


def validate(registry_csv, provinces, *rows: dict):
    return validate_registry(read_registry_csv(registry_csv(list(rows))), provinces)


def one_issue(result):
    assert len(result.issues) == 1, [str(i) for i in result.issues]
    return result.issues[0]


def full_row(**overrides) -> dict:
    row = good_row(
        firms="120",
        firms_year="2014",
        employees="1500",
        employees_year="2014",
        year_identified="2006",
        stage="implementation",
        stage_date="2012-03-20",
        development_agent="Hamadan industrial estates company",
        type_market="export-oriented",
        type_ties="value chain",
        type_sustained_by="state-sponsored",
        type_brand="trademark",
        type_product="final-consumption",
        objective_1="met",
        objective_2="met",
        objective_3="not met",
        objective_4="met",
        objective_5="met",
        objective_6="not met",
        exports_value="2500000",
        exports_currency="usd",
        exports_year="2014",
        website="https://example.org/malayer",
    )
    row.update(overrides)
    return row


def test_a_full_row_is_valid_and_typed(registry_csv, provinces):
    result = validate(registry_csv, provinces, full_row())
    assert result.issues == []
    row = result.valid.iloc[0]
    assert row["firms"] == 120 and row["employees"] == 1500
    assert str(result.valid["firms"].dtype) == "Int64"
    assert row["stage"] == "implementation"
    assert row["type_ties"] == "value-chain"  # the term, read as its id
    assert row["exports_currency"] == "USD"
    assert row["exports_value"] == 2_500_000
    assert (row["objectives_met"], row["objectives_assessed"]) == (4, 6)


def test_empty_fields_stay_unknown_not_zero(registry_csv, provinces):
    valid = validate(registry_csv, provinces, good_row()).valid
    assert valid["firms"].isna().all() and valid["exports_value"].isna().all()
    assert valid.loc[0, "stage"] == "" and valid.loc[0, "objectives_assessed"] == 0


BAD_VALUES = [
    ("firms", "12.5", "expected a whole number of 0 or more, digits only"),
    ("employees", "-3", "expected a whole number of 0 or more, digits only"),
    ("firms_year", "1394", "expected a Gregorian year from 1950 to 2100"),
    ("employees_year", "20x4", "expected a Gregorian year from 1950 to 2100"),
    ("year_identified", "1800", "expected a Gregorian year from 1950 to 2100"),
    ("exports_year", "3000", "expected a Gregorian year from 1950 to 2100"),
    ("stage", "growing", "expected one of the stages identified, diagnostic study, action plan"),
    ("stage_date", "2012-02-30", "expected a date written YYYY-MM-DD"),
    ("objective_3", "partly", "expected met, not met, not assessed (or empty)"),
    ("type_market", "value-chain", "expected one of the cluster types export-oriented, introspec"),
    ("type_sustained_by", "foreign", "state-sponsored, large-industry, trade-organization"),
    ("exports_value", "1,200", "expected a number of 0 or more, without thousands separators"),
    ("exports_currency", "dollars", "expected a three-letter currency code such as USD"),
    ("website", "javascript:alert(1)", "expected a web address starting with http:// or https://"),
    ("website", "https://exa mple.org", "expected a web address starting with http://"),
    ("website", "ftp://example.org", "expected a web address starting with http://"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_VALUES)
def test_bad_values_name_row_column_and_value(registry_csv, provinces, column, value, message):
    result = validate(
        registry_csv, provinces, good_row(cluster_id="ok"), full_row(**{column: value})
    )
    issue = one_issue(result)
    assert (issue.row, issue.column, issue.value) == (3, column, value)
    assert message in str(issue.problem)
    assert list(result.valid["cluster_id"]) == ["ok"]  # the bad row only is rejected


def test_a_bad_value_reads_in_persian(registry_csv, provinces):
    issue = one_issue(validate(registry_csv, provinces, full_row(stage="growing")))
    with use_language("fa"):
        text = issue.problem.render("fa")
    assert "شناسایی" in text and "اجرا" in text  # the stages, in Persian


def test_exports_need_a_currency_and_a_stage_date_a_stage(registry_csv, provinces):
    issue = one_issue(validate(registry_csv, provinces, full_row(exports_currency="")))
    assert (issue.column, str(issue.problem)) == (
        "exports_currency",
        "expected a currency code: the row gives exports_value",
    )
    issue = one_issue(validate(registry_csv, provinces, full_row(stage="")))
    assert (issue.column, str(issue.problem)) == (
        "stage",
        "expected a stage: the row gives stage_date",
    )


def test_persian_cells_and_digits_are_read(registry_csv, provinces):
    row = full_row(
        firms="۱۲۰",
        stage="پایش و ارزیابی",
        objective_1="محقق شده",
        objective_2="محقق نشده",
        type_market="صادرات‌محور",
        stage_date="۱۳۹۱",
    )
    result = validate(registry_csv, provinces, row)
    assert [str(i) for i in result.issues] == [
        "row 2, column 'stage_date', value '1391': expected a date written YYYY-MM-DD "
        "(or YYYY-MM, or YYYY)"
    ]
    result = validate(registry_csv, provinces, {**row, "stage_date": "2013-05"})
    assert result.issues == []
    typed = result.valid.iloc[0]
    assert typed["firms"] == 120 and typed["stage"] == "monitoring-evaluation"
    assert (typed["objective_1"], typed["objective_2"]) == ("met", "not-met")
    assert typed["type_market"] == "export-oriented"


def test_persian_headers_name_every_field():
    assert canonical_column("مرحله توسعه") == "stage"
    assert canonical_column("شمار شاغلان") == "employees"
    assert canonical_column("هدف ۳") == "objective_3"
    assert canonical_column("وب‌سایت") == "website"
    assert all(canonical_column(c) == c for c in FIELD_COLUMNS)


def test_type_columns_offer_the_papers_types():
    assert type_choices("type_market") == ["export-oriented", "introspective"]
    assert type_choices("type_ties") == ["value-chain", "workforce-treasure"]
    assert set(TYPE_COLUMNS) == {
        "type_market",
        "type_ties",
        "type_sustained_by",
        "type_brand",
        "type_product",
    }


# ------------------------------------------------------------------ profile


def test_bundled_clusters_say_not_stated(registry):
    profile = cluster_profile(registry.iloc[0], "en")
    tracked = {f.label: f.value for f in profile}
    for label in ("Firms", "Employees", "Stage of development", "Exports", "Year identified"):
        assert tracked[label] == "not stated"
    assert registry[FIELD_COLUMNS[0]].isna().all()


def test_profile_shows_the_fields_in_both_languages(registry_csv, provinces):
    row = validate(registry_csv, provinces, full_row()).valid.iloc[0]
    en = {f.label: f.value for f in cluster_profile(row, "en")}
    assert en["Firms"] == "120 (in 2014)"
    assert en["Stage of development"] == "implementation, since 20 March 2012"
    assert en["Exports"] == "2,500,000 USD (in 2014)"
    assert en["Cluster types (section 4 of the paper)"].startswith("export-oriented, value chain")
    fa = [f.value for f in cluster_profile(row, "fa")]
    assert "۱۲۰ (در ۲۰۱۴)" in fa
    assert any(v.startswith("اجرا") for v in fa)


def test_the_four_of_six_rule_only_when_all_six_are_assessed(registry_csv, provinces):
    row = validate(registry_csv, provinces, full_row()).valid.iloc[0]
    assert objectives_text(row, "en") == (
        "met: 1, 2, 4, 5; not met: 3, 6; the paper's rule, at least 4 of 6: met"
    )
    partial = validate(registry_csv, provinces, full_row(objective_6="")).valid.iloc[0]
    text = objectives_text(partial, "en")
    assert "1 not assessed, so the paper's rule (at least 4 of 6) cannot be judged" in text
    assert ": met" not in text
    three = full_row(objective_1="not met", objective_2="not met")
    failing = validate(registry_csv, provinces, three).valid.iloc[0]
    assert objectives_text(failing, "en").endswith("at least 4 of 6: not met")


# ------------------------------------------------------------------ filters


@pytest.fixture
def staged(registry_csv, provinces):
    rows = [
        full_row(cluster_id="a", stage="identified", stage_date=""),
        full_row(cluster_id="b"),
        full_row(cluster_id="c", stage="", stage_date="", objective_1="not met"),
        good_row(cluster_id="d"),
    ]
    return validate(registry_csv, provinces, *rows).valid


def test_stage_filter_keeps_the_chosen_stages(staged):
    picked = apply_filter(staged, ClusterFilter(stage=("implementation", "not-stated")))
    assert list(picked["cluster_id"]) == ["b", "c", "d"]
    labels = FILTERS_BY_KEY["stage"].option_labels(staged, "en")
    assert labels["identified"] == "identified (1)" and labels["not-stated"] == "not stated (2)"


def test_objectives_filter_keeps_at_least_n_met(staged):
    assert list(apply_filter(staged, ClusterFilter(objectives="4"))["cluster_id"]) == ["a", "b"]
    assert list(apply_filter(staged, ClusterFilter(objectives="3"))["cluster_id"]) == [
        "a",
        "b",
        "c",
    ]


def test_stage_and_objectives_travel_in_the_link(staged):
    f = ClusterFilter(stage=("action-plan",), objectives="4")
    assert filter_to_query(f) == {"stage": ["action-plan"], "objectives": "4"}
    back, warnings = filter_from_query(
        {"stage": ["action-plan", "growing"], "objectives": ["9"]}, staged, ClusterFilter
    )
    assert back["stage"] == ("action-plan",) and back["objectives"] == "all"
    assert [str(w) for w in warnings] == [
        "Link parameter stage='growing' is not a known stage; ignored.",
        "Link parameter objectives='9' should be all or 1 or 2 or 3 or 4 or 5 or 6; ignored.",
    ]


def test_objective_columns_are_six():
    assert tuple(f"objective_{n}" for n in range(1, 7)) == OBJECTIVE_COLUMNS


def test_a_downloaded_csv_uploads_again_unchanged(provinces):
    """The download keeps every tracked field in a form the validator reads back."""
    import io

    from mapping.demo import demo_registry
    from mapping.export import clusters_to_csv
    from mapping.registry import prepare_columns

    first = validate_registry(prepare_columns(demo_registry(provinces), "demo"), provinces).valid
    data = clusters_to_csv(first)
    again_raw = pd.read_csv(
        io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    again = validate_registry(prepare_columns(again_raw, "download"), provinces)
    assert again.issues == []
    for column in FIELD_COLUMNS:
        assert again.valid[column].equals(first[column]), column
