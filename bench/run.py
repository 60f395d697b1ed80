"""Benchmark the map at national-registry sizes against plain folium.

Run with ``make bench`` (or ``python -m bench.run``). For 15, 1,000, 10,000
and 100,000 seeded synthetic clusters it measures, in one run on one machine:

* filter + map build + HTML render, median of several runs, and the HTML
  payload, for this project's builder and for a plain folium baseline
  (full-resolution OpenStreetMap outlines through ``folium.GeoJson``, one
  ``folium.Marker`` with a popup per cluster);
* in headless Chromium against the running app on 10,000 clusters: time from
  navigation to the map painted, and from a filter change to the map
  repainted;
* the server's resident memory with five browser sessions open on 100,000
  clusters.

It prints a table and writes it to ``bench/RESULTS.md`` with the machine and
date. Figures are checked against the issue's targets there, not in tests:
this machine is shared and timings are noisy.
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

import folium
import pandas as pd

from bench.synthetic import BENCH_SIZES, synthetic_registry
from mapping.filters import ClusterFilter, apply_filter
from mapping.join import clusters_to_points, summarise_provinces
from mapping.maps import build_cluster_map
from mapping.maps.cluster_map import count_classes
from mapping.maps.style import DEFAULT_CENTER, DEFAULT_ZOOM
from mapping.provinces import load_provinces
from mapping.registry import prepare_columns, validate_registry
from mapping.search import with_search_text
from tools.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, AppServer, wait_for_clusters_drawn

SEED = 42
RESULTS = ROOT / "bench" / "RESULTS.md"
BASELINE_CAP_S = 60.0  # skip a baseline size whose single run is expected to exceed this
SHOW_ALL = ClusterFilter()  # the benchmark maps every cluster: the heaviest view
TARGETS = {
    "build_10k_ms": 150,
    "payload_10k_kib": 400,
    "speedup_10k": 20,
    "shrink_10k": 15,
    "build_100k_s": 1.5,
    "payload_100k_mib": 3,
    "paint_s": 3.0,
    "repaint_s": 1.0,
    "rss_mb": 400,
}


@dataclass
class SizeResult:
    n: int
    ours_s: float
    ours_bytes: int
    base_s: float | None = None
    base_bytes: int | None = None
    note: str = ""


@dataclass
class BrowserResult:
    paint_s: list[float] = field(default_factory=list)
    repaint_s: list[float] = field(default_factory=list)
    rss_bytes: int | None = None
    sessions: int = 0


def median_time(fn: Callable[[], int], runs: int) -> tuple[float, int]:
    """Median wall time of ``fn`` over ``runs`` runs, and what it returned last."""
    times, out = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def full_resolution_provinces() -> dict:
    """OpenStreetMap's Iran provinces at full resolution, for the baseline (read offline)."""
    from scripts.build_provinces import full_resolution

    return full_resolution()


def baseline_map(full: dict, clusters: pd.DataFrame) -> folium.Map:
    """What a straightforward folium app does: choropleth + one Marker per cluster."""
    counts = clusters.groupby("province_code").size().to_dict()
    classes = count_classes(max(counts.values(), default=0))
    palette = ["#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"]

    def style(feature: dict) -> dict:
        n = counts.get(feature["properties"]["iso_code"], 0)
        colour = "#f4f4f4"
        for i, (lo, hi) in enumerate(classes):
            if lo <= n <= hi:
                colour = palette[i]
        return {"fillColor": colour, "color": "#fff", "weight": 1, "fillOpacity": 0.9}

    m = folium.Map(location=DEFAULT_CENTER, zoom_start=DEFAULT_ZOOM, tiles=None)
    folium.GeoJson(
        full, style_function=style, tooltip=folium.GeoJsonTooltip(["name", "name_fa"])
    ).add_to(m)
    for row in clusters.itertuples():
        folium.Marker(
            [row.map_lat, row.map_lon],
            tooltip=row.name_en,
            popup=folium.Popup(f"<b>{row.name_en}</b><br>{row.sector}<br>{row.programme}"),
        ).add_to(m)
    return m


def python_benchmarks(sizes: tuple[int, ...], runs: int) -> list[SizeResult]:
    provinces = load_provinces()
    full = full_resolution_provinces()
    results = []
    base_per_cluster_s: float | None = None
    for n in sizes:
        raw = prepare_columns(synthetic_registry(n, SEED, provinces), f"synthetic-{n}")
        registry = with_search_text(validate_registry(raw, provinces).valid)

        def ours(registry: pd.DataFrame = registry) -> int:
            shown = apply_filter(registry, SHOW_ALL)
            m = build_cluster_map(
                summarise_provinces(provinces, shown), clusters_to_points(shown, provinces)
            )
            return len(m.get_root().render().encode("utf-8"))

        def base(registry: pd.DataFrame = registry) -> int:
            shown = clusters_to_points(apply_filter(registry, SHOW_ALL), provinces)
            return len(baseline_map(full, shown).get_root().render().encode("utf-8"))

        ours(registry)  # warm caches (outline JSON, imports) as a running server would
        ours_s, ours_bytes = median_time(ours, runs)
        result = SizeResult(n, ours_s, ours_bytes)
        expected = base_per_cluster_s * n if base_per_cluster_s else 0.0
        if expected > BASELINE_CAP_S:
            result.note = (
                f"baseline skipped: expected about {expected:.0f} s a run, over the "
                f"{BASELINE_CAP_S:.0f} s cap"
            )
        else:
            base_runs = runs if n <= 1_000 else 3
            result.base_s, result.base_bytes = median_time(base, base_runs)
            base_per_cluster_s = result.base_s / max(n, 1)
        results.append(result)
        print(f"  {n:>7}: ours {ours_s * 1000:8.1f} ms {ours_bytes / 1024:9.1f} KiB", end="")
        if result.base_s is not None:
            print(f" | baseline {result.base_s * 1000:9.1f} ms {result.base_bytes / 1024:9.1f} KiB")
        else:
            print(f" | {result.note}")
    return results


def browser_benchmarks(runs: int, sessions: int) -> BrowserResult:
    from playwright.sync_api import sync_playwright

    result = BrowserResult()
    provinces = load_provinces()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "clusters-10k.csv"
        large = Path(tmp) / "clusters-100k.csv"
        synthetic_registry(10_000, SEED, provinces).to_csv(small, index=False)
        synthetic_registry(100_000, SEED, provinces).to_csv(large, index=False)
        registry = with_search_text(
            validate_registry(
                prepare_columns(pd.read_csv(small, dtype=str, keep_default_na=False), "10k"),
                provinces,
            ).valid
        )
        query = "textile"
        expected = len(apply_filter(registry, ClusterFilter(q=query)))

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            server = AppServer(env={"CLUSTER_REGISTRY": str(small)})
            try:
                warm = browser.new_page()
                warm.goto(server.url)  # first visit fills the server's caches
                wait_for_clusters_drawn(warm, 10_000, timeout_ms=120_000)
                warm.close()
                for _ in range(runs):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    start = time.perf_counter()
                    page.goto(server.url)
                    wait_for_clusters_drawn(page, 10_000)
                    result.paint_s.append(time.perf_counter() - start)

                    search = page.get_by_label("Search names (English or Persian)")
                    search.fill(query)
                    start = time.perf_counter()
                    search.press("Enter")
                    wait_for_clusters_drawn(page, expected)
                    result.repaint_s.append(time.perf_counter() - start)
                    page.close()
            finally:
                server.stop()

            server = AppServer(env={"CLUSTER_REGISTRY": str(large)})
            pages = []
            try:
                for _ in range(sessions):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(server.url)
                    wait_for_clusters_drawn(page, 100_000, timeout_ms=180_000)
                    pages.append(page)
                result.sessions = len(pages)
                result.rss_bytes = server.rss_bytes()
            finally:
                for page in pages:
                    page.close()
                server.stop()
            browser.close()
    return result


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.0f}×" if a and b else "–"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(sizes: list[SizeResult], br: BrowserResult | None) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    lines = [
        "# Benchmark results",
        "",
        f"Run {now} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"folium {folium.__version__}. Reproduce with `make bench`.",
        "",
        "Filter + map build + HTML render (median), and the HTML payload. Baseline: plain "
        "folium with full-resolution OpenStreetMap outlines and one `folium.Marker` with a "
        "popup per cluster, measured in the same run.",
        "",
        "| clusters | ours | ours payload | baseline | baseline payload | faster | smaller |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sizes:
        base_t = f"{r.base_s * 1000:,.0f} ms" if r.base_s is not None else r.note
        base_b = f"{r.base_bytes / 1024:,.0f} KiB" if r.base_bytes is not None else "–"
        lines.append(
            f"| {r.n:,} | {r.ours_s * 1000:,.0f} ms | {r.ours_bytes / 1024:,.0f} KiB | {base_t} "
            f"| {base_b} | {_ratio(r.base_s, r.ours_s)} | {_ratio(r.base_bytes, r.ours_bytes)} |"
        )
    by_n = {r.n: r for r in sizes}
    lines += ["", "## Targets", "", "| target | measured | |", "| --- | ---: | --- |"]
    if 10_000 in by_n:
        r = by_n[10_000]
        lines.append(
            f"| 10,000: build + render ≤ {TARGETS['build_10k_ms']} ms | {r.ours_s * 1000:.0f} ms "
            f"| {_verdict(r.ours_s * 1000 <= TARGETS['build_10k_ms'])} |"
        )
        lines.append(
            f"| 10,000: payload ≤ {TARGETS['payload_10k_kib']} KiB | {r.ours_bytes / 1024:.0f} KiB "
            f"| {_verdict(r.ours_bytes / 1024 <= TARGETS['payload_10k_kib'])} |"
        )
        if r.base_s:
            speed, shrink = r.base_s / r.ours_s, r.base_bytes / r.ours_bytes
            lines.append(
                f"| 10,000: ≥ {TARGETS['speedup_10k']}× faster than baseline | {speed:.0f}× "
                f"| {_verdict(speed >= TARGETS['speedup_10k'])} |"
            )
            lines.append(
                f"| 10,000: ≥ {TARGETS['shrink_10k']}× smaller than baseline | {shrink:.0f}× "
                f"| {_verdict(shrink >= TARGETS['shrink_10k'])} |"
            )
    if 100_000 in by_n:
        r = by_n[100_000]
        lines.append(
            f"| 100,000: build + render ≤ {TARGETS['build_100k_s']} s | {r.ours_s:.2f} s "
            f"| {_verdict(r.ours_s <= TARGETS['build_100k_s'])} |"
        )
        lines.append(
            f"| 100,000: payload ≤ {TARGETS['payload_100k_mib']} MiB | "
            f"{r.ours_bytes / 2**20:.2f} MiB "
            f"| {_verdict(r.ours_bytes / 2**20 <= TARGETS['payload_100k_mib'])} |"
        )
    if br is not None:
        paint = statistics.median(br.paint_s)
        repaint = statistics.median(br.repaint_s)
        lines.append(
            f"| browser, 10,000: navigation to map painted ≤ {TARGETS['paint_s']} s "
            f"| {paint:.2f} s (median of {len(br.paint_s)}) "
            f"| {_verdict(paint <= TARGETS['paint_s'])} |"
        )
        lines.append(
            f"| browser, 10,000: filter change to map repainted ≤ {TARGETS['repaint_s']} s "
            f"| {repaint:.2f} s (median of {len(br.repaint_s)}) "
            f"| {_verdict(repaint <= TARGETS['repaint_s'])} |"
        )
        if br.rss_bytes is not None:
            rss = br.rss_bytes / 1e6
            lines.append(
                f"| server memory, {br.sessions} sessions on 100,000 ≤ {TARGETS['rss_mb']} MB "
                f"| {rss:.0f} MB | {_verdict(rss <= TARGETS['rss_mb'])} |"
            )
    lines += [
        "",
        "Browser timings are wall-clock from Playwright's navigation (or the Enter key in the "
        "search box) until the map iframe reports the expected number of clusters drawn "
        "(`data-clusters-drawn`) on its canvas and two animation frames have passed.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per size (median)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(BENCH_SIZES))
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    print("map build + render:")
    sizes = python_benchmarks(tuple(args.sizes), args.runs)
    browser = None
    if not args.no_browser:
        print("browser (10,000 clusters; memory with sessions on 100,000):")
        browser = browser_benchmarks(runs=3, sessions=args.sessions)
    text = report(sizes, browser)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
