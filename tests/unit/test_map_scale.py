"""The map at any size: marker strategy, the wire format, the canvas payload,
the overlay that sessions share, and the geometry cache."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

from bench.synthetic import synthetic_registry
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map, build_cluster_overlay, marker_strategy, wire
from mapping.maps.elements import script_json
from mapping.maps.layers import geometry_json
from mapping.maps.points import PLACEMENT_BIT, canvas_payload
from mapping.maps.style import FULL_MARKER_LIMIT, NAME_LIMIT
from mapping.programmes import PROGRAMMES_BY_CODE, programme_styles
from mapping.registry import prepare_columns, validate_registry
from tests.maphtml import canvas_points, collections, drawn_count, legends

# Half a 16-bit step over the widest box a registry can have (Iran is about
# 20 degrees across), plus float slack.
IRAN_HALF_STEP_DEG = 20 / wire.QUANT_MAX / 2 + 1e-9


def synthetic(provinces, n, seed=3):
    result = validate_registry(
        prepare_columns(synthetic_registry(n, seed, provinces), "s"), provinces
    )
    assert result.issues == [], result.issues[:3]
    return result.valid


def decode(payload: dict) -> dict:
    """The payload's points as arrays, in payload order (the reference decoder)."""
    west, south, east, north = payload["box"]
    return {
        "lon": wire.dequantise(wire.unb64(payload["x"], "<u2"), west, east),
        "lat": wire.dequantise(wire.unb64(payload["y"], "<u2"), south, north),
        "p": wire.decode_codes(payload["p"]),
        "s": wire.decode_codes(payload["s"]),
        "v": wire.decode_codes(payload["v"]),
    }


def test_strategy_switches_at_the_limit():
    assert marker_strategy(0) == "markers"
    assert marker_strategy(FULL_MARKER_LIMIT) == "markers"
    assert marker_strategy(FULL_MARKER_LIMIT + 1) == "canvas"


def test_synthetic_registry_is_seeded_and_valid(provinces):
    a = synthetic_registry(500, 7, provinces)
    b = synthetic_registry(500, 7, provinces)
    assert a.equals(b)
    assert not a.equals(synthetic_registry(500, 8, provinces))
    valid = synthetic(provinces, 500, 7)
    assert len(valid) == 500
    assert 0.05 < valid["placement"].eq("province").mean() < 0.15
    assert valid["programme"].value_counts().idxmax() == "none"


# The wire format


def test_quantise_hand_computed():
    steps = wire.quantise(np.array([44.0, 54.0, 64.0]), 44.0, 64.0)
    assert steps.dtype == np.dtype("<u2")
    assert steps.tolist() == [0, 32768, 65535]  # 10 * 65535 / 20 = 32767.5, rounded to even
    assert wire.quantise(np.array([30.0, 30.0]), 30.0, 30.0).tolist() == [0, 0]
    assert wire.dequantise(np.array([0, 65535]), 44.0, 64.0).tolist() == [44.0, 64.0]


def test_quantise_round_trips_within_half_a_step():
    rng = np.random.default_rng(1)
    values = rng.uniform(25.0, 40.0, 10_000)
    low, high = values.min(), values.max()
    back = wire.dequantise(wire.unb64(wire.b64(wire.quantise(values, low, high)), "<u2"), low, high)
    assert np.abs(back - values).max() <= (high - low) / wire.QUANT_MAX / 2 + 1e-12


def test_codes_in_runs_when_that_is_smaller():
    runs = np.array([0] * 10 + [3] * 10)
    encoded = wire.encode_codes(runs)
    assert encoded["w"] == 1
    assert wire.unb64(encoded["v"], "<u1").tolist() == [0, 3]
    assert wire.unb64(encoded["n"], "<u4").tolist() == [10, 10]
    assert wire.decode_codes(encoded).tolist() == runs.tolist()
    # Alternating codes: a run each would be larger, so one value per point.
    alternating = wire.encode_codes(np.array([0, 1, 0, 1]))
    assert alternating["n"] is None
    assert wire.unb64(alternating["v"], "<u1").tolist() == [0, 1, 0, 1]


def test_codes_take_the_narrowest_width():
    assert wire.encode_codes(np.array([0, 255]))["w"] == 1
    wide = wire.encode_codes(np.array([0, 256, 70_000]))
    assert wide["w"] == 4
    assert wire.decode_codes(wide).tolist() == [0, 256, 70_000]
    assert wire.encode_codes(np.array([1, 300]))["w"] == 2
    assert wire.decode_codes(wire.encode_codes(np.array([], dtype=int))).tolist() == []


def test_negative_codes_are_refused():
    with pytest.raises(ValueError, match="codes must not be negative, got -1"):
        wire.encode_codes(np.array([0, -1]))


# The canvas payload


def test_canvas_payload_round_trips(provinces):
    clusters = clusters_to_points(synthetic(provinces, 1500), provinces)
    styles = programme_styles(clusters["programme"])
    payload = canvas_payload(clusters, styles)
    points = decode(payload)
    assert payload["n"] == len(points["lat"]) == 1500
    # Payload order is a permutation of the rows: match them by name.
    by_name = clusters.set_index("name_en")
    assert sorted(payload["names"]) == sorted(clusters["name_en"])  # 1500 <= NAME_LIMIT
    rows = by_name.loc[payload["names"]]
    assert np.abs(points["lat"] - rows["map_lat"].to_numpy()).max() <= IRAN_HALF_STEP_DEG
    assert np.abs(points["lon"] - rows["map_lon"].to_numpy()).max() <= IRAN_HALF_STEP_DEG
    colours = [payload["programmes"][c >> 1][1] for c in points["p"]]
    assert colours == [PROGRAMMES_BY_CODE[p].colour for p in rows["programme"]]
    at_province = (points["p"] & PLACEMENT_BIT) == 1
    assert (at_province == rows["placement"].eq("province").to_numpy()).all()
    assert [payload["sectors"][i] for i in points["s"]] == list(rows["sector"])
    assert [payload["provinces"][i].split(" · ")[0] for i in points["v"]] == list(rows["province"])


def test_canvas_payload_draws_the_commonest_programme_first(provinces):
    clusters = clusters_to_points(synthetic(provinces, 3000), provinces)
    payload = canvas_payload(clusters, programme_styles(clusters["programme"]))
    programmes = decode(payload)["p"] >> 1
    labels = [payload["programmes"][i][0] for i in programmes]
    assert labels[0] == PROGRAMMES_BY_CODE["none"].label_en
    # Sorted into runs: each programme's points are together.
    assert (np.diff(programmes) != 0).sum() == len(set(programmes.tolist())) - 1


def test_names_are_left_out_above_the_limit(provinces):
    clusters = clusters_to_points(synthetic(provinces, NAME_LIMIT + 1), provinces)
    assert canvas_payload(clusters, programme_styles(clusters["programme"]))["names"] is None


def test_canvas_payload_escapes_every_text(provinces):
    clusters = clusters_to_points(synthetic(provinces, 600), provinces)
    clusters.loc[clusters.index[0], "sector"] = "<script>x</script>"
    clusters.loc[clusters.index[1], "name_en"] = "<img src=x onerror=alert(1)>"
    clusters.loc[clusters.index[2], ["province", "province_fa"]] = ["a&b", "<b>fa</b>"]
    clusters.loc[clusters.index[3], "programme"] = "<i>GIZ</i>"
    payload = canvas_payload(clusters, programme_styles(clusters["programme"]))
    assert "&lt;script&gt;x&lt;/script&gt;" in payload["sectors"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in payload["names"]
    hostile_province = "a&amp;b · <span dir='rtl' lang='fa'>&lt;b&gt;fa&lt;/b&gt;</span>"
    assert hostile_province in payload["provinces"]
    assert ["&lt;i&gt;GIZ&lt;/i&gt;", programme_styles(["<i>GIZ</i>"])["<i>GIZ</i>"].colour] in (
        payload["programmes"]
    )
    texts = [*payload["sectors"], *payload["names"], *(p[0] for p in payload["programmes"])]
    assert not any("<" in t or ">" in t for t in texts)
    # The only markup in the province labels is our own span.
    assert all(
        re.fullmatch(r"[^<>]* · <span dir='rtl' lang='fa'>[^<>]*</span>", p)
        for p in payload["provinces"]
    )


def test_canvas_payload_speaks_persian(provinces):
    clusters = clusters_to_points(synthetic(provinces, 500), provinces)
    styles = programme_styles(clusters["programme"])
    payload = canvas_payload(clusters, styles, lang="fa")
    points = decode(payload)
    by_name = clusters.set_index("name_fa")
    assert sorted(payload["names"]) == sorted(clusters["name_fa"])
    rows = by_name.loc[payload["names"]]
    labels = [payload["programmes"][c >> 1][0] for c in points["p"]]
    assert labels == [styles[p].label("fa") for p in rows["programme"]]
    assert labels[0] != styles[rows["programme"].iloc[0]].label("en")
    assert [payload["sectors"][i] for i in points["s"]] == list(rows["sector_fa"])
    # A province in Persian is its Persian name alone, no English beside it.
    assert [payload["provinces"][i] for i in points["v"]] == list(rows["province_fa"])


def test_canvas_payload_carries_radii_in_point_order(provinces):
    clusters = clusters_to_points(synthetic(provinces, 800), provinces)
    styles = programme_styles(clusters["programme"])
    assert canvas_payload(clusters, styles)["r"] is None
    radii = np.where(clusters["placement"].eq("province"), 3.04, 6.51)
    payload = canvas_payload(clusters, styles, radii=radii)
    points = decode(payload)
    sent = wire.decode_codes(payload["r"]) / 10
    expected = np.where(points["p"] & PLACEMENT_BIT, 3.0, 6.5)
    assert np.array_equal(sent, expected)


def test_density_view_is_sent_only_for_many_points(provinces):
    small = clusters_to_points(synthetic(provinces, 2000), provinces)
    assert canvas_payload(small, programme_styles(small["programme"]))["hex"] == []
    large = clusters_to_points(synthetic(provinces, 10_000), provinces)
    levels = canvas_payload(large, programme_styles(large["programme"]))["hex"]
    assert len(levels) == 2  # 10,000 points: one zoom step to thin out, and one more
    for level in levels:
        n_hexagons = len(wire.decode_codes(level["q"]))
        assert len(wire.decode_codes(level["r"])) == n_hexagons
        assert set(wire.decode_codes(level["c"]).tolist()) <= set(range(len(level["classes"])))


# The overlay, the legend, the map


def test_large_map_uses_canvas_and_stays_small(provinces):
    registry = synthetic(provinces, 5000)
    m = build_cluster_map(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    html = m.get_root().render()
    ((payload, options),) = canvas_points(html)
    assert payload["n"] == 5000 and len(wire.unb64(payload["x"], "<u2")) == 5000
    assert options["texts"]["findInTable"].startswith("Find it in the table")
    assert [len(c["features"]) for c in collections(html)] == [31]  # no marker layer
    assert '"profile":' not in html
    assert drawn_count(html) == 5000
    # The 31 OpenStreetMap outlines with their tooltips are about 165 KB of it,
    # the 5,000 points with their density view about 50 KB.
    assert len(html.encode()) < 240 * 1024
    (legend,) = legends(html)
    assert "cm cm-ring" in legend  # the ring used for province-level points
    assert "class='legend-density' data-level='0'" in legend  # 5,000 points: a density view


def test_small_map_uses_markers(provinces, registry):
    m = build_cluster_map(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    html = m.get_root().render()
    assert canvas_points(html) == []
    assert drawn_count(html) == 15
    assert "legend-density" not in legends(html)[0]


def test_density_legend_has_each_levels_classes(provinces):
    registry = synthetic(provinces, 12_000)
    overlay = build_cluster_overlay(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    payload = json.loads(overlay.points_json)
    for level, data in enumerate(payload["hex"]):
        block = re.search(
            rf"<div class='legend-density' data-level='{level}'>(.*?)</div></div>", overlay.legend
        )
        assert block is not None, level
        assert "Clusters per hexagon" in block.group(1)
        labels = re.findall(r">([\d–]+)</span>", block.group(1))
        expected = [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in data["classes"]]
        assert labels == expected


def test_overlay_is_immutable_and_gives_fresh_groups(provinces):
    registry = synthetic(provinces, 800)
    overlay = build_cluster_overlay(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        overlay.drawn = 3  # type: ignore[misc]
    first, second = overlay.groups(), overlay.groups()
    assert [g.layer_name for g in first] == ["Provinces", "Clusters", "view"]
    assert [g.control for g in first] == [True, True, False]
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert overlay.size > len(overlay.points_json)


def test_province_tooltip_lists_a_few_names_and_counts_the_rest(provinces):
    registry = synthetic(provinces, 3000)
    summary = summarise_provinces(provinces, registry, names_per_province=12)
    overlay = build_cluster_overlay(summary, clusters_to_points(registry, provinces))
    features = json.loads(overlay.provinces_json)["features"]
    busiest = summary.sort_values("cluster_count").iloc[-1]
    tip = next(f for f in features if f["properties"]["iso_code"] == busiest["iso_code"])
    tooltip = tip["properties"]["tooltip"]
    assert tooltip.count("<li>Synthetic ") == 12
    assert f"… and {busiest['cluster_count'] - 12} more" in tooltip
    assert len(busiest["cluster_names_en"].split("; ")) == 12


def test_summary_keeps_every_name_by_default(provinces, registry):
    full = summarise_provinces(provinces, registry).set_index("iso_code")
    few = summarise_provinces(provinces, registry, names_per_province=1).set_index("iso_code")
    assert (full["cluster_count"] == few["cluster_count"]).all()
    assert full.loc["IR-13", "cluster_names_en"].count("; ") == 2  # Hamadan: three names
    assert (
        few.loc["IR-13", "cluster_names_en"] == full.loc["IR-13", "cluster_names_en"].split("; ")[0]
    )


def test_geometry_is_serialised_once(provinces):
    first = geometry_json(provinces)
    again = geometry_json(provinces.copy())
    assert again is first
    assert len(first) == 31
    assert json.loads(first[0])["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a'b", "x&y", "\u2028line"])
def test_script_json_cannot_close_the_script(text):
    out = str(script_json({"t": text}))
    assert not re.search(r"[<>&'\u2028]", out)
    assert json.loads(out) == {"t": text}


def test_script_json_keeps_persian_compact():
    assert str(script_json(["همدان"])) == '["همدان"]'


@pytest.mark.parametrize("size", [15, 600])
def test_text_that_looks_like_a_template_stays_text(provinces, registry, size):
    """folium compiles rendered scripts as Jinja templates: a cluster named
    ``{{ 7*7 }}`` must not be evaluated, nor ``{% broken`` break the map."""
    clusters = registry if size == 15 else synthetic(provinces, size)
    clusters = clusters.copy()
    clusters.loc[clusters.index[0], "name_en"] = "{{ 7*7 }} sum"
    clusters.loc[clusters.index[1], "sector"] = "{% broken {# comment"
    clusters.loc[clusters.index[2], "programme"] = "{{ 6*7 }} partner"
    html = (
        build_cluster_map(
            summarise_provinces(provinces, clusters), clusters_to_points(clusters, provinces)
        )
        .get_root()
        .render()
    )
    assert "49 sum" not in html and "42 partner" not in html
    assert "\\u007b{ 7*7 }} sum" in html or size > NAME_LIMIT
    assert "\\u007b% broken \\u007b# comment" in html
    assert "\\u007b{ 6*7 }} partner" in html


def test_streamlit_folium_gets_the_overlay_as_layer_groups(provinces, monkeypatch):
    """What the app sends: the base map's script, and the overlay as dynamic
    layer groups plus a layer switcher that lists them."""
    import folium
    import streamlit_folium

    from mapping.maps import cluster_base_map

    sent = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    clusters = synthetic(provinces, 800)
    clusters.loc[clusters.index[0], "name_en"] = "{{ 7*7 }}"
    overlay = build_cluster_overlay(
        summarise_provinces(provinces, clusters), clusters_to_points(clusters, provinces)
    )
    streamlit_folium.st_folium(
        cluster_base_map(),
        key="map",
        returned_objects=[],
        feature_group_to_add=overlay.groups(),
        layer_control=folium.LayerControl(),
    )
    assert "clusterPoints" not in sent["script"] and "featureLayer" not in sent["script"]
    groups = sent["feature_group"]
    assert groups.count("IranClusterMap.featureLayer(") == 1  # provinces
    assert groups.count("IranClusterMap.clusterPoints(") == 1
    assert "IranClusterMap.markDrawn(feature_group_feature_group_2, 800);" in groups
    assert '"Provinces"' in sent["layer_control"] and '"Clusters"' in sent["layer_control"]
    links = sent["js_links"]
    # The wire decoder loads before the layer that uses it.
    assert links.index("/app/static/map/wire.js") < links.index("/app/static/map/points.js")
    # The same base for every selection: streamlit-folium keeps the map on the page.
    again = dict(sent)
    other = build_cluster_overlay(
        summarise_provinces(provinces, clusters.iloc[:500]),
        clusters_to_points(clusters.iloc[:500], provinces),
    )
    streamlit_folium.st_folium(
        cluster_base_map(), key="map", returned_objects=[], feature_group_to_add=other.groups()
    )
    assert sent["key"] == again["key"] and sent["script"] == again["script"]
    assert sent["feature_group"] != again["feature_group"]


@pytest.mark.parametrize("size", [15, 900])  # markers, canvas
def test_points_without_geometry_give_the_same_overlay(provinces, registry, size):
    registry = registry if size == 15 else synthetic(provinces, size)
    summary = summarise_provinces(provinces, registry)
    plain = clusters_to_points(registry, provinces, geometry=False)
    assert "geometry" not in plain.columns and len(plain) == size
    assert build_cluster_overlay(summary, plain) == build_cluster_overlay(
        summary, clusters_to_points(registry, provinces)
    )
