"""The national cluster map as an image: the interactive map's classes, colours and shapes.

Provinces are filled with the choropleth classes of
:mod:`mapping.maps.cluster_map` (opaque, so the fills are exactly the
legend's colours), clusters drawn in their programme's colour, a circle at a
named town and a diamond at a province's representative point, fanned out
where they share a town. The view is the one the interactive map opens on
for the same filters (the clusters' bounds), not a reader's pan and zoom.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
from matplotlib import patheffects

from mapping.i18n import digits, gettext
from mapping.images import frame, marks
from mapping.join import clusters_to_points
from mapping.maps import layers
from mapping.maps.cluster_map import (
    AT_TOWN_TEXT,
    PROVINCE_ONLY_TEXT,
    class_colour,
    marker_strategy,
    province_classes,
)
from mapping.maps.style import (
    BORDER_COLOUR,
    FALLBACK_COLOUR,
    FIT_MIN_SPAN_DEG,
    FIT_PAD_DEG,
    ZERO_COLOUR,
)
from mapping.programmes import Programme, programme_styles
from mapping.view import ExportView

IRAN = "IR"
NEIGHBOUR_FILL = "#e2e2e2"
NEIGHBOUR_EDGE = "#ffffff"
COUNTRY_OUTLINE = "#6f6f80"
PROVINCE_EDGE_PT = 0.7
LABEL_PT = 8.0
LABEL_INK = "#333333"
SPREAD_PT_PER_PX = 1.0  # the interactive map's fan-out, in points instead of pixels


def _view_box(provinces: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> tuple[float, ...]:
    """South, west, north, east: the interactive map's fit for the same clusters."""
    if len(points):
        (south, west), (north, east) = layers.padded_bounds(
            points["map_lat"], points["map_lon"], FIT_PAD_DEG, FIT_MIN_SPAN_DEG
        )
        return south, west, north, east
    west, south, east, north = provinces.to_crs("EPSG:4326").total_bounds
    return south, west, north, east


def _draw_neighbours(page: frame.Page, countries: gpd.GeoDataFrame | None) -> None:
    if countries is None or countries.empty:
        return
    others = countries.loc[countries["iso_a2"].ne(IRAN)].to_crs(frame.MAP_CRS)
    x0, x1 = page.map_ax.get_xlim()
    y0, y1 = page.map_ax.get_ylim()
    visible = others.cx[x0:x1, y0:y1]
    if not visible.empty:
        visible.plot(
            ax=page.map_ax,
            color=NEIGHBOUR_FILL,
            edgecolor=NEIGHBOUR_EDGE,
            linewidth=0.5,
            zorder=1,
        )


def _draw_provinces(page: frame.Page, provinces: gpd.GeoDataFrame) -> list[tuple[int, int]]:
    classes = province_classes(provinces["cluster_count"])
    projected = provinces.to_crs(frame.MAP_CRS)
    fills = [class_colour(int(c), classes) for c in projected["cluster_count"]]
    projected.plot(
        ax=page.map_ax,
        color=fills,
        edgecolor=BORDER_COLOUR,
        linewidth=PROVINCE_EDGE_PT,
        zorder=2,
    )
    gpd.GeoSeries([projected.union_all()], crs=frame.MAP_CRS).boundary.plot(
        ax=page.map_ax, color=COUNTRY_OUTLINE, linewidth=0.9, zorder=3
    )
    return classes


# Where a province's name may go, tried in turn until it covers no marker:
# (dx, dy) in points from the province's middle, and the text's anchor.
LABEL_PLACES = (
    ((0.0, -10.0), "center", "top"),
    ((0.0, 10.0), "center", "bottom"),
    ((12.0, 0.0), "left", "center"),
    ((-12.0, 0.0), "right", "center"),
    ((0.0, -24.0), "center", "top"),
)
MARKER_RADIUS_PT = 7.0
LABEL_CHECK_LIMIT = 2_000  # above it the dots are too dense to dodge: labels go on top


def _label_box(
    dx: float, dy: float, ha: str, va: str, width: float, height: float
) -> tuple[float, float, float, float]:
    """The label's box (left, bottom, right, top) in points from the anchor."""
    left = {"center": dx - width / 2, "left": dx, "right": dx - width}[ha]
    bottom = {"top": dy - height, "bottom": dy, "center": dy - height / 2}[va]
    return left, bottom, left + width, bottom + height


def _label_place(
    name: str, markers_pt: list[tuple[float, float]]
) -> tuple[tuple[float, float], str, str]:
    """The first of :data:`LABEL_PLACES` whose text covers no marker (else the first)."""
    width, height = len(name) * LABEL_PT * 0.55, LABEL_PT * 1.3
    r = MARKER_RADIUS_PT
    for (dx, dy), ha, va in LABEL_PLACES:
        left, bottom, right, top = _label_box(dx, dy, ha, va, width, height)
        if not any(
            left - r < mx < right + r and bottom - r < my < top + r for mx, my in markers_pt
        ):
            return (dx, dy), ha, va
    return LABEL_PLACES[0]


def _label_provinces(
    page: frame.Page, provinces: gpd.GeoDataFrame, markers: list[tuple[float, float]]
) -> None:
    """Name the provinces that hold clusters, near their middle but off the markers
    (map coordinates in ``markers``): a printed map has no hover."""
    ax, lang = page.map_ax, page.view.lang
    held = provinces.loc[provinces["cluster_count"].gt(0)]
    anchors = held.to_crs("EPSG:4326").representative_point()
    x, y = frame.to_map_crs(anchors.x, anchors.y)
    names = held["name_fa"] if lang == "fa" else held["name_en"]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_pt = marks.metres_per_point(ax)
    for px, py, name in zip(x, y, names, strict=True):
        if not (x0 < px < x1 and y0 < py < y1):
            continue
        near = [((mx - px) / per_pt, (my - py) / per_pt) for mx, my in markers]
        offset, ha, va = _label_place(str(name), near)
        ax.annotate(
            page.view.directed(str(name)),
            xy=(px, py),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontproperties=frame.font(LABEL_PT),
            color=LABEL_INK,
            annotation_clip=True,
            parse_math=False,
            zorder=35,  # over the markers, should one still be in the way
            path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
        )


def _draw_clusters(
    page: frame.Page, points: gpd.GeoDataFrame, styles: Mapping[str, Programme]
) -> list[tuple[float, float]]:
    """Draw the clusters; return where their markers stand (map coordinates)."""
    if points.empty:
        return []
    small = marker_strategy(len(points)) == "canvas"
    x, y = frame.to_map_crs(points["map_lon"], points["map_lat"])
    if not small:
        per_pt = marks.metres_per_point(page.map_ax) * SPREAD_PT_PER_PX
        offsets = layers.spread_offsets(points["map_lat"], points["map_lon"])
        x = [v + dx * per_pt for v, dx in zip(x, offsets[:, 0], strict=True)]
        y = [v - dy * per_pt for v, dy in zip(y, offsets[:, 1], strict=True)]
    at_province = points["placement"].eq("province").tolist()
    colours = [styles[p].colour for p in points["programme"]]
    if small:
        for ring in (False, True):
            idx = [i for i, p in enumerate(at_province) if p == ring]
            marks.draw_markers(
                page.map_ax,
                [x[i] for i in idx],
                [y[i] for i in idx],
                [colours[i] for i in idx],
                ["o"] * len(idx),
                ring=ring,
                small=True,
            )
        return list(zip(x, y, strict=True))
    shapes = ["D" if p else "o" for p in at_province]
    marks.draw_markers(page.map_ax, x, y, colours, shapes)
    return list(zip(x, y, strict=True))


def _legend(
    page: frame.Page,
    classes: list[tuple[int, int]],
    shown: list[Programme],
    small: bool,
    neighbours: bool,
) -> None:
    lang = page.view.lang
    marks.legend_heading(page, gettext("Clusters per province", lang))
    marks.legend_row(page, digits("0", lang), marks.swatch(ZERO_COLOUR))
    for lo, hi in classes:
        label = digits(str(lo) if lo == hi else f"{lo}–{hi}", lang)
        marks.legend_row(page, label, marks.swatch(class_colour(lo, classes)))
    if neighbours:
        marks.legend_row(page, gettext("neighbouring country", lang), marks.swatch(NEIGHBOUR_FILL))
    if shown:
        marks.legend_heading(page, gettext("Programme", lang))
        for p in shown:
            marks.legend_row(page, p.label(lang), marks.marker_key(p.colour, "o"))
    marks.legend_heading(page, gettext("Placement", lang))
    marks.legend_row(page, gettext(AT_TOWN_TEXT, lang), marks.marker_key(FALLBACK_COLOUR, "o"))
    province_key = (
        marks.marker_key(FALLBACK_COLOUR, "o", ring=True)
        if small
        else marks.marker_key(FALLBACK_COLOUR, "D")
    )
    marks.legend_row(page, gettext(PROVINCE_ONLY_TEXT, lang), province_key)


def cluster_map_figure(
    view: ExportView,
    provinces: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    *,
    programmes: Mapping[str, Programme] | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> frame.Page:
    """Draw the national cluster map of ``view`` on a page (see :mod:`mapping.images.frame`).

    Parameters
    ----------
    view : ExportView
        Title, filters in words, data, date and language.
    provinces : geopandas.GeoDataFrame
        All 31 provinces with ``cluster_count`` over ``clusters``
        (:func:`mapping.join.summarise_provinces`).
    clusters : pandas.DataFrame
        The filtered registry rows (may be empty: the whole country is shown).
    programmes : Mapping, optional
        The whole registry's programme styles, so colours match the page.
    countries : geopandas.GeoDataFrame, optional
        World outlines (``iso_a2``); neighbouring countries are drawn in grey.

    Returns
    -------
    Page
        The drawn page; :func:`cluster_map_image` saves it.
    """
    layers.check_columns(provinces, "provinces", ["iso_code", "cluster_count"])
    points = clusters_to_points(clusters, provinces)
    styles = dict(programmes) if programmes is not None else {}
    styles.update(programme_styles(set(points["programme"]) - set(styles)))
    page = frame.new_page(view)
    frame.fit(page.map_ax, *_view_box(provinces, points))
    _draw_neighbours(page, countries)
    classes = _draw_provinces(page, provinces)
    frame.fit(page.map_ax, *_view_box(provinces, points))  # plotting moved the limits
    markers = _draw_clusters(page, points, styles)
    _label_provinces(page, provinces, markers if len(markers) <= LABEL_CHECK_LIMIT else [])
    marks.scale_bar(page)
    marks.north_arrow(page)
    present = set(points["programme"])
    shown = [p for code, p in styles.items() if code in present]
    small = marker_strategy(len(points)) == "canvas"
    _legend(page, classes, shown, small, countries is not None)
    return page


def cluster_map_image(
    view: ExportView,
    provinces: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    fmt: str = "png",
    *,
    programmes: Mapping[str, Programme] | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> bytes:
    """:func:`cluster_map_figure` saved as ``png`` (:data:`frame.PNG_SIZE_PX`) or ``pdf``."""
    page = cluster_map_figure(view, provinces, clusters, programmes=programmes, countries=countries)
    return frame.save(page, fmt)
