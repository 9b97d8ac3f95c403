"""Opening the data folder: who may write it, and what a reader that may not is told.

Only the holder of the folder's lock (:mod:`lock`) writes. The app waits a
moment for it and otherwise opens read-only; a command waits longer and
otherwise stops with a one-line error; a read-only command never asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.errors import ReaderError, StoreLockedError
from reader.store import paths
from reader.store.backend import FileBackend

if TYPE_CHECKING:  # imported where used: read-only commands need no lock (nor filelock)
    from reader.store.lock import StoreLock

Mode = Literal["app", "cli", "read"]
READ_ONLY_NOTICE = "another reader is running: annotations are read-only"
# The app waits this long for the lock, so a brief ``reader import`` in
# another terminal does not make the whole session read-only.
APP_LOCK_WAIT = 0.2


@dataclass(frozen=True, slots=True)
class Access:
    """The folder as opened: its files, whether this process may write, and why not."""

    backend: FileBackend
    read_only: bool
    notices: list[str]
    lock: StoreLock | None


def open_folder(root: Path, mode: Mode, lock_timeout: float) -> Access:
    """Take the lock as ``mode`` says (see :meth:`Store.open`) and open the files.

    Raises :class:`ReaderError` in ``cli`` mode when the folder cannot be
    written, :class:`StoreLockedError` when another reader holds it.
    """
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
            notices.append(f"cannot write to {root} ({exc.strerror}): annotations are read-only")
            got, lock = False, None
        if not got and mode == "cli":
            raise StoreLockedError(f"another reader is using {root}; close it and try again")
        if not got:
            read_only = True
            if lock is not None:
                notices.append(READ_ONLY_NOTICE)
    backend = FileBackend(root, writable=not read_only, notices=notices)
    return Access(backend, read_only, notices, lock)
