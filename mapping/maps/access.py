"""Keyboard and screen-reader access to every map (``static/map/access.js``).

The map is one stop in the tab order; N and P move through its markers,
Enter opens a profile, Escape closes it, L opens the layer list. Markers and
shapes are named from their own tooltips; the phrases here are the map's
name, its key help and the folding legend's button, in the reader's language.
"""

from __future__ import annotations

from typing import ClassVar

from folium.template import Template

from mapping.assets import OWN_STATIC_URL
from mapping.i18n import N_, gettext
from mapping.maps.elements import MAP_CSS, MAP_JS, MapScript, script_json

ACCESS_JS = ("iran_cluster_map_access_js", f"{OWN_STATIC_URL}/map/access.js")
ACCESS_CSS = ("iran_cluster_map_access_css", f"{OWN_STATIC_URL}/map/access.css")

KEY_HELP = N_(
    "Keys: N and P move through the markers, Enter opens a profile and Escape closes it; "
    "arrow keys pan, + and - zoom, L opens the layer list."
)
MAP_TEXTS = {
    "roleDescription": N_("interactive map"),
    "keys": KEY_HELP,
    "noMarkers": N_("No markers on this map: the table below lists what it shows."),
    "close": N_("Close the profile"),
    "legend": N_("Legend"),
}


def map_texts(label: str, lang: str) -> dict[str, str]:
    """The phrases of :func:`IranClusterMap.accessible` in ``lang``; ``label`` is a msgid."""
    texts = {key: gettext(msgid, lang) for key, msgid in MAP_TEXTS.items()}
    texts["label"] = gettext(label, lang)
    return texts


class AccessibleMap(MapScript):
    """Names, keys and the folding legend for one map (see the module docstring)."""

    default_js: ClassVar[list[tuple[str, str]]] = [MAP_JS, ACCESS_JS]
    default_css: ClassVar[list[tuple[str, str]]] = [MAP_CSS, ACCESS_CSS]

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IranClusterMap.accessible({{ this._parent.get_name() }}, {{ this.texts_json }});
        {% endmacro %}
        """
    )

    def __init__(self, label: str, lang: str) -> None:
        super().__init__()
        self._name = "AccessibleMap"
        # textContent and aria-label take these as text, never as HTML.
        self.texts_json = script_json(map_texts(label, lang))
