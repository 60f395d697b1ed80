"""CSV export, file names, the URL query string and the served assets."""

from __future__ import annotations

import io

import folium
import pandas as pd
import pytest
from folium import plugins

from mapping.assets import localise_assets, served_files, sync_static_assets
from mapping.export import (
    clusters_to_csv,
    export_filename,
    neutralise_formula,
    table_frame,
)
from mapping.filters import ClusterFilter, apply_filter
from mapping.profile import cluster_profile, profile_html
from mapping.query_state import (
    basemap_from_query,
    basemap_to_query,
    filter_from_query,
    filter_to_query,
)

# ---------------------------------------------------------------- export


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_csv_has_bom_and_keeps_persian(registry):
    data = clusters_to_csv(registry)
    assert data.startswith(b"\xef\xbb\xbf")
    back = read_back(data)
    assert len(back) == 15
    assert back.loc[0, "name_fa"] == "خوشه صنعتی قطعات خودرو تبریز"
    assert b"\r\n" in data


def test_csv_rows_equal_table_rows(registry):
    shown = apply_filter(registry, ClusterFilter(programme=("UNIDO",)))
    back = read_back(clusters_to_csv(shown))
    table = table_frame(shown)
    assert list(back["cluster_id"]) == list(table["Id"])
    assert list(back["name_en"]) == list(table["Cluster"])


def test_csv_round_trips_coordinates_and_flags(registry):
    back = read_back(clusters_to_csv(registry)).set_index("cluster_id")
    assert back.loc["bam-date", "latitude"] == "29.106"
    assert back.loc["hormozgan-fishing", "latitude"] == ""
    assert back.loc["isfahan-stone", "in_national_mapping"] == "no"
    assert back.loc["isfahan-stone", "province_code"] == "IR-10"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("leather", "leather"),
        (3.5, 3.5),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_export_neutralises_formulas(registry):
    hostile = registry.head(1).copy()
    hostile["name_en"] = "=cmd|' /C calc'!A0"
    back = read_back(clusters_to_csv(hostile))
    assert back.loc[0, "name_en"] == "'=cmd|' /C calc'!A0"


def test_filename_says_what_was_filtered():
    assert export_filename(ClusterFilter()) == "iran-clusters_all.csv"
    f = ClusterFilter(sector=("leather",), province=("IR-23",), mapping="yes", programme=("UNIDO",))
    assert export_filename(f) == (
        "iran-clusters_unido_sector-leather_province-ir-23_national-mapping-yes.csv"
    )
    assert export_filename(ClusterFilter(q="چرم / x")) == "iran-clusters_search-x.csv"


def test_table_marks_province_only(registry):
    table = table_frame(registry).set_index("Id")
    assert table.loc["markazi-rail-spare-parts", "Town"] == "(province only)"
    assert table.loc["yazd-textile", "Programme"] == "IPI (Italy)"


# ---------------------------------------------------------------- profile


def test_profile_has_every_field_with_a_source(registry):
    row = registry.set_index("cluster_id", drop=False).loc["lalejin-pottery"]
    fields = {f.label: f for f in cluster_profile(row)}
    assert fields["Name in the source"].value == "Laljin industrial cluster of Pottery"
    assert fields["Programme"].value == "UNIDO, cooperation contract"
    assert fields["Coordinates"].value == "34.9746 N, 48.4758 E"
    assert fields["Coordinates"].source.startswith("GeoNames 125961")
    assert fields["ISIC Rev.4"].source == "This project's classification, not the source's"
    assert all(f.source for f in fields.values())


def test_profile_of_province_level_cluster(registry):
    row = registry.set_index("cluster_id", drop=False).loc[
        "khuzestan-oil-gas-petrochemical-equipment"
    ]
    fields = {f.label: f.value for f in cluster_profile(row)}
    assert fields["Town"] == "Not stated: the source names only the province"
    assert fields["Coordinates"].startswith("None:")


def test_profile_html_escapes(registry):
    row = registry.iloc[0].copy()
    row["notes"] = "<script>alert(1)</script>"
    html = profile_html(row)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- query string


def as_lists(params: dict) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def test_query_round_trip(registry):
    f = ClusterFilter(
        sector=("leather", "oil, gas and petrochemical equipment"),
        programme=("UNIDO",),
        province=("IR-23", "IR-03"),
        mapping="yes",
        q="چرم",
    )
    params = as_lists({**filter_to_query(f), **basemap_to_query("osm")})
    assert filter_from_query(params, registry, ClusterFilter) == (f, [])
    assert basemap_from_query(params) == ("osm", [])


def test_fixed_filters_stay_out_of_the_query(registry):
    f = ClusterFilter(programme=("IPI",), sector=("textile",))
    assert filter_to_query(f, fixed={"programme"}) == {"sector": ["textile"]}
    read, _ = filter_from_query({"programme": ["UNIDO"]}, registry, ClusterFilter, {"programme"})
    assert read["programme"] == ()


def test_empty_filter_gives_empty_query():
    assert filter_to_query(ClusterFilter()) == {}


def test_query_accepts_province_spellings_and_programme_aliases(registry):
    f, warnings = filter_from_query(
        {"province": ["Esfahan", "استان همدان", "IR-23"], "programme": ["یونیدو", "ipi"]},
        registry,
        ClusterFilter,
    )
    assert f["province"] == ("IR-10", "IR-13", "IR-23")
    assert f["programme"] == ("UNIDO", "IPI")
    assert warnings == []


def test_query_warns_about_unknown_values(registry):
    f, warnings = filter_from_query(
        {
            "sector": ["leather", "<script>"],
            "programme": ["WTO"],
            "province": ["Atlantis"],
            "mapping": ["maybe"],
        },
        registry,
        ClusterFilter,
    )
    assert f == ClusterFilter(sector=("leather",))
    assert [str(w) for w in warnings] == [
        "Link parameter sector='<script>' is not a known sector; ignored.",
        "Link parameter programme='WTO' is not a known programme; ignored.",
        "Link parameter province='Atlantis': unknown province 'Atlantis'.; ignored.",
        "Link parameter mapping='maybe' should be yes or no; ignored.",
    ]
    basemap, warnings = basemap_from_query({"basemap": ["google"]})
    assert basemap == "none"
    assert [str(w) for w in warnings] == [
        "Link parameter basemap='google' is not a known basemap; ignored."
    ]


def test_query_text_is_capped(registry):
    f, _ = filter_from_query({"q": ["x" * 5000]}, registry, ClusterFilter)
    assert len(f["q"]) == 200


# ---------------------------------------------------------------- assets


def test_sync_copies_leaflet(tmp_path):
    written = sync_static_assets(tmp_path)
    names = {p.name for p in written}
    assert {"leaflet.js", "leaflet.css", "markercluster.js", "layers.png"} <= names
    assert sync_static_assets(tmp_path) == []  # idempotent
    for url in served_files():
        assert (tmp_path / url.removeprefix("/app/static/")).is_file()


def test_localise_rejects_unknown_cdn_plugins():
    m = folium.Map(tiles=None)
    plugins.Fullscreen().add_to(m)
    with pytest.raises(ValueError, match=r"Fullscreen needs .* not served locally"):
        localise_assets(m)


def test_localise_marker_cluster():
    m = folium.Map(tiles=None)
    plugins.MarkerCluster().add_to(m)
    html = localise_assets(m).get_root().render()
    assert "/app/static/vendor/markercluster/markercluster.js" in html
    assert "cdnjs" not in html and "jsdelivr" not in html
