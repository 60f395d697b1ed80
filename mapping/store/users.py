"""Managing users: add, list, change role or password, remove. Admins (or the console) only.

Names are stored folded to lower case (``Sara`` and ``sara`` are one user),
of letters, digits and ``. _ @ -``, up to 64 characters; Persian letters are
letters. Passwords need ``MIN_PASSWORD_LENGTH`` characters. Every change is
audited in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mapping.i18n import Message
from mapping.store import audit
from mapping.store.auth import NAME_PATTERN, AuthAPI, Console, Credential, UserInfo
from mapping.store.errors import UserError
from mapping.store.models import NAME_LENGTH, ROLES, User, UserSession

MIN_PASSWORD_LENGTH = 10


def normalise_name(name: str) -> str:
    """The stored form of a user name; raises :class:`UserError` if it cannot be one."""
    key = name.strip().casefold()
    if not NAME_PATTERN.fullmatch(key):
        raise UserError(
            Message(
                "{name} cannot be a user name: use 1 to {max} letters, digits, dots, hyphens, "
                "underscores or @.",
                name=repr(name),
                max=NAME_LENGTH,
            )
        )
    return key


def check_role(role: str) -> str:
    """``role`` if it is a role, else :class:`UserError`."""
    if role not in ROLES:
        raise UserError(
            Message(
                "{role} is not a role: use editor or admin.",
                role=repr(role),
            )
        )
    return role


def check_password(password: str) -> str:
    """``password`` if it is long enough, else :class:`UserError`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            Message(
                "The password is too short: use at least {n} characters.",
                n=MIN_PASSWORD_LENGTH,
            )
        )
    return password


class UsersAPI(AuthAPI):
    """User management (mixed into :class:`mapping.store.Store`)."""

    def _user(self, s: Session, name: str) -> User:
        user = s.scalars(select(User).where(User.name == normalise_name(name))).one_or_none()
        if user is None:
            raise UserError(Message("There is no user {name}.", name=name))
        return user

    def _keep_an_admin(self, s: Session, who: Credential, user: User) -> None:
        # From the web an admin could otherwise lock every admin out; the console can repair.
        if isinstance(who, Console) or user.role != "admin":
            return
        admins = s.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
        if admins == 1:
            raise UserError(
                Message(
                    "{name} is the only admin: make someone else an admin first.", name=user.name
                )
            )

    def list_users(self, who: Credential) -> list[UserInfo]:
        """Every user, by name. Needs an admin."""
        self._authorise(who, "admin")
        with self.db.read() as s:
            return [UserInfo.of(u) for u in s.scalars(select(User).order_by(User.name))]

    def add_user(self, who: Credential, name: str, role: str, password: str) -> UserInfo:
        """Create a user. Needs an admin.

        Raises
        ------
        UserError
            Bad name, role or password, or the name is taken.
        NotAllowed
            If ``who`` is not an admin.
        """
        actor = self._authorise(who, "admin")
        key, role = normalise_name(name), check_role(role)
        password_hash = self._hasher.hash(check_password(password))
        now = self.db.now()
        try:
            with self.db.write() as s:
                if s.scalars(select(User.id).where(User.name == key)).first() is not None:
                    raise UserError(Message("There is already a user {name}.", name=key))
                user = User(
                    name=key,
                    role=role,
                    password_hash=password_hash,
                    created_at=now,
                    password_changed_at=now,
                )
                s.add(user)
                audit.record(s, now, actor.name, "user_add", key, role=role)
                s.flush()
                info = UserInfo.of(user)
        except IntegrityError as exc:  # added by another process meanwhile
            raise UserError(Message("There is already a user {name}.", name=key)) from exc
        return info

    def set_role(self, who: Credential, name: str, role: str) -> UserInfo:
        """Give a user another role. Needs an admin; the web cannot demote the only admin."""
        actor = self._authorise(who, "admin")
        role = check_role(role)
        with self.db.write() as s:
            user = self._user(s, name)
            if role != user.role:
                self._keep_an_admin(s, who, user)
                audit.record(
                    s,
                    self.db.now(),
                    actor.name,
                    "user_set_role",
                    user.name,
                    before=user.role,
                    after=role,
                )
                user.role = role
            return UserInfo.of(user)

    def set_password(self, who: Credential, name: str, password: str) -> None:
        """Set a user's password: an admin for anyone, a signed-in user for themselves.

        The user's sessions end, so a stolen session dies with the old password.
        """
        try:
            actor = self._authorise(who, "admin")
        except PermissionError:
            actor = self._authorise(who, "editor")
            if actor.name != normalise_name(name):
                raise
        password_hash = self._hasher.hash(check_password(password))
        now = self.db.now()
        with self.db.write() as s:
            user = self._user(s, name)
            user.password_hash, user.password_changed_at = password_hash, now
            s.execute(delete(UserSession).where(UserSession.user_id == user.id))
            audit.record(s, now, actor.name, "user_set_password", user.name)

    def remove_user(self, who: Credential, name: str) -> None:
        """Remove a user and end their sessions. Needs an admin.

        Versions keep their author's name; the audit log keeps the history.
        """
        actor = self._authorise(who, "admin")
        with self.db.write() as s:
            user = self._user(s, name)
            self._keep_an_admin(s, who, user)
            audit.record(s, self.db.now(), actor.name, "user_remove", user.name, role=user.role)
            s.delete(user)
