"""Synthetic registries: for benchmarks, scale tests and the demonstration registry.

Rows have the registry's columns and pass its validation: points lie inside
real province outlines (drawn uniformly within each province), about one row
in ten is placed at province level only, and sectors and programmes follow a
skewed mix like a real national registry (most clusters have no cooperation
programme). Names say they are synthetic.

With ``full=True`` every tracked field is filled as well (firms, employees,
stage, agent, types, objectives, exports, website): :func:`demo_registry`
is such a registry of a few hundred clusters over all 31 provinces, which the
Your data page can show, labelled "synthetic — not real data" on every page.
None of its values describes a real cluster.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapping.fields import FIELD_COLUMNS, OBJECTIVE_COLUMNS, STAGES, TYPE_COLUMNS, type_choices
from mapping.provinces import load_provinces
from mapping.reference import isic_divisions
from mapping.registry import REGISTRY_COLUMNS

SECTORS = (
    ("textile", "نساجی", "13"),
    ("leather", "چرم", "151"),
    ("furniture", "مبلمان", "3100"),
    ("stone", "سنگ", "2396"),
    ("ceramic", "سرامیک", "239"),
    ("pottery", "سفال", "2393"),
    ("automobile spare parts", "قطعات خودرو", "2930"),
    ("rubber parts", "قطعات لاستیکی", "2219"),
    ("date", "خرما", "1030"),
    ("food processing", "فرآوری مواد غذایی", "10"),
    ("handicrafts", "صنایع دستی", "32"),
    ("agricultural devices and equipments", "ادوات کشاورزی", "2821"),
    ("oil, gas and petrochemical equipment", "تجهیزات نفت و گاز", "28"),
    ("fishing", "شیلات", "0311"),
    ("rail spare parts", "قطعات ریلی", "3020"),
)
PROGRAMME_MIX = {
    "none": 0.78,
    "local experts": 0.07,
    "internal experts": 0.06,
    "UNIDO": 0.05,
    "IPI": 0.02,
    "IMM": 0.02,
}
PROVINCE_LEVEL_SHARE = 0.1
# The demonstration registry: several hundred clusters, every province, one seed.
DEMO_SIZE = 400
DEMO_SEED = 2015
DEMO_NAME = "synthetic-demonstration-registry"
# How far along the cycle synthetic clusters are: most only identified.
STAGE_MIX = (0.42, 0.2, 0.12, 0.14, 0.06, 0.06)
YEAR_FIRST, YEAR_LAST = 2002, 2015
AGENTS = 40
DEMO_SOURCE = "synthetic demonstration (seed {seed}): not real data"

BENCH_SIZES = (15, 1_000, 10_000, 100_000)
COORD_DECIMALS = 5


def _points_in(polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points drawn uniformly inside ``polygon`` (rejection sampling)."""
    minx, miny, maxx, maxy = polygon.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        batch = max(64, 2 * (n - len(out)))
        xy = np.column_stack([rng.uniform(minx, maxx, batch), rng.uniform(miny, maxy, batch)])
        # Rounded as the file writes them, then tested: rounding must not carry a
        # point across a border (the registry checks plain containment).
        xy = np.round(xy, COORD_DECIMALS)
        inside = shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])
        out = np.vstack([out, xy[inside]])
    return out[:n]


def synthetic_registry(
    n: int,
    seed: int = 0,
    provinces: gpd.GeoDataFrame | None = None,
    *,
    full: bool = False,
) -> pd.DataFrame:
    """A registry of ``n`` synthetic clusters, as text cells like a CSV file.

    Parameters
    ----------
    n : int
        Number of rows.
    seed : int
        The same seed gives the same rows.
    provinces : GeoDataFrame, optional
        Province outlines (default: the bundled file).
    full : bool
        Add every tracked field, filled, and fill the descriptive columns too
        (see :func:`fill_tracked_fields`); ids, sectors, provinces, points
        and programmes are the same as without it. Without it the frame has
        only the columns the registry had before the tracked fields.

    Returns
    -------
    pandas.DataFrame
        Columns of ``mapping.registry.REGISTRY_COLUMNS`` (see ``full``), all strings.
    """
    rng = np.random.default_rng(seed)
    provinces = load_provinces() if provinces is None else provinces
    # Skewed province weights: a few provinces hold many clusters.
    weights = rng.dirichlet(np.full(len(provinces), 0.8))
    province_idx = rng.choice(len(provinces), size=n, p=weights)
    sector_w = 1 / np.arange(1, len(SECTORS) + 1)
    sector_idx = rng.choice(len(SECTORS), size=n, p=sector_w / sector_w.sum())
    programmes = rng.choice(list(PROGRAMME_MIX), size=n, p=list(PROGRAMME_MIX.values()))
    at_province = rng.random(n) < PROVINCE_LEVEL_SHARE
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    for i, geom in enumerate(provinces.geometry):
        rows = np.flatnonzero((province_idx == i) & ~at_province)
        if len(rows):
            xy = _points_in(geom, len(rows), rng)
            lon[rows], lat[rows] = xy[:, 0], xy[:, 1]
    sector = np.array([s[0] for s in SECTORS])[sector_idx]
    sector_fa = np.array([s[1] for s in SECTORS])[sector_idx]
    number = np.arange(1, n + 1).astype(str)
    frame = pd.DataFrame(
        {
            "cluster_id": np.char.add("synthetic-", number),
            "name_en": [f"Synthetic {s} cluster {k}" for s, k in zip(sector, number, strict=True)],
            "name_fa": [f"خوشه {s} {k}" for s, k in zip(sector_fa, number, strict=True)],
            "name_in_paper": "",
            "sector": sector,
            "sector_fa": sector_fa,
            "isic_code": np.array([s[2] for s in SECTORS])[sector_idx],
            "isic_title": "",
            "locality_en": "",
            "locality_fa": "",
            "province": provinces["name_en"].to_numpy()[province_idx],
            "latitude": np.where(at_province, "", np.char.mod(f"%.{COORD_DECIMALS}f", lat)),
            "longitude": np.where(at_province, "", np.char.mod(f"%.{COORD_DECIMALS}f", lon)),
            "location_source": np.where(at_province, "none: province only", "synthetic"),
            "programme": programmes,
            "programme_status": "",
            "in_national_mapping": np.where(rng.random(n) < 0.6, "yes", "no"),
            "source": f"synthetic (seed {seed})",
            "notes": "",
        }
    )
    if not full:
        # The columns a registry file had before the tracked fields: files
        # written from it (the upload corpus, the benchmarks) stay as they were.
        return frame[[c for c in REGISTRY_COLUMNS if c not in FIELD_COLUMNS]]
    frame = frame.reindex(columns=REGISTRY_COLUMNS, fill_value="")
    return fill_tracked_fields(frame, rng)[REGISTRY_COLUMNS]


def _dates(first_years: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A date in or after each year, up to the end of YEAR_LAST, as ``YYYY-MM-DD``."""
    start = np.array([dt.date(int(y), 1, 1).toordinal() for y in first_years])
    end = dt.date(YEAR_LAST, 12, 31).toordinal()
    days = start + (rng.random(len(start)) * (end - start)).astype(int)
    return np.array([dt.date.fromordinal(int(d)).isoformat() for d in days])


def fill_tracked_fields(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """``frame`` with every tracked field filled with plausible synthetic values.

    Firms and employees are skewed (a few large clusters); clusters further
    along the cycle have more objectives assessed; every value is drawn from
    ``rng``, so the same seed gives the same registry. The descriptive
    columns the bundled rows leave empty are filled too (towns are named
    "synthetic town"), except ``programme_status`` where no programme is named.
    """
    n = len(frame)
    out = frame.copy()
    number = out["cluster_id"].str.removeprefix("synthetic-")
    firms = np.maximum(5, rng.lognormal(3.5, 0.9, n).astype(int))
    year_identified = rng.integers(YEAR_FIRST, YEAR_LAST + 1, n)
    stage_index = rng.choice(len(STAGES), size=n, p=STAGE_MIX)
    out["firms"] = firms.astype(str)
    out["firms_year"] = rng.integers(np.maximum(year_identified, 2010), YEAR_LAST + 1).astype(str)
    out["employees"] = (firms * rng.uniform(4, 40, n)).astype(int).astype(str)
    out["employees_year"] = out["firms_year"]
    out["year_identified"] = year_identified.astype(str)
    out["stage"] = np.array(list(STAGES))[stage_index]
    out["stage_date"] = _dates(year_identified, rng)
    out["development_agent"] = [
        f"Synthetic development agent {k}" for k in rng.integers(1, AGENTS + 1, n)
    ]
    for column in TYPE_COLUMNS:
        out[column] = rng.choice(type_choices(column), size=n)
    # Clusters past a diagnostic study have had their objectives assessed.
    assessed = rng.random((n, len(OBJECTIVE_COLUMNS))) < (0.2 + 0.16 * stage_index)[:, None]
    met = rng.random((n, len(OBJECTIVE_COLUMNS))) < (0.3 + 0.1 * stage_index)[:, None]
    states = np.where(assessed, np.where(met, "met", "not met"), "not assessed")
    for j, column in enumerate(OBJECTIVE_COLUMNS):
        out[column] = states[:, j]
    out["exports_value"] = (firms * rng.lognormal(10, 1.2, n)).round(-3).astype(int).astype(str)
    out["exports_currency"] = "USD"
    out["exports_year"] = out["firms_year"]
    out["website"] = "https://example.org/synthetic-clusters/" + number
    divisions = isic_divisions()
    division = out["isic_code"].str[:2]
    out["isic_title"] = division.map(divisions["title"]).fillna("")
    out["name_in_paper"] = out["name_en"]
    out["locality_en"] = "synthetic town " + number
    out["locality_fa"] = "شهر ساختگی " + number
    named = out["programme"].ne("none")
    out["programme_status"] = np.where(named, "cooperation contract", "")
    out["notes"] = "Synthetic demonstration row: not real data."
    return out


def demo_registry(provinces: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """The synthetic demonstration registry: text cells like a registry file.

    :data:`DEMO_SIZE` clusters over all 31 provinces, every tracked field
    filled, always the same rows (seed :data:`DEMO_SEED`). Validate it like
    any file before showing it.
    """
    provinces = load_provinces() if provinces is None else provinces
    frame = synthetic_registry(DEMO_SIZE, DEMO_SEED, provinces, full=True)
    # Every province holds at least one cluster: the first 31 rows, one each.
    first = np.arange(len(provinces))
    frame.loc[first, "province"] = provinces["name_en"].to_numpy()
    frame.loc[first, "latitude"] = ""
    frame.loc[first, "longitude"] = ""
    frame.loc[first, "location_source"] = "none: province only"
    frame["source"] = DEMO_SOURCE.format(seed=DEMO_SEED)
    return frame
