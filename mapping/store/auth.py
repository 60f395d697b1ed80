"""Editors and admins: passwords, sign-in with throttling, sessions, and role checks.

Passwords are hashed with argon2id (``argon2-cffi``'s defaults, rehashed on
sign-in when those defaults grow). Failed sign-ins are counted per name in
the database, so the limits hold across every app process: from the
``SLOW_AFTER_FAILURES``-th failure on, the next attempt must wait
``SLOW_DELAY_S`` seconds, doubling with each failure; at
``LOCK_AFTER_FAILURES`` the name is locked for ``LOCK_DURATION``. Unknown
names are counted too, and refused with the same message and in the same
time as a wrong password, so names cannot be probed.

A sign-in returns a random token; the database keeps only its sha256, with
the user and an expiry (``SESSION_LIFETIME``). Every editing action takes the
token and checks the role itself (:meth:`AuthAPI.require_role`), reading the
user's current role each time, so a removed or demoted user loses the right
at once, on every process.

The command line acts as :class:`Console`: whoever can run it on the server
can already open the database, so it acts as an admin, under the name
``console:<system user>`` in the audit log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mapping.i18n import N_, Message, nmessage
from mapping.store import audit
from mapping.store.engine import Database
from mapping.store.errors import NotAllowed, SignInRefused, lock_message
from mapping.store.models import NAME_LENGTH, ROLES, SignInThrottle, User, UserSession

ROLE_LABELS = {"editor": N_("editor"), "admin": N_("admin")}
ROLE_RANK = {"editor": 1, "admin": 2}
SESSION_LIFETIME = dt.timedelta(hours=8)
SLOW_AFTER_FAILURES = 3
SLOW_DELAY_S = 2
LOCK_AFTER_FAILURES = 5
LOCK_DURATION = dt.timedelta(minutes=15)
# Failures further apart than this do not add up.
FAILURE_MEMORY = dt.timedelta(minutes=15)
TOKEN_BYTES = 32
# What a user name may be (stored folded to lower case); Persian letters are letters.
NAME_PATTERN = re.compile(rf"^[\w.@-]{{1,{NAME_LENGTH}}}$")


@dataclass(frozen=True)
class Console:
    """The command line on the server, acting as an admin."""

    name: str

    @classmethod
    def current(cls) -> Console:
        """The system user running this command."""
        return cls(getpass.getuser())

    @property
    def audit_name(self) -> str:
        """How the console appears in the audit log."""
        return f"console:{self.name}"


@dataclass(frozen=True)
class UserInfo:
    """A user as the API returns it (never with the password hash)."""

    id: int
    name: str
    role: str
    created_at: dt.datetime
    password_changed_at: dt.datetime

    @classmethod
    def of(cls, user: User) -> UserInfo:
        """The public fields of a stored user."""
        return cls(user.id, user.name, user.role, user.created_at, user.password_changed_at)


@dataclass(frozen=True)
class Actor:
    """Who does an editing action: a signed-in user or the console."""

    name: str
    role: str
    user: UserInfo | None = None


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: keep ``token`` in the session and pass it to every action."""

    token: str
    user: UserInfo
    expires_at: dt.datetime


Credential = str | Console | None


def token_hash(token: str) -> str:
    """The form in which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def role_label(role: str) -> Message:
    """A role's name for the interface, translated when shown."""
    return Message(ROLE_LABELS[role])


def _throttle_state(
    row: SignInThrottle | None, now: dt.datetime
) -> tuple[int, Message | None, float]:
    """(failures that still count, refusal message or None, seconds to wait)."""
    if row is None:
        return 0, None, 0.0
    if row.locked_until is not None:
        if now < row.locked_until:
            wait = (row.locked_until - now).total_seconds()
            return row.failures, lock_message(row.locked_until, now), wait
        return 0, None, 0.0  # a lock served wipes the slate
    if now - row.last_failure_at > FAILURE_MEMORY:
        return 0, None, 0.0
    if row.failures >= SLOW_AFTER_FAILURES:
        delay = dt.timedelta(seconds=SLOW_DELAY_S * 2 ** (row.failures - SLOW_AFTER_FAILURES))
        if now < row.last_failure_at + delay:
            wait = (row.last_failure_at + delay - now).total_seconds()
            seconds = max(1, int(wait + 0.999))
            return (
                row.failures,
                nmessage(
                    "Too many failed sign-ins: wait {n} second before trying again.",
                    "Too many failed sign-ins: wait {n} seconds before trying again.",
                    n=seconds,
                ),
                wait,
            )
    return row.failures, None, 0.0


class AuthAPI:
    """Sign-in, sessions and role checks (mixed into :class:`mapping.store.Store`)."""

    db: Database

    @cached_property
    def _hasher(self) -> PasswordHasher:
        return PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        # Verified against for unknown names, so they take as long as known ones.
        return self._hasher.hash(secrets.token_urlsafe(16))

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def sign_in(self, name: str, password: str) -> SignedIn:
        """Check a name and password; on success open a session.

        Returns
        -------
        SignedIn
            The session token (keep it, pass it to every editing action), the
            user and when the session expires.

        Raises
        ------
        SignInRefused
            Wrong name or password; or too many recent failures for this name
            (``retry_after`` says how many seconds to wait).
        StoreUnavailable
            If the database cannot be used.
        """
        key = name.strip().casefold()
        now = self.db.now()
        if not NAME_PATTERN.fullmatch(key):
            # No user can have this name: refuse in the usual time, recording nothing.
            self._verify(self._dummy_hash, password)
            raise SignInRefused(Message("Wrong name or password."))
        with self.db.read() as s:
            row = s.get(SignInThrottle, key)
            _, refusal, wait = _throttle_state(row, now)
            user = s.scalars(select(User).where(User.name == key)).one_or_none()
            password_hash = user.password_hash if user is not None else self._dummy_hash
        if refusal is not None:
            with self.db.write() as s:
                audit.record(s, now, key, "sign_in_refused", key, wait_s=round(wait))
            raise SignInRefused(refusal, retry_after=wait)
        if self._verify(password_hash, password) and user is not None:
            with self.db.write() as s:
                return self._open_session(s, user, password, now)
        locked_until = self._record_failure(key, now)
        if locked_until is not None:
            raise SignInRefused(
                lock_message(locked_until, now), retry_after=LOCK_DURATION.total_seconds()
            )
        raise SignInRefused(Message("Wrong name or password."))

    def sign_in_verified(self, name: str, provider: str) -> SignedIn:
        """Open a session for a user whose identity an identity provider has verified.

        For offices that sign people in with their own identity provider
        (Streamlit's ``st.login``, OpenID Connect): the provider says who
        someone is, the registry's users say what they may do. ``name`` is the
        identity the provider gives (an e-mail address); it must be the name of
        a user here, added by an admin with a role.

        Raises
        ------
        SignInRefused
            When no user has that name.
        """
        key = name.strip().casefold()
        now = self.db.now()
        with self.db.write() as s:
            user = s.scalars(select(User).where(User.name == key)).one_or_none()
            if user is None or not NAME_PATTERN.fullmatch(key):
                audit.record(s, now, key, "sign_in_failed", key, via=provider)
                raise SignInRefused(
                    Message(
                        "{name} is not an editor of this registry; an admin can add them.",
                        name=name,
                    )
                )
            return self._open_session(s, user, "", now)

    def _record_failure(self, key: str, now: dt.datetime) -> dt.datetime | None:
        """Count a failed sign-in for ``key``; the end of its lock if this one locks it."""
        for attempt in range(2):
            try:
                with self.db.write() as s:
                    row = s.get(SignInThrottle, key, with_for_update=True)
                    failures = _throttle_state(row, now)[0] + 1
                    if row is None:
                        row = SignInThrottle(name=key, failures=0, last_failure_at=now)
                        s.add(row)
                    locked = now + LOCK_DURATION if failures >= LOCK_AFTER_FAILURES else None
                    row.failures, row.last_failure_at, row.locked_until = failures, now, locked
                    audit.record(s, now, key, "sign_in_failed", key, failures=failures)
                return locked
            except IntegrityError:
                # A failure for the same new name committed first; count on top of it.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _open_session(self, s: Session, user: User, password: str, now: dt.datetime) -> SignedIn:
        s.execute(delete(SignInThrottle).where(SignInThrottle.name == user.name))
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + SESSION_LIFETIME
        # Sessions that ended are of no use to anyone; sign-ins are rare enough to sweep here.
        s.execute(delete(UserSession).where(UserSession.expires_at <= now))
        s.add(
            UserSession(
                token_hash=token_hash(token), user_id=user.id, created_at=now, expires_at=expires
            )
        )
        if password and self._hasher.check_needs_rehash(user.password_hash):
            s.get_one(User, user.id).password_hash = self._hasher.hash(password)
        audit.record(s, now, user.name, "sign_in", user.name)
        return SignedIn(token, UserInfo.of(user), expires)

    def sign_out(self, token: str) -> None:
        """End a session (nothing happens if it has already ended)."""
        now = self.db.now()
        with self.db.write() as s:
            found = s.execute(
                select(User.name)
                .join(UserSession)
                .where(UserSession.token_hash == token_hash(token))
            ).scalar_one_or_none()
            s.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))
            if found is not None:
                audit.record(s, now, found, "sign_out", found)

    def session_user(self, token: str | None) -> UserInfo | None:
        """The user of a live session, or None if the token is unknown or expired."""
        if not token:
            return None
        with self.db.read() as s:
            return self._session_user(s, token)

    def _session_user(self, s: Session, token: str) -> UserInfo | None:
        user = s.execute(
            select(User)
            .join(UserSession)
            .where(UserSession.token_hash == token_hash(token))
            .where(UserSession.expires_at > self.db.now())
        ).scalar_one_or_none()
        return None if user is None else UserInfo.of(user)

    def require_role(self, token: str | None, role: str) -> UserInfo:
        """The session's user if it holds ``role`` (an admin holds ``editor`` too).

        Raises
        ------
        NotAllowed
            No session, an expired one, or too low a role; the message says which.
        """
        if role not in ROLE_RANK:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        if not token:
            raise NotAllowed(
                Message(
                    "Only a signed-in {role} can do this: please sign in.", role=role_label(role)
                )
            )
        user = self.session_user(token)
        if user is None:
            raise NotAllowed(Message("Your session has ended: please sign in again."))
        if ROLE_RANK[user.role] < ROLE_RANK[role]:
            raise NotAllowed(
                Message(
                    "Only an {role} can do this; {name} is signed in as an {their_role}.",
                    role=role_label(role),
                    name=user.name,
                    their_role=role_label(user.role),
                )
            )
        return user

    def _authorise(self, who: Credential, role: str) -> Actor:
        """The actor behind a token or the console, if allowed ``role`` (else NotAllowed)."""
        if isinstance(who, Console):
            return Actor(who.audit_name, "admin")
        user = self.require_role(who, role)
        return Actor(user.name, user.role, user)
