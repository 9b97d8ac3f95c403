"""Setting a file aside instead of deleting it: the user's notes stay on disk.

A damaged file becomes ``<name>.corrupt-<UTC stamp>`` (the storage then
restores its backup) and an article removed from the library becomes
``<key>.json.removed-<UTC stamp>``. Neither name is one the store reads
again, and neither ever replaces an existing file.
"""

from __future__ import annotations

import contextlib
import errno
import os
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import ReaderError
from reader.fs import fsync_dir

BACKUP_SUFFIX = ".bak"
CORRUPT = ".corrupt-"
"""Marks a damaged file moved aside: ``<name>.corrupt-<UTC stamp>``."""
REMOVED = ".removed-"
"""Marks an article file set aside: ``<key>.json.removed-<UTC stamp>``."""


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_of(path: Path) -> Path:
    """``<name>.bak``: the previous good version of ``path``."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def move_aside(source: Path, name: Path, *, keep: bool) -> Path:
    """Name ``source`` ``<name>.corrupt-<stamp>`` too, never over a file (``keep``: a link).

    With hard links the damaged file keeps its own name as well until
    ``keep`` is False; without them it is renamed, and its name goes now.
    """
    base = name.with_name(f"{name.name}{CORRUPT}{utc_stamp()}")
    for n in range(1000):
        target = base if n == 0 else base.with_name(f"{base.name}-{n}")
        try:
            os.link(source, target)  # fails if target exists: never overwrites
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.rename(source, target)  # no hard links here: the name goes now
            return target
        if not keep:
            os.unlink(source)
        return target
    raise OSError(errno.EEXIST, "too many damaged copies already", str(base))


def set_aside(path: Path) -> Path:
    """Rename an article file (and its backup) to ``<name>.removed-<UTC stamp>``.

    Never over an existing file; the new name is not an article file, so the
    store no longer sees it, but the user's notes stay on disk.
    """
    base = path.with_name(f"{path.name}{REMOVED}{utc_stamp()}")
    target, n = base, 1
    while target.exists():
        target, n = base.with_name(f"{base.name}-{n}"), n + 1
    try:
        os.rename(path, target)
    except OSError as exc:
        raise ReaderError(
            f"cannot set {path.name} aside ({exc.strerror}); nothing was removed"
        ) from None
    backup = backup_of(path)
    with contextlib.suppress(OSError):
        if backup.exists():
            os.rename(backup, backup_of(target))
    fsync_dir(path.parent)
    return target
