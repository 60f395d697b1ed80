"""Read a rendered map's HTML back: its layers' data, its legend, its assets.

The maps call ``IranClusterMap.*`` (static/map/map.js) with JSON arguments;
these helpers find those calls and parse the arguments, so tests check what
a browser would receive.
"""

from __future__ import annotations

import json
import re

_FEATURE_LAYER = re.compile(r"IranClusterMap\.featureLayer\(\w+,\s*(\{.*?\}), (\{\"bind\".*?\})\);")
_POINTS = re.compile(r"IranClusterMap\.clusterPoints\(\w+,\s*(\{.*?\}), (\{.*?\})\);\n")
_FIT = re.compile(r"IranClusterMap\.fitView\(\w+, (\[.*?\]),\s*(\{.*?\})\);")
_HTML_CONTROL = re.compile(
    r"IranClusterMap\.htmlControl\(\w+,\s*(\"\w+\"), (\"[\w-]*\"), (\".*?\"),\s*\"\w+\"\);"
)
_DRAWN = re.compile(r"IranClusterMap\.markDrawn\(\w+, (\d+)\);")
_ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def feature_layers(html: str) -> list[tuple[dict, dict]]:
    """Each GeoJSON layer's FeatureCollection and options, in drawing order."""
    return [(json.loads(data), json.loads(opts)) for data, opts in _FEATURE_LAYER.findall(html)]


def collections(html: str) -> list[dict]:
    """Each GeoJSON layer's FeatureCollection."""
    return [data for data, _ in feature_layers(html)]


def layer_with(html: str, n_features: int) -> dict:
    """The one FeatureCollection with ``n_features`` features."""
    found = [c for c in collections(html) if len(c["features"]) == n_features]
    assert len(found) == 1, [len(c["features"]) for c in collections(html)]
    return found[0]


def canvas_points(html: str) -> list[tuple[dict, dict]]:
    """Each canvas point layer's payload and options."""
    return [(json.loads(p), json.loads(o)) for p, o in _POINTS.findall(html)]


def fitted_bounds(html: str) -> list[list[float]]:
    """The bounds the map fits its view to ([[south, west], [north, east]])."""
    found = _FIT.findall(html)
    assert len(found) == 1, found
    return json.loads(found[0][0])


def legends(html: str) -> list[str]:
    """The HTML of each legend (and other HTML control) on the map."""
    return [json.loads(body) for _, _, body in _HTML_CONTROL.findall(html)]


def drawn_count(html: str) -> int:
    """The number of clusters the map reports drawn."""
    found = _DRAWN.findall(html)
    assert len(found) == 1, found
    return int(found[0])


def asset_urls(html: str) -> list[str]:
    """Every script and stylesheet the page loads."""
    return _ASSET.findall(html)
