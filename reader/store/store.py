"""The annotation store: what the app and the command line read and write.

It ties together the per-article files (:mod:`shard`), the library index
(:mod:`library`), the storages (:mod:`backend`) and the one-writer lock
(:mod:`lock`). Its promises:

- ``put`` returns True only once the annotation is fsynced on disk; when the
  disk refuses, the change stays in memory, ``notices`` says why, and later
  writes (or ``retry()``) try again;
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

from reader.annotations.clean import record_uri
from reader.annotations.model import Annotation
from reader.errors import ReaderError, StoreLockedError
from reader.store import paths
from reader.store.backend import Backend, FileBackend, MemoryBackend, durable
from reader.store.batch import deferred, set_aside
from reader.store.library import ARTICLES, ArticleRecord, Library
from reader.store.shard import Shard
from reader.store.storage import WriteFailed, write_all

if TYPE_CHECKING:  # imported where used: read-only commands need no lock (nor filelock)
    from reader.store.lock import StoreLock

__all__ = ["ArticleRecord", "ImportResult", "Store", "StoreWriteError"]

Mode = Literal["app", "cli", "read"]
READ_ONLY_NOTICE = "another reader is running: annotations are read-only"
UNSAVED_NOTICE = "not saved: annotations are read-only in this window"
# The app waits this long for the lock, so a brief ``reader import`` in
# another terminal does not make the whole session read-only.
APP_LOCK_WAIT = 0.2

P = ParamSpec("P")
R = TypeVar("R")


class StoreWriteError(ReaderError):
    """A change that must be all-or-nothing could not be written; nothing changed."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did; ``skipped`` = unchanged + ``kept`` (local copies kept
    because they were edited here after the file's copy)."""

    added: int
    updated: int
    skipped: int
    kept: int = 0


def _locked(method: Callable[P, R]) -> Callable[P, R]:
    """Serialise calls: the app may use the store from worker threads."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._mutex:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store:
    """Annotations by article, the article library, tags and reading positions."""

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
        self._backend = backend
        self._lock = lock
        self._root = root
        self._mutex = threading.RLock()
        self._shards: dict[str, Shard] = {}
        self._pending: list[Callable[[], Any]] = []
        self._told_unsaved = False
        self._closed = False
        self._load()

    @classmethod
    def open(cls, root: Path, *, mode: Mode = "app", lock_timeout: float = 3.0) -> Store:
        """Open the store in ``root``.

        ``app``: take the lock, or open read-only (with a notice) if another
        reader holds it. ``cli``: wait up to ``lock_timeout`` seconds, then
        raise :class:`StoreLockedError`. ``read``: no lock, never writes.
        """
        root = Path(root)
        notices: list[str] = []
        read_only = mode == "read"
        lock: StoreLock | None = None
        if mode != "read":
            from reader.store.lock import StoreLock

            lock = StoreLock(paths.lock_path(root))
            try:
                root.mkdir(parents=True, exist_ok=True)
                got = lock.acquire(APP_LOCK_WAIT if mode == "app" else lock_timeout)
            except OSError as exc:
                if mode == "cli":
                    raise ReaderError(
                        f"cannot write to {root} ({exc.strerror}); "
                        "fix its permissions or choose another with --data DIR"
                    ) from exc
                notices.append(
                    f"cannot write to {root} ({exc.strerror}): annotations are read-only"
                )
                got, lock = False, None
            if not got and mode == "cli":
                raise StoreLockedError(
                    f"another reader is using {root}; close it and try again"
                )
            if not got:
                read_only = True
                if lock is not None:
                    notices.append(READ_ONLY_NOTICE)
        backend = FileBackend(root, writable=not read_only, notices=notices)
        return cls(backend, read_only=read_only, notices=notices, lock=lock, root=root)

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives in memory only (TinyDB's MemoryStorage everywhere)."""
        return cls(MemoryBackend())

    # -- loading -------------------------------------------------------------------

    def _load(self) -> None:
        self._library = Library(self._backend.library())
        self._shards.clear()
        self._reconcile()

    def _reconcile(self) -> None:
        """Recount articles whose file changed since the library last saw it."""
        on_disk = self._backend.shard_keys()
        known = self._library.fingerprints()
        for key in sorted(on_disk):
            uri, seen = known.get(key, ("", None))
            current = self._backend.signature(key)
            if key in known and seen == current:
                continue
            shard = Shard(key, self._backend.shard(key), uri)
            if not shard.uri:
                self.notices.append(f"{paths.SHARDS_DIR}/{key}.json names no article: ignored")
                continue
            current = self._signature(shard)  # loading may have restored a backup
            self._library.summarise(shard.uri, key, len(shard), shard.tag_counts(), current)
        for key, (uri, seen) in known.items():
            if seen is not None and key not in on_disk:
                self._library.summarise(uri, key, 0, {}, None)
        if not self.read_only:
            self._library.flush()

    def _shard(self, uri: str) -> Shard:
        key = paths.article_key(uri)
        shard = self._shards.get(key)
        if shard is None:
            shard = self._shards[key] = Shard(key, self._backend.shard(key), uri)
            if shard.skipped:
                self.notices.append(
                    f"{shard.skipped} unreadable annotation(s) in {key}.json left as they are"
                )
        return shard

    def _signature(self, shard: Shard) -> Any:
        return None if shard.dirty else self._backend.signature(shard.key)

    # -- annotations ---------------------------------------------------------------

    @_locked
    def annotations(self, article_uri: str) -> list[Annotation]:
        """The article's annotations in document order (by start)."""
        return list(self._shard(article_uri).sorted())

    def all_annotations(self) -> Iterator[Annotation]:
        """Every annotation, article by article; files not open stay unopened after."""
        for record in self.articles():
            with self._mutex:
                key = paths.article_key(record.uri)
                shard = self._shards.get(key)
                if shard is None and record.count == 0:
                    continue
                shard = shard or Shard(key, self._backend.shard(key), record.uri)
                batch = shard.sorted()
            yield from batch

    @_locked
    def get(self, article_uri: str, ann_id: str) -> Annotation | None:
        return self._shard(article_uri).get(ann_id)

    @_locked
    def put(self, ann: Annotation) -> bool:
        """Insert or replace by id. True: on disk. False: in memory only (see notices)."""
        shard = self._shard(ann.article)
        old = shard.put(ann)
        self._library.account(ann.article, shard.key, old, ann, self._signature(shard))
        self._changed(functools.partial(self.put, ann))
        return not self.read_only and not shard.dirty

    @_locked
    def delete(self, article_uri: str, ann_id: str) -> Annotation | None:
        """Remove and return the annotation (None if there was none)."""
        shard = self._shard(article_uri)
        old = shard.remove(ann_id)
        if old is not None:
            self._library.account(article_uri, shard.key, old, None, self._signature(shard))
            self._changed(functools.partial(self.delete, article_uri, ann_id))
        return old

    def _changed(self, replay: Callable[[], Any]) -> None:
        if self.read_only:
            if not self._told_unsaved:
                self._told_unsaved = True
                self.notices.append(UNSAVED_NOTICE)
            self._pending.append(replay)
            return
        for shard in self._shards.values():  # earlier failures: try again now
            file_storage = durable(shard.storage)
            if file_storage is not None and file_storage.error is not None:
                file_storage.flush()

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
        groups: dict[str, list[Annotation]] = {}
        for ann in anns:
            groups.setdefault(ann.article, []).append(ann)
        added = updated = unchanged = kept = 0
        touched: list[Shard] = []
        for uri, group in groups.items():
            shard = self._shard(uri)
            a, u, same, k = shard.merge(group, undated)
            added, updated, unchanged, kept = added + a, updated + u, unchanged + same, kept + k
            if a or u:
                touched.append(shard)
        self._write_shards(touched, "import", "run it again to finish")
        return ImportResult(added, updated, unchanged + kept, kept)

    def _ready_for_batch(self, what: str) -> None:
        """A batch change starts from a saved store, so a failure can drop it whole."""
        if self.read_only:
            raise StoreWriteError(f"{what}: annotations are read-only; close the other reader")
        self.flush()
        if not self.saved:
            raise StoreWriteError(f"{what}: earlier changes are not saved yet; free some space")

    def _write_shards(self, touched: list[Shard], what: str, again: str) -> None:
        """Write the changed article files together (see ``write_all``), then recount them."""
        try:
            write_all([f for t in touched if (f := durable(t.storage)) is not None])
        except WriteFailed as failure:
            for shard in touched:
                del self._shards[shard.key]  # next use re-reads the file as it is on disk
            outcome = (
                "nothing was changed" if not failure.replaced
                else f"part of it was saved; {again}"
            )
            raise StoreWriteError(
                f"{what} failed, {outcome}: cannot write {failure.path} ({failure.reason})"
            ) from None
        for shard in touched:
            tags = shard.tag_counts()
            self._library.summarise(shard.uri, shard.key, len(shard), tags, self._signature(shard))
        self._library.flush()

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
        groups: dict[str, list[Annotation]] = {}
        for ann in anns:
            groups.setdefault(ann.article, []).append(ann)
        touched = [self._shard(uri) for uri in groups]
        for shard in touched:
            file_storage = durable(shard.storage)
            if file_storage is not None and not file_storage.writable:  # could not be read
                raise StoreWriteError(f"{what}: {file_storage.path} cannot be written")
        for shard, group in zip(touched, groups.values(), strict=True):
            with deferred(shard.storage):
                for ann in group:
                    shard.put(ann)
        self._write_shards(touched, what, "try again to finish")
        return sum(len(group) for group in groups.values())

    # -- library -------------------------------------------------------------------

    @_locked
    def tags(self) -> list[tuple[str, int]]:
        """Tags with counts, case-insensitive, most used first, then by name."""
        return self._library.tags()

    @_locked
    def tagged_articles(self, tag: str) -> list[str]:
        """The uris of the articles with ``tag`` (any case), from the library's counts:
        a rename opens those article files only."""
        wanted = " ".join(tag.split()).casefold()
        docs = self._library.db.table(ARTICLES).all()
        return [record_uri(doc["uri"]) for doc in docs if wanted in (doc.get("tags") or {})]

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
        shard = self._shard(uri)
        file_storage = durable(shard.storage)
        aside: Path | None = None
        if file_storage is None:
            shard.db.drop_tables()  # memory: the backend hands this storage out again
        elif file_storage.path.exists():
            try:
                aside = set_aside(file_storage.path)
            except ReaderError as exc:
                raise StoreWriteError(str(exc)) from None
        del self._shards[shard.key]
        articles = self._library.db.table(ARTICLES)
        doc_ids = [doc.doc_id for doc in articles.all() if record_uri(doc.get("uri", "")) == uri]
        if doc_ids:
            articles.remove(doc_ids=doc_ids)
        # The library indexes its records by uri when it is built: rebuild it
        # over the same storage (already in memory, nothing is read again).
        self._library = Library(self._library.storage)
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
        return not self._library.failed and not any(s.dirty for s in self._shards.values())

    @_locked
    def flush(self) -> None:
        """Write everything still held in memory (positions, library counts, failures)."""
        for shard in self._shards.values():
            if (file_storage := durable(shard.storage)) is not None:
                file_storage.flush()
        self._library.flush()

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
        pending, self._pending = self._pending, []
        self._load()
        for replay in pending:
            replay()

    def _become_writable(self) -> None:
        assert self._root is not None
        self.read_only = False
        self._backend = FileBackend(self._root, writable=True, notices=self.notices)
        pending, self._pending = self._pending, []
        self._load()
        for replay in pending:
            replay()
        self.notices.append("the other reader has closed: annotations are saved again")

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
