"""The load test's scenarios: plain load, a killed app process, a database outage, a publish."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import dataclasses
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import async_playwright

from bench.load_browser import BrowserSession, Link, run_sessions
from bench.load_report import P95_TARGET_S, PUBLISH_TARGET_S, RunResult, backends_by_key
from bench.load_ws import run_ws_sessions
from deploy.cluster import DATABASE_URL_ENV, ClusterState
from deploy.processes import rss_bytes
from mapping.registry import REGISTRY_PATH
from tools.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT

SCENARIOS = ("mixed", "ws", "ws-max", "compare", "kill", "db-restart", "publish")
# Scenarios run against 1 process and against N, side by side.
COMPARED = ("mixed", "ws", "compare")
WS_MAX_STEPS = (60, 120, 180, 240, 300)
SAMPLE_S = 0.5  # memory sampling interval
RECONNECT_S = 30.0  # how long a session of a killed process may take to reconnect
ALERT_POLLS = 20  # db-restart: how often every page's messages are read during the outage


@dataclass(frozen=True)
class ScenarioOptions:
    """Settings of a load-test run (see ``python -m bench.load --help``)."""

    sessions: int = 60  # mixed: concurrent sessions, browsers and websocket clients
    processes: int = 3
    browser_sessions: int = 20  # compare, kill, db-restart
    # publish: how fast a publish travels, not how much load the processes bear
    # (mixed, kill and db-restart measure that): two Chromium sessions on each
    # process by default, arriving at the same pace as the others.
    publish_sessions: int = 6
    ramp_s: float = 120.0
    hold_s: float = 10.0
    timeout_s: float = 60.0
    outage_s: float = 10.0
    ws_sessions: int = 60
    ws_ramp_s: float = 60.0
    mixed_browsers: int = 10
    quiet_load: float = 1.5
    rounds: int = 2
    quiet_wait_s: float = 180.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of ``pid`` so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the Playwright driver and Chromium's processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


async def sample_memory(pids: list[int], peaks: dict[int, int], stop: asyncio.Event) -> None:
    """Keep each process's peak resident memory in ``peaks`` until ``stop`` is set."""
    while not stop.is_set():
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0), rss_bytes(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_S)


Hook = Callable[[list[BrowserSession], RunResult], Awaitable[None]]


async def _load(
    state: ClusterState,
    state_dir: Path,
    links: list[Link],
    result: RunResult,
    options: ScenarioOptions,
    during: Hook | None = None,
    after: Hook | None = None,
    browsers: int | None = None,
    total: int | None = None,
    ramp_s: float | None = None,
) -> None:
    """Sessions arrive, ``during`` runs from halfway through the arrivals, all are held,
    ``after`` runs, every page is checked again, and all are closed.

    By default ``options.browser_sessions`` Chromium sessions arrive over
    ``options.ramp_s``. With ``total`` above ``browsers``, the rest are
    websocket clients, arriving together with the browsers over ``ramp_s``.
    """
    ramp_s = options.ramp_s if ramp_s is None else ramp_s
    browsers = options.browser_sessions if browsers is None else browsers
    total = browsers if total is None else total
    ws_task = None
    if browsers < total:
        ws_task = asyncio.create_task(
            run_ws_sessions(
                state.url,
                links[browsers:] + links[:browsers],
                total - browsers,
                ramp_s,
                options.hold_s,
                options.timeout_s,
            )
        )
    pids = [a.pid for a in state.apps]
    cpu_before = {pid: cpu_seconds(pid) for pid in pids}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pids, result.rss_peak, stop))
    started = time.monotonic()
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        holder: list[BrowserSession] = []

        arrivals = asyncio.create_task(
            run_sessions(
                browser, state.url, links, browsers, ramp_s, options.timeout_s, arrived=holder
            )
        )
        if during is not None:
            await asyncio.sleep(ramp_s / 2)
            await during(holder, result)
        await arrivals
        await asyncio.sleep(options.hold_s)  # everyone open at once
        if ws_task is not None:
            result.ws_sessions = await ws_task
        if after is not None:
            await after(holder, result)
        for s in holder:
            if s.result.drawn_s is not None and not s.result.errors:
                try:
                    await s.wait_drawn(s.result.link.expected, timeout_ms=10_000)
                except Exception:
                    s.result.errors.append("map gone by the end of the run")
            await s.check_page()
        result.sessions = [s.result for s in holder]
        # Before any context closes: the renderers' CPU is lost when they exit.
        result.client_cpu_s = sum(cpu_seconds(pid) for pid in descendants(os.getpid()))
        for pid in pids:
            result.rss_end[pid] = rss_bytes(pid)
            result.cpu_s[pid] = cpu_seconds(pid) - cpu_before[pid]
        stop.set()
        await sampler
        await asyncio.gather(*(s.close() for s in holder), return_exceptions=True)
        await browser.close()
    result.wall_s = time.monotonic() - started
    keys = backends_by_key(state_dir / "nginx" / "access.log")
    home = Counter(keys.get(s.backend_key, ["?"])[0] for s in result.everyone)
    result.per_backend = {
        f"127.0.0.1:{a.port}": home.get(f"127.0.0.1:{a.port}", 0) for a in state.apps
    }


def pool(trials: list[RunResult], options: ScenarioOptions) -> RunResult:
    """One result from the rounds of a compared scenario: sessions pooled, peaks kept."""
    if len(trials) == 1:
        return trials[0]
    first = trials[0]
    pooled = RunResult(first.scenario, first.processes, [])
    for i, t in enumerate(trials, 1):
        pooled.sessions += t.sessions
        pooled.ws_sessions += t.ws_sessions
        for pid, rss in t.rss_peak.items():
            pooled.rss_peak[pid] = max(pooled.rss_peak.get(pid, 0), rss)
        pooled.rss_end = t.rss_end
        for pid, cpu in t.cpu_s.items():
            pooled.cpu_s[pid] = pooled.cpu_s.get(pid, 0.0) + cpu
        for backend, n in t.per_backend.items():
            pooled.per_backend[backend] = pooled.per_backend.get(backend, 0) + n
        if t.client_cpu_s is not None:
            pooled.client_cpu_s = (pooled.client_cpu_s or 0.0) + t.client_cpu_s
        p95 = t.p(95) if t.sessions and t.times else None
        pooled.notes.append(
            f"round {i}: {len(t.everyone)} sessions, {t.error_sessions} with errors, p95 "
            + (f"{p95:.2f} s" if p95 is not None else "-")
            + (f"; {t.notes[0]}" if t.notes else "")
        )
    _standard_checks(pooled, options)
    return pooled


def _standard_checks(result: RunResult, options: ScenarioOptions) -> None:
    p95 = result.p(95)
    result.checks["0 errors"] = result.error_sessions == 0
    result.checks[f"p95 <= {P95_TARGET_S:g} s"] = p95 is not None and p95 <= P95_TARGET_S


async def run_scenario(
    name: str,
    state: ClusterState,
    state_dir: Path,
    links: list[Link],
    processes: int,
    options: ScenarioOptions,
) -> RunResult:
    """Run scenario ``name`` against the started deployment ``state``."""
    result = RunResult(name, processes, [])
    if name == "mixed":
        await _load(
            state,
            state_dir,
            links,
            result,
            options,
            browsers=min(options.mixed_browsers, options.sessions),
            total=options.sessions,
            ramp_s=options.ws_ramp_s,
        )
        _standard_checks(result, options)
    elif name == "compare":
        await _load(state, state_dir, links, result, options)
        _standard_checks(result, options)
    elif name == "ws":
        await _ws(state, state_dir, links, result, options, options.ws_sessions)
        _standard_checks(result, options)
    elif name == "ws-max":
        await _ws_max(state, state_dir, links, result, options)
    elif name == "kill":
        await _kill(state, state_dir, links, result, options)
    elif name == "db-restart":
        await _db_restart(state, state_dir, links, result, options)
    elif name == "publish":
        await _publish(state, state_dir, links, result, options)
    else:
        raise ValueError(f"unknown scenario {name!r}; one of {', '.join(SCENARIOS)}")
    return result


async def _ws(state, state_dir, links, result, options, count: int) -> None:
    pids = [a.pid for a in state.apps]
    cpu_before = {pid: cpu_seconds(pid) for pid in pids}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pids, result.rss_peak, stop))
    started = time.monotonic()
    result.sessions = await run_ws_sessions(
        state.url, links, count, options.ws_ramp_s, options.hold_s, options.timeout_s
    )
    result.wall_s = time.monotonic() - started
    for pid in pids:
        result.rss_end[pid] = rss_bytes(pid)
        result.cpu_s[pid] = cpu_seconds(pid) - cpu_before[pid]
    stop.set()
    await sampler
    keys = backends_by_key(state_dir / "nginx" / "access.log")
    home = Counter(keys.get(s.backend_key, ["?"])[0] for s in result.sessions)
    result.per_backend = {
        f"127.0.0.1:{a.port}": home.get(f"127.0.0.1:{a.port}", 0) for a in state.apps
    }


async def _ws_max(state, state_dir, links, result, options) -> None:
    """The largest number of websocket sessions, in steps, that still held: 0 errors, p95 <= 5 s."""
    held = 0
    for count in WS_MAX_STEPS:
        step = RunResult("ws-max", result.processes, [])
        await _ws(state, state_dir, links, step, options, count)
        p95 = step.p(95)
        result.notes.append(
            f"{count} sessions over {options.ws_ramp_s:g} s: {step.error_sessions} with errors, "
            f"p95 {p95:.2f} s"
            if p95 is not None
            else f"{count} sessions: no session finished"
        )
        result.sessions, result.rss_peak, result.rss_end = (
            step.sessions,
            step.rss_peak,
            step.rss_end,
        )
        result.cpu_s, result.per_backend = step.cpu_s, step.per_backend
        if step.error_sessions or p95 is None or p95 > P95_TARGET_S:
            break
        held = count
    result.notes.append(f"largest number of websocket sessions held: {held}")
    result.checks["held at least the browser target's 60 sessions"] = held >= 60


async def _kill(state, state_dir, links, result, options) -> None:
    victim = state.apps[0]
    victim_addr = f"127.0.0.1:{victim.port}"
    killed_at: list[float] = []

    async def kill(sessions: list[BrowserSession], r: RunResult) -> None:
        os.kill(victim.pid, signal.SIGKILL)
        killed_at.append(time.monotonic())
        r.notes.append(
            f"killed app process {victim.pid} ({victim_addr}) with SIGKILL after "
            f"{len(sessions)} of {options.browser_sessions} sessions had arrived"
        )

    async def reconnect(sessions: list[BrowserSession], r: RunResult) -> None:
        keys = backends_by_key(state_dir / "nginx" / "access.log")
        t_kill = killed_at[0]
        victims = [
            s
            for s in sessions
            if keys.get(s.result.backend_key, [""])[0] == victim_addr
            and 0 < s.result.started < t_kill
        ]
        others = [s for s in sessions if s not in victims]
        closed_others = [s for s in others if any(t > t_kill for t in s.result.socket_closes)]
        r.notes.append(
            f"{len(victims)} sessions were on the killed process, {len(others)} on the others "
            f"or arrived after the kill; {len(closed_others)} of those lost their websocket"
        )
        while time.monotonic() - t_kill < RECONNECT_S and any(
            s.result.sockets_opened < 2 for s in victims
        ):
            await asyncio.sleep(0.5)  # polling the sessions, not waiting for a result
        reconnected = [s for s in victims if s.result.sockets_opened >= 2]
        r.notes.append(
            f"{len(reconnected)} of {len(victims)} sessions of the killed process had "
            "reconnected by themselves (a new websocket, through nginx to a live process)"
        )
        await asyncio.gather(*(s.reload_and_time() for s in victims))
        times = [s.result.reload_drawn_s for s in victims if s.result.reload_drawn_s]
        if times:
            r.notes.append(
                f"after a reload their maps were drawn again in at most {max(times):.2f} s"
            )
        r.checks["sessions on the other processes unaffected"] = not closed_others
        r.checks["every session of the killed process reconnected"] = len(reconnected) == len(
            victims
        )
        r.checks["every session of the killed process has its map again"] = len(times) == len(
            victims
        )

    await _load(state, state_dir, links, result, options, during=kill, after=reconnect)
    result.checks["0 errors"] = result.error_sessions == 0


async def _db_restart(state, state_dir, links, result, options) -> None:
    async def outage(sessions: list[BrowserSession], r: RunResult) -> None:
        postgres = state.postgres()
        start = time.monotonic()
        await asyncio.to_thread(postgres.stop)
        # Read every page's messages while the database is away.
        for _ in range(ALERT_POLLS):
            await asyncio.gather(*(s.check_page() for s in list(sessions)))
            if time.monotonic() - start >= options.outage_s:
                break
            await asyncio.sleep(options.outage_s / ALERT_POLLS)
        await asyncio.to_thread(postgres.start)
        r.notes.append(
            f"PostgreSQL was down for {time.monotonic() - start:.1f} s from halfway through "
            f"the arrivals ({len(sessions)} sessions open)"
        )

    async def after(sessions: list[BrowserSession], r: RunResult) -> None:
        alerts = Counter(a for s in sessions for a in s.result.alerts)
        for text, n in alerts.most_common(5):
            r.notes.append(f"message seen on {n} pages during the outage: {text!r}")
        if not alerts:
            r.notes.append("no page showed a message during the outage")
        # By now the database has been back for the whole hold: every page
        # must have gone back to normal by itself, with no reload.
        shown = await asyncio.gather(*(s.current_alerts() for s in sessions))
        still = Counter(a for texts in shown for a in texts)
        for text, n in still.most_common(3):
            r.notes.append(f"still shown on {n} pages after the outage: {text!r}")
        r.checks["recovered by itself: no message left after the outage"] = not still

    await _load(state, state_dir, links, result, options, during=outage, after=after)
    result.checks["0 errors (no traceback, every map drawn, still drawn after the outage)"] = (
        result.error_sessions == 0
    )


async def _publish(state, state_dir, links, result, options) -> None:
    whole = [link for link in links if link.query in ("", "lang=fa")]
    fewer = _registry_without_last_row(state_dir / "publish.csv")

    async def publish(sessions: list[BrowserSession], r: RunResult) -> None:
        env = {**os.environ, DATABASE_URL_ENV: state.database_url}
        command = [
            sys.executable,
            "-m",
            "mapping.store",
            "publish",
            str(fewer),
            "--note",
            "load test: one cluster fewer",
        ]
        done = await asyncio.to_thread(
            subprocess.run, command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        published = time.monotonic()
        r.notes.append(f"published with the command line: {done.stdout.strip()[:200]}")
        if done.returncode != 0:
            r.notes.append(f"the publish failed: {done.stderr.strip()[-400:]}")

        async def seen(s: BrowserSession) -> float | None:
            try:
                await s.wait_drawn(s.result.link.expected - 1, timeout_ms=30_000)
                return time.monotonic() - published
            except Exception:
                return None

        delays = await asyncio.gather(*(seen(s) for s in sessions))
        # The server's part: when each session's process sent it the new map.
        sent = [
            min((t - published for t in s.result.map_messages if t > published), default=None)
            for s in sessions
        ]
        for s, d in zip(sessions, delays, strict=True):
            if d is not None:  # from now on this page must keep showing the new version
                s.result.link = Link(s.result.link.query, s.result.link.expected - 1)
        keys = backends_by_key(state_dir / "nginx" / "access.log")
        by_backend: dict[str, list[float | None]] = {}
        for s, d in zip(sessions, delays, strict=True):
            by_backend.setdefault(keys.get(s.result.backend_key, ["?"])[0], []).append(d)
        for backend, ds in sorted(by_backend.items()):
            got = [d for d in ds if d is not None]
            r.notes.append(
                f"{backend}: {len(got)} of {len(ds)} sessions showed the new version"
                + (f", the last after {max(got):.2f} s" if got else "")
            )
        got = sorted(d for d in delays if d is not None)
        if got:
            r.notes.append(
                f"drawn with the new version (browser): first {got[0]:.2f} s, "
                f"median {statistics.median(got):.2f} s, last {got[-1]:.2f} s after the publish"
            )
        sent_got = sorted(d for d in sent if d is not None)
        if sent_got:
            r.notes.append(
                f"new map sent by the server: first {sent_got[0]:.2f} s, "
                f"median {statistics.median(sent_got):.2f} s, last {sent_got[-1]:.2f} s "
                f"({len(sent_got)} of {len(sent)} sessions); the rest of each delay is "
                "Chromium drawing it, on the same two cores"
            )
        ok = all(d is not None and d <= PUBLISH_TARGET_S for d in delays)
        r.checks[
            f"publish seen by every session on every process within {PUBLISH_TARGET_S:g} s"
        ] = ok

    light = dataclasses.replace(
        options,
        browser_sessions=options.publish_sessions,
        ramp_s=options.ramp_s * options.publish_sessions / max(options.browser_sessions, 1),
    )
    await _load(state, state_dir, whole, result, light, after=publish)
    result.checks["0 errors"] = result.error_sessions == 0


def _registry_without_last_row(path: Path) -> Path:
    with REGISTRY_PATH.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows[:-1])
    return path
