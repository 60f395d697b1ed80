"""The maps: one family of builders on shared layers.

``style`` names colours, sizes and limits; ``elements`` the custom folium
elements (their JavaScript and CSS are ``static/map/map.js`` and ``map.css``);
``layers`` what every map is made of; ``cluster_map`` and ``world_map`` the
two maps the pages show, the national map's texts coming from
``cluster_texts`` and ``measure_layer`` (its measures). Many clusters
travel in the compact format of ``wire``, built by ``points`` (with the
density view's hexagons and class breaks from ``classes``); ``overlay``
holds one selection's layers, ready to cache.
"""

from mapping.maps.cluster_map import (
    build_cluster_map,
    build_cluster_overlay,
    cluster_base_map,
    marker_strategy,
)
from mapping.maps.overlay import ClusterOverlay
from mapping.maps.world_map import build_world_map

__all__ = [
    "ClusterOverlay",
    "build_cluster_map",
    "build_cluster_overlay",
    "build_world_map",
    "cluster_base_map",
    "marker_strategy",
]
