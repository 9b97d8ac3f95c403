"""Feeds over real files: layout, reopening, one writer, damage, hostile files, failures."""

from __future__ import annotations

import errno
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson
import pytest

from reader.feeds.model import READ_LATER, Entry, Subscription
from reader.store import entries, feeds, paths, shapes
from reader.store.batch import StoreWriteError
from reader.store.shapes import ENTRIES_FILE, FEEDS_FILE, parse
from reader.store.store import Store
from tests.unit.samples import URI_A, make
from tests.unit.store.feed_samples import LATER, NOW, URL_A, URL_B, item, sub


def entries_file(root: Path, url: str) -> Path:
    return root / "entries" / f"{paths.feed_key(url)}.json"


def seeded(root: Path) -> None:
    with Store.open(root) as store:
        store.add_feed(sub(tags=("World",)))
        store.add_feed(sub(URL_B, "Beta"))
        store.merge_entries(URL_A, [item(1), item(2)], NOW)
        store.merge_entries(URL_B, [item(3)], NOW)


def no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)


# -- what the files hold -----------------------------------------------------------------


def test_shapes_agree_with_the_model_and_the_modules_that_write() -> None:
    assert set(FEEDS_FILE.tables) == {feeds.FEEDS, feeds.META}
    assert set(ENTRIES_FILE.tables) == {entries.ENTRIES, entries.META}
    written = entries.record(Entry("i", "f", "g", "l", "t"))
    assert set(shapes.ENTRY_FIELDS) == {f.name for f in fields(Entry)} == set(written)
    assert {k: type(v) for k, v in written.items()} == shapes.ENTRY_FIELDS
    stored = feeds.record(Subscription("u", "t", ("a",)))
    assert set(shapes.SUBSCRIPTION_FIELDS) == {f.name for f in fields(Subscription)} == set(stored)
    assert {k: type(v) for k, v in stored.items()} == shapes.SUBSCRIPTION_FIELDS


def test_layout_and_files_the_store_writes_are_good(root: Path) -> None:
    seeded(root)
    with Store.open(root) as store:
        store.save_for_later("https://example.com/page", "Page")
    assert parse((root / "feeds.json").read_bytes(), FEEDS_FILE)[1] == ""
    assert sorted(p.name for p in (root / "entries").glob("*.json")) == sorted(
        f"{paths.feed_key(url)}.json" for url in (URL_A, URL_B, READ_LATER)
    )
    for path in (root / "entries").glob("*.json"):
        assert parse(path.read_bytes(), ENTRIES_FILE)[1] == "", path
    stored = orjson.loads(entries_file(root, URL_A).read_bytes())
    assert stored["meta"]["1"]["feed"] == URL_A and len(stored["entries"]) == 2


def test_an_annotations_only_folder_has_no_feed_files(root: Path) -> None:
    with Store.open(root) as store:
        store.put(make(URI_A))
    assert not (root / "feeds.json").exists() and not (root / "entries").exists()


def test_a_refresh_rewrites_only_its_feeds_file(root: Path) -> None:
    seeded(root)
    store = Store.open(root)
    other, subs = os.stat(entries_file(root, URL_B)), os.stat(root / "feeds.json")
    assert store.merge_entries(URL_A, [item(4)], LATER) == (1, 0)
    assert os.stat(entries_file(root, URL_B)) == other
    assert os.stat(root / "feeds.json") == subs
    store.mark_read([e.id for e in store.entries(feed=URL_A)])
    assert os.stat(entries_file(root, URL_B)) == other
    assert (root / "entries" / f"{paths.feed_key(URL_A)}.json.bak").exists()
    store.close()


def test_feeds_and_entries_survive_a_reopen(root: Path) -> None:
    seeded(root)
    with Store.open(root) as store:
        one = store.entries(feed=URL_A)[-1]
        store.mark_read([one.id])
        store.star(one.id)
        store.rename_feed(URL_B, "Mine")
        listed = store.entries()
        subs = store.feeds()
    again = Store.open(root, mode="read")
    assert again.feeds() == subs
    assert again.entries() == listed
    assert again.entry(one.id) == listed[-1]
    assert again.unread_counts() == {URL_A: 1, URL_B: 1}


def test_remove_feed_sets_its_file_aside(root: Path) -> None:
    seeded(root)
    with Store.open(root) as store:
        store.remove_feed(URL_A)
    path = entries_file(root, URL_A)
    assert not path.exists()
    (aside,) = path.parent.glob(f"{path.name}.removed-*")
    assert len(orjson.loads(aside.read_bytes())["entries"]) == 2
    assert [s.url for s in Store.open(root, mode="read").feeds()] == [URL_B]


# -- one writer --------------------------------------------------------------------------


def test_a_second_instance_is_read_only_and_refuses_feed_changes(root: Path) -> None:
    seeded(root)
    first = Store.open(root)
    second = Store.open(root)
    assert second.read_only
    listed = second.entries()
    ids = [e.id for e in listed]
    before = {p: p.read_bytes() for p in root.rglob("*.json")}
    refused: list[Any] = [
        lambda: second.add_feed(sub("https://example.com/c.xml", "C")),
        lambda: second.remove_feed(URL_A),
        lambda: second.rename_feed(URL_A, "x"),
        lambda: second.tag_feed(URL_A, ["x"]),
        lambda: second.update_feed(sub(checked=LATER)),
        lambda: second.merge_entries(URL_A, [item(9)], LATER),
        lambda: second.mark_read(ids),
        lambda: second.star(ids[0]),
        lambda: second.save_for_later("https://example.com/page", "Page"),
    ]
    for change in refused:
        with pytest.raises(StoreWriteError, match="read-only"):
            change()
    assert second.entries() == listed and second.feeds() == first.feeds()
    assert {p: p.read_bytes() for p in root.rglob("*.json")} == before
    with pytest.raises(StoreWriteError):
        Store.open(root, mode="read").mark_read(ids)
    second.close()
    first.close()


def test_a_follower_sees_the_writers_feeds_after_reload_and_takes_over(root: Path) -> None:
    seeded(root)
    writer = Store.open(root)
    follower = Store.open(root)
    assert len(follower.entries()) == 3
    writer.merge_entries(URL_B, [item(4)], LATER)
    follower.reload()
    assert len(follower.entries()) == 4
    writer.close()
    assert follower.retry() is True
    follower.mark_read([e.id for e in follower.entries()])
    follower.close()
    assert Store.open(root, mode="read").unread_counts() == {URL_A: 0, URL_B: 0}


# -- damage and hostile files -------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [b'{"feeds": {"1": {"url": "https:', b'{"feeds": {"1": {"url": "x", "tags": "World"}}}'],
    ids=["cut short", "wrong shape"],
)
def test_a_damaged_feeds_file_is_moved_aside_and_the_backup_restored(
    root: Path, damage: bytes
) -> None:
    seeded(root)
    with Store.open(root) as store:
        store.rename_feed(URL_A, "Renamed")  # the backup is the version before this
    (root / "feeds.json").write_bytes(damage)
    store = Store.open(root)
    assert [s.title for s in store.feeds()] == ["Alpha", "Beta"]
    (aside,) = root.glob("feeds.json.corrupt-*")
    assert aside.read_bytes() == damage
    told = [n for n in store.notices if "feeds.json was damaged" in n]
    assert len(told) == 1 and str(aside) in told[0] and "restored the backup" in told[0]
    assert len(store.entries()) == 3
    store.close()


def test_a_damaged_entries_file_is_moved_aside_and_the_backup_restored(root: Path) -> None:
    seeded(root)
    with Store.open(root) as store:
        store.merge_entries(URL_A, [item(4)], LATER)
    path = entries_file(root, URL_A)
    data = orjson.loads(path.read_bytes())
    data["entries"]["1"]["read"] = "yes"
    path.write_bytes(orjson.dumps(data))
    store = Store.open(root)
    assert [e.title for e in store.entries(feed=URL_A)] == ["Item 2", "Item 1"]
    (aside,) = path.parent.glob(f"{path.name}.corrupt-*")
    assert any(str(aside) in n and "read is a string" in n for n in store.notices)
    store.close()


def test_a_hand_edited_entries_file_is_cleaned_on_load(root: Path) -> None:
    seeded(root)
    path = entries_file(root, URL_A)
    data = orjson.loads(path.read_bytes())
    docs = data["entries"]
    docs["1"].update(title="Item\x1b]0;owned\x07 1\nsecond line", link="javascript:alert(1)",
                     summary="a\x1b[2Jb", feed="https://elsewhere.example/x")
    docs["2"] = {k: v for k, v in docs["2"].items() if k not in ("content", "starred")}
    docs["3"] = {"title": "no id"}
    path.write_bytes(orjson.dumps(data))
    store = Store.open(root)
    one, two = sorted(store.entries(feed=URL_A), key=lambda e: e.guid)
    assert (one.title, one.link, one.summary, one.feed) == (
        "Item 1 second line", "", "ab", URL_A
    )
    assert (two.title, two.content, two.starred) == ("Item 2", "", False)
    assert any("1 unreadable entry" in n for n in store.notices)
    store.mark_read([one.id])  # writing keeps the record it could not read
    store.close()
    assert orjson.loads(path.read_bytes())["entries"]["3"] == {"title": "no id"}


def test_a_subscription_whose_url_is_not_one_we_keep_is_left_out(root: Path) -> None:
    seeded(root)
    data = orjson.loads((root / "feeds.json").read_bytes())
    data["feeds"]["9"] = {"url": "javascript:alert(1)", "title": "bad"}
    data["feeds"]["1"]["title"] = "Alpha\x1b[31m red"
    (root / "feeds.json").write_bytes(orjson.dumps(data))
    store = Store.open(root, mode="read")
    assert [(s.url, s.title) for s in store.feeds()] == [(URL_A, "Alpha red"), (URL_B, "Beta")]


def test_every_record_of_a_subscription_listed_twice_goes_with_it(root: Path) -> None:
    seeded(root)
    data = orjson.loads((root / "feeds.json").read_bytes())
    data["feeds"]["7"] = dict(data["feeds"]["1"], title="Alpha again")
    (root / "feeds.json").write_bytes(orjson.dumps(data))
    with Store.open(root) as store:
        assert [s.title for s in store.feeds()] == ["Alpha", "Beta"]
        store.remove_feed(URL_A)
    assert [s.url for s in Store.open(root, mode="read").feeds()] == [URL_B]


def test_a_feed_subscribed_again_brings_back_the_entries_its_file_kept(root: Path) -> None:
    """Its file outlived its record (feeds.json lost with its backup): the entries are
    listed again, read state and all, even when the listing was sorted before."""
    seeded(root)
    with Store.open(root) as store:
        store.mark_read([store.entries(feed=URL_A)[0].id])
    data = orjson.loads((root / "feeds.json").read_bytes())
    del data["feeds"]["1"]
    (root / "feeds.json").write_bytes(orjson.dumps(data))
    (root / "feeds.json.bak").unlink()
    store = Store.open(root)
    assert [e.title for e in store.entries()] == ["Item 3"]
    store.add_feed(sub())
    assert [(e.title, e.read) for e in store.entries()] == [
        ("Item 3", False), ("Item 1", False), ("Item 2", True)
    ]
    store.close()


# -- failed writes ------------------------------------------------------------------------


def test_a_failed_write_is_kept_in_memory_and_retried(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded(root)
    store = Store.open(root)
    ids = [e.id for e in store.entries(feed=URL_A)]
    with monkeypatch.context() as patch:
        no_space(patch)
        assert store.mark_read(ids) == 2
        store.tag_feed(URL_B, ["later"])
        assert not store.saved
        assert store.retry() is False
    assert store.unread_counts()[URL_A] == 0
    assert any("No space left on device" in n for n in store.notices)
    assert Store.open(root, mode="read").unread_counts()[URL_A] == 2
    assert store.retry() is True and store.saved
    reread = Store.open(root, mode="read")
    assert reread.unread_counts()[URL_A] == 0
    feed_b = reread.feed(URL_B)
    assert feed_b is not None and feed_b.tags == ("later",)
    store.close()
