"""One article's annotations: their own TinyDB file, indexed by id in memory.

Keeping each article in its own file is what makes a save cost the same with
ten or a hundred thousand annotations in the library: only the article being
annotated is serialised and fsynced. The id index avoids TinyDB's linear
query scan for the common get/replace/delete by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from operator import attrgetter
from typing import Any

from tinydb.storages import Storage

from reader.annotations.clean import record_uri
from reader.annotations.model import Annotation
from reader.store.backend import durable, held, is_dirty
from reader.store.tables import InPlaceDB

ANNOTATIONS = "annotations"
META = "meta"
FORMAT = 1
_DOCUMENT_ORDER = attrgetter("start", "end", "created", "id")


def newer(candidate: str, current: str) -> bool:
    """Is ISO time ``candidate`` later than ``current`` (offsets respected)?"""
    try:
        return datetime.fromisoformat(candidate) > datetime.fromisoformat(current)
    except (TypeError, ValueError):
        return candidate > current


def tag_counts(anns: Iterable[Annotation]) -> dict[str, list[Any]]:
    """Tag counts keyed case-insensitively: [first spelling, count, its created time]."""
    counts: dict[str, list[Any]] = {}
    for ann in anns:
        for tag in ann.tags:
            entry = counts.get(tag.casefold())
            if entry is None:
                counts[tag.casefold()] = [tag, 1, ann.created]
                continue
            entry[1] += 1
            if ann.created < entry[2]:
                entry[0], entry[2] = tag, ann.created
    return counts


class Shard:
    """The annotations of one article (``uri``), stored under ``key``."""

    def __init__(self, key: str, storage: Storage, uri: str = "") -> None:
        self.key = key
        self.storage = storage
        self.db = InPlaceDB(storage)
        self._table = self.db.table(ANNOTATIONS)
        self._meta = self.db.table(META)
        meta = self._meta.get(doc_id=1)
        self.uri: str = record_uri(meta["uri"]) if isinstance(meta, dict) and "uri" in meta else uri
        self.skipped = 0
        self._by_id: dict[str, tuple[int, Annotation]] = {}
        self._sorted: list[Annotation] | None = None
        for key, doc in self._stored().items():
            try:
                ann = Annotation.from_dict(doc)
                doc_id = int(key)
            except (KeyError, TypeError, ValueError):
                self.skipped += 1  # kept in the file untouched, just not shown
                continue
            self._by_id[ann.id] = (doc_id, ann)

    def _stored(self) -> dict[str, Any]:
        """The annotations table as stored (``{"doc id": dict}``), read but not copied.

        TinyDB's ``all()`` would copy every document into a ``Document`` only
        for ``from_dict`` to read it once; at ten thousand annotations that
        copy costs as much as building the annotations.
        """
        table = (self.storage.read() or {}).get(ANNOTATIONS)
        return table if isinstance(table, dict) else {}

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.sorted())

    def get(self, ann_id: str) -> Annotation | None:
        found = self._by_id.get(ann_id)
        return found[1] if found else None

    def sorted(self) -> list[Annotation]:
        """All annotations in document order (cached until the next change)."""
        if self._sorted is None:
            self._sorted = sorted((ann for _, ann in self._by_id.values()), key=_DOCUMENT_ORDER)
        return self._sorted

    def tag_counts(self) -> dict[str, list[Any]]:
        return tag_counts(ann for _, ann in self._by_id.values())

    def put(self, ann: Annotation) -> Annotation | None:
        """Insert or replace ``ann`` by id; returns the one it replaced."""
        previous = self._by_id.get(ann.id)
        with held([self.storage]):
            self._ensure_meta()
            if previous is None:
                doc_id = self._table.insert(ann.to_dict())
            else:
                doc_id = previous[0]
                self._table.update(ann.to_dict(), doc_ids=[doc_id])
        self._by_id[ann.id] = (doc_id, ann)
        self._sorted = None
        self._flush()
        return previous[1] if previous else None

    def remove(self, ann_id: str) -> Annotation | None:
        previous = self._by_id.pop(ann_id, None)
        if previous is None:
            return None
        self._table.remove(doc_ids=[previous[0]])
        self._sorted = None
        self._flush()
        return previous[1]

    def merge(
        self, anns: Iterable[Annotation], undated: frozenset[str] = frozenset()
    ) -> tuple[int, int, int, int]:
        """Import by id: new ones added, newer ones replace, the rest kept as they are.

        A local copy is replaced only by one modified later: an edit made here
        since the file was written is never lost, and an incoming annotation
        whose file gave no time (its id in ``undated``) never replaces one.
        Changes stay in memory (the store writes all touched files together);
        returns (added, updated, unchanged, kept), ``kept`` counting the local
        copies that differ from the file's and were kept because they are
        newer (or the file's has no time). Two TinyDB writes whatever the count.
        """
        incoming: dict[str, Annotation] = {}
        added = updated = unchanged = kept = 0
        for ann in anns:
            current = incoming.get(ann.id) or self.get(ann.id)
            if current is None:
                added += 1
            elif current == ann:
                unchanged += 1
                continue
            elif ann.id in undated or not newer(ann.modified, current.modified):
                kept += 1
                continue
            else:
                updated += 1
            incoming[ann.id] = ann
        if not incoming:
            return added, updated, unchanged, kept
        replaced = [self._by_id[i][0] for i in incoming if i in self._by_id]
        with held([self.storage]):
            self._ensure_meta()
            if replaced:
                self._table.remove(doc_ids=replaced)
            doc_ids = self._table.insert_multiple(a.to_dict() for a in incoming.values())
        for doc_id, ann in zip(doc_ids, incoming.values(), strict=True):
            self._by_id[ann.id] = (doc_id, ann)
        self._sorted = None
        return added, updated, unchanged, kept

    @property
    def dirty(self) -> bool:
        return is_dirty(self.storage)

    def _ensure_meta(self) -> None:
        if self._meta.get(doc_id=1) is None:
            self._meta.insert({"uri": self.uri, "format": FORMAT})

    def _flush(self) -> None:
        if (file_storage := durable(self.storage)) is not None:
            file_storage.flush()
