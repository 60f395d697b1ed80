"""The world map of the international case studies as an image.

Countries with a case study shown are shaded as on the interactive world
map, one marker per place in its type's colour; the view is the places'
bounds, as the interactive map opens on them.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from mapping.case_profiles import label_of
from mapping.i18n import gettext
from mapping.images import frame, marks
from mapping.international import TYPE_LABELS
from mapping.maps import layers
from mapping.maps.style import (
    BORDER_COLOUR,
    COUNTRY_OTHER,
    COUNTRY_WITH_CASES,
    FALLBACK_COLOUR,
    TYPE_COLOURS,
    WORLD_FIT_MIN_SPAN_DEG,
    WORLD_FIT_PAD_DEG,
)
from mapping.view import ExportView

# The whole inhabited world, when no place is shown.
WORLD_BOX = (-58.0, -170.0, 78.0, 180.0)
COUNTRY_EDGE_PT = 0.5


def world_map_figure(
    view: ExportView, countries: gpd.GeoDataFrame, cases: pd.DataFrame
) -> frame.Page:
    """Draw the case-study world map of ``view`` on a page.

    Parameters
    ----------
    view : ExportView
        Title, filters in words, data, date and language (``kind="cases"``).
    countries : geopandas.GeoDataFrame
        Country outlines with ``iso_a2``.
    cases : pandas.DataFrame
        The filtered places, with ``latitude``, ``longitude``, ``type`` and
        ``country_code`` (may be empty: the world is shown).

    Returns
    -------
    Page
        The drawn page; :func:`world_map_image` saves it.
    """
    layers.check_columns(countries, "countries", ["iso_a2"])
    layers.check_columns(cases, "cases", ["latitude", "longitude", "type", "country_code"])
    page = frame.new_page(view)
    if len(cases):
        (south, west), (north, east) = layers.padded_bounds(
            cases["latitude"], cases["longitude"], WORLD_FIT_PAD_DEG, WORLD_FIT_MIN_SPAN_DEG
        )
        box = (max(south, -frame.MAX_LAT), west, min(north, frame.MAX_LAT), east)
    else:
        box = WORLD_BOX
    frame.fit(page.map_ax, *box)
    with_cases = set(cases["country_code"])
    projected = countries.to_crs(frame.MAP_CRS)
    fills = [COUNTRY_WITH_CASES if c in with_cases else COUNTRY_OTHER for c in countries["iso_a2"]]
    projected.plot(
        ax=page.map_ax, color=fills, edgecolor=BORDER_COLOUR, linewidth=COUNTRY_EDGE_PT, zorder=2
    )
    frame.fit(page.map_ax, *box)  # plotting moved the limits
    if len(cases):
        x, y = frame.to_map_crs(cases["longitude"], cases["latitude"])
        per_pt = marks.metres_per_point(page.map_ax)
        offsets = layers.spread_offsets(cases["latitude"], cases["longitude"])
        x = [v + dx * per_pt for v, dx in zip(x, offsets[:, 0], strict=True)]
        y = [v - dy * per_pt for v, dy in zip(y, offsets[:, 1], strict=True)]
        colours = [TYPE_COLOURS.get(t, FALLBACK_COLOUR) for t in cases["type"]]
        marks.draw_markers(page.map_ax, x, y, colours, ["o"] * len(cases))
    marks.scale_bar(page)
    marks.north_arrow(page)
    lang = view.lang
    marks.legend_heading(page, gettext("Case study type", lang))
    for kind, colour in TYPE_COLOURS.items():
        marks.legend_row(page, label_of(kind, TYPE_LABELS, lang), marks.marker_key(colour, "o"))
    marks.legend_heading(page, gettext("Countries", lang))
    marks.legend_row(
        page, gettext("country with a case study", lang), marks.swatch(COUNTRY_WITH_CASES)
    )
    marks.legend_row(page, gettext("other country", lang), marks.swatch(COUNTRY_OTHER))
    return page


def world_map_image(
    view: ExportView, countries: gpd.GeoDataFrame, cases: pd.DataFrame, fmt: str = "png"
) -> bytes:
    """:func:`world_map_figure` saved as ``png`` (:data:`frame.PNG_SIZE_PX`) or ``pdf``."""
    return frame.save(world_map_figure(view, countries, cases), fmt)
