"""The note editor: a text area for one annotation's Markdown note.

The passage shows above the editor (dim, cut to a few lines) so the note
is written looking at what it is about. Both are untrusted (an imported
note may hold escape sequences): the editor gets the note cleaned, and
"changed" compares with what it was given, so escape on a note that only
lost its controls does not ask to discard anything. ``ctrl+s`` returns the text;
``escape`` returns None at once when nothing changed, and asks first when
something did, since losing a paragraph of notes to a stray key is the
worst thing this dialog could do.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reader.ui import textual_compat
from reader.ui.common.plain import clean, plain
from reader.ui.dialogs import dialog_footer, one_line
from reader.ui.dialogs.confirm import ConfirmDialog

PASSAGE_CHARS = 220
"""About three lines of the dialog: enough to recognise the passage."""
DISCARD_QUESTION = "Discard changes to the note?"


@cache
def markdown_language() -> str | None:
    """``"markdown"`` when the TextArea can highlight it (tree-sitter installed), else None."""
    return textual_compat.markdown_language()


class NoteDialog(ModalScreen[str | None]):
    """Edits a note: dismisses with the text on save, None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True,
                tooltip="keep the note (an empty note removes it)"),
        Binding("escape", "cancel", "Cancel", id="note.cancel",
                tooltip="asks first if the note was changed"),
    ]

    def __init__(self, note: str = "", *, passage: str = "", title: str = "Note") -> None:
        super().__init__()
        self.original = note
        self.passage = passage
        self.title_text = title
        self._shown = clean(note)
        """The note as the editor first holds it (its own line ends, once mounted)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="dialog") as box:
            box.border_title = plain(self.title_text)
            if self.passage.strip():
                quoted = f"“{one_line(self.passage, PASSAGE_CHARS)}”"
                yield Static(plain(quoted), id="note-passage")
            yield TextArea(
                self._shown,
                id="note-text",
                language=markdown_language(),
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
        yield dialog_footer()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    @property
    def changed(self) -> bool:
        return self.editor.text != self._shown

    def on_mount(self) -> None:
        editor = self.editor
        self._shown = editor.text
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        # Trailing blank lines are an accident of typing, not part of the note.
        self.dismiss(self.editor.text.rstrip())

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.editor.focus()

        self.app.push_screen(
            ConfirmDialog(DISCARD_QUESTION, title="Unsaved note", yes="Discard", no="Keep editing"),
            answered,
        )
