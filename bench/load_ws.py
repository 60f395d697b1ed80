"""A light load-test client that speaks Streamlit's websocket protocol, without a browser.

Each client does what a browser tab does on the wire: it loads the page
(which sets the sticky cookie), opens ``/_stcore/stream`` through nginx with
that cookie, asks for a run of the page with its filter link
(``BackMsg.rerun_script``) and reads ``ForwardMsg`` messages until the run
has finished. The run succeeded when the map's script in the deltas says it
draws the expected number of clusters (``IranClusterMap.markDrawn(.., n)``).
The time is what the server needs to hand a visitor a complete map, without
the browser's own drawing, so many more sessions fit on this machine than
with Chromium; the connections then stay open, as tabs do.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_browser import Link

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
MAX_MESSAGE_BYTES = 64 * 2**20
_DRAWN = re.compile(rb"IranClusterMap\.markDrawn\([A-Za-z0-9_]+, (\d+)\)")


@dataclass
class WsResult:
    """What one websocket client saw."""

    index: int
    link: Link
    drawn_s: float | None = None  # arrival to the run finished with the expected map
    errors: list[str] = field(default_factory=list)
    backend_key: str = ""


def _page_cookies(base_url: str, timeout_s: float) -> str:
    """Load the page as a browser would first; the cookies it sets (the sticky key)."""
    with urllib.request.urlopen(base_url + "/", timeout=timeout_s) as r:
        jar = SimpleCookie()
        for header in r.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


def _is_exception(msg: ForwardMsg) -> bool:
    delta = msg.delta
    return (
        delta.WhichOneof("type") == "new_element"
        and delta.new_element.WhichOneof("type") == "exception"
    )


def _rerun(link: Link) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = link.query
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.page_name = ""
    return msg.SerializeToString()


async def run_client(
    base_url: str, result: WsResult, hold: asyncio.Event, timeout_s: float
) -> None:
    """One session: connect, run the page, check the map, stay connected until ``hold``."""
    start = time.monotonic()
    try:
        cookie = await asyncio.to_thread(_page_cookies, base_url, timeout_s)
        result.backend_key = next(
            (c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith("ic_backend=")), ""
        )
        host = urlparse(base_url).netloc
        async with websockets.connect(
            f"ws://{host}{STREAM_PATH}",
            subprotocols=[SUBPROTOCOL],
            additional_headers={"Cookie": cookie},
            origin=base_url,
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=timeout_s,
        ) as ws:
            await ws.send(_rerun(result.link))
            drawn: list[int] = []
            async with asyncio.timeout(timeout_s):
                while True:
                    raw = await ws.recv()
                    drawn += [int(n) for n in _DRAWN.findall(raw)]
                    msg = ForwardMsg()
                    msg.ParseFromString(raw)
                    kind = msg.WhichOneof("type")
                    if kind == "delta" and _is_exception(msg):
                        result.errors.append("Streamlit exception shown")
                    if kind == "script_finished":
                        break
            result.drawn_s = time.monotonic() - start
            if result.link.expected not in drawn:
                result.errors.append(f"map of {drawn} clusters, not {result.link.expected}")
            await hold.wait()
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
