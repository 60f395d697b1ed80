"""Users, sign-in with throttling and locking, sessions and server-side role checks."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest

from mapping.i18n import use_language
from mapping.store import (
    LOCK_AFTER_FAILURES,
    SESSION_LIFETIME,
    SLOW_AFTER_FAILURES,
    SLOW_DELAY_S,
    NotAllowed,
    SignInRefused,
    Store,
    UserError,
)
from mapping.store.auth import token_hash
from mapping.store.models import SignInThrottle, User, UserSession
from tests.store.conftest import CONSOLE, PASSWORD

WRONG = "wrong password!"


def _fail(store: Store, name: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(SignInRefused, match=r"^Wrong name or password\.$"):
            store.sign_in(name, WRONG)


def test_users_are_added_listed_changed_and_removed(store: Store) -> None:
    added = store.add_user(CONSOLE, "  Sara.K ", "editor", PASSWORD)
    store.add_user(CONSOLE, "ali", "admin", PASSWORD)
    assert added.name == "sara.k"
    assert [(u.name, u.role) for u in store.list_users(CONSOLE)] == [
        ("ali", "admin"),
        ("sara.k", "editor"),
    ]
    assert store.set_role(CONSOLE, "SARA.K", "admin").role == "admin"
    store.remove_user(CONSOLE, "sara.k")
    assert [u.name for u in store.list_users(CONSOLE)] == ["ali"]
    with store.db.read() as s:
        stored = s.query(User).one()
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("bad name", "editor", PASSWORD, "'bad name' cannot be a user name: use 1 to 64 letters"),
        ("x" * 65, "editor", PASSWORD, "cannot be a user name"),
        ("sara", "owner", PASSWORD, "'owner' is not a role: use editor or admin."),
        ("sara", "editor", "short", "The password is too short: use at least 10 characters."),
    ],
)
def test_bad_user_requests_are_refused_with_a_reason(store, name, role, password, message):
    with pytest.raises(UserError, match=message):
        store.add_user(CONSOLE, name, role, password)
    assert store.list_users(CONSOLE) == []


def test_duplicate_and_unknown_users(store: Store) -> None:
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    with pytest.raises(UserError, match=re.escape("There is already a user sara.")):
        store.add_user(CONSOLE, "SARA", "admin", PASSWORD)
    with pytest.raises(UserError, match=re.escape("There is no user nobody.")):
        store.remove_user(CONSOLE, "nobody")


def test_persian_user_names_and_messages(store: Store) -> None:
    assert store.add_user(CONSOLE, "سارا", "editor", PASSWORD).name == "سارا"
    with pytest.raises(UserError) as caught:
        store.add_user(CONSOLE, "سارا", "editor", PASSWORD)
    with use_language("fa"):
        assert str(caught.value) == "کاربری به نام سارا از پیش وجود دارد."
    assert caught.value.message.render("en") == "There is already a user سارا."


def test_sign_in_opens_a_session_that_expires(store: Store, clock) -> None:
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    signed = store.sign_in("Sara", PASSWORD)
    assert signed.user.name == "sara" and signed.user.role == "editor"
    assert signed.expires_at == clock.now + SESSION_LIFETIME == clock.now + dt.timedelta(hours=8)
    assert store.require_role(signed.token, "editor").name == "sara"
    with store.db.read() as s:
        [session] = s.query(UserSession).all()
    assert session.token_hash == token_hash(signed.token) != signed.token
    clock.advance(hours=7, minutes=59)
    assert store.session_user(signed.token) is not None
    clock.advance(minutes=2)
    assert store.session_user(signed.token) is None
    with pytest.raises(
        NotAllowed, match=re.escape("Your session has ended: please sign in again.")
    ):
        store.require_role(signed.token, "editor")


def test_sign_out_ends_the_session(store: Store, editor: str) -> None:
    store.sign_out(editor)
    assert store.session_user(editor) is None
    store.sign_out(editor)  # twice is harmless


def test_roles_are_checked_on_the_server_each_time(store: Store, editor: str) -> None:
    with pytest.raises(
        NotAllowed, match=re.escape("Only a signed-in editor can do this: please sign in.")
    ):
        store.require_role(None, "editor")
    with pytest.raises(
        NotAllowed, match=re.escape("Only an admin can do this; editor1 is signed in as an editor.")
    ):
        store.list_users(editor)
    with pytest.raises(NotAllowed):
        store.add_user(editor, "mallory", "admin", PASSWORD)
    store.set_role(CONSOLE, "editor1", "admin")
    assert [u.name for u in store.list_users(editor)] == ["editor1"]  # promoted at once
    store.add_user(CONSOLE, "other", "admin", PASSWORD)
    store.remove_user(CONSOLE, "editor1")
    with pytest.raises(NotAllowed, match="Your session has ended"):
        store.require_role(editor, "editor")


def test_a_password_change_ends_sessions_and_users_may_change_their_own(store, editor) -> None:
    store.add_user(CONSOLE, "other", "editor", PASSWORD)
    with pytest.raises(NotAllowed):
        store.set_password(editor, "other", "another password")
    store.set_password(editor, "editor1", "a brand new password")
    assert store.session_user(editor) is None
    _fail(store, "editor1", 1)
    assert store.sign_in("editor1", "a brand new password").user.name == "editor1"


def test_the_only_admin_cannot_be_removed_or_demoted_from_the_web(store, admin) -> None:
    with pytest.raises(UserError, match="admin1 is the only admin: make someone else an admin"):
        store.set_role(admin, "admin1", "editor")
    with pytest.raises(UserError, match="only admin"):
        store.remove_user(admin, "admin1")
    store.set_role(CONSOLE, "admin1", "editor")  # the console can always repair
    assert store.require_role(admin, "editor").role == "editor"


def test_failures_slow_down_then_lock_the_name(store: Store, clock) -> None:
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    _fail(store, "sara", SLOW_AFTER_FAILURES)
    with pytest.raises(SignInRefused) as caught:
        store.sign_in("sara", PASSWORD)  # even the right password must wait
    assert str(caught.value) == (
        f"Too many failed sign-ins: wait {SLOW_DELAY_S} seconds before trying again."
    )
    assert caught.value.retry_after == SLOW_DELAY_S
    clock.advance(seconds=SLOW_DELAY_S)
    _fail(store, "sara", 1)
    with pytest.raises(SignInRefused, match=f"wait {2 * SLOW_DELAY_S} seconds"):
        store.sign_in("sara", WRONG)
    clock.advance(seconds=2 * SLOW_DELAY_S)
    with pytest.raises(SignInRefused) as caught:
        store.sign_in("sara", WRONG)  # the fifth failure
    assert LOCK_AFTER_FAILURES == 5
    assert str(caught.value) == (
        "Too many failed sign-ins for this name: signing in is locked for 15 more minutes."
    )
    clock.advance(minutes=14)
    with pytest.raises(SignInRefused, match=re.escape("locked for 1 more minute.")):
        store.sign_in("sara", PASSWORD)
    clock.advance(minutes=1)
    assert store.sign_in("sara", PASSWORD).user.name == "sara"
    with store.db.read() as s:
        assert s.get(SignInThrottle, "sara") is None  # success wipes the count


def test_unknown_names_are_throttled_like_known_ones(store: Store) -> None:
    _fail(store, "ghost", SLOW_AFTER_FAILURES)
    with pytest.raises(SignInRefused, match="wait"):
        store.sign_in("ghost", WRONG)


def test_failures_far_apart_do_not_add_up(store: Store, clock) -> None:
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    for _ in range(LOCK_AFTER_FAILURES + 2):
        _fail(store, "sara", 1)
        clock.advance(minutes=16)
    assert store.sign_in("sara", PASSWORD).user.name == "sara"


def test_the_lock_holds_for_every_process(store: Store, database_url: str, clock) -> None:
    """Failures recorded through one store lock the name for another on the same database."""
    store.add_user(CONSOLE, "sara", "editor", PASSWORD)
    other = Store.open(database_url, clock=clock)
    try:
        _fail(store, "sara", 2)
        _fail(other, "sara", 1)
        with pytest.raises(SignInRefused, match="wait"):
            other.sign_in("sara", PASSWORD)
        clock.advance(seconds=SLOW_DELAY_S)
        _fail(store, "sara", 1)
        clock.advance(seconds=2 * SLOW_DELAY_S)
        with pytest.raises(SignInRefused, match="locked"):
            other.sign_in("sara", WRONG)
        with pytest.raises(SignInRefused, match="locked"):
            store.sign_in("sara", PASSWORD)
    finally:
        other.close()


def test_names_no_user_can_have_are_refused_without_a_trace(store: Store) -> None:
    for name in ("x" * 500, "two words", ""):
        with pytest.raises(SignInRefused, match=r"^Wrong name or password\.$"):
            store.sign_in(name, PASSWORD)
    with store.db.read() as s:
        assert s.query(SignInThrottle).count() == 0


def test_simultaneous_failures_on_a_new_name_both_count(store, database_url, clock) -> None:
    other = Store.open(database_url, clock=clock)
    barrier = threading.Barrier(2)
    refusals: list[str] = []

    def attempt(which: Store) -> None:
        barrier.wait(timeout=60)
        try:
            which.sign_in("newcomer", WRONG)
        except SignInRefused as exc:
            refusals.append(exc.message.render("en"))

    threads = [threading.Thread(target=attempt, args=(s,)) for s in (store, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    other.close()
    assert refusals == ["Wrong name or password."] * 2
    with store.db.read() as s:
        assert s.get(SignInThrottle, "newcomer").failures == 2
