"""The pipeline and province pages, the demonstration registry and location quotients (AppTest)."""

from __future__ import annotations

import pytest

from tests.app.test_pages import open_app, query, shown

PIPELINE = "pages/pipeline.py"
PROVINCE = "pages/province.py"
YOUR_DATA = "pages/your_data.py"
EMPLOYMENT_CSV = (
    b"province,isic_division,employment\n"
    b"Hamadan,31,300\nHamadan,13,100\nYazd,31,100\nYazd,13,500\nYazd,99x,5\n"
)


def load_demo(at):
    """Press the Your data page's demonstration button and rerun."""
    [button] = [b for b in at.button if b.label == "Load the synthetic demonstration registry"]
    button.click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_pipeline_counts_the_bundled_clusters_as_not_stated(lang):
    at = open_app(PIPELINE, lang=lang)
    assert not at.error
    reference = at.dataframe[-1].value
    assert len(reference) == 3  # the three June 2015 figures
    figures = list(reference.iloc[:, 1])
    assert figures == (["۴۲۹", "۱۲۹", "۱۰۵"] if lang == "fa" else ["429", "129", "105"])
    # No stage is given for the bundled 15: the list behind "not stated" holds them all.
    at.selectbox(key="pipeline_stage").set_value("not-stated").run()
    assert len(at.dataframe[0].value) == 15


def test_pipeline_lists_the_clusters_behind_a_stage_of_a_province():
    at = open_app(YOUR_DATA)
    load_demo(at)
    at.switch_page(PIPELINE).run()
    assert not at.exception, at.exception
    at.radio(key="pipeline_breakdown").set_value("province_code").run()
    at.selectbox(key="pipeline_group").set_value("IR-21").run()
    at.selectbox(key="pipeline_stage").set_value("identified").run()
    behind = at.dataframe[1].value
    assert len(behind) > 0
    assert set(behind["Province"]) == {"Yazd"}
    heading = at.subheader[0].value
    assert heading.startswith(f"{len(behind)} cluster")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_province_profile_from_its_link(lang):
    at = open_app(PROVINCE, {"province": "Hamadan"}, lang=lang)
    assert not at.error
    assert at.multiselect(key="province_pick").value == ["IR-13"]
    assert query(at, "province") == ["IR-13"]
    assert at.header[0].value == ("همدان" if lang == "fa" else "Hamadan")
    texts = " ".join(h.value for h in at.metric)
    assert ("ذکر نشده" if lang == "fa" else "not stated") in texts
    # The paper's two studies about Hamadan: the Malayer furniture feasibility study
    # (attached to the cluster) and the Hamadan clusters study (attached to the province).
    page = " ".join(str(getattr(e, "body", "")) for e in at.get("html"))
    assert "Malayer" in page or "ملایر" in page
    assert "Hamadan" in page or "همدان" in page


def test_several_provinces_are_compared_and_kept_in_the_link():
    at = open_app(PROVINCE, {"province": ["IR-13", "Yazd", "Tehran", "Fars", "Gilan"]})
    assert at.multiselect(key="province_pick").value == ["IR-13", "IR-21", "IR-23", "IR-07"]
    assert [shown(w.value) for w in at.warning] == [
        "At most 4 provinces are compared; Gilan is left out."
    ]
    assert query(at, "province") == ["IR-13", "IR-21", "IR-23", "IR-07"]
    table = at.dataframe[0].value
    assert list(table.columns) == ["Hamadan", "Yazd", "Tehran", "Fars"]
    assert table.loc["Clusters", "Yazd"] == "3"
    at.multiselect(key="province_pick").unselect("IR-07").run()
    assert query(at, "province") == ["IR-13", "IR-21", "IR-23"]


def test_the_demonstration_registry_is_labelled_on_every_page():
    at = open_app(YOUR_DATA)
    load_demo(at)
    for page in ("pages/national_map.py", PIPELINE, PROVINCE, "pages/about.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        banners = [shown(w.value) for w in at.warning]
        assert any(b.startswith("Synthetic — not real data") for b in banners), (page, banners)
    [back] = [b for b in at.sidebar.button if b.label == "Back to the bundled registry"]
    back.click().run()
    assert not any("Synthetic" in shown(w.value) for w in at.warning)


def test_location_quotients_from_an_uploaded_table():
    at = open_app(PROVINCE, {"province": ["Hamadan", "Yazd"]})
    # AppTest cannot drive a file uploader; the page reads the session's table.
    from mapping.specialisation import read_employment

    table = read_employment("employment.csv", EMPLOYMENT_CSV)
    at.session_state["employment_table"] = {
        "key": "x",
        "name": "employment.csv",
        "table": table,
        "error": None,
    }
    at.run()
    assert not at.exception, at.exception
    problems = at.dataframe[-2].value
    assert list(problems["Column"]) == ["isic_division"] and list(problems["Value"]) == ["99x"]
    lq = at.dataframe[-1].value
    # Hamadan: 300/400 in furniture; nationally 400/1000 -> 0.75 / 0.4 = 1.875.
    assert lq.loc["31 Manufacture of furniture", "Hamadan"] == "1.88"
    # Yazd: 500/600 in textiles; nationally 600/1000 -> 0.8333 / 0.6 = 1.389.
    assert lq.loc["13 Manufacture of textiles", "Yazd"] == "1.39"
    assert any("LQ" in latex.value for latex in at.latex)


def test_the_map_measure_and_marker_size_travel_in_the_link():
    at = open_app(query={"measure": "firms", "size": "employees"})
    assert at.selectbox(key="map_measure").value == "firms"
    assert at.selectbox(key="map_size").value == "employees"
    assert query(at, "measure") == ["firms"] and query(at, "size") == ["employees"]
    at.selectbox(key="map_measure").set_value("clusters").run()
    assert "measure" not in at.query_params and query(at, "size") == ["employees"]


def test_an_unknown_measure_in_the_link_is_ignored_with_a_warning():
    at = open_app(query={"measure": "exports"})
    assert at.selectbox(key="map_measure").value == "clusters"
    assert any(
        shown(w.value).startswith("Link parameter measure='exports' should be clusters or firms")
        for w in at.warning
    )
