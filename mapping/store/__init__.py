"""The registry in a database: versions, publishing, editors, audit, backup (no Streamlit).

Open one :class:`Store` per process and share it::

    from mapping.store import Store
    store = Store.open()                  # $DATABASE_URL, else var/registry.sqlite3;
                                          # migrated, seeded from data/clusters.csv

Everyone (no sign-in):

* ``store.latest_version_number() -> int | None``: cheap; poll it every few
  seconds and reload when it changes.
* ``store.load_version(number=None) -> LoadedVersion``: ``.info``
  (:class:`VersionInfo`) and ``.registry``, the typed frame the map uses,
  identical to :func:`mapping.registry.load_registry` on the same rows.
* ``store.list_versions() -> list[VersionInfo]`` (newest first),
  ``store.version_info(number=None)``, ``store.version_cells(number=None)``
  (text cells, to edit or download).
* ``store.diff(a, b) -> Changes``: ``.added`` / ``.removed`` (text-cell
  frames), ``.changed`` (:class:`ClusterChange` with field-level
  :class:`FieldChange` before/after), ``.to_frame()`` for a CSV.

Editors (``token`` from :meth:`Store.sign_in`; each call checks the role itself):

* ``store.sign_in(name, password) -> SignedIn`` (``.token``, ``.user``,
  ``.expires_at``); raises :class:`SignInRefused` (wrong, throttled, locked).
* ``store.session_user(token) -> UserInfo | None``,
  ``store.require_role(token, role) -> UserInfo`` (raises :class:`NotAllowed`),
  ``store.sign_out(token)``.
* ``store.preview(base_version, rows, mode) -> Preview`` (``.changes``),
  writing nothing.
* ``store.publish(token, rows, mode=..., base_version=N, note=..., source=SourceFile.of(name,
  data), n_read=..., on_progress=...) -> VersionInfo``; raises
  :class:`VersionConflict` when version N is no longer the latest.
* ``store.rollback(token, to_version, base_version=N, note=...) -> VersionInfo``.

Admins: ``list_users``, ``add_user``, ``set_role``, ``set_password``,
``remove_user``, ``audit_log``, ``audit_csv``, ``backup``, ``restore``.

Failures of the database itself raise :class:`StoreUnavailable`; every
exception here is a :class:`StoreError` whose ``str()`` is a message for
people in the current language. The command line: ``python -m mapping.store
--help``.
"""

from mapping.store.audit import ACTIONS, AuditRecord
from mapping.store.auth import (
    LOCK_AFTER_FAILURES,
    LOCK_DURATION,
    ROLE_LABELS,
    SESSION_LIFETIME,
    SLOW_AFTER_FAILURES,
    SLOW_DELAY_S,
    Console,
    SignedIn,
    UserInfo,
)
from mapping.store.changes import Changes, ClusterChange, FieldChange, PublishMode
from mapping.store.engine import DATABASE_URL_ENV, DEFAULT_SQLITE_PATH, Database
from mapping.store.errors import (
    BackupFailed,
    InvalidRows,
    NoChanges,
    NotAllowed,
    SignInRefused,
    StoreError,
    StoreUnavailable,
    UnknownVersion,
    UserError,
    VersionConflict,
)
from mapping.store.publish import Preview, SourceFile
from mapping.store.store import Store
from mapping.store.users import MIN_PASSWORD_LENGTH
from mapping.store.versions import LoadedVersion, VersionInfo

__all__ = [
    "ACTIONS",
    "DATABASE_URL_ENV",
    "DEFAULT_SQLITE_PATH",
    "LOCK_AFTER_FAILURES",
    "LOCK_DURATION",
    "MIN_PASSWORD_LENGTH",
    "ROLE_LABELS",
    "SESSION_LIFETIME",
    "SLOW_AFTER_FAILURES",
    "SLOW_DELAY_S",
    "AuditRecord",
    "BackupFailed",
    "Changes",
    "ClusterChange",
    "Console",
    "Database",
    "FieldChange",
    "InvalidRows",
    "LoadedVersion",
    "NoChanges",
    "NotAllowed",
    "Preview",
    "PublishMode",
    "SignInRefused",
    "SignedIn",
    "SourceFile",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnknownVersion",
    "UserError",
    "UserInfo",
    "VersionConflict",
    "VersionInfo",
]
