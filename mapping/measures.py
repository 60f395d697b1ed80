"""What the national map shades provinces by, and what sizes its markers.

The reader chooses the measure: clusters, firms, employees, clusters at
implementation or later, or clusters with a programme. A figure the registry
does not give for some of a province's clusters is never read as zero: the
province carries how many of its clusters lack it, and the map says so
(a partial sum is marked; a province where no cluster gives it is "not
stated", not "none").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from mapping.fields import IMPLEMENTATION_OR_LATER
from mapping.i18n import N_

MEASURE_KEY = "measure"
SIZE_KEY = "size"
DEFAULT_MEASURE = "clusters"
NO_SIZE = "none"
# Marker sizes (px across) for a figure: the smallest and the largest value shown.
SIZE_RANGE_PX = (8, 30)


@dataclass(frozen=True)
class Measure:
    """One choropleth measure: labels, and how a cluster counts towards it.

    A figure measure sums ``column`` (unknown where the cell is empty); a
    count measure counts the clusters ``counts`` keeps, unknown where
    ``unknown`` says the registry cannot tell.
    """

    key: str
    label: str  # the choice, a catalogue msgid
    legend: str  # the legend's heading, a catalogue msgid
    column: str | None = None
    counts: Callable[[pd.DataFrame], pd.Series] | None = None
    unknown: Callable[[pd.DataFrame], pd.Series] | None = None


def _at_implementation(clusters: pd.DataFrame) -> pd.Series:
    return clusters["stage"].isin(IMPLEMENTATION_OR_LATER)


def _no_stage(clusters: pd.DataFrame) -> pd.Series:
    return clusters["stage"].fillna("").eq("")


def _with_programme(clusters: pd.DataFrame) -> pd.Series:
    return clusters["programme"].ne("none")


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("clusters", N_("Clusters"), N_("Clusters per province")),
        Measure("firms", N_("Firms"), N_("Firms per province"), column="firms"),
        Measure("employees", N_("Employees"), N_("Employees per province"), column="employees"),
        Measure(
            "implementation",
            N_("Clusters at implementation or later"),
            N_("Clusters at implementation or later"),
            counts=_at_implementation,
            unknown=_no_stage,
        ),
        Measure(
            "programme",
            N_("Clusters with a programme"),
            N_("Clusters with a programme"),
            counts=_with_programme,
        ),
    )
}
# Marker size: by nothing (every marker the same), or by a figure.
SIZES: dict[str, str] = {
    NO_SIZE: N_("Same size for every cluster"),
    "firms": N_("By firms"),
    "employees": N_("By employees"),
}


def province_measure(
    provinces: gpd.GeoDataFrame, clusters: pd.DataFrame, key: str
) -> gpd.GeoDataFrame:
    """``provinces`` with the measure ``key`` over ``clusters``, per province.

    Parameters
    ----------
    provinces : geopandas.GeoDataFrame
        One row per province with ``iso_code`` (as
        :func:`mapping.join.summarise_provinces` returns it).
    clusters : pandas.DataFrame
        The clusters shown.
    key : str
        One of :data:`MEASURES`.

    Returns
    -------
    geopandas.GeoDataFrame
        With ``measure_value`` (int: the count or the sum over clusters that
        give the figure), ``measure_unknown`` (clusters whose figure or stage
        is not stated) and ``measure_clusters`` (clusters in the province).

    Raises
    ------
    ValueError
        For an unknown measure.
    """
    if key not in MEASURES:
        raise ValueError(f"measure must be one of {sorted(MEASURES)}, got {key!r}")
    measure = MEASURES[key]
    if measure.column is not None:
        figure = clusters[measure.column]
        value, unknown = figure.fillna(0).to_numpy(), figure.isna().to_numpy()
    elif measure.counts is not None:
        value = measure.counts(clusters).to_numpy()
        unknown = measure.unknown(clusters).to_numpy() if measure.unknown is not None else 0
    else:
        value, unknown = 1, 0
    per_cluster = pd.DataFrame(
        {"value": value, "unknown": unknown, "clusters": 1}, index=clusters.index
    ).astype(np.int64)
    # One pass over the clusters for all three sums.
    sums = per_cluster.groupby(clusters["province_code"].to_numpy()).sum()
    out = provinces.copy()
    sums = sums.reindex(out["iso_code"].to_numpy(), fill_value=0)
    out["measure_value"] = sums["value"].to_numpy()
    out["measure_unknown"] = sums["unknown"].to_numpy()
    out["measure_clusters"] = sums["clusters"].to_numpy()
    return out


def marker_sizes(figures: pd.Series, default_px: int) -> tuple[np.ndarray, float]:
    """Marker diameters (px) with area proportional to each figure, and the largest figure.

    Clusters without the figure keep ``default_px``; with no figure at all
    every marker does, and the largest figure is 0.
    """
    values = pd.to_numeric(figures, errors="coerce").astype(float).to_numpy()
    known = ~np.isnan(values)
    largest = float(values[known].max()) if known.any() else 0.0
    sizes = np.full(len(values), float(default_px))
    if largest > 0:
        low, high = SIZE_RANGE_PX
        sizes[known] = low + (high - low) * np.sqrt(values[known] / largest)
    return np.round(sizes, 1), largest


def size_for(value: float, largest: float) -> float:
    """The diameter (px) of a marker for ``value`` when the largest figure is ``largest``."""
    low, high = SIZE_RANGE_PX
    return round(low + (high - low) * float(np.sqrt(value / largest)), 1) if largest else low
