"""Benchmark the national map against the maps a user would reach for.

Run with ``make bench`` (or ``python -m bench.run``). In one run, on seeded
synthetic registries of 1,000, 10,000, 100,000 and 1,000,000 clusters, it
compares this project with five peer apps (``bench/peers``: plain folium,
``GeoDataFrame.explore()``, folium's ``FastMarkerCluster``, ``st.map`` and a
minimal ``st.pydeck_chart`` page), each a real Streamlit app with the same
search box:

* server time, in-process (``bench/server.py``);
* the map's websocket message, raw and gzipped, and bytes per point;
* in headless Chromium, fresh browser context each time: navigation to the
  map drawn, a search ("textile") to the map redrawn, hover to tooltip, and
  the JavaScript heap once drawn (``bench/browser.py``);
* the server's resident memory with five sessions open on 100,000;
* for this project, Streamlit's websocket compression off and on: bytes on
  the wire (through a counting proxy) and timings.

The run is bounded: a peer is skipped at a size where its previous size's
figures, scaled by the number of clusters, say one run would exceed a cap
(or its message would exceed Streamlit's 200 MB limit); the table says so.
It prints the table and writes it to ``bench/RESULTS.md`` with the machine
and date, with ratios to this project and the issue's targets. Timings on a
shared machine are noisy; they are medians.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bench import browser as web
from bench import report, server
from bench.peers import common
from bench.proxy import CountingProxy
from bench.synthetic import BENCH_SIZES, synthetic_registry
from mapping.filters import ClusterFilter, apply_filter
from mapping.provinces import PROVINCES_PATH, load_provinces
from mapping.registry import load_registry
from mapping.search import with_search_text
from tools.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, AppServer

SEED = 42
QUERY = "textile"
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "RESULTS.md"
SERVER_CAP_S = 60.0  # skip a size whose single build is expected to take longer
BROWSER_CAP_S = 90.0  # skip a size whose navigation is expected to take longer
MESSAGE_LIMIT = 200 * 2**20  # Streamlit's server.maxMessageSize
# A first visit loads and validates the registry: a minute at 1,000,000.
WARM_TIMEOUT_MS = 300_000
SESSIONS = 5
MEMORY_SIZE = 100_000
COMPRESSION_SIZES = (10_000, 100_000)
COMPRESSION = "server.enableWebsocketCompression"


@dataclass(frozen=True)
class Peer:
    key: str
    label: str
    script: str | None  # None: this project's app.py
    kind: str  # "folium" (streamlit-folium iframe) or "deck" (deck.gl in the page)
    hover: str | None  # how to hover a point, None where the map has no tooltip


PEERS = (
    Peer("ours", "this project", None, "folium", "ours"),
    Peer("folium", "plain folium", "folium_plain.py", "folium", ".leaflet-marker-icon"),
    Peer("explore", "explore()", "explore.py", "folium", "path.peer-point"),
    Peer("fastmc", "FastMarkerCluster", "fast_marker_cluster.py", "folium", None),
    Peer("st_map", "st.map", "st_map.py", "deck", None),
    Peer("pydeck", "st.pydeck_chart", "pydeck_chart.py", "deck", "deck"),
)


@dataclass
class Cell:
    """One peer at one size."""

    server_s: float | None = None
    cached_s: float | None = None
    raw_bytes: int | None = None
    gzip_bytes: int | None = None
    nav_s: list[float] = field(default_factory=list)
    filter_s: list[float] = field(default_factory=list)
    hover_s: float | None = None
    heap_bytes: int | None = None
    points: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Results:
    sizes: tuple[int, ...]
    peers: tuple[Peer, ...]
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)
    compression: list[dict] = field(default_factory=list)
    load: list[float] = field(default_factory=list)  # 5-minute load average, start and end

    def cell(self, peer: str, n: int) -> Cell:
        return self.cells.setdefault((peer, n), Cell(points=n))


def registry_csv(n: int) -> Path:
    """The seeded synthetic registry of ``n`` clusters, written once.

    Named by the province outlines too: points drawn inside other outlines
    (a rebuilt data/iran_provinces.geojson) would no longer validate.
    """
    outlines = hashlib.sha256(PROVINCES_PATH.read_bytes()).hexdigest()[:10]
    path = CACHE / f"clusters-{n}-seed{SEED}-{outlines}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        synthetic_registry(n, SEED, load_provinces()).to_csv(path, index=False)
    return path


def hover_target(csv: Path) -> tuple[float, float]:
    """A cluster with coordinates in the province holding the fewest: it is on top."""
    frame = pd.read_csv(csv, usecols=["province", "latitude", "longitude"])
    placed = frame.dropna(subset=["latitude"])
    rarest = placed["province"].value_counts().idxmin()
    row = placed[placed["province"].eq(rarest)].iloc[0]
    return float(row["latitude"]), float(row["longitude"])


def start(peer: Peer, csv: Path, workdir: Path, options: dict | None = None) -> AppServer:
    """This project's app, or a peer app run from a folder holding the app's static files."""
    timeout = 600.0  # a first load of 1,000,000 clusters validates every row
    if peer.script is None:
        env = {"CLUSTER_REGISTRY": str(csv)}
        return AppServer(env=env, options=options, ready_timeout=timeout)
    folder = workdir / peer.key
    if not folder.exists():
        (folder / ".streamlit").mkdir(parents=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
        (folder / "static").symlink_to(ROOT / "static")
        shutil.copy(ROOT / "bench" / "peers" / peer.script, folder / "app.py")
    env = {"BENCH_REGISTRY": str(csv), "PYTHONPATH": str(ROOT)}
    return AppServer(env=env, script="app.py", cwd=folder, options=options, ready_timeout=timeout)


def skip_reason(results: Results, peer: Peer, n: int) -> str | None:
    """Why ``peer`` is not run at ``n``, judged from its largest smaller size."""
    smaller = [m for m in results.sizes if m < n and (peer.key, m) in results.cells]
    if not smaller:
        return None
    m = max(smaller)
    prev = results.cells[(peer.key, m)]
    if prev.notes and prev.server_s is None:
        return f"skipped, as at {m:,}"
    scale = n / m
    if prev.server_s and prev.server_s * scale > SERVER_CAP_S:
        return (
            f"skipped: about {prev.server_s * scale:,.0f} s a build expected "
            f"(cap {SERVER_CAP_S:.0f} s)"
        )
    if prev.raw_bytes and prev.raw_bytes * scale > MESSAGE_LIMIT:
        return (
            f"skipped: a message of about {prev.raw_bytes * scale / 2**20:,.0f} MB expected, "
            "over Streamlit's 200 MB limit"
        )
    drawn = _expected_navigation(results, peer, n)
    if drawn is not None and drawn > BROWSER_CAP_S:
        return f"skipped: about {drawn:,.0f} s to draw expected (cap {BROWSER_CAP_S:.0f} s)"
    return None


def _expected_navigation(results: Results, peer: Peer, n: int) -> float | None:
    """Navigation time at ``n`` extrapolated from the two largest smaller sizes.

    Only the part that grew between them is scaled: a page's fixed cost
    (Streamlit itself, about two seconds here) does not grow with the map.
    """
    measured = [
        (m, web.median(results.cells[(peer.key, m)].nav_s))
        for m in results.sizes
        if m < n and (peer.key, m) in results.cells and results.cells[(peer.key, m)].nav_s
    ]
    if len(measured) < 2:
        return None
    (m0, t0), (m1, t1) = measured[-2:]
    per_point = max(0.0, (t1 - t0) / (m1 - m0))
    return t1 + per_point * (n - m1)


def measure_server(results: Results, n: int, csv: Path, runs: int) -> dict:
    """In-process server times at ``n``; returns what the browser part needs."""
    provinces = load_provinces()
    registry = with_search_text(load_registry(csv, provinces))
    clusters = common.read_registry(str(csv))
    expected = {
        "ours": len(apply_filter(registry, ClusterFilter(q=QUERY))),
        "peers": len(common.search(clusters, QUERY)),
    }
    for peer in results.peers:
        cell = results.cell(peer.key, n)
        reason = skip_reason(results, peer, n)
        if reason:
            cell.notes.append(reason)
            continue
        runs_here = runs if n <= 10_000 else max(1, runs // 2)
        if peer.key == "ours":
            cell.server_s, cell.cached_s = server.ours(registry, provinces, runs_here)
        else:
            cell.server_s = server.peer(peer.key, clusters, common.read_provinces(), runs_here)
        print(f"    server {peer.label:>18}: {cell.server_s * 1000:9.0f} ms", flush=True)
    return expected


def measure_browser(
    results: Results, pw_browser, n: int, csv: Path, expected: dict, runs: int, workdir: Path
) -> None:
    target = hover_target(csv)
    timeout_ms = BROWSER_CAP_S * 1000
    for peer in results.peers:
        cell = results.cell(peer.key, n)
        if cell.server_s is None:
            continue
        filtered = expected["ours" if peer.key == "ours" else "peers"]
        app = start(peer, csv, workdir)
        try:
            warm = web.open_page(pw_browser, app.url, peer.kind, n, timeout_ms=WARM_TIMEOUT_MS)
            web.close(warm)
            for run in range(runs):
                visit = web.open_page(pw_browser, app.url, peer.kind, n, timeout_ms)
                cell.nav_s.append(visit.seconds)
                if run == 0:
                    cell.heap_bytes = web.heap_bytes(visit)
                    payload = visit.map_payload()
                    if payload:
                        cell.raw_bytes = len(payload)
                        cell.gzip_bytes = len(gzip.compress(payload, 6))
                seconds = web.filter_seconds(visit, peer.kind, QUERY, filtered, timeout_ms)
                cell.filter_s.append(seconds)
                web.close(visit)
            cell.hover_s = hover(pw_browser, peer, app.url, n, target, timeout_ms)
        except Exception as exc:  # a peer that cannot draw this size is a result too
            cell.notes.append(f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        finally:
            app.stop()
        nav = web.median(cell.nav_s)
        print(f"    browser {peer.label:>17}: nav {nav or 0:6.2f} s", flush=True)


def hover(pw_browser, peer: Peer, url: str, n: int, target: tuple[float, float], timeout_ms: float):
    if peer.hover is None:
        return None
    if peer.hover == "deck":
        url = f"{url}/?centre={target[0]},{target[1]}"
    visit = web.open_page(pw_browser, url, peer.kind, n, timeout_ms)
    try:
        if peer.hover == "ours":
            return web.hover_ours(visit, *target, timeout_ms)
        if peer.hover == "deck":
            return web.hover_deck(visit, timeout_ms)
        return web.hover_leaflet(visit, peer.hover, timeout_ms)
    finally:
        web.close(visit)


def measure_memory(results: Results, pw_browser, csv: Path, workdir: Path) -> None:
    """Server RSS with ``SESSIONS`` browser sessions on ``MEMORY_SIZE`` clusters."""
    for peer in results.peers:
        cell = results.cells.get((peer.key, MEMORY_SIZE))
        if cell is None or not cell.nav_s:
            continue
        app = start(peer, csv, workdir)
        visits = []
        try:
            for _ in range(SESSIONS):
                visits.append(
                    web.open_page(pw_browser, app.url, peer.kind, MEMORY_SIZE, WARM_TIMEOUT_MS)
                )
            results.memory[peer.key] = app.rss_bytes()
        finally:
            for visit in visits:
                web.close(visit)
            app.stop()
        print(f"    memory {peer.label:>18}: {results.memory[peer.key] / 1e6:6.0f} MB", flush=True)


def measure_compression(results: Results, pw_browser, runs: int, workdir: Path, n: int) -> None:
    """This project with websocket compression off and on: wire bytes and timings."""
    csv = registry_csv(n)
    provinces = load_provinces()
    registry = with_search_text(load_registry(csv, provinces))
    filtered = len(apply_filter(registry, ClusterFilter(q=QUERY)))
    ours = PEERS[0]
    for enabled in (False, True):
        app = start(ours, csv, workdir, options={COMPRESSION: str(enabled).lower()})
        proxy = CountingProxy(app.port)
        row: dict = {"n": n, "compression": enabled}
        row |= {key: [] for key in ("nav_bytes", "filter_bytes", "nav_s", "filter_s")}
        try:
            web.close(web.open_page(pw_browser, proxy.url, "folium", n, WARM_TIMEOUT_MS))
            for _ in range(runs):
                proxy.reset()
                visit = web.open_page(pw_browser, proxy.url, "folium", n, BROWSER_CAP_S * 1000)
                row["nav_s"].append(visit.seconds)
                row["nav_bytes"].append(proxy.websocket_bytes)
                proxy.reset()
                row["filter_s"].append(
                    web.filter_seconds(visit, "folium", QUERY, filtered, BROWSER_CAP_S * 1000)
                )
                row["filter_bytes"].append(proxy.websocket_bytes)
                web.close(visit)
        finally:
            proxy.stop()
            app.stop()
        results.compression.append(row)
        sent = web.median(row["nav_bytes"]) / 1024
        print(f"    compression {enabled!s:>5} at {n:,}: {sent:8.0f} KiB a visit", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(BENCH_SIZES))
    parser.add_argument("--peers", nargs="+", default=[p.key for p in PEERS])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-browser", action="store_true", help="server times only")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    server.quiet_streamlit()
    results = Results(tuple(sorted(args.sizes)), tuple(p for p in PEERS if p.key in args.peers))
    results.load.append(os.getloadavg()[1])
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pw = pw_browser = None
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            pw = sync_playwright().start()
            pw_browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in results.sizes:
                print(f"{n:,} clusters", flush=True)
                csv = registry_csv(n)
                expected = measure_server(results, n, csv, args.runs)
                if pw_browser is not None:
                    measure_browser(results, pw_browser, n, csv, expected, args.runs, workdir)
            if pw_browser is not None and MEMORY_SIZE in results.sizes:
                print(f"memory with {SESSIONS} sessions on {MEMORY_SIZE:,}", flush=True)
                measure_memory(results, pw_browser, registry_csv(MEMORY_SIZE), workdir)
            if pw_browser is not None and "ours" in args.peers:
                print("websocket compression (this project)", flush=True)
                for n in COMPRESSION_SIZES:
                    if n in results.sizes:
                        measure_compression(results, pw_browser, args.runs, workdir, n)
        finally:
            if pw_browser is not None:
                pw_browser.close()
                pw.stop()
    results.load.append(os.getloadavg()[1])
    text = report.render(results)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    (CACHE / "results.json").write_text(json.dumps(report.as_json(results), indent=1))
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    raise SystemExit(main())
