"""The search bar: an input docked at the bottom with the match count beside it.

Typing searches through the reading model (in a worker thread for a long
article, so typing stays fluid); each answer goes up as
:class:`~reader.ui.messages.SearchShown` for the screen to paint on the
article. Enter goes back to the article at the current match; escape closes
the bar and clears the marks.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from reader.interaction.find import SearchResults
from reader.interaction.reading import Found, ReadingModel
from reader.ui.messages import SearchAnswered, SearchShown


class SearchBar(Horizontal):
    """``/`` opens it; typing searches; enter goes to the match; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "close", "Close", id="search.close", tooltip="clears the marks"
        ),
    ]

    def __init__(self, model: ReadingModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model

    def compose(self) -> ComposeResult:
        yield Label(Content("/"), id="search-prompt")
        yield Input(placeholder="search (enter: go, n/N: next/previous)", id="search-input")
        yield Label(Content(""), id="search-count")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def query_text(self) -> str:
        return self.input.value

    def open(self, origin: int) -> None:
        """Show the bar and focus its input, the previous query selected; matches
        are counted from ``origin`` (the cursor)."""
        self.model.search_origin = origin
        self.display = True
        # Now, not later as focus() would: keys typed right after "/" are already
        # queued, and must reach the input, not the article (u undoes there).
        self.screen.set_focus(self.input)
        self.input.select_all()

    def show_count(self, text: str) -> None:
        self.query_one("#search-count", Label).update(Content(text))

    def step(self, direction: int) -> None:
        """Next (``1``) or previous (``-1``) match."""
        found = self.model.step(direction)
        if found is not None:
            self._show(found)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.model.searches_in_a_worker(event.value):
            self._search_worker(event.value)
        else:
            self._results(self.model.find(event.value))

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        results = self.model.find(query)
        if not get_current_worker().is_cancelled:
            self.post_message(SearchAnswered(results))

    @on(SearchAnswered)
    def _answered(self, event: SearchAnswered) -> None:
        event.stop()
        self._results(event.results)

    def _results(self, results: SearchResults | None) -> None:
        if results is not None and results.query != self.query_text:
            return  # a stale answer from the worker
        self._show(self.model.show_results(results))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SearchShown(None, done=True))

    def action_close(self) -> None:
        self.display = False
        self._show(self.model.close_search(), done=True)

    def _show(self, found: Found, *, done: bool = False) -> None:
        self.show_count(found.label)
        self.post_message(SearchShown(found, done=done))
