"""A running deployment for the deploy tests: PostgreSQL, two app processes, nginx.

Without nginx or PostgreSQL installed the tests are skipped with the reason,
except on CI (``CI`` set), where they fail: ``make test`` installs Debian's
``nginx`` and ``postgresql``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deploy import cluster
from deploy.postgres import pg_bin_dir
from deploy.processes import free_port

PROCESSES = 2


def _need(found: bool, reason: str) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the deployment tests")
    pytest.skip(reason)


def require_services() -> None:
    """Skip (fail on CI) when nginx or PostgreSQL's server binaries are missing."""
    _need(
        bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
        "nginx is not installed (apt-get install nginx, or make nginx)",
    )
    _need(pg_bin_dir() is not None, "PostgreSQL's initdb and pg_ctl were not found")


@contextmanager
def running_cluster(processes: int = PROCESSES) -> Iterator[tuple[cluster.ClusterState, Path]]:
    """Start a deployment in a new folder of /tmp; stop it and delete the folder after.

    Not pytest's tmp_path: its parents are private to root, and PostgreSQL
    runs as the postgres user when the tests run as root.
    """
    require_services()
    state_dir = Path(tempfile.mkdtemp(prefix="deploytest-", dir="/tmp"))
    try:
        state = cluster.start(state_dir, processes=processes, port=free_port())
        try:
            yield state, state_dir
        finally:
            cluster.stop(state_dir)
    finally:
        shutil.rmtree(state_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def deployment() -> Iterator[tuple[cluster.ClusterState, Path]]:
    """A deployment shared by a module's tests; stopped at its end."""
    with running_cluster() as started:
        yield started
