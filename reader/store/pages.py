"""Offline copies of web pages, kept in the data folder like every other file of it.

A web article's annotations anchor on offsets into its text, and a live page
changes; so the text of the first fetch is kept and read again later
(:mod:`reader.document.web` decides when). The copy is two files::

    <data>/articles/<key>.md     the text that was parsed
    <data>/articles/<key>.json   uri, title, fetched, etag, ...

The store is the only writer of the data folder, so a copy is written only
under the folder's lock: the lock of the store that has the folder open for
writing (never waited for: the app already holds it), or, for a command that
opens no store for writing, the lock taken for the moment of the write,
waiting at most :data:`LOCK_WAIT`. A second reader, whose store the lock
refused, reads the copies but never writes them. Reading needs no lock:
each file is replaced atomically (:mod:`reader.fs`).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import fs
from reader.store import paths
from reader.store.failure import reason_of

if TYPE_CHECKING:
    from reader.store.lock import StoreLock

Record = dict[str, Any]
LOCK_WAIT = 0.2
"""How long a write waits for a lock no store of this process holds (never the app)."""
BUSY = "another reader is using the data folder"


class OfflinePages:
    """The copies under ``root``; ``lock``: the store's, shared, else one taken per write."""

    def __init__(self, root: Path, *, lock: StoreLock | None = None) -> None:
        self.root = Path(root)
        self.folder = paths.pages_dir(self.root)
        self._shared = lock
        self._mutex = threading.Lock()  # one save at a time: the sweep must not meet a live temp
        self._swept = False

    def files(self, uri: str) -> tuple[Path, Path]:
        """The text and the record of ``uri``'s copy (named by its key, never by the uri)."""
        key = paths.article_key(uri)
        return self.folder / f"{key}.md", self.folder / f"{key}.json"

    def read(self, uri: str) -> tuple[str, Record] | None:
        """The copy's text and record, or None when missing, unreadable or another uri's."""
        text_path, record_path = self.files(uri)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            text = text_path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("uri") != uri:
            return None
        return text, record

    def save(self, uri: str, text: str, record: Record) -> str | None:
        """Keep the copy, text first, then its record; None when kept, else why not.

        A record names its text, so a kill between the two leaves at worst
        a new text under an old record, which a later save replaces.
        """
        text_path, record_path = self.files(uri)
        try:
            with self._mutex, self._held() as held:
                if not held:
                    return BUSY
                self.folder.mkdir(parents=True, exist_ok=True)
                if not self._swept:  # temp files a killed writer left here
                    fs.remove_stale_temps(self.folder)
                    self._swept = True
                fs.write_atomic(text_path, text)
                fs.write_atomic(record_path, _record_text(record))
        except OSError as exc:
            return reason_of(exc)
        return None

    @contextlib.contextmanager
    def _held(self) -> Iterator[bool]:
        """Whether this process holds the folder's lock for the block (raises OSError)."""
        if self._shared is not None:
            yield self._shared.held  # the store's: held unless it opened read-only
            return
        from reader.store.lock import StoreLock

        lock = StoreLock(paths.lock_path(self.root))
        if not lock.acquire(LOCK_WAIT):
            yield False
            return
        try:
            yield True
        finally:
            lock.release()


def _record_text(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


class MemoryPages:
    """Copies kept in memory, for a store that lives in memory (``Store.in_memory``)."""

    def __init__(self) -> None:
        self._copies: dict[str, tuple[str, Record]] = {}

    def read(self, uri: str) -> tuple[str, Record] | None:
        found = self._copies.get(uri)
        return None if found is None else (found[0], dict(found[1]))

    def save(self, uri: str, text: str, record: Record) -> str | None:
        self._copies[uri] = (text, dict(record))
        return None
