"""Versions: seeding, loading exactly what the CSV gives, publishing, preview, diff, rollback."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from bench.synthetic import synthetic_registry
from mapping import registry
from mapping.registry import REGISTRY_PATH, load_registry, read_registry_csv, validate_registry
from mapping.store import (
    InvalidRows,
    NoChanges,
    NotAllowed,
    PublishMode,
    SourceFile,
    Store,
    StoreError,
    UnknownVersion,
    VersionConflict,
)
from tests.conftest import good_row
from tests.store.conftest import CONSOLE


def _rows(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in registry.REGISTRY_COLUMNS} for r in rows])


def test_seed_is_version_1_of_the_bundled_file(store: Store, provinces) -> None:
    [info] = store.list_versions()
    assert (info.number, info.mode, info.author) == (1, "seed", "system")
    assert info.source_name == "clusters.csv"
    assert info.source_sha256 == SourceFile.of("x", REGISTRY_PATH.read_bytes()).sha256
    assert (info.n_read, info.n_valid, info.n_rows, info.n_added) == (15, 15, 15, 15)
    assert info.created_at.tzinfo is not None and info.created_at == store.db.now()
    loaded = store.load_version()
    pd.testing.assert_frame_equal(loaded.registry, load_registry(REGISTRY_PATH, provinces))
    assert store.latest_version_number() == 1


def test_opening_again_does_not_seed_again(store: Store, database_url: str) -> None:
    again = Store.open(database_url)
    try:
        assert [v.number for v in again.list_versions()] == [1]
    finally:
        again.close()


def test_a_synthetic_registry_loads_as_its_csv_does(store, editor, provinces, tmp_path) -> None:
    rows = synthetic_registry(2_000, seed=7, provinces=provinces)
    rows.loc[3, "name_fa"] = "  خوشه ۱۲  "  # stripped, as the CSV reader strips
    rows.loc[4, "latitude"] = "۳۲٫۵"  # Persian digits become ASCII ones
    rows.loc[4, "longitude"] = rows.loc[4, "longitude"]
    path = tmp_path / "synthetic.csv"
    rows.to_csv(path, index=False)
    from_csv = validate_registry(read_registry_csv(path), provinces)
    valid_rows = rows.drop(index=[r - 2 for r in from_csv.rejected_rows])
    version = store.publish(
        editor, valid_rows, mode="replace", base_version=1, note="synthetic", n_read=len(rows)
    )
    assert (version.n_read, version.n_valid, version.n_rows) == (
        2_000,
        len(from_csv.valid),
        len(from_csv.valid),
    )
    pd.testing.assert_frame_equal(store.load_version(version.number).registry, from_csv.valid)


def test_replace_publish_counts_and_diff(store: Store, editor: str) -> None:
    cells = store.version_cells(1)
    cells.loc[0, "name_en"] = "Renamed cluster"
    cells.loc[0, "notes"] = "a new note"
    removed_id = cells.loc[1, "cluster_id"]
    cells = pd.concat([cells.drop(index=1), _rows(good_row(cluster_id="new-one"))])
    preview = store.preview(1, cells, PublishMode.REPLACE)
    assert store.latest_version_number() == 1  # a preview writes nothing
    assert (preview.changes.added_ids, preview.changes.removed_ids) == (["new-one"], [removed_id])
    [change] = preview.changes.changed
    assert {(f.column, f.after) for f in change.fields} == {
        ("name_en", "Renamed cluster"),
        ("notes", "a new note"),
    }
    version = store.publish(
        editor,
        cells,
        mode="replace",
        base_version=1,
        note=" Q1 update ",
        source=SourceFile.of("q1.csv", b"data"),
    )
    assert (version.number, version.note, version.author, version.mode) == (
        2,
        "Q1 update",
        "editor1",
        "replace",
    )
    assert (version.n_rows, version.n_added, version.n_removed, version.n_changed) == (15, 1, 1, 1)
    assert version.source_name == "q1.csv" and version.base_number == 1
    diff = store.diff(1, 2)
    assert diff.to_frame().values.tolist() == [
        ["added", "new-one", "Test cluster", "", "", ""],
        ["removed", removed_id, store.version_cells(1).loc[1, "name_en"], "", "", ""],
        [
            "changed",
            change.cluster_id,
            "Renamed cluster",
            "name_en",
            change.fields[0].before,
            "Renamed cluster",
        ],
        ["changed", change.cluster_id, "Renamed cluster", "notes", "", "a new note"],
    ]
    backwards = store.diff(2, 1)
    assert (backwards.added_ids, backwards.removed_ids) == ([removed_id], ["new-one"])


def test_partial_publish_adds_and_updates_but_never_removes(store: Store, editor: str) -> None:
    first = store.version_cells(1).iloc[[0]].copy()
    first["programme_status"] = "in preparation"
    draft = pd.concat([first, _rows(good_row(cluster_id="added-one"))])
    version = store.publish(editor, draft, mode="partial", base_version=1, note="partial")
    cells = store.version_cells(version.number)
    assert len(cells) == 16
    assert cells["cluster_id"].tolist() == [*store.version_cells(1)["cluster_id"], "added-one"]
    assert cells.loc[0, "programme_status"] == "in preparation"
    assert (version.n_added, version.n_removed, version.n_changed, version.n_valid) == (1, 0, 1, 2)


def test_publish_refuses_a_stale_base_naming_the_newer_version(store, editor) -> None:
    draft_a = store.version_cells(1).assign(notes="from A")
    draft_b = store.version_cells(1).assign(notes="from B")
    store.publish(editor, draft_a, mode="replace", base_version=1, note="A")
    with pytest.raises(VersionConflict) as caught:
        store.publish(editor, draft_b, mode="replace", base_version=1, note="B")
    assert (caught.value.base, caught.value.latest) == (1, 2)
    assert str(caught.value) == (
        "Version 2 was published after version 1, which your draft is based on. Your draft "
        "is kept: look at version 2, then preview and publish again."
    )
    assert [v.number for v in store.list_versions()] == [2, 1]
    assert (draft_b["notes"] == "from B").all()  # the caller's draft is untouched


def test_publish_refuses_invalid_rows_and_identical_drafts(store: Store, editor: str) -> None:
    bad = _rows(good_row(), good_row(cluster_id="Bad Id", programme="UNESCO"))
    with pytest.raises(InvalidRows) as caught:
        store.publish(editor, bad, mode="partial", base_version=1, note="x")
    assert str(caught.value).startswith(
        "The draft has 2 problems and cannot be published; the first: row 3, column cluster_id, "
        "value 'Bad Id': expected an id of lower-case letters, digits and hyphens"
    )
    assert {i.column for i in caught.value.issues} == {"cluster_id", "programme"}
    with pytest.raises(NoChanges, match="identical to version 1: there is nothing to publish"):
        store.publish(editor, store.version_cells(1), mode="replace", base_version=1, note="x")
    assert store.latest_version_number() == 1


def test_anonymous_and_expired_sessions_cannot_publish(store: Store, editor: str, clock) -> None:
    draft = store.version_cells(1).assign(notes="x")
    with pytest.raises(
        NotAllowed, match=re.escape("Only a signed-in editor can do this: please sign in.")
    ):
        store.publish(None, draft, mode="replace", base_version=1, note="x")
    with pytest.raises(PermissionError, match="Your session has ended"):
        store.publish("forged-token", draft, mode="replace", base_version=1, note="x")
    clock.advance(hours=9)
    with pytest.raises(
        NotAllowed, match=re.escape("Your session has ended: please sign in again.")
    ):
        store.rollback(editor, 1, base_version=1)
    assert store.latest_version_number() == 1


def test_rollback_publishes_an_old_version_again(store: Store, editor: str) -> None:
    store.publish(
        editor, store.version_cells(1).iloc[:5], mode="replace", base_version=1, note="cut"
    )
    version = store.rollback(editor, 1, base_version=2, note="undo the cut")
    assert (version.number, version.mode, version.restored_from) == (3, "rollback", 1)
    assert (version.n_added, version.n_removed) == (10, 0)
    pd.testing.assert_frame_equal(store.load_version(3).registry, store.load_version(1).registry)
    with pytest.raises(NoChanges):
        store.rollback(editor, 1, base_version=3)
    with pytest.raises(VersionConflict, match="Version 3 was published after version 2"):
        store.rollback(editor, 2, base_version=2)


def test_unknown_versions(store: Store) -> None:
    with pytest.raises(UnknownVersion, match=re.escape("There is no version 7 of the registry.")):
        store.load_version(7)
    with pytest.raises(LookupError):
        store.diff(1, 7)


def test_an_empty_store_has_no_version(database_url: str) -> None:
    empty = Store.open(database_url, seed=None)
    try:
        assert empty.latest_version_number() is None
        with pytest.raises(UnknownVersion, match="No version of the registry has been published"):
            empty.load_version()
        assert empty.list_versions() == []
    finally:
        empty.close()


def test_a_new_registry_column_needs_no_migration(store, editor, monkeypatch) -> None:
    """A column added to the registry is stored in new versions; old ones read it as empty."""
    columns = [*registry.REGISTRY_COLUMNS]
    columns.insert(columns.index("sector") + 1, "sector_fa")
    monkeypatch.setattr(registry, "REGISTRY_COLUMNS", columns)
    monkeypatch.setattr(registry, "OPTIONAL_COLUMNS", [*registry.OPTIONAL_COLUMNS, "sector_fa"])
    old = store.load_version(1).registry
    assert "sector_fa" in old.columns and (old["sector_fa"] == "").all()
    draft = store.version_cells(1)
    draft.loc[0, "sector_fa"] = "چرم"
    version = store.publish(editor, draft, mode="replace", base_version=1, note="Persian sector")
    [change] = store.diff(1, version.number).changed
    assert [(f.column, f.before, f.after) for f in change.fields] == [("sector_fa", "", "چرم")]
    assert store.load_version(version.number).registry.loc[0, "sector_fa"] == "چرم"


def test_the_console_may_publish_and_progress_is_reported(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    draft = store.version_cells(1).assign(notes="console")
    version = store.publish(
        CONSOLE,
        draft,
        mode="replace",
        base_version=1,
        note="x",
        on_progress=lambda *a: seen.append(a),
    )
    assert version.author == "console:tester"
    assert seen == [(15, 15)]


def test_long_ids_and_file_names_are_stored_whole(store: Store, editor: str) -> None:
    long_id = "a" + "-b" * 200
    version = store.publish(
        editor,
        _rows(good_row(cluster_id=long_id)),
        mode="partial",
        base_version=1,
        note="long",
        source=SourceFile.of("x" * 600 + ".csv", b""),
    )
    assert version.source_name == "x" * 600 + ".csv"
    assert store.load_version().registry["cluster_id"].iloc[-1] == long_id


def test_a_province_the_resolver_no_longer_knows_is_a_clear_error(store, monkeypatch) -> None:
    import mapping.store.rows as rows

    def forgetful(name: str) -> str:
        raise rows.UnknownProvinceError(name, [])

    monkeypatch.setattr(rows, "resolve_province", forgetful)
    with pytest.raises(StoreError) as caught:
        store.load_version(1)
    assert str(caught.value).startswith("The stored province name '")
    assert str(caught.value).endswith(
        "is no longer recognised; publish the registry again with a current name."
    )
