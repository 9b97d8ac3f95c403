"""A TinyDB storage that survives kills, full disks and damaged files.

TinyDB's stock ``JSONStorage`` rewrites its file in place (a kill mid-write
leaves half a file), parses the whole file again on every read, and raises
into the caller when the disk refuses a write. This storage instead:

- reads the file once and then serves TinyDB from memory;
- writes with orjson through :mod:`reader.fs` (a fsynced temp file in the
  same folder renamed over the real one, the folder fsynced), so the file is
  always either the old or the new version;
- keeps ``<name>.bak``, the previous good version, refreshed on every write by
  hard-linking the old file before the rename (no data is copied, so the
  backup costs the same for a 10 kB or a 10 MB file; on file systems without
  hard links it falls back to a copy every ``COPY_BACKUP_EVERY`` writes);
- moves a damaged file (not JSON, or not of the ``shape`` the caller gives,
  see :mod:`shapes`) aside as ``<name>.corrupt-<UTC stamp>`` (:mod:`aside`)
  and restores the backup if that is good; only a file read
  and checked, or written, by this storage (same fingerprint) is ever rotated
  into ``.bak``, any other is checked first, so damage never replaces it;
- on a failed write (read-only folder, full disk) keeps the data in memory,
  stays ``dirty`` and tries again on the next write or ``retry()``.

Every incident is told as one line appended to ``notices`` (and a failed
write also as a :class:`SaveFailure` in ``failures``); nothing raises into
TinyDB's caller.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
from tinydb.storages import Storage

from reader import fs
from reader.store.aside import backup_of, move_aside
from reader.store.failure import SaveFailure
from reader.store.shapes import Check, Data, parse

COPY_BACKUP_EVERY = 16

Signature = tuple[int, int, int]  # (inode, size, mtime): changes when a file is replaced


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(Storage):
    """TinyDB storage: read once, write atomically, recover from damage.

    ``writable=False`` never touches the disk (a second instance, or the
    read-only command line): damaged files are then read from their backup
    in memory and left where they are for the writer to repair. ``shape``
    says what a good file holds beyond "an object of objects".
    """

    def __init__(
        self,
        path: str | Path,
        *,
        writable: bool = True,
        notices: list[str] | None = None,
        failures: list[SaveFailure] | None = None,
        clean_temps: bool = True,
        shape: Check | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.writable = writable
        self.shape = shape
        self.notices: list[str] = notices if notices is not None else []
        self.failures: list[SaveFailure] = failures if failures is not None else []
        self.dirty = False
        self.error: str | None = None
        self._data: Data | None = None
        self._loaded = False
        self._hold = 0
        self._known: Signature | None = None  # the file as last read good or written
        self._keep_file: str | None = None  # why the file must not be replaced, if so
        self._link_backups = True
        self._copy_due = 0  # writes to skip before the next copied backup
        if writable and clean_temps:
            fs.remove_stale_temps(self.path.parent, self.path.name)

    # -- TinyDB's interface -------------------------------------------------

    def read(self) -> Data | None:
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: Data) -> None:
        self._data = data
        self._loaded = True
        self.dirty = True
        if self._hold == 0 and self.writable:
            self._flush()

    # -- our additions -----------------------------------------------------------

    @property
    def backup_path(self) -> Path:
        return backup_of(self.path)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Keep writes in memory inside the block; ``flush()`` writes them later."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1

    def flush(self) -> bool:
        """Write pending changes now; True when nothing is left unsaved."""
        if self.dirty and self.writable:
            self._flush()
        return not self.dirty

    retry = flush

    def reload(self) -> None:
        """Forget the memory copy; the next read goes to disk (drops unsaved data)."""
        self._data = None
        self._loaded = False
        self.dirty = False
        self.error = None

    def prepare(self) -> Path:
        """Write the memory copy to a fsynced temp file; raises OSError."""
        if self._keep_file is not None:
            raise OSError(errno.EPERM, self._keep_file, str(self.path))
        return fs.write_temp(self.path, orjson.dumps(self._data or {}))

    def commit(self, temp: Path) -> None:
        """Back up the current file, rename ``temp`` over it, fsync the folder."""
        try:
            self._backup()
        except BaseException:
            self.abort(temp)
            raise
        fs.commit(temp, self.path)  # on failure the temp file is gone
        try:
            self._known = signature_of(os.stat(self.path))
        except OSError:
            self._known = None  # unknown: the next write backs nothing up
        self.dirty = False
        if self.error is not None:
            self.error = None
            self.notices.append(f"saved {self.path.name} again")

    def abort(self, temp: Path) -> None:
        fs.discard(temp)

    def record_failure(self, exc: OSError) -> None:
        """Remember a failed write; tell the user once per kind of failure."""
        failure = SaveFailure.from_error(self.path, exc)
        message = f"could not save {self.path.name} ({failure.reason}): kept in memory, will retry"
        if message != self.error:
            self.notices.append(message)
            self.failures.append(failure)
        self.error = message
        self.dirty = True

    # -- internals -----------------------------------------------------------------

    def _flush(self) -> None:
        try:
            self.commit(self.prepare())
        except OSError as exc:
            self.record_failure(exc)

    def _backup(self) -> None:
        """Make ``.bak`` the current file if known good (else checked), cheaply; best effort."""
        if self._known is None:
            return
        spare = fs.temp_path(self.path)
        try:
            if self._link_backups:
                try:
                    os.link(self.path, spare)
                except FileNotFoundError:
                    return  # nothing to back up
                except OSError:
                    self._link_backups = False
            if self._link_backups:
                seen = signature_of(os.stat(spare))  # the very file linked
            else:
                seen = signature_of(os.stat(self.path))
                if seen == self._known and self._copy_due > 0:
                    self._copy_due -= 1  # a changed file is never skipped
                    return
                self._copy_due = COPY_BACKUP_EVERY - 1
                shutil.copyfile(self.path, spare)
            if seen != self._known:
                _, why = parse(spare.read_bytes(), self.shape)
                if why:
                    aside = move_aside(spare, self.path, keep=False)
                    self.notices.append(f"{self.path.name} was changed on disk and is damaged "
                                        f"({why}): moved to {aside}; writing this reader's copy")
                    return
            os.replace(spare, self.backup_path)
        except OSError:
            pass
        finally:
            # Normally gone with the rename. But after a kill between backing
            # up and renaming, the backup already *is* the current file, and
            # rename() between two links of one file does nothing (POSIX):
            # the spare link would stay behind.
            with contextlib.suppress(OSError):
                os.unlink(spare)

    def _load(self) -> Data | None:
        self._known, self._keep_file = None, None
        try:
            with open(self.path, "rb") as file:
                st, raw = os.fstat(file.fileno()), file.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            # Unreadable but maybe fine: never overwrite what we could not read.
            self.writable, self._keep_file = False, "it could not be read"
            self.notices.append(
                f"cannot read {self.path} ({exc.strerror}): changes to it will not be saved"
            )
            return None
        data, why = parse(raw, self.shape)
        if data is not None:
            self._known = signature_of(st)
            return data
        return self._recover(why)

    def _recover(self, why: str) -> Data | None:
        """The file is damaged: keep it aside, fall back on the backup if that is good.

        The damaged file keeps its name until the restore replaces it (a failed
        restore leaves it for the next writer, not a missing file, which would
        start empty); ``_known`` stays None, so it is never rotated into ``.bak``.
        """
        try:
            backup, backup_why = parse(self.backup_path.read_bytes(), self.shape)
        except OSError:
            backup, backup_why = None, ""  # no backup (backup_why: how it is damaged)
        if not self.writable:
            self._keep_file = "it is damaged and was left for the writer to repair"
            shown = "using its backup" if backup is not None else (
                f"its backup is damaged too ({backup_why})" if backup_why else "no backup"
            )
            self.notices.append(f"{self.path} is damaged ({why}); {shown} until it is repaired")
            return backup
        restored = "restored the backup" if backup is not None else "no backup, starting empty"
        try:
            aside = move_aside(self.path, self.path, keep=backup is not None)
            if backup_why:
                bak = move_aside(self.backup_path, self.backup_path, keep=False)
                restored = f"its backup is damaged too ({backup_why}): moved to {bak}"
                restored += "; starting empty"
        except OSError as exc:
            self.writable, self._keep_file = False, "it is damaged and could not be moved aside"
            self.notices.append(
                f"{self.path} is damaged ({why}) and could not be moved aside "
                f"({exc.strerror}): changes to it will not be saved"
            )
            return backup
        fs.fsync_dir(self.path.parent)
        self.notices.append(f"{self.path.name} was damaged ({why}): moved to {aside}; {restored}")
        if backup is not None:
            self._data, self._loaded = backup, True
            self.dirty = True
            self._flush()
        return backup
