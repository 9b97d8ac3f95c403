"""How many terminal cells text takes: the measure that layout wraps by.

A wrapped row must fit exactly the cells the renderer paints, or it overflows
(or is cropped); so the screen hands in its renderer's own measure as a
:class:`Cells` rather than this package importing a renderer. The measure
sees text as painted (a newline as a space; see :func:`~reader.interaction.layout.wrap`).

:data:`UNICODE_CELLS` serves callers without a screen (tests, headless
measuring). It follows the usual terminal rules with the standard library's
Unicode tables (per character, Rich's widths for that Unicode version), so
characters newer than those tables (recent emoji) may measure otherwise than
a renderer with newer tables paints them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

CellSpan = tuple[int, int, int]
"""One grapheme: ``(start, end, cells)``, offsets into the measured string."""


class Cells(NamedTuple):
    """A cell measure: ``cell_len`` for a whole string (prefixes), and
    ``split_graphemes``, the graphemes of a string with their cells and the
    total (wrapping breaks only between graphemes). Any measure must give one
    cell to the characters of ``layout._NARROW_RANGES``: the fast path assumes it.
    """

    cell_len: Callable[[str], int]
    split_graphemes: Callable[[str], tuple[list[CellSpan], int]]


_ZWJ = "\u200d"
_VS16 = "\ufe0f"  # asks for emoji presentation: two cells
# Format characters that print a visible sign (Prepended_Concatenation_Mark).
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891"
                            "\u08e2\U000110bd\U000110cd")
# Zero-width although not marks: line/paragraph separators, Hangul fillers, skin tones.
_ZERO = frozenset("\u2028\u2029\u3164\uffa0\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """Cells of one character: 0 (controls, marks, joiners), 1, or 2 (East Asian wide)."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    category = unicodedata.category(char)
    if category == "Cn":  # unassigned in these tables
        return 1
    if (
        category in ("Mn", "Me", "Mc")
        or (category == "Cf" and char not in _VISIBLE_FORMAT and code != 0xAD)
        or 0x1160 <= code <= 0x11FF  # Hangul medial vowels and final consonants
        or 0xD7B0 <= code <= 0xD7FF
        or char in _ZERO
    ):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def split_graphemes(text: str) -> tuple[list[CellSpan], int]:
    """Graphemes of ``text`` with their cells, by the rules terminals follow:
    a zero-width character joins the one before it, a ZWJ joins the next one
    too, and VS16 widens a one-cell character (erring wide: no row overflows).
    """
    spans: list[CellSpan] = []
    total = 0
    index, count = 0, len(text)
    widen = False  # whether a VS16 may still widen the last grapheme
    while index < count:
        char = text[index]
        if spans and char == _ZWJ:
            index = min(count, index + 2)
            start, _end, size = spans[-1]
            spans[-1] = (start, index, size)
            continue
        if spans and char == _VS16:
            index += 1
            start, _end, size = spans[-1]
            if widen and size == 1:
                size += 1
                total += 1
            widen = False
            spans[-1] = (start, index, size)
            continue
        size = char_cells(char)
        if size or not spans:
            spans.append((index, index + 1, size))
            total += size
            widen = size > 0
        else:
            start, _end, last = spans[-1]
            spans[-1] = (start, index + 1, last)
        index += 1
    return spans, total


def cell_len(text: str) -> int:
    """Cells of ``text``: the sum of its graphemes'."""
    if text.isascii() and text.isprintable():
        return len(text)
    return split_graphemes(text)[1]


UNICODE_CELLS = Cells(cell_len, split_graphemes)
"""The measure from the standard library's Unicode tables (no renderer needed)."""
