"""The subscriptions and their entries together: what the store's feed methods do.

``feeds.json`` (:mod:`feeds`) says which feeds there are; each one's entries
file (:mod:`entries`) is opened on first use and kept open, so a refresh of
one feed reads and writes that feed's file alone, and a listing across
every feed reads each file once per session. Pages saved to read later are
the entries of the :data:`READ_LATER` pseudo-feed, in a file of their own.

Not thread-safe and not guarded: the :class:`Store` serialises the calls
and refuses them when read-only (:mod:`feed_methods`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reader.annotations.clean import BadURI, check_uri, clean_line
from reader.errors import ReaderError
from reader.feeds.model import READ_LATER, Entry, FeedEntry, Subscription, entry_id
from reader.store import paths
from reader.store.aside import set_aside
from reader.store.backend import Backend, durable
from reader.store.batch import StoreWriteError
from reader.store.entries import EntryFile
from reader.store.entry_order import REBUILD_OVER, EntryOrder, key_of
from reader.store.feeds import Subscriptions, clean_tags


class FeedError(ReaderError):
    """A feed that is not there (or already is); the message names it."""


def _url(url: str, what: str) -> str:
    try:
        return check_uri(url)
    except BadURI as exc:
        raise FeedError(f"cannot {what}: {exc}") from None


class FeedStore:
    """The subscriptions over ``backend.feeds()`` and the entries files of each."""

    def __init__(self, backend: Backend, notices: list[str]) -> None:
        self.backend = backend
        self.notices = notices
        self.subs = Subscriptions(backend.feeds())
        self._files: dict[str, EntryFile] = {}
        self._order = EntryOrder()

    # -- files -----------------------------------------------------------------------

    def file(self, url: str) -> EntryFile:
        """The entries of feed ``url``, read on first use and kept open."""
        found = self._files.get(url)
        if found is None:
            key = paths.feed_key(url)
            found = EntryFile(url, key, self.backend.entries(key), self._order.changed)
            self._files[url] = found
            if self._order.built and len(found):  # a feed added again finds its entries
                self._order.changed([(None, entry) for entry in found])
            if found.skipped:
                self.notices.append(
                    f"{found.skipped} unreadable entr{'y' if found.skipped == 1 else 'ies'} "
                    f"in {paths.ENTRIES_DIR}/{key}.json left as they are"
                )
        return found

    def _urls(self) -> list[str]:
        return [sub.url for sub in self.subs.all()] + [READ_LATER]

    def files(self, urls: Iterable[str] | None = None) -> list[EntryFile]:
        return [self.file(url) for url in (self._urls() if urls is None else urls)]

    def _known(self, url: str) -> Subscription:
        sub = self.subs.get(url)
        if sub is None:
            raise FeedError(f"no subscription to {url}")
        return sub

    # -- subscriptions ----------------------------------------------------------------

    def add(self, sub: Subscription) -> Subscription:
        url = _url(sub.url, "subscribe")
        if url in self.subs:
            raise FeedError(f"already subscribed to {url}")
        fields = {name: clean_line(getattr(sub, name)) for name in
                  ("title", "etag", "last_modified", "checked", "retry_after", "error")}
        added = replace(sub, url=url, tags=clean_tags(sub.tags), **fields)
        self.subs.put(added)
        if self._order.built:
            self.file(url)  # into the order now: a file kept from before has entries
        return added

    def change(self, url: str, **fields: object) -> Subscription:
        """The subscription with ``fields`` replaced (already cleaned), saved."""
        changed = replace(self._known(url), **fields)  # type: ignore[arg-type]
        self.subs.put(changed)
        return changed

    def refreshed(self, sub: Subscription) -> Subscription:
        """Record what a refresh learnt. The user's title and tags stay as they are;
        a feed imported without a title takes the one the refresh found."""
        names = ("etag", "last_modified", "checked", "retry_after", "error")
        fields = {name: clean_line(getattr(sub, name)) for name in names}
        if not self._known(sub.url).title:
            fields["title"] = clean_line(sub.title)
        return self.change(sub.url, **fields)

    def remove(self, url: str) -> int:
        """Unsubscribe; its entries file is set aside (``.removed-<stamp>``). How many went.

        The file goes first: when it cannot be moved, nothing changed.
        """
        self._known(url)
        entries = self.file(url)
        count = len(entries)
        file_storage = durable(entries.storage)
        if file_storage is None:
            entries.db.drop_tables()  # memory: the backend hands this storage out again
        elif file_storage.path.exists():
            try:
                set_aside(file_storage.path)
            except ReaderError as exc:
                raise StoreWriteError(str(exc)) from None
        del self._files[url]
        self.subs.remove(url)
        self._order.changed([(entry, None) for entry in entries])
        return count

    # -- entries ---------------------------------------------------------------------

    def merge(self, url: str, items: Sequence[FeedEntry], now: str) -> tuple[int, int]:
        self._known(url)
        return self.file(url).merge(items, clean_line(now))

    def entries(
        self,
        feed: str | None,
        tag: str | None,
        unread: bool | None,
        starred: bool | None,
        search: str | None,
        limit: int | None,
    ) -> list[Entry]:
        """The entries that pass every filter given, unread first, then newest first.

        Across feeds, from the order kept sorted (:mod:`entry_order`); for one
        feed, its few hundred entries sorted there and then. ``search`` wants
        every word in the title (any case).
        """
        if feed is not None:
            if feed not in self.subs and feed != READ_LATER:
                return []
            one = self.file(feed)
            rows = sorted(one, key=lambda e: key_of(e, one.stamps[e.id]))
            if unread is not None:
                rows = [e for e in rows if e.read is not unread]
        else:
            if not self._order.built:
                self._order.build((e, f.stamps[e.id]) for f in self.files() for e in f)
            rows = self._order.entries(unread)
        if tag is not None:
            folded = " ".join(tag.split()).casefold()
            tagged = {s.url for s in self.subs.all() if folded in (t.casefold() for t in s.tags)}
            rows = [e for e in rows if e.feed in tagged]
        if starred is not None:
            rows = [e for e in rows if e.starred is starred]
        for word in sorted(search.casefold().split(), key=len, reverse=True) if search else ():
            rows = [e for e in rows if word in e.title.casefold()]  # longest word first
        return rows if limit is None else rows[: max(0, limit)]

    def entry(self, entry_id_: str) -> Entry | None:
        for entries in self.files():
            if (found := entries.get(entry_id_)) is not None:
                return found
        return None

    def set_flags(
        self, ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None
    ) -> list[Entry]:
        """Set read/starred on the entries of ``ids`` in every feed; the ones changed.

        Each feed's file is written once, whatever the number of its entries.
        """
        wanted = set(ids)
        if len(wanted) > REBUILD_OVER:
            self._order.clear()  # sorted again on the next listing: cheaper than moving each
        changed: list[Entry] = []
        for entries in self.files():
            if not wanted:
                break
            if len(wanted) < len(entries):
                mine = [i for i in wanted if i in entries]
            else:
                mine = [i for i in entries.ids() if i in wanted]
            if mine:
                wanted.difference_update(mine)
                changed += entries.set_flags(mine, read=read, starred=starred)
        return changed

    def save_for_later(self, url: str, title: str, now: str) -> Entry:
        """The page ``url`` in the read-later list: the one there, or a new unread entry."""
        url = _url(url, "save it")
        later = self.file(READ_LATER)
        found = later.by_link(url)
        if found is not None:
            return found
        title = clean_line(title) or url
        entry = Entry(id=entry_id(READ_LATER, url), feed=READ_LATER, guid=url, link=url,
                      title=title, added=clean_line(now))
        later.add(entry)
        return entry

    def unread_counts(self) -> dict[str, int]:
        """Unread entries per feed (every feed, and read later when it holds any)."""
        counts = {url: self.file(url).unread() for url in self._urls()}
        if not len(self.file(READ_LATER)):
            del counts[READ_LATER]
        return counts

    # -- the files as a whole ------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.subs.dirty or any(entries.dirty for entries in self._files.values())

    def flush(self, *, failed_only: bool = False) -> None:
        self.subs.flush(failed_only=failed_only)
        for entries in list(self._files.values()):
            entries.flush(failed_only=failed_only)
