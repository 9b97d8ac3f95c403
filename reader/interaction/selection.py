"""The visual-mode selection: two ends in the article text, moved by sentence or word.

Pure (no Textual), so every rule is unit-tested on plain strings. A selection
keeps an *anchor* (where it started) and an *active* end (what j/k/w/b move);
the selected text is the range between them. Moves never flip the selection
over its anchor: shrinking stops at one word (or one sentence), and ``o``
swaps the ends to work on the other side, as in vim's visual mode. Words are
runs of non-space characters, so punctuation stays with its word, and every
end lands on a word or sentence boundary the reader can see.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_WORD_END = re.compile(r"\S(?=\s|\Z)")
_WORD_START = re.compile(r"(?<!\S)\S")


@dataclass(frozen=True, slots=True)
class TextSelection:
    """``anchor`` stays put; ``active`` is the end that moves. Never empty."""

    anchor: int
    active: int

    @classmethod
    def over(cls, start: int, end: int) -> TextSelection:
        """A selection of ``[start, end)`` whose end side moves."""
        return cls(start, end)

    @classmethod
    def first_word(cls, text: str, start: int, end: int) -> TextSelection:
        """The first word of ``[start, end)`` (a sentence), its end side moving:
        ``w`` then grows it word by word, ``j`` to the sentence's end."""
        while start < end and text[start].isspace():
            start += 1
        word_end = next_word_end(text, start)
        return cls(start, end if word_end is None or word_end > end else word_end)

    @property
    def start(self) -> int:
        return min(self.anchor, self.active)

    @property
    def end(self) -> int:
        return max(self.anchor, self.active)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def at_end(self) -> bool:
        """True when the active end is the selection's end (moving it forward grows it)."""
        return self.active >= self.anchor

    def swapped(self) -> TextSelection:
        return TextSelection(self.active, self.anchor)


# -- word boundaries -------------------------------------------------------------------


def next_word_end(text: str, pos: int) -> int | None:
    """The first word end after ``pos``."""
    found = _WORD_END.search(text, pos)
    return found.end() if found else None


def prev_word_end(text: str, pos: int) -> int | None:
    """The last word end before ``pos``."""
    e = min(pos, len(text) + 1) - 1
    while e > 0:
        if not text[e - 1].isspace() and (e == len(text) or text[e].isspace()):
            return e
        e -= 1
    return None


def next_word_start(text: str, pos: int) -> int | None:
    """The first word start after ``pos``."""
    found = _WORD_START.search(text, pos + 1)
    return found.start() if found else None


def prev_word_start(text: str, pos: int) -> int | None:
    """The last word start before ``pos``."""
    s = min(pos, len(text)) - 1
    while s >= 0:
        if not text[s].isspace() and (s == 0 or text[s - 1].isspace()):
            return s
        s -= 1
    return None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen ``[start, end)`` to whole words, dropping spaces at its edges.

    What a mouse drag means: a passage of whole words, not the cells the
    pointer happened to cross. None when the range holds no word at all.
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


# -- moves -----------------------------------------------------------------------------


def _first_after(points: Sequence[int], pos: int) -> int | None:
    index = bisect_right(points, pos)
    return points[index] if index < len(points) else None


def _last_before(points: Sequence[int], pos: int) -> int | None:
    index = bisect_left(points, pos) - 1
    return points[index] if index >= 0 else None


def _moved(sel: TextSelection, target: int | None) -> TextSelection:
    """``sel`` with its active end at ``target``, unless that would empty or flip it."""
    if target is None:
        return sel
    if sel.at_end and target <= sel.anchor:
        return sel
    if not sel.at_end and target >= sel.anchor:
        return sel
    return TextSelection(sel.anchor, target)


def by_word(sel: TextSelection, text: str, direction: int) -> TextSelection:
    """Move the active end to the next (``1``) or previous (``-1``) word boundary.

    The end side stops at word ends, the start side at word starts, so the
    selection always holds whole words.
    """
    pos = sel.active
    if sel.at_end:
        target = next_word_end(text, pos) if direction > 0 else prev_word_end(text, pos)
    else:
        target = next_word_start(text, pos) if direction > 0 else prev_word_start(text, pos)
    return _moved(sel, target)


def by_sentence(
    sel: TextSelection, starts: Sequence[int], ends: Sequence[int], direction: int
) -> TextSelection:
    """Move the active end to the next or previous sentence boundary.

    ``starts`` and ``ends`` are the sorted sentence (unit) starts and ends. A
    selection that ended mid-sentence (after ``w``) first goes to that
    sentence's end, as the eye expects.
    """
    points = ends if sel.at_end else starts
    pos = sel.active
    target = _first_after(points, pos) if direction > 0 else _last_before(points, pos)
    return _moved(sel, target)
