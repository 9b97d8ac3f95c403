"""The reading screen's annotation flows: the tag prompt, the note editor, export,
and showing (and retrying) the saving of each change.

The reading model decides what changes; this part of the screen asks the
prompt and dialogs, paints each :class:`~reader.interaction.annotator.Outcome`
on the article and the status line, and retries writes the disk refused.
It is the screen's by composition (``ReadingScreen.annotating``), reached
through the screen's public parts: its model, view, status reactives and
``say``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from reader.errors import ReaderError
from reader.interaction.annotator import READ_ONLY, Outcome
from reader.interaction.reading import Target
from reader.ui.common.stylesheets import read_later

if TYPE_CHECKING:
    from reader.operations.export import ExportOptions
    from reader.ui.reading.screen import ReadingScreen
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


class Annotating:
    """Writes through the reading model, and shows what each write did."""

    def __init__(self, screen: ReadingScreen) -> None:
        self.screen = screen
        self.model = screen.model
        self.retry_timer: Timer | None = None
        self._tag_prompt: TagPrompt | None = None  # mounted on the first t
        self._tagging: Target | None = None

    def may_write(self) -> bool:
        if not self.model.annotator.loaded:
            self.screen.say("the annotations are still loading", "warning")
            return False
        if self.model.annotator.read_only:
            self.screen.say(READ_ONLY, "warning")
            return False
        return True

    # -- tags and notes ------------------------------------------------------------
    async def prepare_tag_prompt(self) -> TagPrompt:
        """Mount the tag prompt, hidden, if it is not there yet (once the article shows)."""
        if self._tag_prompt is None:
            read_later(self.screen.app)  # the tag field's styles
            from reader.ui.reading.tag_prompt import TagPrompt

            prompt = self._tag_prompt = TagPrompt(id="tag-prompt")
            prompt.display = False
            await self.screen.query_one(f"#{PROMPT_DOCK}").mount(prompt)
        return self._tag_prompt

    async def tag(self) -> None:
        if not self.may_write():
            return
        target = self._tagging = self.model.target()
        prompt = await self.prepare_tag_prompt()
        current = target.placed.annotation.tags if target.placed is not None else ()
        prompt.open(current, self.screen.store.tags(), self.model.passage(target))

    def tags_chosen(self, tags: Sequence[str] | None) -> None:
        """The prompt closed: save the tags (a new highlight if the passage had none)."""
        target, self._tagging = self._tagging, None
        self.screen.view.focus()
        if tags is not None and target is not None:
            self.finish(self.model.tag(target, tuple(tags)))

    def note(self) -> None:
        if not self.may_write():
            return
        target = self.model.target()

        def written(note: str | None) -> None:
            if note is not None:
                self.finish(self.model.note(target, note))

        note = target.placed.annotation.note if target.placed is not None else ""
        from reader.ui.dialogs.note import NoteDialog

        self.screen.app.push_screen(NoteDialog(note, passage=self.model.passage(target)), written)

    # -- after a change ------------------------------------------------------------
    def act(self, change: Callable[[], Outcome], *, consume: bool = True) -> None:
        """A key's change, if writing is possible now, then :meth:`finish`."""
        if self.may_write():
            self.finish(change(), consume=consume)

    def finish(self, outcome: Outcome, *, consume: bool = True) -> None:
        """After an action: paint its marks, drop the selection it used, show the saving."""
        if outcome.refused:
            self.screen.say(READ_ONLY, "warning")
            return
        view = self.screen.view
        view.show_outcome(outcome)
        if consume:
            view.select(None)
        if outcome.change is None:
            return
        self.show_saved(outcome.saved)
        self.screen.annotations_changed()

    def show_saved(self, saved: bool) -> None:
        if saved:
            self.screen.saving = "saved"
            self._stop_retrying()
            return
        self.screen.saving = f"not saved: {self.model.annotator.unsaved_reason()}, retrying"
        if self.retry_timer is None:
            self.retry_timer = self.screen.set_interval(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        """The timer's tick: try the unsaved changes again."""
        if self.model.annotator.retry():
            self.screen.saving = "saved"
            self._stop_retrying()

    def _stop_retrying(self) -> None:
        if self.retry_timer is not None:
            self.retry_timer.stop()
            self.retry_timer = None

    # -- export --------------------------------------------------------------------
    def export(self) -> None:
        screen = self.screen
        from reader.ui.dialogs.export import ExportDialog, default_export_path

        default = default_export_path(screen.article.uri, screen.data_dir or Path.cwd(),
                                      "markdown")
        screen.app.push_screen(ExportDialog(default, screen.store.tags()), self._chosen)

    def _chosen(self, request: ExportOptions | None) -> None:
        if request is not None:
            self.screen.run_worker(lambda: self._export(request), thread=True,
                                   exclusive=True, group="export")

    def _export(self, request: ExportOptions) -> None:
        """In a worker thread: the export, then one line to say how it went."""
        from reader.operations.export import export_notes

        screen = self.screen
        try:
            done = export_notes(screen.store, screen.article, request)
        except ReaderError as exc:
            screen.app.call_from_thread(screen.say, f"export failed: {exc}", "error")
            return
        screen.app.call_from_thread(screen.say, f"exported to {done.path}")
