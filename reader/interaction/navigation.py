"""Where the cursor can go: sentences, paragraphs and sections of an article.

Pure (no Textual). The cursor is one *unit*: a sentence of a block, or the
whole block when the parser found no sentences in it (a heading, a caption).
Units are flattened once into sorted arrays so every move is a bisect, also
on an article of a hundred thousand sentences.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, chain, repeat

from reader.document.model import Article


class Navigator:
    """Moves over an article's units; every method takes and returns a unit index."""

    def __init__(self, article: Article) -> None:
        self.article = article
        spans = [b.sentences or ((b.start, b.end),) for b in article.blocks]
        counts = list(map(len, spans))
        flat = list(chain.from_iterable(spans))
        starts = [start for start, _end in flat]
        ends = [end for _start, end in flat]
        blocks = list(chain.from_iterable(map(repeat, range(len(counts)), counts)))
        first_unit = list(accumulate(counts, initial=0))[:-1]
        if not starts:  # an empty article still has a place to stand
            starts, ends, blocks = [0], [0], [0]
        self.starts = starts
        self.ends = ends
        self.unit_block = blocks
        self.block_first_unit = first_unit or [0]
        self._block_starts = [b.start for b in article.blocks]
        self._section_starts = [s.start for s in article.sections]

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def last(self) -> int:
        return len(self.starts) - 1

    def span(self, unit: int) -> tuple[int, int]:
        return self.starts[unit], self.ends[unit]

    def unit_at(self, offset: int) -> int:
        """The unit holding text ``offset`` (the one before it, between units)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def unit_from(self, offset: int) -> int:
        """The first unit starting at or after ``offset`` (the last unit past the end)."""
        unit = self.unit_at(offset)
        if self.starts[unit] < offset and unit < self.last:
            unit += 1
        return unit

    # -- sentences and blocks ---------------------------------------------
    def next_unit(self, unit: int) -> int:
        return min(unit + 1, self.last)

    def prev_unit(self, unit: int) -> int:
        return max(unit - 1, 0)

    def block_of(self, unit: int) -> int:
        return self.unit_block[unit]

    def first_of_block(self, block: int) -> int:
        return self.block_first_unit[block]

    def next_block(self, unit: int) -> int:
        """First unit of the next block (stays put in the last block)."""
        block = self.unit_block[unit]
        if block + 1 < len(self.block_first_unit):
            return self.block_first_unit[block + 1]
        return unit

    def prev_block(self, unit: int) -> int:
        """Start of this block, or of the previous one when already there."""
        block = self.unit_block[unit]
        first = self.block_first_unit[block]
        if unit != first or block == 0:
            return first
        return self.block_first_unit[block - 1]

    # -- sections ---------------------------------------------------------
    def section_at(self, offset: int) -> int:
        """Index of the section holding ``offset`` (0 if there are none)."""
        return max(0, bisect_right(self._section_starts, offset) - 1)

    def section_first_unit(self, section: int) -> int:
        sections = self.article.sections
        if not sections:
            return 0
        return self.first_of_block(sections[section].first_block)

    def next_section(self, unit: int) -> int:
        """First unit of the next section (stays put in the last section)."""
        section = self.section_at(self.starts[unit])
        if section + 1 < len(self.article.sections):
            return self.section_first_unit(section + 1)
        return unit

    def prev_section(self, unit: int) -> int:
        """Start of this section, or of the previous one when already there."""
        if not self.article.sections:
            return 0
        section = self.section_at(self.starts[unit])
        first = self.section_first_unit(section)
        if unit != first or section == 0:
            return first
        return self.section_first_unit(section - 1)

    # -- reading progress -------------------------------------------------
    def progress(self, unit: int) -> int:
        """Percent read: 0 on the first unit, 100 on the last."""
        if self.last <= 0:
            return 100
        span = self.starts[self.last] - self.starts[0]
        if span <= 0:
            return round(100 * unit / self.last)
        return round(100 * (self.starts[unit] - self.starts[0]) / span)
