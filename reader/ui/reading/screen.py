"""The reading screen: sections sidebar, article view, notes panel, search bar, status line.

State lives in :class:`~reader.interaction.reading.ReadingModel` (what a key
acts on, the annotator, the search, the note to re-attach); this screen
tells it where the cursor is, asks it, and paints what it answers. What the
status line shows flows down from this screen's reactives by ``data_bind``;
widgets report up with the messages of :mod:`reader.ui.messages`. Every
annotation change goes to the store first (the annotator's rule), and a
write the disk refused is retried. The reading position is saved by the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.worker import get_current_worker

from reader.annotations.anchoring import anchor_all
from reader.annotations.model import Anchor, Annotation
from reader.document.model import Article
from reader.interaction.annotator import MANY_ANNOTATIONS, Annotator
from reader.interaction.find import SearchResults
from reader.interaction.reading import ReadingModel
from reader.store.store import Store
from reader.ui.common.key_bar import KeyBar
from reader.ui.common.stylesheets import read_later
from reader.ui.dialogs import one_line
from reader.ui.messages import (
    Anchored,
    CursorMoved,
    NoteChosen,
    SearchShown,
    SectionChosen,
    SelectionChanged,
    TagsChosen,
)
from reader.ui.reading.annotating import PROMPT_DOCK, Annotating, preload_dialogs
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.keys import MODEL_ACTIONS, READING_KEYS, SEARCH_ACTIONS, TYPING_ACTIONS
from reader.ui.reading.memory import release_frozen, settle_memory
from reader.ui.reading.search_bar import SearchBar
from reader.ui.reading.sections import SectionsSidebar
from reader.ui.reading.status_line import StatusLine

if TYPE_CHECKING:
    from reader.ui.reading.notes_panel import NotesPanel
    from reader.ui.reading.tag_prompt import TagPrompt

_MODEL_ACTIONS = tuple(sorted(MODEL_ACTIONS))  # in a fixed order, for the key state


class ReadingScreen(Screen[None]):
    """Shows one article; ``position`` is the text offset to open at."""

    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's screen repaints every widget when focus moves; here the widgets
    that show focus repaint themselves (their ``:focus`` styles, the article's
    cursor), so moving into the tag prompt repaints the prompt and not the article."""

    # What the status line shows (bound to it in compose).
    section: reactive[str] = reactive("")
    progress: reactive[int] = reactive(0)
    mode: reactive[str] = reactive("")
    notes: reactive[int] = reactive(0)
    detached: reactive[int] = reactive(0)
    saving: reactive[str] = reactive("")
    # What the keys act on: a change refreshes the key bar, only then.
    key_state: reactive[tuple[bool, ...]] = reactive((), bindings=True)

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
        super().__init__()
        self.article = article
        self.store = store
        self.source = source
        self.data_dir = data_dir
        self.position = position
        self.notices = notices
        self.model = ReadingModel(article, store)
        self.view = ArticleView(article, id="article")
        self.annotating = Annotating(self)
        self._panel: NotesPanel | None = None  # mounted on first use
        self._search_bar: SearchBar | None = None

    @property
    def annotator(self) -> Annotator:
        return self.model.annotator

    @property
    def results(self) -> SearchResults | None:
        return self.model.results

    @property
    def sidebar(self) -> SectionsSidebar:
        return self.query_one(SectionsSidebar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def notes_panel(self) -> NotesPanel | None:
        return self._panel

    @property
    def search_bar(self) -> SearchBar:
        """The search bar; only asked for once ``/`` has mounted it."""
        assert self._search_bar is not None
        return self._search_bar

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SectionsSidebar(self.article.sections, id="sections")
            yield self.view
        # The search bar is mounted after the first frame (see prepare_search_bar).
        status = StatusLine(id="status", title=self.article.title, notices=self.notices)
        yield status.data_bind(
            ReadingScreen.section, ReadingScreen.progress, ReadingScreen.mode,
            ReadingScreen.notes, ReadingScreen.detached, ReadingScreen.saving,
        )
        # The tag prompt is mounted into this dock (see prepare_tag_prompt).
        yield Vertical(id=PROMPT_DOCK)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sidebar.can_focus = bool(self.article.sections)
        if self.position:
            self.view.move_to_offset(self.position)
        self.view.focus()
        self.open_annotations()
        self.call_after_refresh(self._after_first_frame)

    def on_unmount(self) -> None:
        release_frozen()

    def _after_first_frame(self) -> None:
        """Once the article is on screen: the later stylesheets, dialogs' modules, tag
        prompt and search bar."""
        read_later(self.app)
        self.call_after_refresh(preload_dialogs)
        self.call_after_refresh(self.prepare_tag_prompt)
        self.call_after_refresh(self.prepare_search_bar)
        self.call_after_refresh(settle_memory)

    # -- opening -------------------------------------------------------------------
    def open_annotations(self) -> None:
        """Anchor the article's annotations (in a worker when there are many)."""
        if self.store.read_only:
            self.saving = "read-only"
        anns = self.store.annotations(self.article.uri)
        if len(anns) > MANY_ANNOTATIONS:
            # after the first frame: a thread started now would share the
            # interpreter with the painting of it (about 0.1 s later for 2,000)
            self.call_after_refresh(self._anchor_in_worker, anns)
        else:
            self._show_loaded(anns, anchor_all(anns, self.article.text))

    @work(thread=True, exclusive=True, group="anchor")
    def _anchor_in_worker(self, anns: list[Annotation]) -> None:
        anchors = anchor_all(anns, self.article.text)
        if not get_current_worker().is_cancelled:
            self.post_message(Anchored(anns, anchors))

    @on(Anchored)
    def _annotations_anchored(self, event: Anchored) -> None:
        event.stop()
        self._show_loaded(event.anns, event.anchors)

    def _show_loaded(self, anns: Sequence[Annotation], anchors: Sequence[Anchor]) -> None:
        self.view.show_highlights(self.model.load(anns, anchors))
        self.annotations_changed()

    # -- state flowing down --------------------------------------------------------
    def annotations_changed(self) -> None:
        """Counts, status and panel after the annotations changed."""
        index = self.model.annotator.index
        self.sidebar.set_counts(index.counts)
        self.notes, self.detached = len(index), index.orphans
        panel = self.notes_panel
        if panel is not None and panel.display:
            panel.show(self.model.notes())
        self.cursor_moved()
        self.sync_keys()

    def cursor_moved(self) -> None:
        """Mark the highlight the keys would act on (the passage under the cursor)."""
        view = self.view
        selection = view.selection.span if view.selection is not None else None
        marks = self.model.moved(view.cursor_span, selection)
        if marks is None:
            return
        view.show_focus(marks)
        focused, panel = self.model.focused, self.notes_panel
        if focused is not None and panel is not None and panel.display:
            panel.highlight(focused.id)
        self.sync_keys()

    def sync_keys(self) -> None:
        """Which keys apply; the key bar is rebuilt only when that changes (Textual
        rebuilds the whole footer on every refresh, which costs more than a key)."""
        panel = self.notes_panel
        self.key_state = (*(self.model.can(a) for a in _MODEL_ACTIONS),
                          panel is not None and bool(panel.display), self.model.has_matches,
                          self._search_bar is not None and bool(self._search_bar.display))

    def on_cursor_moved(self, event: CursorMoved) -> None:
        sections = self.article.sections
        self.progress = event.progress
        if sections:
            section = sections[event.section]
            self.section = section.label or section.title
            self.sidebar.show_section(event.section)
        self.cursor_moved()

    @on(SelectionChanged)
    def _selection_changed(self, event: SelectionChanged) -> None:
        event.stop()
        self.mode = "VISUAL" if event.visual else ("SELECTION" if event.span else "")
        self.cursor_moved()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPING_ACTIONS:
            return not isinstance(self.focused, Input | TextArea)  # the key is text there
        if action in MODEL_ACTIONS:
            return self.model.can(action)
        if action == "close_notes":
            panel = self.notes_panel
            return panel is not None and bool(panel.display)
        if action == "close_search":
            return self._search_bar is not None and self._search_bar.display
        if action in SEARCH_ACTIONS:
            return self.model.has_matches
        return True

    # -- moving --------------------------------------------------------------------
    @on(SectionChosen)
    def _section_chosen(self, event: SectionChosen) -> None:
        event.stop()
        self.jump_to_section(event.index)

    def jump_to_section(self, index: int) -> None:
        """Cursor to the start of section ``index`` and focus back on the article."""
        view = self.view
        view.cursor = view.navigator.section_first_unit(index)
        view.focus()

    def action_focus_sections(self) -> None:
        if self.article.sections:
            self.sidebar.focus()

    def action_focus_article(self) -> None:
        self.view.focus()

    # -- annotating (the flows are Annotating's) ---------------------------------
    def action_highlight(self, number: int = 0) -> None:
        self.annotating.act(lambda: self.model.highlight(number))

    async def action_tag(self) -> None:
        await self.annotating.tag()

    async def prepare_tag_prompt(self) -> TagPrompt:
        return await self.annotating.prepare_tag_prompt()

    @on(TagsChosen)
    def _tags_chosen(self, event: TagsChosen) -> None:
        event.stop()
        self.annotating.tags_chosen(event.tags)

    def action_note(self) -> None:
        self.annotating.note()

    def action_delete(self) -> None:
        self.annotating.act(self.model.delete)

    def action_undo(self) -> None:
        self.annotating.act(self.model.annotator.undo, consume=False)

    def action_redo(self) -> None:
        self.annotating.act(self.model.annotator.redo, consume=False)

    def action_reattach(self) -> None:
        self.annotating.act(self.model.reattach)

    def action_export(self) -> None:
        self.annotating.export()

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        """A one-line notification, never read as markup (paths and quotes are text)."""
        self.notify(one_line(message, 200), severity=severity, markup=False)

    # -- notes panel ---------------------------------------------------------------
    async def action_toggle_notes(self) -> None:
        panel = self.notes_panel
        if panel is not None and panel.display:
            self.action_close_notes()
            return
        if panel is None:
            read_later(self.app)
            from reader.ui.reading.notes_panel import NotesPanel

            panel = self._panel = NotesPanel(id="notes")
            await self.query_one("#body").mount(panel)
        panel.display = True
        panel.show(self.model.notes())
        if self.model.focused is not None:
            panel.highlight(self.model.focused.id)
        panel.option_list.focus()
        self.sync_keys()

    def action_close_notes(self) -> None:
        panel = self.notes_panel
        if panel is not None:
            panel.display = False
        self.view.focus()
        self.sync_keys()

    @on(NoteChosen)
    def _note_chosen(self, event: NoteChosen) -> None:
        event.stop()
        placed, hint = self.model.choose(event.annotation_id)
        if placed is None:
            return
        if placed.anchor.attached:
            self.view.select(None)
            self.view.move_to_offset(placed.anchor.start)
        if hint:
            self.say(hint)
        self.view.focus()
        self.sync_keys()

    # -- search --------------------------------------------------------------------
    async def prepare_search_bar(self) -> SearchBar:
        """Mount the search bar, hidden, if it is not there yet (once the article shows).

        Not in compose: its input's styles and widgets would delay the first
        frame. Not on the first ``/`` either: the keys typed right after it
        would reach the article (undo, sections...) while the bar mounts.
        """
        if self._search_bar is None:
            bar = self._search_bar = SearchBar(self.model, id="search")
            bar.display = False
            await self.mount(bar, before=self.query_one(StatusLine))
        return self._search_bar

    async def action_search(self) -> None:
        bar = await self.prepare_search_bar()
        bar.open(self.view.cursor_span[0])

    def action_search_next(self) -> None:
        self.search_bar.step(1)

    def action_search_prev(self) -> None:
        self.search_bar.step(-1)

    def action_search_enter(self) -> None:
        self.search_bar.step(1)

    def action_close_search(self) -> None:
        self.search_bar.action_close()

    @on(SearchShown)
    def _search_shown(self, event: SearchShown) -> None:
        event.stop()
        if event.found is not None:
            self.view.show_found(event.found)
        if event.done:
            self.view.focus()
        self.sync_keys()
