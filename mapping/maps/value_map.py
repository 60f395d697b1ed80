"""Provinces shaded by a value (such as a location quotient), with its legend.

The same generic layers as the cluster map (:mod:`mapping.maps.layers`): an
offline base map, one province layer with a tooltip per province, a legend
control, every asset served by the app. A province whose value is unknown is
drawn in the "unknown" grey and its tooltip says so: it never reads as low.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from mapping.i18n import gettext
from mapping.maps import layers
from mapping.maps.elements import FeatureLayer, HtmlControl
from mapping.maps.style import (
    BORDER_COLOUR,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    MIN_ZOOM,
    PROVINCE_FILL_OPACITY,
    ZERO_COLOUR,
)

UNKNOWN_COLOUR = ZERO_COLOUR


@dataclass(frozen=True)
class ValueClass:
    """Values from ``low`` (inclusive) to ``high`` (exclusive), their fill and legend label."""

    low: float
    high: float
    colour: str
    label: str


# Location quotients: below, near and above the national share (ColorBrewer RdBu, reversed).
LQ_CLASSES = (
    ValueClass(0.0, 0.5, "#2166ac", "< 0.5"),
    ValueClass(0.5, 0.8, "#92c5de", "0.5 – 0.8"),
    ValueClass(0.8, 1.25, "#f7f7f7", "0.8 – 1.25"),
    ValueClass(1.25, 2.0, "#f4a582", "1.25 – 2"),
    ValueClass(2.0, math.inf, "#b2182b", "≥ 2"),
)


def value_colour(value: float, classes: Sequence[ValueClass]) -> str:
    """The fill of ``value``: its class's colour, the unknown grey for NaN."""
    if value is None or value != value:
        return UNKNOWN_COLOUR
    for value_class in classes:
        if value_class.low <= value < value_class.high:
            return value_class.colour
    return classes[-1].colour if value >= classes[-1].low else classes[0].colour


def build_value_map(
    provinces: gpd.GeoDataFrame,
    values: Mapping[str, float],
    *,
    classes: Sequence[ValueClass],
    title: str,
    value_text: Callable[[float], str],
    unknown_text: str,
    lang: str = "en",
) -> folium.Map:
    """Shade each province by its value.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        The 31 outlines with ``iso_code``, ``name_en`` and ``name_fa``.
    values : Mapping
        ISO code to value; a province missing or NaN is "unknown".
    classes : sequence of ValueClass
        Contiguous classes, lowest first.
    title : str
        The legend's heading (already in ``lang``).
    value_text : callable
        A value as the tooltip shows it, in ``lang``.
    unknown_text : str
        What the tooltip and legend say for a province without a value.
    lang : str
        ``fa`` or ``en``.

    Raises
    ------
    ValueError
        If ``provinces`` lacks a needed column or no class is given.
    """
    layers.check_columns(provinces, "provinces", ["iso_code", "name_en", "name_fa"])
    if not classes:
        raise ValueError("classes must hold at least one ValueClass")
    e = html.escape
    provinces = provinces.to_crs("EPSG:4326")
    m = layers.base_map(DEFAULT_CENTER, DEFAULT_ZOOM, MIN_ZOOM, "none", lang)
    properties = []
    for code, name_en, name_fa in zip(
        provinces["iso_code"], provinces["name_en"], provinces["name_fa"], strict=True
    ):
        value = values.get(code, math.nan)
        known = not pd.isna(value)
        name = name_fa if lang == "fa" else name_en
        shown = value_text(float(value)) if known else unknown_text
        properties.append(
            {
                "iso_code": code,
                "tooltip": f"<b>{e(name)}</b><br>{e(title)}: {e(shown)}",
                "style": {
                    "fillColor": value_colour(float(value) if known else math.nan, classes),
                    "fillOpacity": PROVINCE_FILL_OPACITY,
                    "color": BORDER_COLOUR,
                    "weight": 1,
                },
            }
        )
    name = gettext("Provinces", lang)
    FeatureLayer(layers.outline_collection(provinces, properties), name, "area").add_to(m)
    rows = [f"<h4>{e(title)}</h4>"]
    rows += [layers.legend_row(c.colour, e(c.label), "cm cm-square") for c in classes]
    rows.append(layers.legend_row(UNKNOWN_COLOUR, e(unknown_text), "cm cm-square"))
    legend = "".join(rows)
    HtmlControl(legend, layers.corner("bottomright", lang), "map-legend", lang).add_to(m)
    minx, miny, maxx, maxy = provinces.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return layers.finish(m, len(provinces), lang)
