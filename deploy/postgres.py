"""A PostgreSQL cluster kept in a folder, for running the deployment on one machine.

Like the tests' throwaway server (``tests/pg.py``) it uses Debian's
``postgresql`` binaries, listens on 127.0.0.1 only with its socket in its
folder, and runs as the ``postgres`` user (or ``nobody``) when we are root,
since PostgreSQL refuses to run as root. Unlike it, the data stays between
runs: stopping the deployment and starting it again keeps every published
version. It keeps PostgreSQL's durable defaults (no ``fsync=off``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from pathlib import Path

PG_BIN_ENV = "PG_BIN_DIR"
SUPERUSER = "postgres"
DATABASE = "registry"
START_TIMEOUT_S = 60


def pg_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None if PostgreSQL is not installed."""
    candidates = [os.environ.get(PG_BIN_ENV, "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).parent))
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _server_user() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a postgres nor a nobody user to run as")


class LocalPostgres:
    """A PostgreSQL server whose data, socket and log live in ``folder``.

    Parameters
    ----------
    folder : Path
        Created if missing; ``data/`` inside it is the cluster.
    port : int
        TCP port on 127.0.0.1.
    """

    def __init__(self, folder: Path, port: int) -> None:
        bin_dir = pg_bin_dir()
        if bin_dir is None:
            raise RuntimeError(
                "PostgreSQL's initdb and pg_ctl were not found: apt-get install postgresql "
                f"(or set {PG_BIN_ENV}), or give a DATABASE_URL"
            )
        self.bin_dir = bin_dir
        self.folder = folder.resolve()
        self.port = port
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.user = _server_user()

    def _run(self, *args: str, timeout: float = START_TIMEOUT_S) -> str:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.log.read_text()[-4000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}")
        return done.stdout

    def _own_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            record = pwd.getpwnam(self.user)
            os.chown(self.folder, record.pw_uid, record.pw_gid)
            if self.data.exists():
                os.chown(self.data, record.pw_uid, record.pw_gid)

    def start(self) -> None:
        """Create the cluster on first use, then start the server and the database."""
        self._own_folder()
        if not (self.data / "PG_VERSION").exists():
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            )
        if not self.running():
            self._pg_ctl_start()
        self._create_database()

    def _pg_ctl_start(self) -> None:
        # Trust authentication is safe only because nothing but this machine
        # can connect: TCP on 127.0.0.1 and a socket in our own folder.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-o",
            options,
            "start",
        )

    def running(self) -> bool:
        """Whether the server of this data folder is up (``pg_ctl status``)."""
        if not (self.data / "PG_VERSION").exists():
            return False
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "status"]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    def restart(self) -> None:
        """Stop (fast: open connections are cut, as in an outage) and start again."""
        self.stop()
        self._pg_ctl_start()

    def stop(self) -> None:
        """Stop the server, keeping its data."""
        if self.running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def pid(self) -> int | None:
        """The postmaster's process id, from its pid file."""
        pid_file = self.data / "postmaster.pid"
        try:
            return int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def url(self) -> str:
        """The SQLAlchemy URL of the registry database."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres", autocommit=True
        ) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if found.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
