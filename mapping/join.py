"""Join the cluster registry to the province geometry.

Two products:

* a provinces GeoDataFrame, all 31 kept, with the number of clusters per
  province and their names (zero and empty where there are none);
* a clusters GeoDataFrame of points. A cluster whose town the paper names
  stands at the town's coordinates (``placement == "locality"``). A cluster
  the paper places only in a province stands at the province's
  *representative point* (``placement == "province"``): a point guaranteed to
  lie inside the outline, near its middle, and the same on every run. It is
  a placeholder for "somewhere in this province", never a location.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from mapping.provinces import CRS

NAME_SEPARATOR = "; "


def _check_keys(clusters: pd.DataFrame, provinces: gpd.GeoDataFrame) -> None:
    unknown = sorted(set(clusters["province_code"]) - set(provinces["iso_code"]))
    if unknown:
        raise ValueError(
            f"clusters refer to province codes not in the geometry: {unknown}; "
            f"expected one of {sorted(provinces['iso_code'])}"
        )


def summarise_provinces(
    provinces: gpd.GeoDataFrame,
    clusters: pd.DataFrame,
    *,
    names_per_province: int | None = None,
) -> gpd.GeoDataFrame:
    """Count clusters per province, keeping every province.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        One row per province with ``iso_code``, ``name_en``, ``name_fa``.
    clusters : pandas.DataFrame
        Validated registry rows with ``province_code``, ``name_en`` and
        ``name_fa``.
    names_per_province : int, optional
        Join only each province's first names (a map's tooltip lists a few;
        joining 100,000 names would cost more than the rest of the map).
        By default, all of them.

    Returns
    -------
    geopandas.GeoDataFrame
        ``provinces`` plus ``cluster_count`` (int, 0 where none),
        ``cluster_names_en`` and ``cluster_names_fa`` (names joined by "; ").

    Raises
    ------
    ValueError
        If a cluster names a province code the geometry does not have.
    """
    _check_keys(clusters, provinces)
    grouped = clusters.groupby("province_code", sort=True)
    named = clusters if names_per_province is None else grouped.head(names_per_province)
    names = named.groupby("province_code", sort=True)
    summary = pd.DataFrame(
        {
            "cluster_count": grouped.size(),
            "cluster_names_en": names["name_en"].agg(NAME_SEPARATOR.join),
            "cluster_names_fa": names["name_fa"].agg(NAME_SEPARATOR.join),
        }
    )
    out = provinces.merge(
        summary, left_on="iso_code", right_index=True, how="left", validate="one_to_one"
    )
    out["cluster_count"] = out["cluster_count"].fillna(0).astype(int)
    out[["cluster_names_en", "cluster_names_fa"]] = out[
        ["cluster_names_en", "cluster_names_fa"]
    ].fillna("")
    return out


def province_anchor_points(provinces: gpd.GeoDataFrame) -> pd.DataFrame:
    """Representative point of each province as ``iso_code, anchor_lat, anchor_lon``."""
    points = provinces.geometry.representative_point()
    return pd.DataFrame(
        {"iso_code": provinces["iso_code"], "anchor_lat": points.y, "anchor_lon": points.x}
    )


def clusters_to_points(
    clusters: pd.DataFrame, provinces: gpd.GeoDataFrame, *, geometry: bool = True
) -> gpd.GeoDataFrame | pd.DataFrame:
    """Give every cluster a point, placing province-level clusters inside their province.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Validated registry rows (``latitude``/``longitude`` NaN where the
        source names no town).
    provinces : geopandas.GeoDataFrame
        The province outlines.
    geometry : bool
        Build the point geometry. The map reads ``map_lat``/``map_lon`` only,
        and a million shapely points take a second to make.

    Returns
    -------
    geopandas.GeoDataFrame
        The clusters in the same order, with ``map_lat``/``map_lon`` (where the
        marker stands) and point geometry in EPSG:4326 (a plain DataFrame
        without it when ``geometry`` is False).
    """
    _check_keys(clusters, provinces)
    anchors = province_anchor_points(provinces)
    joined = clusters.merge(
        anchors,
        left_on="province_code",
        right_on="iso_code",
        how="left",
        validate="many_to_one",
    ).drop(columns="iso_code")
    at_province = joined["placement"].eq("province")
    joined["map_lat"] = joined["latitude"].where(~at_province, joined["anchor_lat"])
    joined["map_lon"] = joined["longitude"].where(~at_province, joined["anchor_lon"])
    joined = joined.drop(columns=["anchor_lat", "anchor_lon"])
    if not geometry:
        return joined
    return gpd.GeoDataFrame(
        joined,
        geometry=gpd.points_from_xy(joined["map_lon"], joined["map_lat"]),
        crs=CRS,
    )
