"""Messages that cross widgets of the reading screen.

Events flow up as these messages; the screen owns the state and pushes it
back down (reactives, method calls). Defined in one place so a widget never
imports another widget just to talk to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CursorMoved(Message):
    """The article cursor now covers ``text[start:end]``."""

    start: int
    end: int
    section: int
    progress: int


@dataclass
class SectionChosen(Message):
    """The user picked a section (sidebar, palette): jump to its start."""

    index: int


@dataclass
class SearchChanged(Message):
    """The search query changed (empty: no search)."""

    query: str


@dataclass
class SearchStep(Message):
    """Go to the next (``1``) or previous (``-1``) match; ``accept`` returns
    focus to the article."""

    direction: int = 1
    accept: bool = False


@dataclass
class SearchClosed(Message):
    """The search bar was dismissed: clear the marks."""


@dataclass
class SelectionChanged(Message):
    """The article's selection changed: ``span`` is None when there is none;
    ``visual`` is True while keys move its active end (visual mode)."""

    span: tuple[int, int] | None
    visual: bool

