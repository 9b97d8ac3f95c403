"""The Store's feed API, run against memory storage and real files alike."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from reader.feeds.model import READ_LATER, Entry, entry_id
from reader.store.entry_order import REBUILD_OVER
from reader.store.feed_methods import FeedError
from reader.store.store import Store
from tests.unit.samples import URI_A, make
from tests.unit.store.feed_samples import LATER, NOW, URL_A, URL_B, item, listing_key, sub


def everything(store: Store) -> list[Entry]:
    """Every entry, read feed by feed: what the listing's order must agree with."""
    return [e for url in [s.url for s in store.feeds()] + [READ_LATER]
            for e in store.entries(feed=url)]


# -- subscriptions -----------------------------------------------------------------------


def test_add_list_and_get_feeds(store: Store) -> None:
    store.add_feed(sub(URL_B, "beta"))
    added = store.add_feed(sub(URL_A, "Alpha", tags=("News",)))
    assert added == sub(URL_A, "Alpha", tags=("News",))
    assert [s.title for s in store.feeds()] == ["Alpha", "beta"]
    assert store.feed(URL_A) == added
    assert store.feed("https://example.com/none.xml") is None
    assert store.unread_counts() == {URL_A: 0, URL_B: 0}


def test_adding_a_feed_twice_or_a_bad_address_is_refused(store: Store) -> None:
    store.add_feed(sub())
    with pytest.raises(FeedError, match="already subscribed"):
        store.add_feed(sub(title="Again"))
    with pytest.raises(FeedError, match="cannot subscribe"):
        store.add_feed(sub("javascript:alert(1)"))
    assert [s.title for s in store.feeds()] == ["Alpha"]


def test_added_text_is_cleaned_and_an_empty_title_waits_for_a_refresh(store: Store) -> None:
    added = store.add_feed(sub(title="", tags=("a\x1b[2J", "A", " ", "two\nlines")))
    assert (added.title, added.tags) == ("", ("a", "two lines"))
    assert store.update_feed(sub(title="The feed's own", checked=NOW)).title == "The feed's own"
    assert store.update_feed(sub(title="Renamed by the feed", checked=LATER)).title == (
        "The feed's own"
    )


def test_rename_and_tag(store: Store) -> None:
    store.add_feed(sub(tags=("old",)))
    assert store.rename_feed(URL_A, "  My feed ").title == "My feed"
    assert store.tag_feed(URL_A, ["World", "world", "Syria"]).tags == ("World", "Syria")
    assert store.feed(URL_A) == sub(title="My feed", tags=("World", "Syria"))
    assert store.tag_feed(URL_A, []).tags == ()
    with pytest.raises(FeedError, match="title"):
        store.rename_feed(URL_A, " \x07")
    with pytest.raises(FeedError, match="no subscription"):
        store.rename_feed(URL_B, "B")
    with pytest.raises(FeedError, match="no subscription"):
        store.tag_feed(URL_B, ["x"])


def test_update_feed_records_the_refresh_and_keeps_the_users_title_and_tags(
    store: Store,
) -> None:
    store.add_feed(sub(title="Mine", tags=("t",)))
    refreshed = sub(title="The feed's own", etag='"abc"', last_modified="Sun, 01 Mar 2026",
                    checked=NOW, retry_after=LATER, error="HTTP 503")
    assert store.update_feed(refreshed) == sub(
        title="Mine", tags=("t",), etag='"abc"', last_modified="Sun, 01 Mar 2026",
        checked=NOW, retry_after=LATER, error="HTTP 503",
    )
    assert store.update_feed(replace(refreshed, error="")).error == ""
    with pytest.raises(FeedError):
        store.update_feed(sub(URL_B))


def test_remove_feed_takes_its_entries_and_leaves_annotations(store: Store) -> None:
    store.add_feed(sub())
    store.add_feed(sub(URL_B, "Beta"))
    store.merge_entries(URL_A, [item(1), item(2)], NOW)
    store.merge_entries(URL_B, [item(3)], NOW)
    ann = make(URI_A, tags=("kept",))
    store.put(ann)
    assert len(store.entries()) == 3  # the order is built: removal must update it
    assert store.remove_feed(URL_A) == 2
    assert store.feed(URL_A) is None
    assert [e.title for e in store.entries()] == ["Item 3"]
    assert store.entries(feed=URL_A) == []
    assert store.unread_counts() == {URL_B: 1}
    assert store.annotations(URI_A) == [ann]
    with pytest.raises(FeedError):
        store.remove_feed(URL_A)
    store.add_feed(sub())  # subscribing again starts afresh
    assert store.entries(feed=URL_A) == []


# -- merging -------------------------------------------------------------------------------


def test_merge_adds_new_items_and_dedupes_by_guid(store: Store) -> None:
    store.add_feed(sub())
    assert store.merge_entries(URL_A, [item(1), item(2), item(3)], NOW) == (3, 0)
    assert store.merge_entries(URL_A, [item(2), item(3), item(4)], LATER) == (1, 0)
    entries = store.entries(feed=URL_A)
    assert [e.title for e in entries] == ["Item 4", "Item 3", "Item 2", "Item 1"]
    first = entries[-1]
    assert first.id == entry_id(URL_A, item(1).guid) and first.feed == URL_A
    assert (first.added, entries[0].added) == (NOW, LATER)
    assert (first.link, first.summary, first.content) == (
        "https://example.org/1", "About item 1.", "<p>Item 1.</p>"
    )


def test_a_changed_item_is_updated_and_keeps_its_read_and_starred_state(store: Store) -> None:
    store.add_feed(sub())
    store.merge_entries(URL_A, [item(1), item(2)], NOW)
    one = store.entries(feed=URL_A)[-1]
    store.mark_read([one.id])
    store.star(one.id)
    changed = item(1, title="Item 1, corrected", content="<p>More.</p>", full=True)
    assert store.merge_entries(URL_A, [changed, item(2)], LATER) == (0, 1)
    now = store.entry(one.id)
    assert now == replace(one, title="Item 1, corrected", content="<p>More.</p>", full=True,
                          read=True, starred=True)
    assert now is not None and now.added == NOW


def test_link_dedupes_when_a_feed_starts_or_stops_giving_ids(store: Store) -> None:
    store.add_feed(sub())
    no_id = item(1, guid="")  # the parser's guid is then the link
    assert store.merge_entries(URL_A, [no_id], NOW) == (1, 0)
    before = store.entries()[0]
    assert before.guid == no_id.link
    store.mark_read([before.id])
    assert store.merge_entries(URL_A, [item(1, guid="tag:new-id")], LATER) == (0, 1)
    after = store.entries()
    assert [(e.id, e.guid, e.read) for e in after] == [(before.id, "tag:new-id", True)]
    assert store.merge_entries(URL_A, [item(1, guid="tag:new-id")], LATER) == (0, 0)
    assert store.merge_entries(URL_A, [item(1, guid="")], LATER) == (0, 1)  # stops again
    assert len(store.entries()) == 1


def test_items_sharing_a_link_with_ids_of_their_own_stay_apart(store: Store) -> None:
    store.add_feed(sub())
    show = "https://example.org/show"
    assert store.merge_entries(URL_A, [item(1, link=show), item(2, link=show)], NOW) == (2, 0)
    assert store.merge_entries(URL_A, [item(3, link=show)], LATER) == (1, 0)
    assert len(store.entries()) == 3


def test_an_item_listed_twice_or_without_guid_and_link(store: Store) -> None:
    store.add_feed(sub())
    items = [item(1), item(1, title="Again"), item(2, guid="", link="")]
    assert store.merge_entries(URL_A, items, NOW) == (1, 0)
    assert [e.title for e in store.entries()] == ["Item 1"]


def test_merge_needs_a_subscription(store: Store) -> None:
    with pytest.raises(FeedError, match="no subscription"):
        store.merge_entries(URL_A, [item(1)], NOW)
    with pytest.raises(FeedError):
        store.merge_entries(READ_LATER, [item(1)], NOW)


# -- listing -------------------------------------------------------------------------------


def test_unread_first_then_newest_by_published_else_added(store: Store) -> None:
    store.add_feed(sub())
    store.add_feed(sub(URL_B, "Beta"))
    store.merge_entries(URL_A, [item(6), item(1, published=""), item(3)], NOW)  # 1: added
    store.merge_entries(URL_B, [item(4, published="2026-02-05T09:00:00+02:00"),  # 07:00Z
                                item(2, published="2026-02-05T08:00:00+00:00")], NOW)
    assert [e.title for e in store.entries()] == ["Item 1", "Item 6", "Item 2", "Item 4",
                                                  "Item 3"]
    store.mark_read([e.id for e in store.entries() if e.title in ("Item 1", "Item 6")])
    assert [e.title for e in store.entries()] == ["Item 2", "Item 4", "Item 3", "Item 1",
                                                  "Item 6"]


def test_filters_combine(store: Store) -> None:
    store.add_feed(sub(tags=("World",)))
    store.add_feed(sub(URL_B, "Beta", tags=("tech",)))
    store.merge_entries(URL_A, [item(1, title="Syria talks"), item(2), item(3)], NOW)
    store.merge_entries(URL_B, [item(4, title="Talks on chips"), item(5)], NOW)
    ids = {e.title: e.id for e in store.entries()}
    store.mark_read([ids["Item 2"], ids["Item 5"]])
    store.star(ids["Syria talks"])
    store.star(ids["Item 5"])

    def titles(**filters: object) -> list[str]:
        return [e.title for e in store.entries(**filters)]  # type: ignore[arg-type]

    assert titles(feed=URL_A) == ["Item 3", "Syria talks", "Item 2"]
    assert titles(feed=URL_A, unread=True) == ["Item 3", "Syria talks"]
    assert titles(feed=URL_A, unread=False) == ["Item 2"]
    assert titles(tag="world") == titles(feed=URL_A)
    assert titles(tag="TECH", unread=False) == ["Item 5"]
    assert titles(tag="none") == [] and titles(feed="https://example.com/x") == []
    assert titles(starred=True) == ["Syria talks", "Item 5"]
    assert titles(starred=False, unread=True) == ["Talks on chips", "Item 3"]
    assert titles(search="TALKS") == ["Talks on chips", "Syria talks"]
    assert titles(search="talks syria") == ["Syria talks"]
    assert titles(search="talks", tag="tech") == ["Talks on chips"]
    assert titles(limit=2) == ["Talks on chips", "Item 3"]
    assert titles(unread=True, limit=0) == []
    assert titles(feed=URL_B, starred=True, limit=1) == ["Item 5"]


def test_mark_read_and_star(store: Store) -> None:
    store.add_feed(sub())
    store.merge_entries(URL_A, [item(1), item(2)], NOW)
    ids = [e.id for e in store.entries()]
    assert store.mark_read(ids) == 2
    assert store.mark_read(ids) == 0
    assert store.mark_read([ids[0], "urn:x-reader:entry:none"], read=False) == 1
    assert store.unread_counts() == {URL_A: 1}
    starred = store.star(ids[1])
    assert starred is not None and starred.starred and starred.read
    assert store.star(ids[1], starred=False) == replace(starred, starred=False)
    assert store.star("urn:x-reader:entry:none") is None
    assert store.entry("urn:x-reader:entry:none") is None


def test_save_for_later_dedupes_by_url(store: Store) -> None:
    store.add_feed(sub())
    store.merge_entries(URL_A, [item(1)], "2026-01-01T00:00:00+00:00")
    saved = store.save_for_later("https://example.com/page", "A page")
    assert (saved.feed, saved.link, saved.title, saved.read) == (
        READ_LATER, "https://example.com/page", "A page", False
    )
    assert store.save_for_later("https://example.com/page", "Other title") == saved
    assert store.entries(feed=READ_LATER) == [saved]
    assert store.entries()[0] == saved  # newest: saved after the feed's item was seen
    assert store.unread_counts() == {URL_A: 1, READ_LATER: 1}
    assert store.entry(saved.id) == saved
    store.mark_read([saved.id])
    assert store.unread_counts()[READ_LATER] == 0
    with pytest.raises(FeedError, match="cannot save"):
        store.save_for_later("javascript:alert(1)", "x")
    assert store.save_for_later("https://example.com/other", "").title == (
        "https://example.com/other"
    )


def test_the_kept_order_follows_every_change(store: Store) -> None:
    """The listing across feeds is kept sorted as entries change: it must always agree
    with sorting every entry afresh."""
    rng = random.Random(7)
    store.add_feed(sub())
    store.add_feed(sub(URL_B, "Beta"))
    store.merge_entries(URL_A, [item(n) for n in range(1, 15)], NOW)
    store.merge_entries(URL_B, [item(n, guid=f"b{n}") for n in range(5, 25)], NOW)
    assert store.entries() == sorted(everything(store), key=listing_key)
    for step in range(60):
        ids = [e.id for e in store.entries()]
        choice = step % 5
        if choice == 0:
            store.mark_read(rng.sample(ids, 3), read=rng.random() < 0.7)
        elif choice == 1:
            store.star(rng.choice(ids), starred=rng.random() < 0.5)
        elif choice == 2:
            n = rng.randrange(1, 28)
            store.merge_entries(URL_A, [item(n, title=f"Item {n} v{step}")], LATER)
        elif choice == 3:
            store.save_for_later(f"https://example.com/{rng.randrange(10)}", "page")
        else:
            day = rng.randrange(1, 28)
            store.merge_entries(URL_B, [item(day, guid=f"b{day}",
                                             published=f"2026-01-{day:02d}T00:00:00+00:00")], NOW)
        assert store.entries() == sorted(everything(store), key=listing_key), step
        assert store.entries(unread=True) == [e for e in store.entries() if not e.read]


def test_many_changes_at_once_keep_the_order_right(store: Store) -> None:
    store.add_feed(sub())
    many = [item(1, guid=f"g{n}", link=f"https://example.org/{n}",
                 published=f"2026-02-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00")
            for n in range(REBUILD_OVER + 100)]
    assert store.merge_entries(URL_A, many[:10], NOW) == (10, 0)
    store.entries()
    assert store.merge_entries(URL_A, many, NOW) == (len(many) - 10, 0)
    assert store.entries() == sorted(everything(store), key=listing_key)
    assert store.mark_read([e.id for e in store.entries()][: REBUILD_OVER + 1]) == REBUILD_OVER + 1
    assert store.entries() == sorted(everything(store), key=listing_key)
    assert len(store.entries(unread=True)) == 99
