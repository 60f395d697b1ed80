"""A minimal client of Streamlit's websocket protocol: run a page as a browser tab would.

It loads the page (which sets the sticky cookie behind nginx), opens
``/_stcore/stream`` with that cookie, asks for a run with a query string
(``BackMsg.rerun_script``) and reads ``ForwardMsg`` messages until the run
has finished. The deployment uses it to warm each app process before
visitors arrive; the load test (``bench/load_ws.py``) to load the server
without a browser.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any, TypeVar
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

T = TypeVar("T")

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
STICKY_COOKIE = "ic_backend"
MAX_MESSAGE_BYTES = 64 * 2**20
# The map's script says how many clusters it draws (mapping.maps.elements.DrawnFlag).
_DRAWN = re.compile(rb"IranClusterMap\.markDrawn\([A-Za-z0-9_]+, (\d+)\)")


@dataclass
class PageRun:
    """What one run of a page sent back."""

    drawn: list[int] = field(default_factory=list)  # clusters each map draws
    exceptions: int = 0  # Streamlit exception boxes
    cookie: str = ""

    @property
    def sticky_key(self) -> str:
        for part in self.cookie.split("; "):
            if part.startswith(f"{STICKY_COOKIE}="):
                return part.split("=", 1)[1]
        return ""


def page_cookies(base_url: str, timeout_s: float) -> str:
    """Load the page as a browser would first; the cookies it sets, as a Cookie header."""
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


def _rerun(query: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.page_name = ""
    return msg.SerializeToString()


async def run_page(
    base_url: str,
    query: str,
    timeout_s: float,
    hold: asyncio.Event | None = None,
    on_finished: Callable[[PageRun], None] | None = None,
) -> PageRun:
    """Run the page at ``base_url`` with ``query`` once; stay connected until ``hold`` is set.

    ``on_finished``, if given, gets the run as soon as it has finished,
    before the hold. Raises on a refused connection, a timeout or a closed
    socket.
    """
    run = PageRun(cookie=await asyncio.to_thread(page_cookies, base_url, timeout_s))
    async with websockets.connect(
        f"ws://{urlparse(base_url).netloc}{STREAM_PATH}",
        subprotocols=[SUBPROTOCOL],
        additional_headers={"Cookie": run.cookie} if run.cookie else {},
        origin=base_url,
        max_size=MAX_MESSAGE_BYTES,
        open_timeout=timeout_s,
    ) as ws:
        await ws.send(_rerun(query))
        async with asyncio.timeout(timeout_s):
            while True:
                raw = await ws.recv()
                run.drawn += [int(n) for n in _DRAWN.findall(raw)]
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta" and _is_exception(msg):
                    run.exceptions += 1
                if kind == "script_finished":
                    break
        if on_finished is not None:
            on_finished(run)
        if hold is not None:
            await hold.wait()
    return run


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)``, in a worker thread when this thread already runs an
    event loop (as it does under Playwright's sync API, in the test run)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def warm(base_url: str, timeout_s: float = 120.0) -> PageRun:
    """Run the home page once on one app process, so that it has loaded the registry,
    the province outlines and its caches before the first visitor arrives."""
    return run_sync(run_page(base_url, "", timeout_s))
