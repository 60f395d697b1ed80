"""The world map of the paper's international case studies: countries with a
case study shaded, one marker per place coloured by type, a profile on click."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

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


def case_profile_html(row: pd.Series) -> str:
    """A place's profile as an HTML table; every value is escaped."""
    from mapping.international import case_profile

    e = html.escape
    lines = [f'<div class="cluster-profile"><h4>{e(str(row["case_name"]))}</h4><table><tbody>']
    for label, value in case_profile(row):
        lines.append(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>")
    lines.append("</tbody></table></div>")
    return "".join(lines)


def _country_layer(countries: gpd.GeoDataFrame, cases: pd.DataFrame) -> FeatureLayer:
    e = html.escape
    counts = cases["country_code"].value_counts()
    properties = []
    for code, name in zip(countries["iso_a2"], countries["name"], strict=True):
        count = int(counts.get(code, 0))
        tooltip = f"<b>{e(str(name))}</b>"
        if count:
            tooltip += f"<br>{count} case stud{'y' if count == 1 else 'ies'}"
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
    return FeatureLayer(layers.outline_collection(countries, properties), "Countries", "country")


def _case_layer(cases: pd.DataFrame) -> FeatureLayer:
    e = html.escape
    offsets = layers.spread_offsets(cases["latitude"], cases["longitude"])
    properties = [
        {
            "place_id": str(row["place_id"]),
            "colour": TYPE_COLOURS.get(row["type"], FALLBACK_COLOUR),
            "shape": "locality",
            "dx": float(dx),
            "dy": float(dy),
            "tooltip": f"<b>{e(str(row['case_name']))}</b><br>{e(str(row['place']))}, "
            f"{e(str(row['country']))}<br>{e(str(row['type']))}",
            "profile": case_profile_html(row),
        }
        for (_, row), (dx, dy) in zip(cases.iterrows(), offsets, strict=True)
    ]
    data = layers.point_collection(cases["latitude"], cases["longitude"], properties)
    return FeatureLayer(data, "Case studies", "point", marker_half_size=MARKER_SIZE // 2)


def _legend_html() -> str:
    e = html.escape
    rows = ["<h4>Case study type</h4>"]
    rows.extend(layers.legend_row(colour, e(kind)) for kind, colour in TYPE_COLOURS.items())
    rows.append(layers.legend_row(COUNTRY_WITH_CASES, "country with a case study", "swatch"))
    return "".join(rows)


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
    layers.check_columns(countries, "countries", ["iso_a2", "name"])
    layers.check_columns(cases, "cases", ["place_id", "case_name", "type", "latitude", "longitude"])
    m = layers.base_map(WORLD_CENTER, WORLD_ZOOM, WORLD_MIN_ZOOM, basemap)
    _country_layer(countries, cases).add_to(m)
    _case_layer(cases).add_to(m)
    HtmlControl(_legend_html(), "bottomleft", "map-legend").add_to(m)
    if len(cases):
        bounds = layers.padded_bounds(
            cases["latitude"], cases["longitude"], WORLD_FIT_PAD_DEG, WORLD_FIT_MIN_SPAN_DEG
        )
        m.fit_bounds(bounds, padding_top_left=(12, 12), padding_bottom_right=(12, 12))
    return layers.finish(m, len(cases))
