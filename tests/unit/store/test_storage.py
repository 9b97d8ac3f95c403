"""AtomicJSONStorage on its own: memory reads, atomic writes, backups, damage, failures."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from reader.fs import remove_stale_temps
from reader.store import aside
from reader.store.storage import AtomicJSONStorage


def open_db(path: Path, **kwargs: object) -> tuple[TinyDB, AtomicJSONStorage]:
    storage = AtomicJSONStorage(path, **kwargs)  # type: ignore[arg-type]
    return TinyDB(storage=lambda: storage), storage


def on_disk(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_round_trip_and_no_temp_files_left(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, _ = open_db(path)
    db.insert({"a": 1})
    db.table("other").insert({"b": "é"})
    assert on_disk(path) == {"_default": {"1": {"a": 1}}, "other": {"1": {"b": "é"}}}
    assert temps(tmp_path) == []
    db2, _ = open_db(path)
    assert db2.all() == [{"a": 1}]


def test_reads_after_the_first_do_not_touch_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, storage = open_db(path)
    db.insert({"a": 1})
    path.write_bytes(b'{"_default": {"1": {"a": "changed behind our back"}}}')
    assert db.all() == [{"a": 1}]
    storage.reload()
    assert db.all() == [{"a": "changed behind our back"}]


def test_backup_holds_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, storage = open_db(path)
    db.insert({"v": 1})
    assert not storage.backup_path.exists()  # nothing good existed before
    db.insert({"v": 2})
    assert on_disk(storage.backup_path) == {"_default": {"1": {"v": 1}}}
    db.insert({"v": 3})
    assert len(on_disk(storage.backup_path)["_default"]) == 2
    assert len(on_disk(path)["_default"]) == 3


def test_backup_falls_back_to_copies_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "db.json"
    db, storage = open_db(path)
    db.insert({"v": 1})
    db.insert({"v": 2})  # the first write after the file exists copies it
    assert on_disk(storage.backup_path) == {"_default": {"1": {"v": 1}}}
    assert temps(tmp_path) == []


def test_stale_temp_files_are_removed_at_open(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"{}")
    ours = [".db.json.abc123.tmp", ".db.json.x.tmp"]
    theirs = [".other.json.abc.tmp", "db.json.tmp", "notes.txt"]
    for name in ours + theirs:
        (tmp_path / name).write_text("partial")
    open_db(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["db.json", *theirs])


def test_read_only_storage_leaves_temp_files_of_the_writer(tmp_path: Path) -> None:
    (tmp_path / ".db.json.abc.tmp").write_text("a live writer's temp file")
    open_db(tmp_path / "db.json", writable=False)
    assert temps(tmp_path) == [".db.json.abc.tmp"]
    assert remove_stale_temps(tmp_path, "db.json") == 1


def test_damaged_file_is_moved_aside_and_the_backup_restored(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, _ = open_db(path)
    db.insert({"v": 1})
    db.insert({"v": 2})
    path.write_bytes(b'{"_default": {"1": {"v": 1}, "2": {"v"')  # a torn write
    notices: list[str] = []
    db2, _ = open_db(path, notices=notices)
    assert db2.all() == [{"v": 1}]
    (aside,) = tmp_path.glob("db.json.corrupt-*")
    assert aside.read_bytes().endswith(b'{"v"')
    assert on_disk(path) == {"_default": {"1": {"v": 1}}}  # restored on disk too
    assert len(notices) == 1
    assert "db.json was damaged" in notices[0] and str(aside) in notices[0]
    assert "restored the backup" in notices[0]


def test_damaged_file_without_backup_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"\x00\x01 not json")
    notices: list[str] = []
    db, _ = open_db(path, notices=notices)
    assert db.all() == []
    assert "no backup, starting empty" in notices[0]
    assert not path.exists() and len(list(tmp_path.glob("db.json.corrupt-*"))) == 1


@pytest.mark.parametrize("content", [b"", b"[1, 2]", b'{"_default": [1]}'])
def test_empty_or_wrongly_shaped_files_count_as_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    notices: list[str] = []
    db, _ = open_db(path, notices=notices)
    assert db.all() == []
    assert notices and "damaged" in notices[0]


def test_moving_aside_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aside, "utc_stamp", lambda: "20240101T000000Z")
    path = tmp_path / "db.json"
    earlier = tmp_path / "db.json.corrupt-20240101T000000Z"
    earlier.write_bytes(b"an earlier damaged copy")
    path.write_bytes(b"{broken")
    db, _ = open_db(path)
    db.all()
    assert earlier.read_bytes() == b"an earlier damaged copy"
    assert (tmp_path / "db.json.corrupt-20240101T000000Z-1").read_bytes() == b"{broken"


def test_read_only_storage_reads_the_backup_but_moves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, _ = open_db(path)
    db.insert({"v": 1})
    db.insert({"v": 2})
    path.write_bytes(b"{broken")
    notices: list[str] = []
    db2, _ = open_db(path, writable=False, notices=notices)
    assert db2.all() == [{"v": 1}]
    assert path.read_bytes() == b"{broken"
    assert list(tmp_path.glob("*.corrupt-*")) == []
    assert "using its backup" in notices[0]


def failing_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)


def test_failed_write_keeps_data_in_memory_and_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    notices: list[str] = []
    db, storage = open_db(path, notices=notices)
    db.insert({"v": 1})
    with monkeypatch.context() as patch:
        failing_replace(patch)
        db.insert({"v": 2})  # does not raise
        db.insert({"v": 3})
        assert storage.dirty and storage.error is not None
        assert storage.retry() is False
    assert len(notices) == 1 and "No space left on device" in notices[0]
    assert "kept in memory" in notices[0]
    assert len(db.all()) == 3
    assert len(on_disk(path)["_default"]) == 1
    assert temps(tmp_path) == []
    assert storage.retry() is True
    assert not storage.dirty and len(on_disk(path)["_default"]) == 3
    assert notices[-1] == "saved db.json again"


def test_hold_defers_writes_until_flush(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db, storage = open_db(path)
    db.insert({"v": 1})
    with storage.hold():
        db.insert({"v": 2})
        db.insert({"v": 3})
    assert storage.dirty and len(on_disk(path)["_default"]) == 1
    assert storage.flush() and len(on_disk(path)["_default"]) == 3


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_a_failed_write_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db, storage = open_db(folder / "db.json")
    db.insert({"v": 1})
    folder.chmod(0o500)
    try:
        db.insert({"v": 2})
        assert storage.dirty and "Permission denied" in (storage.error or "")
    finally:
        folder.chmod(0o700)
    assert storage.retry()
    assert len(on_disk(folder / "db.json")["_default"]) == 2


# -- files of the wrong shape, and the backup that must never receive damage --------
