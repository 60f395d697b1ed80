"""Map measures: values per province, unknown figures said as such, marker sizes, the link."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map, wire
from mapping.maps.measure_layer import province_popup
from mapping.measures import MEASURES, marker_sizes, province_measure
from tests.maphtml import canvas_points, layer_with, legends


@pytest.fixture
def tracked(registry):
    """The bundled clusters with some figures and stages filled (copies; the fixture is shared)."""
    out = registry.copy()
    out["firms"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["employees"] = pd.array([pd.NA] * len(out), dtype="Int64")
    yazd = out.index[out["province_code"].eq("IR-21")]
    out.loc[yazd[:2], "firms"] = [100, 50]  # the third Yazd cluster gives none
    out.loc[out["cluster_id"].eq("tehran-leather"), "firms"] = 400
    out.loc[out["cluster_id"].eq("tehran-leather"), "employees"] = 9000
    out.loc[yazd, "stage"] = ["implementation", "completed", ""]
    return out


def by_code(frame, column):
    return frame.set_index("iso_code")[column].to_dict()


def test_firms_per_province_count_unknown_clusters(provinces, tracked):
    out = province_measure(summarise_provinces(provinces, tracked), tracked, "firms")
    assert by_code(out, "measure_value")["IR-21"] == 150
    assert by_code(out, "measure_unknown")["IR-21"] == 1
    assert by_code(out, "measure_clusters")["IR-21"] == 3
    assert by_code(out, "measure_value")["IR-13"] == 0
    # Hamadan's three clusters give no firms: not stated, not zero.
    assert (
        by_code(out, "measure_unknown")["IR-13"] == by_code(out, "measure_clusters")["IR-13"] == 3
    )
    assert by_code(out, "measure_clusters")["IR-16"] == 0  # Ilam: no cluster at all


def test_counts_at_implementation_and_with_a_programme(provinces, tracked):
    summary = summarise_provinces(provinces, tracked)
    at = province_measure(summary, tracked, "implementation")
    assert (by_code(at, "measure_value")["IR-21"], by_code(at, "measure_unknown")["IR-21"]) == (
        2,
        1,
    )
    programme = province_measure(summary, tracked, "programme")
    assert by_code(programme, "measure_value")["IR-21"] == 2  # IPI: textile and ceramic
    assert by_code(programme, "measure_unknown")["IR-21"] == 0
    with pytest.raises(ValueError, match="measure must be one of"):
        province_measure(summary, tracked, "exports")


def test_the_map_shades_by_the_measure_and_says_what_is_not_stated(provinces, tracked):
    summary = province_measure(summarise_provinces(provinces, tracked), tracked, "firms")
    m = build_cluster_map(
        summary,
        clusters_to_points(tracked, provinces),
        measure="firms",
        province_links=True,
    )
    html = m.get_root().render()
    features = {
        f["properties"]["iso_code"]: f["properties"] for f in layer_with(html, 31)["features"]
    }
    assert "Firms: <b>at least 150 (not stated for 1 cluster)</b>" in features["IR-21"]["tooltip"]
    assert "Firms: <b>not stated</b>" in features["IR-13"]["tooltip"]
    assert features["IR-13"]["style"]["fillColor"] == "#ffffff"  # not stated, not "none"
    assert features["IR-21"]["style"]["dashArray"] == "4 3"
    assert "dashArray" not in features["IR-23"]["style"]  # Tehran: every cluster gives it
    legend = legends(html)[0]
    assert legend.startswith("<div class='legend-provinces'><h4>Firms per province</h4>")
    assert "not stated for any of its clusters" in legend
    assert 'href="/province?province=IR-21&amp;lang=en"' in features["IR-21"]["popup"]


def test_the_default_map_is_unchanged(provinces, registry):
    html = (
        build_cluster_map(
            summarise_provinces(provinces, registry), clusters_to_points(registry, provinces)
        )
        .get_root()
        .render()
    )
    features = layer_with(html, 31)["features"]
    assert not any("popup" in f["properties"] for f in features)
    assert legends(html)[0].startswith(
        "<div class='legend-provinces'><h4>Clusters per province</h4>"
    )


def test_marker_sizes_follow_the_figure_by_area():
    sizes, largest = marker_sizes(pd.Series([400, 100, None, 0], dtype="Int64"), 14)
    assert largest == 400
    assert sizes[0] == 30 and sizes[1] == pytest.approx(8 + 22 * 0.5)
    assert sizes[2] == 14  # not stated: the standard marker
    assert sizes[3] == 8
    sizes, largest = marker_sizes(pd.Series([None, None], dtype="Int64"), 14)
    assert largest == 0 and np.all(sizes == 14)


def test_sized_markers_and_their_legend(provinces, tracked):
    points = clusters_to_points(tracked, provinces)
    summary = summarise_provinces(provinces, tracked)
    html = build_cluster_map(summary, points, size_by="firms", lang="fa").get_root().render()
    halves = {
        f["properties"]["cluster_id"]: f["properties"].get("half")
        for f in layer_with(html, len(tracked))["features"]
    }
    assert halves["tehran-leather"] == 15.0 and halves["isfahan-stone"] == 7.0
    legend = legends(html)[0]
    assert "۴۰۰" in legend and "۱۰۰" in legend  # the largest figure and a quarter of it
    assert "size-swatch" in legend


def test_canvas_points_carry_their_radius(provinces, tracked):
    many = pd.concat([tracked] * 30, ignore_index=True)
    many["cluster_id"] = [f"c{i}" for i in range(len(many))]
    html = (
        build_cluster_map(
            summarise_provinces(provinces, many),
            clusters_to_points(many, provinces),
            size_by="employees",
        )
        .get_root()
        .render()
    )
    [(payload, _options)] = canvas_points(html)
    radii = wire.decode_codes(payload["r"])  # tenths of a px, in point order
    assert len(radii) == len(many) and radii.max() > radii.min()


def test_the_profile_link_is_escaped_and_relative():
    row = {"iso_code": "IR-21", "name_en": "<Yazd>", "name_fa": "یزد"}
    popup = province_popup(row, "fa")
    assert 'href="/province?province=IR-21&amp;lang=fa" target="_top"' in popup
    assert "<b>یزد</b>" in popup
    assert "&lt;Yazd&gt;" in province_popup(row, "en")


def test_every_measure_has_labels():
    assert list(MEASURES) == ["clusters", "firms", "employees", "implementation", "programme"]
