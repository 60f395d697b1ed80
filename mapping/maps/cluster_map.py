"""The national cluster map: provinces shaded by cluster count (or another
measure), clusters as markers coloured by programme (or, for many, on a
canvas with a density view), a legend, tooltips and profiles.

The map is a base that never changes with the filters (:func:`cluster_base_map`)
and an overlay of three layer groups built for the clusters shown
(:func:`build_cluster_overlay`); :func:`build_cluster_map` puts them
together. The app sends the overlay as streamlit-folium's dynamic layer
groups, so a filter change replaces the overlay in the map already on the
page, and caches overlays across sessions.

All text from data is HTML-escaped before it is put in a feature property;
properties reach the page as script-safe JSON (:func:`script_json`). The
functions that write text (tooltips, legend, phrases) live in
:mod:`mapping.maps.cluster_texts`, apart from the payload code
(:mod:`mapping.maps.points`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from mapping.assets import localise_assets
from mapping.i18n import N_
from mapping.maps import layers
from mapping.maps import measure_layer as measured
from mapping.maps.classes import count_classes
from mapping.maps.cluster_texts import (
    AT_TOWN_TEXT,
    PROVINCE_ONLY_TEXT,
    canvas_texts,
    class_colour,
    cluster_tooltip,
    layer_names,
    legend_html,
    province_tooltip,
)
from mapping.maps.elements import script_json
from mapping.maps.overlay import ClusterOverlay
from mapping.maps.points import canvas_payload
from mapping.maps.style import (
    BORDER_COLOUR,
    CANVAS_POINT_RADIUS,
    CHOROPLETH_COLOURS,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    DENSITY_COLOURS,
    FIT_MIN_SPAN_DEG,
    FIT_PAD_DEG,
    FULL_MARKER_LIMIT,
    HEX_BASE_ZOOM,
    HEX_RADIUS_PX,
    LEGEND_WIDTH_PX,
    MARKER_SIZE,
    MIN_ZOOM,
    POINT_AREA_PX,
    PROVINCE_FILL_OPACITY,
)
from mapping.measures import NO_SIZE, marker_sizes
from mapping.profile import profile_html
from mapping.programmes import Programme, programme_styles

__all__ = [
    "AT_TOWN_TEXT",
    "PROVINCE_ONLY_TEXT",
    "build_cluster_map",
    "build_cluster_overlay",
    "class_colour",
    "cluster_base_map",
    "cluster_tooltip",
    "count_classes",
    "legend_html",
    "marker_strategy",
    "province_classes",
    "province_tooltip",
]
FIT_MARGIN_PX = 12


def marker_strategy(n_clusters: int) -> str:
    """``"markers"`` (one marker each, full popups) or ``"canvas"`` (compact arrays)."""
    return "markers" if n_clusters <= FULL_MARKER_LIMIT else "canvas"


def province_classes(values: Iterable[int]) -> list[tuple[int, int]]:
    """The choropleth's classes for one value per province (see :mod:`mapping.maps.classes`).

    The map, its image, workbook and GIS exports all shade with these.
    """
    return count_classes(values, len(CHOROPLETH_COLOURS))


def _province_collection(
    provinces: gpd.GeoDataFrame, lang: str, measure: str | None, links: bool
) -> tuple[str, list[tuple[int, int]]]:
    values = provinces["measure_value"] if measure else provinces["cluster_count"]
    classes = province_classes(values)
    properties = []
    for row in pd.DataFrame(provinces.drop(columns=provinces.geometry.name)).to_dict("records"):
        count = measured.province_value(row, measure)
        style = {
            "fillColor": class_colour(count, classes),
            "fillOpacity": PROVINCE_FILL_OPACITY,
            "color": BORDER_COLOUR,
            "weight": 1,
            **measured.style_changes(row, measure),
        }
        tooltip = province_tooltip(row, lang) + measured.measure_line(row, measure, lang)
        feature = {"iso_code": row["iso_code"], "count": count, "tooltip": tooltip, "style": style}
        if links:
            feature["popup"] = measured.province_popup(row, lang)
        properties.append(feature)
    return layers.outline_collection(provinces, properties), classes


def _marker_collection(
    clusters: pd.DataFrame,
    styles: Mapping[str, Programme],
    lang: str,
    sizes: np.ndarray | None,
) -> str:
    offsets = layers.spread_offsets(clusters["map_lat"], clusters["map_lon"])
    halves = np.full(len(clusters), MARKER_SIZE / 2) if sizes is None else sizes / 2
    properties = [
        {
            "cluster_id": str(row["cluster_id"]),
            "colour": styles[row["programme"]].colour,
            "glyph": styles[row["programme"]].glyph,
            "shape": row["placement"],
            "dx": float(dx),
            "dy": float(dy),
            "tooltip": cluster_tooltip(row, styles, lang),
            "profile": profile_html(row, lang),
            **({"half": float(half)} if sizes is not None else {}),
        }
        for (_, row), (dx, dy), half in zip(clusters.iterrows(), offsets, halves, strict=True)
    ]
    return layers.point_collection(clusters["map_lat"], clusters["map_lon"], properties)


def _canvas_options(lang: str) -> dict[str, Any]:
    return {
        "radius": CANVAS_POINT_RADIUS,
        "pointArea": POINT_AREA_PX,
        "hexRadius": HEX_RADIUS_PX,
        "hexZoom": HEX_BASE_ZOOM,
        "densityColours": list(DENSITY_COLOURS),
        "texts": canvas_texts(lang),
    }


def _canvas_radii(sizes: np.ndarray) -> np.ndarray:
    """Canvas radii (px) for marker diameters: the standard marker draws at
    ``CANVAS_POINT_RADIUS``, a sized one in proportion."""
    return sizes / 2 * (CANVAS_POINT_RADIUS / (MARKER_SIZE / 2))


def _fit(
    provinces: gpd.GeoDataFrame, clusters: pd.DataFrame, lang: str
) -> tuple[tuple[tuple[float, float], tuple[float, float]], tuple[int, int], tuple[int, int]]:
    """Bounds to fit and the padding that keeps them clear of the legend
    (bottom right, or bottom left in Persian)."""
    if len(clusters):
        (south, west), (north, east) = layers.padded_bounds(
            clusters["map_lat"], clusters["map_lon"], FIT_PAD_DEG, FIT_MIN_SPAN_DEG
        )
    else:
        west, south, east, north = (float(v) for v in provinces.total_bounds)
    margin, legend = (FIT_MARGIN_PX, FIT_MARGIN_PX), (LEGEND_WIDTH_PX, FIT_MARGIN_PX)
    top_left, bottom_right = (legend, margin) if lang == "fa" else (margin, legend)
    return ((south, west), (north, east)), top_left, bottom_right


def build_cluster_overlay(
    provinces: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    *,
    programmes: Mapping[str, Programme] | None = None,
    lang: str = "en",
    point_legend: str = N_("Programme"),
    measure: str | None = None,
    size_by: str | None = None,
    province_links: bool = False,
) -> ClusterOverlay:
    """What the national map shows for one selection of clusters.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        All 31 provinces with ``cluster_count``, ``cluster_names_en`` and
        ``cluster_names_fa`` (see :func:`mapping.join.summarise_provinces`;
        the first ``PROVINCE_TOOLTIP_NAMES`` names of each province are
        enough), counted over the clusters to show.
    clusters : pandas.DataFrame
        The clusters to draw, with ``map_lat``/``map_lon`` and ``placement``
        (see :func:`mapping.join.clusters_to_points`; no geometry needed).
        May be empty: the map then shows every province in neutral grey,
        fitted to Iran.
    programmes : Mapping, optional
        Every programme code the registry holds to its style (see
        :func:`mapping.programmes.programme_styles`); pass the whole
        registry's so colours stay put as filters change. By default, the
        styles of the programmes in ``clusters``.
    lang : str
        The reader's language, ``en`` or ``fa`` (right to left: the legend
        and the fit padding change sides).
    point_legend : str
        The heading of the marker colours in the legend (a catalogue msgid).
    measure, size_by, province_links : str, str, bool, optional
        Shade provinces by a key of :data:`mapping.measures.MEASURES` (with the
        columns of :func:`mapping.measures.province_measure`); size markers by
        ``firms`` or ``employees``; link each province to its profile page.

    Returns
    -------
    ClusterOverlay
        Immutable and serialised: safe to cache and share between sessions.

    Raises
    ------
    ValueError
        For missing columns.
    """
    layers.check_columns(
        provinces, "provinces", ["iso_code", "name_en", "name_fa", "cluster_count"]
    )
    layers.check_columns(
        clusters, "clusters", ["cluster_id", "name_en", "programme", "placement", "map_lat"]
    )
    if measure and measure != "clusters":
        layers.check_columns(provinces, "provinces", ["measure_value", "measure_unknown"])
    styles = dict(programmes) if programmes is not None else programme_styles([])
    styles.update(programme_styles(set(clusters["programme"].unique()) - set(styles)))
    provinces = provinces.to_crs("EPSG:4326")
    province_json, classes = _province_collection(provinces, lang, measure, province_links)
    sizes, largest = None, 0.0
    if size_by and size_by != NO_SIZE:
        sizes, largest = marker_sizes(clusters[size_by], MARKER_SIZE)
    strategy = marker_strategy(len(clusters))
    markers_json = points_json = options_json = None
    density: list[list[tuple[int, int]]] = []
    if strategy == "markers" and len(clusters):
        markers_json = _marker_collection(clusters, styles, lang, sizes)
    elif strategy == "canvas":
        radii = None if sizes is None else _canvas_radii(sizes)
        payload = canvas_payload(clusters, styles, lang=lang, radii=radii)
        density = [level["classes"] for level in payload["hex"]]
        points_json = str(script_json(payload))
        options_json = str(script_json(_canvas_options(lang)))

    present = set(clusters["programme"].unique())
    shown = [p for code, p in styles.items() if code in present]
    extra = measured.size_legend(size_by, largest, MARKER_SIZE, lang)
    legend = legend_html(
        classes, shown, strategy, lang, point_legend, measure=measure, extra=extra, density=density
    )
    bounds, top_left, bottom_right = _fit(provinces, clusters, lang)
    return ClusterOverlay(
        provinces_json=province_json,
        markers_json=markers_json,
        points_json=points_json,
        points_options_json=options_json,
        legend=legend,
        bounds=bounds,
        padding_top_left=top_left,
        padding_bottom_right=bottom_right,
        drawn=len(clusters),
        layer_names=layer_names(lang),
        lang=lang,
    )


def cluster_base_map(basemap: str = "none", lang: str = "en") -> folium.Map:
    """The part of the national map no filter changes: the map, its basemap,
    its scripts, and its language (controls on the other side in Persian).

    Raises
    ------
    ValueError
        For an unknown basemap.
    """
    m = layers.base_map(DEFAULT_CENTER, DEFAULT_ZOOM, MIN_ZOOM, basemap, lang)
    return localise_assets(m)


def layer_control(lang: str = "en") -> folium.LayerControl:
    """The layer switcher, top right (top left in Persian)."""
    return folium.LayerControl(collapsed=True, position=layers.corner("topright", lang))


def build_cluster_map(
    provinces: gpd.GeoDataFrame,
    clusters: gpd.GeoDataFrame,
    *,
    basemap: str = "none",
    programmes: Mapping[str, Programme] | None = None,
    lang: str = "en",
    point_legend: str = N_("Programme"),
    measure: str | None = None,
    size_by: str | None = None,
    province_links: bool = False,
) -> folium.Map:
    """Build the national cluster map: :func:`cluster_base_map` with the
    layer groups of :func:`build_cluster_overlay` and a layer switcher.

    Parameters
    ----------
    provinces, clusters, programmes, lang, point_legend, measure, size_by, province_links
        As for :func:`build_cluster_overlay`.
    basemap : str
        ``"none"`` (default; works offline) or ``"osm"`` (OpenStreetMap
        tiles, needs internet).

    Returns
    -------
    folium.Map
        With every script and stylesheet pointing at the app's own copies.

    Raises
    ------
    ValueError
        For an unknown basemap, missing columns, or a cluster whose programme
        has no style.
    """
    m = cluster_base_map(basemap, lang)
    overlay = build_cluster_overlay(
        provinces,
        clusters,
        programmes=programmes,
        lang=lang,
        point_legend=point_legend,
        measure=measure,
        size_by=size_by,
        province_links=province_links,
    )
    for group in overlay.groups():
        group.add_to(m)
    layer_control(lang).add_to(m)
    return localise_assets(m)
