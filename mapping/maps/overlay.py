"""The national map's overlay for one selection: built once, shared, drawn often.

A :class:`ClusterOverlay` holds everything a selection of clusters adds to
the base map, already serialised (script-safe JSON and escaped HTML). It is
immutable, so one built overlay can be cached and handed to every session
showing the same registry and filter; :meth:`ClusterOverlay.groups` makes
fresh, cheap folium elements from it for each page run.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium

from mapping.maps.elements import (
    ClusterPoints,
    DrawnFlag,
    FeatureLayer,
    FitView,
    HtmlControl,
)
from mapping.maps.layers import corner
from mapping.maps.style import MARKER_SIZE


@dataclass(frozen=True)
class ClusterOverlay:
    """The provinces, clusters, legend and view of one selection, serialised.

    Attributes
    ----------
    provinces_json : str
        The provinces' FeatureCollection with styles and tooltips.
    markers_json : str or None
        The clusters as marker features (up to ``FULL_MARKER_LIMIT``).
    points_json, points_options_json : str or None
        The clusters for the canvas layer (above the limit) and its options.
    legend : str
        The legend's HTML.
    bounds : tuple
        ((south, west), (north, east)) to fit the view to.
    padding_top_left, padding_bottom_right : tuple of int
        Pixels kept clear when fitting.
    drawn : int
        Clusters drawn, reported on the map as ``data-clusters-drawn``.
    layer_names : tuple of str
        Names of the province and cluster layers in the layer switcher.
    lang : str
        The language of every text in it; in Persian the legend sits bottom left.
    """

    provinces_json: str
    markers_json: str | None
    points_json: str | None
    points_options_json: str | None
    legend: str
    bounds: tuple[tuple[float, float], tuple[float, float]]
    padding_top_left: tuple[int, int]
    padding_bottom_right: tuple[int, int]
    drawn: int
    layer_names: tuple[str, str]
    lang: str = "en"

    @property
    def size(self) -> int:
        """Characters held, to weigh a cache entry."""
        texts = (self.provinces_json, self.markers_json, self.points_json, self.legend)
        return sum(len(t) for t in texts if t)

    def groups(self) -> list[folium.FeatureGroup]:
        """Three new layer groups: provinces, clusters, and the legend with the view.

        The first two appear in the layer switcher; the third (legend, fit,
        drawn flag) is added last, so the flag is set once everything is on
        the map.
        """
        province_name, cluster_name = self.layer_names
        provinces = folium.FeatureGroup(name=province_name)
        FeatureLayer(self.provinces_json, province_name, "area").add_to(provinces)
        clusters = folium.FeatureGroup(name=cluster_name)
        if self.markers_json is not None:
            FeatureLayer(
                self.markers_json, cluster_name, "point", marker_half_size=MARKER_SIZE // 2
            ).add_to(clusters)
        if self.points_json is not None and self.points_options_json is not None:
            ClusterPoints(self.points_json, self.points_options_json, cluster_name).add_to(clusters)
        view = folium.FeatureGroup(name="view", control=False)
        position = corner("bottomright", self.lang)
        HtmlControl(self.legend, position, "map-legend", self.lang).add_to(view)
        FitView(self.bounds, self.padding_top_left, self.padding_bottom_right).add_to(view)
        DrawnFlag(self.drawn).add_to(view)
        return [provinces, clusters, view]
