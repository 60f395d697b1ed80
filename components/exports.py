"""The Export block every map page shows: the view as an image, a workbook and GIS files.

One row of download buttons under the map. Every file is built only when
its button is pressed (``components.widgets.download`` with a function), so
a page run costs nothing until someone asks. The files say what they show:
title, filters in words, the data version or file, the export date and the
sources (see :mod:`mapping.view`).
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st

from components import keys
from components.widgets import XLSX_MIME, download
from mapping.export import export_filename
from mapping.filters import Selection, apply_filter
from mapping.i18n import _
from mapping.international import load_countries
from mapping.join import summarise_provinces
from mapping.programmes import programme_styles
from mapping.view import KIND_CASES, ExportView, describe_view

# The builders (matplotlib, openpyxl, GDAL) are imported when a button is
# pressed, so a page run does not load them.
IMAGE_MIME = {"png": "image/png", "pdf": "application/pdf"}
GPKG_MIME = "application/geopackage+sqlite3"
ZIP_MIME = "application/zip"
CLUSTER_STEM = "iran-clusters"
CASE_STEM = "international-clusters"
KEEP_ROWS = 2_000  # as components.dashboard.DEFERRED_DOWNLOAD_ROWS


@st.cache_resource(show_spinner=False)
def _world_outlines() -> gpd.GeoDataFrame:
    """Country outlines for the neighbours drawn around Iran, loaded once per server."""
    return load_countries()


def _rows_source(
    selection: Selection, rows: pd.DataFrame, registry: pd.DataFrame
) -> Callable[[], pd.DataFrame]:
    """What a button builds from, called on click.

    A large selection is not kept alive by the buttons (they outlive the
    run): it is filtered again from the shared registry when a file is asked
    for, as the CSV download does.
    """
    if len(rows) <= KEEP_ROWS:
        return lambda: rows
    return lambda: apply_filter(registry, selection)


def _upload_name() -> str | None:
    user = st.session_state.get(keys.USER_DATA)
    return user["name"] if user else None


def _buttons(files: list[tuple[str, str, Callable[[], bytes], str, str]], caption: str) -> None:
    """A heading, a row of lazy download buttons ``(key, label, build, name, mime)``, a caption."""
    heading = _("Export this view")
    st.markdown(f"**{heading}**")
    row = st.container(horizontal=True, gap="small")
    for key, label, build, name, mime in files:
        download(label, build, name, mime, where=row, key=keys.export_widget(key))
    st.caption(caption)


def _image_files(
    view: ExportView,
    draw: Callable[[str], bytes],
    stem: str,
    selection: Selection,
    version: int | None,
) -> list[tuple[str, str, Callable[[], bytes], str, str]]:
    return [
        (
            fmt,
            label,
            lambda fmt=fmt: draw(fmt),
            export_filename(selection, stem, fmt, version),
            IMAGE_MIME[fmt],
        )
        for fmt, label in (("png", _("Map image (PNG)")), ("pdf", _("Map (PDF)")))
    ]


def cluster_exports(
    selection: Selection,
    rows: pd.DataFrame,
    registry: pd.DataFrame,
    provinces: gpd.GeoDataFrame,
    title: str,
    lang: str,
    *,
    version: int | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> None:
    """The Export block of a cluster map (national, programme and province pages).

    Parameters
    ----------
    selection : Selection
        The filters applied (a page's fixed programme included).
    rows : pandas.DataFrame
        The filtered clusters, as the table shows them.
    registry : pandas.DataFrame
        Every cluster the page filters (for "n of total" and the labels).
    provinces : geopandas.GeoDataFrame
        The province outlines (not yet summarised).
    title : str
        The page's title in ``lang``.
    lang : str
        The reader's language.
    version : int, optional
        The registry version shown, when the registry is versioned.
    countries : geopandas.GeoDataFrame, optional
        World outlines, for the neighbouring countries on the image.
    """
    if countries is None:
        countries = _world_outlines()
    view = describe_view(
        title, selection, registry, len(rows), lang, version=version, upload=_upload_name()
    )
    styles = programme_styles(registry["programme"].unique())
    source = _rows_source(selection, rows, registry)

    def summarised() -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
        shown = source()
        return shown, summarise_provinces(provinces, shown)

    def image(fmt: str) -> bytes:
        from mapping.images import cluster_map_image

        shown, summary = summarised()
        return cluster_map_image(view, summary, shown, fmt, programmes=styles, countries=countries)

    def workbook() -> bytes:
        from mapping.workbook import cluster_workbook

        return cluster_workbook(view, *summarised())

    def gis(fmt: str) -> bytes:
        from mapping.gis import cluster_gis_layers, to_geojson_zip, to_geopackage

        layers = cluster_gis_layers(*summarised())
        return to_geopackage(layers, view) if fmt == "gpkg" else to_geojson_zip(layers, view)

    files = _image_files(view, image, CLUSTER_STEM, selection, version)
    files += _table_files(
        workbook, gis, lambda ext: export_filename(selection, CLUSTER_STEM, ext, version)
    )
    _buttons(
        files,
        _(
            "The image shows the whole selection, as the map first opens on it, not your "
            "panning or zooming. The workbook is for reading (in the interface's language); "
            "the GIS files hold the clusters as points and the provinces with their counts "
            "(EPSG:4326); the CSV under the table is the machine format."
        ),
    )


def _table_files(
    workbook: Callable[[], bytes],
    gis: Callable[[str], bytes],
    name: Callable[[str], str],
) -> list[tuple[str, str, Callable[[], bytes], str, str]]:
    return [
        ("xlsx", _("Workbook (Excel)"), workbook, name("xlsx"), XLSX_MIME),
        ("gpkg", _("GeoPackage"), lambda: gis("gpkg"), name("gpkg"), GPKG_MIME),
        ("geojson", _("GeoJSON (zip)"), lambda: gis("geojson"), name("geojson.zip"), ZIP_MIME),
    ]


def case_exports(
    selection: Selection,
    rows: pd.DataFrame,
    cases: pd.DataFrame,
    countries: gpd.GeoDataFrame,
    title: str,
    lang: str,
) -> None:
    """The Export block of the world map of case studies (the international page).

    Parameters
    ----------
    selection : Selection
        The case-study filters applied.
    rows : pandas.DataFrame
        The filtered places.
    cases : pandas.DataFrame
        Every place (for "n of total" and the labels).
    countries : geopandas.GeoDataFrame
        World outlines.
    title : str
        The page's title in ``lang``.
    lang : str
        The reader's language.
    """
    view = describe_view(title, selection, cases, len(rows), lang, kind=KIND_CASES)

    def image(fmt: str) -> bytes:
        from mapping.images import world_map_image

        return world_map_image(view, countries, rows, fmt)

    def workbook() -> bytes:
        from mapping.workbook import case_workbook

        return case_workbook(view, rows)

    def gis(fmt: str) -> bytes:
        from mapping.gis import CASE_LAYER, case_layer, to_geojson_zip, to_geopackage

        layers = {CASE_LAYER: case_layer(rows)}
        return to_geopackage(layers, view) if fmt == "gpkg" else to_geojson_zip(layers, view)

    files = _image_files(view, image, CASE_STEM, selection, None)
    files += _table_files(workbook, gis, lambda ext: export_filename(selection, CASE_STEM, ext))
    _buttons(
        files,
        _(
            "The image shows every place selected, as the map first opens on them, not your "
            "panning or zooming. The workbook is for reading; the GIS files hold the places "
            "as points (EPSG:4326); the CSV at the foot of the page is the machine format."
        ),
    )
