"""The load test's light client: Streamlit's websocket protocol without a browser.

Each client does what a browser tab does on the wire (``deploy.stclient``):
it loads the page (which sets the sticky cookie), opens ``/_stcore/stream``
through nginx with that cookie, runs the page with its filter link and reads
until the run has finished. The run succeeded when the map's script in the
deltas draws the expected number of clusters. The time is what the server
needs to hand a visitor a complete map, without the browser's own drawing,
so many more sessions fit on this machine than with Chromium; the
connections then stay open, as tabs do.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bench.load_browser import Link
from deploy.stclient import PageRun, run_page


@dataclass
class WsResult:
    """What one websocket client saw."""

    index: int
    link: Link
    drawn_s: float | None = None  # arrival to the run finished with the expected map
    errors: list[str] = field(default_factory=list)
    backend_key: str = ""


async def run_client(
    base_url: str, result: WsResult, hold: asyncio.Event, timeout_s: float
) -> None:
    """One session: connect, run the page, check the map, stay connected until ``hold``."""
    start = time.monotonic()

    def finished(run: PageRun) -> None:
        result.drawn_s = time.monotonic() - start
        result.backend_key = run.sticky_key
        if run.exceptions:
            result.errors.append("Streamlit exception shown")
        if result.link.expected not in run.drawn:
            result.errors.append(f"map of {run.drawn} clusters, not {result.link.expected}")

    try:
        await run_page(base_url, result.link.query, timeout_s, hold=hold, on_finished=finished)
    except Exception as exc:  # a visitor's failure, whatever its kind
        result.errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")


async def run_ws_sessions(
    base_url: str, links: list[Link], count: int, ramp_s: float, hold_s: float, timeout_s: float
) -> list[WsResult]:
    """``count`` clients arriving evenly over ``ramp_s``, all held open ``hold_s`` after."""
    results = [WsResult(i, links[i % len(links)]) for i in range(count)]
    hold = asyncio.Event()
    start = time.monotonic()

    async def arrive(r: WsResult) -> None:
        await asyncio.sleep(max(0.0, start + r.index * ramp_s / max(count, 1) - time.monotonic()))
        await run_client(base_url, r, hold, timeout_s)

    tasks = [asyncio.create_task(arrive(r)) for r in results]
    await asyncio.sleep(ramp_s + hold_s)
    while any(r.drawn_s is None and not r.errors for r in results):
        if time.monotonic() - start > ramp_s + hold_s + timeout_s:
            break
        await asyncio.sleep(0.5)  # polling the clients, not waiting for a result
    hold.set()
    await asyncio.gather(*tasks)
    return results
