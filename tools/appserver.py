"""Run the app as `streamlit run app.py` on a free port, ready when it answers.

Shared by the browser tests and the benchmark.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
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

    The app runs as ``python -m tools.serve`` (what ``make run`` does).
    ``script`` and ``cwd`` run another app instead, as ``streamlit run
    <script>`` (the benchmark's peer apps); ``options`` adds Streamlit config
    options (``{"server.enableWebsocketCompression": "true"}``).
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        script: str | None = None,
        cwd: Path = ROOT,
        options: dict[str, str] | None = None,
        ready_timeout: float = 90,
    ) -> None:
        self.script = script
        self.cwd = cwd
        self.options = dict(options or {})
        self.ready_timeout = ready_timeout
        self.port = free_port()
        self._db_dir = tempfile.TemporaryDirectory(prefix="registry-db-")
        # Each server its own registry database, unless the caller names one.
        database = {"DATABASE_URL": f"sqlite:///{self._db_dir.name}/registry.sqlite3"}
        self.env = {**database, **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ROOT / "test-artifacts" / f"streamlit-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        self._log_file = self.log.open("w")
        self._start()

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *(["tools.serve"] if self.script is None else ["streamlit", "run", self.script]),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                *(f"--{name}={value}" for name, value in self.options.items()),
            ],
            cwd=self.cwd,
            env={**os.environ, **self.env},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(timeout=self.ready_timeout)

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

    def _end(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def restart(self) -> None:
        """Stop the server and start it again on the same port, with the same database."""
        self._end()
        self._start()

    def stop(self) -> None:
        self._end()
        self._log_file.close()
        self._db_dir.cleanup()


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
