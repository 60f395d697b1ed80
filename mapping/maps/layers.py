"""What both maps are made of: a base map, outline layers, point features, the
fan-out of points that share a place, fitting the view, and the last touches.

The map needs nothing from outside the app: no tile layer unless a basemap
is asked for, Leaflet and our own script from the app's static folder (see
:mod:`mapping.assets`), and no branca colormap (it pulls d3 from a CDN).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from mapping.assets import localise_assets
from mapping.i18n import gettext
from mapping.maps.elements import DrawnFlag, FocusWithoutScroll, MapLanguage, script_json
from mapping.maps.style import BASEMAPS, MAX_ZOOM, SPREAD_RADIUS


def check_columns(frame: pd.DataFrame, name: str, needed: Iterable[str]) -> None:
    """Raise ``ValueError`` naming the columns ``frame`` lacks."""
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}")


@functools.lru_cache(maxsize=8)
def _geometry_json_cached(wkb: tuple[bytes, ...]) -> tuple[str, ...]:
    geoms = shapely.from_wkb(list(wkb))
    return tuple(str(script_json(shapely.geometry.mapping(g))) for g in geoms)


def geometry_json(shapes: gpd.GeoDataFrame) -> tuple[str, ...]:
    """Each outline as GeoJSON text, serialised once per process.

    The outlines never change between reruns, only the counts do; the cache
    is keyed by the geometries' WKB, so a different file gets its own entry.
    """
    return _geometry_json_cached(tuple(shapely.to_wkb(shapes.geometry.to_numpy())))


def outline_collection(shapes: gpd.GeoDataFrame, properties: Iterable[Mapping[str, Any]]) -> str:
    """A GeoJSON FeatureCollection (script-safe text) of cached outlines with fresh properties."""
    features = [
        f'{{"type":"Feature","properties":{script_json(dict(props))},"geometry":{geometry}}}'
        for props, geometry in zip(properties, geometry_json(shapes), strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def point_collection(
    lat: pd.Series, lon: pd.Series, properties: Iterable[Mapping[str, Any]], ndigits: int = 5
) -> str:
    """A GeoJSON FeatureCollection (script-safe text) of points with their properties."""
    features = [
        {
            "type": "Feature",
            "properties": dict(props),
            "geometry": {
                "type": "Point",
                "coordinates": [round(float(x), ndigits), round(float(y), ndigits)],
            },
        }
        for props, y, x in zip(properties, lat, lon, strict=True)
    ]
    return str(script_json({"type": "FeatureCollection", "features": features}))


def spread_offsets(lat: pd.Series, lon: pd.Series, radius: float = SPREAD_RADIUS) -> np.ndarray:
    """Pixel offsets (dx, dy) that fan out markers sharing one position.

    A lone marker gets (0, 0); k markers at one point sit on a circle of
    ``radius`` pixels around it, first one at the top, clockwise.
    """
    key = lat.round(4).astype(str) + "," + lon.round(4).astype(str)
    rank = key.groupby(key).cumcount().to_numpy()
    size = key.map(key.value_counts()).to_numpy()
    angle = 2 * math.pi * rank / np.maximum(size, 1) - math.pi / 2
    r = np.where(size > 1, radius, 0.0)
    return np.column_stack([np.round(r * np.cos(angle), 1), np.round(r * np.sin(angle), 1)])


def padded_bounds(lat: pd.Series, lon: pd.Series, pad: float, min_span: float) -> list[list[float]]:
    """Bounds around points, padded by ``pad`` degrees and at least ``min_span`` wide."""
    south, north = float(lat.min()), float(lat.max())
    west, east = float(lon.min()), float(lon.max())
    pad_lat = max(pad, (min_span - (north - south)) / 2)
    pad_lon = max(pad, (min_span - (east - west)) / 2)
    return [[south - pad_lat, west - pad_lon], [north + pad_lat, east + pad_lon]]


_MIRRORED = {"left": "right", "right": "left"}


def corner(position: str, lang: str) -> str:
    """A control's corner for ``lang``: mirrored left to right in a right-to-left language."""
    if lang != "fa":
        return position
    for side, other in _MIRRORED.items():
        if position.endswith(side):
            return position.removesuffix(side) + other
    return position


def base_map(
    center: tuple[float, float], zoom: float, min_zoom: float, basemap: str, lang: str = "en"
) -> folium.Map:
    """A map with no outside dependency: no tiles unless asked, our script, focus fix.

    In Persian the zoom buttons sit top right and the map's texts read right
    to left (see :class:`mapping.maps.elements.MapLanguage`).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {sorted(BASEMAPS)}, got {basemap!r}")
    m = folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=None,
        min_zoom=min_zoom,
        max_zoom=MAX_ZOOM,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        zoom_control=corner("topleft", lang),
    )
    FocusWithoutScroll().add_to(m)
    MapLanguage(lang).add_to(m)
    tiles = BASEMAPS[basemap]
    if tiles:
        name = gettext("Basemap (online)", lang)
        folium.TileLayer(tiles[0], attr=tiles[1], name=name).add_to(m)
    return m


def finish(m: folium.Map, drawn: int, lang: str = "en") -> folium.Map:
    """Layer switcher, the drawn-count flag, and every asset served by the app."""
    folium.LayerControl(collapsed=True, position=corner("topright", lang)).add_to(m)
    DrawnFlag(drawn).add_to(m)
    return localise_assets(m)


def legend_row(colour: str, label: str, css_class: str = "cm") -> str:
    """One legend line: a swatch of ``colour`` in the shape ``css_class``, then ``label``.

    ``label`` must already be escaped.
    """
    return (
        f"<div class='row'><span class='{css_class}' style='background:{colour}'></span>"
        f"{label}</div>"
    )
