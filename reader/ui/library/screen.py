"""The library screen: every article read or imported, and a search of every note.

A table of articles (title, source, notes, last opened) that sorts and
filters; enter asks the app to open one (:class:`OpenArticle`), ``d`` takes
one out of the library after exporting its notes (:mod:`reader.operations.removal`);
the table's order, filter and times are :mod:`reader.operations.listing`'s.
``/`` searches the passages, notes and tags of every article
(:mod:`reader.annotations.search`) and opens the chosen passage.

Titles, sources, passages and notes are untrusted: cells are rich ``Text``
and options ``Content`` built from plain strings cleaned of control codes
(:mod:`reader.ui.common.plain`), never markup. Times are shown relative to ``now``,
which tests pass in so that nothing depends on the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.annotations.search import AnnotationSearch, SearchResults
from reader.errors import ReaderError
from reader.operations.listing import (
    SORT_NAMES,
    SORTS,
    Sort,
    filter_records,
    short_source,
    sort_records,
    when,
)
from reader.operations.removal import removal_question, remove_article
from reader.store.store import ArticleRecord, Store
from reader.ui.common.key_bar import KeyBar
from reader.ui.common.plain import clean, one_line, plain, plain_text
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.messages import ArticleRemoved, OpenArticle
from reader.ui.reading.memory import settle_memory
from reader.ui.tags.screen import OpeningList, passage_option

TITLE_CHARS = (20, 80)
SOURCE_CHARS = (12, 36)
COLUMNS = (("Title", "title"), ("Source", "source"), ("Notes", "notes"),
           ("Last opened", "opened"))
FIXED_CELLS = 5 + 11 + 4 * 2 + 1
"""Notes and last-opened columns, the cells' padding and the scrollbar."""
MIN_QUERY = 2
"""Shorter queries match nearly everything: not worth a scan of the library."""
SEARCH_DELAY = 0.12
"""Seconds of quiet typing before a search runs."""


class LibraryTable(DataTable[Text]):
    """The articles; enter opens the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="library.open",
                tooltip="read the article at the place you left it"),
    ]


class LibraryScreen(Screen[None]):
    """Every article of ``store``; ``data_dir`` receives the exports of removed ones."""

    search_delay: ClassVar[float] = SEARCH_DELAY
    """The search's debounce; 0 searches on every keystroke (tests set it, to not sleep)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d,delete", "remove", "Remove", id="library.remove", key_display="d",
                tooltip="asks first; its notes are exported to the data folder"),
        Binding("s", "sort", "Sort", id="library.sort",
                tooltip="by last opened, title or number of notes"),
        Binding("f", "filter", "Filter", id="library.filter",
                tooltip="titles and sources containing the text; enter returns to the list"),
        Binding("slash", "search", "Search notes", id="library.search", key_display="/",
                tooltip="passages, notes and tags of every article; #word: tags only"),
        Binding("escape", "back", "Back", id="library.back",
                tooltip="close the search or leave the filter, else back to the article"),
        Binding("down", "to_hits", "Results", show=False, id="library.to-hits",
                tooltip="from the search line down into the matching notes"),
    ]

    def __init__(
        self,
        store: Store,
        *,
        data_dir: Path | None = None,
        now: Callable[[], datetime] | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.store = store
        self.notices = tuple(notices)
        """Said once on mount (the library may be the first screen: read-only, …)."""
        self.data_dir = data_dir
        self.now = now or (lambda: datetime.now().astimezone())
        self.sort: Sort = "opened"
        self.records: list[ArticleRecord] = []
        self.shown: list[ArticleRecord] = []
        self.index: AnnotationSearch | None = None
        self.results: SearchResults | None = None
        self._titles: dict[str, ArticleRecord] = {}
        self._search_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="library-header")
        yield Input(placeholder="filter titles and sources (f)", id="library-filter")
        table = LibraryTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="library-empty")
        with Vertical(id="library-search"):
            yield Input(placeholder="search every note: words, #tag", id="library-query")
            yield Static(id="library-count")
            yield OpeningList(id="library-hits", markup=False)
        yield KeyBar()

    @property
    def table(self) -> LibraryTable:
        return self.query_one(LibraryTable)

    @property
    def searching(self) -> bool:
        return bool(self.query_one("#library-search").display)

    def on_mount(self) -> None:
        table = self.table
        self.query_one("#library-search").display = False
        self.reload()
        table.focus()
        for notice in self.notices:
            self._say(notice, "warning")
        self.call_after_refresh(settle_memory)  # the first screen when the app starts here

    def on_screen_resume(self) -> None:
        self.index = None  # annotations may have changed while away
        if self.is_mounted:
            self.reload()

    # -- the table -----------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Read the records again and show them, the cursor on ``keep`` if given."""
        self.records = self.store.articles()
        self._titles = {r.uri: r for r in self.records}
        self._show(keep or self.current_uri())

    def _show(self, keep: str | None) -> None:
        query = self.query_one("#library-filter", Input).value
        self.shown = filter_records(sort_records(self.records, self.sort), query)
        now = self.now()
        title_chars, source_chars = self._widths()
        rows = [
            (
                plain_text(one_line(record.title or record.uri, title_chars)),
                plain_text(short_source(clean(record.source), source_chars), style="dim"),
                Text(str(record.count), justify="right"),
                plain_text(when(record.last_opened, now)),
            )
            for record in self.shown
        ]
        table = self.table
        # Columns get fixed widths that fit the screen, set afresh each time
        # (auto-sized columns only ever widen, and not on every redraw).
        table.clear(columns=True)
        for n, (label, key) in enumerate(COLUMNS):
            width = max([len(label), *(row[n].cell_len for row in rows)])
            table.add_column(label, key=key, width=width)
        for record, row in zip(self.shown, rows, strict=True):
            table.add_row(*row, key=record.uri)
        uris = [r.uri for r in self.shown]
        if keep in uris:
            table.move_cursor(row=uris.index(keep), animate=False)
        count = len(self.records)
        noun = "article" if count == 1 else "articles"
        shown = f"{len(self.shown)} of {count} {noun}" if query.strip() else f"{count} {noun}"
        sort = f"  sorted by {SORT_NAMES[self.sort]}"
        header = Content.assemble(("Library", "bold $accent"), f"  {shown}", (sort, "dim"))
        self.query_one("#library-header", Static).update(header)
        empty = self.query_one("#library-empty", Static)
        empty.display = not self.shown and not self.searching
        empty.update(Content(
            "No article matches the filter." if self.records else
            "The library is empty: open an article with  reader FILE  or  reader import FILE."
        ))
        self.refresh_bindings()

    def _widths(self) -> tuple[int, int]:
        """Title and source widths that fit the screen (the other columns are short)."""
        room = max(0, (self.size.width or self.app.size.width) - FIXED_CELLS)
        source = max(SOURCE_CHARS[0], min(SOURCE_CHARS[1], room * 35 // 100))
        title = max(TITLE_CHARS[0], min(TITLE_CHARS[1], room - source))
        return title, source

    def on_resize(self) -> None:
        if self.records:
            self._show(self.current_uri())

    def current(self) -> ArticleRecord | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def current_uri(self) -> str | None:
        record = self.current() if self.is_mounted else None
        return record.uri if record else None

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        record = self.current()
        if record is not None:
            self.post_message(OpenArticle(record.uri, record.source))

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(self.current_uri())

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    # -- actions -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return not (self.searching or self.store.read_only) and self.current() is not None
        if action in ("sort", "filter"):
            return not self.searching
        if action == "to_hits":
            return self.query_one("#library-query").has_focus and bool(self.results)
        if action == "back":
            filtering = self.query_one("#library-filter").has_focus
            return self.searching or filtering or len(self.app.screen_stack) > 1
        return True

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._show(self.current_uri())

    def action_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_back(self) -> None:
        if self.searching:
            self._close_search()
        elif self.query_one("#library-filter").has_focus:
            self.table.focus()
        elif len(self.app.screen_stack) > 1:
            self.dismiss()

    def action_remove(self) -> None:
        record = self.current()
        if record is None:
            return
        question = removal_question(record, self.data_dir)

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(record)

        self.app.push_screen(ConfirmDialog(question, title="Remove from the library"), answered)

    @work(thread=True, exclusive=True, group="library-remove")
    def _remove(self, record: ArticleRecord) -> None:
        try:
            message = remove_article(self.store, record, self.data_dir, self.now())
        except ReaderError as exc:
            self.app.call_from_thread(self._say, f"not removed: {exc}", "error")
            return
        self.app.call_from_thread(self._removed, record.uri, message)

    def _removed(self, uri: str, message: str) -> None:
        self.index = None
        self.reload()
        self._say(message, "information")
        self.post_message(ArticleRemoved(uri))

    def _say(self, message: str, severity: Literal["information", "warning", "error"]) -> None:
        self.notify(one_line(message, 240), severity=severity, markup=False)

    # -- search --------------------------------------------------------------------
    def action_search(self) -> None:
        pane = self.query_one("#library-search")
        pane.display = True
        self.table.display = False
        self.query_one("#library-filter").display = False
        self.query_one("#library-empty").display = False
        self.query_one("#library-query", Input).focus()
        if self.index is None:
            self._count("reading the notes of every article…")
            self._build_index()
        self.refresh_bindings()

    def _close_search(self) -> None:
        self.query_one("#library-search").display = False
        self.table.display = True
        self.query_one("#library-filter").display = True
        self._show(self.current_uri())
        self.table.focus()

    @work(thread=True, exclusive=True, group="library-index")
    def _build_index(self) -> None:
        index = AnnotationSearch(self.store.all_annotations())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: AnnotationSearch) -> None:
        self.index = index
        self._run_search()

    @on(Input.Changed, "#library-query")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        if self.search_delay <= 0:
            self._run_search()
        else:
            self._search_timer = self.set_timer(self.search_delay, self._run_search)

    def _run_search(self) -> None:
        self._search_timer = None
        query = self.query_one("#library-query", Input).value
        if self.index is None:
            return
        if len(query.strip().lstrip("#")) < MIN_QUERY:
            self._show_hits(SearchResults(query, [], 0))
            self._count(f"{len(self.index)} notes: type at least {MIN_QUERY} letters")
            return
        self._search(self.index, query)

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, index: AnnotationSearch, query: str) -> None:
        results = index.search(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, results)

    def _show_hits(self, results: SearchResults) -> None:
        if results.query != self.query_one("#library-query", Input).value:
            return  # an answer to an older query
        self.results = results
        hits = self.query_one("#library-hits", OpeningList)
        dark = self.app.current_theme.dark
        options: list[Option | None] = []
        for n, hit in enumerate(results.hits):
            record = self._titles.get(hit.annotation.article)
            title = record.title if record else hit.annotation.article
            options.append(
                passage_option(hit.annotation, title, f"hit-{n}", query=results.query, dark=dark)
            )
        hits.set_options(options)
        if results.hits:
            hits.highlighted = 0
        if results.query.strip():
            shown = len(results.hits)
            more = f" (the best {shown} shown)" if results.matched > shown else ""
            count = results.matched
            found = "1 note matches" if count == 1 else f"{count} matching notes"
            self._count(f"{found}{more}" if shown else "no note matches")

    def _count(self, text: str) -> None:
        self.query_one("#library-count", Static).update(plain(text))

    @on(Input.Submitted, "#library-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        hits = self.query_one("#library-hits", OpeningList)
        if self.results and self.results.hits:
            self._open_hit(hits.highlighted or 0)

    @on(OptionList.OptionSelected, "#library-hits")
    def _hit_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_hit(event.option_index)

    def _open_hit(self, index: int) -> None:
        if self.results is None or not 0 <= index < len(self.results.hits):
            return
        ann = self.results.hits[index].annotation
        record = self._titles.get(ann.article)
        self.post_message(OpenArticle(ann.article, record.source if record else "", ann))

    def action_to_hits(self) -> None:
        self.query_one("#library-hits", OpeningList).focus()
