"""Writing an export file safely: never half-written, never silently clobbered.

The bytes go through :func:`reader.fs.write_atomic`, as every file the
program writes: a reader of the path sees the old file or the new one, never
a truncated mix. What this adds is the user's side: a missing folder, a
folder given for a file, an existing file without ``--force`` and a disk
that refuses are each one line naming the path.
"""

from __future__ import annotations

from pathlib import Path

from reader import fs
from reader.errors import ReaderError


def write_atomic(path: Path, data: str | bytes, *, force: bool) -> Path:
    """Write ``data`` (text as UTF-8, or bytes as they are) to ``path`` atomically
    and return ``path``.

    Refuses to replace an existing file unless ``force``; a missing folder is
    an error rather than created, since it usually means a typo. The new
    file gets the permissions the umask gives any file the user makes.
    """
    path = Path(path)
    parent = path.parent
    if not parent.exists():
        raise ReaderError(f"folder {parent} does not exist; create it or choose another path")
    if not parent.is_dir():
        raise ReaderError(f"{parent} is not a folder; choose another path")
    if path.is_dir():
        raise ReaderError(f"{path} is a folder; give a file name to write to")
    if path.exists() and not force:
        raise ReaderError(f"{path} already exists; use --force to overwrite it")
    try:
        fs.write_atomic(path, data, mode=fs.PUBLIC)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
