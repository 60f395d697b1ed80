"""The national cluster map: provinces shaded by cluster count, clusters as
markers coloured by programme, a legend, tooltips and profiles.

All text from data is HTML-escaped before it is put in a feature property;
properties reach the page as script-safe JSON (:func:`script_json`).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from mapping.i18n import N_, Message, digits, gettext, nmessage
from mapping.localise import localised, localised_value
from mapping.maps import layers
from mapping.maps import measure_layer as measured
from mapping.maps.elements import CompactPoints, FeatureLayer, HtmlControl
from mapping.maps.style import (
    BORDER_COLOUR,
    CANVAS_POINT_RADIUS,
    CHOROPLETH_COLOURS,
    COORD_SCALE,
    DARK_INK_CLASSES,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    FALLBACK_COLOUR,
    FIT_MIN_SPAN_DEG,
    FIT_PAD_DEG,
    FULL_MARKER_LIMIT,
    LEGEND_WIDTH_PX,
    MARKER_SIZE,
    MIN_ZOOM,
    NAME_LIMIT,
    PROVINCE_FILL_OPACITY,
    PROVINCE_FLAG,
    PROVINCE_TOOLTIP_NAMES,
    ZERO_COLOUR,
)
from mapping.measures import MEASURES, NO_SIZE, marker_sizes
from mapping.profile import profile_html
from mapping.programmes import Programme, programme_styles

PROVINCE_ONLY_TEXT = N_("in the province; the source names no town")
AT_TOWN_TEXT = N_("at the named town")


def marker_strategy(n_clusters: int) -> str:
    """``"markers"`` (one marker each, full popups) or ``"canvas"`` (compact arrays)."""
    return "markers" if n_clusters <= FULL_MARKER_LIMIT else "canvas"


def count_classes(
    max_count: int, n_classes: int = len(CHOROPLETH_COLOURS)
) -> list[tuple[int, int]]:
    """Split 1..max_count into at most ``n_classes`` ranges for the choropleth.

    Small counts get one class each (1, 2, 3 ...); larger ones get ranges
    growing geometrically, so a few very large provinces do not wash out the
    rest.

    Parameters
    ----------
    max_count : int
        The largest number of clusters in one province (0 gives no classes).
    n_classes : int
        The most classes to use.

    Returns
    -------
    list of (low, high)
        Inclusive, contiguous ranges covering 1..max_count.
    """
    if max_count < 1:
        return []
    if max_count <= n_classes:
        return [(i, i) for i in range(1, max_count + 1)]
    edges = np.unique(np.round(np.geomspace(1, max_count + 1, n_classes + 1)).astype(int))
    edges[-1] = max_count + 1
    return [(int(lo), int(hi) - 1) for lo, hi in itertools.pairwise(edges)]


def class_colour(count: int, classes: Sequence[tuple[int, int]]) -> str:
    """The fill of a province holding ``count`` clusters."""
    if count == 0:
        return ZERO_COLOUR
    offset = len(CHOROPLETH_COLOURS) - len(classes)  # few classes: use the darker end
    for i, (lo, hi) in enumerate(classes):
        if lo <= count <= hi:
            return CHOROPLETH_COLOURS[offset + i]
    return CHOROPLETH_COLOURS[-1]


def province_tooltip(row: Mapping[str, Any], lang: str = "en") -> str:
    """A province's name, its count and its first cluster names (escaped), in ``lang``."""
    e = html.escape
    count = int(row["cluster_count"])
    shown = nmessage("{n} cluster shown", "{n} clusters shown", n=count).render(lang)
    column = "cluster_names_fa" if lang == "fa" else "cluster_names_en"
    names = row[column].split("; ") if row[column] else []
    listed = "".join(f"<li>{e(n)}</li>" for n in names[:PROVINCE_TOOLTIP_NAMES])
    extra = len(names) - PROVINCE_TOOLTIP_NAMES
    more = Message("… and {n} more", n=extra).render(lang) if extra > 0 else ""
    body = listed + (f"<li>{e(more)}</li>" if more else "")
    body = f"<ul class='province-names'>{body}</ul>" if names else ""
    if lang == "fa":
        title = f"<b>{e(row['name_fa'])}</b>"
    else:
        title = f"<b>{e(row['name_en'])}</b> · <span dir='rtl' lang='fa'>{e(row['name_fa'])}</span>"
    return f"{title}<br>{e(shown)}{body}"


def _province_layer(
    provinces: gpd.GeoDataFrame, lang: str, measure: str | None = None, links: bool = False
) -> tuple[FeatureLayer, list[tuple[int, int]]]:
    values = provinces["measure_value"] if measure else provinces["cluster_count"]
    classes = count_classes(int(values.max()))
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
    name = gettext("Provinces", lang)
    layer = FeatureLayer(layers.outline_collection(provinces, properties), name, "area")
    return layer, classes


def cluster_tooltip(
    row: Mapping[str, Any], styles: Mapping[str, Programme], lang: str = "en"
) -> str:
    """A cluster's name, sector, programme and place (escaped), in ``lang``."""
    e = html.escape
    programme = styles[row["programme"]].label(lang)
    if row["placement"] == "province":
        where = gettext("province-level: no town named", lang)
    else:
        where = localised_value(row, "locality_en", lang)
    name = localised_value(row, "name_en", lang)
    sector = localised_value(row, "sector", lang)
    province = localised_value(row, "province", lang)
    comma = gettext(", ", lang)
    return (
        f"<b>{e(name)}</b><br>{e(sector)} · {e(programme)}"
        f"<br><span class='muted'>{e(where)}{e(comma)}{e(province)}</span>"
    )


def _marker_layer(
    clusters: gpd.GeoDataFrame,
    styles: Mapping[str, Programme],
    lang: str,
    sizes: np.ndarray | None = None,
) -> FeatureLayer:
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
    data = layers.point_collection(clusters["map_lat"], clusters["map_lon"], properties)
    name = gettext("Clusters", lang)
    return FeatureLayer(data, name, "point", marker_half_size=MARKER_SIZE // 2)


def compact_payload(
    clusters: pd.DataFrame, styles: Mapping[str, Programme], lang: str = "en"
) -> dict:
    """Encode clusters for :class:`CompactPoints`, column by column.

    Parameters
    ----------
    clusters : pandas.DataFrame
        With ``map_lat``, ``map_lon``, ``programme``, ``placement``,
        ``sector``, ``province``, ``province_fa`` and ``name_en``.
    styles : Mapping
        Every programme code of ``clusters`` to its :class:`Programme`.
    lang : str
        The language of the labels (``fa`` or ``en``).

    Returns
    -------
    dict
        Integer arrays and escaped lookup tables; names only up to
        ``NAME_LIMIT`` clusters.
    """
    e = html.escape
    present = set(clusters["programme"].unique())
    codes = [c for c in styles if c in present]
    programme_idx = pd.Categorical(clusters["programme"], categories=codes).codes
    flag = np.where(clusters["placement"].eq("province"), PROVINCE_FLAG, 0)
    sector = localised(clusters, "sector", lang).astype("category").cat
    province = clusters["province"].astype("category").cat
    province_fa = dict(zip(clusters["province"], clusters["province_fa"], strict=True))
    names = localised(clusters, "name_en", lang) if len(clusters) <= NAME_LIMIT else None
    return {
        "lat": np.round(clusters["map_lat"].to_numpy() * COORD_SCALE).astype(int).tolist(),
        "lon": np.round(clusters["map_lon"].to_numpy() * COORD_SCALE).astype(int).tolist(),
        "p": (programme_idx + flag).tolist(),
        "s": sector.codes.to_numpy().tolist(),
        "v": province.codes.to_numpy().tolist(),
        "programmes": [[e(styles[c].label(lang)), styles[c].colour] for c in codes],
        "sectors": [e(str(c)) for c in sector.categories],
        "provinces": [
            e(str(province_fa[c]))
            if lang == "fa"
            else f"{e(str(c))} · <span dir='rtl' lang='fa'>{e(str(province_fa[c]))}</span>"
            for c in province.categories
        ],
        "names": None if names is None else [e(n) for n in names],
    }


def _canvas_layer(
    clusters: gpd.GeoDataFrame,
    styles: Mapping[str, Programme],
    lang: str,
    sizes: np.ndarray | None = None,
) -> CompactPoints:
    e = html.escape
    options = {
        "scale": COORD_SCALE,
        "flag": PROVINCE_FLAG,
        "radius": CANVAS_POINT_RADIUS,
        "texts": {
            "provinceOnly": e(gettext("(province-level: no town named)", lang)),
            "findInTable": e(
                gettext("Find it in the table below the map for its full profile.", lang)
            ),
        },
    }
    payload = compact_payload(clusters, styles, lang)
    if sizes is not None:
        # Radii relative to the standard marker, which the canvas draws at its own radius.
        scale = CANVAS_POINT_RADIUS / (MARKER_SIZE / 2)
        payload["r"] = np.round(sizes / 2 * scale * 10).astype(int).tolist()  # tenths of px
    return CompactPoints(payload, options, name=gettext("Clusters", lang))


def legend_html(
    classes: Sequence[tuple[int, int]],
    programmes: Sequence[Programme],
    strategy: str = "markers",
    lang: str = "en",
    point_legend: str = N_("Programme"),
    *,
    measure: str | None = None,
    extra: str = "",
) -> str:
    """The national map's legend: count classes, programmes shown, placement shapes.

    ``point_legend`` (a catalogue msgid) heads the list of marker colours;
    ``measure`` (a key of :data:`mapping.measures.MEASURES`) heads the
    classes; ``extra`` (trusted HTML) is added at the end.
    """
    e = html.escape
    heading = gettext(MEASURES[measure].legend if measure else "Clusters per province", lang)
    rows = [f"<h4>{e(heading)}</h4><div class='steps'>"]
    rows.append(f"<span style='background:{ZERO_COLOUR}'>{digits('0', lang)}</span>")
    for lo, hi in classes:
        label = digits(str(lo) if lo == hi else f"{lo}–{hi}", lang)
        colour = class_colour(lo, classes)
        ink = "#fff" if colour in CHOROPLETH_COLOURS[-DARK_INK_CLASSES:] else "#222"
        rows.append(f"<span style='background:{colour};color:{ink}'>{label}</span>")
    heading = gettext(point_legend, lang)
    rows.append(f"</div>{measured.not_stated_legend(measure, lang)}<h4>{e(heading)}</h4>")
    rows.extend(layers.legend_row(p.colour, e(p.label(lang)), glyph=p.glyph) for p in programmes)
    heading = gettext("Placement", lang)
    rows.append(f"<h4>{e(heading)}</h4>")
    province_shape = "cm cm-province" if strategy == "markers" else "cm cm-ring"
    rows.append(layers.legend_row(FALLBACK_COLOUR, e(gettext(AT_TOWN_TEXT, lang))))
    rows.append(
        layers.legend_row(FALLBACK_COLOUR, e(gettext(PROVINCE_ONLY_TEXT, lang)), province_shape)
    )
    rows.append(extra)
    return "".join(rows)


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
    """Build the national cluster map.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        All 31 provinces with ``cluster_count`` and ``cluster_names_en`` (see
        :func:`mapping.join.summarise_provinces`), counted over the clusters
        to show.
    clusters : geopandas.GeoDataFrame
        The clusters to draw, with ``map_lat``/``map_lon`` and ``placement``
        (see :func:`mapping.join.clusters_to_points`). May be empty: the map
        then shows every province in neutral grey, fitted to Iran.
    basemap : str
        ``"none"`` (default; works offline) or ``"osm"`` (OpenStreetMap
        tiles, needs internet).
    programmes : Mapping, optional
        Every programme code the registry holds to its style (see
        :func:`mapping.programmes.programme_styles`); pass the whole
        registry's so colours stay put as filters change. By default, the
        styles of the programmes in ``clusters``.
    lang : str
        The reader's language, ``en`` or ``fa`` (right to left: the legend
        and the controls change sides).
    point_legend : str
        The heading of the marker colours in the legend (a catalogue msgid);
        the "What changed" map colours clusters by change instead of programme.
    measure, size_by, province_links : str, str, bool, optional
        Shade provinces by a key of :data:`mapping.measures.MEASURES` (with the
        columns of :func:`mapping.measures.province_measure`); size markers by
        ``firms`` or ``employees``; link each province to its profile page.

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
    layers.check_columns(
        provinces, "provinces", ["iso_code", "name_en", "name_fa", "cluster_count"]
    )
    layers.check_columns(
        clusters, "clusters", ["cluster_id", "name_en", "programme", "placement", "map_lat"]
    )
    styles = dict(programmes) if programmes is not None else programme_styles([])
    styles.update(programme_styles(set(clusters["programme"]) - set(styles)))
    provinces = provinces.to_crs("EPSG:4326")
    m = layers.base_map(DEFAULT_CENTER, DEFAULT_ZOOM, MIN_ZOOM, basemap, lang)

    if measure and measure != "clusters":
        layers.check_columns(provinces, "provinces", ["measure_value", "measure_unknown"])
    layer, classes = _province_layer(provinces, lang, measure, province_links)
    layer.add_to(m)
    sizes, largest = None, 0.0
    if size_by and size_by != NO_SIZE:
        sizes, largest = marker_sizes(clusters[size_by], MARKER_SIZE)
    strategy = marker_strategy(len(clusters))
    if strategy == "markers" and len(clusters):
        _marker_layer(clusters, styles, lang, sizes).add_to(m)
    elif strategy == "canvas":
        _canvas_layer(clusters, styles, lang, sizes).add_to(m)

    present = set(clusters["programme"].unique())
    shown = [p for code, p in styles.items() if code in present]
    extra = measured.size_legend(size_by, largest, MARKER_SIZE, lang)
    legend = legend_html(classes, shown, strategy, lang, point_legend, measure=measure, extra=extra)
    HtmlControl(legend, layers.corner("bottomright", lang), "map-legend", lang).add_to(m)
    if len(clusters):
        bounds = layers.padded_bounds(
            clusters["map_lat"], clusters["map_lon"], FIT_PAD_DEG, FIT_MIN_SPAN_DEG
        )
    else:
        minx, miny, maxx, maxy = provinces.total_bounds
        bounds = [[miny, minx], [maxy, maxx]]
    # Keep the fitted area clear of the legend (bottom right, or bottom left in Persian).
    if lang == "fa":
        m.fit_bounds(bounds, padding_top_left=(LEGEND_WIDTH_PX, 12), padding_bottom_right=(12, 12))
    else:
        m.fit_bounds(bounds, padding_top_left=(12, 12), padding_bottom_right=(LEGEND_WIDTH_PX, 12))
    return layers.finish(m, len(clusters), lang)
