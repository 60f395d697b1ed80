"""The custom folium elements of our maps, in the manner of folium's plugins.

Each is a small class with a short template that calls a function of
``static/map/map.js``; that script and ``static/map/map.css`` are attached
as ``default_js`` / ``default_css`` (folium's ``JSCSSMixin``) and served by
the app, so streamlit-folium loads them inside the map's iframe like Leaflet.
Values reach the templates as template variables, as script-safe JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from markupsafe import Markup

from mapping.assets import OWN_STATIC_URL

MAP_JS = ("iran_cluster_map_js", f"{OWN_STATIC_URL}/map/map.js")
MAP_CSS = ("iran_cluster_map_css", f"{OWN_STATIC_URL}/map/map.css")
WIRE_JS = ("iran_cluster_wire_js", f"{OWN_STATIC_URL}/map/wire.js")
POINTS_JS = ("iran_cluster_points_js", f"{OWN_STATIC_URL}/map/points.js")

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_RE = re.compile("[<>&'\u2028\u2029]")
# "{{", "{%" and "{#" open Jinja markup. In JSON they can only occur inside a
# string (a structural brace is followed by a quote or a closing brace).
_TEMPLATE_OPEN_RE = re.compile(r"\{(?=[{%#])")


def script_json(obj: object) -> Markup:
    """Compact JSON that is safe to place inside a ``<script>`` element.

    Like Jinja's ``tojson`` (``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes,
    so no string can close the script), but without spaces and with non-ASCII
    text kept as UTF-8: Persian names cost 2 bytes a letter instead of 6. A
    brace that would open Jinja markup (``{{``, ``{%``, ``{#``) is escaped
    too, so no text can act as a template wherever folium renders one.
    """
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    text = _SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)
    return Markup(_TEMPLATE_OPEN_RE.sub(r"\\u007b", text))


class RenderedText(Element):
    """Text that is already rendered, kept as it is.

    branca wraps what each element renders in a new ``Element``, which
    compiles that text as a Jinja template: slow for a large payload, and
    data reading ``{{ ... }}`` would then be evaluated (or break the map).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class RenderedScript(MacroElement):
    """A macro element whose rendered header, html and script stay plain text.

    The same as ``MacroElement.render``, with :class:`RenderedText` in place
    of ``Element``. Listed last among an element's bases, so that folium's
    own ``render`` steps (asset links, adding a layer to its parent) still run.
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RenderedText(macro(self, kwargs)), name=self.get_name()
                )
        for element in self._children.values():
            element.render(**kwargs)


class OwnAssets(JSCSSMixin):
    """Attaches the maps' own script and stylesheet; every element below needs them."""

    default_js: ClassVar[list[tuple[str, str]]] = [MAP_JS]
    default_css: ClassVar[list[tuple[str, str]]] = [MAP_CSS]


class MapScript(OwnAssets, RenderedScript):
    """A few lines of script run once the map exists."""

    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapScript"


class FocusWithoutScroll(MapScript):
    """Stop the page from jumping when a map that is partly off screen is clicked
    (see ``IranClusterMap.focusWithoutScroll`` for why)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IranClusterMap.focusWithoutScroll({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class HtmlControl(MapScript):
    """A Leaflet control holding trusted HTML (built by us from escaped text).

    Added to a layer group rather than the map, it comes and goes with the
    group (``IranClusterMap.htmlControl``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IranClusterMap.htmlControl({{ this._parent.get_name() }},
            {{ this.position|tojson }}, {{ this.css_class|tojson }}, {{ this.html_json }},
            {{ this.lang|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html_text: str,
        position: str = "bottomright",
        css_class: str = "",
        lang: str = "en",
    ) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html_text
        self.html_json = script_json(html_text)
        self.position = position
        self.css_class = css_class
        self.lang = lang


class MapLanguage(MapScript):
    """The map's language: ``lang`` and ``dir`` on its container, Persian digits
    on the scale bar (see ``IranClusterMap.setLanguage``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IranClusterMap.setLanguage({{ this._parent.get_name() }}, {{ this.lang|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "MapLanguage"
        self.lang = lang


class DrawnFlag(MapScript):
    """Marks the map container with the number of clusters drawn, once all layers
    are on the map: ``data-clusters-drawn``. Tests and the benchmark wait for it.
    In a layer group, the flag is set when the group is added to the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IranClusterMap.markDrawn({{ this._parent.get_name() }}, {{ this.count }});
        {% endmacro %}
        """
    )

    def __init__(self, count: int) -> None:
        super().__init__()
        self._name = "DrawnFlag"
        self.count = int(count)


class FeatureLayer(OwnAssets, folium.map.Layer, RenderedScript):
    """A GeoJSON layer from GeoJSON text that is already script-safe.

    Unlike ``folium.GeoJson`` it does not re-serialise its data on every
    render, so cached province outlines stay cached. Each feature's
    ``properties.style`` styles it; ``bind`` names how its features answer
    the pointer (``point``, ``area`` or ``country`` in ``map.js``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IranClusterMap.featureLayer({{ this._parent.get_name() }},
            {{ this.data_json }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, name: str, bind: str, marker_half_size: int = 0) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FeatureLayer"
        self.data_json = Markup(data_json)
        self.options: dict[str, Any] = {
            "bind": bind,
            "points": bool(marker_half_size),
            "half": marker_half_size,
        }


class FitView(MapScript):
    """Fit the view to ``bounds`` ((south, west), (north, east)) when added.

    Unlike folium's ``FitBounds`` it works inside a layer group, so a map
    updated in place (new layer groups, same map) fits each new selection.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IranClusterMap.fitView({{ this._parent.get_name() }}, {{ this.bounds|tojson }},
            {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        bounds: tuple[tuple[float, float], tuple[float, float]],
        padding_top_left: tuple[int, int],
        padding_bottom_right: tuple[int, int],
    ) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = [list(corner) for corner in bounds]
        # No animation: a new selection shows at once, as a freshly loaded map did.
        self.options = {
            "paddingTopLeft": list(padding_top_left),
            "paddingBottomRight": list(padding_bottom_right),
            "animate": False,
        }


class ClusterPoints(OwnAssets, folium.map.Layer, RenderedScript):
    """Many clusters drawn straight into a canvas, from typed arrays.

    ``payload_json`` is :func:`mapping.maps.points.canvas_payload` as
    script-safe JSON; ``options_json`` the radius, colours, thresholds and
    translated phrases ``IranClusterMap.clusterPoints``
    (``static/map/points.js``) needs. Every string in both is escaped. Both
    arrive serialised, so a cached payload is not serialised again.
    """

    default_js: ClassVar[list[tuple[str, str]]] = [MAP_JS, WIRE_JS, POINTS_JS]

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = IranClusterMap.clusterPoints({{ this._parent.get_name() }},
            {{ this.payload_json }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, payload_json: str, options_json: str, name: str = "Clusters") -> None:
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "ClusterPoints"
        self.payload_json = Markup(payload_json)
        self.options_json = Markup(options_json)
