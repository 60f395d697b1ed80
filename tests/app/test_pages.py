"""Every page through Streamlit's AppTest: no exception, filters, download, URL."""

from __future__ import annotations

import html
import io

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
# Every page file, found on disk: a new page is smoke-tested without touching this file.
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
EXPECTED_IDS = {
    "pages/unido.py": {"tehran-leather", "tabriz-automobile-spare-parts", "lalejin-pottery"},
    "pages/ipi.py": {"yazd-textile", "yazd-ceramic"},
    "pages/imm.py": {"isfahan-stone"},
}


def open_app(page: str | None = None, query: dict | None = None, lang: str = "en") -> AppTest:
    """Run the app on ``page`` with ``query`` in the address, in ``lang``."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page and page != "pages/national_map.py":
        at.switch_page(page)  # open the page directly, as a shared link does
    at.run()
    assert not at.exception, at.exception
    return at


def query(at: AppTest, key: str) -> list[str]:
    """A query parameter's values as a list (AppTest gives a lone value as a string)."""
    value = at.query_params[key]
    return value if isinstance(value, list) else [value]


def shown(markdown: str) -> str:
    """What a reader sees of Markdown whose data text was made inert (character
    references, and invisible word joiners that break autolinks)."""
    return html.unescape(markdown).replace("\u2060", "")


def table_ids(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["Id"])


@pytest.fixture
def downloads(monkeypatch):
    """Record what each download button would hand the browser."""
    saved: list[tuple[bytes, str, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        saved.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_error(page):
    at = open_app(page)
    assert not at.error
    assert at.title


def test_home_shows_all_clusters():
    at = open_app()
    assert at.metric[0].value == "15 of 15"
    assert at.metric[1].value == "10"
    assert len(table_ids(at)) == 15


@pytest.mark.parametrize("page", sorted(EXPECTED_IDS))
def test_programme_pages_open_filtered(page):
    at = open_app(page)
    assert table_ids(at) == EXPECTED_IDS[page]
    assert at.metric[0].value == f"{len(EXPECTED_IDS[page])} of 15"
    quotes = [h.proto.body for h in at.get("html") if "<blockquote" in h.proto.body]
    assert len(quotes) == 1 and "Cooperation contract" in quotes[0]


def test_sector_filter_changes_the_table():
    at = open_app()
    at.multiselect(key="f_sector").set_value(["leather"]).run()
    assert table_ids(at) == {"tabriz-leather", "tehran-leather"}
    assert at.metric[0].value == "2 of 15"
    assert query(at, "sector") == ["leather"]


def test_text_search_in_persian():
    at = open_app()
    at.text_input(key="f_q").set_value("یزد").run()
    assert table_ids(at) == {"yazd-stone", "yazd-textile", "yazd-ceramic"}


def test_province_and_mapping_filters_then_reset():
    at = open_app()
    at.multiselect(key="f_province").set_value(["IR-10"]).run()
    at.radio(key="f_mapping").set_value("no").run()
    assert table_ids(at) == {"isfahan-stone"}
    assert query(at, "province") == ["IR-10"]
    assert query(at, "mapping") == ["no"]
    at.button[0].click().run()
    assert len(table_ids(at)) == 15
    assert "province" not in at.query_params


def test_empty_selection_says_so_and_draws_no_map():
    at = open_app()
    at.text_input(key="f_q").set_value("no such cluster").run()
    assert at.metric[0].value == "0 of 15"
    assert any("No cluster matches these filters" in i.value for i in at.info)
    assert not at.dataframe


def test_download_holds_the_filtered_rows(downloads):
    at = open_app("pages/ipi.py")
    data, mimetype, filename = downloads[-1]
    assert mimetype == "text/csv"
    assert filename == "iran-clusters_ipi.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert list(rows["cluster_id"]) == list(at.dataframe[0].value["Id"])


def test_query_string_sets_the_filters():
    at = open_app(query={"sector": ["leather", "stone"], "province": ["Esfahan"], "q": "stone"})
    assert table_ids(at) == {"isfahan-stone"}
    assert at.multiselect(key="f_sector").value == ["leather", "stone"]
    assert at.multiselect(key="f_province").value == ["IR-10"]
    assert at.text_input(key="f_q").value == "stone"


def test_bad_query_values_are_reported_not_fatal():
    at = open_app(query={"sector": ["<b>nope</b>"], "province": ["Atlantis"]})
    assert len(table_ids(at)) == 15
    texts = [shown(w.value) for w in at.sidebar.warning]
    assert "Link parameter sector='<b>nope</b>' is not a known sector; ignored." in texts
    assert any("province='Atlantis'" in t for t in texts)


def test_programme_page_keeps_other_filters_in_the_url():
    at = open_app("pages/unido.py", query={"sector": "leather"})
    assert table_ids(at) == {"tehran-leather"}
    assert query(at, "sector") == ["leather"]
    assert "programme" not in at.query_params


def test_broken_registry_shows_a_message(monkeypatch, tmp_path):
    bad = tmp_path / "clusters.csv"
    bad.write_text("cluster_id,name_en,sector,province,programme\nx,X,s,Atlantis,none\n")
    monkeypatch.setenv("CLUSTER_REGISTRY", str(bad))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.error[0].value == "The cluster data could not be loaded:"
    # The page renders in the interface language (Persian by default): the
    # problem names its column and value either way.
    assert "'province'" in at.code[0].value and "'Atlantis'" in at.code[0].value


def test_your_data_page_offers_templates(downloads):
    at = open_app("pages/your_data.py")
    names = [name for _, _, name in downloads]
    assert "cluster-registry-template.csv" in names
    assert "cluster-registry-template.xlsx" in names
    csv_bytes = next(d for d, _, n in downloads if n == "cluster-registry-template.csv")
    template = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig", dtype=str)
    assert list(template["cluster_id"]) == ["malayer-furniture"]
    assert not at.sidebar.multiselect  # no filters on this page


def test_uploaded_data_replaces_the_registry_for_this_session_only():
    from mapping.provinces import load_provinces
    from mapping.upload import validate_upload
    from tests.upload_corpus.make_corpus import FILES

    result = validate_upload(
        "hostile_html.csv", (FILES / "hostile_html.csv").read_bytes(), load_provinces()
    )
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["user_data"] = {
        "name": "hostile_html.csv",
        "mode": "replace",
        "registry": result.valid,
    }
    at.run()
    assert not at.exception
    assert at.metric[0].value == "2 of 2"
    banner = shown(at.sidebar.warning[0].value)
    assert "Showing your data: hostile_html.csv, 2 clusters instead of" in banner
    assert "<img src=x onerror=alert(1)>" in set(at.dataframe[0].value["Cluster"])
    # Another session (a fresh AppTest) still sees the bundled registry.
    other = open_app()
    assert other.metric[0].value == "15 of 15"
    # Going back restores the bundled registry.
    at.sidebar.button[0].click().run()
    assert at.metric[0].value == "15 of 15"
    assert not at.sidebar.warning


def test_international_page_filters_and_downloads(downloads):
    at = open_app("pages/international.py")
    assert at.metric[0].value == "20 of 20"
    assert len(at.expander) == 15  # the fifteen recommendations
    at.multiselect(key="c_type").set_value(["traditional manufacturing district"]).run()
    assert at.metric[0].value == "8 of 20"
    assert query(at, "type") == ["traditional manufacturing district"]
    data, _, filename = downloads[-1]
    assert filename == "international-clusters_type-traditional-manufacturing-district.csv"
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert len(rows) == 8
    assert set(rows["type"]) == {"traditional manufacturing district"}


def test_international_page_reads_the_url():
    at = open_app("pages/international.py", query={"country": ["IT", "MX"]})
    assert at.metric[0].value == "4 of 20"
    assert at.multiselect(key="c_country").value == ["IT", "MX"]
    assert at.selectbox(key="case_pick").value == "marche"


def test_filters_survive_a_visit_to_a_page_without_them():
    at = open_app()
    at.multiselect(key="f_sector").set_value(["leather"]).run()
    at.switch_page("pages/about.py")
    at.run()
    at.switch_page("pages/national_map.py")
    at.run()
    assert at.multiselect(key="f_sector").value == ["leather"]
    assert at.metric[0].value == "2 of 15"
