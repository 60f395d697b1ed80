"""Load test of the deployment: K browser sessions against 1 and against N app processes.

``make load-test`` (or ``python -m bench.load``) starts the deployment
(``deploy.cluster``: its own PostgreSQL, N ``streamlit run app.py``, nginx)
in a temporary folder on this machine, runs the scenarios, prints a table
and writes ``bench/LOAD_RESULTS.md``. Every request goes to 127.0.0.1; the
number of sessions and every wait are bounded, and everything started is
stopped at the end.

Scenarios (``--scenarios``):

* ``compare``: K headless Chromium contexts, arriving evenly over
  ``--ramp`` seconds, each on a different filter link, each waiting for its
  map drawn, then all held open together for ``--hold`` seconds; once
  against 1 process and once against N, in the same run.
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
from pathlib import Path

from bench.load_browser import filter_links
from bench.load_report import RunResult, backends_by_key, render_markdown
from bench.load_scenarios import COMPARED, SCENARIOS, ScenarioOptions, run_scenario
from deploy import cluster
from deploy.processes import free_port
from mapping.registry import load_registry
from tools.appserver import ROOT

RESULTS = ROOT / "bench" / "LOAD_RESULTS.md"
MAX_SESSIONS = 300  # a bound on what one run may open on this machine
MAX_RAMP_S = 600

__all__ = ["RunResult", "backends_by_key", "main", "run_all"]


def run_all(options: ScenarioOptions, scenarios: list[str]) -> list[RunResult]:
    """Run each scenario on a fresh deployment in a temporary folder; stop it after."""
    links = filter_links(load_registry())
    results: list[RunResult] = []
    for name in scenarios:
        process_counts = [1, options.processes] if name in COMPARED else [options.processes]
        for processes in process_counts:
            with tempfile.TemporaryDirectory(prefix="loadtest-", dir="/tmp") as folder:
                state_dir = Path(folder)
                port = free_port()
                state = cluster.start(state_dir, processes=processes, port=port)
                try:
                    result = asyncio.run(
                        run_scenario(name, state, state_dir, links, processes, options)
                    )
                finally:
                    cluster.stop(state_dir)
                results.append(result)
                print(result.summary_line(), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sessions", "-k", type=int, default=60)
    parser.add_argument("--processes", "-n", type=int, default=3)
    parser.add_argument(
        "--ramp", type=float, default=30.0, help="seconds over which sessions arrive"
    )
    parser.add_argument("--hold", type=float, default=10.0, help="seconds all stay open together")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a map may take")
    parser.add_argument("--outage", type=float, default=10.0, help="db-restart: seconds down")
    parser.add_argument("--ws-sessions", type=int, default=200, help="ws: websocket clients")
    parser.add_argument(
        "--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS), metavar="NAME"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 0 <= args.ramp <= MAX_RAMP_S:
        parser.error(f"--sessions must be 1..{MAX_SESSIONS} and --ramp 0..{MAX_RAMP_S}")
    options = ScenarioOptions(
        sessions=args.sessions,
        processes=args.processes,
        ramp_s=args.ramp,
        hold_s=args.hold,
        timeout_s=args.timeout,
        outage_s=args.outage,
        ws_sessions=min(args.ws_sessions, MAX_SESSIONS),
    )
    load_before = os.getloadavg()
    # A Ctrl-C must still run the clean-up in run_all's finally blocks.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    results = run_all(options, args.scenarios)
    text = render_markdown(
        results,
        options,
        machine=f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        load_before=load_before,
    )
    print(text)
    args.output.write_text(text)
    print(f"written to {args.output}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
