"""The article files a store has open: each read once, on first use, by key.

The store asks here for an article's :class:`Shard`; this keeps the open
ones, tells about annotations a file holds but nobody can read, recounts
the articles whose file changed behind the library's back, and writes
several of them as one change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reader.annotations.model import Annotation
from reader.store import paths
from reader.store.backend import Backend, durable
from reader.store.batch import (
    ImportResult,
    StoreWriteError,
    WriteFailed,
    by_article,
    deferred,
    write_all,
)
from reader.store.library import Library
from reader.store.shard import Shard


class ArticleFiles:
    """The open :class:`Shard` s over ``backend``; ``notices`` hears of unreadable ones."""

    def __init__(self, backend: Backend, notices: list[str]) -> None:
        self.backend = backend
        self.notices = notices
        self._open: dict[str, Shard] = {}

    def get(self, uri: str) -> Shard:
        """The article's shard, opened (and kept open) on first use."""
        key = paths.article_key(uri)
        shard = self._open.get(key)
        if shard is None:
            shard = self._open[key] = Shard(key, self.backend.shard(key), uri)
            if shard.skipped:
                self.notices.append(
                    f"{shard.skipped} unreadable annotation(s) in {key}.json left as they are"
                )
        return shard

    def peek(self, uri: str) -> Shard | None:
        """The article's shard if it is open, without opening it."""
        return self._open.get(paths.article_key(uri))

    def read(self, uri: str) -> Shard:
        """The article's shard, the open one or read for this once (not kept open)."""
        key = paths.article_key(uri)
        return self._open.get(key) or Shard(key, self.backend.shard(key), uri)

    def forget(self, shard: Shard) -> None:
        """Close ``shard``: the next use reads its file again, as it is on disk."""
        self._open.pop(shard.key, None)

    def __iter__(self) -> Iterator[Shard]:
        return iter(list(self._open.values()))

    @property
    def dirty(self) -> bool:
        return any(shard.dirty for shard in self._open.values())

    def signature(self, shard: Shard) -> Any:
        """The file's fingerprint, or None while its changes are in memory only."""
        return None if shard.dirty else self.backend.signature(shard.key)

    def flush(self, *, failed_only: bool = False) -> None:
        """Write what the open files hold in memory (``failed_only``: earlier failures)."""
        for shard in self:
            file_storage = durable(shard.storage)
            if file_storage is not None and (not failed_only or file_storage.error is not None):
                file_storage.flush()

    def reconcile(self, library: Library) -> None:
        """Recount, in ``library``, the articles whose file changed since it last saw them."""
        on_disk = self.backend.shard_keys()
        known = library.fingerprints()
        for key in sorted(on_disk):
            uri, seen = known.get(key, ("", None))
            current = self.backend.signature(key)
            if key in known and seen == current:
                continue
            shard = Shard(key, self.backend.shard(key), uri)
            if not shard.uri:
                self.notices.append(f"{paths.SHARDS_DIR}/{key}.json names no article: ignored")
                continue
            current = self.signature(shard)  # loading may have restored a backup
            library.summarise(shard.uri, key, len(shard), shard.tag_counts(), current)
        for key, (uri, seen) in known.items():
            if seen is not None and key not in on_disk:
                library.summarise(uri, key, 0, {}, None)

    def merge(
        self, anns: Iterable[Annotation], undated: frozenset[str]
    ) -> tuple[list[Shard], ImportResult]:
        """Import ``anns`` into their files, in memory; the files changed and the counts."""
        added = updated = unchanged = kept = 0
        touched: list[Shard] = []
        for uri, group in by_article(anns).items():
            shard = self.get(uri)
            a, u, same, k = shard.merge(group, undated)
            added, updated, unchanged, kept = added + a, updated + u, unchanged + same, kept + k
            if a or u:
                touched.append(shard)
        return touched, ImportResult(added, updated, unchanged + kept, kept)

    def put_all(self, anns: Iterable[Annotation], what: str) -> tuple[list[Shard], int]:
        """Put ``anns`` in their files, in memory; the files changed and how many were put.

        Raises :class:`StoreWriteError` before changing anything when one of
        the files could not be read (it must not be replaced).
        """
        groups = by_article(anns)
        touched = [self.get(uri) for uri in groups]
        for shard in touched:
            file_storage = durable(shard.storage)
            if file_storage is not None and not file_storage.writable:  # could not be read
                raise StoreWriteError(f"{what}: {file_storage.path} cannot be written")
        for shard, group in zip(touched, groups.values(), strict=True):
            with deferred(shard.storage):
                for ann in group:
                    shard.put(ann)
        return touched, sum(len(group) for group in groups.values())

    def write_together(self, touched: list[Shard], library: Library, what: str, again: str) -> None:
        """Write the changed files as one change (``write_all``), then recount them.

        Raises :class:`StoreWriteError` naming ``what`` (and ``again``, the way
        to finish, when part of it was saved); the touched files are then
        closed, so they are read again as they are on disk.
        """
        try:
            write_all([f for t in touched if (f := durable(t.storage)) is not None])
        except WriteFailed as failure:
            for shard in touched:
                self.forget(shard)
            outcome = (
                "nothing was changed" if not failure.replaced
                else f"part of it was saved; {again}"
            )
            raise StoreWriteError(
                f"{what} failed, {outcome}: cannot write {failure.path} ({failure.reason})"
            ) from None
        for shard in touched:
            tags = shard.tag_counts()
            library.summarise(shard.uri, shard.key, len(shard), tags, self.signature(shard))
        library.flush()
