"""What can go wrong in the registry store, as exceptions that carry a message for people.

Every exception here holds a :class:`~mapping.i18n.Message` in ``.message``;
``str(exc)`` renders it in the current interface language, so a page can show
``st.error(str(exc))`` and a command can print it. The types say what the
caller should do:

* :class:`StoreUnavailable`: the database cannot be used right now (locked,
  missing, damaged, unreachable). Keep showing the last version loaded and
  show the message.
* :class:`VersionConflict`: someone published since the draft was based;
  keep the draft, show the message, let the editor look at the new version.
* :class:`NotAllowed` (a :class:`PermissionError`): the action needs a
  signed-in editor or admin.
* :class:`SignInRefused`: wrong name or password, or too many failures.
* :class:`InvalidRows`, :class:`NoChanges`, :class:`UnknownVersion`,
  :class:`UserError`: the request itself cannot be carried out.
"""

from __future__ import annotations

import datetime as dt

from mapping.i18n import Message, nmessage
from mapping.registry import ValidationIssue


class StoreError(Exception):
    """Base class: a registry-store failure with a translatable message."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.msgid)

    def __str__(self) -> str:
        return self.message.render()


class StoreUnavailable(StoreError):
    """The database cannot be read or written now.

    ``kind`` is one of ``locked``, ``missing``, ``corrupt``, ``unreachable``
    or ``failed``; ``detail`` keeps the driver's own words for the log.
    """

    def __init__(self, message: Message, kind: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


class VersionConflict(StoreError):
    """The draft was based on ``base`` but version ``latest`` has been published since."""

    def __init__(self, base: int | None, latest: int) -> None:
        if base is None:
            message = Message(
                "Version {latest} was published while you prepared this draft. Your draft is "
                "kept: look at version {latest}, then preview and publish again.",
                latest=latest,
            )
        else:
            message = Message(
                "Version {latest} was published after version {base}, which your draft is "
                "based on. Your draft is kept: look at version {latest}, then preview and "
                "publish again.",
                latest=latest,
                base=base,
            )
        super().__init__(message)
        self.base = base
        self.latest = latest


class NotAllowed(StoreError, PermissionError):
    """The action needs a valid session with a sufficient role."""


class SignInRefused(StoreError):
    """A sign-in that did not succeed. ``retry_after`` (seconds) is set when throttled or locked."""

    def __init__(self, message: Message, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidRows(StoreError, ValueError):
    """Rows given for publishing that do not pass the registry's validation."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        first = issues[0]
        super().__init__(
            nmessage(
                "The draft has {n} problem and cannot be published: row {row}, column "
                "{column}, value {value}: {problem}",
                "The draft has {n} problems and cannot be published; the first: row {row}, "
                "column {column}, value {value}: {problem}",
                n=len(issues),
                row=first.row,
                column=first.column,
                value=repr(first.value),
                problem=first.problem,
            )
        )
        self.issues = issues


class NoChanges(StoreError):
    """The draft is identical to the version it is based on."""

    def __init__(self, base: int) -> None:
        super().__init__(
            Message(
                "The draft is identical to version {version}: there is nothing to publish.",
                version=base,
            )
        )
        self.base = base


class UnknownVersion(StoreError, LookupError):
    """A version number that was never published (``None``: nothing is published yet)."""

    def __init__(self, number: int | None) -> None:
        if number is None:
            message = Message("No version of the registry has been published yet.")
        else:
            message = Message("There is no version {version} of the registry.", version=number)
        super().__init__(message)
        self.number = number


class UserError(StoreError, ValueError):
    """A user-management request that cannot be carried out (the message says why)."""


def lock_message(until: dt.datetime, now: dt.datetime) -> Message:
    """The message for a name locked after too many failed sign-ins."""
    minutes = max(1, round((until - now).total_seconds() / 60))
    return nmessage(
        "Too many failed sign-ins for this name: signing in is locked for {n} more minute.",
        "Too many failed sign-ins for this name: signing in is locked for {n} more minutes.",
        n=minutes,
    )


class BackupFailed(StoreError):
    """A backup or restore that did not complete; the database is unchanged."""
