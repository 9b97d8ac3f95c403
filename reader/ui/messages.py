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
    from collections.abc import Sequence

    from reader.annotations.model import Anchor, Annotation
    from reader.interaction.find import SearchResults
    from reader.interaction.reading import Found
    from reader.operations.opening import Opened


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
class Anchored(Message):
    """A worker anchored the article's annotations: ``anchors[i]`` is where ``anns[i]`` lies."""

    anns: Sequence[Annotation]
    anchors: Sequence[Anchor]


@dataclass
class SearchAnswered(Message):
    """A worker found the matches of a query (None: the query was empty)."""

    results: SearchResults | None


@dataclass
class SearchShown(Message):
    """The search bar has new matches or a new current match (``found``, from the
    reading model; None: nothing new) to paint; ``done`` returns focus to the article."""

    found: Found | None
    done: bool = False


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


@dataclass
class ArticleLoaded(Message):
    """The worker opening an article is done: show ``opened``, or, when it is
    None, say ``error`` (one line) and leave the screen as it is."""

    opened: Opened | None
    error: str = ""
