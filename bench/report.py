"""The benchmark's results as Markdown tables, with ratios and the issue's targets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import platform
import statistics
from collections.abc import Callable
from pathlib import Path

import folium
import pydeck
import streamlit

TARGETS = {
    "nav_1k_s": 1.5,
    "nav_10k_s": 2.0,
    "filter_10k_s": 0.5,
    "nav_100k_s": 2.0,
    "heap_100k_mb": 70,
    "bytes_per_point_100k": 10,
    "rss_100k_mb": 400,
    "filter_1m_s": 5.0,
    "nav_1m_s": 15.0,
}


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def _table(results, title: str, value: Callable, unit: str = "") -> list[str]:
    head = "| clusters | " + " | ".join(p.label for p in results.peers) + " |"
    rule = "| ---: |" + " ---: |" * len(results.peers)
    lines = [f"### {title}", "", head, rule]
    for n in results.sizes:
        cells = []
        for peer in results.peers:
            cell = results.cells.get((peer.key, n))
            text = value(cell) if cell is not None else None
            if text is None:
                text = "skipped" if cell is not None and cell.notes else "–"
            cells.append(f"{text}{unit if text not in ('–', 'skipped') else ''}")
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _ratio_table(results, title: str, metric: Callable) -> list[str]:
    """Each peer's figure divided by this project's: above 1, this project is ahead."""
    others = [p for p in results.peers if p.key != "ours"]
    lines = [
        f"### {title}",
        "",
        "| clusters | " + " | ".join(p.label for p in others) + " |",
        "| ---: |" + " ---: |" * len(others),
    ]
    for n in results.sizes:
        ours = results.cells.get(("ours", n))
        mine = metric(ours) if ours else None
        cells = []
        for peer in others:
            cell = results.cells.get((peer.key, n))
            theirs = metric(cell) if cell else None
            cells.append(f"{theirs / mine:.1f}×" if theirs and mine else "–")
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _message(raw: int, gzipped: int, points: int) -> str:
    return (
        f"{raw / 1024:,.0f} / {gzipped / 1024:,.0f} ({raw / points:,.1f} / {gzipped / points:,.1f})"
    )


def _load(results) -> list[str]:
    if not results.load:
        return []
    figures = " and ".join(f"{v:.1f}" for v in results.load)
    return [
        f"The machine's 5-minute load average was {figures} at the start and the end "
        f"(each core counts 1): other work shares it, and the timings with it.",
        "",
    ]


def _s(value: float | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _targets(results) -> list[str]:
    lines = ["## The issue's figures", "", "| figure | measured | |", "| --- | ---: | --- |"]

    def cell(peer: str, n: int):
        return results.cells.get((peer, n))

    def row(label: str, value: float | None, limit: float, fmt: str) -> None:
        if value is not None:
            lines.append(f"| {label} | {fmt.format(value)} | {_verdict(value <= limit)} |")

    for n, key in ((1_000, "nav_1k_s"), (10_000, "nav_10k_s"), (100_000, "nav_100k_s")):
        if cell("ours", n):
            row(
                f"{n:,}: navigation → drawn ≤ {TARGETS[key]} s",
                _median(cell("ours", n).nav_s),
                TARGETS[key],
                "{:.2f} s",
            )
    if cell("ours", 10_000):
        row(
            f"10,000: filter → repainted ≤ {TARGETS['filter_10k_s']} s",
            _median(cell("ours", 10_000).filter_s),
            TARGETS["filter_10k_s"],
            "{:.2f} s",
        )
    for n in results.sizes:
        ours, deck = cell("ours", n), cell("pydeck", n)
        mine = _median(ours.filter_s) if ours else None
        theirs = _median(deck.filter_s) if deck else None
        if mine is not None and theirs is not None:
            lines.append(
                f"| {n:,}: filter faster than pydeck | {mine:.2f} s vs {theirs:.2f} s "
                f"| {_verdict(mine < theirs)} |"
            )
    big = cell("ours", 100_000)
    if big:
        if big.heap_bytes:
            row(
                f"100,000: browser heap ≤ {TARGETS['heap_100k_mb']} MB",
                big.heap_bytes / 1e6,
                TARGETS["heap_100k_mb"],
                "{:.0f} MB",
            )
        if big.raw_bytes:
            row(
                f"100,000: ≤ {TARGETS['bytes_per_point_100k']} bytes a point (map message, raw)",
                big.raw_bytes / 100_000,
                TARGETS["bytes_per_point_100k"],
                "{:.1f}",
            )
            row(
                "100,000: the same, gzipped (what compression sends)",
                big.gzip_bytes / 100_000,
                TARGETS["bytes_per_point_100k"],
                "{:.1f}",
            )
    if "ours" in results.memory:
        row(
            f"100,000: server memory, 5 sessions ≤ {TARGETS['rss_100k_mb']} MB",
            results.memory["ours"] / 1e6,
            TARGETS["rss_100k_mb"],
            "{:.0f} MB",
        )
    huge = cell("ours", 1_000_000)
    if huge:
        row(
            f"1,000,000: filter change ≤ {TARGETS['filter_1m_s']} s",
            _median(huge.filter_s),
            TARGETS["filter_1m_s"],
            "{:.2f} s",
        )
        row(
            f"1,000,000: visit ≤ {TARGETS['nav_1m_s']} s",
            _median(huge.nav_s),
            TARGETS["nav_1m_s"],
            "{:.2f} s",
        )
    return [*lines, ""]


def _compression(results) -> list[str]:
    if not results.compression:
        return []
    lines = [
        "## Websocket compression (this project)",
        "",
        "Bytes the server sent on the websocket, counted by a proxy between the browser "
        "and Streamlit (navigation: the whole page; filter: the rerun), and the timings, "
        "with `server.enableWebsocketCompression` off and on (medians).",
        "",
        "| clusters | compression | navigation bytes | filter bytes | navigation | filter |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in results.compression:
        lines.append(
            f"| {row['n']:,} | {'on' if row['compression'] else 'off'} "
            f"| {_median(row['nav_bytes']) / 1024:,.0f} KiB "
            f"| {_median(row['filter_bytes']) / 1024:,.0f} KiB "
            f"| {_median(row['nav_s']):.2f} s | {_median(row['filter_s']):.2f} s |"
        )
    return [*lines, ""]


def render(results) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Run {now} on {os.cpu_count()} cores ({_cpu()}), Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, folium {folium.__version__}, "
        f"pydeck {pydeck.__version__}. Reproduce with `make bench` (`python -m bench.run`).",
        "",
        *_load(results),
        "Each app is a real Streamlit app with the same search box, on the same seeded "
        "synthetic registry: this project's national page (key figures, map, table, "
        "download), and the peers in `bench/peers` (a map and the search box only). "
        "Browser figures come from headless Chromium, a fresh browser context (cold cache) "
        "each time, on a warm server; medians.",
        "",
        "## Figures",
        "",
    ]
    lines += _table(
        results,
        "Server time (ms): turning the filtered registry into the map's message",
        lambda c: (
            f"{c.server_s * 1000:,.0f}" + (f" / {c.cached_s * 1000:,.0f}" if c.cached_s else "")
            if c.server_s is not None
            else None
        ),
    )
    lines.append("This project: first build / later runs and other sessions (cached overlay).")
    lines.append("")
    lines += _table(
        results,
        "The map's websocket message: raw KiB / gzip KiB (bytes a point, raw / gzip)",
        lambda c: None if not c.raw_bytes else _message(c.raw_bytes, c.gzip_bytes, c.points),
    )
    lines += _table(results, "Navigation → map drawn (s)", lambda c: _s(_median(c.nav_s)))
    lines += _table(results, "Filter → map repainted (s)", lambda c: _s(_median(c.filter_s)))
    lines += _table(
        results,
        "Hover → tooltip (ms)",
        lambda c: f"{c.hover_s * 1000:,.0f}" if c.hover_s is not None else None,
    )
    lines += _table(
        results,
        "Browser JavaScript heap once drawn (MB)",
        lambda c: f"{c.heap_bytes / 1e6:,.0f}" if c.heap_bytes else None,
    )
    if results.memory:
        measured = [p for p in results.peers if p.key in results.memory]
        lines += [
            f"### Server memory with 5 sessions on {100_000:,} (MB)",
            "",
            "| " + " | ".join(p.label for p in measured) + " |",
            "|" + " ---: |" * len(measured),
            "| " + " | ".join(f"{results.memory[p.key] / 1e6:,.0f}" for p in measured) + " |",
            "",
        ]
    lines += ["## Ratios: the peer's figure ÷ this project's (above 1: this project is ahead)", ""]
    lines += _ratio_table(results, "Server time", lambda c: c.server_s)
    lines += _ratio_table(results, "Message bytes (raw)", lambda c: c.raw_bytes)
    lines += _ratio_table(results, "Navigation → drawn", lambda c: _median(c.nav_s))
    lines += _ratio_table(results, "Filter → repainted", lambda c: _median(c.filter_s))
    lines += _ratio_table(results, "Hover", lambda c: c.hover_s)
    lines += _ratio_table(results, "Browser heap", lambda c: c.heap_bytes)
    lines += _targets(results)
    lines += _compression(results)
    notes = [
        f"- {peer.label} at {n:,}: {note}"
        for (key, n), cell in results.cells.items()
        for peer in results.peers
        if peer.key == key
        for note in cell.notes
    ]
    if notes:
        lines += ["## Skipped and failed", "", *notes, ""]
    lines += [
        "## How it is measured",
        "",
        "- Server time: `bench/server.py`, in-process, median of the runs.",
        "- Message: the largest websocket message that carries the map (Chromium's view, "
        "before any compression), and that message gzipped at level 6.",
        "- Navigation: from `page.goto` until the map reports every cluster drawn "
        "(`data-clusters-drawn` for Leaflet maps; for deck.gl, an instanced WebGL draw of "
        "one instance per point) and two animation frames have passed.",
        '- Filter: typing "textile" in the search box, from Enter until the map reports the '
        "matching clusters drawn.",
        "- Hover: from the mouse entering a point until its tooltip shows. This project at "
        "zoom 12 (where points, not hexagons, are drawn); pydeck centred on the same cluster; "
        "folium peers on their first marker. FastMarkerCluster and st.map have no tooltips.",
        "- Heap: `Runtime.getHeapUsage` after a garbage collection (page and map iframe).",
        "- Memory: the server's resident set with five sessions open.",
        "",
    ]
    return "\n".join(lines)


def as_json(results) -> dict:
    return {
        "sizes": list(results.sizes),
        "peers": [p.key for p in results.peers],
        "cells": {f"{k[0]}@{k[1]}": dataclasses.asdict(v) for k, v in results.cells.items()},
        "memory": results.memory,
        "compression": results.compression,
        "load": results.load,
    }
