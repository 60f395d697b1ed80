"""Benchmark the registry store: publishing, and loading a version against reading the CSV.

Run with ``make bench-store`` (or ``python -m bench.store``). On SQLite (a
file in a temporary folder) and on PostgreSQL (a throwaway server from
``tests/pg.py`` with its default, durable settings; skipped with the reason
if PostgreSQL is not installed) it measures, in one run:

* publishing 10,000 and 100,000 synthetic clusters as a new version
  (replace mode: validation, diff against the previous version, writing),
  and a partial publish updating 1,000 clusters of the 100,000;
* loading each version for the map (:meth:`Store.load_version`) against
  loading the same rows from a CSV file as the app does today
  (``read_registry_csv`` + ``validate_registry``), alternated, median of
  ``LOAD_RUNS``, with the ratio;
* one ``latest_version_number()`` call, the poll every process makes.

It prints a table and writes it to ``bench/STORE_RESULTS.md``. The targets
are checked there, not in tests: the machine is shared and timings are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy

from bench.synthetic import synthetic_registry
from mapping.provinces import load_provinces
from mapping.registry import read_registry_csv, validate_registry
from mapping.store import Console, Store
from tests.pg import PostgresServer, pg_bin_dir

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "STORE_RESULTS.md"
SEED = 42
SIZES = (10_000, 100_000)
PARTIAL_ROWS = 1_000
PUBLISH_TARGET_S = {10_000: 5.0, 100_000: 60.0}
LOAD_RATIO_TARGET = 1.5
LOAD_RUNS = 3
POLL_RUNS = 50
BENCH = Console("bench")


@dataclass
class BackendResult:
    backend: str
    publish_s: dict[int, float] = field(default_factory=dict)
    partial_s: float = 0.0
    load_s: dict[int, float] = field(default_factory=dict)
    csv_s: dict[int, float] = field(default_factory=dict)
    poll_ms: float = 0.0
    size_bytes: int | None = None


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(
    backend: str, url: str, rows: dict[int, pd.DataFrame], csvs: dict[int, Path]
) -> BackendResult:
    """Every figure for one database; prints progress as it goes."""
    provinces = load_provinces()
    result = BackendResult(backend)
    store = Store.open(url)
    for n in SIZES:
        base = store.latest_version_number()
        result.publish_s[n] = _timed(
            lambda n=n, base=base: store.publish(
                BENCH, rows[n], mode="replace", base_version=base, note=f"{n} rows"
            )
        )
        number = store.latest_version_number()
        print(f"  {backend}: published {n:,} rows in {result.publish_s[n]:.2f} s", flush=True)
        db_times, csv_times = [], []
        for _ in range(LOAD_RUNS):
            db_times.append(_timed(lambda number=number: store.load_version(number)))
            csv_times.append(
                _timed(lambda n=n: validate_registry(read_registry_csv(csvs[n]), provinces))
            )
        result.load_s[n] = statistics.median(db_times)
        result.csv_s[n] = statistics.median(csv_times)
        print(
            f"  {backend}: load {n:,} rows {result.load_s[n]:.2f} s, CSV {result.csv_s[n]:.2f} s",
            flush=True,
        )
    partial = store.version_cells().iloc[:PARTIAL_ROWS].assign(notes="updated")
    base = store.latest_version_number()
    result.partial_s = _timed(
        lambda: store.publish(BENCH, partial, mode="partial", base_version=base, note="partial")
    )
    result.poll_ms = 1000 * statistics.median(
        _timed(store.latest_version_number) for _ in range(POLL_RUNS)
    )
    if store.db.path is not None:
        result.size_bytes = sum(
            p.stat().st_size for p in store.db.path.parent.glob(store.db.path.name + "*")
        )
    store.close()
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(results: list[BackendResult], skipped: str | None) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    lines = [
        "# Registry store benchmark",
        "",
        f"Run {now} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}. Reproduce with `make bench-store` "
        "(`python -m bench.store`). Synthetic registries from `bench/synthetic.py` "
        f"(seed {SEED}). PostgreSQL runs with its default (durable) settings.",
        "",
        "Publish: a whole registry as a new version (replace mode), including validation, "
        "the diff against the previous version and the writing, in one transaction. Load: "
        "`Store.load_version` (the typed frame the map uses) against `read_registry_csv` + "
        f"`validate_registry` on the same rows in a CSV file, alternated, median of {LOAD_RUNS}.",
        "",
        "| database | rows | publish | load version | load CSV | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for n in SIZES:
            lines.append(
                f"| {r.backend} | {n:,} | {r.publish_s[n]:.2f} s | {r.load_s[n]:.2f} s "
                f"| {r.csv_s[n]:.2f} s | {r.load_s[n] / r.csv_s[n]:.2f}× |"
            )
    lines += [
        "",
        "Versions written: the seed (15 rows), 10,000, 100,000, then a partial publish "
        f"updating {PARTIAL_ROWS:,} of the 100,000 (which stores all 100,000 rows again).",
        "",
        "| database | partial publish, 1,000 of 100,000 updated | poll "
        "(`latest_version_number`) | SQLite file and WAL after the four versions |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results:
        size = f"{r.size_bytes / 2**20:.0f} MiB" if r.size_bytes else "–"
        lines.append(f"| {r.backend} | {r.partial_s:.2f} s | {r.poll_ms:.1f} ms | {size} |")
    if skipped:
        lines += ["", f"PostgreSQL skipped: {skipped}."]
    lines += ["", "## Targets", "", "| target | measured | |", "| --- | ---: | --- |"]
    for r in results:
        for n in SIZES:
            target = PUBLISH_TARGET_S[n]
            lines.append(
                f"| {r.backend}: publish {n:,} rows ≤ {target:.0f} s | {r.publish_s[n]:.2f} s "
                f"| {_verdict(r.publish_s[n] <= target)} |"
            )
        worst = max(r.load_s[n] / r.csv_s[n] for n in SIZES)
        lines.append(
            f"| {r.backend}: load ≤ {LOAD_RATIO_TARGET}× the CSV | {worst:.2f}× (worst size) "
            f"| {_verdict(worst <= LOAD_RATIO_TARGET)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    provinces = load_provinces()
    results: list[BackendResult] = []
    skipped = None
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        rows, csvs = {}, {}
        for n in SIZES:
            rows[n] = synthetic_registry(n, SEED, provinces)
            csvs[n] = Path(folder) / f"clusters-{n}.csv"
            rows[n].to_csv(csvs[n], index=False)
        print("SQLite", flush=True)
        results.append(measure("SQLite", f"sqlite:///{folder}/registry.sqlite3", rows, csvs))
        bin_dir = pg_bin_dir()
        if bin_dir is None:
            skipped = "initdb and pg_ctl were not found (apt-get install postgresql)"
        else:
            print("PostgreSQL", flush=True)
            server = PostgresServer(bin_dir, fast=False).start()
            try:
                results.append(measure("PostgreSQL", server.url(), rows, csvs))
            finally:
                server.stop()
    text = report(results, skipped)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
