"""Seeded synthetic cluster registries, for benchmarks and scale tests.

Rows have the bundled registry's columns and pass its validation: points lie
inside real province outlines (drawn uniformly within each province), about
one row in ten is placed at province level only, and sectors and programmes
follow a skewed mix like a real national registry (most clusters have no
cooperation programme). Names say they are synthetic.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapping.provinces import load_provinces
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
BENCH_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def _points_in(polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points drawn uniformly inside ``polygon`` (rejection sampling)."""
    minx, miny, maxx, maxy = polygon.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        batch = max(64, 2 * (n - len(out)))
        xy = np.column_stack([rng.uniform(minx, maxx, batch), rng.uniform(miny, maxy, batch)])
        inside = shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])
        out = np.vstack([out, xy[inside]])
    return out[:n]


def synthetic_registry(
    n: int, seed: int = 0, provinces: gpd.GeoDataFrame | None = None
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

    Returns
    -------
    pandas.DataFrame
        Columns of ``mapping.registry.REGISTRY_COLUMNS``, all strings.
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
            "isic_code": np.array([s[2] for s in SECTORS])[sector_idx],
            "isic_title": "",
            "locality_en": "",
            "locality_fa": "",
            "province": provinces["name_en"].to_numpy()[province_idx],
            "latitude": np.where(at_province, "", np.char.mod("%.5f", lat)),
            "longitude": np.where(at_province, "", np.char.mod("%.5f", lon)),
            "location_source": np.where(at_province, "none: province only", "synthetic"),
            "programme": programmes,
            "programme_status": "",
            "in_national_mapping": np.where(rng.random(n) < 0.6, "yes", "no"),
            "source": f"synthetic (seed {seed})",
            "notes": "",
        }
    )
    return frame[REGISTRY_COLUMNS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic registry CSV.")
    parser.add_argument("n", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    synthetic_registry(args.n, args.seed).to_csv(args.output, index=False)
    print(f"wrote {args.n} clusters to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
