"""The command line: users, versions, publish, audit, backup and restore."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from mapping.registry import REGISTRY_PATH
from mapping.store import Store
from mapping.store.cli import main
from tests.conftest import ROOT
from tests.store.conftest import PASSWORD


@pytest.fixture
def cli(database_url: str, monkeypatch, capsys):
    """Run one command on the test database; returns (exit code, stdout, stderr)."""

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--database-url", database_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_users_from_the_command_line(cli, database_url: str) -> None:
    assert cli(
        "users", "add", "Sara", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n"
    ) == (0, "Added sara as editor.\n", "")
    assert cli("users", "set-role", "sara", "admin") == (0, "sara is now admin.\n", "")
    code, out, _ = cli("users", "list")
    assert code == 0 and out.startswith("sara\tadmin\t")
    store = Store.open(database_url)
    assert store.sign_in("sara", PASSWORD).user.role == "admin"
    store.close()
    assert (
        cli("users", "set-password", "sara", "--password-stdin", stdin="a new password\n")[0] == 0
    )
    assert cli("users", "remove", "sara") == (0, "Removed sara.\n", "")
    assert cli("users", "list") == (0, "", "")


def test_refusals_exit_1_with_the_reason(cli) -> None:
    assert cli("users", "add", "sara", "--role", "editor", "--password-stdin", stdin="short\n") == (
        1,
        "",
        "Error: The password is too short: use at least 10 characters.\n",
    )
    assert cli("users", "remove", "ghost") == (1, "", "Error: There is no user ghost.\n")
    code, _, err = cli("--language", "fa", "users", "remove", "ghost")
    assert (code, err) == (1, "خطا: کاربری به نام ghost وجود ندارد.\n")


def test_the_password_prompt_asks_twice(cli, monkeypatch) -> None:
    answers = iter([PASSWORD, "something else"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert cli("users", "add", "sara", "--role", "editor") == (
        1,
        "",
        "Error: The two passwords differ; nothing was changed.\n",
    )
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    assert cli("users", "add", "sara", "--role", "editor")[0] == 0


def test_publish_versions_and_audit(cli, tmp_path) -> None:
    rows = REGISTRY_PATH.read_text(encoding="utf-8").splitlines()
    partial = tmp_path / "q2.csv"
    partial.write_text("\n".join([rows[0], rows[1].replace("UNIDO", "IPI", 1)]) + "\n")
    code, out, err = cli("publish", str(partial), "--mode", "partial", "--note", "Q2")
    assert (code, err) == (0, "")
    assert out == "Published version 2: 15 rows, 0 added, 0 removed, 1 changed.\n"
    code, out, _ = cli("versions")
    assert [line.split("\t")[3:] for line in out.splitlines()] == [
        ["partial", "15 rows (+0 -0 ~1)", "Q2"],
        ["seed", "15 rows (+15 -0 ~0)", "Version 1, from clusters.csv"],
    ]
    log = tmp_path / "audit.csv"
    assert cli("audit", "--action", "publish", "--csv", str(log))[0] == 0
    text = log.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "at,actor,action,target,details"
    assert ",publish,version 2," in text and "seed" not in text


def test_backup_and_restore_from_the_command_line(cli, tmp_path) -> None:
    backup = tmp_path / "backup.bin"
    assert cli("backup", str(backup)) == (0, f"Backed up the registry database to {backup}.\n", "")
    cli("users", "add", "sara", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
    code, out, _ = cli("restore", str(backup))
    assert code == 1 and "Run again with --yes" in out
    assert cli("users", "list")[1].startswith("sara")  # nothing restored without --yes
    assert cli("restore", str(backup), "--yes") == (
        0,
        f"Restored {backup}; the registry is at version 1.\n",
        "",
    )
    assert cli("users", "list") == (0, "", "")


def test_schema_commands(cli) -> None:
    assert cli("init")[0] == 0
    assert cli("downgrade", "-1")[1] == "Schema revision: 0001.\n"
    assert cli("upgrade")[1] == "Schema revision: 0002.\n"


def test_the_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mapping.store", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "users" in done.stdout and "backup" in done.stdout and "restore" in done.stdout
