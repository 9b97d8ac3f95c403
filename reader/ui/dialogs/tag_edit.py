"""The tags screen's two questions: a new name for a tag, and a tag to merge into.

Like every dialog they only return an answer; the tags screen does the
work. The merge dialog reuses :class:`TagField`, so the target is chosen
with the same completion as the tag prompt; it insists on one existing tag,
since merging into a mistyped name would quietly be a rename. The tag is
untrusted text: shown as plain Content, prefilled cleaned (renaming a tag
that held escape sequences gives it the clean name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.interaction.tag_entry import key
from reader.ui.common.plain import clean, one_line, plain
from reader.ui.common.tag_field import TagField, TagInput
from reader.ui.dialogs import dialog_footer

TITLE_CHARS = 40


class RenameDialog(ModalScreen[str | None]):
    """Asks for ``tag``'s new name (prefilled); None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rename.cancel", tooltip="keep the name"),
    ]

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag = tag

    def compose(self) -> ComposeResult:
        with Vertical(id="rename-box", classes="dialog") as box:
            box.border_title = "Rename tag"
            yield Static(Content.assemble("Every passage tagged ", plain(f"#{self.tag}", "bold"),
                                          " in every article gets the new name."),
                         id="rename-help")
            yield Input(" ".join(clean(self.tag).split()), id="rename-input",
                        select_on_focus=True)
            yield Static(id="rename-error")
        yield dialog_footer()

    def on_mount(self) -> None:
        self.query_one("#rename-input", Input).focus()

    @on(Input.Submitted, "#rename-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        error = self.query_one("#rename-error", Static)
        if not name:
            error.update(Content.styled("a tag needs a name", "$error"))
        elif "," in name:
            error.update(Content.styled("commas separate tags: choose a name without one",
                                        "$error"))
        else:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MergeInput(TagInput):
    """The tag field's line, whose enter merges."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Merge", id="merge.submit",
                tooltip="merge into the tag typed (or picked with up/down)"),
    ]


class MergeDialog(ModalScreen[str | None]):
    """Asks which of ``known`` tags ``tag`` merges into; None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="merge.cancel", tooltip="merge nothing"),
    ]

    def __init__(self, tag: str, known: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.tag = tag
        self.known = tuple(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-box", classes="dialog") as box:
            box.border_title = plain(f"Merge #{one_line(self.tag, TITLE_CHARS)} into…")
            yield TagField(
                (), self.known, label="into", empty="choose a tag",
                placeholder="the tag to merge into", id="merge-field", input_type=MergeInput,
                hint=f"#{self.tag} disappears; its passages get the tag chosen here",
            )
            yield Static(id="merge-error")
        yield dialog_footer()

    @property
    def field(self) -> TagField:
        return self.query_one(TagField)

    def on_mount(self) -> None:
        self.field.input.focus()

    @on(Input.Submitted, "#tag-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.field
        chosen = field.value
        highlighted = field.candidate_list.highlighted
        if not chosen and field.candidates and highlighted is not None:
            chosen = (field.candidates[highlighted].tag,)  # picked with up/down only
        known = {key(t): t for t, _count in self.known}
        error = self.query_one("#merge-error", Static)
        if len(chosen) != 1:
            error.update(Content.styled("choose one tag", "$error"))
        elif key(chosen[0]) not in known:
            error.update(Content.styled("choose an existing tag (r renames to a new name)",
                                        "$error"))
        else:
            self.dismiss(known[key(chosen[0])])

    def action_cancel(self) -> None:
        self.dismiss(None)
