"""The search bar: an input docked at the bottom with the match count beside it.

It only reports (typing, enter, escape) as messages; the screen runs the
search and sends the count back with :meth:`SearchBar.show_count`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label

from reader.ui.messages import SearchChanged, SearchClosed, SearchStep


class SearchBar(Horizontal):
    """``/`` opens it; typing searches; enter goes to the match; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "close", "Close", id="search.close", tooltip="clears the marks"
        ),
    ]

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

    def open(self) -> None:
        """Show the bar and focus its input, the previous query selected."""
        self.display = True
        self.input.focus()
        self.input.select_all()

    def show_count(self, text: str) -> None:
        self.query_one("#search-count", Label).update(Content(text))

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(SearchChanged(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SearchStep(0, accept=True))

    def action_close(self) -> None:
        self.display = False
        self.post_message(SearchClosed())
