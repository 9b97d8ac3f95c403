"""The Store over real files: layout, durability, damage, failed writes, imports."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from reader.annotations.model import Annotation
from reader.store import paths
from reader.store.storage import AtomicJSONStorage
from reader.store.store import Store, StoreWriteError
from tests.unit.samples import TEXT, URI_A, URI_B, make


def shard_file(root: Path, uri: str) -> Path:
    return root / "annotations" / f"{paths.article_key(uri)}.json"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != paths.LOCK_FILE
    }


def no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)


def test_layout_library_plus_one_file_per_article(root: Path) -> None:
    with Store.open(root) as store:
        store.remember_article(URI_A, "A", "/a.txt")
        store.put(make(URI_A))
        store.put(make(URI_B))
    key = paths.article_key(URI_A)
    assert len(key) == 16 and int(key, 16) >= 0
    assert (root / "library.json").is_file() and (root / "reader.lock").exists()
    assert sorted(p.name for p in (root / "annotations").glob("*.json")) == sorted(
        f"{paths.article_key(u)}.json" for u in (URI_A, URI_B)
    )
    stored = orjson.loads(shard_file(root, URI_A).read_bytes())
    assert stored["meta"]["1"]["uri"] == URI_A


def test_everything_put_is_on_disk_before_close(root: Path) -> None:
    writer = Store.open(root)
    anns = [make(URI_A, i, i + 10, tags=("t",)) for i in range(5)] + [make(URI_B)]
    for ann in anns:
        assert writer.put(ann)
    writer.delete(URI_A, anns[0].id)
    reader = Store.open(root, mode="read")  # while the writer still runs
    assert reader.annotations(URI_A) == anns[1:5]
    assert reader.annotations(URI_B) == anns[5:]
    assert dict(reader.tags()) == {"t": 4}
    writer.set_position(URI_A, 77)
    writer.close()
    again = Store.open(root)
    assert again.position(URI_A) == 77
    assert [r.count for r in sorted(again.articles(), key=lambda r: r.uri)] == [4, 1]
    again.close()


def test_a_put_writes_its_article_only(root: Path) -> None:
    store = Store.open(root)
    store.put(make(URI_A))
    store.put(make(URI_B))
    store.flush()
    other = os.stat(shard_file(root, URI_A))
    library = os.stat(root / "library.json")
    store.put(make(URI_B, 20, 30))
    assert os.stat(shard_file(root, URI_A)) == other
    assert os.stat(root / "library.json") == library  # counts wait for flush
    store.flush()
    assert os.stat(root / "library.json").st_ino != library.st_ino
    store.close()


def test_library_counts_recover_when_their_write_was_lost(root: Path) -> None:
    with Store.open(root) as store:
        store.put(make(URI_A, tags=("old",)))
    stale = (root / "library.json").read_bytes()
    with Store.open(root) as store:
        store.put(make(URI_A, 20, 30, tags=("new",)))
    (root / "library.json").write_bytes(stale)  # as if killed before the library write
    store = Store.open(root, mode="read")
    assert store.articles()[0].count == 2
    assert dict(store.tags()) == {"old": 1, "new": 1}


def test_stale_temp_files_are_removed_at_open(root: Path) -> None:
    with Store.open(root) as store:
        store.put(make(URI_A))
    key = paths.article_key(URI_A)
    stale = [root / ".library.json.k2j4.tmp", root / "annotations" / f".{key}.json.zz9.tmp"]
    kept = [root / "notes.tmp", root / "annotations" / "README"]
    for path in stale + kept:
        path.write_text("half a write")
    Store.open(root, mode="read").close()
    assert all(p.exists() for p in stale)  # a reader never touches a writer's files
    Store.open(root).close()
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)


def test_damaged_library_is_moved_aside_and_the_backup_restored(root: Path) -> None:
    with Store.open(root) as store:
        store.remember_article(URI_A, "Article A", "/a.txt")
        store.put(make(URI_A, tags=("x",)))
        store.put(make(URI_A, 20, 30))
    (root / "library.json").write_bytes(b'{"articles": {"1": {"uri": "file:')
    store = Store.open(root)
    told = [n for n in store.notices if "library.json was damaged" in n]
    assert len(told) == 1 and "restored the backup" in told[0]
    assert len(list(root.glob("library.json.corrupt-*"))) == 1
    (record,) = store.articles()
    assert (record.title, record.count) == ("Article A", 2)
    assert store.tags() == [("x", 1)]
    store.close()


def test_lost_library_is_rebuilt_from_the_article_files(root: Path) -> None:
    with Store.open(root) as store:
        store.put(replace(make(URI_B, tags=("X",)), created="2024-01-02T00:00:00+00:00"))
        store.put(replace(make(URI_A, tags=("x",)), created="2024-01-01T00:00:00+00:00"))
    (root / "library.json").unlink()
    (root / "library.json.bak").unlink(missing_ok=True)
    store = Store.open(root, mode="read")
    assert sorted((r.uri, r.count) for r in store.articles()) == [(URI_A, 1), (URI_B, 1)]
    assert store.tags() == [("x", 2)]


def test_damaged_article_file_is_moved_aside_and_the_backup_restored(root: Path) -> None:
    first, second = make(URI_A), make(URI_A, 20, 30)
    with Store.open(root) as store:
        store.put(first)
        store.put(second)
    path = shard_file(root, URI_A)
    path.write_bytes(path.read_bytes()[:-20])
    store = Store.open(root)
    assert store.annotations(URI_A) == [first]  # the version before the last write
    assert store.articles()[0].count == 1
    (aside,) = path.parent.glob(f"{path.name}.corrupt-*")
    assert any(str(aside) in n and "restored the backup" in n for n in store.notices)
    store.close()
    assert Store.open(root, mode="read").annotations(URI_A) == [first]


def test_failed_write_keeps_the_annotation_in_memory_and_retries(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(root)
    store.put(make(URI_A))
    ann = make(URI_A, 20, 30)
    with monkeypatch.context() as patch:
        no_space(patch)
        assert store.put(ann) is False
        assert store.retry() is False
    assert ann in store.annotations(URI_A)
    assert not store.saved
    assert any("No space left on device" in n and "kept in memory" in n for n in store.notices)
    assert ann not in Store.open(root, mode="read").annotations(URI_A)
    assert store.retry() is True
    assert ann in Store.open(root, mode="read").annotations(URI_A)
    store.close()


def test_a_later_put_also_saves_earlier_failures(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(root)
    lost = make(URI_A)
    with monkeypatch.context() as patch:
        no_space(patch)
        assert store.put(lost) is False
    assert store.put(make(URI_B))
    assert store.saved
    assert Store.open(root, mode="read").annotations(URI_A) == [lost]
    store.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_then_fixed(root: Path) -> None:
    store = Store.open(root)
    folder = root / "annotations"
    folder.chmod(0o500)
    try:
        assert store.put(make(URI_A)) is False
        assert any("Permission denied" in n for n in store.notices)
    finally:
        folder.chmod(0o700)
    assert store.retry()
    store.close()


def test_import_writes_every_article_or_none(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(root)
    store.put(make(URI_A))
    store.put(make(URI_B))
    store.flush()
    before = snapshot(root)
    incoming = [make(URI_A, 20, 30), make(URI_B, 20, 30), make("file:///c.txt", 0, 9)]
    real_prepare = AtomicJSONStorage.prepare
    calls = []

    def flaky(self: AtomicJSONStorage) -> Path:
        calls.append(self.path.name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_prepare(self)

    with monkeypatch.context() as patch:
        patch.setattr(AtomicJSONStorage, "prepare", flaky)
        with pytest.raises(StoreWriteError, match=r"nothing was changed.*No space left") as err:
            store.import_annotations(incoming)
    assert calls[1] in str(err.value)  # names the file that could not be written
    assert snapshot(root) == before
    assert [len(store.annotations(u)) for u in (URI_A, URI_B, "file:///c.txt")] == [1, 1, 0]
    assert sum(r.count for r in store.articles()) == 2
    result = store.import_annotations(incoming)
    assert result.added == 3
    check = Store.open(root, mode="read")
    assert [len(check.annotations(a.article)) for a in incoming] == [2, 2, 1]
    store.close()


def test_import_of_many_into_one_article(root: Path) -> None:
    anns = [Annotation.create(URI_A, TEXT, i % 150, i % 150 + 5) for i in range(2000)]
    with Store.open(root) as store:
        assert store.import_annotations(anns).added == 2000
        assert store.import_annotations(anns[:10]).skipped == 10
    assert len(Store.open(root, mode="read").annotations(URI_A)) == 2000


def test_read_mode_on_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "nowhere", mode="read")
    assert store.articles() == [] and store.tags() == []
    assert store.put(make()) is False
    store.close()
    assert not (tmp_path / "nowhere").exists()
