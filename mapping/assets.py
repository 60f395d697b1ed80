"""Leaflet's scripts and stylesheets, served by the app itself.

Our users are often offline, so no map may fetch anything from a CDN. The
files come from pip-installed XStatic packages; :func:`sync_static_assets`
copies them into the app's ``static/vendor`` folder, which Streamlit serves
at ``/app/static/vendor/...`` when ``server.enableStaticServing`` is on.

:func:`localise_assets` then points every element of a folium map at those
URLs. The URLs start with a slash: streamlit-folium loads them from inside
its component iframe, where a relative URL would resolve elsewhere and 404.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_markercluster

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
OWN_STATIC_URL = "/app/static"  # what Streamlit serves from ./static
STATIC_URL = f"{OWN_STATIC_URL}/vendor"

# (package data dir, file or folder, served path below STATIC_URL)
_SOURCES: tuple[tuple[Path, str, str], ...] = (
    (Path(xs_leaflet.BASE_DIR), "leaflet.js", "leaflet/leaflet.js"),
    (Path(xs_leaflet.BASE_DIR), "leaflet.css", "leaflet/leaflet.css"),
    (Path(xs_leaflet.BASE_DIR), "images", "leaflet/images"),
    (Path(xs_markercluster.BASE_DIR), "leaflet.markercluster.js", "markercluster/markercluster.js"),
    (Path(xs_markercluster.BASE_DIR), "MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (
        Path(xs_markercluster.BASE_DIR),
        "MarkerCluster.Default.css",
        "markercluster/MarkerCluster.Default.css",
    ),
)

LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
MARKERCLUSTER_JS = f"{STATIC_URL}/markercluster/markercluster.js"
MARKERCLUSTER_CSS = (
    f"{STATIC_URL}/markercluster/MarkerCluster.css",
    f"{STATIC_URL}/markercluster/MarkerCluster.Default.css",
)

# What each folium element class needs, by name; anything else with a
# default_js/default_css is an error, so a new plugin cannot slip a CDN in.
_LOCAL_ASSETS: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "Map": ([("leaflet", LEAFLET_JS)], [("leaflet_css", LEAFLET_CSS)]),
    "MarkerCluster": (
        [("markerclusterjs", MARKERCLUSTER_JS)],
        [
            ("markerclustercss", MARKERCLUSTER_CSS[0]),
            ("markerclusterdefaultcss", MARKERCLUSTER_CSS[1]),
        ],
    ),
}


def sync_static_assets(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy the vendored files into ``static_dir/vendor`` where missing or stale.

    Parameters
    ----------
    static_dir : Path
        The app's static folder.

    Returns
    -------
    list of Path
        The files written (empty when everything was already in place).
    """
    written = []
    for base, name, target in _SOURCES:
        source = base / name
        dest = static_dir / "vendor" / target
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for src in files:
            if src.is_dir():
                continue
            out = dest / src.relative_to(source) if source.is_dir() else dest
            if out.exists() and out.stat().st_size == src.stat().st_size:
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)
            written.append(out)
    return written


def served_files() -> list[str]:
    """URLs of every vendored file that should be reachable, for checks."""
    return [f"{STATIC_URL}/{t}" for _, _, t in _SOURCES if not t.endswith("images")]


def _walk(element: folium.Element) -> Iterator[folium.Element]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _served_by_app(links: list[tuple[str, str]] | None) -> bool:
    return all(url.startswith(OWN_STATIC_URL + "/") for _, url in links or [])


def localise_assets(m: folium.Map) -> folium.Map:
    """Point every script and stylesheet of ``m`` at the app's own copies.

    Elements of this project (``mapping.maps.elements``) already name files
    under ``/app/static``; folium's own get the vendored copies.

    Raises
    ------
    ValueError
        If an element needs a script or stylesheet this module does not serve.
    """
    for element in _walk(m):
        needs_js = getattr(element, "default_js", None)
        needs_css = getattr(element, "default_css", None)
        if not needs_js and not needs_css:
            continue
        kind = type(element).__name__
        if kind not in _LOCAL_ASSETS and _served_by_app(needs_js) and _served_by_app(needs_css):
            continue
        if kind not in _LOCAL_ASSETS:
            raise ValueError(
                f"{kind} needs {needs_js or needs_css}, which is not served locally; "
                "add it to mapping.assets"
            )
        js, css = _LOCAL_ASSETS[kind]
        element.default_js = list(js)
        element.default_css = list(css)
    return m
