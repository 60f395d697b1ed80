"""Class breaks for the choropleth and the density view, and the hexagon grid.

**Classes.** Counts are split into at most five contiguous ranges starting
at 1 (zero has its own neutral colour). When the largest count is five or
less, every count gets its own class: 1, 2, 3 ... read better than ranges.
Above that the classes are quantiles of the positive counts: class *k* of
*n* ends at the count below which *k/n* of them lie (nearest rank), so each
class holds about the same number of provinces (or hexagons), instead of a
few large provinces taking the top class and the rest sharing the bottom
ones. Equal counts always share a class, so ties can merge classes.

**Hexagons.** The density view bins points into pointy-top hexagons laid out
in Web Mercator, so they look regular on the map, at several sizes: level
*k* has hexagons of ``HEX_RADIUS_PX`` pixels at zoom ``HEX_BASE_ZOOM + k``.
A hexagon is named by its axial coordinates (q, r); its centre is at
``size * (sqrt(3) * q + sqrt(3)/2 * r, 3/2 * r)`` in Mercator units where
the world is 1 wide (``static/map/points.js`` draws it from that formula).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

SQRT3 = math.sqrt(3.0)
TILE_PX = 256  # Web Mercator pixels of the whole world at zoom 0
MAX_MERCATOR_LAT = 85.05112878
# Count hexagons with a dense array while it is at most this many cells a
# point (plus a floor), else by sorting.
DENSE_CELLS_PER_POINT = 8
DENSE_CELLS_MIN = 1 << 16


def count_classes(counts: Iterable[int], n_classes: int) -> list[tuple[int, int]]:
    """Contiguous ranges ``(low, high)`` covering 1 .. the largest count.

    Parameters
    ----------
    counts : iterable of int
        One count per province (or hexagon); zeros and negatives are ignored.
    n_classes : int
        The most classes to make.

    Returns
    -------
    list of (low, high)
        Inclusive ranges: one per count when the largest is at most
        ``n_classes``, else quantile classes of the positive counts (see the
        module's docstring). Empty when no count is positive.
    """
    values = np.asarray(counts if isinstance(counts, np.ndarray | pd.Series) else list(counts))
    values = np.sort(values.astype(np.int64))
    values = values[values > 0]
    if not len(values):
        return []
    top = int(values[-1])
    if top <= n_classes:
        return [(i, i) for i in range(1, top + 1)]
    ranks = [math.ceil(k * len(values) / n_classes) - 1 for k in range(1, n_classes + 1)]
    uppers = sorted({int(values[r]) for r in ranks})
    lows = [1, *(u + 1 for u in uppers[:-1])]
    return list(zip(lows, uppers, strict=True))


def class_index(counts: np.ndarray, classes: Sequence[tuple[int, int]]) -> np.ndarray:
    """The class of each count (0-based), -1 for counts below 1."""
    uppers = np.array([hi for _, hi in classes], dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    index = np.searchsorted(uppers, counts, side="left")
    return np.where(counts < 1, -1, np.minimum(index, len(classes) - 1))


def mercator(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator position of each point, with the world from 0 to 1 (y down)."""
    lat = np.radians(np.clip(np.asarray(lat, dtype=float), -MAX_MERCATOR_LAT, MAX_MERCATOR_LAT))
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0
    y = 0.5 - np.log(np.tan(np.pi / 4 + lat / 2)) / (2 * np.pi)
    return x, y


def hex_size(level: int, radius_px: float, base_zoom: int) -> float:
    """Centre-to-corner size of level ``level``'s hexagons, in Mercator units."""
    return radius_px / (TILE_PX * 2.0 ** (base_zoom + level))


def hex_cells(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial coordinates (q, r) of the pointy-top hexagon holding each point.

    Rounds in cube coordinates, so every point goes to the hexagon whose
    centre is nearest.
    """
    qf = (SQRT3 / 3 * x - y / 3) / size
    rf = (2 / 3 * y) / size
    sf = -qf - rf
    q, r, s = np.rint(qf), np.rint(rf), np.rint(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def hex_centres(q: np.ndarray, r: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """Mercator centres of hexagons (q, r)."""
    q = np.asarray(q, dtype=float)
    r = np.asarray(r, dtype=float)
    return size * (SQRT3 * q + SQRT3 / 2 * r), size * 1.5 * r


def hex_counts(
    x: np.ndarray, y: np.ndarray, size: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The occupied hexagons (q, r) of ``size`` and how many points each holds."""
    q, r = hex_cells(x, y, size)
    if not len(q):
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty
    q0, r0 = q.min(), r.min()
    span = int(r.max() - r0) + 1
    cells = (q - q0) * span + (r - r0)
    n_cells = int(cells.max()) + 1
    if n_cells <= DENSE_CELLS_PER_POINT * len(cells) + DENSE_CELLS_MIN:
        # A count per cell of the bounding box: linear, no sort.
        per_cell = np.bincount(cells, minlength=n_cells)
        keys = np.flatnonzero(per_cell)
        counts = per_cell[keys]
    else:
        keys, counts = np.unique(cells, return_counts=True)
    return keys // span + q0, keys % span + r0, counts
