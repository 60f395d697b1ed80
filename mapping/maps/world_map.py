"""The world map of the paper's international case studies: countries with a
case study shaded, one marker per place coloured by type, a profile on click."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from mapping.case_profiles import case_profile, label_of
from mapping.i18n import gettext, nmessage
from mapping.international import TYPE_LABELS
from mapping.localise import localised, localised_value
from mapping.maps import layers
from mapping.maps.elements import FeatureLayer, HtmlControl
from mapping.maps.style import (
    BORDER_COLOUR,
    COUNTRY_OTHER,
    COUNTRY_WITH_CASES,
    FALLBACK_COLOUR,
    MARKER_SIZE,
    TYPE_COLOURS,
    WORLD_CENTER,
    WORLD_FIT_MIN_SPAN_DEG,
    WORLD_FIT_PAD_DEG,
    WORLD_MIN_ZOOM,
    WORLD_ZOOM,
)

COUNTRY_BORDER_WEIGHT = 0.6


def case_profile_html(row: pd.Series, lang: str = "en") -> str:
    """A place's profile as an HTML table in ``lang``; every value is escaped."""
    e = html.escape
    direction = "rtl" if lang == "fa" else "ltr"
    title = localised_value(row, "case_name", lang)
    lines = [
        f'<div class="cluster-profile" dir="{direction}" lang="{lang}">'
        f"<h4>{e(title)}</h4><table><tbody>"
    ]
    for field in case_profile(row, lang):
        value = e(field.value)
        if field.lang != lang:
            value = f'<span lang="{field.lang}" dir="ltr">{value}</span>'
        lines.append(f"<tr><th>{e(field.label)}</th><td>{value}</td></tr>")
    lines.append("</tbody></table></div>")
    return "".join(lines)


def _country_layer(countries: gpd.GeoDataFrame, cases: pd.DataFrame, lang: str) -> FeatureLayer:
    e = html.escape
    counts = cases["country_code"].value_counts()
    persian = dict(zip(cases["country_code"], localised(cases, "country", "fa"), strict=True))
    properties = []
    for code, name in zip(countries["iso_a2"], countries["name"], strict=True):
        count = int(counts.get(code, 0))
        shown_name = persian.get(code, name) if lang == "fa" else name
        tooltip = f"<b>{e(str(shown_name))}</b>"
        if count:
            studies = nmessage("{n} case study", "{n} case studies", n=count).render(lang)
            tooltip += f"<br>{e(studies)}"
        fill = COUNTRY_WITH_CASES if count else COUNTRY_OTHER
        properties.append(
            {
                "tooltip": tooltip,
                "style": {
                    "fillColor": fill,
                    "fillOpacity": 1,
                    "color": BORDER_COLOUR,
                    "weight": COUNTRY_BORDER_WEIGHT,
                },
            }
        )
    name = gettext("Countries", lang)
    return FeatureLayer(layers.outline_collection(countries, properties), name, "country")


def case_tooltip(row: pd.Series, lang: str = "en") -> str:
    """A place's name, where it is and its type (escaped), in ``lang``."""
    e = html.escape
    name = localised_value(row, "case_name", lang)
    where = localised_value(row, "place", lang) + gettext(", ", lang)
    where += localised_value(row, "country", lang)
    kind = label_of(row["type"], TYPE_LABELS, lang)
    return f"<b>{e(name)}</b><br>{e(where)}<br>{e(kind)}"


def _case_layer(cases: pd.DataFrame, lang: str) -> FeatureLayer:
    offsets = layers.spread_offsets(cases["latitude"], cases["longitude"])
    properties = [
        {
            "place_id": str(row["place_id"]),
            "colour": TYPE_COLOURS.get(row["type"], FALLBACK_COLOUR),
            "shape": "locality",
            "dx": float(dx),
            "dy": float(dy),
            "tooltip": case_tooltip(row, lang),
            "profile": case_profile_html(row, lang),
        }
        for (_, row), (dx, dy) in zip(cases.iterrows(), offsets, strict=True)
    ]
    data = layers.point_collection(cases["latitude"], cases["longitude"], properties)
    name = gettext("Case studies", lang)
    return FeatureLayer(data, name, "point", marker_half_size=MARKER_SIZE // 2)


def _legend_html(lang: str) -> str:
    e = html.escape
    heading = gettext("Case study type", lang)
    rows = [f"<h4>{e(heading)}</h4>"]
    rows.extend(
        layers.legend_row(colour, e(label_of(kind, TYPE_LABELS, lang)))
        for kind, colour in TYPE_COLOURS.items()
    )
    with_cases = gettext("country with a case study", lang)
    rows.append(layers.legend_row(COUNTRY_WITH_CASES, e(with_cases), "swatch"))
    return "".join(rows)


def build_world_map(
    countries: gpd.GeoDataFrame,
    cases: pd.DataFrame,
    *,
    basemap: str = "none",
    lang: str = "en",
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
    lang : str
        The reader's language, ``en`` or ``fa``.

    Returns
    -------
    folium.Map
        Countries with a case study shaded, one marker per place coloured by
        type, the full profile in each marker's popup.
    """
    layers.check_columns(countries, "countries", ["iso_a2", "name"])
    layers.check_columns(cases, "cases", ["place_id", "case_name", "type", "latitude", "longitude"])
    m = layers.base_map(WORLD_CENTER, WORLD_ZOOM, WORLD_MIN_ZOOM, basemap, lang)
    _country_layer(countries, cases, lang).add_to(m)
    _case_layer(cases, lang).add_to(m)
    legend = _legend_html(lang)
    HtmlControl(legend, layers.corner("bottomleft", lang), "map-legend", lang).add_to(m)
    if len(cases):
        bounds = layers.padded_bounds(
            cases["latitude"], cases["longitude"], WORLD_FIT_PAD_DEG, WORLD_FIT_MIN_SPAN_DEG
        )
        m.fit_bounds(bounds, padding_top_left=(12, 12), padding_bottom_right=(12, 12))
    return layers.finish(m, len(cases), lang)
