"""The reading screen: sections sidebar, article view, notes panel, search bar, status line.

The screen owns the reading state that several widgets show (the search and
its matches, the current section, the annotations) and pushes it down;
widgets report with the messages of :mod:`reader.ui.messages`. The reading
position is saved by the app; annotation keys are bound in
:class:`~reader.ui.reading.annotate.AnnotatingScreen`, this screen's base.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.worker import get_current_worker

from reader.document.model import Article
from reader.interaction.decorations import Mark, RangeLayer
from reader.interaction.find import SearchResults, find_all
from reader.store.store import Store
from reader.ui.common.key_bar import KeyBar
from reader.ui.common.stylesheets import read_later
from reader.ui.messages import CursorMoved, SearchChanged, SearchClosed, SearchStep, SectionChosen
from reader.ui.reading.annotate import (
    CLOSE_NOTES,
    PROMPT_DOCK,
    AnnotatingScreen,
    preload_dialogs,
)
from reader.ui.reading.memory import release_frozen, settle_memory
from reader.ui.reading.search_bar import SearchBar
from reader.ui.reading.sections import SectionsSidebar
from reader.ui.reading.status_line import StatusLine

SYNC_SEARCH_CHARS = 500_000
"""Longer articles are searched in a worker thread so typing stays fluid."""

_SEARCH_ACTIONS = {"search_next", "search_prev", "search_enter", "close_search"}


class ReadingScreen(AnnotatingScreen):
    """Shows one article; ``position`` is the text offset to open at."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "focus_sections", "Sections", id="screen.sections",
                tooltip="enter jumps, escape returns"),
        Binding("slash", "search", "Search", id="screen.search", key_display="/",
                tooltip="ignores case; enter goes, n/N step"),
        Binding("n", "search_next", "Next match", id="screen.search-next",
                tooltip="wraps at the end"),
        Binding("N", "search_prev", "Prev match", id="screen.search-prev",
                tooltip="wraps at the start"),
        Binding("enter", "search_enter", "Next match", show=False, id="screen.search-enter",
                tooltip="while searching"),
        Binding("escape", "close_search", "Close search", show=False,
                id="screen.search-close", tooltip="clears the marks"),
        CLOSE_NOTES,
    ]

    def __init__(
        self,
        article: Article,
        store: Store,
        *,
        position: int = 0,
        notices: tuple[str, ...] = (),
        source: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(article, store, source=source, data_dir=data_dir)
        self.position = position
        self.notices = notices
        self.results: SearchResults | None = None
        self._search_origin = 0
        self._search_bar: SearchBar | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SectionsSidebar(self.article.sections, id="sections")
            yield self.view
        # The search bar is mounted on the first "/" (see action_search): its
        # input's styles and widgets would otherwise delay the first frame.
        yield StatusLine(id="status")
        # The tag prompt is mounted into this dock (see prepare_tag_prompt).
        yield Vertical(id=PROMPT_DOCK)
        yield KeyBar()

    @property
    def search_bar(self) -> SearchBar:
        """The search bar; only asked for once ``/`` has mounted it."""
        assert self._search_bar is not None
        return self._search_bar

    def on_mount(self) -> None:
        status = self.query_one(StatusLine)
        status.title = self.article.title
        status.notices = self.notices
        self.sidebar.can_focus = bool(self.article.sections)
        if self.position:
            self.view.move_to_offset(self.position)
        self.view.focus()
        self.open_annotations()
        self.call_after_refresh(self._after_first_frame)

    def on_unmount(self) -> None:
        release_frozen()

    def _after_first_frame(self) -> None:
        """Once the article is on screen: the later stylesheets, dialogs' modules, tag prompt."""
        read_later(self.app)
        self.call_after_refresh(preload_dialogs)
        self.call_after_refresh(self.prepare_tag_prompt)
        self.call_after_refresh(settle_memory)

    # -- state flowing down -------------------------------------------------
    def on_cursor_moved(self, event: CursorMoved) -> None:
        sections = self.article.sections
        status = self.query_one(StatusLine)
        status.progress = event.progress
        if sections:
            section = sections[event.section]
            status.section = section.label or section.title
            self.sidebar.show_section(event.section)
        self.cursor_moved()

    @on(SectionChosen)
    def _section_chosen(self, event: SectionChosen) -> None:
        event.stop()
        self.jump_to_section(event.index)

    def jump_to_section(self, index: int) -> None:
        """Cursor to the start of section ``index`` and focus back on the article."""
        view = self.view
        view.cursor = view.navigator.section_first_unit(index)
        view.focus()

    # -- actions -------------------------------------------------------------
    def action_focus_sections(self) -> None:
        if self.article.sections:
            self.sidebar.focus()

    def action_focus_article(self) -> None:
        self.view.focus()

    async def action_search(self) -> None:
        self._search_origin = self.view.cursor_span[0]
        if self._search_bar is None:
            self._search_bar = SearchBar(id="search")
            await self.mount(self._search_bar, before=self.query_one(StatusLine))
        self._search_bar.open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _SEARCH_ACTIONS:
            if action == "close_search":
                return self._search_bar is not None and self._search_bar.display
            return self.results is not None and len(self.results) > 0
        return super().check_action(action, parameters)

    def action_search_next(self) -> None:
        self._step(1)

    def action_search_prev(self) -> None:
        self._step(-1)

    def action_search_enter(self) -> None:
        self._step(1)

    def action_close_search(self) -> None:
        self.search_bar.action_close()

    # -- search --------------------------------------------------------------
    @on(SearchChanged)
    def _search_changed(self, event: SearchChanged) -> None:
        event.stop()
        text = self.article.text
        if not event.query:
            self._show_results(None)
        elif len(text) <= SYNC_SEARCH_CHARS:
            self._show_results(SearchResults(event.query, find_all(text, event.query)))
        else:
            self._search_worker(event.query)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        matches = find_all(self.article.text, query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, SearchResults(query, matches))

    def _show_results(self, results: SearchResults | None) -> None:
        if results is not None and results.query != self.search_bar.query_text:
            return  # a stale answer from the worker
        self.results = results
        view = self.view
        marks = [Mark(s, e, "match") for s, e in results.matches] if results is not None else []
        view.set_decorations("match", RangeLayer(marks))
        if results is not None:
            results.first_from(self._search_origin)
        self._show_current()

    def _step(self, direction: int) -> None:
        if self.results is not None:
            self.results.step(direction)
            self._show_current()

    def _show_current(self) -> None:
        results = self.results
        span = results.current_span if results is not None else None
        view = self.view
        view.set_decorations("current-match", [Mark(*span, "current-match")] if span else [])
        if span is not None:
            view.move_to_offset(span[0])
        self.search_bar.show_count(results.label() if results is not None else "")
        self.refresh_bindings()

    @on(SearchStep)
    def _search_step(self, event: SearchStep) -> None:
        event.stop()
        if event.direction:
            self._step(event.direction)
        if event.accept:
            self.view.focus()

    @on(SearchClosed)
    def _search_closed(self, event: SearchClosed) -> None:
        event.stop()
        self.results = None
        self.view.set_decorations("match", [])
        self.view.set_decorations("current-match", [])
        self.search_bar.show_count("")
        self.view.focus()
        self.refresh_bindings()
