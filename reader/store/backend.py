"""Where the store's TinyDB storages come from: files in a folder, or memory.

The store never builds storages itself; a backend hands them out. That keeps
the store identical over :class:`AtomicJSONStorage` (the app, the command
line) and TinyDB's ``MemoryStorage`` (tests, ``Store.in_memory()``), and the
file layout in one place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from tinydb.storages import MemoryStorage, Storage

from reader.fs import remove_stale_temps
from reader.store import paths
from reader.store.failure import SaveFailure
from reader.store.shapes import ARTICLE_FILE, ENTRIES_FILE, FEEDS_FILE, LIBRARY_FILE, Shape
from reader.store.storage import AtomicJSONStorage, Signature


class Backend(Protocol):
    writable: bool
    failures: list[SaveFailure]
    """Every failed write of its storages, as data (the notices tell them in words)."""

    def library(self) -> Storage: ...

    def shard(self, key: str) -> Storage: ...

    def shard_keys(self) -> set[str]:
        """Keys of the article files that exist outside this process's memory."""
        ...

    def signature(self, key: str) -> Signature | None:
        """A fingerprint of an article file, to notice changes made elsewhere."""
        ...

    def feeds(self) -> Storage:
        """The subscriptions (``feeds.json``)."""
        ...

    def entries(self, key: str) -> Storage:
        """One feed's entries (``entries/<key>.json``)."""
        ...


def durable(storage: Storage) -> AtomicJSONStorage | None:
    """The storage as a file storage, or None when it lives in memory only."""
    return storage if isinstance(storage, AtomicJSONStorage) else None


def is_dirty(storage: Storage) -> bool:
    """The storage holds changes not yet on disk (a memory storage never does)."""
    file_storage = durable(storage)
    return file_storage is not None and file_storage.dirty


def flush_storage(storage: Storage, *, failed_only: bool = False) -> None:
    """Write a file storage's held changes (only after a failed write if ``failed_only``)."""
    file_storage = durable(storage)
    if file_storage is not None and (not failed_only or file_storage.error is not None):
        file_storage.flush()


def held(storages: Iterable[Storage]) -> contextlib.ExitStack:
    """Keep the file storages among ``storages`` from writing until exit."""
    stack = contextlib.ExitStack()
    for storage in storages:
        if (file_storage := durable(storage)) is not None:
            stack.enter_context(file_storage.hold())
    return stack


class MemoryBackend:
    """Everything in memory; the same storage object is handed out again."""

    writable = True

    def __init__(self) -> None:
        self.failures: list[SaveFailure] = []  # memory never refuses a write
        self._library = MemoryStorage()
        self._shards: dict[str, MemoryStorage] = {}
        self._feeds = MemoryStorage()
        self._entries: dict[str, MemoryStorage] = {}

    def library(self) -> Storage:
        return self._library

    def shard(self, key: str) -> Storage:
        return self._shards.setdefault(key, MemoryStorage())

    def shard_keys(self) -> set[str]:
        return set()

    def signature(self, key: str) -> Signature | None:
        return None

    def feeds(self) -> Storage:
        return self._feeds

    def entries(self, key: str) -> Storage:
        return self._entries.setdefault(key, MemoryStorage())


class FileBackend:
    """``library.json`` plus ``annotations/<key>.json`` under ``root``, and the
    feeds' ``feeds.json`` plus ``entries/<key>.json``.

    Each call returns a fresh storage, so a reload really reads the disk; each
    storage checks its file against the shape of its kind (:mod:`shapes`).
    """

    def __init__(
        self,
        root: Path,
        *,
        writable: bool,
        notices: list[str],
        failures: list[SaveFailure] | None = None,
    ) -> None:
        self.root = root
        self.writable = writable
        self.notices = notices
        self.failures: list[SaveFailure] = failures if failures is not None else []
        if writable:
            try:
                paths.shards_dir(root).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                notices.append(f"cannot create {paths.shards_dir(root)} ({exc.strerror})")
            self.sweep()

    def sweep(self) -> None:
        """Remove temp files a killed writer left (only ever while holding the lock)."""
        remove_stale_temps(self.root, paths.LIBRARY_FILE)
        remove_stale_temps(paths.shards_dir(self.root))
        remove_stale_temps(self.root, paths.FEEDS_FILE)
        remove_stale_temps(paths.entries_dir(self.root))

    def _storage(self, path: Path, shape: Shape) -> AtomicJSONStorage:
        return AtomicJSONStorage(
            path,
            writable=self.writable,
            notices=self.notices,
            failures=self.failures,
            clean_temps=False,
            shape=shape,
        )

    def library(self) -> Storage:
        return self._storage(paths.library_path(self.root), LIBRARY_FILE)

    def shard(self, key: str) -> Storage:
        return self._storage(paths.shard_path(self.root, key), ARTICLE_FILE)

    def shard_keys(self) -> set[str]:
        try:
            names = os.listdir(paths.shards_dir(self.root))
        except OSError:
            return set()
        return {key for name in names if (key := paths.shard_key(name))}

    def signature(self, key: str) -> Signature | None:
        try:
            st = os.stat(paths.shard_path(self.root, key))
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def feeds(self) -> Storage:
        return self._storage(paths.feeds_path(self.root), FEEDS_FILE)

    def entries(self, key: str) -> Storage:
        """Its folder is made on first use: a reader of annotations alone never has one."""
        if self.writable:
            with contextlib.suppress(OSError):  # else the write fails, and says so
                paths.entries_dir(self.root).mkdir(exist_ok=True)
        return self._storage(paths.entries_path(self.root, key), ENTRIES_FILE)
