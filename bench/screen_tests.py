"""Conditions on a pyte screen: text that shows, cells whose colours change.

The pty runner waits on these; each is a plain function of the screen, so
the scenarios build them without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

import pyte

ScreenTest = Callable[[str], bool]
CellTest = Callable[[pyte.Screen], bool]
Region = tuple[int, int, int, int]  # left, top, right, bottom (exclusive)
Cells = tuple[tuple[str, ...], ...]  # one entry per row of a region
Read = Callable[[pyte.Screen, Region], Cells]


def visible(*needles: str) -> ScreenTest:
    """A condition: every needle appears somewhere in the screen text."""
    return lambda screen: all(n in screen for n in needles)


def backgrounds(screen: pyte.Screen, region: Region) -> Cells:
    """The background colour of every cell of ``region``, row by row."""
    left, top, right, bottom = region
    buffer = screen.buffer
    return tuple(
        tuple(buffer[y][x].bg for x in range(left, right)) for y in range(top, bottom)
    )


def contents(screen: pyte.Screen, region: Region) -> Cells:
    """Character and colours of every cell of ``region``: what a user can see change."""
    left, top, right, bottom = region
    buffer = screen.buffer
    rows = []
    for y in range(top, bottom):
        line = buffer[y]
        rows.append(tuple(
            f"{cell.data}{cell.fg}{cell.bg}{cell.reverse:d}"
            for cell in (line[x] for x in range(left, right))
        ))
    return tuple(rows)


def differs(
    before: Cells, region: Region, read: Read = backgrounds
) -> CellTest:
    """A condition: ``read(screen, region)`` is no longer ``before``."""
    return lambda screen: read(screen, region) != before


class LazyText:
    """The screen text, joined on first use (cell conditions never need it)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._text: str | None = None

    def __call__(self) -> str:
        if self._text is None:
            self._text = "\n".join(self._lines)
        return self._text
