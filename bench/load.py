"""Load test of the deployment: K sessions against 1 and against N app processes.

``make load-test`` (or ``python -m bench.load``) starts the deployment
(``deploy.cluster``: its own PostgreSQL, N ``streamlit run app.py``, nginx)
in a temporary folder on this machine, runs the scenarios, prints a table
and writes ``bench/LOAD_RESULTS.md``. Every request goes to 127.0.0.1; the
number of sessions and every wait are bounded, and everything started is
stopped at the end.

Scenarios (``--scenarios``; the first three and ``compare`` run against 1
process and against N in the same run):

* ``mixed``: K concurrent sessions arriving over ``--ws-ramp`` seconds,
  ``--mixed-browsers`` of them headless Chromium contexts that time the map
  drawn, the rest websocket clients (bench/load_ws.py) that load the server
  the same way without a browser's CPU cost; all held open together.
* ``ws``: ``--ws-sessions`` websocket clients only.
* ``ws-max``: websocket clients in growing steps until p95 passes 5 s.
* ``compare``: K Chromium contexts, arriving evenly over ``--ramp``
  seconds, each on a different filter link, each waiting for its map drawn,
  then all held open together for ``--hold`` seconds.
* ``kill``: the same against N processes; halfway through the arrivals one
  app process is killed (SIGKILL). Sessions on the others must see nothing;
  those on the killed one must get a working map again after reconnecting.
* ``db-restart``: halfway through, PostgreSQL stops for ``--outage``
  seconds and starts again; pages must show a clear message, never a
  traceback, and go on by themselves.
* ``publish``: K sessions on the whole map; a publish from the command line
  (one cluster fewer) must reach every session on every process.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import signal
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from bench.load_browser import filter_links
from bench.load_report import RunResult, backends_by_key, render_markdown
from bench.load_scenarios import COMPARED, SCENARIOS, ScenarioOptions, pool, run_scenario
from deploy import cluster
from deploy.processes import free_port
from mapping.registry import load_registry
from tools.appserver import ROOT

RESULTS = ROOT / "bench" / "LOAD_RESULTS.md"
MAX_SESSIONS = 300  # a bound on what one run may open on this machine
MAX_RAMP_S = 600

__all__ = ["RunResult", "backends_by_key", "main", "run_all"]


def wait_for_quiet(threshold: float, limit_s: float) -> tuple[float, float]:
    """Wait up to ``limit_s`` for the 1-minute load average to fall below ``threshold``.

    The machine is shared; a run started during someone else's benchmark
    measures that benchmark. Returns (seconds waited, load average then).
    """
    start = time.monotonic()
    while os.getloadavg()[0] >= threshold and time.monotonic() - start < limit_s:
        time.sleep(5)  # polling the load average, not waiting for a result
    return time.monotonic() - start, os.getloadavg()[0]


def _deployment(stack: ExitStack, processes: int) -> tuple[cluster.ClusterState, Path]:
    """Start a deployment in a new folder of /tmp, stopped and deleted with ``stack``."""
    state_dir = Path(
        stack.enter_context(tempfile.TemporaryDirectory(prefix="loadtest-", dir="/tmp"))
    )
    stack.callback(cluster.stop, state_dir)
    return cluster.start(state_dir, processes=processes, port=free_port()), state_dir


def _failed(name: str, processes: int, exc: Exception) -> RunResult:
    # One deployment that would not start spoils its rows, not the run.
    result = RunResult(name, processes, [])
    result.checks["the deployment started"] = False
    result.notes.append(f"{type(exc).__name__}: {exc}")
    return result


def _trial(name, state, state_dir, links, processes, options) -> RunResult:
    waited, load = wait_for_quiet(options.quiet_load, options.quiet_wait_s)
    result = asyncio.run(run_scenario(name, state, state_dir, links, processes, options))
    result.notes.insert(
        0,
        f"load average {load:.2f} when this run started, after waiting {waited:.0f} s "
        f"for other work on the machine to fall below {options.quiet_load:g}",
    )
    print(result.summary_line(), flush=True)
    return result


def run_all(
    options: ScenarioOptions,
    scenarios: list[str],
    after_each: Callable[[list[RunResult]], None] = lambda results: None,
) -> list[RunResult]:
    """Run each scenario on fresh deployments in temporary folders; stop them after.

    A compared scenario starts the 1-process and the N-process deployment
    side by side and tests them in alternating rounds (1, N, N, 1, ...), so
    that whatever else the shared machine does weighs on both alike; the
    rounds' sessions are pooled.
    """
    links = filter_links(load_registry())
    results: list[RunResult] = []
    for name in scenarios:
        counts = [1, options.processes] if name in COMPARED else [options.processes]
        rounds = options.rounds if name in COMPARED else 1
        with ExitStack() as stack:
            try:
                deployments = {n: _deployment(stack, n) for n in counts}
            except (RuntimeError, TimeoutError) as exc:
                results += [_failed(name, n, exc) for n in counts]
                after_each(results)
                continue
            trials: dict[int, list[RunResult]] = {n: [] for n in counts}
            for i in range(rounds):
                for n in counts if i % 2 == 0 else counts[::-1]:
                    state, state_dir = deployments[n]
                    trials[n].append(_trial(name, state, state_dir, links, n, options))
            results += [pool(trials[n], options) for n in counts]
        after_each(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sessions", "-k", type=int, default=60, help="mixed: concurrent sessions in all"
    )
    parser.add_argument(
        "--browser-sessions",
        type=int,
        default=20,
        help="compare, kill, db-restart: Chromium sessions",
    )
    parser.add_argument(
        "--publish-sessions", type=int, default=6, help="publish: Chromium sessions"
    )
    parser.add_argument("--processes", "-n", type=int, default=3)
    parser.add_argument(
        "--ramp", type=float, default=120.0, help="seconds over which browser sessions arrive"
    )
    parser.add_argument("--hold", type=float, default=10.0, help="seconds all stay open together")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a map may take")
    parser.add_argument("--outage", type=float, default=10.0, help="db-restart: seconds down")
    parser.add_argument("--ws-sessions", type=int, default=60, help="ws: websocket clients")
    parser.add_argument(
        "--ws-ramp", type=float, default=60.0, help="ws and mixed: seconds of arrivals"
    )
    parser.add_argument(
        "--mixed-browsers", type=int, default=10, help="mixed: Chromium sessions among them"
    )
    parser.add_argument(
        "--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS), metavar="NAME"
    )
    parser.add_argument("--quiet-load", type=float, default=1.5, help="wait for load below")
    parser.add_argument("--quiet-wait", type=float, default=180.0, help="seconds at most")
    parser.add_argument(
        "--rounds", type=int, default=2, help="compared scenarios: alternating rounds"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    counts = (args.sessions, args.browser_sessions, args.ws_sessions, args.publish_sessions)
    if not all(1 <= k <= MAX_SESSIONS for k in counts) or not 0 <= args.ramp <= MAX_RAMP_S:
        parser.error(f"session counts must be 1..{MAX_SESSIONS} and --ramp 0..{MAX_RAMP_S}")
    options = ScenarioOptions(
        sessions=args.sessions,
        browser_sessions=args.browser_sessions,
        publish_sessions=args.publish_sessions,
        processes=args.processes,
        ramp_s=args.ramp,
        hold_s=args.hold,
        timeout_s=args.timeout,
        outage_s=args.outage,
        ws_sessions=args.ws_sessions,
        ws_ramp_s=min(args.ws_ramp, MAX_RAMP_S),
        mixed_browsers=args.mixed_browsers,
        quiet_load=args.quiet_load,
        rounds=max(1, min(args.rounds, 5)),
        quiet_wait_s=args.quiet_wait,
    )
    load_before = os.getloadavg()
    # A Ctrl-C must still run the clean-up in run_all's finally blocks.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    machine = f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}"

    def write(results: list[RunResult]) -> str:
        # After every scenario, so that a long run that fails late keeps the rest.
        text = render_markdown(
            results,
            options,
            machine=machine,
            when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            load_before=load_before,
        )
        args.output.write_text(text)
        return text

    results = run_all(options, args.scenarios, after_each=write)
    print(write(results))
    print(f"written to {args.output}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
