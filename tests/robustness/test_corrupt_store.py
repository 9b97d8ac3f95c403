"""Damaged store files, seen through the command line a user would run.

A read-only command (``reader list``, ``reader annotations``) says in one
``reader: ...`` line that a file is damaged, answers from its backup and
exits 0, leaving the file for the writer. The next writer moves the file
aside as ``<name>.corrupt-<stamp>`` (never over an earlier one, even within
the same second), restores the last good backup, and names where the
damaged file went.

Damaged includes valid JSON of the wrong shape (a table renamed, a record
that is a string, ``start`` or ``tags`` of the wrong type: see
``reader.store.shapes``), and the backup never receives the damage:
not from the write that restores it, a later write, or another process.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest

from reader.annotations.model import Annotation
from reader.document import load_article
from reader.store import aside as aside_module
from reader.store import paths
from reader.store.shapes import ARTICLE_FILE, LIBRARY_FILE, parse
from reader.store.store import Store

from .support import corrupt_copies, import_counts, new_ids, run_cli, w3c_item, write_collection

DAMAGE = {
    "garbage": b"{garbage",
    "truncated": b'{"_default": {"1": {"uri": "file:///x", "ti',
    "empty": b"",
    "binary": bytes(range(256)),
    "wrong shape": b"[1, 2, 3]",
    "table renamed": b'{"articlez": {"1": {"uri": "file:///x", "count": 3}}}',
    "record a string": b'{"articles": {"1": "file:///x"}}',
    "count a string": b'{"articles": {"1": {"uri": "file:///x", "count": "3"}}}',
}


def _import(home: Path, folder: Path, name: str, uri: str, text: str, n: int) -> set[str]:
    ids = new_ids(n)
    items = [w3c_item(uri, text, 50 * i + 7, 50 * i + 40, ident) for i, ident in enumerate(ids)]
    done = run_cli(home, "import", str(write_collection(folder / f"{name}.json", items)))
    assert done.code == 0 and import_counts(done.stdout) == (n, 0, 0), done.stderr
    return set(ids)


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_library_is_told_then_moved_aside_and_restored(
    kind: str, home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    first, second = (load_article(p) for p in articles)
    kept = _import(home, tmp_path, "a", first.uri, first.text, 3)
    kept |= _import(home, tmp_path, "b", second.uri, second.text, 2)
    library = paths.library_path(home)
    assert library.with_name("library.json.bak").exists()
    library.write_bytes(DAMAGE[kind])

    listed = run_cli(home, "list", "--json")
    assert listed.code == 0
    (line,) = listed.err_lines()
    assert line.startswith(f"reader: {library} is damaged") and "backup" in line
    counts = {r["uri"]: r["annotations"] for r in listed.json()}
    assert counts == {first.uri: 3, second.uri: 2}  # recounted from the article files
    assert library.read_bytes() == DAMAGE[kind]  # a reader leaves repairs to the writer

    more = _import(home, tmp_path, "c", first.uri, first.text, 1)
    aside = corrupt_copies(home)
    assert len(aside) == 1 and aside[0].read_bytes() == DAMAGE[kind]
    assert parse(library.with_name("library.json.bak").read_bytes(), LIBRARY_FILE)[1] == ""
    written = run_cli(home, "list")
    assert written.code == 0 and written.err_lines() == []
    with Store.open(home, mode="read") as store:
        assert not store.notices
        found = {a.id for uri in (first.uri, second.uri) for a in store.annotations(uri)}
        assert found == kept | more
        assert {r.uri: r.count for r in store.articles()} == {first.uri: 4, second.uri: 2}
    tally["corrupt files recovered"] += 1


def test_writer_names_where_the_damaged_file_went(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    first = load_article(articles[0])
    _import(home, tmp_path, "a", first.uri, first.text, 2)
    paths.library_path(home).write_bytes(b"not json")
    ids = new_ids(1)
    path = write_collection(
        tmp_path / "one.json", [w3c_item(first.uri, first.text, 300, 340, ids[0])]
    )
    done = run_cli(home, "import", str(path))
    assert done.code == 0, done.stderr
    (line,) = done.err_lines()
    (aside,) = corrupt_copies(home)
    assert line == (
        f"reader: library.json was damaged (not valid JSON): moved to {aside}; "
        "restored the backup"
    )


def test_damaged_article_file_falls_back_on_its_backup(
    home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    first = load_article(articles[0])
    older = _import(home, tmp_path, "a", first.uri, first.text, 3)
    _import(home, tmp_path, "b", first.uri, first.text, 2)  # only in the damaged file
    shard = paths.shard_path(home, paths.article_key(first.uri))
    shard.write_bytes(b'{"annotations": {"1": {"id": ')

    shown = run_cli(home, "annotations", str(articles[0]), "--json")
    assert shown.code == 0
    (line,) = shown.err_lines()
    assert line.startswith(f"reader: {shard} is damaged") and "using its backup" in line
    assert {row["id"] for row in shown.json()} == older
    assert all(row["state"] == "anchored" for row in shown.json())

    newer = _import(home, tmp_path, "c", first.uri, first.text, 1)
    (aside,) = corrupt_copies(home)
    assert aside.parent == shard.parent and aside.read_bytes().startswith(b'{"annotations"')
    with Store.open(home, mode="read") as store:
        assert {a.id for a in store.annotations(first.uri)} == older | newer
        assert store.articles()[0].count == 4
    tally["corrupt files recovered"] += 1


def test_damaged_file_without_backup_starts_empty_and_keeps_working(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    first = load_article(articles[0])
    _import(home, tmp_path, "a", first.uri, first.text, 2)  # one write: no backup yet
    shard = paths.shard_path(home, paths.article_key(first.uri))
    shard.write_bytes(b"\x00\x01garbage")
    newer = _import(home, tmp_path, "b", first.uri, first.text, 1)
    (aside,) = corrupt_copies(home)
    assert aside.read_bytes() == b"\x00\x01garbage"
    with Store.open(home, mode="read") as store:
        assert {a.id for a in store.annotations(first.uri)} == newer


TEXT = "A passage of text for the damaged-store tests, long enough to quote twice."
URI = "file:///damaged/article.txt"


def _damage_and_reopen(root: Path, garbage: bytes) -> list[str]:
    shard = paths.shard_path(root, paths.article_key(URI))
    shard.write_bytes(garbage)
    with Store.open(root) as store:
        store.put(Annotation.create(URI, TEXT, 0, 9))
        return list(store.notices)


def test_two_damages_in_the_same_second_keep_both_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    monkeypatch.setattr(aside_module, "utc_stamp", lambda: "20260101T000000Z")
    root = tmp_path / "data"
    with Store.open(root) as store:
        store.put(Annotation.create(URI, TEXT, 0, 9))
        store.put(Annotation.create(URI, TEXT, 10, 20))
    first = _damage_and_reopen(root, b"first damage")
    second = _damage_and_reopen(root, b"second damage")
    aside = corrupt_copies(root)
    assert [p.name.split(".json.")[1] for p in aside] == [
        "corrupt-20260101T000000Z",
        "corrupt-20260101T000000Z-1",
    ]
    assert [p.read_bytes() for p in aside] == [b"first damage", b"second damage"]
    assert any(str(aside[0]) in n for n in first) and any(str(aside[1]) in n for n in second)
    tally["corrupt files recovered"] += 2


def test_damages_in_quick_succession_through_the_cli(
    home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    """Real clock: two damages a fraction of a second apart, two distinct copies."""
    first = load_article(articles[0])
    _import(home, tmp_path, "a", first.uri, first.text, 1)
    _import(home, tmp_path, "b", first.uri, first.text, 1)
    library = paths.library_path(home)
    for n, garbage in enumerate((b"{damage one", b"{damage two")):
        library.write_bytes(garbage)
        _import(home, tmp_path, f"c{n}", first.uri, first.text, 1)
    aside = corrupt_copies(home)
    assert sorted(p.read_bytes() for p in aside) == [b"{damage one", b"{damage two"]
    tally["corrupt files recovered"] += 2


# -- valid JSON of the wrong shape -----------------------------------------------------


def _reshaped(raw: bytes, damage: str, record: str = "4") -> bytes:
    """The article file ``raw`` with one kind of damage done to ``record``."""
    data = orjson.loads(raw)
    docs = data["annotations"]
    if damage == "table renamed":
        data["annotationz"] = data.pop("annotations")
    elif damage == "record a string":
        docs[record] = "an annotation"
    elif damage == "start a string":
        docs[record]["start"] = str(docs[record]["start"])
    elif damage == "tags a string":
        docs[record]["tags"] = "war"
    return orjson.dumps(data)


SHAPE_DAMAGE = {
    "table renamed": "unknown table 'annotationz'",
    "record a string": "annotations record '4' is a string, not a record",
    "start a string": "annotations record '4' start is a string, not an integer",
    "tags a string": "annotations record '4' tags is a string, not a list",
}


@pytest.mark.parametrize("damage", sorted(SHAPE_DAMAGE))
def test_article_file_of_the_wrong_shape_is_damaged_and_its_backup_used(
    damage: str, home: Path, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    first = load_article(articles[0])
    older = _import(home, tmp_path, "a", first.uri, first.text, 3)  # records 1-3
    _import(home, tmp_path, "b", first.uri, first.text, 2)  # 4-5: only in the damaged file
    shard = paths.shard_path(home, paths.article_key(first.uri))
    backup = shard.with_name(shard.name + ".bak")
    good_backup = backup.read_bytes()
    damaged = _reshaped(shard.read_bytes(), damage)
    shard.write_bytes(damaged)
    why = f"wrong shape: {SHAPE_DAMAGE[damage]}"

    shown = run_cli(home, "annotations", str(articles[0]), "--json")
    assert shown.code == 0
    assert shown.err_lines() == [
        f"reader: {shard} is damaged ({why}); using its backup until it is repaired"
    ]
    assert {row["id"] for row in shown.json()} == older
    assert shard.read_bytes() == damaged and backup.read_bytes() == good_backup

    ids = new_ids(1)
    path = write_collection(tmp_path / "c.json", [w3c_item(first.uri, first.text, 7, 40, ids[0])])
    done = run_cli(home, "import", str(path))
    assert done.code == 0, done.stderr
    (aside,) = corrupt_copies(home)
    assert done.err_lines() == [
        f"reader: {shard.name} was damaged ({why}): moved to {aside}; restored the backup"
    ]
    assert aside.read_bytes() == damaged  # what the user had, byte for byte
    assert backup.read_bytes() == good_backup  # rotated: the restored copy, not the damage
    assert run_cli(home, "list").err_lines() == []
    with Store.open(home, mode="read") as store:
        assert not store.notices
        assert {a.id for a in store.annotations(first.uri)} == older | set(ids)
        assert store.articles()[0].count == 4
    tally["corrupt files recovered"] += 1


def _put(store: Store, start: int) -> Annotation:
    ann = Annotation.create(URI, TEXT, start, start + 5)
    assert store.put(ann)
    return ann


def _backup_is_good(path: Path, damaged: bytes) -> None:
    raw = path.with_name(path.name + ".bak").read_bytes()
    assert raw != damaged and parse(raw, ARTICLE_FILE)[1] == ""


def test_the_backup_never_receives_the_damage_in_one_process(
    tmp_path: Path, tally: Counter[str]
) -> None:
    root = tmp_path / "data"
    with Store.open(root) as store:
        kept = _put(store, 0)
        _put(store, 10)
    shard = paths.shard_path(root, paths.article_key(URI))
    damaged = _reshaped(shard.read_bytes(), "table renamed")
    shard.write_bytes(damaged)
    with Store.open(root) as store:
        assert store.annotations(URI) == [kept]
        _backup_is_good(shard, damaged)
        later = [_put(store, 20), _put(store, 30)]
        _backup_is_good(shard, damaged)
    _backup_is_good(shard, damaged)
    with Store.open(root, mode="read") as store:
        assert store.annotations(URI) == [kept, *later]
    (aside,) = corrupt_copies(root)
    assert aside.read_bytes() == damaged
    tally["corrupt files recovered"] += 1


def test_a_second_instance_leaves_the_damage_then_repairs_it_once_it_writes(
    tmp_path: Path, tally: Counter[str]
) -> None:
    root = tmp_path / "data"
    writer = Store.open(root)
    kept = _put(writer, 0)
    _put(writer, 10)
    shard = paths.shard_path(root, paths.article_key(URI))
    good_backup = shard.with_name(shard.name + ".bak").read_bytes()
    damaged = _reshaped(shard.read_bytes(), "start a string", "2")
    shard.write_bytes(damaged)

    follower = Store.open(root)
    assert follower.read_only
    assert any("is damaged (wrong shape: annotations record '2' start" in n
               for n in follower.notices)
    assert follower.annotations(URI) == [kept]
    mine = Annotation.create(URI, TEXT, 40, 45)
    assert not follower.put(mine)  # read-only: held in memory
    assert shard.read_bytes() == damaged
    assert shard.with_name(shard.name + ".bak").read_bytes() == good_backup
    assert corrupt_copies(root) == []

    writer.close()
    assert follower.retry()
    (aside,) = corrupt_copies(root)
    assert aside.read_bytes() == damaged
    assert any(f"was damaged (wrong shape: annotations record '2' start is a string, not an "
               f"integer): moved to {aside}; restored the backup" in n for n in follower.notices)
    _backup_is_good(shard, damaged)
    follower.close()
    with Store.open(root, mode="read") as store:
        assert store.annotations(URI) == [kept, mine]
    tally["corrupt files recovered"] += 1


def test_a_file_damaged_behind_the_writers_back_is_kept_not_backed_up(
    tmp_path: Path, tally: Counter[str]
) -> None:
    root = tmp_path / "data"
    with Store.open(root) as store:
        first, second = _put(store, 0), _put(store, 10)
        shard = paths.shard_path(root, paths.article_key(URI))
        good_backup = shard.with_name(shard.name + ".bak").read_bytes()
        damaged = _reshaped(shard.read_bytes(), "tags a string", "2")
        shard.write_bytes(damaged)  # another program, while the reader is open
        third = _put(store, 20)
        assert shard.with_name(shard.name + ".bak").read_bytes() == good_backup
        (aside,) = corrupt_copies(root)
        assert aside.read_bytes() == damaged
        assert any("changed on disk and is damaged" in n and str(aside) in n
                   for n in store.notices)
    with Store.open(root, mode="read") as store:
        assert store.annotations(URI) == [first, second, third]
    tally["corrupt files recovered"] += 1


def test_one_bad_record_among_many_damages_the_whole_file(tmp_path: Path) -> None:
    """The rule (see ``shapes``): the file is recovered as one, from its backup;
    the damaged file, with every record it held, is kept aside."""
    root = tmp_path / "data"
    many = [Annotation.create(URI, TEXT, i % 60, i % 60 + 5) for i in range(2000)]
    with Store.open(root) as store:
        store.put_many(many)
        last = _put(store, 3)
    shard = paths.shard_path(root, paths.article_key(URI))
    damaged = _reshaped(shard.read_bytes(), "start a string")
    shard.write_bytes(damaged)
    with Store.open(root) as store:
        assert {a.id for a in store.annotations(URI)} == {a.id for a in many}
        (notice,) = [n for n in store.notices if "was damaged" in n]
    assert "annotations record '4' start is a string" in notice
    (aside,) = corrupt_copies(root)
    kept = orjson.loads(aside.read_bytes())["annotations"]
    assert len(kept) == 2001 and last.id in {doc["id"] for doc in kept.values()}
