"""Iran's cluster policy as data: every quote verbatim, every link checked, errors named."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from mapping.i18n import use_language
from mapping.policy import (
    DATE_NOT_GIVEN,
    POLICY_DIR,
    TABLES,
    WHOLE_PLAN,
    PolicyError,
    in_language,
    load_policy,
)
from mapping.recommendations import RECOMMENDATION_BY_NUMBER
from tests.conftest import paper_text


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def paper() -> str:
    return squash(paper_text())


@pytest.fixture(scope="module")
def policy(registry):
    return load_policy(cluster_ids=set(registry["cluster_id"]))


def section(paper: str, start: str, end: str) -> str:
    begin = paper.index(start)
    return paper[begin : paper.index(end, begin)]


# ------------------------------------------------------------------ verbatim


def test_every_verbatim_cell_occurs_in_the_paper(policy, paper):
    checked = 0
    for name, spec in TABLES.items():
        for column in spec.verbatim:
            for index, text in policy[name][column].items():
                if str(text).strip():
                    assert squash(str(text)) in paper, (spec.file_name, index + 2, column)
                    checked += 1
    assert checked >= 70


def test_every_text_has_a_persian_rendering(policy):
    persian = re.compile("[\u0600-\u06ff]")
    for name, spec in TABLES.items():
        frame = policy[name]
        for column in spec.translated:
            for english, rendering in zip(frame[column], frame[column + "_fa"], strict=True):
                if english:
                    assert persian.search(rendering), (name, column, english)


# ------------------------------------------------------------------ content


def test_the_five_plan_points_in_the_papers_order(policy, paper):
    plan = section(paper, "General points of cluster development plan", "Function of small")
    points = policy["plan_points"].sort_values("number")
    assert list(points["point_id"]) == [
        "culture-information",
        "national-mapping",
        "modelling",
        "lawful-preparations",
        "institutions",
    ]
    positions = [plan.index(title) for title in points["title"]]
    assert positions == sorted(positions)


def test_what_was_done_under_each_point(policy, paper):
    actions = policy["plan_actions"]
    done = section(paper, "Function of small industries organization", "Shortcomings of industrial")
    for quote in actions.loc[actions["point_id"].ne(WHOLE_PLAN), "quote"]:
        assert quote in done
    by_point = actions.groupby("point_id")["action_id"].apply(set).to_dict()
    assert by_point["lawful-preparations"] == {
        "article-39",
        "sme-competitiveness-law",
        "cluster-policies",
    }
    assert {"contract-unido", "contract-ipi", "contract-imm"} <= by_point["modelling"]
    # The paper reports nothing done under the fifth point: no heading for it in that part.
    assert "institutions" not in by_point
    assert "Development of institutions" not in done


def test_the_only_date_is_the_clusters_office(policy, paper):
    actions = policy["plan_actions"].set_index("action_id")
    dated = actions[actions["date"].ne(DATE_NOT_GIVEN)]
    assert list(dated.index) == ["clusters-office"]
    office = dated.loc["clusters-office"]
    assert office["date"] == "second half of 2001"
    assert office["date_quote"] in office["quote"] and office["point_id"] == WHOLE_PLAN
    assert (
        len(re.findall(r"\b(?:19|20)\d\d\b", section(paper, "7. INDUSTRIAL", "8. INDUSTRIAL"))) == 1
    )


def test_contracts_name_the_registrys_clusters(policy, registry):
    actions = policy["plan_actions"].set_index("action_id")
    programme = registry.set_index("cluster_id")["programme"]
    for action_id, code in (
        ("contract-unido", "UNIDO"),
        ("contract-ipi", "IPI"),
        ("contract-imm", "IMM"),
        ("contract-local-experts", "local experts"),
        ("joibar-preparation", "internal experts"),
    ):
        listed = set(actions.loc[action_id, "cluster_list"])
        assert listed == set(programme[programme.eq(code)].index), action_id
    national = set(registry.loc[registry["in_national_mapping"], "cluster_id"])
    assert set(actions.loc["mapping-list", "cluster_list"]) == national


def test_six_objectives_and_the_rule(policy, paper):
    objectives = policy["objectives"].sort_values("number")
    listed = section(paper, "3. OBJECTIVES", "4. TYPES")
    for number, text in zip(objectives["number"], objectives["objective"], strict=True):
        assert f"({number}). {text}" in listed
    statements = policy["statements"].set_index("statement_id")
    assert "more than 500 clusters" in statements.loc["objectives-basis", "quote"]
    assert "at least 4 out of six goals" in statements.loc["objectives-rule", "quote"]


def test_two_hypotheses_and_the_conclusion_that_confirms_them(policy):
    statements = policy["statements"]
    assert sorted(statements.loc[statements["kind"].eq("hypothesis"), "number"]) == [1, 2]
    conclusion = statements.loc[statements["kind"].eq("conclusion"), "quote"].str.cat(sep=" ")
    assert "the two previously suggested hypotheses are confirmed" in conclusion


def test_glossary_covers_section_4(policy, paper):
    types = section(paper, "4. TYPES OF INDUSTRIAL CLUSTERS", "5. BENEFITS")
    glossary = policy["cluster_types"]
    for term in ("export-oriented", "introspective", "value chain", "workforce treasure"):
        assert term in set(glossary["term"])
    quoted = set(glossary["quote"])
    sentences = [s for s in re.split(r"(?<=\.)\s", types) if "classif" in s or "division" in s]
    assert all(any(q in s or s in q for q in quoted) for s in sentences[1:]), sentences


def test_shortcomings_two_plus_seven_plus_three(policy, paper):
    shortcomings = policy["shortcomings"]
    assert shortcomings.groupby("group").size().to_dict() == {"clusters": 2, "sme": 7, "iran": 3}
    sme = section(paper, "they are suffering severe shortages", "Industrial cluster is one of the")
    for quote in shortcomings.loc[shortcomings["group"].eq("sme"), "quote"]:
        assert f"- {quote}" in sme
    iran = section(paper, "Shortcomings of industrial clusters in Iran", "8. INDUSTRIAL")
    for quote in shortcomings.loc[shortcomings["group"].eq("iran"), "quote"]:
        assert quote in iran


def test_shortcoming_links_are_our_reading_and_real(policy):
    for row in policy["shortcomings"].itertuples():
        assert all(n in RECOMMENDATION_BY_NUMBER for n in row.recommendation_list)
        if not row.recommendation_list:
            assert row.reading.startswith("No recommendation answers it"), row.shortcoming_id
        for number in row.recommendation_list:
            assert f"({number})" in row.reading, (row.shortcoming_id, number)


def test_references_attached_to_malayer_and_hamadan(policy, registry):
    references = policy["references"].set_index("reference_id")
    assert len(references) == 7
    malayer = references.loc["mojtahed-malayer-furniture"]
    assert malayer["cluster_id"] == "malayer-furniture"
    assert "Malayer" in malayer["title"]
    hamadan = references.loc["moazeni-hamadan"]
    assert hamadan["province_code"] == "IR-13" and "Hamedan" in hamadan["title"]
    assert registry.set_index("cluster_id").loc["malayer-furniture", "province_code"] == "IR-13"
    attached = references[references["cluster_id"].ne("") | references["province_code"].ne("")]
    assert set(attached.index) == {"mojtahed-malayer-furniture", "moazeni-hamadan"}


def test_nothing_scores_a_cluster():
    for spec in TABLES.values():
        assert not any("score" in c for c in spec.columns)


def test_in_language_picks_our_persian_text(policy):
    row = policy["plan_actions"].set_index("action_id").loc["article-39"]
    assert in_language(row, "date", "en") == DATE_NOT_GIVEN
    assert in_language(row, "date", "fa") == "تاریخی ذکر نشده"


# ------------------------------------------------------------------ bad input


@pytest.fixture
def policy_copy(tmp_path):
    target = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, target)
    return target


def edit(folder, name: str, row: int, column: str, value: str) -> None:
    path = folder / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False)


def problems(folder, **kwargs) -> list[str]:
    with pytest.raises(PolicyError) as info:
        load_policy(folder, **kwargs)
    return [str(issue) for issue in info.value.issues]


def test_bad_cells_are_named_by_file_row_column_and_value(policy_copy):
    edit(policy_copy, "plan_actions", 3, "point_id", "branding")
    edit(policy_copy, "shortcomings", 4, "recommendations", "3;16")
    edit(policy_copy, "objectives", 2, "objective_fa", "")
    edit(policy_copy, "references", 8, "province_code", "IR-07x")
    found = problems(policy_copy)
    assert found == [
        "objectives.csv, row 2, column 'objective_fa', value '': "
        "expected a Persian rendering of objective",
        "plan_actions.csv, row 3, column 'point_id', value 'branding': "
        "expected a point_id of plan_points.csv or whole-plan",
        "references.csv, row 8, column 'province_code', value 'IR-07x': "
        "expected the ISO 3166-2 code of a province (IR-00 to IR-30)",
        "shortcomings.csv, row 4, column 'recommendations', value '16': "
        "expected recommendation numbers from 1 to 15, separated by ;",
    ]


def test_unknown_cluster_and_undated_date(policy_copy, registry):
    edit(policy_copy, "plan_actions", 5, "cluster_ids", "tehran-leather;atlantis-gold")
    edit(policy_copy, "plan_actions", 6, "date", "2003")
    found = problems(policy_copy, cluster_ids=set(registry["cluster_id"]))
    assert found[0] == (
        "plan_actions.csv, row 5, column 'cluster_ids', value 'atlantis-gold': "
        "expected a cluster_id of the cluster registry"
    )
    assert found[1] == (
        "plan_actions.csv, row 6, column 'date', value '2003': expected 'date not given', "
        "or a date with the passage that gives it in date_quote"
    )


def test_duplicate_id_and_missing_column(policy_copy):
    edit(policy_copy, "statements", 3, "statement_id", "objectives-basis")
    assert problems(policy_copy) == [
        "statements.csv, row 3, column 'statement_id', value 'objectives-basis': "
        "expected a unique id: already used on row 2"
    ]
    frame = pd.read_csv(policy_copy / "cluster_types.csv", dtype=str)
    frame.drop(columns=["term_fa"]).to_csv(policy_copy / "cluster_types.csv", index=False)
    with pytest.raises(PolicyError, match=r"cluster_types\.csv: missing column\(s\) term_fa"):
        load_policy(policy_copy)


def test_missing_file_and_the_summary_in_persian(policy_copy):
    edit(policy_copy, "objectives", 7, "number", "seven")
    with pytest.raises(PolicyError) as info, use_language("fa"):
        load_policy(policy_copy)
    assert info.value.message.render("en").endswith(": 2 problems")
    assert "۲" in info.value.message.render("fa")
    (policy_copy / "references.csv").unlink()
    with pytest.raises(PolicyError, match=r"references\.csv: file not found"):
        load_policy(policy_copy)
