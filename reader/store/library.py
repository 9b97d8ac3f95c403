"""``library.json``: the articles a reader has opened, with counts and settings.

The library is an index over the per-article files: each article record
keeps its annotation count, its tag counts and the fingerprint of its file
as last seen. Listing articles and tags therefore never opens an article
file, and an article file changed behind the library's back (a crash
between the two writes, another process, a restored backup) is noticed by
its fingerprint and recounted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tinydb.storages import Storage

from reader.annotations.clean import BadURI, check_uri, clean_line, record_uri
from reader.annotations.model import Annotation
from reader.store.backend import durable, held
from reader.store.storage import Signature
from reader.store.tables import InPlaceDB

ARTICLES = "articles"
SETTINGS = "settings"

# casefolded tag -> [spelling, count, created of the annotation that spelling came from]
TagCounts = dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An article as the library knows it (``source``: a path or a uri)."""

    uri: str
    title: str
    source: str
    count: int
    last_opened: str
    position: int


def _record(doc: dict[str, Any]) -> ArticleRecord:
    """The record of ``doc``; its text cleaned, since the file may be anyone's."""
    return ArticleRecord(
        uri=record_uri(doc.get("uri", "")),
        title=clean_line(str(doc.get("title", ""))),
        source=clean_line(str(doc.get("source", ""))),
        count=int(doc.get("count", 0)),
        last_opened=str(doc.get("last_opened", "")),
        position=int(doc.get("position", 0)),
    )


def _keeps(uri: str) -> bool:
    try:
        return check_uri(uri) == uri
    except BadURI:
        return False


def _adjust(tags: TagCounts, ann: Annotation, step: int) -> None:
    """Count ``ann``'s tags in (+1) or out (-1); an older spelling takes over."""
    for name in ann.tags:
        folded = name.casefold()
        entry = tags.get(folded)
        if entry is None:
            if step > 0:
                tags[folded] = [name, step, ann.created]
            continue
        count = int(entry[1]) + step
        since = str(entry[2]) if len(entry) > 2 else ""
        if count <= 0:
            del tags[folded]
        elif step > 0 and ann.created < since:
            tags[folded] = [name, count, ann.created]
        else:
            tags[folded] = [entry[0], count, since]


class Library:
    """Article records and settings over one TinyDB storage."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.db = InPlaceDB(storage)
        self._articles = self.db.table(ARTICLES)
        self._settings = self.db.table(SETTINGS)
        self._by_uri: dict[str, int] = {}
        for doc in self._articles.all():
            if isinstance(doc.get("uri"), str):
                self._by_uri[record_uri(doc["uri"])] = doc.doc_id

    # -- reading -------------------------------------------------------------------

    def _doc(self, uri: str) -> dict[str, Any] | None:
        doc_id = self._by_uri.get(uri)
        return None if doc_id is None else self._articles.get(doc_id=doc_id)

    def record(self, uri: str) -> ArticleRecord | None:
        doc = self._doc(uri)
        return None if doc is None else _record(doc)

    def records(self) -> list[ArticleRecord]:
        """Every article, in the order they entered the library.

        A record whose uri is not one the reader keeps (a hand-edited file's
        ``javascript:``) is left out: nothing could open it, and its
        annotations were refused at load. It stays in the file.
        """
        return [rec for rec in map(_record, self._articles.all()) if _keeps(rec.uri)]

    def fingerprints(self) -> dict[str, tuple[str, Signature | None]]:
        """article key -> (uri, fingerprint of its file when last counted)."""
        out: dict[str, tuple[str, Signature | None]] = {}
        for doc in self._articles.all():
            sig = doc.get("shard")
            fingerprint: Signature | None = (int(sig[0]), int(sig[1]), int(sig[2])) if sig else None
            out[str(doc.get("key", ""))] = (record_uri(doc["uri"]), fingerprint)
        return out

    def tags(self) -> list[tuple[str, int]]:
        """Tags over all articles: case-insensitive, most used first.

        A tag is shown as first spelled: the spelling on the oldest annotation
        carrying it (ties: the article that entered the library first).
        """
        merged: TagCounts = {}
        for doc in self._articles.all():
            for folded, (name, count, *since) in (doc.get("tags") or {}).items():
                first = str(since[0]) if since else ""
                entry = merged.setdefault(folded, [name, 0, first])
                entry[1] = int(entry[1]) + int(count)
                if first < entry[2]:
                    entry[0], entry[2] = name, first
        pairs = [(clean_line(str(name)), int(count))
                 for name, count, _ in merged.values() if int(count) > 0]
        return sorted(pairs, key=lambda p: (-p[1], p[0].casefold(), p[0]))

    def tagged(self, tag: str) -> list[str]:
        """The uris of the articles with ``tag`` (any case), from the counts alone."""
        wanted = " ".join(tag.split()).casefold()
        docs = self._articles.all()
        return [record_uri(doc["uri"]) for doc in docs if wanted in (doc.get("tags") or {})]

    def setting(self, name: str, default: Any = None) -> Any:
        doc = self._settings.get(doc_id=1)
        return default if doc is None else doc.get(name, default)

    # -- writing (held in memory until flush) ---------------------------------------

    def _update(self, uri: str, key: str, fields: dict[str, Any]) -> None:
        doc_id = self._by_uri.get(uri)
        with held([self.storage]):
            if doc_id is None:
                base = {"uri": uri, "key": key, "title": "", "source": "", "count": 0,
                        "last_opened": "", "position": 0, "tags": {}, "shard": None}
                self._by_uri[uri] = self._articles.insert(base | fields)
            else:
                self._articles.update(fields, doc_ids=[doc_id])

    def remember(self, uri: str, key: str, title: str, source: str, now: str | None) -> None:
        fields = {"title": clean_line(title), "source": clean_line(source)}
        self._update(uri, key, fields if now is None else fields | {"last_opened": now})

    def set_position(self, uri: str, key: str, offset: int) -> None:
        doc = self._doc(uri)
        if doc is None or doc.get("position") != offset:
            self._update(uri, key, {"position": int(offset)})

    def account(
        self,
        uri: str,
        key: str,
        old: Annotation | None,
        new: Annotation | None,
        sig: Signature | None,
    ) -> None:
        """Adjust the counts of ``uri`` for one annotation replaced by another."""
        doc = self._doc(uri) or {}
        tags: TagCounts = {k: list(v) for k, v in (doc.get("tags") or {}).items()}
        count = int(doc.get("count", 0)) + (new is not None) - (old is not None)
        if old is not None:
            _adjust(tags, old, -1)
        if new is not None:
            _adjust(tags, new, +1)
        self._update(uri, key, {"count": max(0, count), "tags": tags, "shard": sig})

    def summarise(
        self, uri: str, key: str, count: int, tags: TagCounts, sig: Signature | None
    ) -> None:
        """Replace the counts of ``uri`` with ones recounted from its file."""
        self._update(uri, key, {"count": count, "tags": tags, "shard": sig})

    def forget(self, uri: str) -> None:
        """Drop the records of ``uri`` (a hand-edited file may hold several); held."""
        docs = self._articles.all()
        doc_ids = [doc.doc_id for doc in docs if record_uri(doc.get("uri", "")) == uri]
        if doc_ids:
            self._articles.remove(doc_ids=doc_ids)
        self._by_uri.pop(uri, None)

    def set_setting(self, name: str, value: Any) -> None:
        with held([self.storage]):
            if self._settings.get(doc_id=1) is None:
                self._settings.insert({name: value})
            else:
                self._settings.update({name: value}, doc_ids=[1])

    @property
    def failed(self) -> bool:
        """The last write of the file failed (held changes alone are not a failure)."""
        file_storage = durable(self.storage)
        return file_storage is not None and file_storage.error is not None

    def flush(self) -> bool:
        """Write held changes; True when the file is up to date (or in memory)."""
        file_storage = durable(self.storage)
        return file_storage is None or file_storage.flush()
