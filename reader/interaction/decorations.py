"""Character-range decorations drawn over the article: cursor, search matches,
highlights.

Pure (no Textual): a decoration is a ``(start, end, key)`` range of the text;
the view maps each ``key`` to a style. Layers are stacked in a fixed order
(later layers paint over earlier ones), and each layer answers "which of
your ranges touch ``[start, end)``?" with a bisect, so drawing one line costs
the ranges on that line, not the ranges in the article. Ranges in one layer
may overlap (two highlights over the same words), and both are returned.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import NamedTuple


class Mark(NamedTuple):
    """One decorated range; ``key`` names its style (``cursor``, ``match``, ``hl-yellow``)."""

    start: int
    end: int
    key: str


class RangeLayer:
    """Ranges kept sorted by start; ``max_len`` bounds how far back a query looks."""

    __slots__ = ("_ends", "_keys", "_max_len", "_starts")

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        ordered = sorted((m for m in marks if m.end > m.start), key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in ordered]
        self._ends = [m.end for m in ordered]
        self._keys = [m.key for m in ordered]
        self._max_len = max((m.end - m.start for m in ordered), default=0)

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __getitem__(self, index: int) -> Mark:
        return Mark(self._starts[index], self._ends[index], self._keys[index])

    def __iter__(self) -> Iterator[Mark]:
        return map(Mark, self._starts, self._ends, self._keys)

    def overlapping(self, start: int, end: int) -> Iterator[Mark]:
        """Ranges with at least one character in ``[start, end)``."""
        lo = bisect_left(self._starts, start - self._max_len)
        hi = bisect_left(self._starts, end)
        starts, ends, keys = self._starts, self._ends, self._keys
        for i in range(lo, hi):
            if ends[i] > start:
                yield Mark(starts[i], ends[i], keys[i])

    def index_at_or_after(self, offset: int) -> int:
        """Index of the first range starting at or after ``offset`` (may be ``len``)."""
        return bisect_left(self._starts, offset)

    def add(self, mark: Mark) -> None:
        """Insert one range in place: a new highlight costs a bisect, not a re-sort."""
        if mark.end <= mark.start:
            return
        index = bisect_left(self._starts, mark.start)
        while index < len(self._starts) and self._starts[index] == mark.start and (
            self._ends[index] < mark.end
        ):
            index += 1
        self._starts.insert(index, mark.start)
        self._ends.insert(index, mark.end)
        self._keys.insert(index, mark.key)
        self._max_len = max(self._max_len, mark.end - mark.start)

    def discard(self, mark: Mark) -> bool:
        """Remove one range equal to ``mark``; False if there was none.

        ``max_len`` is left as it was: a bound that is too large only makes
        queries look a little further back.
        """
        index = bisect_left(self._starts, mark.start)
        while index < len(self._starts) and self._starts[index] == mark.start:
            if self._ends[index] == mark.end and self._keys[index] == mark.key:
                del self._starts[index], self._ends[index], self._keys[index]
                return True
            index += 1
        return False


# Paint order, bottom to top. Highlights from annotations slot in under search;
# ``focus`` repaints the highlight under the cursor in its own colour over the
# cursor, so the passage the annotation keys would act on stands out.
LAYER_ORDER: tuple[str, ...] = (
    "highlight", "match", "current-match", "selection", "cursor", "focus"
)


class Decorations:
    """The stacked layers of one view, with a revision to key render caches."""

    def __init__(self) -> None:
        self._layers: dict[str, RangeLayer] = {}
        self.revision = 0

    def set(self, layer: str, marks: Iterable[Mark] | RangeLayer) -> tuple[int, int] | None:
        """Replace a layer. Returns the text span that changed (old and new
        ranges together) so the view repaints only that, or None if nothing."""
        if layer not in LAYER_ORDER:
            raise ValueError(f"unknown decoration layer {layer!r}")
        new = marks if isinstance(marks, RangeLayer) else RangeLayer(marks)
        old = self._layers.get(layer)
        if not new and not old:
            return None
        self._layers[layer] = new
        self.revision += 1
        return _extent(old, new)

    def clear(self, layer: str) -> tuple[int, int] | None:
        return self.set(layer, ())

    def change(
        self, layer: str, *, add: Iterable[Mark] = (), remove: Iterable[Mark] = ()
    ) -> tuple[int, int] | None:
        """Add and remove single marks of a layer in place (one annotation changed).

        Returns the text span the changed marks cover, or None if nothing changed.
        """
        if layer not in LAYER_ORDER:
            raise ValueError(f"unknown decoration layer {layer!r}")
        target = self._layers.get(layer)
        if target is None:
            target = self._layers[layer] = RangeLayer()
        lo: int | None = None
        hi: int | None = None
        for mark in remove:
            if target.discard(mark):
                lo = mark.start if lo is None else min(lo, mark.start)
                hi = mark.end if hi is None else max(hi, mark.end)
        for mark in add:
            if mark.end > mark.start:
                target.add(mark)
                lo = mark.start if lo is None else min(lo, mark.start)
                hi = mark.end if hi is None else max(hi, mark.end)
        if lo is None or hi is None:
            return None
        self.revision += 1
        return lo, hi

    def layer(self, name: str) -> RangeLayer:
        return self._layers.get(name) or RangeLayer()

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """All marks touching ``[start, end)``, in paint order."""
        out: list[Mark] = []
        for name in LAYER_ORDER:
            found = self._layers.get(name)
            if found:
                out.extend(found.overlapping(start, end))
        return out


def _extent(*layers: RangeLayer | None) -> tuple[int, int] | None:
    lo: int | None = None
    hi: int | None = None
    for layer in layers:
        if not layer:
            continue
        first, last = layer._starts[0], max(layer._ends)
        lo = first if lo is None else min(lo, first)
        hi = last if hi is None else max(hi, last)
    if lo is None or hi is None:
        return None
    return lo, hi


def split_styles(
    start: int, end: int, marks: Iterable[Mark]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Cut ``[start, end)`` where marks begin or end.

    Returns ``(a, b, keys)`` pieces covering the range in order, ``keys`` the
    marks covering that piece in the order given (paint order).
    """
    marks = [m for m in marks if m.end > start and m.start < end]
    if not marks:
        return [(start, end, ())]
    cuts = {start, end}
    for m in marks:
        cuts.add(max(start, m.start))
        cuts.add(min(end, m.end))
    points = sorted(cuts)
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    for a, b in pairwise(points):
        if a < b:
            pieces.append((a, b, tuple(m.key for m in marks if m.start <= a and m.end >= b)))
    return pieces
