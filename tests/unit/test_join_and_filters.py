"""The join to provinces and the pure filters."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from mapping.filters import ClusterFilter, apply_filter
from mapping.join import clusters_to_points, summarise_provinces
from mapping.search import search_key


def test_summary_keeps_all_provinces_with_zero_counts(provinces, registry):
    summary = summarise_provinces(provinces, registry)
    assert len(summary) == 31
    counts = dict(zip(summary["name_en"], summary["cluster_count"], strict=True))
    assert counts["Hamadan"] == 3
    assert counts["Yazd"] == 3
    assert counts["East Azerbaijan"] == 2
    assert counts["Alborz"] == 0
    assert summary["cluster_count"].sum() == 15
    assert (summary["cluster_count"] > 0).sum() == 10
    empty = summary[summary["cluster_count"].eq(0)]
    assert (empty["cluster_names_en"] == "").all()


def test_summary_lists_names(provinces, registry):
    summary = summarise_provinces(provinces, registry).set_index("name_en")
    assert summary.loc["Hamadan", "cluster_names_en"] == (
        "Malayer furniture cluster; Razan rubber parts cluster; Lalejin pottery cluster"
    )
    assert "خوشه صنعتی سفال لالجین" in summary.loc["Hamadan", "cluster_names_fa"]


def test_summary_of_an_empty_selection(provinces, registry):
    summary = summarise_provinces(provinces, registry.iloc[0:0])
    assert len(summary) == 31
    assert summary["cluster_count"].eq(0).all()


def test_unknown_province_code_is_reported(provinces, registry):
    bad = registry.copy()
    bad.loc[0, "province_code"] = "IR-99"
    with pytest.raises(ValueError, match=r"province codes not in the geometry: \['IR-99'\]"):
        summarise_provinces(provinces, bad)
    with pytest.raises(ValueError, match="IR-99"):
        clusters_to_points(bad, provinces)


def test_points_keep_order_and_place_towns_at_coordinates(provinces, registry):
    points = clusters_to_points(registry, provinces)
    assert list(points["cluster_id"]) == list(registry["cluster_id"])
    assert str(points.crs) == "EPSG:4326"
    tabriz = points.set_index("cluster_id").loc["tabriz-leather"]
    assert (tabriz["map_lat"], tabriz["map_lon"]) == (38.08, 46.2919)


def test_province_level_clusters_stand_inside_their_province(provinces, registry):
    points = clusters_to_points(registry, provinces)
    outlines = provinces.set_index("iso_code").geometry
    at_province = points[points["placement"].eq("province")]
    assert len(at_province) == 3
    for row in at_province.itertuples():
        assert outlines[row.province_code].contains(row.geometry)
        assert pd.isna(row.latitude)  # the registry's own coordinates stay empty
    # The same point on every call.
    again = clusters_to_points(registry, provinces)
    assert shapely.equals(points.geometry.values, again.geometry.values).all()


def names(frame):
    return set(frame["cluster_id"])


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (ClusterFilter(programme=("IPI",)), {"yazd-textile", "yazd-ceramic"}),
        (ClusterFilter(sector=("leather",)), {"tabriz-leather", "tehran-leather"}),
        (ClusterFilter(province=("IR-21",)), {"yazd-stone", "yazd-textile", "yazd-ceramic"}),
        (ClusterFilter(mapping="no"), {"isfahan-stone"}),
        (ClusterFilter(sector=("stone",), mapping="yes"), {"yazd-stone"}),
        (ClusterFilter(sector=("leather",), programme=("UNIDO",)), {"tehran-leather"}),
        (ClusterFilter(q="Laljin"), {"lalejin-pottery"}),
        (ClusterFilter(q="چرم"), {"tabriz-leather", "tehran-leather"}),
        (ClusterFilter(q="چرم تبريز"), {"tabriz-leather"}),  # Arabic yeh in the query
        (ClusterFilter(q="  YAZD  textile "), {"yazd-textile"}),
        (ClusterFilter(programme=("IMM",), province=("IR-21",)), set()),
    ],
)
def test_filters(registry, f, expected):
    assert names(apply_filter(registry, f)) == expected


def test_empty_filter_keeps_everything_in_order(registry):
    out = apply_filter(registry, ClusterFilter())
    assert list(out["cluster_id"]) == list(registry["cluster_id"])
    assert ClusterFilter().is_empty
    assert not ClusterFilter(q="x").is_empty


def test_filter_does_not_modify_input(registry):
    before = registry.copy()
    out = apply_filter(registry, ClusterFilter(programme=("UNIDO",)))
    out.loc[out.index[0], "name_en"] = "changed"
    pd.testing.assert_frame_equal(registry, before)


def test_text_is_literal_not_regex(registry):
    assert apply_filter(registry, ClusterFilter(q=".*")).empty


def test_bad_mapping_choice():
    with pytest.raises(ValueError, match="mapping must be one of"):
        ClusterFilter(mapping="maybe")


def test_search_key_folds_case_diacritics_and_persian():
    assert search_key("Jūybār") == "juybar"
    assert search_key("كيك  Tabriz") == "کیک tabriz"


def test_precomputed_search_text_gives_the_same_results(registry):
    from mapping.search import with_search_text

    indexed = with_search_text(registry)
    for text in ["leather", "چرم", "laljin", "Yazd textile", "nothing"]:
        f = ClusterFilter(q=text)
        assert list(apply_filter(indexed, f)["cluster_id"]) == list(
            apply_filter(registry, f)["cluster_id"]
        )
    assert "search_text" not in registry.columns


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Esfahan", {"isfahan-stone"}),  # a transliteration of the province
        ("Ispahan", {"isfahan-stone"}),
        ("اصفهان", {"isfahan-stone"}),
        ("Hamedan", {"malayer-furniture", "razan-rubber-parts", "lalejin-pottery"}),
        ("نساجي", {"yazd-textile"}),  # Arabic yeh, the Persian sector name
        ("خوشه\u200cصنعتی سرامیک", {"yazd-ceramic"}),  # zero-width non-joiner
    ],
)
def test_search_in_either_language_and_any_spelling(registry, text, ids):
    from mapping.search import with_search_text

    for frame in (registry, with_search_text(registry)):
        assert set(apply_filter(frame, ClusterFilter(q=text))["cluster_id"]) == ids
