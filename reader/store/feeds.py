"""``feeds.json``: the subscriptions, one record per feed url.

A small file (hundreds of records at most), so it is indexed in memory by
url and rewritten whole on a change, like ``library.json``. The entries of
each feed live apart (:mod:`reader.store.entries`): renaming or tagging a
feed, or recording a refresh, never rewrites them.

The file may be anyone's (a restored backup, a hand edit), so every record
is cleaned as it is read, and one whose url is not one the reader keeps is
left out (and left in the file), as the library does with articles.
"""

from __future__ import annotations

from typing import Any

from tinydb.storages import Storage

from reader.annotations.clean import BadURI, check_uri, clean_line
from reader.feeds.model import Subscription
from reader.store.backend import flush_storage, held, is_dirty
from reader.store.tables import InPlaceDB

FEEDS = "feeds"
META = "meta"
FORMAT = 1


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags on one line each, empty ones dropped, the first spelling of each kept."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags if isinstance(tags, list | tuple) else ():
        name = " ".join(clean_line(str(tag)).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)


def subscription(doc: dict[str, Any]) -> Subscription | None:
    """The subscription ``doc`` records, cleaned; None when its url is not one we keep."""
    try:
        url = check_uri(str(doc.get("url", "")))
    except BadURI:
        return None

    def line(name: str) -> str:
        return clean_line(str(doc.get(name, "")))

    return Subscription(
        url=url, title=line("title"), tags=clean_tags(doc.get("tags")),
        etag=line("etag"), last_modified=line("last_modified"), checked=line("checked"),
        retry_after=line("retry_after"), error=line("error"),
    )


def record(sub: Subscription) -> dict[str, Any]:
    """What the file holds for ``sub``: every field, with its type (see shapes)."""
    return {
        "url": sub.url, "title": sub.title, "tags": list(sub.tags), "etag": sub.etag,
        "last_modified": sub.last_modified, "checked": sub.checked,
        "retry_after": sub.retry_after, "error": sub.error,
    }


class Subscriptions:
    """The subscriptions over one TinyDB storage, by url."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.db = InPlaceDB(storage)
        self._table = self.db.table(FEEDS)
        self._meta = self.db.table(META)
        self._by_url: dict[str, tuple[int, Subscription]] = {}
        self._doubles: dict[str, list[int]] = {}  # a hand-edited file's other records of a url
        table = (storage.read() or {}).get(FEEDS) or {}
        for key, doc in table.items():
            sub = subscription(doc) if isinstance(doc, dict) else None
            if sub is None or not key.isdecimal():
                continue
            if sub.url in self._by_url:
                self._doubles.setdefault(sub.url, []).append(int(key))
            else:
                self._by_url[sub.url] = (int(key), sub)

    def get(self, url: str) -> Subscription | None:
        found = self._by_url.get(url)
        return found[1] if found else None

    def __contains__(self, url: str) -> bool:
        return url in self._by_url

    def all(self) -> list[Subscription]:
        """Every subscription by title (any case), then url: the order lists show."""
        subs = [sub for _, sub in self._by_url.values()]
        return sorted(subs, key=lambda s: (s.title.casefold(), s.title, s.url))

    def put(self, sub: Subscription) -> None:
        """Insert or replace ``sub`` by url, in one write (kept in memory if it fails)."""
        found = self._by_url.get(sub.url)
        with held([self.storage]):
            if self._meta.get(doc_id=1) is None:
                self._meta.insert({"format": FORMAT})
            if found is None:
                doc_id = self._table.insert(record(sub))
            else:
                doc_id = found[0]
                self._table.update(record(sub), doc_ids=[doc_id])
        self._by_url[sub.url] = (doc_id, sub)
        self.flush()

    def remove(self, url: str) -> Subscription | None:
        """Drop the subscription (every record of it); written at once."""
        found = self._by_url.pop(url, None)
        if found is not None:
            self._table.remove(doc_ids=[found[0], *self._doubles.pop(url, ())])
        return found[1] if found else None

    @property
    def dirty(self) -> bool:
        return is_dirty(self.storage)

    def flush(self, *, failed_only: bool = False) -> None:
        flush_storage(self.storage, failed_only=failed_only)
