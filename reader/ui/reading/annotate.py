"""The annotation keys of the reading screen: highlight, tag, note, delete, undo, notes, export.

Every key acts on the selection when there is one, else on the sentence
under the cursor. The work is :class:`~reader.interaction.annotator.Annotator`'s
(store first, then the view); this base screen asks the dialogs, keeps the
sidebar counts, the status line and the notes panel in step, and retries
writes the disk refused. The reading screen adds the layout, search and
navigation on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from reader.annotations.anchoring import anchor_all
from reader.annotations.model import COLORS, DEFAULT_COLOR, Anchor, Annotation
from reader.document.model import Article
from reader.errors import ReaderError
from reader.interaction.annotator import MANY_ANNOTATIONS, NOTHING, READ_ONLY, Annotator, Outcome
from reader.interaction.decorations import Mark
from reader.interaction.highlights import Placed
from reader.store.store import Store
from reader.ui.common.stylesheets import read_later
from reader.ui.dialogs import one_line
from reader.ui.messages import NoteChosen, SelectionChanged, TagsChosen
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.sections import SectionsSidebar
from reader.ui.reading.status_line import StatusLine

if TYPE_CHECKING:
    from reader.ui.dialogs.export import ExportRequest
    from reader.ui.reading.notes_panel import NoteEntry, NotesPanel
    from reader.ui.reading.tag_prompt import TagPrompt

PROMPT_DOCK = "prompt-dock"
"""The container the tag prompt is mounted in; the screen composes it.

A widget shown or hidden among the screen's own children renumbers the
painting order of all of them, so every one is repainted; inside this dock,
showing the prompt touches only the dock's rows.
"""

RETRY_SECONDS = 3.0
"""How often a write the disk refused is tried again."""


def preload_dialogs() -> None:
    """Import the dialogs ahead of their first use.

    They are not needed for the first frame, so the screen calls this once
    the article is on screen; an action imports whatever is still missing.
    """
    import reader.operations.export
    import reader.ui.common.tag_field
    import reader.ui.dialogs.export
    import reader.ui.dialogs.note
    import reader.ui.reading.notes_panel
    import reader.ui.reading.tag_prompt  # noqa: F401


def _key(key: str, action: str, text: str, tip: str, *, show: bool = True) -> Binding:
    return Binding(key, action, text, show=show, id=f"annotate.{action}", tooltip=tip)


def _colour_keys() -> list[Binding]:
    return [
        Binding(str(n), f"highlight({n})", f"Highlight {color}", show=False,
                id=f"annotate.colour-{n}", tooltip=f"the selection or sentence, in {color}")
        for n, color in enumerate(COLORS, start=1)
    ]


CLOSE_NOTES = _key("escape", "close_notes", "Close notes", "back to the article", show=False)
"""A subclass binding escape too must list this again: a class's bindings for a
key replace its base's."""


class AnnotatingScreen(Screen[None]):
    """Binds the annotation keys over an :class:`ArticleView` of ``article``."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's screen repaints every widget when focus moves; here the widgets
    that show focus repaint themselves (their ``:focus`` styles, the article's
    cursor), so moving into the tag prompt repaints the prompt and not the article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("h", "highlight", "Highlight",
             "the selection or sentence (1-5 pick a colour); on a highlight: recolour it"),
        *_colour_keys(),
        _key("t", "tag", "Tag", "tag the selection or the highlight under the cursor"),
        _key("c", "note", "Note", "write or edit the note; ctrl+s saves"),
        _key("x", "delete", "Delete", "delete the highlight under the cursor (u undoes)"),
        _key("u", "undo", "Undo", "undo the last annotation change"),
        _key("ctrl+r", "redo", "Redo", "redo what u undid"),
        _key("r", "reattach", "Re-attach", "move the detached note chosen in the panel here"),
        _key("a", "toggle_notes", "Notes", "the article's notes; enter jumps to one"),
        _key("e", "export", "Export", "write the notes to a Markdown or JSON file", show=False),
        CLOSE_NOTES,
    ]

    def __init__(
        self,
        article: Article,
        store: Store,
        *,
        source: str | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.store = store
        self.source = source
        self.data_dir = data_dir
        self.view = ArticleView(article, id="article")
        self.annotator = Annotator(article, store, self.view)
        self._chosen: str | None = None  # a detached note picked in the panel, to re-attach
        self._retry_timer: Timer | None = None
        self._focused: Placed | None = None
        self._shown: Placed | None = None  # the one marked (none while selecting)
        self._panel: NotesPanel | None = None  # mounted on first use
        self._tag_prompt: TagPrompt | None = None  # mounted on the first t
        self._tagging: tuple[tuple[int, int], Placed | None] | None = None
        self._key_state: tuple[bool, ...] = ()

    @property
    def sidebar(self) -> SectionsSidebar:
        return self.query_one(SectionsSidebar)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def notes_panel(self) -> NotesPanel | None:
        return self._panel

    # -- opening -------------------------------------------------------------------
    def open_annotations(self) -> None:
        """Anchor the article's annotations (in a worker when there are many)."""
        if self.store.read_only:
            self.status.saving = "read-only"
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
            self.app.call_from_thread(self._show_loaded, anns, anchors)

    def _show_loaded(self, anns: Sequence[Annotation], anchors: Sequence[Anchor]) -> None:
        self.annotator.load(anns, anchors)
        self.annotations_changed()

    # -- state flowing down --------------------------------------------------------
    def annotations_changed(self) -> None:
        """Counts, status and panel after the annotations changed."""
        index = self.annotator.index
        self.sidebar.set_counts(index.counts)
        self.status.notes = len(index)
        self.status.detached = index.orphans
        panel = self.notes_panel
        if panel is not None and panel.display:
            panel.show(self.note_entries())
        self.cursor_moved()
        self.sync_keys()

    def cursor_moved(self) -> None:
        """Mark the highlight the keys would act on (the passage under the cursor)."""
        _span, placed = self._target()
        shown = placed if self.view.selection is None else None  # never hide a selection
        if (placed, shown) == (self._focused, self._shown):
            return
        self._focused, self._shown = placed, shown
        marks = [Mark(*shown.span, f"focus-{shown.annotation.color}")] if shown else []
        self.view.set_decorations("focus", marks)
        panel = self.notes_panel
        if placed is not None and panel is not None and panel.display:
            panel.highlight(placed.id)
        self.sync_keys()

    def sync_keys(self) -> None:
        """Refresh the footer only when a key's availability changed: Textual
        rebuilds the whole footer on every refresh, which costs more than the
        change the key made."""
        panel = self.notes_panel
        state = (
            self._focused is not None,
            self.annotator.history.can_undo,
            self.annotator.history.can_redo,
            self._chosen is not None,
            panel is not None and bool(panel.display),
        )
        if state != self._key_state:
            self._key_state = state
            self.refresh_bindings()

    @on(SelectionChanged)
    def _selection_changed(self, event: SelectionChanged) -> None:
        event.stop()
        self.status.mode = "VISUAL" if event.visual else ("SELECTION" if event.span else "")
        self.cursor_moved()

    def note_entries(self) -> list[NoteEntry]:
        from reader.ui.reading.notes_panel import NoteEntry

        text = self.article.text
        entries = []
        for placed in self.annotator.index.ordered():
            ann, where = placed.annotation, placed.anchor
            if where.attached:
                entries.append(NoteEntry(
                    ann, where.state, text[where.start : where.end],
                    self.annotator.section_title(where.start), where.start,
                ))
            else:
                entries.append(NoteEntry(ann, "orphan", "", ann.section))
        return entries

    # -- what a key acts on --------------------------------------------------------
    def _span(self) -> tuple[tuple[int, int], bool]:
        """The selection (explicit) or the cursor's sentence."""
        selection = self.view.selection
        if selection is not None:
            return selection.span, True
        return self.view.cursor_span, False

    def _target(self) -> tuple[tuple[int, int], Placed | None]:
        """The span, and the annotation it belongs to: for a selection one
        holding it; for the cursor's sentence also a phrase highlighted in it."""
        span, explicit = self._span()
        index = self.annotator.index
        return span, index.containing(*span) if explicit else index.under(*span)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete":
            return self._focused is not None
        if action == "undo":
            return self.annotator.history.can_undo
        if action == "redo":
            return self.annotator.history.can_redo
        if action == "reattach":
            return self._chosen is not None and self._chosen in self.annotator.index
        if action == "close_notes":
            panel = self.notes_panel
            return panel is not None and bool(panel.display)
        return True

    def _may_write(self) -> bool:
        if not self.annotator.loaded:
            self.say("the annotations are still loading", "warning")
            return False
        if self.annotator.read_only:
            self.say(READ_ONLY, "warning")
            return False
        return True

    # -- actions -------------------------------------------------------------------
    def action_highlight(self, number: int = 0) -> None:
        if self._may_write():
            color = COLORS[number - 1] if 1 <= number <= len(COLORS) else DEFAULT_COLOR
            self._finish(self.annotator.highlight(self._span()[0], color))

    async def action_tag(self) -> None:
        if not self._may_write():
            return
        span, placed = self._target()
        self._tagging = (span, placed)
        prompt = await self.prepare_tag_prompt()
        current = placed.annotation.tags if placed is not None else ()
        prompt.open(current, self.store.tags(), self.annotator.passage(placed, span))

    async def prepare_tag_prompt(self) -> TagPrompt:
        """Mount the tag prompt, hidden, if it is not there yet (once the article shows)."""
        if self._tag_prompt is None:
            read_later(self.app)  # the tag field's styles
            from reader.ui.reading.tag_prompt import TagPrompt

            prompt = self._tag_prompt = TagPrompt(id="tag-prompt")
            prompt.display = False
            await self.query_one(f"#{PROMPT_DOCK}").mount(prompt)
        return self._tag_prompt

    @on(TagsChosen)
    def _tags_chosen(self, event: TagsChosen) -> None:
        """The prompt closed: save the tags (a new highlight if the passage had none)."""
        event.stop()
        target, self._tagging = self._tagging, None
        self.view.focus()
        if event.tags is None or target is None:
            return
        span, placed = target
        if placed is not None:
            self._finish(self.annotator.edit(placed.id, tags=event.tags))
        else:
            self._finish(self.annotator.create(span, tags=event.tags) if event.tags else NOTHING)

    def action_note(self) -> None:
        if not self._may_write():
            return
        span, placed = self._target()

        def written(note: str | None) -> None:
            if note is None:
                return
            if placed is not None:
                self._finish(self.annotator.edit(placed.id, note=note))
            else:
                self._finish(self.annotator.create(span, note=note) if note else NOTHING)

        note = placed.annotation.note if placed is not None else ""
        passage = self.annotator.passage(placed, span)
        from reader.ui.dialogs.note import NoteDialog

        self.app.push_screen(NoteDialog(note, passage=passage), written)

    def action_delete(self) -> None:
        if self._may_write() and self._focused is not None:
            self._finish(self.annotator.delete(self._focused.id))

    def action_undo(self) -> None:
        if self._may_write():
            self._finish(self.annotator.undo(), consume=False)

    def action_redo(self) -> None:
        if self._may_write():
            self._finish(self.annotator.redo(), consume=False)

    def action_reattach(self) -> None:
        if self._may_write() and self._chosen is not None:
            outcome = self.annotator.reattach(self._chosen, self._span()[0])
            self._chosen = None
            self._finish(outcome)

    def _finish(self, outcome: Outcome, *, consume: bool = True) -> None:
        """After an action: drop the selection it used, show whether it is saved."""
        if outcome.refused:
            self.say(READ_ONLY, "warning")
            return
        if consume:
            self.view.select(None)
        if outcome.change is None:
            return
        self._show_saved(outcome.saved)
        self.annotations_changed()

    # -- saving --------------------------------------------------------------------
    def _show_saved(self, saved: bool) -> None:
        if saved:
            self.status.saving = "saved"
            self._stop_retrying()
            return
        self.status.saving = f"not saved: {self.annotator.unsaved_reason()}, retrying"
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_SECONDS, self._retry)

    def _retry(self) -> None:
        if self.annotator.retry():
            self.status.saving = "saved"
            self._stop_retrying()

    def _stop_retrying(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

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
        panel.show(self.note_entries())
        if self._focused is not None:
            panel.highlight(self._focused.id)
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
        placed = self.annotator.index.get(event.annotation_id)
        if placed is None:
            return
        if placed.anchor.attached:
            self.view.select(None)
            self.view.move_to_offset(placed.anchor.start)
        if placed.anchor.state != "anchored":
            self._chosen = placed.id
            self.say("select the passage this note is about now (v, j/k, w/b), then press r")
        self.view.focus()
        self.sync_keys()

    # -- export --------------------------------------------------------------------
    def action_export(self) -> None:
        data_dir = self.data_dir or Path.cwd()
        from reader.ui.dialogs.export import ExportDialog, default_export_path

        default = default_export_path(self.article.uri, data_dir, "markdown")
        self.app.push_screen(ExportDialog(default, self.store.tags()), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is not None:
            self._export(request)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        from reader.operations.export import export_file

        try:
            path = export_file(
                self.store, self.article, self.source, request.path, force=request.force,
                fmt=request.fmt, group=request.group, tags=request.tags, colors=request.colors,
            )
        except ReaderError as exc:
            self.app.call_from_thread(self.say, f"export failed: {exc}", "error")
            return
        self.app.call_from_thread(self.say, f"exported to {path}")
