"""Messages that cross widgets of the reading screen, and the library's requests to the app.

Events flow up as these messages; the screen owns the state and pushes it
back down (reactives, method calls). Defined in one place so a widget never
imports another widget just to talk to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.annotations.model import Annotation


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


# -- from the library, tags screen and palette, to the app ---------------------


@dataclass
class OpenArticle(Message):
    """Open a library article; at ``annotation``'s passage when one is given.

    ``source`` is what the library remembers to reopen it (a path or a URL).
    """

    uri: str
    source: str
    annotation: Annotation | None = None


@dataclass
class ShowTags(Message):
    """Show the tags screen with ``tag`` chosen (None: the first tag)."""

    tag: str | None = None


@dataclass
class ArticleRemoved(Message):
    """The article ``uri`` left the library (its notes were exported first)."""

    uri: str


@dataclass
class TagsChosen(Message):
    """The tag prompt closed: the passage's tags as they should be, or None (cancelled)."""

    tags: tuple[str, ...] | None


@dataclass
class NoteChosen(Message):
    """The user picked an annotation in the notes panel: go to it."""

    annotation_id: str
