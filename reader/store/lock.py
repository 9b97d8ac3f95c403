"""The one-writer rule: an exclusive lock file in the data folder.

Two processes writing the same JSON files would silently overwrite each
other's annotations, so only the holder of ``<data>/reader.lock`` writes.
The lock is an OS file lock (``filelock``): it disappears with its process,
so a crashed reader never leaves the library locked.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class StoreLock:
    """A non-reentrant, not-thread-bound handle on the store's lock file.

    ``thread_local=False`` because the app may close its store from another
    thread than the one that opened it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = FileLock(str(path), thread_local=False)

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)

    def acquire(self, timeout: float) -> bool:
        """Take the lock within ``timeout`` seconds; False if another holds it.

        Raises OSError when the lock file cannot be created at all (a
        read-only folder, for instance).
        """
        if self.held:
            return True
        try:
            self._lock.acquire(timeout=max(0.0, timeout), poll_interval=0.05)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        if self.held:
            self._lock.release(force=True)
