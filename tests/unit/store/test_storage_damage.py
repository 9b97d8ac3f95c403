"""AtomicJSONStorage with a shape: a file of the wrong shape is damage, and damage is
never written over nor rotated into the backup, whoever changed the file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from tinydb import TinyDB

from reader.store.batch import WriteFailed, write_all
from reader.store.storage import AtomicJSONStorage

from .test_storage import failing_replace, on_disk, open_db, temps


def only_t(data: dict) -> str | None:
    """A shape for these tests: one table "t" whose records hold an integer "v"."""
    for name, table in data.items():
        if name != "t":
            return f"unknown table {name!r}"
        if any(type(doc.get("v", 0)) is not int for doc in table.values()):
            return "v is not an integer"
    return None


def shaped(path: Path, **kwargs: object) -> tuple[TinyDB, AtomicJSONStorage]:
    db, storage = open_db(path, shape=only_t, **kwargs)
    return db, storage


def two_versions(path: Path) -> bytes:
    """Write {v: 1} then {v: 1}, {v: 2}; returns the backup's bytes (the first version)."""
    db, storage = shaped(path)
    db.table("t").insert({"v": 1})
    db.table("t").insert({"v": 2})
    return storage.backup_path.read_bytes()


RENAMED = b'{"T": {"1": {"v": 1}, "2": {"v": 2}, "3": {"v": 3}}}'
MISTYPED = b'{"t": {"1": {"v": 1}, "2": {"v": "2"}}}'
NOT_JSON = b'{"t": {"1": {"v": 1}, "2": {"v"'


@pytest.mark.parametrize(
    ("damage", "why"),
    [(RENAMED, "wrong shape: unknown table 'T'"), (MISTYPED, "wrong shape: v is not an integer")],
)
def test_wrong_shape_is_damage_the_backup_is_restored(
    tmp_path: Path, damage: bytes, why: str
) -> None:
    path = tmp_path / "db.json"
    two_versions(path)
    path.write_bytes(damage)
    notices: list[str] = []
    db, _ = shaped(path, notices=notices)
    assert db.table("t").all() == [{"v": 1}]
    (aside,) = tmp_path.glob("db.json.corrupt-*")
    assert aside.read_bytes() == damage
    assert notices == [f"db.json was damaged ({why}): moved to {aside}; restored the backup"]


def test_without_a_shape_any_object_of_objects_is_good(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(RENAMED)
    notices: list[str] = []
    db, _ = open_db(path, notices=notices)
    assert len(db.table("T").all()) == 3 and notices == []


def test_a_backup_of_the_wrong_shape_is_not_restored_but_kept(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(NOT_JSON)
    (tmp_path / "db.json.bak").write_bytes(MISTYPED)
    notices: list[str] = []
    db, storage = shaped(path, notices=notices)
    assert db.table("t").all() == []
    (aside,) = tmp_path.glob("db.json.corrupt-*")
    (bak_aside,) = tmp_path.glob("db.json.bak.corrupt-*")
    assert aside.read_bytes() == NOT_JSON and bak_aside.read_bytes() == MISTYPED
    assert not storage.backup_path.exists()
    assert notices == [
        f"db.json was damaged (not valid JSON): moved to {aside}; its backup is damaged too "
        f"(wrong shape: v is not an integer): moved to {bak_aside}; starting empty"
    ]


def test_read_only_storage_does_not_use_a_backup_of_the_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(RENAMED)
    (tmp_path / "db.json.bak").write_bytes(MISTYPED)
    notices: list[str] = []
    db, _ = shaped(path, writable=False, notices=notices)
    assert db.table("t").all() == [] and db.tables() == set()
    assert "its backup is damaged too (wrong shape: v is not an integer)" in notices[0]
    assert path.read_bytes() == RENAMED and list(tmp_path.glob("*.corrupt-*")) == []


@pytest.mark.parametrize("damage", [RENAMED, MISTYPED, NOT_JSON], ids=["renamed", "typed", "json"])
def test_no_write_after_damage_puts_the_damage_into_the_backup(
    tmp_path: Path, damage: bytes
) -> None:
    """The restoring write, later writes, and a later process: ``.bak`` only ever
    holds versions this storage checked or wrote."""
    path = tmp_path / "db.json"
    good = two_versions(path)
    path.write_bytes(damage)
    db, storage = shaped(path)
    assert db.table("t").all() == [{"v": 1}]  # restored (one write) ...
    assert storage.backup_path.read_bytes() == good  # ... without rotating the damage in
    for v in (10, 11):
        db.table("t").insert({"v": v})
        assert storage.backup_path.read_bytes() != damage
        assert only_t(on_disk(storage.backup_path)) is None
    later, _ = shaped(path)  # another process, later
    later.table("t").insert({"v": 12})
    assert [doc["v"] for doc in later.table("t").all()] == [1, 10, 11, 12]
    assert on_disk(storage.backup_path) == {"t": {"1": {"v": 1}, "2": {"v": 10}, "3": {"v": 11}}}
    (aside,) = tmp_path.glob("db.json.corrupt-*")
    assert aside.read_bytes() == damage


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "copies"])
def test_a_file_damaged_behind_an_open_storage_is_not_backed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    if not links:
        def no_links(src: object, dst: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "db.json"
    notices: list[str] = []
    db, storage = shaped(path, notices=notices)
    db.table("t").insert({"v": 1})
    db.table("t").insert({"v": 2})
    good = storage.backup_path.read_bytes()
    path.write_bytes(MISTYPED)  # in place: another program, a bad sync
    db.table("t").insert({"v": 3})
    assert storage.backup_path.read_bytes() == good
    assert [doc["v"] for doc in db.table("t").all()] == [1, 2, 3]
    assert on_disk(path) == {"t": {"1": {"v": 1}, "2": {"v": 2}, "3": {"v": 3}}}
    (aside,) = tmp_path.glob("db.json.corrupt-*")
    assert aside.read_bytes() == MISTYPED
    assert notices == [
        f"db.json was changed on disk and is damaged (wrong shape: v is not an integer): "
        f"moved to {aside}; writing this reader's copy"
    ]
    assert temps(tmp_path) == []


def test_a_good_file_changed_behind_an_open_storage_is_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, storage = shaped(path)
    db.table("t").insert({"v": 1})
    other = b'{"t": {"1": {"v": 7}}}'
    path.write_bytes(other)
    db.table("t").insert({"v": 2})
    assert storage.backup_path.read_bytes() == other
    assert list(tmp_path.glob("*.corrupt-*")) == []


def test_a_failed_restore_leaves_the_damaged_file_for_the_next_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    good = two_versions(path)
    path.write_bytes(RENAMED)
    notices: list[str] = []
    with monkeypatch.context() as patch:
        failing_replace(patch)
        db, storage = shaped(path, notices=notices)
        assert db.table("t").all() == [{"v": 1}] and storage.dirty
    assert "restored the backup" in notices[0] and "No space left" in notices[1]
    assert path.read_bytes() == RENAMED  # not missing: a later process would start empty
    assert storage.backup_path.read_bytes() == good
    again, _ = shaped(path)  # the next process repairs it
    assert again.table("t").all() == [{"v": 1}]
    assert storage.backup_path.read_bytes() == good
    assert [p.read_bytes() for p in tmp_path.glob("db.json.corrupt-*")] == [RENAMED, RENAMED]


def test_a_damaged_file_left_in_place_is_never_written_over(tmp_path: Path) -> None:
    """Read-only storages leave damage for the writer: even when made writable
    later (a batch's ``deferred``), neither a write nor ``write_all`` replaces it."""
    path = tmp_path / "db.json"
    good = two_versions(path)
    path.write_bytes(RENAMED)
    notices: list[str] = []
    db, storage = shaped(path, writable=False, notices=notices)
    assert db.table("t").all() == [{"v": 1}]
    storage.writable = True
    db.table("t").insert({"v": 5})
    assert storage.dirty and "left for the writer to repair" in (storage.error or "")
    with pytest.raises(WriteFailed):
        write_all([storage])
    assert path.read_bytes() == RENAMED and storage.backup_path.read_bytes() == good
    assert temps(tmp_path) == []
