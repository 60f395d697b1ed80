"""Small process helpers of the deployment runner: health, memory, stopping by pid."""

from __future__ import annotations

import os
import signal
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

HEALTH_PATH = "/_stcore/health"
POLL_S = 0.25  # between polls of a condition, never a wait for a result


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base_url: str, timeout_s: float = 2.0) -> bool:
    """Whether Streamlit's health check at ``base_url`` answers 200 ``ok``."""
    try:
        with urllib.request.urlopen(base_url + HEALTH_PATH, timeout=timeout_s) as r:
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``condition`` until it holds; TimeoutError naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(POLL_S)
    raise TimeoutError(f"{what} within {timeout_s:.0f} s")


def command_line(pid: int) -> str:
    """The process's command line, or "" when there is no such process."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int | None, marker: str) -> bool:
    """Whether ``pid`` runs and its command line contains ``marker``.

    The marker guards against a pid file outliving its process and the
    number being reused by something else, which must never be signalled.
    """
    if not pid:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z" and marker in command_line(pid)


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid``, from /proc (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def stop_pid(pid: int | None, marker: str, sig: int = signal.SIGTERM, grace_s: float = 20) -> None:
    """Send ``sig`` to our process ``pid``, then SIGKILL if it outlives ``grace_s``."""
    if not alive(pid, marker):
        return
    assert pid is not None
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    try:
        wait_until(lambda: not alive(pid, marker), grace_s, "stopped")
    except TimeoutError:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        wait_until(lambda: not alive(pid, marker), 10, f"process {pid} did not die")
