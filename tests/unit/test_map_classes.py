"""Class breaks (choropleth and density view) and the hexagon grid, on
hand-computed fixtures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mapping.maps import classes
from mapping.maps.cluster_map import class_colour, legend_html
from mapping.maps.points import density_level_count, density_levels
from mapping.maps.style import CHOROPLETH_COLOURS, DENSITY_COLOURS, ZERO_COLOUR
from mapping.maps.wire import decode_codes


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([], []),
        ([0, 0], []),
        ([0, 3, 1], [(1, 1), (2, 2), (3, 3)]),  # small counts: one class each
        ([5, 5, 5], [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]),
        # 1..31: ranks 6, 12, 18, 24, 30 of the sorted counts
        (range(1, 32), [(1, 7), (8, 13), (14, 19), (20, 25), (26, 31)]),
        # ten provinces with clusters: two in each class
        ([0, 0, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29], [(1, 3), (4, 7), (8, 13), (14, 19), (20, 29)]),
        # ties merge classes: twenty provinces with 1, eleven with 100
        ([1] * 20 + [100] * 11, [(1, 1), (2, 100)]),
    ],
)
def test_count_classes(counts, expected):
    assert classes.count_classes(counts, 5) == expected


def test_quantile_classes_split_provinces_evenly():
    # The skew of a national registry: a few provinces hold most clusters.
    counts = np.array([2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 15, 20, 22, 25, 30, 33] + [5000] * 2)
    found = classes.count_classes(counts, 5)
    per_class = np.bincount(classes.class_index(counts, found), minlength=len(found))
    assert per_class.max() <= math.ceil(len(counts) / 5)  # no class holds half


def test_class_index():
    found = [(1, 3), (4, 7), (8, 13), (14, 19), (20, 29)]
    assert classes.class_index(np.array([0, 1, 3, 4, 7, 8, 29, 40]), found).tolist() == [
        -1,
        0,
        0,
        1,
        1,
        2,
        4,
        4,
    ]


def test_class_colours_use_the_darker_end_for_few_classes():
    few = [(1, 1), (2, 2)]
    assert class_colour(0, few) == ZERO_COLOUR
    assert class_colour(1, few) == CHOROPLETH_COLOURS[-2]
    assert class_colour(2, few) == CHOROPLETH_COLOURS[-1]
    assert class_colour(2, few, DENSITY_COLOURS) == DENSITY_COLOURS[-1]


def test_mercator():
    x, y = classes.mercator(np.array([0.0, 85.05112878, -85.05112878]), np.array([0.0, 180, -180]))
    assert x.tolist() == pytest.approx([0.5, 1.0, 0.0])
    assert y.tolist() == pytest.approx([0.5, 0.0, 1.0], abs=1e-9)


def test_hexagon_centres_fall_in_their_own_cells():
    q = np.array([0, 1, 0, -1, 3])
    r = np.array([0, 0, 1, 2, -2])
    x, y = classes.hex_centres(q, r, 1.0)
    # (1, 0) is sqrt(3) to the right; (0, 1) is down-right by (sqrt(3)/2, 3/2).
    assert x[:3].tolist() == pytest.approx([0, math.sqrt(3), math.sqrt(3) / 2])
    assert y[:3].tolist() == pytest.approx([0, 0, 1.5])
    cq, cr = classes.hex_cells(x + 0.3, y - 0.2, 1.0)  # off-centre, still inside
    assert cq.tolist() == q.tolist() and cr.tolist() == r.tolist()


def test_a_point_goes_to_the_nearest_centre():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-5, 5, 2000), rng.uniform(-5, 5, 2000)
    q, r = classes.hex_cells(x, y, 0.7)
    cx, cy = classes.hex_centres(q, r, 0.7)
    own = np.hypot(x - cx, y - cy)
    for dq, dr in [(1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)]:
        nx, ny = classes.hex_centres(q + dq, r + dr, 0.7)
        assert (own <= np.hypot(x - nx, y - ny) + 1e-9).all()


def test_hex_counts_hand_computed(monkeypatch):
    size = 1.0
    x, y = classes.hex_centres(np.array([0, 0, 0, 2]), np.array([0, 0, 0, -1]), size)
    q, r, counts = classes.hex_counts(x, y, size)
    assert list(zip(q.tolist(), r.tolist(), counts.tolist(), strict=True)) == [
        (0, 0, 3),
        (2, -1, 1),
    ]
    # The sorting path (for sparse, far-flung points) gives the same answer.
    monkeypatch.setattr(classes, "DENSE_CELLS_PER_POINT", 0)
    monkeypatch.setattr(classes, "DENSE_CELLS_MIN", 0)
    q2, r2, counts2 = classes.hex_counts(x, y, size)
    assert (q2.tolist(), r2.tolist(), counts2.tolist()) == (q.tolist(), r.tolist(), counts.tolist())


@pytest.mark.parametrize(
    ("n", "levels"), [(0, 0), (2_500, 0), (2_501, 2), (10_000, 2), (100_000, 4), (10**6, 5)]
)
def test_density_level_count(n, levels):
    assert density_level_count(n) == levels


def test_density_levels_hold_every_point():
    rng = np.random.default_rng(5)
    lat, lon = rng.uniform(26, 39, 5000), rng.uniform(45, 62, 5000)
    levels = density_levels(lat, lon, 2)
    x, y = classes.mercator(lat, lon)
    for k, level in enumerate(levels):
        q = decode_codes(level["q"]).astype(np.int64) + level["q0"]
        r = decode_codes(level["r"]).astype(np.int64) + level["r0"]
        size = classes.hex_size(k, 9.0, 5)
        pq, pr = classes.hex_cells(x, y, size)
        assert set(zip(pq.tolist(), pr.tolist(), strict=True)) == set(
            zip(q.tolist(), r.tolist(), strict=True)
        )
        assert level["classes"][0][0] == 1
    # Smaller hexagons at the next level: more of them.
    assert len(decode_codes(levels[1]["q"])) > len(decode_codes(levels[0]["q"]))


def test_legend_wraps_sections_for_the_density_view():
    html = legend_html([(1, 2), (3, 9)], [], "canvas", density=[[(1, 4), (5, 5)]])
    assert html.startswith("<div class='legend-provinces'><h4>Clusters per province</h4>")
    assert "<div class='legend-points'><h4>Programme</h4>" in html
    assert (
        "<div class='legend-density' data-level='0'><h4>Clusters per hexagon</h4>"
        f"<div class='steps'><span style='background:{DENSITY_COLOURS[-2]};color:#fff'>1–4</span>"
        f"<span style='background:{DENSITY_COLOURS[-1]};color:#fff'>5</span></div>"
    ) in html


def test_density_legend_reads_in_persian():
    html = legend_html([(1, 2)], [], "canvas", "fa", density=[[(1, 4)]])
    assert "<h4>تعداد خوشه‌ها در هر شش‌ضلعی</h4>" in html
    assert "بزرگ‌نمایی" in html
    assert ">۱–۴</span>" in html and ">1–4<" not in html  # Persian digits
