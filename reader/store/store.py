"""The annotation store: what the app and the command line read and write.

It ties together the per-article files (:mod:`articles`, :mod:`shard`), the
library index (:mod:`library`), the storages (:mod:`backend`), the one-writer
lock (:mod:`access`, :mod:`lock`), the offline copies of web pages
(:mod:`pages`) and, through :mod:`feed_methods`, the feeds and their entries.
Its promises:

- ``put`` returns True only once the annotation is fsynced on disk; when the
  disk refuses, the change stays in memory, ``notices`` says why (and
  ``last_failure``, as data), and later writes (or ``retry()``) try again;
- a save costs what the article costs, not what the library costs: the
  library index is updated in memory and written by ``flush``/``close`` (or
  the next article open); if that write is lost, the fingerprints recorded in
  it make the next open recount the articles that changed;
- a second app instance opens read-only and can ``reload()`` to follow the
  writer, and becomes the writer on ``retry()`` once the first one closes.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotations.model import Annotation
from reader.errors import ReaderError
from reader.store import paths
from reader.store.access import READ_ONLY_NOTICE, Mode, open_folder
from reader.store.articles import ArticleFiles
from reader.store.aside import set_aside
from reader.store.backend import Backend, FileBackend, MemoryBackend, durable
from reader.store.batch import ImportResult, StoreWriteError
from reader.store.failure import SaveFailure
from reader.store.feed_methods import FeedMethods
from reader.store.library import ArticleRecord, Library
from reader.store.mutex import locked as _locked
from reader.store.pages import MemoryPages, OfflinePages

if TYPE_CHECKING:
    from reader.store.lock import StoreLock

__all__ = [
    "READ_ONLY_NOTICE", "UNSAVED_NOTICE", "ArticleRecord", "ImportResult", "Store",
    "StoreWriteError",
]

UNSAVED_NOTICE = "not saved: annotations are read-only in this window"

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store(FeedMethods):
    """Annotations by article, the article library, tags, reading positions; feeds."""

    def __init__(
        self,
        backend: Backend,
        *,
        read_only: bool = False,
        notices: list[str] | None = None,
        lock: StoreLock | None = None,
        root: Path | None = None,
    ) -> None:
        self.read_only = read_only
        self.notices: list[str] = notices if notices is not None else []
        self.failures: list[SaveFailure] = backend.failures
        self._backend = backend
        self._lock = lock
        self._root = root
        self._mutex = threading.RLock()
        self._pending: list[Callable[[], Any]] = []
        self._told_unsaved = False
        self._closed = False
        self._pages: OfflinePages | MemoryPages | None = None
        self._load()

    @classmethod
    def open(cls, root: Path, *, mode: Mode = "app", lock_timeout: float = 3.0) -> Store:
        """Open the store in ``root``.

        ``app``: take the lock, or open read-only (with a notice) if another
        reader holds it. ``cli``: wait up to ``lock_timeout`` seconds, then
        raise :class:`StoreLockedError`. ``read``: no lock, never writes.
        """
        root = Path(root)
        access = open_folder(root, mode, lock_timeout)
        return cls(
            access.backend, read_only=access.read_only, notices=access.notices,
            lock=access.lock, root=root,
        )

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives in memory only (TinyDB's MemoryStorage everywhere)."""
        return cls(MemoryBackend())

    @property
    def pages(self) -> OfflinePages | MemoryPages:
        """The offline copies of web pages in this store's folder.

        Written under this store's lock while it holds it (never, then, by a
        read-only second window); a store opened without the lock (``read``)
        lets each write take it for a moment.
        """
        if self._pages is None:
            self._pages = (
                MemoryPages() if self._root is None else OfflinePages(self._root, lock=self._lock)
            )
        return self._pages

    # -- loading -------------------------------------------------------------------

    def _load(self) -> None:
        self._library = Library(self._backend.library())
        self._files = ArticleFiles(self._backend, self.notices)
        self._files.reconcile(self._library)
        if not self.read_only:
            self._library.flush()
        self._feed_store = None  # read again on the next feed call

    # -- annotations ---------------------------------------------------------------

    @_locked
    def annotations(self, article_uri: str) -> list[Annotation]:
        """The article's annotations in document order (by start)."""
        return list(self._files.get(article_uri).sorted())

    def all_annotations(self) -> Iterator[Annotation]:
        """Every annotation, article by article; files not open stay unopened after."""
        for record in self.articles():
            with self._mutex:
                if record.count == 0 and self._files.peek(record.uri) is None:
                    continue
                batch = self._files.read(record.uri).sorted()
            yield from batch

    @_locked
    def get(self, article_uri: str, ann_id: str) -> Annotation | None:
        return self._files.get(article_uri).get(ann_id)

    @_locked
    def put(self, ann: Annotation) -> bool:
        """Insert or replace by id. True: on disk. False: in memory only (see notices)."""
        shard = self._files.get(ann.article)
        old = shard.put(ann)
        self._library.account(ann.article, shard.key, old, ann, self._files.signature(shard))
        self._changed(functools.partial(self.put, ann))
        return not self.read_only and not shard.dirty

    @_locked
    def delete(self, article_uri: str, ann_id: str) -> Annotation | None:
        """Remove and return the annotation (None if there was none)."""
        shard = self._files.get(article_uri)
        old = shard.remove(ann_id)
        if old is not None:
            sig = self._files.signature(shard)
            self._library.account(article_uri, shard.key, old, None, sig)
            self._changed(functools.partial(self.delete, article_uri, ann_id))
        return old

    def _changed(self, replay: Callable[[], Any]) -> None:
        if self.read_only:
            if not self._told_unsaved:
                self._told_unsaved = True
                self.notices.append(UNSAVED_NOTICE)
            self._pending.append(replay)
            return
        self._files.flush(failed_only=True)  # earlier failures: try again now

    @_locked
    def import_annotations(
        self, anns: Iterable[Annotation], *, undated: frozenset[str] = frozenset()
    ) -> ImportResult:
        """Merge by id; every touched article file is written, or none changes.

        Raises :class:`StoreWriteError` (a ReaderError) when that fails or the
        store is read-only; the store is then as it was before the call. (If
        a rename fails after others succeeded, the error says so: importing
        again merges the rest, skipping what was saved.)
        """
        if self.read_only:
            raise StoreWriteError("annotations are read-only: close the other reader and retry")
        self.flush()
        if not self.saved:
            raise StoreWriteError("earlier changes are not saved yet; free some space and retry")
        touched, result = self._files.merge(anns, undated)
        self._files.write_together(touched, self._library, "import", "run it again to finish")
        return result

    def _ready_for_batch(self, what: str) -> None:
        """A batch change starts from a saved store, so a failure can drop it whole."""
        if self.read_only:
            raise StoreWriteError(f"{what}: annotations are read-only; close the other reader")
        self.flush()
        if not self.saved:
            raise StoreWriteError(f"{what}: earlier changes are not saved yet; free some space")

    @_locked
    def put_many(self, anns: Iterable[Annotation], *, what: str = "saving") -> int:
        """Insert or replace many annotations, across articles, as one change.

        Each touched article file is written once (a tag renamed on 500
        passages costs one write per article, not 500), all of them or none,
        as :meth:`import_annotations` does; raises :class:`StoreWriteError`
        (``what`` names the change) when that fails or the store is read-only.
        Returns how many annotations were written.
        """
        self._ready_for_batch(what)
        touched, count = self._files.put_all(anns, what)
        self._files.write_together(touched, self._library, what, "try again to finish")
        return count

    # -- library -------------------------------------------------------------------

    @_locked
    def tags(self) -> list[tuple[str, int]]:
        """Tags with counts, case-insensitive, most used first, then by name."""
        return self._library.tags()

    @_locked
    def tagged_articles(self, tag: str) -> list[str]:
        """The uris of the articles with ``tag`` (any case), from the library's counts:
        a rename opens those article files only."""
        return self._library.tagged(tag)

    @_locked
    def articles(self) -> list[ArticleRecord]:
        """Articles, most recently opened first (never opened ones last, by title)."""
        records = self._library.records()
        records.sort(key=lambda r: r.title.casefold())
        return sorted(records, key=lambda r: r.last_opened, reverse=True)

    @_locked
    def article(self, uri: str) -> ArticleRecord | None:
        return self._library.record(uri)

    @_locked
    def remember_article(self, uri: str, title: str, source: str, *, opened: bool = True) -> None:
        """Add or update the article; when ``opened`` it becomes the last opened one
        (an import names its articles without pretending they were read)."""
        stamp = _now() if opened else None
        self._library.remember(uri, paths.article_key(uri), title, source, stamp)
        self._library.flush()
        if self.read_only:
            self._pending.append(
                functools.partial(self.remember_article, uri, title, source, opened=opened)
            )

    @_locked
    def forget_article(self, uri: str) -> Path | None:
        """Take the article out of the library, with its annotations.

        Its annotation file is renamed aside (``<key>.json.removed-<stamp>``),
        never deleted: returns that path (None when it had no file). Raises
        :class:`StoreWriteError` when read-only or the file cannot be moved;
        then nothing changed.
        """
        self._ready_for_batch("removing the article")
        shard = self._files.get(uri)
        file_storage = durable(shard.storage)
        aside: Path | None = None
        if file_storage is None:
            shard.db.drop_tables()  # memory: the backend hands this storage out again
        elif file_storage.path.exists():
            try:
                aside = set_aside(file_storage.path)
            except ReaderError as exc:
                raise StoreWriteError(str(exc)) from None
        self._files.forget(shard)
        self._library.forget(uri)
        self._library.flush()
        return aside

    @_locked
    def last_article(self) -> ArticleRecord | None:
        opened = [r for r in self._library.records() if r.last_opened]
        return max(opened, key=lambda r: r.last_opened, default=None)

    @_locked
    def position(self, uri: str) -> int:
        record = self._library.record(uri)
        return record.position if record else 0

    @_locked
    def set_position(self, uri: str, offset: int) -> None:
        """Remember the reading position; kept in memory until flush/close."""
        self._library.set_position(uri, paths.article_key(uri), offset)

    @_locked
    def setting(self, name: str, default: Any = None) -> Any:
        return self._library.setting(name, default)

    @_locked
    def set_setting(self, name: str, value: Any) -> None:
        self._library.set_setting(name, value)
        self._library.flush()

    # -- lifecycle -----------------------------------------------------------------

    @property
    def saved(self) -> bool:
        """True when no change is waiting in memory only."""
        return not self._library.failed and not self._files.dirty and not self._feeds_dirty()

    @property
    def last_failure(self) -> SaveFailure | None:
        """The latest failed write, as data (it stays after a later success)."""
        return self.failures[-1] if self.failures else None

    @_locked
    def flush(self) -> None:
        """Write everything still held in memory (positions, library counts, failures)."""
        self._files.flush()
        self._library.flush()
        self._flush_feeds()

    @_locked
    def retry(self) -> bool:
        """Try unsaved changes again (and the lock, when read-only); True if all saved."""
        if self.read_only and self._lock is not None and self._lock.acquire(0):
            self._become_writable()
        self.flush()
        return self.saved and not self.read_only

    @_locked
    def reload(self) -> None:
        """Re-read the files (to follow another writer); in-memory changes are kept."""
        if not self.read_only:
            self.flush()
        self._replay_over(self._load)

    def _become_writable(self) -> None:
        assert self._root is not None
        self.read_only = False
        self._backend = FileBackend(
            self._root, writable=True, notices=self.notices, failures=self.failures
        )
        self._replay_over(self._load)
        self.notices.append("the other reader has closed: annotations are saved again")

    def _replay_over(self, load: Callable[[], None]) -> None:
        """Load again, then make the changes held for a read-only window again."""
        pending, self._pending = self._pending, []
        load()
        for replay in pending:
            replay()

    @_locked
    def close(self) -> None:
        """Write what is pending and release the lock; safe to call twice."""
        if self._closed:
            return
        try:
            if not self.read_only:
                self.flush()
        finally:
            self._closed = True
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
