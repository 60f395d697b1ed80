"""The one map builder every page uses: provinces coloured by cluster count,
clusters as markers coloured by programme, legends, tooltips and profiles.

The map needs nothing from outside the app: no tile layer unless a basemap
is asked for, Leaflet from the app's static folder (see
:mod:`mapping.assets`), and no branca colormap (it pulls d3 from a CDN).
All text from data is HTML-escaped before it is put in a feature property;
properties reach the page through :func:`script_json`, which also escapes
``<``, ``>``, ``&`` and ``'`` for the script context.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.geometry
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup

from mapping.assets import localise_assets
from mapping.profile import profile_html
from mapping.registry import PROGRAMME_LABELS, PROGRAMMES

DEFAULT_CENTER = (32.4, 53.7)
DEFAULT_ZOOM = 5
MIN_ZOOM = 4
MAX_ZOOM = 12
FIT_MIN_SPAN_DEG = 8.0  # a lone cluster keeps its region around it
MAP_HEIGHT = 620

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
PROGRAMME_COLOURS = {
    "UNIDO": "#0072B2",
    "IPI": "#E69F00",
    "IMM": "#009E73",
    "local experts": "#CC79A7",
    "internal experts": "#D55E00",
    "none": "#4D4D4D",
}
# ColorBrewer "Purples" (sequential, single hue, colour-blind safe); provinces
# without clusters stay neutral grey so "none" never reads as "few".
CHOROPLETH_COLOURS = ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f")
ZERO_COLOUR = "#f4f4f4"
BORDER_COLOUR = "#ffffff"
BASEMAPS = {
    "none": None,
    "osm": ("OpenStreetMap", "&copy; OpenStreetMap contributors"),
}
MARKER_SIZE = 14  # px
LEGEND_WIDTH_PX = 225
# Marker strategy by size. Up to FULL_MARKER_LIMIT clusters each gets its
# own marker with a tooltip and the full profile in a popup. Above it the
# clusters travel as compact integer arrays and are drawn on one canvas;
# tooltips are assembled in the browser from small lookup tables, and names
# are sent only while they fit (NAME_LIMIT).
FULL_MARKER_LIMIT = 400
NAME_LIMIT = 2_000
COORD_SCALE = 10_000  # coordinates sent as integers of 1e-4 degree (about 11 m)
PROVINCE_FLAG = 8  # added to the programme index of a province-level point
PROVINCE_ONLY_TEXT = "in the province; the source names no town"
SPREAD_RADIUS = 11  # px between co-located markers and their town

_CSS = """
<style>
.leaflet-container { background: #e8eef3; font: 13px/1.4 system-ui, sans-serif; }
.cm { display: block; width: 14px; height: 14px; box-sizing: border-box;
      border: 2px solid #fff; box-shadow: 0 0 0 1px #222; border-radius: 50%; }
.cm.cm-province { border-radius: 2px; transform: rotate(45deg) scale(.9); }
.cm.cm-ring { background: #fff !important; border: 2px solid #4D4D4D; box-shadow: none; }
.map-legend { background: rgba(255,255,255,.92); padding: 5px 8px; border-radius: 4px;
              box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 205px; font-size: 11.5px;
              line-height: 1.25; }
.map-legend h4 { margin: 4px 0 2px; font-size: 11.5px; }
.map-legend h4:first-child { margin-top: 0; }
.map-legend .row { display: flex; align-items: center; gap: 5px; margin: 1px 0; }
.map-legend .steps { display: flex; gap: 2px; }
.map-legend .steps span { display: inline-block; min-width: 22px; padding: 1px 2px;
              text-align: center; border: 1px solid #bbb; }
.map-legend .cm { flex: none; }
.cluster-profile h4 { margin: 0 0 6px; }
.cluster-profile table { border-collapse: collapse; font-size: 12px; }
.cluster-profile th, .cluster-profile td { text-align: left; vertical-align: top;
      padding: 2px 6px 2px 0; border-bottom: 1px solid #eee; }
.cluster-profile td:last-child { color: #666; font-size: 11px; }
</style>
"""

# Builds each cluster marker from its feature: colour, shape and a pixel
# offset that fans out clusters sharing one town, at every zoom.
_POINT_TO_LAYER = JsCode(
    """
function (feature, latlng) {
    var p = feature.properties, half = HALF_SIZE;
    var span = document.createElement('span');
    span.className = 'cm' + (p.shape === 'province' ? ' cm-province' : '');
    span.style.background = p.colour;
    return L.marker(latlng, {
        icon: L.divIcon({className: '', html: span.outerHTML, iconSize: [2 * half, 2 * half],
                         iconAnchor: [half - p.dx, half - p.dy]}),
        keyboard: true, title: ''
    });
}
""".replace("HALF_SIZE", str(MARKER_SIZE // 2))
)
_BIND_CLUSTER = JsCode(
    """
function (feature, layer) {
    layer.bindTooltip(feature.properties.tooltip, {direction: 'top', offset: [0, -8]});
    layer.bindPopup(feature.properties.profile,
        {maxWidth: 400, maxHeight: 320, autoPanPadding: [16, 16]});
}
"""
)
_BIND_PROVINCE = JsCode(
    """
function (feature, layer) {
    layer.bindTooltip(feature.properties.tooltip, {sticky: true});
    layer.on({
        mouseover: function (e) { e.target.setStyle({weight: 2.5, color: '#222'}); },
        mouseout: function (e) { e.target.setStyle(feature.properties.style); }
    });
}
"""
)


class HtmlControl(MacroElement):
    """A Leaflet control holding trusted HTML (built here from escaped text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = "") -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html_text
        self.position = position
        self.css_class = css_class


class FocusWithoutScroll(MacroElement):
    """Stop the page from jumping when a map that is partly off screen is clicked.

    Leaflet focuses the map container on mousedown (for keyboard panning).
    Inside Streamlit's component iframe that focus scrolls the *parent* page
    to reveal the map, so the mouseup lands somewhere else and the click on a
    marker is lost. Focusing with ``preventScroll`` keeps keyboard support.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (container) {
            var focus = container.focus.bind(container);
            container.focus = function (options) {
                focus(Object.assign({preventScroll: true}, options || {}));
            };
        })({{ this._parent.get_name() }}.getContainer());
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class CompactPoints(folium.map.Layer):
    """Many clusters as canvas circle markers, built in the browser from arrays.

    ``payload`` holds ``lat``/``lon`` (integers, see ``COORD_SCALE``), ``p``
    (programme index, plus ``PROVINCE_FLAG`` for province-level points),
    ``s`` and ``v`` (sector and province indexes), the lookup tables
    ``programmes`` ([label, colour]), ``sectors``, ``provinces``, and
    ``names`` (or null). Every string in it is already HTML-escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var d = {{ this.payload_json }};
            // Its own pane above the province shapes (overlayPane, z 400) and
            // below markers and tooltips (z 600+), whatever order layers load in.
            var pane = map.getPane('clusterPoints') || map.createPane('clusterPoints');
            pane.style.zIndex = 450;
            var renderer = L.canvas({padding: 0.3, pane: 'clusterPoints'});
            var group = L.featureGroup();
            for (var i = 0; i < d.lat.length; i++) {
                var code = d.p[i], province = code >= {{ this.flag }};
                var colour = d.programmes[code % {{ this.flag }}][1];
                L.circleMarker([d.lat[i] / {{ this.scale }}, d.lon[i] / {{ this.scale }}], {
                    renderer: renderer, radius: {{ this.radius }}, idx: i,
                    color: province ? colour : '#ffffff', weight: province ? 2 : 0.8,
                    fillColor: province ? '#ffffff' : colour, fillOpacity: 0.9
                }).addTo(group);
            }
            function describe(i) {
                var code = d.p[i], province = code >= {{ this.flag }};
                var head = d.names ? '<b>' + d.names[i] + '</b><br>' : '';
                var where = d.provinces[d.v[i]];
                return head + d.sectors[d.s[i]] + ' · ' + d.programmes[code % {{ this.flag }}][0]
                    + '<br><span style="color:#555">' + where
                    + (province ? ' (province-level: no town named)' : '') + '</span>';
            }
            group.on('mouseover', function (e) {
                if (!e.layer.getTooltip()) {
                    e.layer.bindTooltip(describe(e.layer.options.idx), {direction: 'top'});
                }
                e.layer.openTooltip();
            });
            group.on('click', function (e) {
                L.popup({maxWidth: 320}).setLatLng(e.latlng)
                    .setContent(describe(e.layer.options.idx)
                        + '<br><i>Find it in the table below the map for its full profile.</i>')
                    .openOn(map);
            });
            return group;
        })({{ this._parent.get_name() }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict, name: str = "Clusters", radius: float = 4.5) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "CompactPoints"
        self.payload_json = script_json(payload)
        self.radius = radius
        self.flag = PROVINCE_FLAG
        self.scale = COORD_SCALE


class DrawnFlag(MacroElement):
    """Marks the map container with the number of clusters drawn, once all layers
    are on the map: ``data-clusters-drawn``. Tests and the benchmark wait for it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().dataset.clustersDrawn = {{ this.count }};
        {% endmacro %}
        """
    )

    def __init__(self, count: int) -> None:
        super().__init__()
        self._name = "DrawnFlag"
        self.count = int(count)


def marker_strategy(n_clusters: int) -> str:
    """``"markers"`` (one marker each, full popups) or ``"canvas"`` (compact arrays)."""
    return "markers" if n_clusters <= FULL_MARKER_LIMIT else "canvas"


def compact_payload(clusters: pd.DataFrame) -> dict:
    """Encode clusters for :class:`CompactPoints`, column by column.

    Parameters
    ----------
    clusters : pandas.DataFrame
        With ``map_lat``, ``map_lon``, ``programme``, ``placement``,
        ``sector``, ``province``, ``province_fa`` and ``name_en``.

    Returns
    -------
    dict
        Integer arrays and escaped lookup tables; names only up to
        ``NAME_LIMIT`` clusters.
    """
    e = html.escape
    present = set(clusters["programme"].unique())
    programme_codes = [p for p in PROGRAMMES if p in present] + sorted(present - set(PROGRAMMES))
    programme_idx = pd.Categorical(clusters["programme"], categories=programme_codes).codes
    flag = np.where(clusters["placement"].eq("province"), PROVINCE_FLAG, 0)
    sector = clusters["sector"].astype("category").cat
    province = clusters["province"].astype("category").cat
    province_fa = dict(zip(clusters["province"], clusters["province_fa"], strict=True))
    return {
        "lat": np.round(clusters["map_lat"].to_numpy() * COORD_SCALE).astype(int).tolist(),
        "lon": np.round(clusters["map_lon"].to_numpy() * COORD_SCALE).astype(int).tolist(),
        "p": (programme_idx + flag).tolist(),
        "s": sector.codes.to_numpy().tolist(),
        "v": province.codes.to_numpy().tolist(),
        "programmes": [
            [e(PROGRAMME_LABELS.get(c, c)), PROGRAMME_COLOURS.get(c, PROGRAMME_COLOURS["none"])]
            for c in programme_codes
        ],
        "sectors": [e(str(c)) for c in sector.categories],
        "provinces": [
            f"{e(str(c))} · <span dir='rtl' lang='fa'>{e(str(province_fa[c]))}</span>"
            for c in province.categories
        ],
        "names": [e(str(n)) for n in clusters["name_en"]] if len(clusters) <= NAME_LIMIT else None,
    }


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


def _class_colour(count: int, classes: Sequence[tuple[int, int]]) -> str:
    if count == 0:
        return ZERO_COLOUR
    offset = len(CHOROPLETH_COLOURS) - len(classes)  # few classes: use the darker end
    for i, (lo, hi) in enumerate(classes):
        if lo <= count <= hi:
            return CHOROPLETH_COLOURS[offset + i]
    return CHOROPLETH_COLOURS[-1]


def _province_tooltip(row: Mapping[str, Any]) -> str:
    e = html.escape
    count = int(row["cluster_count"])
    noun = "cluster" if count == 1 else "clusters"
    names = row["cluster_names_en"].split("; ") if row["cluster_names_en"] else []
    listed = "".join(f"<li>{e(n)}</li>" for n in names[:12])
    more = f"<li>… and {len(names) - 12} more</li>" if len(names) > 12 else ""
    body = f"<ul style='margin:4px 0 0 16px;padding:0'>{listed}{more}</ul>" if names else ""
    return (
        f"<b>{e(row['name_en'])}</b> · <span dir='rtl' lang='fa'>{e(row['name_fa'])}</span>"
        f"<br>{count} {noun} shown{body}"
    )


_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_RE = re.compile("[<>&'\u2028\u2029]")


def script_json(obj: object) -> Markup:
    """Compact JSON that is safe to place inside a ``<script>`` element.

    Like Jinja's ``tojson`` (``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes,
    so no string can close the script), but without spaces and with non-ASCII
    text kept as UTF-8: Persian names cost 2 bytes a letter instead of 6.
    """
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return Markup(_SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text))


@functools.lru_cache(maxsize=8)
def _geometry_json_cached(wkb: tuple[bytes, ...]) -> tuple[str, ...]:
    geoms = shapely.from_wkb(list(wkb))
    return tuple(str(script_json(shapely.geometry.mapping(g))) for g in geoms)


def geometry_json(provinces: gpd.GeoDataFrame) -> tuple[str, ...]:
    """Each province outline as GeoJSON text, serialised once per process.

    The outlines never change between reruns, only the counts do; the cache
    is keyed by the geometries' WKB, so a different file gets its own entry.
    """
    return _geometry_json_cached(tuple(shapely.to_wkb(provinces.geometry.to_numpy())))


def _province_collection(provinces: gpd.GeoDataFrame) -> tuple[str, list[tuple[int, int]]]:
    """The provinces as GeoJSON text (cached outlines, fresh properties) and the classes."""
    classes = count_classes(int(provinces["cluster_count"].max()))
    features = []
    for row, geometry in zip(provinces.to_dict("records"), geometry_json(provinces), strict=True):
        properties = {
            "iso_code": row["iso_code"],
            "count": int(row["cluster_count"]),
            "tooltip": _province_tooltip(row),
            "style": {
                "fillColor": _class_colour(int(row["cluster_count"]), classes),
                "fillOpacity": 0.9,
                "color": BORDER_COLOUR,
                "weight": 1,
            },
        }
        features.append(
            f'{{"type":"Feature","properties":{script_json(properties)},"geometry":{geometry}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}", classes


class FeatureLayer(folium.map.Layer):
    """A GeoJSON layer from GeoJSON text that is already script-safe.

    Unlike ``folium.GeoJson`` it does not re-serialise its data on every
    render, so cached province outlines stay cached. Each feature's
    ``properties.style`` styles it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {
            {%- if this.point_to_layer %}
            pointToLayer: {{ this.point_to_layer }},
            {%- endif %}
            onEachFeature: {{ this.on_each_feature }},
            style: function (feature) { return feature.properties.style; }
        });
        {{ this.get_name() }}.addData({{ this.data_json }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data_json: str,
        name: str,
        on_each_feature: JsCode,
        point_to_layer: JsCode | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FeatureLayer"
        self.data_json = Markup(data_json)
        self.on_each_feature = on_each_feature.js_code
        self.point_to_layer = point_to_layer.js_code if point_to_layer else None


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


def _cluster_tooltip(row: pd.Series) -> str:
    e = html.escape
    programme = PROGRAMME_LABELS.get(row["programme"], row["programme"])
    where = (
        "province-level: no town named" if row["placement"] == "province" else row["locality_en"]
    )
    return (
        f"<b>{e(row['name_en'])}</b><br>{e(row['sector'])} · {e(programme)}"
        f"<br><span style='color:#555'>{e(where)}, {e(row['province'])}</span>"
    )


def _cluster_features(clusters: gpd.GeoDataFrame) -> dict:
    offsets = spread_offsets(clusters["map_lat"], clusters["map_lon"])
    features = []
    for (_, row), (dx, dy) in zip(clusters.iterrows(), offsets, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "cluster_id": str(row["cluster_id"]),
                    "colour": PROGRAMME_COLOURS.get(row["programme"], PROGRAMME_COLOURS["none"]),
                    "shape": row["placement"],
                    "dx": float(dx),
                    "dy": float(dy),
                    "tooltip": _cluster_tooltip(row),
                    "profile": profile_html(row),
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(float(row["map_lon"]), 5),
                        round(float(row["map_lat"]), 5),
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _legend_html(
    classes: Sequence[tuple[int, int]], programmes: Sequence[str], strategy: str = "markers"
) -> str:
    e = html.escape
    rows = ["<h4>Clusters per province</h4><div class='steps'>"]
    rows.append(f"<span style='background:{ZERO_COLOUR}'>0</span>")
    for lo, hi in classes:
        label = str(lo) if lo == hi else f"{lo}–{hi}"
        colour = _class_colour(lo, classes)
        ink = "#fff" if colour in CHOROPLETH_COLOURS[-2:] else "#222"
        rows.append(f"<span style='background:{colour};color:{ink}'>{label}</span>")
    rows.append("</div><h4>Programme</h4>")
    for code in programmes:
        colour = PROGRAMME_COLOURS.get(code, PROGRAMME_COLOURS["none"])
        label = e(PROGRAMME_LABELS.get(code, code))
        rows.append(
            f"<div class='row'><span class='cm' style='background:{colour}'></span>{label}</div>"
        )
    rows.append("<h4>Placement</h4>")
    grey = PROGRAMME_COLOURS["none"]
    province_shape = "cm cm-province" if strategy == "markers" else "cm cm-ring"
    for shape, text in (("cm", "at the named town"), (province_shape, PROVINCE_ONLY_TEXT)):
        rows.append(
            f"<div class='row'><span class='{shape}' style='background:{grey}'></span>{text}</div>"
        )
    return "".join(rows)


def _fit_bounds(m: folium.Map, clusters: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> None:
    if len(clusters):
        south, north = clusters["map_lat"].min(), clusters["map_lat"].max()
        west, east = clusters["map_lon"].min(), clusters["map_lon"].max()
        # Pad by 0.4 degrees (keeps markers and their fan-out off the edge),
        # more when the clusters are close together.
        pad_lat = max(0.4, (FIT_MIN_SPAN_DEG - (north - south)) / 2)
        pad_lon = max(0.4, (FIT_MIN_SPAN_DEG - (east - west)) / 2)
        bounds = [[south - pad_lat, west - pad_lon], [north + pad_lat, east + pad_lon]]
    else:
        minx, miny, maxx, maxy = provinces.total_bounds
        bounds = [[miny, minx], [maxy, maxx]]
    # Keep the fitted area clear of the legend in the bottom-right corner.
    m.fit_bounds(bounds, padding_top_left=(12, 12), padding_bottom_right=(LEGEND_WIDTH_PX, 12))


def _check_columns(*frames: tuple[pd.DataFrame, str, list[str]]) -> None:
    for frame, name, needed in frames:
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks column(s) {missing}")


def _base_map(
    center: tuple[float, float], zoom: float, min_zoom: float, basemap: str
) -> folium.Map:
    """A map with no outside dependency: no tiles unless asked, our CSS, focus fix."""
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
    )
    m.get_root().header.add_child(Element(_CSS))
    FocusWithoutScroll().add_to(m)
    if BASEMAPS[basemap]:
        tiles, attribution = BASEMAPS[basemap]
        folium.TileLayer(tiles, attr=attribution, name="Basemap (online)").add_to(m)
    return m


def _finish(m: folium.Map, drawn: int) -> folium.Map:
    """Layer switcher, the drawn-count flag, and every asset served by the app."""
    folium.LayerControl(collapsed=True).add_to(m)
    DrawnFlag(drawn).add_to(m)
    return localise_assets(m)


def build_cluster_map(
    provinces: gpd.GeoDataFrame,
    clusters: gpd.GeoDataFrame,
    *,
    basemap: str = "none",
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

    Returns
    -------
    folium.Map
        With every script and stylesheet pointing at the app's own copies.

    Raises
    ------
    ValueError
        For an unknown basemap or missing columns.
    """
    _check_columns(
        (provinces, "provinces", ["iso_code", "name_en", "name_fa", "cluster_count"]),
        (clusters, "clusters", ["cluster_id", "name_en", "programme", "placement", "map_lat"]),
    )
    provinces = provinces.to_crs("EPSG:4326")
    m = _base_map(DEFAULT_CENTER, DEFAULT_ZOOM, MIN_ZOOM, basemap)

    province_json, classes = _province_collection(provinces)
    FeatureLayer(province_json, "Provinces", _BIND_PROVINCE).add_to(m)

    strategy = marker_strategy(len(clusters))
    if strategy == "markers" and len(clusters):
        FeatureLayer(
            script_json(_cluster_features(clusters)), "Clusters", _BIND_CLUSTER, _POINT_TO_LAYER
        ).add_to(m)
    elif strategy == "canvas":
        CompactPoints(compact_payload(clusters)).add_to(m)

    present = set(clusters["programme"].unique())
    shown = [p for p in PROGRAMMES if p in present]
    HtmlControl(_legend_html(classes, shown, strategy), "bottomright", "map-legend").add_to(m)
    _fit_bounds(m, clusters, provinces)
    return _finish(m, len(clusters))


# ---------------------------------------------------------------- world map

WORLD_CENTER = (30.0, 40.0)
WORLD_ZOOM = 2
WORLD_MIN_ZOOM = 1
# Okabe-Ito again, one colour per case-study type.
TYPE_COLOURS = {
    "science and technology park or corridor": "#0072B2",
    "traditional manufacturing district": "#E69F00",
    "firm network": "#009E73",
}
COUNTRY_WITH_CASES = "#cfc9e6"
COUNTRY_OTHER = "#f2f2f2"

_BIND_COUNTRY = JsCode(
    """
function (feature, layer) {
    layer.bindTooltip(feature.properties.tooltip, {sticky: true});
}
"""
)


def _case_profile_html(row: pd.Series) -> str:
    from mapping.international import case_profile

    e = html.escape
    lines = [f'<div class="cluster-profile"><h4>{e(str(row["case_name"]))}</h4><table><tbody>']
    for label, value in case_profile(row):
        lines.append(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>")
    lines.append("</tbody></table></div>")
    return "".join(lines)


def build_world_map(
    countries: gpd.GeoDataFrame, cases: pd.DataFrame, *, basemap: str = "none"
) -> folium.Map:
    """Build the world map of the paper's international case studies.

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Country outlines with ``iso_a2`` and ``name``.
    cases : pandas.DataFrame
        Places from :func:`mapping.international.load_international`
        (filtered or not; may be empty).
    basemap : str
        ``"none"`` (default, offline) or ``"osm"``.

    Returns
    -------
    folium.Map
        Countries with a case study shaded, one marker per place coloured by
        type, the full profile in each marker's popup.
    """
    _check_columns(
        (countries, "countries", ["iso_a2", "name"]),
        (cases, "cases", ["place_id", "case_name", "type", "latitude", "longitude"]),
    )
    m = _base_map(WORLD_CENTER, WORLD_ZOOM, WORLD_MIN_ZOOM, basemap)
    with_cases = set(cases["country_code"])
    e = html.escape
    features = []
    for row, geometry in zip(
        countries[["iso_a2", "name"]].to_dict("records"), geometry_json(countries), strict=True
    ):
        count = int((cases["country_code"] == row["iso_a2"]).sum())
        properties = {
            "tooltip": f"<b>{e(str(row['name']))}</b>"
            + (f"<br>{count} case stud{'y' if count == 1 else 'ies'}" if count else ""),
            "style": {
                "fillColor": COUNTRY_WITH_CASES if row["iso_a2"] in with_cases else COUNTRY_OTHER,
                "fillOpacity": 1,
                "color": "#ffffff",
                "weight": 0.6,
            },
        }
        features.append(
            f'{{"type":"Feature","properties":{script_json(properties)},"geometry":{geometry}}}'
        )
    FeatureLayer(
        '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}",
        "Countries",
        _BIND_COUNTRY,
    ).add_to(m)
    offsets = spread_offsets(cases["latitude"], cases["longitude"])
    points = []
    for (_, row), (dx, dy) in zip(cases.iterrows(), offsets, strict=True):
        points.append(
            {
                "type": "Feature",
                "properties": {
                    "place_id": str(row["place_id"]),
                    "colour": TYPE_COLOURS.get(row["type"], "#4D4D4D"),
                    "shape": "locality",
                    "dx": float(dx),
                    "dy": float(dy),
                    "tooltip": f"<b>{e(str(row['case_name']))}</b><br>{e(str(row['place']))}, "
                    f"{e(str(row['country']))}<br>{e(str(row['type']))}",
                    "profile": _case_profile_html(row),
                },
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["longitude"]), float(row["latitude"])],
                },
            }
        )
    FeatureLayer(
        script_json({"type": "FeatureCollection", "features": points}),
        "Case studies",
        _BIND_CLUSTER,
        _POINT_TO_LAYER,
    ).add_to(m)
    legend = ["<h4>Case study type</h4>"]
    for kind, colour in TYPE_COLOURS.items():
        legend.append(
            f"<div class='row'><span class='cm' style='background:{colour}'></span>{e(kind)}</div>"
        )
    legend.append(
        f"<div class='row'><span class='sw' style='background:{COUNTRY_WITH_CASES};"
        "display:inline-block;width:16px;height:12px;border:1px solid #999'></span>"
        "country with a case study</div>"
    )
    HtmlControl("".join(legend), "bottomleft", "map-legend").add_to(m)
    if len(cases):
        south, north = cases["latitude"].min(), cases["latitude"].max()
        west, east = cases["longitude"].min(), cases["longitude"].max()
        pad = max(3.0, (15 - (north - south)) / 2)
        m.fit_bounds(
            [[south - pad, west - pad], [north + pad, east + pad]],
            padding_top_left=(12, 12),
            padding_bottom_right=(12, 12),
        )
    return _finish(m, len(cases))
