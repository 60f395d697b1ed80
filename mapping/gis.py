"""The current view as GIS files: GeoPackage (two layers) and GeoJSON (two files in a zip).

Both hold the same two layers in EPSG:4326, with short attribute names that
do not change with the interface language (documented in ``data/README.md``,
section "GIS downloads"):

* ``clusters``: one point per filtered cluster, at its town, or, for a
  cluster the source places only in a province, at the province's
  representative point with ``placement = "province"`` (a stand-in for
  "somewhere in this province", never a location);
* ``provinces``: all 31 province outlines with the number of clusters the map
  shades them by, its legend class and fill colour.

Names and labels are given in English and Persian side by side, so one file
serves readers of both. Each file also says what it shows: the GeoPackage
has a table ``about``, the zip a text file ``about.txt``, in the reader's
language (title, filters, data, export date, sources and licences).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from mapping.i18n import gettext
from mapping.join import clusters_to_points
from mapping.maps.cluster_map import class_colour, province_classes
from mapping.programmes import programme_label
from mapping.provinces import CRS
from mapping.view import ExportView

CLUSTER_LAYER = "clusters"
PROVINCE_LAYER = "provinces"
CASE_LAYER = "case_studies"
ABOUT_LAYER = "about"
ABOUT_FILE = "about.txt"

GEOJSON_TOLERANCE_DEG = 1e-7  # RFC 7946 files keep 7 decimals
# Attribute name -> registry column, for the clusters layer.
CLUSTER_ATTRIBUTES = {
    "id": "cluster_id",
    "name_en": "name_en",
    "name_fa": "name_fa",
    "sector": "sector",
    "sector_fa": "sector_fa",
    "isic": "isic_code",
    "town_en": "locality_en",
    "town_fa": "locality_fa",
    "prov_code": "province_code",
    "prov_en": "province",
    "prov_fa": "province_fa",
    "programme": "programme",
    "national": "in_national_mapping",
    "placement": "placement",
    "source": "source",
}
CASE_ATTRIBUTES = {
    "id": "place_id",
    "case_id": "case_id",
    "name_en": "case_name",
    "name_fa": "case_name_fa",
    "place_en": "place",
    "place_fa": "place_fa",
    "country": "country_code",
    "ctry_en": "country",
    "ctry_fa": "country_fa",
    "sector": "sector",
    "sector_fa": "sector_fa",
    "sect_group": "sector_group",
    "type": "type",
    "founded": "founded",
    "firms": "firms",
    "firms_year": "firms_year",
    "employees": "employees",
    "empl_year": "employees_year",
    "placement": "placement",
    "source": "source",
}


def _text(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna(), "").astype(str)


def cluster_layer(clusters: pd.DataFrame, provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The filtered clusters as points with the short attributes of :data:`CLUSTER_ATTRIBUTES`.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows (filtered).
    provinces : geopandas.GeoDataFrame
        The province outlines (for the representative points).

    Returns
    -------
    geopandas.GeoDataFrame
        One point per cluster in EPSG:4326; ``national`` is ``yes``/``no``,
        ``prog_en``/``prog_fa`` the programme's labels.
    """
    points = clusters_to_points(clusters, provinces)
    out = pd.DataFrame(
        {name: _text(points[column]) for name, column in CLUSTER_ATTRIBUTES.items()},
        index=points.index,
    )
    out["national"] = points["in_national_mapping"].map({True: "yes", False: "no"})
    out.insert(
        out.columns.get_loc("programme") + 1,
        "prog_en",
        [programme_label(p, "en") for p in points["programme"]],
    )
    out.insert(
        out.columns.get_loc("prog_en") + 1,
        "prog_fa",
        [programme_label(p, "fa") for p in points["programme"]],
    )
    return gpd.GeoDataFrame(out, geometry=points.geometry.to_numpy(), crs=CRS).reset_index(
        drop=True
    )


def province_layer(provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All provinces with ``clusters`` (the count shown), its legend ``class`` and ``fill``.

    ``provinces`` comes from :func:`mapping.join.summarise_provinces`, counted
    over the clusters shown, exactly as the map shades them.
    """
    counts = provinces["cluster_count"].astype(int)
    classes = province_classes(counts)

    def class_label(count: int) -> str:
        for lo, hi in classes:
            if lo <= count <= hi:
                return str(lo) if lo == hi else f"{lo}-{hi}"
        return "0"

    out = pd.DataFrame(
        {
            "prov_code": provinces["iso_code"].astype(str),
            "name_en": provinces["name_en"].astype(str),
            "name_fa": provinces["name_fa"].astype(str),
            "clusters": counts,
            "class": [class_label(int(c)) for c in counts],
            "fill": [class_colour(int(c), classes) for c in counts],
        },
        index=provinces.index,
    )
    return gpd.GeoDataFrame(
        out, geometry=provinces.geometry.to_crs(CRS).to_numpy(), crs=CRS
    ).reset_index(drop=True)


def case_layer(cases: pd.DataFrame) -> gpd.GeoDataFrame:
    """The filtered places of the case studies as points (attributes: :data:`CASE_ATTRIBUTES`)."""
    out = pd.DataFrame(index=cases.index)
    for name, column in CASE_ATTRIBUTES.items():
        values = cases[column]
        out[name] = values.astype("Int64") if values.dtype == "Int64" else _text(values)
    geometry = gpd.points_from_xy(cases["longitude"], cases["latitude"])
    return gpd.GeoDataFrame(out, geometry=geometry, crs=CRS).reset_index(drop=True)


def about_frame(view: ExportView) -> pd.DataFrame:
    """What the files show, as ``item``/``value`` rows in the reader's language."""
    lang = view.lang
    rows = [
        (gettext("Title", lang), view.title),
        (gettext("Filters", lang), view.filter_text),
        (gettext("Data", lang), view.data),
        (gettext("Exported on", lang), view.exported_text),
    ]
    rows += [
        (gettext(s.what, lang), f"{gettext(s.source, lang)} ({gettext(s.licence, lang)})")
        for s in view.sources
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


def about_text(view: ExportView) -> str:
    """:func:`about_frame` as plain text, one ``item: value`` per line."""
    frame = about_frame(view)
    return "\n".join(f"{i}: {v}" for i, v in zip(frame["item"], frame["value"], strict=True))


def to_geopackage(layers: dict[str, gpd.GeoDataFrame], view: ExportView) -> bytes:
    """``layers`` as one GeoPackage (a layer each) plus the table ``about``.

    Parameters
    ----------
    layers : dict of str to GeoDataFrame
        Layer name to its features (EPSG:4326).
    view : ExportView
        What the file shows, written to the table ``about``.

    Returns
    -------
    bytes
        The .gpkg file.
    """
    with tempfile.TemporaryDirectory(prefix="gpkg-") as folder:
        path = Path(folder) / "export.gpkg"
        for name, layer in layers.items():
            pyogrio.write_dataframe(layer, path, layer=name, driver="GPKG")
        pyogrio.write_dataframe(about_frame(view), path, layer=ABOUT_LAYER, driver="GPKG")
        return path.read_bytes()


def to_geojson_zip(layers: dict[str, gpd.GeoDataFrame], view: ExportView) -> bytes:
    """``layers`` as GeoJSON files (``<layer>.geojson``, RFC 7946) in a zip with ``about.txt``.

    Written by GDAL (RFC 7946: EPSG:4326, 7 decimals, about 1 cm), which is
    many times faster than building the features in Python for a large view.
    """
    buffer = io.BytesIO()
    with (
        tempfile.TemporaryDirectory(prefix="geojson-") as folder,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, layer in layers.items():
            path = Path(folder) / f"{name}.geojson"
            pyogrio.write_dataframe(
                layer.to_crs(CRS), path, driver="GeoJSON", layer_options={"RFC7946": "YES"}
            )
            archive.write(path, f"{name}.geojson")
        archive.writestr(ABOUT_FILE, about_text(view) + "\n")
    return buffer.getvalue()


def cluster_gis_layers(
    clusters: pd.DataFrame, provinces: gpd.GeoDataFrame
) -> dict[str, gpd.GeoDataFrame]:
    """The two layers of a cluster view; ``provinces`` as summarised for the map."""
    return {
        CLUSTER_LAYER: cluster_layer(clusters, provinces),
        PROVINCE_LAYER: province_layer(provinces),
    }
