"""Colours, sizes and limits of the maps, named once.

Programme colours live with the programmes (:mod:`mapping.programmes`);
everything else a map looks like is here.
"""

from __future__ import annotations

# National map: Iran in view at zoom 5.
DEFAULT_CENTER = (32.4, 53.7)
DEFAULT_ZOOM = 5
MIN_ZOOM = 4
MAX_ZOOM = 12
FIT_MIN_SPAN_DEG = 8.0  # a lone cluster keeps its region around it
FIT_PAD_DEG = 0.4  # keeps markers and their fan-out off the map's edge
MAP_HEIGHT = 620  # px, the national and programme maps
WORLD_MAP_HEIGHT = MAP_HEIGHT - 80

# ColorBrewer "Purples" (sequential, single hue, colour-blind safe); provinces
# without clusters stay neutral grey so "none" never reads as "few".
CHOROPLETH_COLOURS = ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")
ZERO_COLOUR = "#f4f4f4"
# Province borders: dark grey, 4.5:1 against the empty map and the palest fill,
# so Iran and its provinces show offline without a basemap.
BORDER_COLOUR = "#6b6b6b"
DARK_INK_CLASSES = 2  # the darkest classes carry white legend text
PROVINCE_FILL_OPACITY = 0.9

# Basemaps: none by default (the map works offline); OpenStreetMap on request.
BASEMAPS: dict[str, tuple[str, str] | None] = {
    "none": None,
    "osm": ("OpenStreetMap", "&copy; OpenStreetMap contributors"),
}

MARKER_SIZE = 14  # px
LEGEND_WIDTH_PX = 225  # room kept free of clusters when fitting the view
SPREAD_RADIUS = 11  # px between co-located markers and their town
PROVINCE_TOOLTIP_NAMES = 12  # cluster names listed in a province's tooltip

# Marker strategy by size. Up to FULL_MARKER_LIMIT clusters each gets its
# own marker with a tooltip and the full profile in a popup. Above it the
# clusters travel as typed arrays (see mapping.maps.wire) and are drawn
# straight into one canvas; tooltips are assembled in the browser from small
# lookup tables, and names are sent only while they fit (NAME_LIMIT).
FULL_MARKER_LIMIT = 400
NAME_LIMIT = 2_000
CANVAS_POINT_RADIUS = 4.5  # px

# Density view. Where drawing every point would cover the map (more points in
# view than one per POINT_AREA_PX square pixels), the canvas shows hexagons
# coloured by how many clusters each holds, in quantile classes; the points
# come back as one zooms in. Hexagons have HEX_RADIUS_PX at HEX_BASE_ZOOM, and
# each further level halves them for one zoom step more, up to
# HEX_MAX_LEVELS. A registry of up to DENSITY_MIN_POINTS clusters never needs
# the density view on a map of MAP_HEIGHT.
POINT_AREA_PX = 250
DENSITY_MIN_POINTS = 2_500
HEX_RADIUS_PX = 9.0
HEX_BASE_ZOOM = 5
HEX_MAX_LEVELS = 5
# ColorBrewer "YlOrBr" (sequential, colour-blind safe), apart from the
# provinces' purples so the two scales never read as one.
DENSITY_COLOURS = ("#fed98e", "#fec44f", "#fe9929", "#d95f0e", "#993404")
DENSITY_DARK_INK_CLASSES = 2

# World map of the international case studies.
WORLD_CENTER = (30.0, 40.0)
WORLD_ZOOM = 2
WORLD_MIN_ZOOM = 1
WORLD_FIT_PAD_DEG = 3.0
WORLD_FIT_MIN_SPAN_DEG = 15.0
# Okabe-Ito, one colour per case-study type.
TYPE_COLOURS = {
    "science and technology park or corridor": "#0072B2",
    "traditional manufacturing district": "#E69F00",
    "firm network": "#009E73",
}
COUNTRY_WITH_CASES = "#cfc9e6"
COUNTRY_OTHER = "#f2f2f2"
FALLBACK_COLOUR = "#4D4D4D"
