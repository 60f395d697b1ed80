"""The command line of the registry store: ``python -m mapping.store COMMAND``.

Commands (``--help`` on any of them for details)::

    init                             create or migrate the database, seed version 1
    upgrade [REVISION]               migrate the schema (default: newest)
    downgrade REVISION               migrate back (-1: one step)
    users add NAME --role editor     password from a prompt, or --password-stdin
    users list
    users set-role NAME ROLE
    users set-password NAME          password from a prompt, or --password-stdin
    users remove NAME
    versions                         the published versions, newest first
    publish FILE --note TEXT         publish a registry CSV (--mode replace|partial)
    audit [--action A] [--csv PATH]  the audit log, or write it as CSV
    backup PATH                      a consistent copy of the whole database
    restore PATH --yes               replace the database with a backup

The database is ``--database-url``, else ``$DATABASE_URL``, else
``var/registry.sqlite3``. The command line acts as an admin (see
:class:`mapping.store.auth.Console`). Messages are in English unless
``--language fa``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from mapping.i18n import LANGUAGES, Message, use_language
from mapping.registry import RegistryError, read_registry_csv
from mapping.store import migrate
from mapping.store.audit import ACTIONS
from mapping.store.auth import Console
from mapping.store.changes import PublishMode
from mapping.store.engine import Database
from mapping.store.errors import StoreError, UserError
from mapping.store.models import ROLES
from mapping.store.publish import SourceFile
from mapping.store.store import Store

CLI_LANGUAGE = "en"


def _say(message: Message) -> None:
    print(message.render())


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(Message("Password: ").render())
    if getpass.getpass(Message("The same password again: ").render()) != first:
        raise UserError(Message("The two passwords differ; nothing was changed."))
    return first


def _store(args: argparse.Namespace) -> Store:
    return Store.open(args.database_url)


def cmd_init(args: argparse.Namespace) -> int:
    """Create or migrate the database and seed version 1."""
    store = _store(args)
    _say(
        Message(
            "The registry database {db} is at version {version}.",
            db=store.db.display_name(),
            version=store.latest_version_number() or 0,
        )
    )
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """Migrate the schema up to a revision."""
    db = Database(args.database_url)
    migrate.upgrade(db, args.revision)
    _say(Message("Schema revision: {revision}.", revision=migrate.current_revision(db) or "-"))
    return 0


def cmd_downgrade(args: argparse.Namespace) -> int:
    """Migrate the schema down to a revision."""
    db = Database(args.database_url, create=False)
    migrate.downgrade(db, args.revision)
    _say(Message("Schema revision: {revision}.", revision=migrate.current_revision(db) or "-"))
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    """List, add, change or remove users."""
    store, me = _store(args), Console.current()
    if args.action == "list":
        for user in store.list_users(me):
            print(f"{user.name}\t{user.role}\t{user.created_at:%Y-%m-%d %H:%M} UTC")
    elif args.action == "add":
        user = store.add_user(me, args.name, args.role, _password(args))
        _say(Message("Added {name} as {role}.", name=user.name, role=user.role))
    elif args.action == "set-role":
        user = store.set_role(me, args.name, args.role)
        _say(Message("{name} is now {role}.", name=user.name, role=user.role))
    elif args.action == "set-password":
        store.set_password(me, args.name, _password(args))
        _say(Message("The password of {name} is changed; their sessions ended.", name=args.name))
    elif args.action == "remove":
        store.remove_user(me, args.name)
        _say(Message("Removed {name}.", name=args.name))
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    """Print the published versions, newest first."""
    for v in _store(args).list_versions():
        print(
            f"{v.number}\t{v.created_at:%Y-%m-%d %H:%M} UTC\t{v.author}\t{v.mode}\t"
            f"{v.n_rows} rows (+{v.n_added} -{v.n_removed} ~{v.n_changed})\t{v.note}"
        )
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish a registry CSV as the next version."""
    store = _store(args)
    rows = read_registry_csv(args.file)
    version = store.publish(
        Console.current(),
        rows,
        mode=args.mode,
        base_version=store.latest_version_number(),
        note=args.note,
        source=SourceFile.of(args.file.name, args.file.read_bytes()),
    )
    _say(
        Message(
            "Published version {version}: {rows} rows, {added} added, {removed} removed, "
            "{changed} changed.",
            version=version.number,
            rows=version.n_rows,
            added=version.n_added,
            removed=version.n_removed,
            changed=version.n_changed,
        )
    )
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the audit log, or write it as CSV."""
    store, me = _store(args), Console.current()
    since = dt.datetime.fromisoformat(args.since).replace(tzinfo=dt.UTC) if args.since else None
    filters = {"action": args.action, "actor": args.actor, "since": since}
    if args.csv:
        args.csv.write_bytes(store.audit_csv(me, **filters))
        _say(Message("Wrote the audit log to {path}.", path=str(args.csv)))
        return 0
    for entry in store.audit_log(me, **filters):
        print(
            f"{entry.at:%Y-%m-%d %H:%M:%S}\t{entry.actor or ''}\t{entry.action}\t"
            f"{entry.target or ''}\t{entry.details}"
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the whole database to a new file."""
    path = _store(args).backup(Console.current(), args.path)
    _say(Message("Backed up the registry database to {path}.", path=str(path)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a backup (only with --yes)."""
    if not args.yes:
        _say(
            Message(
                "A restore replaces every version, user and audit entry with the backup's. "
                "Run again with --yes to go ahead."
            )
        )
        return 1
    store = _store(args)
    store.restore(Console.current(), args.path)
    _say(
        Message(
            "Restored {path}; the registry is at version {version}.",
            path=str(args.path),
            version=store.latest_version_number() or 0,
        )
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line's arguments and subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m mapping.store", description="The cluster registry's database."
    )
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else var/registry.sqlite3")
    parser.add_argument("--language", choices=LANGUAGES, default=CLI_LANGUAGE)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create or migrate the database, seed version 1")
    up = commands.add_parser("upgrade", help="migrate the schema")
    up.add_argument("revision", nargs="?", default="head")
    down = commands.add_parser("downgrade", help="migrate the schema back")
    down.add_argument("revision", help="a revision, -1 for one step, base for empty")

    users = commands.add_parser("users", help="editors and admins")
    actions = users.add_subparsers(dest="action", required=True)
    actions.add_parser("list")
    add = actions.add_parser("add")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    role = actions.add_parser("set-role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    password = actions.add_parser("set-password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    actions.add_parser("remove").add_argument("name")

    commands.add_parser("versions", help="the published versions")
    publish = commands.add_parser("publish", help="publish a registry CSV as the next version")
    publish.add_argument("file", type=Path)
    publish.add_argument("--note", required=True)
    publish.add_argument("--mode", choices=[m.value for m in PublishMode], default="replace")
    log = commands.add_parser("audit", help="the audit log")
    log.add_argument("--action", choices=sorted(ACTIONS))
    log.add_argument("--actor")
    log.add_argument("--since", help="a date or time (UTC), e.g. 2026-01-31")
    log.add_argument("--csv", type=Path, help="write the entries to this CSV file")
    commands.add_parser("backup", help="copy the whole database").add_argument("path", type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path", type=Path)
    restore.add_argument("--yes", action="store_true", help="confirm: the current data is lost")
    return parser


COMMANDS = {
    "init": cmd_init,
    "upgrade": cmd_upgrade,
    "downgrade": cmd_downgrade,
    "users": cmd_users,
    "versions": cmd_versions,
    "publish": cmd_publish,
    "audit": cmd_audit,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 with a message on stderr when it cannot be done."""
    args = build_parser().parse_args(argv)
    with use_language(args.language):
        try:
            return COMMANDS[args.command](args)
        except (StoreError, RegistryError) as exc:
            print(Message("Error: {problem}", problem=str(exc)).render(), file=sys.stderr)
            return 1
