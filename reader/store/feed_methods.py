"""The store's feed methods: subscriptions, entries, read and starred, read later.

A mixin of :class:`reader.store.store.Store`, so the command line and the
app reach feeds and annotations through one object, one lock and one
mutex; the work is :class:`FeedStore`'s. The files are read on the first
feed call (a session that only annotates never opens them) and again after
``reload()``.

Every change is refused with :class:`StoreWriteError` in a read-only store
(a second window, or ``mode="read"``) before anything changes. A change
that the disk refuses stays in memory, is told in ``notices`` and retried
on the next change, ``flush()`` or ``retry()``, as for annotations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from reader.annotations.clean import clean_line
from reader.annotations.model import now_iso
from reader.feeds.model import Entry, FeedEntry, Subscription
from reader.store.backend import Backend
from reader.store.batch import StoreWriteError
from reader.store.feeds import clean_tags
from reader.store.feedstore import FeedError, FeedStore
from reader.store.mutex import locked

__all__ = ["FeedError", "FeedMethods"]


class FeedMethods:
    """Feeds on the store; ``_feed_store`` is reset to None by each (re)load."""

    read_only: bool
    notices: list[str]
    _mutex: threading.RLock
    _backend: Backend
    _feed_store: FeedStore | None

    @property
    def _feeds(self) -> FeedStore:
        if self._feed_store is None:
            self._feed_store = FeedStore(self._backend, self.notices)
        return self._feed_store

    def _feeds_to_change(self, what: str) -> FeedStore:
        if self.read_only:
            raise StoreWriteError(f"{what}: feeds are read-only; close the other reader")
        feeds = self._feeds
        feeds.flush(failed_only=True)  # earlier failures: try again now
        return feeds

    # -- subscriptions ----------------------------------------------------------------

    @locked
    def add_feed(self, sub: Subscription) -> Subscription:
        """Subscribe; :class:`FeedError` if already subscribed. Returns it as stored (cleaned;
        an empty title stays empty until a refresh gives the feed's own)."""
        return self._feeds_to_change("subscribing").add(sub)

    @locked
    def feeds(self) -> list[Subscription]:
        """Every subscription, by title (any case)."""
        return self._feeds.subs.all()

    @locked
    def feed(self, url: str) -> Subscription | None:
        return self._feeds.subs.get(url)

    @locked
    def remove_feed(self, url: str) -> int:
        """Unsubscribe, its entries with it (their file set aside); annotations stay.
        Returns how many entries went."""
        return self._feeds_to_change("unsubscribing").remove(url)

    @locked
    def rename_feed(self, url: str, title: str) -> Subscription:
        name = clean_line(title).strip()
        if not name:
            raise FeedError("a feed needs a title")
        return self._feeds_to_change("renaming the feed").change(url, title=name)

    @locked
    def tag_feed(self, url: str, tags: Iterable[str]) -> Subscription:
        """Replace the feed's tags (cleaned, one spelling of each kept)."""
        return self._feeds_to_change("tagging the feed").change(url, tags=clean_tags(list(tags)))

    @locked
    def update_feed(self, sub: Subscription) -> Subscription:
        """Record a refresh: validators, checked, retry_after and error from ``sub``
        (title and tags are the user's and stay; an empty title takes ``sub``'s)."""
        return self._feeds_to_change("saving the refresh").refreshed(sub)

    # -- entries -------------------------------------------------------------------------

    @locked
    def merge_entries(
        self, feed_url: str, parsed: Sequence[FeedEntry], now: str
    ) -> tuple[int, int]:
        """Keep a refresh's items: (added, updated). Deduped by guid, then by link
        (see :meth:`EntryFile.merge`); an updated entry keeps its read and starred
        state. ``now`` (ISO 8601) is the new ones' ``added``. One file written."""
        return self._feeds_to_change("saving the entries").merge(feed_url, parsed, now)

    @locked
    def entries(
        self,
        feed: str | None = None,
        tag: str | None = None,
        unread: bool | None = None,
        starred: bool | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries, unread first then newest (published, else added). ``None``: any.

        ``feed`` a feed's url (or READ_LATER); ``tag`` the feeds with that tag;
        ``search`` every word in the title.
        """
        return self._feeds.entries(feed, tag, unread, starred, search, limit)

    @locked
    def entry(self, entry_id: str) -> Entry | None:
        return self._feeds.entry(entry_id)

    @locked
    def mark_read(self, ids: Iterable[str], read: bool = True) -> int:
        """Mark entries read (or unread); how many changed. One write per feed touched."""
        return len(self._feeds_to_change("marking read").set_flags(ids, read=read))

    @locked
    def star(self, entry_id: str, starred: bool = True) -> Entry | None:
        """Star (or unstar) an entry; the entry as it is now, None when there is none."""
        self._feeds_to_change("starring").set_flags([entry_id], starred=starred)
        return self._feeds.entry(entry_id)

    @locked
    def save_for_later(self, url: str, title: str) -> Entry:
        """Queue a page in the read-later list; the entry already there for ``url`` if any."""
        return self._feeds_to_change("saving for later").save_for_later(url, title, now_iso())

    @locked
    def unread_counts(self) -> dict[str, int]:
        """Unread entries by feed url: every feed, and READ_LATER when it holds any."""
        return self._feeds.unread_counts()

    # -- for the store's lifecycle ---------------------------------------------------------

    def _feeds_dirty(self) -> bool:
        return self._feed_store is not None and self._feed_store.dirty

    def _flush_feeds(self) -> None:
        if self._feed_store is not None:
            self._feed_store.flush()
