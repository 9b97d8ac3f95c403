"""The state of the reading screen, without Textual: what a key acts on and what it changes.

One owner for what several widgets show: the passage a key would act on
(the selection, else the sentence under the cursor) and the highlight
marked as its target, the annotator, the search and its current match, and
the detached note waiting to be re-attached. The screen tells it where the
cursor and the selection are, asks it, and paints what it returns: marks for
a decoration layer, a span to move to, a line for the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.annotations.model import COLORS, DEFAULT_COLOR, Anchor, Annotation
from reader.document.model import Article
from reader.interaction.annotator import NOTHING, Annotator, Outcome
from reader.interaction.decorations import Mark, RangeLayer
from reader.interaction.find import SearchResults, find_all
from reader.interaction.highlights import Placed
from reader.interaction.notes import NoteEntry, note_entries
from reader.store.store import Store

Span = tuple[int, int]

SYNC_SEARCH_CHARS = 500_000
"""Longer articles are searched in a worker thread so typing stays fluid."""

REATTACH_HINT = "select the passage this note is about now (v, j/k, w/b), then press r"


@dataclass(frozen=True, slots=True)
class Target:
    """What a key acts on: ``span`` (the selection when ``explicit``, else the
    cursor's sentence) and the annotation it belongs to, if any."""

    span: Span
    explicit: bool
    placed: Placed | None


@dataclass(frozen=True, slots=True)
class Found:
    """What the search shows: the match layer (None: unchanged), the current match."""

    matches: RangeLayer | None
    current: Span | None
    label: str


class ReadingModel:
    """The reading screen's state for ``article``; annotations go through ``store``."""

    def __init__(self, article: Article, store: Store) -> None:
        self.article = article
        self.store = store
        self.annotator = Annotator(article, store)
        self.selection: Span | None = None
        self.cursor: Span = (0, 0)
        self.focused: Placed | None = None
        self.shown: Placed | None = None  # the one marked (none while selecting)
        self.chosen: str | None = None  # a detached note picked in the panel, to re-attach
        self.results: SearchResults | None = None
        self.search_origin = 0

    # -- what a key acts on --------------------------------------------------------
    def target(self) -> Target:
        """The selection or the cursor's sentence, and the annotation it belongs to:
        for a selection one holding it; for the sentence also a phrase highlighted in it."""
        index = self.annotator.index
        if self.selection is not None:
            return Target(self.selection, True, index.containing(*self.selection))
        return Target(self.cursor, False, index.under(*self.cursor))

    def moved(self, cursor: Span, selection: Span | None) -> list[Mark] | None:
        """The cursor or selection moved: the new ``focus`` marks, None if unchanged."""
        self.cursor, self.selection = cursor, selection
        placed = self.target().placed
        shown = placed if selection is None else None  # never hide a selection
        if (placed, shown) == (self.focused, self.shown):
            return None
        self.focused, self.shown = placed, shown
        return [Mark(*shown.span, f"focus-{shown.annotation.color}")] if shown else []

    def can(self, action: str) -> bool:
        """Whether an annotation key applies now (others always do)."""
        history = self.annotator.history
        if action == "delete":
            return self.focused is not None
        if action == "undo":
            return history.can_undo
        if action == "redo":
            return history.can_redo
        if action == "reattach":
            return self.chosen is not None and self.chosen in self.annotator.index
        return True

    def passage(self, target: Target) -> str:
        return self.annotator.passage(target.placed, target.span)

    # -- annotations ---------------------------------------------------------------
    def load(self, anns: Sequence[Annotation], anchors: Sequence[Anchor]) -> RangeLayer:
        """The annotations anchored at open: the highlight layer to show."""
        return self.annotator.load(anns, anchors)

    def highlight(self, number: int = 0) -> Outcome:
        color = COLORS[number - 1] if 1 <= number <= len(COLORS) else DEFAULT_COLOR
        return self.annotator.highlight(self.target().span, color)

    def tag(self, target: Target, tags: tuple[str, ...]) -> Outcome:
        """Tags chosen for ``target``: a new highlight if the passage had none."""
        if target.placed is not None:
            return self.annotator.edit(target.placed.id, tags=tags)
        return self.annotator.create(target.span, tags=tags) if tags else NOTHING

    def note(self, target: Target, note: str) -> Outcome:
        """A note written for ``target``: a new highlight if the passage had none."""
        if target.placed is not None:
            return self.annotator.edit(target.placed.id, note=note)
        return self.annotator.create(target.span, note=note) if note else NOTHING

    def delete(self) -> Outcome:
        return NOTHING if self.focused is None else self.annotator.delete(self.focused.id)

    def choose(self, ann_id: str) -> tuple[Placed | None, str]:
        """A note picked in the panel: where it is, and a hint when it is detached
        (it waits for ``r`` to re-attach it to the selection)."""
        placed = self.annotator.index.get(ann_id)
        if placed is None or placed.anchor.state == "anchored":
            return placed, ""
        self.chosen = placed.id
        return placed, REATTACH_HINT

    def reattach(self) -> Outcome:
        if self.chosen is None:
            return NOTHING
        outcome = self.annotator.reattach(self.chosen, self.target().span)
        self.chosen = None
        return outcome

    def notes(self) -> list[NoteEntry]:
        return note_entries(self.annotator)

    # -- search --------------------------------------------------------------------
    def searches_in_a_worker(self, query: str) -> bool:
        return bool(query) and len(self.article.text) > SYNC_SEARCH_CHARS

    def find(self, query: str) -> SearchResults | None:
        """The matches of ``query`` (None for an empty query); thread-safe."""
        return SearchResults(query, find_all(self.article.text, query)) if query else None

    def show_results(self, results: SearchResults | None) -> Found:
        """New results: all their marks, the first match from where the search began."""
        self.results = results
        marks = [Mark(s, e, "match") for s, e in results.matches] if results is not None else []
        if results is not None:
            results.first_from(self.search_origin)
        return self._found(RangeLayer(marks))

    def step(self, direction: int) -> Found | None:
        if self.results is None:
            return None
        self.results.step(direction)
        return self._found(None)

    def close_search(self) -> Found:
        self.results = None
        return Found(RangeLayer(), None, "")

    @property
    def has_matches(self) -> bool:
        return self.results is not None and len(self.results) > 0

    def _found(self, matches: RangeLayer | None) -> Found:
        results = self.results
        if results is None:
            return Found(matches, None, "")
        return Found(matches, results.current_span, results.label())
