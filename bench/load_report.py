"""What a load-test run measured, and the table of it (bench/LOAD_RESULTS.md)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bench.load_browser import SessionResult

P95_TARGET_S = 5.0
PUBLISH_TARGET_S = 5.0


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100), nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def backends_by_key(access_log: Path) -> dict[str, list[str]]:
    """Each sticky key to the app processes that answered it, in order (nginx's access log)."""
    found: dict[str, list[str]] = {}
    if not access_log.exists():
        return found
    for line in access_log.read_text().splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if f.startswith(("upstream=", "key=")))
        upstream = fields.get("upstream", "-").split(",")[-1].strip()
        key = fields.get("key", "")
        if key and upstream not in ("", "-"):
            served = found.setdefault(key, [])
            if not served or served[-1] != upstream:
                served.append(upstream)
    return found


@dataclass
class RunResult:
    """One scenario against one deployment."""

    scenario: str
    processes: int
    sessions: list[SessionResult]
    rss_peak: dict[int, int] = field(default_factory=dict)  # app pid -> bytes
    rss_end: dict[int, int] = field(default_factory=dict)
    cpu_s: dict[int, float] = field(default_factory=dict)  # app pid -> CPU seconds used
    per_backend: dict[str, int] = field(default_factory=dict)  # sessions per app process
    notes: list[str] = field(default_factory=list)
    client_cpu_s: float | None = None  # Chromium's CPU seconds (browser runs)
    ws_sessions: list = field(default_factory=list)  # websocket clients beside the browsers
    checks: dict[str, bool] = field(default_factory=dict)  # what the scenario requires
    wall_s: float = 0.0

    @property
    def times(self) -> list[float]:
        return [s.drawn_s for s in self.sessions if s.drawn_s is not None]

    @property
    def ws_times(self) -> list[float]:
        return [s.drawn_s for s in self.ws_sessions if s.drawn_s is not None]

    @property
    def everyone(self) -> list:
        return [*self.sessions, *self.ws_sessions]

    @property
    def errors(self) -> list[str]:
        return [f"session {s.index}: {e}" for s in self.everyone for e in s.errors]

    @property
    def error_sessions(self) -> int:
        return sum(1 for s in self.everyone if s.errors)

    @property
    def passed(self) -> bool:
        return all(self.checks.values())

    def p(self, q: float) -> float | None:
        return percentile(self.times, q)

    def _count(self) -> str:
        if not self.ws_sessions:
            return str(len(self.sessions))
        return f"{len(self.everyone)} ({len(self.sessions)} + {len(self.ws_sessions)} ws)"

    def summary_line(self) -> str:
        p50, p95 = self.p(50), self.p(95)
        return (
            f"{self.scenario:<10} {self.processes} proc  {self._count()} sessions  "
            f"errors {self.error_sessions}  p50 {_s(p50)}  p95 {_s(p95)}  "
            f"RSS peak {_mib_list(self.rss_peak)}  {'PASS' if self.passed else 'FAIL'}"
        )


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _cpu(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _mib_list(by_pid: dict[int, int]) -> str:
    return " / ".join(f"{v / 2**20:.0f}" for v in by_pid.values()) + " MiB" if by_pid else "-"


def render_markdown(
    results: list[RunResult],
    options: object,
    machine: str,
    when: str,
    load_before: tuple[float, float, float],
) -> str:
    """The results file: settings, one table row per run, the ratio, checks, notes, errors."""
    o = options
    lines = [
        "# Load test of the deployment (nginx + N app processes + PostgreSQL)",
        "",
        f"Machine: {machine}. Run: {when}. Load average before the run: "
        f"{' '.join(f'{x:.2f}' for x in load_before)} (the machine is shared; Chromium, "
        "nginx, PostgreSQL and the app processes all run on it).",
        "",
        f"Command: `python -m bench.load --sessions {o.sessions} --processes {o.processes} "
        f"--browser-sessions {o.browser_sessions} --publish-sessions {o.publish_sessions} "
        f"--ramp {o.ramp_s:g} --hold {o.hold_s:g} --timeout {o.timeout_s:g} "
        f"--outage {o.outage_s:g} --ws-sessions {o.ws_sessions} --ws-ramp {o.ws_ramp_s:g} "
        f"--mixed-browsers {o.mixed_browsers}` (`make load-test`).",
        "",
        f"A browser session is a fresh headless Chromium context (nothing cached) opening a "
        "different filter link and waiting until its map reports the expected number of "
        "clusters drawn; its time runs from navigation to the map drawn. A websocket (ws) "
        "session is bench/load_ws.py, which speaks Streamlit's protocol without a browser: "
        "it loads the page, opens the websocket through nginx, runs the page with its link "
        "and checks the expected map in the deltas; its time is the server's part of a "
        "visit, without the browser's drawing. Sessions arrive evenly; once arrived, all "
        f"stay open together for {o.hold_s:g} s after the last one, websockets connected. "
        f"`mixed`: {o.sessions} concurrent sessions, {o.mixed_browsers} of them in Chromium "
        f"and the rest ws, arriving over {o.ws_ramp_s:g} s, so that the browsers measure "
        "what visitors see while the server carries the whole load (Chromium needs several "
        "CPU seconds per page, which on a visitor's computer are the visitor's own, but "
        "here come out of the same two cores as the server). `ws`: "
        f"{o.ws_sessions} ws sessions over {o.ws_ramp_s:g} s. `compare`, `kill`, "
        f"`db-restart`: {o.browser_sessions} Chromium sessions over {o.ramp_s:g} s. `publish`: "
        f"{o.publish_sessions} Chromium sessions arriving at the same pace (it measures how "
        "fast a publish travels to every process; the others measure load), then a publish "
        "from the command line. "
        "An error is anything a visitor would call broken: no map within "
        f"{o.timeout_s:g} s, a wrong count, Streamlit's exception box, a script error, a "
        "Content-Security-Policy violation, a failed request.",
        "",
        "| scenario | processes | sessions | sessions with errors | p50 | p95 | max | ws p95 | "
        "RSS peak per process (MiB) | RSS at end (MiB) | app CPU (s) | browser CPU (s) | "
        "sessions per process |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        peaks = " / ".join(f"{v / 2**20:.0f}" for v in r.rss_peak.values())
        ends = " / ".join(f"{v / 2**20:.0f}" for v in r.rss_end.values())
        cpu = " / ".join(f"{v:.0f}" for v in r.cpu_s.values())
        spread = " / ".join(str(v) for v in r.per_backend.values())
        lines.append(
            f"| {r.scenario} | {r.processes} | {r._count()} | {r.error_sessions} | "
            f"{_s(r.p(50))} | {_s(r.p(95))} | {_s(max(r.times) if r.times else None)} | "
            f"{_s(percentile(r.ws_times, 95))} | "
            f"{peaks} | {ends} | {cpu} | {_cpu(r.client_cpu_s)} | {spread} |"
        )
    costs = [
        f"{r.scenario}/{r.processes}: app {sum(r.cpu_s.values()) / len(r.everyone):.2f} s"
        + (
            f", Chromium {r.client_cpu_s / len(r.sessions):.2f} s"
            if r.client_cpu_s is not None
            else ""
        )
        for r in results
        if r.sessions
    ]
    lines += [
        "",
        "CPU per session (all app processes together; Chromium with its driver, which on a "
        "real visitor's computer is the visitor's own): " + "; ".join(costs) + ".",
    ]
    for name in ("compare", "ws"):
        pair = [r for r in results if r.scenario == name]
        if len(pair) == 2 and all(r.p(95) for r in pair):
            one, many = pair
            lines += [
                "",
                f"Ratio ({name}), 1 process to {many.processes}, same run: p95 "
                f"{one.p(95) / many.p(95):.2f}x, p50 {one.p(50) / many.p(50):.2f}x "
                f"(above 1: {many.processes} processes are faster).",
            ]
    lines += ["", "## Checks", ""]
    for r in results:
        for name, ok in r.checks.items():
            lines.append(
                f"- {r.scenario}, {r.processes} processes: {name}: {'yes' if ok else '**NO**'}"
            )
    for r in results:
        if r.notes:
            lines += ["", f"## Notes: {r.scenario}, {r.processes} processes", ""]
            lines += [f"- {n}" for n in r.notes]
    errors = [(r, e) for r in results for e in r.errors]
    if errors:
        lines += ["", "## Errors (first 40)", ""]
        lines += [f"- {r.scenario}/{r.processes}: {e}" for r, e in errors[:40]]
    every = [t for r in results for t in r.times]
    lines += [
        "",
        f"Sessions in all runs: {sum(len(r.everyone) for r in results)}; median of all times "
        f"to a drawn map: {_s(statistics.median(every) if every else None)}.",
        "",
    ]
    return "\n".join(lines)
