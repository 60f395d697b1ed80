"""Size-dependent marker strategies, compact encoding and the geometry cache."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from bench.synthetic import synthetic_registry
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map, marker_strategy
from mapping.maps.cluster_map import compact_payload
from mapping.maps.elements import script_json
from mapping.maps.layers import geometry_json
from mapping.maps.style import COORD_SCALE, FULL_MARKER_LIMIT, NAME_LIMIT, PROVINCE_FLAG
from mapping.programmes import PROGRAMMES_BY_CODE, programme_styles
from mapping.registry import prepare_columns, validate_registry
from tests.maphtml import collections, compact_points, drawn_count, legends


def synthetic(provinces, n, seed=3):
    result = validate_registry(
        prepare_columns(synthetic_registry(n, seed, provinces), "s"), provinces
    )
    assert result.issues == [], result.issues[:3]
    return result.valid


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


def test_compact_payload_round_trips(provinces):
    clusters = clusters_to_points(synthetic(provinces, 1500), provinces)
    payload = compact_payload(clusters, programme_styles(clusters["programme"]))
    lat = np.array(payload["lat"]) / COORD_SCALE
    lon = np.array(payload["lon"]) / COORD_SCALE
    assert np.abs(lat - clusters["map_lat"].to_numpy()).max() <= 0.5 / COORD_SCALE + 1e-12
    assert np.abs(lon - clusters["map_lon"].to_numpy()).max() <= 0.5 / COORD_SCALE + 1e-12
    codes = np.array(payload["p"])
    programme = [payload["programmes"][c % PROVINCE_FLAG] for c in codes]
    for (_label, colour), expected in zip(programme, clusters["programme"], strict=True):
        assert colour == PROGRAMMES_BY_CODE[expected].colour
    at_province = codes >= PROVINCE_FLAG
    assert (at_province == clusters["placement"].eq("province").to_numpy()).all()
    sectors = [payload["sectors"][i] for i in payload["s"]]
    assert sectors == list(clusters["sector"])
    assert payload["names"] == list(clusters["name_en"])  # 1500 <= NAME_LIMIT


def test_names_are_left_out_above_the_limit(provinces):
    clusters = clusters_to_points(synthetic(provinces, NAME_LIMIT + 1), provinces)
    assert compact_payload(clusters, programme_styles(clusters["programme"]))["names"] is None


def test_compact_payload_escapes_text(provinces):
    clusters = clusters_to_points(synthetic(provinces, 600), provinces)
    clusters.loc[clusters.index[0], "sector"] = "<script>x</script>"
    clusters.loc[clusters.index[1], "name_en"] = "<img src=x onerror=alert(1)>"
    payload = compact_payload(clusters, programme_styles(clusters["programme"]))
    assert "&lt;script&gt;x&lt;/script&gt;" in payload["sectors"]
    assert payload["names"][1] == "&lt;img src=x onerror=alert(1)&gt;"


def test_large_map_uses_canvas_and_stays_small(provinces):
    registry = synthetic(provinces, 5000)
    m = build_cluster_map(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    html = m.get_root().render()
    ((payload, options),) = compact_points(html)
    assert len(payload["lat"]) == 5000 and options["scale"] == COORD_SCALE
    assert [len(c["features"]) for c in collections(html)] == [31]  # no marker layer
    assert '"profile":' not in html
    assert drawn_count(html) == 5000
    # About 135 KB of it are the OpenStreetMap province outlines; the points stay compact.
    assert len(html.encode()) < 300 * 1024
    assert "cm cm-ring" in legends(html)[0]  # the ring used for province-level points


def test_small_map_uses_markers(provinces, registry):
    m = build_cluster_map(
        summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
    )
    html = m.get_root().render()
    assert compact_points(html) == []
    assert drawn_count(html) == 15


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
