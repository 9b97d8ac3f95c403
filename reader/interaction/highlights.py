"""The article's annotations as the reading screen sees them: placed in the text now.

Pure (no Textual). Each annotation is kept with its :class:`Anchor` (where it
lies in the text as it is today). The index answers the questions the keys
ask — which annotation does this passage belong to, which one is under the
cursor, how many per section — with bisects over a sorted list, and is
updated one annotation at a time, so a change costs the same with ten or ten
thousand annotations on the article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.annotations.model import Anchor, Annotation
from reader.interaction.decorations import Mark

FUZZY_KEY = "fuzzy"


@dataclass(frozen=True, slots=True)
class Placed:
    """An annotation and where it lies now (``anchor.state`` orphan: nowhere)."""

    annotation: Annotation
    anchor: Anchor

    @property
    def id(self) -> str:
        return self.annotation.id

    @property
    def span(self) -> tuple[int, int]:
        return self.anchor.start, self.anchor.end

    def marks(self) -> list[Mark]:
        """How it is drawn: its colour, plus an underline while the anchor is only fuzzy."""
        if not self.anchor.attached or self.anchor.end <= self.anchor.start:
            return []
        start, end = self.span
        marks = [Mark(start, end, f"hl-{self.annotation.color}")]
        if self.anchor.state == "fuzzy":
            marks.append(Mark(start, end, FUZZY_KEY))
        return marks


class AnnotationIndex:
    """Placed annotations of one article; ``section_starts`` sorts them into sections."""

    def __init__(self, section_starts: Sequence[int] = ()) -> None:
        self._sections = list(section_starts)
        self._by_id: dict[str, Placed] = {}
        self._keys: list[tuple[int, int, str]] = []  # (start, end, id) of attached ones
        self._max_len = 0
        self.counts = [0] * len(self._sections)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self._by_id

    def get(self, ann_id: str) -> Placed | None:
        return self._by_id.get(ann_id)

    def section_of(self, offset: int) -> int:
        return max(0, bisect_right(self._sections, offset) - 1)

    # -- changes -------------------------------------------------------------------
    def load(self, placed: Iterable[Placed]) -> None:
        """Replace everything at once (at open): one sort instead of many inserts."""
        self._by_id = {p.id: p for p in placed}
        attached = [p for p in self._by_id.values() if p.anchor.attached]
        self._keys = sorted((p.anchor.start, p.anchor.end, p.id) for p in attached)
        self._max_len = max((e - s for s, e, _i in self._keys), default=0)
        self.counts = [0] * len(self._sections)
        for p in attached:
            self._count(p, 1)

    def put(self, placed: Placed) -> Placed | None:
        """Add or replace by id; returns what it replaced."""
        old = self.remove(placed.id)
        self._by_id[placed.id] = placed
        if placed.anchor.attached:
            start, end = placed.span
            insort(self._keys, (start, end, placed.id))
            self._max_len = max(self._max_len, end - start)
            self._count(placed, 1)
        return old

    def remove(self, ann_id: str) -> Placed | None:
        old = self._by_id.pop(ann_id, None)
        if old is not None and old.anchor.attached:
            key = (old.anchor.start, old.anchor.end, ann_id)
            index = bisect_left(self._keys, key)
            if index < len(self._keys) and self._keys[index] == key:
                del self._keys[index]
            self._count(old, -1)
        return old

    def _count(self, placed: Placed, delta: int) -> None:
        if self._sections:
            self.counts[self.section_of(placed.anchor.start)] += delta

    # -- questions -----------------------------------------------------------------
    def overlapping(self, start: int, end: int) -> Iterator[Placed]:
        """Attached annotations with at least one character in ``[start, end)``."""
        keys = self._keys
        lo = bisect_left(keys, (start - self._max_len,))
        hi = bisect_left(keys, (max(end, start + 1),))
        for _s, e, ann_id in keys[lo:hi]:
            if e > start:
                yield self._by_id[ann_id]

    def containing(self, start: int, end: int) -> Placed | None:
        """The annotation this passage belongs to: the same range, else the
        tightest one around it (so acting on it edits instead of duplicating)."""
        best: Placed | None = None
        for placed in self.overlapping(start, max(end, start + 1)):
            s, e = placed.span
            if s <= start and e >= end and (best is None or e - s < best.span[1] - best.span[0]):
                best = placed
        return best

    def under(self, start: int, end: int) -> Placed | None:
        """The annotation a key acts on for ``[start, end)``: one holding it,
        else the one covering most of it (a phrase inside the sentence)."""
        found = self.containing(start, end)
        if found is not None:
            return found
        best, best_cover = None, 0
        for placed in self.overlapping(start, end):
            s, e = placed.span
            cover = min(e, end) - max(s, start)
            if cover > best_cover:
                best, best_cover = placed, cover
        return best

    def ordered(self) -> list[Placed]:
        """Attached annotations in document order, then orphans (oldest first)."""
        attached = [self._by_id[ann_id] for _s, _e, ann_id in self._keys]
        orphans = [p for p in self._by_id.values() if not p.anchor.attached]
        orphans.sort(key=lambda p: p.annotation.created)
        return attached + orphans

    def marks(self) -> list[Mark]:
        """Every decoration of the highlight layer (used once, at open)."""
        return [mark for p in self._by_id.values() for mark in p.marks()]

    @property
    def orphans(self) -> int:
        return len(self._by_id) - len(self._keys)
