"""Offline copies of web pages: kept under the data folder, written only under its lock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader import fs
from reader.store import pages as pages_module
from reader.store import paths
from reader.store.lock import StoreLock
from reader.store.pages import BUSY, MemoryPages, OfflinePages
from reader.store.store import Store

URI = "https://example.com/story"
TEXT = "Story\n\nThe harbour flooded overnight.\n"


def record(uri: str = URI, **extra: Any) -> dict[str, Any]:
    return {"uri": uri, "title": "Story", "fetched": "2024-05-20T10:12:00+00:00", **extra}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _lock_is_held(root: Path) -> bool:
    """Whether someone (this process included) holds the folder's lock right now."""
    probe = StoreLock(paths.lock_path(root))
    if probe.acquire(0):
        probe.release()
        return False
    return True


@pytest.fixture
def watched_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, bool]]:
    """Every file the copies write, with whether the data folder's lock was held then."""
    seen: list[tuple[Path, bool]] = []
    real = fs.write_atomic

    def watching(path: Path, data: str | bytes, **kwargs: Any) -> None:
        root = Path(path).parent.parent
        seen.append((Path(path), _lock_is_held(root)))
        real(path, data, **kwargs)

    monkeypatch.setattr(fs, "write_atomic", watching)
    return seen


def test_a_copy_is_two_files_named_by_key_and_read_back(root: Path) -> None:
    root.mkdir()
    cache = OfflinePages(root)
    assert cache.read(URI) is None
    assert cache.save(URI, TEXT, record(etag='"v1"')) is None
    key = paths.article_key(URI)
    folder = root / paths.PAGES_DIR
    assert _files(root) == [folder / f"{key}.json", folder / f"{key}.md", root / "reader.lock"]
    assert (folder / f"{key}.md").read_text(encoding="utf-8") == TEXT
    assert json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))["etag"] == '"v1"'
    assert cache.read(URI) == (TEXT, record(etag='"v1"'))


def test_only_under_the_data_folder_whatever_the_address(root: Path) -> None:
    """The file names come from the key, never from the address itself."""
    root.mkdir()
    hostile = "https://example.com/../../../../etc/passwd?x=/../..\\..\\"
    assert OfflinePages(root).save(hostile, TEXT, record(hostile)) is None
    outside = [p for p in _files(root.parent) if root not in p.parents]
    assert outside == []
    assert {p.parent for p in _files(root) if p.name != "reader.lock"} == {root / "articles"}
    assert OfflinePages(root).read(hostile) == (TEXT, record(hostile))


def test_a_record_of_another_address_or_damaged_is_no_copy(root: Path) -> None:
    root.mkdir()
    cache = OfflinePages(root)
    cache.save(URI, TEXT, record())
    _, record_path = cache.files(URI)
    record_path.write_text(json.dumps(record("https://example.com/other")), encoding="utf-8")
    assert cache.read(URI) is None
    record_path.write_text("[1, 2]", encoding="utf-8")
    assert cache.read(URI) is None
    record_path.write_text("{not json", encoding="utf-8")
    assert cache.read(URI) is None


def test_a_command_without_a_store_takes_the_lock_for_the_write(
    root: Path, watched_writes: list[tuple[Path, bool]]
) -> None:
    root.mkdir()
    assert OfflinePages(root).save(URI, TEXT, record()) is None
    assert [held for _, held in watched_writes] == [True, True]
    assert not _lock_is_held(root)  # released after the write


def test_the_writer_stores_copies_under_its_own_lock(
    root: Path, watched_writes: list[tuple[Path, bool]]
) -> None:
    with Store.open(root) as store:
        assert store.pages is store.pages
        assert store.pages.save(URI, TEXT, record()) is None
    assert [held for _, held in watched_writes] == [True, True]
    assert OfflinePages(root).read(URI) == (TEXT, record())


def test_while_another_reader_holds_the_lock_copies_are_read_not_written(
    root: Path, watched_writes: list[tuple[Path, bool]]
) -> None:
    writer = Store.open(root)
    try:
        assert writer.pages.save(URI, TEXT, record()) is None
        second = Store.open(root)  # the second window: read-only
        assert second.read_only
        assert second.pages.read(URI) == (TEXT, record())
        other = "https://example.com/other"
        assert second.pages.save(other, TEXT, record(other)) == BUSY
        assert OfflinePages(root).save(other, TEXT, record(other)) == BUSY  # a command, too
        assert second.pages.read(other) is None
        assert len(watched_writes) == 2  # the writer's two files, nothing else
    finally:
        writer.close()
    assert second.retry()  # the writer has gone: the second window writes from now on
    assert second.pages.save(other, TEXT, record(other)) is None
    second.close()
    assert all(held for _, held in watched_writes)


def test_a_command_waits_only_a_moment_for_the_lock(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    real = StoreLock.acquire

    def timed(self: StoreLock, timeout: float) -> bool:
        waits.append(timeout)
        return real(self, timeout)

    with Store.open(root):
        monkeypatch.setattr(StoreLock, "acquire", timed)
        assert OfflinePages(root).save(URI, TEXT, record()) == BUSY
    assert waits == [pages_module.LOCK_WAIT] and pages_module.LOCK_WAIT <= 0.5


def test_a_read_command_store_writes_copies_under_the_lock(
    root: Path, watched_writes: list[tuple[Path, bool]]
) -> None:
    root.mkdir()
    store = Store.open(root, mode="read")
    assert store.pages.save(URI, TEXT, record()) is None
    assert [held for _, held in watched_writes] == [True, True]


def test_temp_files_a_killed_writer_left_are_swept(root: Path) -> None:
    folder = root / paths.PAGES_DIR
    folder.mkdir(parents=True)
    stale = folder / ".0123456789abcdef.md.dead.tmp"
    stale.write_text("half a page", encoding="utf-8")
    OfflinePages(root).save(URI, TEXT, record())
    assert not stale.exists()


def test_an_unwritable_folder_is_a_reason_not_an_error(root: Path) -> None:
    root.mkdir()
    (root / paths.PAGES_DIR).write_text("a file where the folder goes", encoding="utf-8")
    reason = OfflinePages(root).save(URI, TEXT, record())
    assert reason and "\n" not in reason


def test_a_store_in_memory_keeps_copies_in_memory() -> None:
    store = Store.in_memory()
    assert isinstance(store.pages, MemoryPages)
    kept = record()
    assert store.pages.save(URI, TEXT, kept) is None
    kept["title"] = "changed by the caller"
    assert store.pages.read(URI) == (TEXT, record())
