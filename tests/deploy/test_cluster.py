"""The running deployment: headers, limits, websocket, stickiness and a short load test.

One deployment (PostgreSQL, two app processes, nginx) serves the module;
the failover test starts its own, since it kills a process.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import re
import signal
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from bench.load_browser import filter_links
from bench.load_report import backends_by_key
from bench.load_scenarios import ScenarioOptions, run_scenario
from bench.load_ws import WsResult, run_client
from deploy import cluster, nginx
from deploy.processes import alive
from deploy.stclient import run_sync
from mapping.registry import load_registry
from tests.deploy.conftest import running_cluster

pytestmark = pytest.mark.deploy

SHORT_LOAD = ScenarioOptions(browser_sessions=10, processes=2, ramp_s=10, hold_s=3, timeout_s=90)
UPLOAD_PATH = "/_stcore/upload_file/no-session/no-file"
MIB = 2**20


def fetch(url: str, headers: dict[str, str] | None = None, data: bytes | None = None):
    """(status, headers, body) of a request; HTTP errors are answers too."""
    request = urllib.request.Request(
        url, headers=headers or {}, data=data, method="PUT" if data is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def streamlit_asset() -> str:
    """One of the hashed files of Streamlit's frontend bundle, as the page names it."""
    index = (nginx.STREAMLIT_STATIC_ROOT / "index.html").read_text()
    return re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index).group(1)


@pytest.fixture(scope="module")
def links():
    return filter_links(load_registry())


def test_all_processes_answer_and_status_says_so(deployment):
    state, state_dir = deployment
    assert len(state.apps) == 2
    assert all(app.alive() for app in state.apps)
    lines = cluster.status(state_dir)
    assert lines[0].startswith("nginx") and "health up" in lines[0]
    assert sum("health up" in line for line in lines if line.startswith("app")) == 2


@pytest.mark.parametrize(
    "path", ["/", "/_stcore/health", "/app/static/map/map.js", "/no/such/page", "__asset__"]
)
def test_security_headers_on_every_response(deployment, path):
    state, _ = deployment
    path = "/" + streamlit_asset() if path == "__asset__" else path
    status, headers, _ = fetch(state.url + path)
    assert status == 200
    for name, value in nginx.SECURITY_HEADERS.items():
        assert headers[name] == value, name


def test_metrics_are_hidden_by_nginx_only(deployment):
    state, _ = deployment
    assert fetch(state.url + "/_stcore/metrics")[0] == 404
    # The app itself still serves them on its own port, on this machine only.
    assert fetch(state.apps[0].url + "/_stcore/metrics")[0] == 200


def test_static_files_are_compressed_and_cached(deployment):
    state, _ = deployment
    status, headers, body = fetch(
        f"{state.url}/{streamlit_asset()}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert gzip.decompress(body) == (nginx.STREAMLIT_STATIC_ROOT / streamlit_asset()).read_bytes()
    status, headers, _ = fetch(f"{state.url}/app/static/map/map.js")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=3600"
    assert fetch(f"{state.url}/app/static/.hidden")[0] == 404


def test_upload_limit_is_enforced_in_step_with_streamlit(deployment):
    state, _ = deployment
    limit = nginx.upload_limit_mb()
    # A body of the app's limit reaches the app (which refuses it for want of a
    # session, not for its size); a megabyte and a byte over nginx's room is 413.
    at_limit = fetch(state.url + UPLOAD_PATH, data=b"x" * (limit * MIB))[0]
    assert at_limit not in (413, 502)
    over = (limit + nginx.MULTIPART_SLACK_MB) * MIB + 1
    assert fetch(state.url + UPLOAD_PATH, data=b"x" * over)[0] == 413


def test_websocket_through_nginx_runs_the_page(deployment, links):
    state, _ = deployment
    result = WsResult(0, links[1])
    hold = asyncio.Event()
    hold.set()
    run_sync(run_client(state.url, result, hold, timeout_s=90))
    assert result.errors == []
    assert result.drawn_s is not None


def test_sessions_stick_to_one_process_and_spread_over_all(deployment):
    state, state_dir = deployment
    keys = []
    for _ in range(30):
        _, headers, _ = fetch(state.url + "/_stcore/host-config")
        cookie = re.search(r"ic_backend=([0-9a-f]+)", headers["Set-Cookie"] or "")
        keys.append(cookie.group(1))
        for _ in range(2):
            fetch(state.url + "/_stcore/host-config", headers={"Cookie": f"ic_backend={keys[-1]}"})
    served = backends_by_key(state_dir / "nginx" / "access.log")
    assert all(len(served[k]) == 1 for k in keys), "a key moved between processes"
    spread = Counter(served[k][0] for k in keys)
    assert set(spread) == {f"127.0.0.1:{a.port}" for a in state.apps}, spread


def test_short_load_test_has_no_errors(deployment, links):
    state, state_dir = deployment
    result = run_sync(run_scenario("compare", state, state_dir, links, 2, SHORT_LOAD))
    assert len(result.sessions) == SHORT_LOAD.browser_sessions
    assert result.errors == []
    assert len(result.times) == SHORT_LOAD.browser_sessions
    assert sum(result.per_backend.values()) == SHORT_LOAD.browser_sessions


def test_a_killed_process_is_routed_around_and_stop_leaves_nothing():
    with running_cluster() as (state, state_dir):
        victim = state.apps[0]
        os.kill(victim.pid, signal.SIGKILL)
        statuses = [fetch(state.url + "/_stcore/health")[0] for _ in range(20)]
        assert statuses == [200] * 20
        postgres = state.postgres()
        pids = [state.nginx_pid, postgres.pid(), *(a.pid for a in state.apps)]
        assert cluster.stop(state_dir)
        assert not any(alive(pid, "") for pid in pids)
        assert not (Path(state_dir) / cluster.STATE_FILE).exists()
