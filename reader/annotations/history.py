"""Undo and redo of annotation changes, kept as before/after pairs.

A change is the annotation before and after it (None for "did not exist"),
so one shape covers create, edit and delete, and its inverse is simply the
pair swapped. The history is pure data; :func:`apply` is the one place that
turns a change into store calls.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.annotations.model import Annotation

if TYPE_CHECKING:
    from reader.store.store import Store

DEFAULT_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Change:
    """``before`` None: a creation; ``after`` None: a deletion; both: an edit."""

    before: Annotation | None
    after: Annotation | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs an annotation before or after it")

    @property
    def inverse(self) -> Change:
        return Change(self.after, self.before)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "create"
        return "delete" if self.after is None else "edit"

    @property
    def annotation(self) -> Annotation:
        """The annotation the change is about (after it if it still exists)."""
        found = self.after or self.before
        assert found is not None
        return found


class History:
    """Bounded undo/redo stacks; recording a new change forgets the redo stack."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("history limit must be at least 1")
        self._undo: deque[Change] = deque(maxlen=limit)
        self._redo: deque[Change] = deque(maxlen=limit)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def __len__(self) -> int:
        return len(self._undo)

    def record(self, change: Change) -> None:
        """Remember a change just applied (the oldest falls off past the limit)."""
        self._undo.append(change)
        self._redo.clear()

    def undo(self) -> Change | None:
        """The change that reverts the latest one (apply it), or None."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change.inverse

    def redo(self) -> Change | None:
        """The change that re-does the latest undone one (apply it), or None."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


def apply(store: Store, change: Change) -> bool:
    """Make the store match ``change.after``; True when that is saved on disk."""
    if change.after is None:
        assert change.before is not None
        store.delete(change.before.article, change.before.id)
        return store.saved and not store.read_only
    return store.put(change.after)
