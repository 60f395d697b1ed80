"""The maps: one family of builders on shared layers.

``style`` names colours, sizes and limits; ``elements`` the custom folium
elements (their JavaScript and CSS are ``static/map/map.js`` and ``map.css``);
``layers`` what every map is made of; ``cluster_map`` and ``world_map`` the
two maps the pages show.
"""

from mapping.maps.cluster_map import build_cluster_map, marker_strategy
from mapping.maps.world_map import build_world_map

__all__ = ["build_cluster_map", "build_world_map", "marker_strategy"]
