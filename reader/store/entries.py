"""``entries/<key>.json``: one feed's entries, their read and starred state.

One file per feed (the key a hash of its url, :func:`paths.feed_key`) so a
refresh rewrites the feed it fetched, never the others, and removing a feed
sets one file aside. Each file is read once and indexed in memory by id,
guid and link: a merge of a hundred parsed items is a few dict lookups, and
listing never goes back to TinyDB.

The file may be anyone's, so each record is cleaned as it is read (the gate
of :mod:`reader.annotations.clean`, as for annotations), its ``feed`` is the
file's own, a link that is not a URI the reader keeps is dropped, and a
record without an id is skipped (left in the file, counted in ``skipped``).
What the store writes is already clean: the parsers built it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from tinydb.storages import Storage

from reader.annotations.clean import BadURI, check_uri, clean_line, clean_text
from reader.feeds.model import Entry, FeedEntry, entry_id
from reader.store.backend import flush_storage, held, is_dirty
from reader.store.tables import InPlaceDB

ENTRIES = "entries"
META = "meta"
FORMAT = 1

Change = tuple[Entry | None, Entry | None]
"""An entry before and after a change (None: not there), told to the listing order."""


def record(entry: Entry) -> dict[str, Any]:
    """What the file holds for ``entry``: every field, with its type (see shapes)."""
    return {
        "id": entry.id, "feed": entry.feed, "guid": entry.guid, "link": entry.link,
        "title": entry.title, "published": entry.published, "author": entry.author,
        "summary": entry.summary, "content": entry.content, "full": entry.full,
        "read": entry.read, "starred": entry.starred, "added": entry.added,
    }


# An http(s) link of plain ASCII that check_uri keeps as it is (no port, no user:
# those take the full check): most links are, and the full check costs 8 µs.
_PLAIN_WEB = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][^\x00-\x20\x7f<>\"{}|\\^`]*)?")
_FIELDS = itemgetter("id", "guid", "link", "title", "published", "author", "added",
                     "summary", "content", "full", "read", "starred")


def _link(value: object) -> str:
    """A link as the reader keeps it, or "" (a ``javascript:`` link is never shown)."""
    link = clean_line(str(value))
    if not link or _PLAIN_WEB.fullmatch(link):
        return link
    try:
        return link if check_uri.__wrapped__(link) == link else ""  # uncached: all distinct
    except BadURI:
        return ""


_PLAIN_LINE = bytes(range(0x20, 0x7F))  # printable ASCII
_PLAIN_TEXT = b"\n" + _PLAIN_LINE


def _clean_already(value: str, *, lines: bool) -> bool:
    """Nothing for the gate to do: printable ASCII only (and line breaks, with
    ``lines``), or other printable text (the gate's own first test). For ASCII,
    ``bytes.translate`` finds what is not plain at four times ``isprintable``'s speed."""
    if value.isascii():
        return not value.encode("ascii").translate(None, _PLAIN_TEXT if lines else _PLAIN_LINE)
    return (value.replace("\n", " ") if lines else value).isprintable()


def _text(value: str) -> str:
    """Free text (summary, content) through the gate, unless clean already."""
    return value if _clean_already(value, lines=True) else clean_text(value)


def loaded(doc: dict[str, Any], feed: str) -> Entry | None:
    """The entry ``doc`` records, cleaned; None without an id.

    The shape check has seen the fields present have their types. Cleaning
    is most of the cost of reading a file, so a record written in full with
    its one-line fields printable (no line break, no control: nothing to
    clean) takes one test for those seven fields.
    """
    try:
        eid, guid, link, title, published, author, added, summary, content, full, read, \
            starred = _FIELDS(doc)
    except KeyError:
        return _partial(doc, feed)
    one_line = "".join((eid, guid, link, title, published, author, added))
    if not _clean_already(one_line, lines=False):
        eid, guid, title, published, author, added = map(
            clean_line, (eid, guid, title, published, author, added)
        )
        link = clean_line(link)
    if not eid:
        return None
    if link and not _PLAIN_WEB.fullmatch(link):
        link = _link(link)
    return Entry(
        id=eid, feed=feed, guid=guid, link=link, title=title, published=published,
        author=author, summary=_text(summary), content=_text(content), full=full is True,
        read=read is True, starred=starred is True, added=added,
    )


def _partial(doc: dict[str, Any], feed: str) -> Entry | None:
    """A record missing fields (another version wrote it): the ones there, cleaned."""
    line = clean_line
    raw_id = doc.get("id")
    if not isinstance(raw_id, str) or not (eid := line(raw_id)):
        return None
    get = doc.get
    return Entry(
        id=eid, feed=feed, guid=line(str(get("guid", ""))), link=_link(get("link", "")),
        title=line(str(get("title", ""))), published=line(str(get("published", ""))),
        author=line(str(get("author", ""))), summary=_text(str(get("summary", ""))),
        content=_text(str(get("content", ""))), full=get("full") is True,
        read=get("read") is True, starred=get("starred") is True,
        added=line(str(get("added", ""))),
    )


def stamp(entry: Entry) -> float:
    """When the entry is from, for "newest first": published, else first seen, else never."""
    for text in (entry.published, entry.added):
        if text:
            try:
                when = datetime.fromisoformat(text)
            except ValueError:
                continue
            return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    return 0.0


def _as_new(feed: str, item: FeedEntry, guid: str, now: str) -> Entry:
    return Entry(
        id=entry_id(feed, guid), feed=feed, guid=guid, link=item.link, title=item.title,
        published=item.published, author=item.author, summary=item.summary,
        content=item.content, full=item.full, added=now,
    )


def _as_update(current: Entry, item: FeedEntry, guid: str) -> Entry:
    """``current`` with the item's text; its id, read, starred and first-seen time kept."""
    return replace(
        current, guid=guid, link=item.link, title=item.title, published=item.published,
        author=item.author, summary=item.summary, content=item.content, full=item.full,
    )


class EntryFile:
    """The entries of the feed ``feed`` over one TinyDB storage, by id.

    ``on_change`` hears of every entry added or replaced, once it is written.
    """

    def __init__(
        self,
        feed: str,
        key: str,
        storage: Storage,
        on_change: Callable[[list[Change]], None] | None = None,
    ) -> None:
        self.feed = feed
        self.key = key
        self.storage = storage
        self.on_change = on_change
        self.db = InPlaceDB(storage)
        self._table = self.db.table(ENTRIES)
        self._meta = self.db.table(META)
        self.skipped = 0
        self._by_id: dict[str, tuple[int, Entry]] = {}
        self._by_guid: dict[str, str] = {}
        self._by_link: dict[str, str] = {}
        self.stamps: dict[str, float] = {}
        """id -> :func:`stamp`, computed once: the sort key of every listing."""
        table = (storage.read() or {}).get(ENTRIES) or {}
        for key_, doc in table.items():
            entry = loaded(doc, feed) if isinstance(doc, dict) else None
            if entry is None or not key_.isdecimal() or entry.id in self._by_id:
                self.skipped += 1  # kept in the file untouched, just not shown
                continue
            self._index(int(key_), entry)

    def _index(self, doc_id: int, entry: Entry) -> None:
        self._by_id[entry.id] = (doc_id, entry)
        self._by_guid.setdefault(entry.guid, entry.id)
        if entry.link:
            self._by_link.setdefault(entry.link, entry.id)
        self.stamps[entry.id] = stamp(entry)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, entry_id_: object) -> bool:
        return entry_id_ in self._by_id

    def __iter__(self) -> Iterator[Entry]:
        return (entry for _, entry in self._by_id.values())

    def ids(self) -> Iterable[str]:
        return self._by_id.keys()

    def get(self, entry_id_: str) -> Entry | None:
        found = self._by_id.get(entry_id_)
        return found[1] if found else None

    def by_link(self, link: str) -> Entry | None:
        found = self._by_link.get(link)
        return self.get(found) if found else None

    def unread(self) -> int:
        return sum(not entry.read for _, entry in self._by_id.values())

    # -- changes: each one TinyDB write held, then one file write -------------------

    def _match(self, item: FeedEntry, guid: str, claimed: set[str]) -> str | None:
        """The stored entry ``item`` is: same guid, else same link when one of the two
        has no id of its own (its guid is its link): a feed that starts or stops
        giving ids does not repeat its entries, and items sharing a link (a
        podcast's show page) stay apart. Each stored entry is matched once."""
        found = self._by_guid.get(guid)
        if found is None and item.link:
            by_link = self._by_link.get(item.link)
            other = self.get(by_link) if by_link else None
            if other is not None and item.link in (guid, other.guid):
                found = other.id
        if found is None and entry_id(self.feed, guid) in self._by_id:
            found = entry_id(self.feed, guid)  # an id its guid would take: the same item
        return found if found is not None and found not in claimed else None

    def merge(self, items: Sequence[FeedEntry], now: str) -> tuple[int, int]:
        """Add the new items, update the ones whose text changed; (added, updated).

        An item without guid or link cannot be told from the next refresh's
        copy of it and is left out. Two TinyDB writes and one file write at
        most, whatever the count.
        """
        new: dict[str, Entry] = {}
        changed: dict[str, Entry] = {}
        claimed: set[str] = set()
        seen: set[str] = set()
        for item in items:
            guid = item.guid or item.link
            if not guid or guid in seen:  # listed twice: the first copy wins
                continue
            seen.add(guid)
            found = self._match(item, guid, claimed)
            if found is None:
                entry = _as_new(self.feed, item, guid, now)
                if entry.id not in self._by_id:  # else its stored copy was claimed already
                    new[entry.id] = entry
                continue
            claimed.add(found)
            current = self._by_id[found][1]
            candidate = _as_update(current, item, guid)
            if candidate != current:
                changed[found] = candidate
        if new or changed:
            self._write(list(new.values()), list(changed.values()))
        return len(new), len(changed)

    def add(self, entry: Entry) -> None:
        self._write([entry], [])

    def set_flags(
        self, ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None
    ) -> list[Entry]:
        """Set read and/or starred on the entries of ``ids`` held here; the ones changed."""
        changed: list[Entry] = []
        for entry_id_ in ids:
            current = self.get(entry_id_)
            if current is None:
                continue
            candidate = replace(
                current,
                read=current.read if read is None else read,
                starred=current.starred if starred is None else starred,
            )
            if candidate != current:
                changed.append(candidate)
        if changed:
            self._write([], changed)
        return changed

    def _write(self, inserts: list[Entry], updates: list[Entry]) -> None:
        with held([self.storage]):
            if self._meta.get(doc_id=1) is None:
                self._meta.insert({"feed": self.feed, "format": FORMAT})
            for entry in updates:
                self._table.update(record(entry), doc_ids=[self._by_id[entry.id][0]])
            doc_ids = self._table.insert_multiple(record(e) for e in inserts) if inserts else []
        changes: list[Change] = [(self._by_id[e.id][1], e) for e in updates]
        changes += [(None, e) for e in inserts]
        for entry in updates:
            self._reindex(entry)
        for doc_id, entry in zip(doc_ids, inserts, strict=True):
            self._index(doc_id, entry)
        self.flush()
        if self.on_change is not None:
            self.on_change(changes)

    def _reindex(self, entry: Entry) -> None:
        doc_id, old = self._by_id[entry.id]
        if old.guid != entry.guid and self._by_guid.get(old.guid) == entry.id:
            del self._by_guid[old.guid]
        if old.link != entry.link and self._by_link.get(old.link) == entry.id:
            del self._by_link[old.link]
        self._index(doc_id, entry)

    # -- the file ------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return is_dirty(self.storage)

    def flush(self, *, failed_only: bool = False) -> None:
        flush_storage(self.storage, failed_only=failed_only)
