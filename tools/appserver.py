"""Run the app as `streamlit run app.py` on a free port, ready when it answers.

Shared by the browser tests and the benchmark.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A `streamlit run app.py` subprocess; ready once its health check answers.

    ``script`` and ``cwd`` run another app (the benchmark's peer apps);
    ``options`` adds Streamlit config options (``{"server.enableWebsocketCompression": "true"}``).
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        script: str = "app.py",
        cwd: Path = ROOT,
        options: dict[str, str] | None = None,
        ready_timeout: float = 90,
    ) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = ROOT / "test-artifacts" / f"streamlit-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        self._log_file = self.log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                *(f"--{name}={value}" for name, value in (options or {}).items()),
            ],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(timeout=ready_timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)  # polling interval, not a wait for a result
        raise TimeoutError(f"streamlit did not answer within {timeout}s; see {self.log}")

    def rss_bytes(self) -> int:
        """Resident memory of the server process, from /proc."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("VmRSS not found")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log_file.close()


# True once some map iframe reports ``n`` clusters drawn (and, for the canvas
# strategy, has its canvas), then waits two animation frames so it is painted.
# While Streamlit swaps in a redrawn map two iframes exist for a moment, so
# every one is checked; they are same-origin, so their documents are readable.
_DRAWN_JS = """
async (n) => {
    const drawn = () => [...document.querySelectorAll(MAP_FRAME)].some(f => {
        const doc = f.contentDocument;
        return doc && doc.querySelector('[data-clusters-drawn="' + n + '"]');
    });
    while (!drawn()) { await new Promise(r => requestAnimationFrame(r)); }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return true;
}
""".replace("MAP_FRAME", repr(MAP_FRAME))


def wait_for_clusters_drawn(page, n: int, timeout_ms: float = 60_000) -> None:
    """Block until the map shows ``n`` clusters drawn and painted (Playwright page)."""
    page.wait_for_function(_DRAWN_JS, arg=n, timeout=timeout_ms, polling="raf")
