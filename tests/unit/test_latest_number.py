"""The version watcher's question, asked of the database once a second per process."""

from __future__ import annotations

import threading

import pytest

from components import data
from mapping.i18n import Message
from mapping.store import StoreUnavailable


class FakeStore:
    def __init__(self, number: int | None) -> None:
        self.number = number
        self.asked = 0
        self.down = False

    def latest_version_number(self) -> int | None:
        self.asked += 1
        if self.down:
            raise StoreUnavailable(Message("down"), "connection")
        return self.number


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(data.time, "monotonic", lambda: now[0])
    return now


def test_many_sessions_polling_make_one_query_a_second(monkeypatch, clock):
    fake = FakeStore(3)
    monkeypatch.setattr(data, "store", lambda: fake)
    latest = data._LatestNumber(max_age_s=1.0)
    threads = [threading.Thread(target=latest.get) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fake.asked == 1
    fake.number = 4
    clock[0] += 0.5
    assert latest.get() == 3  # not older than a second: kept
    clock[0] += 0.6
    assert latest.get() == 4
    assert fake.asked == 2


def test_an_unreachable_database_is_reported_and_not_remembered(monkeypatch, clock):
    fake = FakeStore(3)
    monkeypatch.setattr(data, "store", lambda: fake)
    latest = data._LatestNumber(max_age_s=1.0)
    fake.down = True
    with pytest.raises(StoreUnavailable):
        latest.get()
    fake.down = False
    assert latest.get() == 3  # asked again at once, not a second later


def test_another_store_is_asked_at_once(monkeypatch, clock):
    first, second = FakeStore(1), FakeStore(7)
    current = [first]
    monkeypatch.setattr(data, "store", lambda: current[0])
    latest = data._LatestNumber(max_age_s=1.0)
    assert latest.get() == 1
    current[0] = second
    assert latest.get() == 7
