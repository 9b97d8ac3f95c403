"""Why a save failed, as data: the kind, the file and the one-line reason.

The store also tells each failure as a notice for people to read; code that
must react to a failure (the reading screen's "not saved: …, retrying")
reads this record instead of parsing that text.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class FailureKind(StrEnum):
    FULL_DISK = "full disk"
    READ_ONLY = "read-only"
    PERMISSION = "permission"
    OTHER = "other"


_KINDS = {
    errno.ENOSPC: FailureKind.FULL_DISK,
    errno.EDQUOT: FailureKind.FULL_DISK,
    errno.EFBIG: FailureKind.FULL_DISK,
    errno.EROFS: FailureKind.READ_ONLY,
    errno.EACCES: FailureKind.PERMISSION,
    errno.EPERM: FailureKind.PERMISSION,
}


def reason_of(exc: OSError) -> str:
    """The one-line reason an OSError gives (its strerror when it has one)."""
    return exc.strerror or str(exc) or exc.__class__.__name__


@dataclass(frozen=True, slots=True)
class SaveFailure:
    """One failed write of ``path``; ``reason`` is the text the notice shows."""

    kind: FailureKind
    path: Path
    reason: str

    @classmethod
    def from_error(cls, path: Path, exc: OSError) -> SaveFailure:
        kind = _KINDS.get(exc.errno, FailureKind.OTHER) if exc.errno else FailureKind.OTHER
        return cls(kind, Path(path), reason_of(exc))
