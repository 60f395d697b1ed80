"""Editors in a real browser: sign in, upload, preview, publish; readers see the new
version by themselves; What changed lists it; wrong passwords are refused, then locked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from mapping.registry import REGISTRY_PATH
from tests.browser.conftest import Visit
from tools.appserver import ROOT, AppServer

pytestmark = pytest.mark.browser

EDITOR, PASSWORD = "maryam", "correct horse battery"
READER_UPDATE_BOUND_S = 20  # the watcher polls every 2 s; generous for a busy 2-core machine


def store_cli(database_url: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mapping.store", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        timeout=120,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A server with its own database, an editor, and a registry file to publish."""
    folder = tmp_path_factory.mktemp("desk")
    url = f"sqlite:///{folder / 'registry.sqlite3'}"
    store_cli(url, "init")
    store_cli(url, "users", "add", EDITOR, "--role", "editor", "--password-stdin", stdin=PASSWORD)
    registry = pd.read_csv(REGISTRY_PATH, dtype=str, keep_default_na=False)
    registry.loc[registry["cluster_id"].eq("tabriz-leather"), "name_en"] = "Tabriz tanneries"
    registry = registry[registry["cluster_id"].ne("bam-date")]
    new_file = folder / "next-version.csv"
    registry.to_csv(new_file, index=False)
    server = AppServer(env={"DATABASE_URL": url})
    yield server, url, new_file
    server.stop()


def sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_publish_is_seen_by_readers_and_listed_in_what_changed(desk, visit, browser):
    server, _url, new_file = desk
    reader = Visit(browser.new_context(viewport={"width": 1400, "height": 1000}).new_page())
    try:
        reader.page.goto(f"{server.url}/?lang=en")
        expect(reader.page.get_by_text("15 of 15")).to_be_visible()

        page = visit.page
        page.goto(f"{server.url}/editor?lang=en")
        sign_in(page, EDITOR, PASSWORD)
        expect(page.get_by_text("Signed in as maryam (editor)")).to_be_visible()
        page.locator("input[type=file]").set_input_files(str(new_file))
        page.get_by_role("button", name="Prepare the draft").click()
        expect(page.get_by_text("Your draft")).to_be_visible()
        # The preview: one removed (Bam), one changed (Tabriz leather's name).
        expect(page.get_by_test_id("stMetricValue").filter(has_text="1")).to_have_count(2)
        page.get_by_label("Note for the version list").fill("Bam removed; Tabriz renamed")
        page.get_by_role("button", name="Publish as a new version").click()
        published = time.monotonic()
        expect(page.get_by_text("Published version 2 (14 clusters).")).to_be_visible()

        # The reader does nothing: the page brings in version 2 by itself.
        expect(reader.page.get_by_text("14 of 14")).to_be_visible(
            timeout=READER_UPDATE_BOUND_S * 1000
        )
        print(f"reader saw version 2 {time.monotonic() - published:.1f} s after publishing")

        page.goto(f"{server.url}/changes?lang=en")
        expect(page.get_by_text("From version 1 to version 2.")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the changes (CSV)").click()
        changes = pd.read_csv(
            info.value.path(), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        kinds = zip(changes["change"], changes["cluster_id"], changes["column"], strict=True)
        assert sorted(kinds) == [
            ("changed", "tabriz-leather", "name_en"),
            ("removed", "bam-date", ""),
        ]
        # A link pinned to version 1 says so, and shows version 1.
        reader.page.goto(f"{server.url}/?lang=en&version=1")
        expect(reader.page.get_by_text("You are looking at version 1")).to_be_visible()
        expect(reader.page.get_by_text("15 of 15")).to_be_visible()
        assert visit.outside_requests() == [] and reader.outside_requests() == []
    finally:
        reader.page.context.close()


def test_wrong_passwords_are_refused_then_locked(desk, visit):
    server, url, _file = desk
    page = visit.page
    page.goto(f"{server.url}/editor?lang=en")
    # Generous: five refusals with waits of 2 s and 4 s between them, each a
    # page run, on a machine another test run may share.
    deadline = time.monotonic() + 180
    refusal = page.get_by_test_id("stAlertContentError")
    text = ""
    while "locked" not in text:
        assert time.monotonic() < deadline, f"five wrong passwords never locked the name: {text}"
        before = text
        sign_in(page, EDITOR, "not the password")
        expect(refusal).to_be_visible()
        # The refusal of this attempt, not the one still shown from the last.
        page.wait_for_function(
            "([sel, old]) => { const e = document.querySelector(sel);"
            " return e && (e.innerText !== old || !document.querySelector("
            "'[data-test-script-state=running]')); }",
            arg=['[data-testid="stAlertContentError"]', before],
        )
        text = refusal.inner_text()
        assert "Wrong name or password" in text or "wait" in text or "locked" in text, text
        waiting = re.search(r"wait (\d+) second", text)
        if waiting:
            # Throttled: the page says how long; that long passes before the next try.
            page.wait_for_timeout(1000 * int(waiting.group(1)) + 300)
    # Locked: even the right password is refused now.
    sign_in(page, EDITOR, PASSWORD)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("locked")
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    audit = store_cli(url, "audit", "--action", "sign_in_failed")
    assert audit.count(EDITOR) >= 5
    # An anonymous visitor has no way to publish: no uploader, no publish button.
    assert page.locator("input[type=file]").count() == 0
    assert page.get_by_role("button", name="Publish as a new version").count() == 0


def test_read_only_file_has_nothing_to_publish(tmp_path, visit):
    registry = Path(tmp_path / "clusters.csv")
    registry.write_bytes(REGISTRY_PATH.read_bytes())
    fresh = AppServer(env={"CLUSTER_REGISTRY": str(registry)})
    try:
        visit.page.goto(f"{fresh.url}/editor?lang=en")
        expect(visit.page.get_by_text("read-only (CLUSTER_REGISTRY)")).to_be_visible()
        assert visit.page.get_by_role("textbox", name="Password").count() == 0
    finally:
        fresh.stop()
