"""Helpers for the store's batch changes.

A tag renamed on hundreds of passages must cost one write per article file,
not one per passage (:func:`deferred`), and an article removed from the
library must not take the user's notes with it (:func:`set_aside`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tinydb.storages import Storage

from reader.errors import ReaderError
from reader.store.backend import durable
from reader.store.storage import BACKUP_SUFFIX, fsync_dir

REMOVED = ".removed-"
"""Marks an article file set aside: ``<key>.json.removed-<UTC stamp>``."""


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


def set_aside(path: Path) -> Path:
    """Rename an article file (and its backup) to ``<name>.removed-<UTC stamp>``.

    Never over an existing file; the new name is not an article file, so the
    store no longer sees it, but the user's notes stay on disk.
    """
    base = path.with_name(f"{path.name}{REMOVED}{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    target, n = base, 1
    while target.exists():
        target, n = base.with_name(f"{base.name}-{n}"), n + 1
    try:
        os.rename(path, target)
    except OSError as exc:
        raise ReaderError(
            f"cannot set {path.name} aside ({exc.strerror}); nothing was removed"
        ) from None
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    with contextlib.suppress(OSError):
        if backup.exists():
            os.rename(backup, target.with_name(target.name + BACKUP_SUFFIX))
    fsync_dir(path.parent)
    return target
