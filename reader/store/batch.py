"""The store's batch changes: many annotations, several files, one change.

A tag renamed on hundreds of passages must cost one write per article file,
not one per passage (:func:`deferred`), and the files an import or a rename
touches are written together, all of them or none where the disk allows
(:func:`write_all`); a failure is a :class:`StoreWriteError` for the user.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tinydb.storages import Storage

from reader.annotations.model import Annotation
from reader.errors import ReaderError
from reader.store.backend import durable
from reader.store.failure import reason_of
from reader.store.storage import AtomicJSONStorage


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


def by_article(anns: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """The annotations grouped by article uri, in the order first seen."""
    groups: dict[str, list[Annotation]] = {}
    for ann in anns:
        groups.setdefault(ann.article, []).append(ann)
    return groups


@contextlib.contextmanager
def deferred(storage: Storage) -> Iterator[None]:
    """Keep a file storage from writing inside the block; the caller writes it after.

    ``hold`` is not enough here: a shard flushes after every ``put``.
    """
    file_storage = durable(storage)
    if file_storage is None:
        yield
        return
    was_writable, file_storage.writable = file_storage.writable, False
    try:
        yield
    finally:
        file_storage.writable = was_writable  # a file that could not be read stays unwritable


class WriteFailed(Exception):
    """``write_all`` could not write one of the files.

    ``replaced`` counts the files that were replaced all the same (0 when the
    failure came before any rename: then no file changed).
    """

    def __init__(self, path: Path, reason: str, replaced: int = 0) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.replaced = path, reason, replaced


def write_all(storages: list[AtomicJSONStorage]) -> None:
    """Write several files as one change: every temp file first, then the renames.

    A failure while writing the temp files (full disk, read-only folder)
    leaves every real file as it was. Renames within one folder rarely fail
    (no space is needed), but they can (a folder remounted read-only, some
    copy-on-write file systems when full): the other renames still go ahead,
    the file that failed stays dirty, and WriteFailed says so, since a caller
    that reported success would lose that file's change when it exits.
    """
    temps: list[tuple[AtomicJSONStorage, Path]] = []
    for storage in storages:
        try:
            temps.append((storage, storage.prepare()))
        except OSError as exc:
            for written, temp in temps:
                written.abort(temp)
            raise WriteFailed(storage.path, reason_of(exc)) from exc
    failed: tuple[Path, str] | None = None
    replaced = 0
    for storage, temp in temps:
        try:
            storage.commit(temp)
            replaced += 1
        except OSError as exc:
            storage.record_failure(exc)
            failed = failed or (storage.path, reason_of(exc))
    if failed is not None:
        raise WriteFailed(*failed, replaced=replaced)
