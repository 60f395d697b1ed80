"""Run the deployment on one machine: PostgreSQL, N app processes, nginx in front.

::

    python -m deploy start --processes 3 --port 8080   # returns once all are healthy
    python -m deploy status
    python -m deploy stop
    python -m deploy run --processes 3                 # foreground; Ctrl-C stops all
    python -m deploy render-nginx --backends 127.0.0.1:8501 ... --output site.conf

Everything lives in the state folder (``var/cluster`` by default): the
PostgreSQL cluster (kept between runs, unless ``--database-url`` names
another server), the rendered nginx configuration with its pid file and
logs, each app's log, the cookie secret, and ``cluster.json`` with every
process id, which ``stop`` and ``status`` read. Each process runs in its own
session, so a Ctrl-C reaches only this runner, which then stops nginx, the
apps and PostgreSQL in that order.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from deploy import nginx, stclient
from deploy.postgres import LocalPostgres
from deploy.processes import alive, free_port, healthy, rss_bytes, stop_pid, wait_until

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = ROOT / "var" / "cluster"
STATE_FILE = "cluster.json"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
DATABASE_URL_ENV = "DATABASE_URL"
NGINX_MARKER = "nginx"
PORT_ATTEMPTS = 3
START_TIMEOUT_S = 180  # N processes importing geopandas at once on two cores
DEFAULT_PORT = 8080
DEFAULT_PROCESSES = 3


@dataclass
class AppProcess:
    """One ``streamlit run app.py`` behind nginx."""

    port: int
    pid: int
    log: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return alive(self.pid, self.marker)

    @property
    def marker(self) -> str:
        """What its command line holds, to tell it from a process that reused its pid."""
        return f"--server.port {self.port} "

    def rss_bytes(self) -> int:
        return rss_bytes(self.pid)


@dataclass
class ClusterState:
    """What ``start`` wrote to ``cluster.json``."""

    url: str
    nginx_pid: int
    apps: list[AppProcess]
    database_url: str
    postgres_folder: str | None = None
    postgres_port: int | None = None
    started_at: float = field(default_factory=time.time)

    @classmethod
    def read(cls, state_dir: Path) -> ClusterState | None:
        path = state_dir / STATE_FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        data["apps"] = [AppProcess(**a) for a in data["apps"]]
        return cls(**data)

    def write(self, state_dir: Path) -> None:
        path = state_dir / STATE_FILE
        path.write_text(json.dumps(asdict(self), indent=2))
        path.chmod(0o600)  # it holds the database URL

    def postgres(self) -> LocalPostgres | None:
        if self.postgres_folder is None or self.postgres_port is None:
            return None
        return LocalPostgres(Path(self.postgres_folder), self.postgres_port)


def cookie_secret(state_dir: Path) -> str:
    """``$STREAMLIT_SERVER_COOKIE_SECRET``, else one kept (0600) in the state folder.

    Every process must sign and check cookies with the same secret, or a
    visitor moved to another process after a failure would be refused.
    """
    given = os.environ.get(COOKIE_SECRET_ENV, "")
    if given:
        return given
    path = state_dir / "cookie_secret"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _spawn(command: list[str], log: Path, env: dict[str, str] | None = None) -> int:
    with log.open("ab") as out:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return proc.pid


def app_command() -> list[str]:
    """How the app is started: ``tools/serve.py`` where the project has it (the same
    as ``streamlit run app.py``, with Streamlit's page mode decided up front), else
    ``streamlit run app.py``."""
    if (ROOT / "tools" / "serve.py").exists():
        return [sys.executable, "-m", "tools.serve"]
    return [sys.executable, "-m", "streamlit", "run", "app.py"]


def start_app(port: int, env: dict[str, str], log: Path) -> AppProcess:
    """Start one app process on 127.0.0.1:``port`` (not waiting for it)."""
    command = [
        *app_command(),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    return AppProcess(port=port, pid=_spawn(command, log, env), log=str(log))


def _init_store(database_url: str, log: Path) -> None:
    # Once, before the apps: N processes would also migrate safely (under a
    # lock), but a failure here is clearer than in N logs.
    env = {**os.environ, DATABASE_URL_ENV: database_url}
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "mapping.store", "init"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=START_TIMEOUT_S,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the registry database could not be initialised; see {log}")


def start(
    state_dir: Path = DEFAULT_STATE,
    processes: int = DEFAULT_PROCESSES,
    port: int = DEFAULT_PORT,
    host: str = "127.0.0.1",
    database_url: str | None = None,
) -> ClusterState:
    """Start PostgreSQL (unless ``database_url``), the apps and nginx; wait until all are healthy.

    Raises RuntimeError if a cluster of this state folder still runs, and
    stops whatever it started when any part fails to come up.
    """
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    old = ClusterState.read(state_dir)
    if old is not None and (alive(old.nginx_pid, NGINX_MARKER) or any(a.alive() for a in old.apps)):
        raise RuntimeError(f"a cluster of {state_dir} is running: stop it first ({old.url})")
    logs = state_dir / "logs"
    logs.mkdir(exist_ok=True)
    postgres = None
    if not database_url:
        # PostgreSQL runs as another user when we are root: it must be able
        # to pass through (not list) the state folder to reach its own.
        state_dir.chmod(state_dir.stat().st_mode | 0o011)
        postgres = LocalPostgres(state_dir / "pg", free_port())
        database_url = postgres.url()
    state = ClusterState(
        url=f"http://{host}:{port}",
        nginx_pid=0,
        apps=[],
        database_url=database_url,
        postgres_folder=str(postgres.folder) if postgres else None,
        postgres_port=postgres.port if postgres else None,
    )
    # Written before anything starts, so that stop() finds whatever did.
    state.write(state_dir)
    try:
        if postgres is not None:
            postgres.start()
        _init_store(database_url, logs / "store-init.log")
        # Copied once here, so that N processes starting together never write
        # the same files while nginx already serves them.
        from mapping.assets import sync_static_assets

        sync_static_assets()
        env = {
            **os.environ,
            DATABASE_URL_ENV: database_url,
            COOKIE_SECRET_ENV: cookie_secret(state_dir),
        }
        for _ in range(processes):
            app_port = free_port()
            state.apps.append(start_app(app_port, env, logs / f"app-{app_port}.log"))
            state.write(state_dir)
        for i in range(len(state.apps)):
            state.apps[i] = _wait_for_app(state.apps[i], env, logs)
            state.write(state_dir)
        for app in state.apps:
            warm_up(app)
        options = nginx.SiteOptions(
            backends=[f"127.0.0.1:{a.port}" for a in state.apps], listen=f"{host}:{port}"
        )
        main_config = nginx.write_local_config(state_dir / "nginx", options)
        nginx.check_config(main_config)
        state.nginx_pid = _spawn(nginx.nginx_command(main_config), logs / "nginx.log")
        state.write(state_dir)
        wait_until(
            lambda: _check_nginx(state), 30, f"nginx did not answer on {state.url}; see {logs}"
        )
    except BaseException:
        stop(state_dir)
        raise
    return state


def _wait_for_app(app: AppProcess, env: dict[str, str], logs: Path) -> AppProcess:
    """Wait until ``app`` answers; start it again on another port if someone took its port.

    A free port is only free until someone binds it: another program may
    take it between our check and Streamlit's start.
    """
    for _ in range(PORT_ATTEMPTS):
        try:
            wait_until(
                lambda app=app: _check_app(app),
                START_TIMEOUT_S,
                f"app process {app.pid} did not answer on {app.url}; see {app.log}",
            )
            return app
        except RuntimeError:
            if "already in use" not in Path(app.log).read_text(errors="replace"):
                raise
        port = free_port()
        app = start_app(port, env, logs / f"app-{port}.log")
    raise RuntimeError(f"no free port for an app process after {PORT_ATTEMPTS} attempts")


def warm_up(app: AppProcess) -> None:
    """Run the home page once on ``app`` before visitors arrive.

    A process loads the registry, the province outlines and its caches on
    its first run; warmed, it has a version to keep showing should the
    database be away when its first visitor comes, and that visitor does
    not wait for the loading. A failure is reported, not fatal: the app's
    own pages say what is wrong.
    """
    try:
        run = stclient.warm(app.url, timeout_s=START_TIMEOUT_S)
    except Exception as exc:  # whatever went wrong, the process itself is up
        print(f"warning: warming app process {app.pid} failed: {exc}", file=sys.stderr)
        return
    if run.exceptions or not run.drawn:
        print(
            f"warning: app process {app.pid} showed no map when warmed; see {app.log}",
            file=sys.stderr,
        )


def _check_app(app: AppProcess) -> bool:
    if not app.alive():
        raise RuntimeError(f"app process {app.pid} exited; see {app.log}")
    return healthy(app.url)


def _check_nginx(state: ClusterState) -> bool:
    if not alive(state.nginx_pid, NGINX_MARKER):
        raise RuntimeError("nginx exited; see its logs in the state folder")
    return healthy(state.url)


def stop(state_dir: Path = DEFAULT_STATE) -> bool:
    """Stop nginx, the apps and the local PostgreSQL; False if nothing was started here."""
    state_dir = state_dir.resolve()
    state = ClusterState.read(state_dir)
    if state is None:
        return False
    # Fast shutdown (SIGTERM): a graceful one would wait for every open
    # websocket, that is for every visitor to close their tab.
    stop_pid(state.nginx_pid, NGINX_MARKER)
    for app in state.apps:
        if app.alive():
            os.kill(app.pid, signal.SIGTERM)
    for app in state.apps:
        stop_pid(app.pid, app.marker)
    postgres = state.postgres()
    if postgres is not None:
        postgres.stop()
    (state_dir / STATE_FILE).unlink(missing_ok=True)
    return True


def status(state_dir: Path = DEFAULT_STATE) -> list[str]:
    """One line per process: what it is, its pid, whether it runs and answers, its memory."""
    state = ClusterState.read(state_dir.resolve())
    if state is None:
        return [f"no cluster started from {state_dir}"]
    lines = [
        f"nginx  pid {state.nginx_pid}  {_word(alive(state.nginx_pid, NGINX_MARKER))}  "
        f"{state.url}  health {_word(healthy(state.url))}"
    ]
    for app in state.apps:
        lines.append(
            f"app    pid {app.pid}  {_word(app.alive())}  {app.url}  "
            f"health {_word(healthy(app.url))}  RSS {app.rss_bytes() / 2**20:.0f} MiB"
        )
    postgres = state.postgres()
    if postgres is not None:
        lines.append(
            f"postgres  pid {postgres.pid()}  {_word(postgres.running())}  port {postgres.port}"
        )
    return lines


def _word(ok: bool) -> str:
    return "up" if ok else "DOWN"


def restart_database(state_dir: Path = DEFAULT_STATE) -> None:
    """Restart the local PostgreSQL (fast: connections are cut), as an outage would."""
    state = ClusterState.read(state_dir.resolve())
    postgres = state.postgres() if state else None
    if postgres is None:
        raise RuntimeError("this cluster uses an outside database; restart it there")
    postgres.restart()


def run(state_dir: Path, **options: object) -> int:
    """Start, then stay in the foreground until Ctrl-C or SIGTERM, then stop everything."""
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        state = start(state_dir, **options)  # type: ignore[arg-type]
        print(f"Serving on {state.url} with {len(state.apps)} app processes. Ctrl-C stops all.")
        for line in status(state_dir):
            print(line)
        reported: set[int] = set()
        while not stopping:
            time.sleep(1)  # watching, not waiting for a result
            if not alive(state.nginx_pid, NGINX_MARKER):
                print("nginx exited; stopping the cluster", file=sys.stderr)
                break
            for app in state.apps:
                if app.pid not in reported and not app.alive():
                    reported.add(app.pid)
                    print(f"app process {app.pid} exited; see {app.log}", file=sys.stderr)
    finally:
        print("Stopping ...")
        stop(state_dir)
    return 0
