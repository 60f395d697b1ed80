"""The map builder, checked on its rendered HTML without a browser."""

from __future__ import annotations

import itertools

import pytest

from mapping.filters import ClusterFilter, apply_filter
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map
from mapping.maps.classes import count_classes
from mapping.maps.layers import spread_offsets
from mapping.maps.style import CHOROPLETH_COLOURS, ZERO_COLOUR
from mapping.programmes import PROGRAMMES_BY_CODE
from tests.maphtml import (
    asset_urls,
    collections,
    drawn_count,
    fitted_bounds,
    layer_with,
    legends,
)


def build(provinces, clusters, **kwargs):
    return build_cluster_map(
        summarise_provinces(provinces, clusters), clusters_to_points(clusters, provinces), **kwargs
    )


@pytest.fixture(scope="module")
def rendered(provinces, registry):
    return build(provinces, registry).get_root().render()


def test_every_province_and_cluster_is_drawn(rendered):
    payloads = collections(rendered)
    kinds = sorted(len(p["features"]) for p in payloads)
    assert kinds == [15, 31]


def test_marker_colours_follow_programmes(rendered, registry):
    clusters = next(p for p in collections(rendered) if len(p["features"]) == 15)
    by_id = {f["properties"]["cluster_id"]: f["properties"] for f in clusters["features"]}
    assert by_id["tehran-leather"]["colour"] == PROGRAMMES_BY_CODE["UNIDO"].colour
    assert by_id["isfahan-stone"]["colour"] == PROGRAMMES_BY_CODE["IMM"].colour
    assert by_id["hormozgan-fishing"]["shape"] == "province"
    assert by_id["bam-date"]["shape"] == "locality"
    # Three Yazd clusters share a point and are fanned out.
    yazd = [by_id[i] for i in ("yazd-stone", "yazd-textile", "yazd-ceramic")]
    assert len({(p["dx"], p["dy"]) for p in yazd}) == 3
    assert (by_id["bam-date"]["dx"], by_id["bam-date"]["dy"]) == (0.0, 0.0)


def test_choropleth_colours_by_count(rendered):
    provinces = next(p for p in collections(rendered) if len(p["features"]) == 31)
    fill = {
        f["properties"]["iso_code"]: f["properties"]["style"]["fillColor"]
        for f in provinces["features"]
    }
    assert fill["IR-30"] == ZERO_COLOUR  # Alborz: none
    assert fill["IR-13"] == CHOROPLETH_COLOURS[-1]  # Hamadan: 3, the most
    assert fill["IR-23"] != fill["IR-13"]


def test_tooltips_and_profiles(rendered):
    payloads = collections(rendered)
    provinces = next(p for p in payloads if len(p["features"]) == 31)
    hamadan = next(f for f in provinces["features"] if f["properties"]["iso_code"] == "IR-13")
    tip = hamadan["properties"]["tooltip"]
    assert "<b>Hamadan</b>" in tip and "همدان" in tip and "3 clusters shown" in tip
    assert "<li>Lalejin pottery cluster</li>" in tip
    clusters = next(p for p in payloads if len(p["features"]) == 15)
    tabriz = clusters["features"][0]["properties"]
    assert "Tabriz automobile spare parts cluster" in tabriz["tooltip"]
    assert "automobile spare parts · UNIDO" in tabriz["tooltip"]
    assert "GeoNames 113646" in tabriz["profile"]  # the profile names the coordinate source
    assert "<th>Source</th>" in tabriz["profile"]
    assert drawn_count(rendered) == 15


def test_legend_lists_every_programme_shown_with_its_colour(rendered, registry):
    (legend,) = legends(rendered)
    assert "Clusters per province" in legend
    assert "in the province; the source names no town" in legend
    for code in registry["programme"].unique():
        programme = PROGRAMMES_BY_CODE[code]
        row = (
            f"background:{programme.colour}' data-glyph='{programme.glyph}' aria-hidden='true'>"
            f"</span>{programme.label_en}</div>"
        )
        assert row in legend, code  # its colour and, for readers without colour, its letter


def test_province_names_are_escaped_in_tooltips(provinces, registry):
    hostile = provinces.copy()
    hostile.loc[hostile["iso_code"].eq("IR-21"), "name_en"] = "<img src=x onerror=alert(1)>"
    html = build(hostile, registry).get_root().render()
    yazd = next(
        f for f in layer_with(html, 31)["features"] if f["properties"]["iso_code"] == "IR-21"
    )
    assert "<b>&lt;img src=x onerror=alert(1)&gt;</b>" in yazd["properties"]["tooltip"]
    assert "<img src=x" not in html


def test_no_outside_urls(rendered):
    urls = asset_urls(rendered)
    assert "/app/static/vendor/leaflet/leaflet.js" in urls
    assert "/app/static/map/map.js" in urls and "/app/static/map/map.css" in urls
    assert all(u.startswith("/app/static/") for u in urls), urls
    assert "http://" not in rendered and "https://" not in rendered


def test_no_tiles_by_default_and_osm_on_request(provinces, registry):
    assert "L.tileLayer" not in build(provinces, registry).get_root().render()
    with_osm = build(provinces, registry, basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in with_osm


def test_bad_basemap(provinces, registry):
    with pytest.raises(ValueError, match=r"basemap must be one of \['none', 'osm'\], got 'google'"):
        build(provinces, registry, basemap="google")


def test_missing_columns(provinces, registry):
    points = clusters_to_points(registry, provinces).drop(columns="placement")
    with pytest.raises(ValueError, match=r"clusters lacks column\(s\) \['placement'\]"):
        build_cluster_map(summarise_provinces(provinces, registry), points)


def test_view_fits_the_filtered_clusters(provinces, registry):
    yazd = apply_filter(registry, ClusterFilter(province=("IR-21",)))
    m = build(provinces, yazd)
    (south, west), (north, east) = _fit(m)
    assert south < 31.9 < north and west < 54.37 < east
    assert north - south <= 8.5  # zoomed to Yazd, not all of Iran
    whole = _fit(build(provinces, registry))
    assert whole[1][0] - whole[0][0] > 10


def _fit(m):
    return fitted_bounds(m.get_root().render())


def test_empty_selection_draws_provinces_only(provinces, registry):
    m = build(provinces, registry.iloc[0:0])
    html = m.get_root().render()
    payloads = collections(html)
    assert [len(p["features"]) for p in payloads] == [31]
    (south, _), (north, _) = _fit(m)
    assert south < 26 and north > 39  # all of Iran


def test_text_from_data_is_escaped(provinces, registry):
    hostile = registry.copy()
    hostile.loc[0, "name_en"] = "<img src=x onerror=alert(1)>"
    hostile.loc[0, "sector"] = "</script><script>alert(2)</script>"
    hostile.loc[0, "notes"] = '"><b>bold</b>'
    html = build(provinces, hostile).get_root().render()
    assert "<img src=x" not in html
    assert "</script><script>alert(2)" not in html
    assert "<b>bold</b>" not in html
    # The escaped text is still there, to be shown as characters.
    clusters = next(p for p in collections(html) if len(p["features"]) == 15)
    tooltip = clusters["features"][0]["properties"]["tooltip"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in tooltip


@pytest.mark.parametrize(
    ("max_count", "expected"),
    [
        (0, []),
        (1, [(1, 1)]),
        (3, [(1, 1), (2, 2), (3, 3)]),
        (5, [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]),
    ],
)
def test_count_classes_small(max_count, expected):
    assert count_classes(range(max_count + 1), len(CHOROPLETH_COLOURS)) == expected


@pytest.mark.parametrize("max_count", [6, 17, 250, 100_000])
def test_count_classes_cover_the_range(max_count):
    classes = count_classes([0, 1, max_count // 3, max_count // 2, max_count], 5)
    assert len(classes) <= len(CHOROPLETH_COLOURS)
    assert classes[0][0] == 1 and classes[-1][1] == max_count
    for (_, hi), (lo, _) in itertools.pairwise(classes):
        assert lo == hi + 1


def test_spread_offsets():
    import pandas as pd

    lat = pd.Series([1.0, 1.0, 1.0, 2.0])
    lon = pd.Series([5.0, 5.0, 5.0, 6.0])
    offsets = spread_offsets(lat, lon, radius=10)
    assert tuple(offsets[3]) == (0.0, 0.0)
    assert tuple(offsets[0]) == (0.0, -10.0)  # first one straight above
    radii = (offsets[:3] ** 2).sum(axis=1) ** 0.5
    assert radii == pytest.approx([10, 10, 10], abs=0.1)
