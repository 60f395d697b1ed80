"""The national cluster map: provinces shaded by cluster count, clusters as
markers coloured by programme (or, for many, on a canvas with a density
view), a legend, tooltips and profiles.

The map is a base that never changes with the filters (:func:`cluster_base_map`)
and an overlay of three layer groups built for the clusters shown
(:func:`build_cluster_overlay`); :func:`build_cluster_map` puts them
together. The app sends the overlay as streamlit-folium's dynamic layer
groups, so a filter change replaces the overlay in the map already on the
page, and caches overlays across sessions.

All text from data is HTML-escaped before it is put in a feature property;
properties reach the page as script-safe JSON (:func:`script_json`). The
functions that write text (tooltips, legend, phrases) are small and apart
from the payload code (:mod:`mapping.maps.points`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from mapping.assets import localise_assets
from mapping.i18n import _
from mapping.maps import layers
from mapping.maps.classes import count_classes
from mapping.maps.elements import script_json
from mapping.maps.overlay import ClusterOverlay
from mapping.maps.points import canvas_payload
from mapping.maps.style import (
    BORDER_COLOUR,
    CANVAS_POINT_RADIUS,
    CHOROPLETH_COLOURS,
    DARK_INK_CLASSES,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    DENSITY_COLOURS,
    DENSITY_DARK_INK_CLASSES,
    FALLBACK_COLOUR,
    FIT_MIN_SPAN_DEG,
    FIT_PAD_DEG,
    FULL_MARKER_LIMIT,
    HEX_BASE_ZOOM,
    HEX_RADIUS_PX,
    LEGEND_WIDTH_PX,
    MIN_ZOOM,
    POINT_AREA_PX,
    PROVINCE_FILL_OPACITY,
    PROVINCE_TOOLTIP_NAMES,
    ZERO_COLOUR,
)
from mapping.profile import profile_html
from mapping.programmes import Programme, programme_styles

PROVINCE_ONLY_TEXT = "in the province; the source names no town"


def marker_strategy(n_clusters: int) -> str:
    """``"markers"`` (one marker each, full popups) or ``"canvas"`` (compact arrays)."""
    return "markers" if n_clusters <= FULL_MARKER_LIMIT else "canvas"


def class_colour(
    count: int, classes: Sequence[tuple[int, int]], colours: Sequence[str] = CHOROPLETH_COLOURS
) -> str:
    """The fill of a province (or hexagon) holding ``count`` clusters."""
    if count == 0:
        return ZERO_COLOUR
    offset = len(colours) - len(classes)  # few classes: use the darker end
    for i, (lo, hi) in enumerate(classes):
        if lo <= count <= hi:
            return colours[offset + i]
    return colours[-1]


def province_tooltip(row: Mapping[str, Any]) -> str:
    """A province's name in both scripts, its count and its first cluster names (escaped)."""
    e = html.escape
    count = int(row["cluster_count"])
    noun = "cluster" if count == 1 else "clusters"
    names = row["cluster_names_en"].split("; ") if row["cluster_names_en"] else []
    listed = "".join(f"<li>{e(n)}</li>" for n in names[:PROVINCE_TOOLTIP_NAMES])
    extra = count - min(len(names), PROVINCE_TOOLTIP_NAMES)  # names may be the first few only
    more = f"<li>… and {extra} more</li>" if extra > 0 else ""
    body = f"<ul class='province-names'>{listed}{more}</ul>" if names else ""
    return (
        f"<b>{e(row['name_en'])}</b> · <span dir='rtl' lang='fa'>{e(row['name_fa'])}</span>"
        f"<br>{count} {noun} shown{body}"
    )


def _province_collection(provinces: gpd.GeoDataFrame) -> tuple[str, list[tuple[int, int]]]:
    classes = count_classes(provinces["cluster_count"], len(CHOROPLETH_COLOURS))
    properties = []
    for row in pd.DataFrame(provinces.drop(columns=provinces.geometry.name)).to_dict("records"):
        count = int(row["cluster_count"])
        style = {
            "fillColor": class_colour(count, classes),
            "fillOpacity": PROVINCE_FILL_OPACITY,
            "color": BORDER_COLOUR,
            "weight": 1,
        }
        tooltip = province_tooltip(row)
        properties.append(
            {"iso_code": row["iso_code"], "count": count, "tooltip": tooltip, "style": style}
        )
    return layers.outline_collection(provinces, properties), classes


def cluster_tooltip(row: Mapping[str, Any], styles: Mapping[str, Programme]) -> str:
    """A cluster's name, sector, programme and place (escaped)."""
    e = html.escape
    programme = styles[row["programme"]].label_en
    where = (
        "province-level: no town named" if row["placement"] == "province" else row["locality_en"]
    )
    return (
        f"<b>{e(row['name_en'])}</b><br>{e(row['sector'])} · {e(programme)}"
        f"<br><span class='muted'>{e(where)}, {e(row['province'])}</span>"
    )


def _marker_collection(clusters: pd.DataFrame, styles: Mapping[str, Programme]) -> str:
    offsets = layers.spread_offsets(clusters["map_lat"], clusters["map_lon"])
    properties = [
        {
            "cluster_id": str(row["cluster_id"]),
            "colour": styles[row["programme"]].colour,
            "shape": row["placement"],
            "dx": float(dx),
            "dy": float(dy),
            "tooltip": cluster_tooltip(row, styles),
            "profile": profile_html(row),
        }
        for (_, row), (dx, dy) in zip(clusters.iterrows(), offsets, strict=True)
    ]
    return layers.point_collection(clusters["map_lat"], clusters["map_lon"], properties)


def canvas_texts() -> dict[str, str]:
    """The phrases the canvas layer shows in tooltips and popups (escaped)."""
    e = html.escape
    return {
        "provinceOnly": e("(province-level: no town named)"),
        "findInTable": e("Find it in the table below the map for its full profile."),
    }


def layer_names() -> tuple[str, str]:
    """The names of the province and cluster layers in the layer switcher."""
    return "Provinces", "Clusters"


def _canvas_options() -> dict[str, Any]:
    return {
        "radius": CANVAS_POINT_RADIUS,
        "pointArea": POINT_AREA_PX,
        "hexRadius": HEX_RADIUS_PX,
        "hexZoom": HEX_BASE_ZOOM,
        "densityColours": list(DENSITY_COLOURS),
        "texts": canvas_texts(),
    }


def density_legend_html(levels: Sequence[Sequence[tuple[int, int]]]) -> str:
    """The density view's legend: each hexagon level's count classes.

    The browser shows the block of the level on screen, and only while the
    density view is (see ``static/map/points.js``).
    """
    e = html.escape
    heading = e(_("Clusters per hexagon"))
    hint = e(_("Zoom in to see each cluster."))
    blocks = []
    for level, classes in enumerate(levels):
        steps = []
        for lo, hi in classes:
            label = str(lo) if lo == hi else f"{lo}–{hi}"
            colour = class_colour(lo, classes, DENSITY_COLOURS)
            ink = "#fff" if colour in DENSITY_COLOURS[-DENSITY_DARK_INK_CLASSES:] else "#222"
            steps.append(f"<span style='background:{colour};color:{ink}'>{label}</span>")
        blocks.append(
            f"<div class='legend-density' data-level='{level}'>"
            f"<h4>{heading}</h4><div class='steps'>{''.join(steps)}</div>"
            f"<div class='muted'>{hint}</div></div>"
        )
    return "".join(blocks)


def legend_html(
    classes: Sequence[tuple[int, int]],
    programmes: Sequence[Programme],
    strategy: str = "markers",
    *,
    density: Sequence[Sequence[tuple[int, int]]] = (),
) -> str:
    """The national map's legend: count classes, programmes shown, placement
    shapes, and the density view's classes (``density``, one list per level)."""
    e = html.escape
    rows = ["<div class='legend-provinces'><h4>Clusters per province</h4><div class='steps'>"]
    rows.append(f"<span style='background:{ZERO_COLOUR}'>0</span>")
    for lo, hi in classes:
        label = str(lo) if lo == hi else f"{lo}–{hi}"
        colour = class_colour(lo, classes)
        ink = "#fff" if colour in CHOROPLETH_COLOURS[-DARK_INK_CLASSES:] else "#222"
        rows.append(f"<span style='background:{colour};color:{ink}'>{label}</span>")
    rows.append("</div></div><div class='legend-points'><h4>Programme</h4>")
    rows.extend(layers.legend_row(p.colour, e(p.label_en)) for p in programmes)
    rows.append("<h4>Placement</h4>")
    province_shape = "cm cm-province" if strategy == "markers" else "cm cm-ring"
    rows.append(layers.legend_row(FALLBACK_COLOUR, "at the named town"))
    rows.append(layers.legend_row(FALLBACK_COLOUR, PROVINCE_ONLY_TEXT, province_shape))
    rows.append("</div>")
    rows.append(density_legend_html(density))
    return "".join(rows)


def build_cluster_overlay(
    provinces: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    *,
    programmes: Mapping[str, Programme] | None = None,
) -> ClusterOverlay:
    """What the national map shows for one selection of clusters.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        All 31 provinces with ``cluster_count`` and ``cluster_names_en`` (see
        :func:`mapping.join.summarise_provinces`; the first
        ``PROVINCE_TOOLTIP_NAMES`` names of each province are enough),
        counted over the clusters to show.
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
    styles = dict(programmes) if programmes is not None else programme_styles([])
    styles.update(programme_styles(set(clusters["programme"].unique()) - set(styles)))
    provinces = provinces.to_crs("EPSG:4326")
    province_json, classes = _province_collection(provinces)
    strategy = marker_strategy(len(clusters))
    markers_json = points_json = options_json = None
    density: list[list[tuple[int, int]]] = []
    if strategy == "markers" and len(clusters):
        markers_json = _marker_collection(clusters, styles)
    elif strategy == "canvas":
        payload = canvas_payload(clusters, styles)
        density = [level["classes"] for level in payload["hex"]]
        points_json = str(script_json(payload))
        options_json = str(script_json(_canvas_options()))

    present = set(clusters["programme"].unique())
    shown = [p for code, p in styles.items() if code in present]
    if len(clusters):
        (south, west), (north, east) = layers.padded_bounds(
            clusters["map_lat"], clusters["map_lon"], FIT_PAD_DEG, FIT_MIN_SPAN_DEG
        )
    else:
        west, south, east, north = (float(v) for v in provinces.total_bounds)
    bounds = ((south, west), (north, east))
    return ClusterOverlay(
        provinces_json=province_json,
        markers_json=markers_json,
        points_json=points_json,
        points_options_json=options_json,
        legend=legend_html(classes, shown, strategy, density=density),
        bounds=bounds,
        # Keep the fitted area clear of the legend in the bottom-right corner.
        padding_top_left=(12, 12),
        padding_bottom_right=(LEGEND_WIDTH_PX, 12),
        drawn=len(clusters),
        layer_names=layer_names(),
    )


def cluster_base_map(basemap: str = "none") -> folium.Map:
    """The part of the national map no filter changes: the map, its basemap, its scripts.

    Raises
    ------
    ValueError
        For an unknown basemap.
    """
    return localise_assets(layers.base_map(DEFAULT_CENTER, DEFAULT_ZOOM, MIN_ZOOM, basemap))


def build_cluster_map(
    provinces: gpd.GeoDataFrame,
    clusters: gpd.GeoDataFrame,
    *,
    basemap: str = "none",
    programmes: Mapping[str, Programme] | None = None,
) -> folium.Map:
    """Build the national cluster map: :func:`cluster_base_map` with the
    layer groups of :func:`build_cluster_overlay` and a layer switcher.

    Parameters
    ----------
    provinces, clusters, programmes
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
    m = cluster_base_map(basemap)
    for group in build_cluster_overlay(provinces, clusters, programmes=programmes).groups():
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return localise_assets(m)
