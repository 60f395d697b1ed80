"""Start the app with `streamlit run` on a free port and drive it in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tools.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, AppServer

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Generous: these poll for a condition, and must hold while another test run
# shares this 2-core machine. Playwright's own default for expect() is 5 s.
TIMEOUT_MS = 45_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def server() -> Iterator[AppServer]:
    s = AppServer()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """A page plus every URL it requested and every dialog it raised."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if urlparse(u).scheme in {"http", "https", "ws", "wss"}
            and urlparse(u).hostname not in LOCAL_HOSTS
        ]


@pytest.fixture
def visit(browser: Browser, request) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    v = Visit(page)
    yield v
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        shot = ROOT / "test-artifacts" / f"{request.node.name}.png"
        page.screenshot(path=str(shot), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
