"""Writing an export file safely: never half-written, never silently clobbered.

The data goes to a temporary file in the destination folder (same file
system, so the final rename is atomic), is flushed to disk, and only then
replaces the destination. A reader of the path sees the old file or the new
one, never a truncated mix.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from reader.errors import ReaderError
from reader.store.storage import TEMP_SUFFIX, fsync_dir, temp_prefix


def write_atomic(path: Path, data: str | bytes, *, force: bool) -> Path:
    """Write ``data`` (text as UTF-8, or bytes as they are) to ``path`` atomically
    and return ``path``.

    Refuses to replace an existing file unless ``force``; a missing folder is
    an error rather than created, since it usually means a typo.
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
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = parent / f"{temp_prefix(path.name)}{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        # 0o666 lets the umask decide the final permissions, as for any new file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
    fsync_dir(parent)  # make the rename itself durable
    return path
