"""Backup and restore of the whole registry database, while the app keeps running.

SQLite: SQLite's online backup API copies a consistent snapshot page by
page, also while other processes read and publish; a restore copies the
backup into the live file the same way, so running apps see the restored
database at their next query. PostgreSQL: ``pg_dump`` in its custom format,
and ``pg_restore --clean --single-transaction``, so a failed restore changes
nothing. Both restores then bring the schema up to date (a backup may be
older than the code) and add a ``restore`` entry to the restored audit log.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

from mapping.i18n import Message
from mapping.store import audit
from mapping.store.auth import AuthAPI, Credential
from mapping.store.engine import Database
from mapping.store.errors import BackupFailed
from mapping.store.migrate import upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PG_BIN_ENV = "PG_BIN_DIR"
PG_TOOL_TIMEOUT_S = 3600
BACKUP_PAGES_PER_STEP = 1024  # lets writers in between steps of a large backup


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program (``pg_dump``, ``pg_restore``...).

    ``$PG_BIN_DIR`` first, then Debian's newest ``/usr/lib/postgresql/N/bin``
    (pg_dump must be at least as new as the server), then ``PATH``.
    """
    folders = [os.environ.get(PG_BIN_ENV, "")]
    folders += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for folder in filter(None, folders):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupFailed(
            Message(
                "{program} was not found: install PostgreSQL's client programs or set {env}.",
                program=name,
                env=PG_BIN_ENV,
            )
        )
    return found


def _libpq(db: Database) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment carrying it."""
    from psycopg.conninfo import make_conninfo

    url = db.url
    params = {
        "host": url.host,
        "port": str(url.port) if url.port else None,
        "user": url.username,
        "dbname": url.database,
        **{k: str(v) for k, v in url.query.items()},
    }
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password  # not on the command line, where ps shows it
    return make_conninfo(**{k: v for k, v in params.items() if v}), env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupFailed(
            Message("{program} failed: {detail}", program=Path(command[0]).name, detail=str(exc))
        ) from exc
    if done.returncode != 0:
        raise BackupFailed(
            Message(
                "{program} failed: {detail}",
                program=Path(command[0]).name,
                detail=done.stderr.strip()
                or Message("exit status {code}", code=str(done.returncode)),
            )
        )


def _check_magic(path: Path, magic: bytes, kind: Message) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(len(magic))
    except OSError as exc:
        raise BackupFailed(
            Message("{path} cannot be read: {detail}", path=str(path), detail=str(exc))
        ) from exc
    if head != magic:
        raise BackupFailed(
            Message(
                "{path} is not a backup of this database: expected {kind}.",
                path=str(path),
                kind=kind,
            )
        )


class BackupAPI(AuthAPI):
    """Backup and restore (mixed into :class:`mapping.store.Store`). Admins or the console."""

    def backup(self, who: Credential, path: Path) -> Path:
        """Write a consistent copy of the whole database to ``path`` (a new file).

        Raises
        ------
        BackupFailed
            If ``path`` exists or the copy fails.
        NotAllowed
            Unless ``who`` is an admin or the console.
        """
        self._authorise(who, "admin")
        path = Path(path)
        if path.exists():
            raise BackupFailed(
                Message("{path} already exists: choose a new file name.", path=str(path))
            )
        partial = path.with_name(path.name + ".partial")
        try:
            if self.db.backend == "sqlite":
                self._backup_sqlite(partial)
            else:
                conninfo, env = _libpq(self.db)
                _run(
                    [pg_tool("pg_dump"), "--format=custom", f"--file={partial}", conninfo],
                    env,
                )
            partial.replace(path)  # a backup file is complete or absent
        finally:
            partial.unlink(missing_ok=True)
        return path

    def _backup_sqlite(self, target: Path) -> None:
        with self.db.translated_errors():
            source = self.db.engine.raw_connection()
        try:
            destination = sqlite3.connect(target)
            try:
                source.driver_connection.backup(destination, pages=BACKUP_PAGES_PER_STEP)
            except sqlite3.Error as exc:
                raise BackupFailed(Message("The backup failed: {detail}", detail=str(exc))) from exc
            finally:
                destination.close()
        finally:
            source.close()

    def restore(self, who: Credential, path: Path) -> None:
        """Replace the whole database with a backup made by :meth:`backup`.

        Every version, user and audit entry after the backup is lost; the
        restored audit log gets a ``restore`` entry.

        Raises
        ------
        BackupFailed
            If ``path`` is not a backup of this kind of database, or the restore fails
            (the database is then unchanged).
        """
        actor = self._authorise(who, "admin")
        path = Path(path)
        if self.db.backend == "sqlite":
            _check_magic(path, SQLITE_MAGIC, Message("a SQLite database file"))
            self._restore_sqlite(path)
        else:
            _check_magic(path, PG_DUMP_MAGIC, Message("a pg_dump custom-format file"))
            conninfo, env = _libpq(self.db)
            _run(
                [
                    pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={conninfo}",
                    str(path),
                ],
                env,
            )
        self.db.dispose()
        upgrade(self.db)
        with self.db.write() as s:
            audit.record(s, self.db.now(), actor.name, "restore", path.name)

    def _restore_sqlite(self, path: Path) -> None:
        try:
            source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
            try:
                source.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise BackupFailed(
                Message(
                    "{path} is not a backup of this database: {detail}",
                    path=str(path),
                    detail=str(exc),
                )
            ) from exc
        self.db.dispose()
        with self.db.translated_errors():
            target = self.db.engine.raw_connection()
        try:
            source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
            try:
                source.backup(target.driver_connection)
            except sqlite3.Error as exc:
                raise BackupFailed(
                    Message("The restore failed: {detail}", detail=str(exc))
                ) from exc
            finally:
                source.close()
        finally:
            target.close()
