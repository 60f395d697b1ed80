"""Browser sessions for the load test: each a headless Chromium context on one filter link.

A session opens its link, waits until the map iframe reports the expected
number of clusters drawn (``data-clusters-drawn``), and then stays open (its
websocket connected, its state in some app process's memory) until the load
test releases it. Everything it saw that a visitor would call broken is an
error: no map in time, a wrong count, Streamlit's exception box, a script
error, a Content-Security-Policy violation, a failed request.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from mapping.filters import FILTERS, FILTERS_BY_KEY, ClusterFilter, apply_filter
from mapping.query_state import filter_from_query
from tools.appserver import MAP_FRAME

# Polled in the page every POLL_MS: true once some map iframe (two exist for a
# moment while Streamlit swaps a redrawn map in) reports ``n`` clusters drawn.
DRAWN_JS = """
(n) => [...document.querySelectorAll(MAP_FRAME)].some(f => {
    const doc = f.contentDocument;
    return doc && doc.querySelector('[data-clusters-drawn="' + n + '"]');
})
""".replace("MAP_FRAME", repr(MAP_FRAME))
DRAWN_ANY_JS = """
() => [...document.querySelectorAll(MAP_FRAME)].flatMap(f => {
    const el = f.contentDocument && f.contentDocument.querySelector('[data-clusters-drawn]');
    return el ? [el.dataset.clustersDrawn] : [];
})
""".replace("MAP_FRAME", repr(MAP_FRAME))
# What a map frame that drew nothing shows instead (an error page from nginx,
# say): the start of its text.
FRAME_TEXT_JS = """
() => [...document.querySelectorAll(MAP_FRAME)].map(f => {
    const body = f.contentDocument && f.contentDocument.body;
    return body ? body.innerText.trim().slice(0, 80) : '(no document)';
})
""".replace("MAP_FRAME", repr(MAP_FRAME))
# Reported by the browser in every frame, the map's included.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', e => {
    console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""
EXCEPTION_SELECTOR = '[data-testid="stException"]'
ALERT_SELECTOR = '[data-testid="stAlert"]'
POLL_MS = 100
MAP_MESSAGE_MARKER = b"streamlit_folium"
LANGS = ("en", "fa")


@dataclass(frozen=True)
class Link:
    """A filter link and the number of clusters its map must draw."""

    query: str
    expected: int

    def url(self, base: str) -> str:
        return f"{base}/?{self.query}" if self.query else f"{base}/"


def filter_links(registry: pd.DataFrame) -> list[Link]:
    """Distinct links over the registry: no filter, each sector, programme, province,
    national-list choice, and sector with the national list; in English and Persian."""
    queries: list[dict[str, str]] = [{}]
    for spec in FILTERS:
        if spec.key in ("sector", "programme", "province"):
            queries += [{spec.key: v} for v in spec.options(registry)]
    queries += [{"mapping": "yes"}, {"mapping": "no"}]
    queries += [{"sector": v, "mapping": "yes"} for v in FILTERS_BY_KEY["sector"].options(registry)]
    links: list[Link] = []
    seen: set[tuple[str, int]] = set()
    for lang in LANGS:
        for q in queries:
            params = {k: [v] for k, v in q.items()}
            selection, warnings = filter_from_query(params, registry, ClusterFilter)
            if warnings:
                raise ValueError(f"the load test built a link the app rejects: {q}")
            n = len(apply_filter(registry, selection))
            query = urlencode({**q, "lang": lang} if lang != "en" else q)
            if n and (query, n) not in seen:
                seen.add((query, n))
                links.append(Link(query, n))
    return links


@dataclass
class SessionResult:
    """What one browser session saw."""

    index: int
    link: Link
    started: float = 0.0  # monotonic time of navigation
    drawn_s: float | None = None  # navigation to the map drawn
    errors: list[str] = field(default_factory=list)
    backend_key: str = ""  # the sticky cookie: which app process served it
    socket_closes: list[float] = field(default_factory=list)  # monotonic times
    sockets_opened: int = 0
    map_messages: list[float] = field(default_factory=list)  # monotonic times
    alerts: set[str] = field(default_factory=set)
    reload_drawn_s: float | None = None


class BrowserSession:
    """One visitor: a context, a page, and what was seen on it."""

    def __init__(self, browser, base_url: str, result: SessionResult, timeout_s: float) -> None:
        self.browser = browser
        self.base_url = base_url
        self.result = result
        self.timeout_ms = timeout_s * 1000
        self.context = None
        self.page = None

    async def open(self) -> None:
        """Open the link and wait for the drawn map; errors are recorded, not raised."""
        r = self.result
        self.context = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        await self.context.add_init_script(CSP_LISTENER)
        self.page = page = await self.context.new_page()
        page.set_default_timeout(self.timeout_ms)
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: r.errors.append(f"script error: {e}"))
        page.on("requestfailed", self._on_failed)
        page.on("websocket", self._on_websocket)
        r.started = time.monotonic()
        try:
            await page.goto(r.link.url(self.base_url))
            await self.wait_drawn(r.link.expected)
            r.drawn_s = time.monotonic() - r.started
        except Exception as exc:  # a visitor's failure, whatever its kind
            r.errors.append(f"no map: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            await self._describe_failure()
        await self.check_page()
        for cookie in await self.context.cookies():
            if cookie["name"] == "ic_backend":
                r.backend_key = cookie["value"]

    async def wait_drawn(self, n: int, timeout_ms: float | None = None) -> None:
        await self.page.wait_for_function(
            DRAWN_JS, arg=n, timeout=timeout_ms or self.timeout_ms, polling=POLL_MS
        )

    async def check_page(self) -> None:
        """Record Streamlit's exception box and the alerts shown."""
        if self.page is None:
            return
        try:
            if await self.page.locator(EXCEPTION_SELECTOR).count():
                self.result.errors.append("Streamlit exception shown")
            for text in await self.page.locator(ALERT_SELECTOR).all_inner_texts():
                self.result.alerts.add(" ".join(text.split())[:200])
        except Exception as exc:
            self.result.errors.append(f"page unreadable: {type(exc).__name__}")

    async def current_alerts(self) -> list[str]:
        """The messages (Streamlit alerts) the page shows right now."""
        try:
            texts = await self.page.locator(ALERT_SELECTOR).all_inner_texts()
        except Exception:
            return []
        return [" ".join(t.split())[:200] for t in texts]

    async def reload_and_time(self) -> None:
        """Reload (what a visitor does after an error) and time the map drawn again."""
        start = time.monotonic()
        try:
            await self.page.reload()
            await self.wait_drawn(self.result.link.expected)
            self.result.reload_drawn_s = time.monotonic() - start
        except Exception as exc:
            self.result.errors.append(f"no map after reload: {type(exc).__name__}")

    async def close(self) -> None:
        if self.context is not None:
            await self.context.close()

    async def _describe_failure(self) -> None:
        try:
            drawn = await self.page.evaluate(DRAWN_ANY_JS)
            self.result.errors.append(f"maps drawn: {drawn}")
            if not drawn:
                frames = await self.page.evaluate(FRAME_TEXT_JS)
                self.result.errors.append(f"map frames show: {frames}")
        except Exception:
            pass

    def _on_console(self, msg) -> None:
        if "CSP-VIOLATION" in msg.text or "Content Security Policy" in msg.text:
            self.result.errors.append(f"CSP: {msg.text[:200]}")

    def _on_failed(self, request) -> None:
        failure = request.failure or ""
        # A page that navigates or closes aborts what it was still loading.
        if "ERR_ABORTED" not in failure:
            self.result.errors.append(f"request failed: {request.url[:120]} {failure}")

    def _on_websocket(self, ws) -> None:
        self.result.sockets_opened += 1
        ws.on("close", lambda _ws: self.result.socket_closes.append(time.monotonic()))
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: bytes | str) -> None:
        # A map arrives in a message naming its component: when the server sent
        # this session a map, apart from the time the browser took to draw it.
        data = payload if isinstance(payload, bytes) else payload.encode()
        if MAP_MESSAGE_MARKER in data:
            self.result.map_messages.append(time.monotonic())


async def run_sessions(
    browser,
    base_url: str,
    links: list[Link],
    count: int,
    ramp_s: float,
    timeout_s: float,
    arrived: list[BrowserSession] | None = None,
) -> list[BrowserSession]:
    """Open ``count`` sessions, evenly spread over ``ramp_s`` seconds, cycling ``links``.

    Each session is appended to ``arrived`` as it starts, for whoever acts
    during the arrivals. Returns once every session has its map or its
    error; they stay open.
    """
    arrived = [] if arrived is None else arrived
    sessions = [
        BrowserSession(browser, base_url, SessionResult(i, links[i % len(links)]), timeout_s)
        for i in range(count)
    ]
    start = time.monotonic()

    async def arrive(i: int, s: BrowserSession) -> None:
        await asyncio.sleep(max(0.0, start + i * ramp_s / max(count, 1) - time.monotonic()))
        arrived.append(s)
        await s.open()

    await asyncio.gather(*(arrive(i, s) for i, s in enumerate(sessions)))
    return sessions
