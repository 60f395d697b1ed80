"""What the canvas point layer receives: points in the wire format, lookup
tables, and the density view's hexagons, built on whole columns.

No per-row Python work: codes come from categoricals, coordinates are
quantised by numpy, and only the names of at most ``NAME_LIMIT`` clusters
are escaped one by one. The lookup tables (programme labels, sectors,
provinces) are short and escaped here; the browser (``static/map/points.js``)
assembles tooltips from them.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from mapping.localise import localised
from mapping.maps import classes, wire
from mapping.maps.style import (
    DENSITY_COLOURS,
    DENSITY_MIN_POINTS,
    HEX_BASE_ZOOM,
    HEX_MAX_LEVELS,
    HEX_RADIUS_PX,
    NAME_LIMIT,
)
from mapping.programmes import Programme

# A point's code is its programme's index times two, plus one when the
# source places it only in a province (drawn as a ring).
PLACEMENT_BIT = 1
RADIUS_STEPS = 10  # radii travel in tenths of a pixel


def province_label(name_en: str, name_fa: str, lang: str = "en") -> str:
    """A province's label, escaped: ``Yazd · <span dir='rtl' lang='fa'>یزد</span>``
    in English, its Persian name alone in Persian."""
    e = html.escape
    if lang == "fa":
        return e(name_fa or name_en)
    return f"{e(name_en)} · <span dir='rtl' lang='fa'>{e(name_fa)}</span>"


def density_level_count(n_points: int) -> int:
    """How many hexagon levels the density view needs for ``n_points``.

    None up to ``DENSITY_MIN_POINTS`` (the points never cover a map); then
    one level per zoom step it takes for the points in view to fall below
    that (about four times fewer per step), and one more for registries
    whose points crowd into a few provinces; at most ``HEX_MAX_LEVELS``.
    """
    if n_points <= DENSITY_MIN_POINTS:
        return 0
    steps = math.ceil(math.log(n_points / DENSITY_MIN_POINTS, 4) - 1e-9)
    return min(HEX_MAX_LEVELS, steps + 1)


def density_levels(lat: np.ndarray, lon: np.ndarray, n_levels: int) -> list[dict]:
    """The density view's hexagons at each level, with their classes.

    Parameters
    ----------
    lat, lon : numpy.ndarray
        The points.
    n_levels : int
        How many levels (see :func:`density_level_count`).

    Returns
    -------
    list of dict
        Per level: ``q0``/``r0`` and ``q``/``r`` (axial coordinates as
        offsets from them, wire columns), ``c`` (each hexagon's class, a
        wire column) and ``classes`` (the count range of each class).
    """
    x, y = classes.mercator(lat, lon)
    levels = []
    for level in range(n_levels):
        size = classes.hex_size(level, HEX_RADIUS_PX, HEX_BASE_ZOOM)
        q, r, counts = classes.hex_counts(x, y, size)
        breaks = classes.count_classes(counts, len(DENSITY_COLOURS))
        q0, r0 = int(q.min()), int(r.min())
        levels.append(
            {
                "q0": q0,
                "r0": r0,
                "q": wire.encode_codes(q - q0),
                "r": wire.encode_codes(r - r0),
                "c": wire.encode_codes(classes.class_index(counts, breaks)),
                "classes": breaks,
            }
        )
    return levels


def point_order(programme: np.ndarray, province: np.ndarray, sector: np.ndarray) -> np.ndarray:
    """The order points travel and are drawn in.

    The most common programme first, so the rarer ones are drawn on top of
    it; within a programme by province and sector, which makes long runs of
    equal codes (see :func:`mapping.maps.wire.encode_codes`). All codes are
    non-negative.
    """
    frequency = np.bincount(programme, minlength=int(programme.max()) + 1)
    rank = np.argsort(np.argsort(-frequency, kind="stable"), kind="stable")
    n_province, n_sector = int(province.max()) + 1, int(sector.max()) + 1
    key = (rank[programme] * n_province + province) * n_sector + sector
    return np.argsort(key, kind="stable")


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Codes (in sorted order of the values), the values, and each one's first row."""
    codes, uniques = pd.factorize(values, sort=True)
    first = np.full(len(uniques), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return codes.astype(np.int64), [str(u) for u in uniques], first


def canvas_payload(
    clusters: pd.DataFrame,
    styles: Mapping[str, Programme],
    *,
    lang: str = "en",
    radii: np.ndarray | None = None,
) -> dict:
    """Encode clusters for ``IranClusterMap.clusterPoints``, column by column.

    Parameters
    ----------
    clusters : pandas.DataFrame
        At least one row, with ``map_lat``, ``map_lon``, ``programme``,
        ``placement``, ``sector``, ``province``, ``province_fa`` and
        ``name_en``.
    styles : Mapping
        Every programme code of ``clusters`` to its :class:`Programme`.
    lang : str
        The language of the lookup tables and names (``en`` or ``fa``; a
        Persian form falls back to English where the data has none).
    radii : numpy.ndarray, optional
        Each cluster's radius in px (markers sized by a figure), in the
        order of ``clusters``; by default every point has the options' radius.

    Returns
    -------
    dict
        ``n``; ``box`` (west, south, east, north) and ``x``/``y`` (16-bit
        coordinates over it, base64); ``p`` (programme index * 2 + 1 at
        province level), ``s`` (sector) and ``v`` (province) as wire columns;
        the escaped lookup tables ``programmes`` ([label, colour]),
        ``sectors`` and ``provinces``; ``names`` (escaped, in point order)
        up to ``NAME_LIMIT`` clusters, else None; ``r`` (radii in tenths of
        a px, a wire column) or None; and ``hex``, the density view's levels
        (empty for small registries).
    """
    e = html.escape
    programme_codes, present, _ = _factorize(clusters["programme"])
    codes = [c for c in styles if c in set(present)]
    position = np.array([codes.index(c) for c in present], dtype=np.int64)
    programme = position[programme_codes]
    at_province = clusters["placement"].eq("province").to_numpy()
    sector_codes, sectors, _ = _factorize(localised(clusters, "sector", lang))
    province_codes, provinces, first = _factorize(clusters["province"])
    order = point_order(programme, province_codes, sector_codes)

    lat = clusters["map_lat"].to_numpy(dtype=float)[order]
    lon = clusters["map_lon"].to_numpy(dtype=float)[order]
    box = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
    persian = clusters["province_fa"].iloc[first].to_numpy()
    names = None
    if len(clusters) <= NAME_LIMIT:
        names = [e(n) for n in localised(clusters, "name_en", lang).to_numpy()[order]]
    r = None
    if radii is not None:
        r = wire.encode_codes(np.rint(np.asarray(radii, dtype=float)[order] * RADIUS_STEPS))
    return {
        "n": len(clusters),
        "box": box,
        "x": wire.b64(wire.quantise(lon, box[0], box[2])),
        "y": wire.b64(wire.quantise(lat, box[1], box[3])),
        "p": wire.encode_codes((programme * 2 + at_province * PLACEMENT_BIT)[order]),
        "s": wire.encode_codes(sector_codes[order]),
        "v": wire.encode_codes(province_codes[order]),
        "programmes": [[e(styles[c].label(lang)), styles[c].colour] for c in codes],
        "sectors": [e(c) for c in sectors],
        "provinces": [
            province_label(c, str(fa), lang) for c, fa in zip(provinces, persian, strict=True)
        ],
        "names": names,
        "r": r,
        "hex": density_levels(lat, lon, density_level_count(len(clusters))),
    }
