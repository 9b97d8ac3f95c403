"""Writing a file so that it is always the old version or the new one, never a mix.

Every file the program writes goes through here: the store's JSON files,
the offline copies of web pages and exported notes. The data goes to a temp
file in the destination's folder (the same file system, so the rename is
atomic), is fsynced, is renamed over the destination with ``os.replace``,
and the folder is fsynced so that the rename survives a power cut too. On
any failure, a kill excepted, the temp file is removed and the destination
is as it was; the ``OSError`` goes to the caller, who knows what to tell.

Temp files are named ``.<name>.<random>.tmp``: hidden, tied to the file they
replace, and found again by :func:`remove_stale_temps` after a kill.

The two steps are also offered apart (:func:`write_temp`, :func:`commit`):
the store writes several files as one change, every temp file first, and
backs a file up between the two steps.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

TEMP_SUFFIX = ".tmp"
PRIVATE = 0o600
"""Mode of the store's files: the user's notes are the user's only (as ``mkstemp``)."""
PUBLIC = 0o666
"""Mode of an export: what the umask allows, as for any new file the user makes."""
_NAME_ATTEMPTS = 100
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def temp_prefix(name: str) -> str:
    """Temp files of ``name`` are ``.<name>.<random>.tmp`` in the same folder."""
    return f".{name}."


def is_temp_of(filename: str, name: str) -> bool:
    return filename.startswith(temp_prefix(name)) and filename.endswith(TEMP_SUFFIX)


def temp_path(path: Path) -> Path:
    """A fresh temp name beside ``path`` (``os.urandom``: no ``random`` to import)."""
    return path.with_name(f"{temp_prefix(path.name)}{os.urandom(6).hex()}{TEMP_SUFFIX}")


def remove_stale_temps(folder: Path, name: str | None = None) -> int:
    """Delete temp files a killed writer left in ``folder`` (of ``name``, or all); how many.

    Only call this while holding the store's lock: another live writer's
    temp file would otherwise be pulled from under it.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        fname = entry.name
        ours = is_temp_of(fname, name) if name else (
            fname.startswith(".") and fname.endswith(TEMP_SUFFIX)
        )
        if ours and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where folders can't be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(path: Path, data: str | bytes, *, mode: int = PRIVATE) -> Path:
    """Write ``data`` (text as UTF-8) to a new fsynced temp file beside ``path``.

    Returns the temp file, for :func:`commit`. Raises ``OSError`` (full
    disk, read-only folder, ...) after removing the temp file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = _create(Path(path), mode)
    try:
        try:
            view = memoryview(payload)
            while view:  # os.write may take less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        discard(temp)
        raise
    return temp


def commit(temp: Path, path: Path) -> None:
    """Rename ``temp`` over ``path`` and make the rename durable.

    Raises ``OSError`` when the rename fails; ``temp`` is then removed and
    ``path`` unchanged.
    """
    try:
        os.replace(temp, path)
    except BaseException:
        discard(temp)
        raise
    fsync_dir(Path(path).parent)


def discard(temp: Path) -> None:
    """Remove a temp file that will not be committed (gone already is fine)."""
    with contextlib.suppress(OSError):
        os.unlink(temp)


def write_atomic(path: Path, data: str | bytes, *, mode: int = PRIVATE) -> None:
    """Replace ``path`` with ``data`` atomically and durably; raises ``OSError``."""
    commit(write_temp(path, data, mode=mode), path)


def _create(path: Path, mode: int) -> tuple[int, Path]:
    """Open a temp file that did not exist (``O_EXCL``: never someone else's)."""
    for _ in range(_NAME_ATTEMPTS):
        temp = temp_path(path)
        try:
            return os.open(temp, _CREATE, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))
