"""Line wrapping by terminal cells, and the lazy line layout of a whole article.

Pure, so wrapping rules are unit-tested without a screen: cells are counted
by a :class:`~reader.interaction.cells.Cells` measure handed in, which the
screen makes its renderer's own so rows fit exactly what is painted. Lines
are ``(start, end)`` offsets into the article text: rendering, the cursor and
decorations all speak in text offsets, never in copies.

Opening cost must not grow with the article, so :class:`DocumentLayout`
starts from *estimated* block heights (``len // width``) and wraps a block
exactly only when it is looked at (:meth:`DocumentLayout.settle`) or when a
background pass hands in exact heights (:meth:`DocumentLayout.apply_heights`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

from reader.interaction.cells import UNICODE_CELLS, Cells

# Characters known to take exactly one cell: the fast path indexes them as
# cells. Anything else (CJK, emoji, combining marks, ZWJ) goes grapheme by
# grapheme through the measure's tables.
_NARROW_RANGES = (
    "\n\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u048a-\u0587"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff"
    "\u2500-\u25fc\u2800-\u28ff"
)
_NOT_NARROW = re.compile(f"[^{_NARROW_RANGES}]")

Line = tuple[int, int]
"""A wrapped line: ``(start, end)`` offsets into the text, spaces at the break excluded."""


def is_narrow(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when every character of ``text[start:end]`` takes exactly one cell."""
    stop = len(text) if end is None else end
    return _NOT_NARROW.search(text, start, stop) is None


def wrap(
    text: str,
    start: int,
    end: int,
    width: int,
    *,
    hard: bool = False,
    cells: Cells = UNICODE_CELLS,
) -> list[Line]:
    """Wrap ``text[start:end]`` into lines of at most ``width`` cells of ``cells``.

    Breaks after spaces (a newline counts as a space unless ``hard``, where it
    ends the line: code keeps its lines). A word longer than the line, or a
    run of CJK text, is broken at the cell limit. Never returns an empty list.
    """
    width = max(1, width)
    if hard:
        lines: list[Line] = []
        pos = start
        while True:
            nl = text.find("\n", pos, end)
            stop = end if nl < 0 else nl
            lines.extend(_wrap_run(text, pos, stop, width, cells))
            if nl < 0:
                return lines
            pos = nl + 1
    return _wrap_run(text, start, end, width, cells)


def _wrap_run(text: str, start: int, end: int, width: int, measure: Cells) -> list[Line]:
    if is_narrow(text, start, end):
        return _wrap_narrow(text, start, end, width)
    return _wrap_cells(text, start, end, width, measure)


def _wrap_narrow(text: str, start: int, end: int, width: int) -> list[Line]:
    """One ``rfind`` per line: cells equal characters here."""
    lines: list[Line] = []
    pos = start
    while end - pos > width:
        limit = pos + width
        brk = max(text.rfind(" ", pos, limit + 1), text.rfind("\n", pos, limit + 1))
        if brk <= pos:
            lines.append((pos, limit))
            pos = limit
        else:
            stop = brk
            while stop > pos and text[stop - 1] in " \n":
                stop -= 1
            lines.append((pos, stop))
            pos = brk + 1
        while pos < end and text[pos] in " \n":
            pos += 1
    lines.append((pos, end))
    return lines


def _wrap_cells(
    text: str, start: int, end: int, width: int, measure: Cells = UNICODE_CELLS
) -> list[Line]:
    """Grapheme by grapheme, for text holding wide or zero-width characters.

    Break opportunities: at spaces, and on either side of a wide (CJK or
    emoji) grapheme, since such scripts wrap between characters. A newline
    is measured as the space it is painted as (measured raw, it would be a
    zero-width control joined to the grapheme before it: no break there, and
    one cell short). A space carrying a combining mark is shown like a letter,
    not dropped at a break. On narrow text this agrees with :func:`_wrap_narrow`.
    """
    piece = text[start:end]
    if "\n" in piece:
        piece = piece.replace("\n", " ")  # one character for one: offsets hold
    spans, _total = measure.split_graphemes(piece)
    lines: list[Line] = []
    line_start = 0
    cells = 0
    # Last break opportunity: (end of this line, start of the next, cells up to next start).
    brk: tuple[int, int, int] | None = None
    for a, b, size in spans:
        if b - a == 1 and piece[a] == " ":
            if a == line_start:  # spaces at the start of a line: nothing shown on it yet
                line_start = b
                continue
            # in a run of spaces the line still ends at the first of them
            brk = (brk[0] if brk is not None and brk[1] == a else a, b, cells + 1)
            cells += 1
            continue
        if cells + size > width and cells > 0:
            if brk is not None and brk[0] > line_start:
                lines.append((start + line_start, start + brk[0]))
                line_start, cells = brk[1], cells - brk[2]
            else:
                lines.append((start + line_start, start + a))
                line_start, cells = a, 0
            brk = None
            while cells + size > width and cells > 0:  # rest still too long: hard break
                lines.append((start + line_start, start + a))
                line_start, cells = a, 0
        cells += size
        if size >= 2:
            brk = (b, b, cells)
    lines.append((start + line_start, end))
    return lines


def estimate_rows(length: int, width: int) -> int:
    """A cheap guess of a block's wrapped height, refined once it is wrapped."""
    return max(1, -(-length // max(1, width)))


class Shape(NamedTuple):
    """How one block is laid out: its text range, the prefix on its first and
    following lines (bullet, quote bar, indent), whether newlines are hard, and
    ``indent``, the cells the prefixes take (measured once, by :func:`shape`).

    A named tuple: one per block, built at C speed even for 100k blocks."""

    start: int
    end: int
    first_prefix: str = ""
    rest_prefix: str = ""
    hard: bool = False
    indent: int = 0


def shape(
    start: int,
    end: int,
    first: str = "",
    rest: str = "",
    *,
    hard: bool = False,
    cells: Cells = UNICODE_CELLS,
) -> Shape:
    """A :class:`Shape` with its indent measured by ``cells``."""
    return Shape(start, end, first, rest, hard, max(cells.cell_len(first), cells.cell_len(rest)))


class DocumentLayout:
    """Rows of an article at one width, exact where looked at, estimated elsewhere.

    Each block occupies its wrapped lines plus ``gap`` blank rows (none after
    the last block). ``tops`` are prefix sums of the heights, recomputed
    (C-speed ``accumulate``) only after heights changed. ``cells`` is the
    measure wrapping counts with: the screen's must be its renderer's.
    """

    def __init__(
        self,
        text: str,
        shapes: Sequence[Shape],
        width: int,
        *,
        gap: int = 1,
        cache: int = 512,
        cells: Cells = UNICODE_CELLS,
    ) -> None:
        self.text = text
        self.cells = cells
        self.shapes = shapes
        self.width = max(1, width)
        self.gap = gap
        self._cache_size = cache
        self._lines: OrderedDict[int, list[Line]] = OrderedDict()
        self._exact = bytearray(len(shapes))
        self._starts = [shape.start for shape in shapes]
        last = len(shapes) - 1
        self.heights = [
            estimate_rows(s.end - s.start, max(1, self.width - s.indent)) + (gap if i < last else 0)
            for i, s in enumerate(shapes)
        ]
        self._tops: list[int] = []
        self._dirty = True
        self._changes = 0

    def _text_width(self, shape: Shape) -> int:
        return max(1, self.width - shape.indent)

    # -- geometry -------------------------------------------------------
    @property
    def tops(self) -> list[int]:
        if self._dirty:
            self._tops = [0, *accumulate(self.heights)]
            self._dirty = False
        return self._tops

    @property
    def total(self) -> int:
        """Total rows of the article."""
        return max(1, self.tops[-1])

    def top(self, block: int) -> int:
        return self.tops[block]

    def locate(self, y: int) -> tuple[int, int]:
        """The ``(block, row within block)`` at row ``y`` (row may fall in the gap)."""
        if not self.shapes:
            return 0, 0
        tops = self.tops
        block = min(max(0, bisect_right(tops, y) - 1), len(self.shapes) - 1)
        return block, y - tops[block]

    def block_at(self, offset: int) -> int:
        """The block holding text ``offset`` (the one before it, between blocks)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def is_exact(self, block: int) -> bool:
        return bool(self._exact[block])

    # -- wrapping -------------------------------------------------------
    def lines(self, block: int) -> list[Line]:
        """Wrapped lines of ``block``; wraps it (and fixes its height) if needed."""
        cached = self._lines.get(block)
        if cached is not None:
            self._lines.move_to_end(block)
            return cached
        shape = self.shapes[block]
        lines = wrap(
            self.text,
            shape.start,
            shape.end,
            self._text_width(shape),
            hard=shape.hard,
            cells=self.cells,
        )
        self._lines[block] = lines
        if len(self._lines) > self._cache_size:
            self._lines.popitem(last=False)
        self._set_height(block, len(lines))
        return lines

    def _set_height(self, block: int, rows: int) -> None:
        height = rows + (self.gap if block < len(self.shapes) - 1 else 0)
        self._exact[block] = 1
        if self.heights[block] != height:
            self.heights[block] = height
            self._dirty = True
            self._changes += 1

    def settle(self, y: int, rows: int) -> bool:
        """Wrap every block showing in rows ``[y, y + rows)`` exactly.

        Wrapping can change heights and so what shows: repeat until stable.
        Returns True if any height changed (the caller re-anchors its scroll).
        """
        changed = False
        while self.shapes:  # ends: each pass makes at least one more block exact
            before = self._changes
            first, _row = self.locate(y)
            last, _row = self.locate(y + rows)
            for block in range(first, last + 1):
                if not self._exact[block]:
                    self.lines(block)
            if self._changes == before:
                break
            changed = True
        return changed

    def apply_heights(self, width: int, heights: Sequence[int]) -> bool:
        """Take exact line counts measured elsewhere (a worker) for ``width``.

        Ignored (False) if the width changed meanwhile.
        """
        if width != self.width or len(heights) != len(self.shapes):
            return False
        for block, rows in enumerate(heights):
            self._set_height(block, rows)
        return True

    # -- offsets <-> rows -----------------------------------------------
    def row_of(self, offset: int) -> int:
        """The row showing text ``offset`` (wraps its block if needed)."""
        if not self.shapes:
            return 0
        block = self.block_at(offset)
        lines = self.lines(block)
        starts = [s for s, _e in lines]
        row = max(0, bisect_right(starts, offset) - 1)
        return self.top(block) + row

    def offset_at(self, y: int) -> int:
        """The text offset at the start of row ``y`` (the next block's start in a gap)."""
        if not self.shapes:
            return 0
        block, row = self.locate(y)
        lines = self.lines(block)
        if row < len(lines):
            return lines[max(0, row)][0]
        if block + 1 < len(self.shapes):
            return self.shapes[block + 1].start
        return self.shapes[block].end


def measure_heights(
    text: str, shapes: Sequence[Shape], width: int, cells: Cells = UNICODE_CELLS
) -> list[int]:
    """Exact wrapped line counts of every block (no gaps): for a worker thread.

    ``cells`` must be the measure of the layout the heights are applied to.
    """
    return [
        len(wrap(text, s.start, s.end, max(1, width - s.indent), hard=s.hard, cells=cells))
        for s in shapes
    ]
