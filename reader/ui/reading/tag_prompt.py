"""The tag prompt: ``t`` edits the tags of a passage at the foot of the reading screen.

It is part of the reading screen rather than a dialog screen on top: showing
it repaints only the rows it takes (it sits in a dock of its own, see
``PROMPT_DOCK``), where a dialog screen dims and redraws the whole terminal
and builds its own key bar. The prompt stays under the article, so the passage being tagged stays
in view. Its field is :class:`~reader.ui.common.tag_field.TagField`, shared with
the export dialog, reset on each opening so nothing typed for one passage
leaks into the next. The answer goes up as :class:`TagsChosen`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from reader.ui.common.plain import one_line, plain
from reader.ui.common.tag_field import TagField
from reader.ui.messages import TagsChosen

PASSAGE_CHARS = 70


class TagPrompt(Vertical):
    """Chips, input and candidates for one passage's tags; enter keeps, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel",
                tooltip="leave the tags as they were"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="tag-prompt-title")
        yield TagField(id="tag-field")

    @property
    def field(self) -> TagField:
        return self.query_one(TagField)

    @property
    def is_open(self) -> bool:
        return self.display

    def open(
        self, current: Sequence[str], known: Sequence[tuple[str, int]], passage: str
    ) -> None:
        """Show the prompt for a passage whose tags are ``current``.

        The prompt is mounted (hidden) once the article is on screen; opening it
        only fills it in and shows it, so ``t`` costs one small repaint.
        """
        self.current = tuple(current)
        title = Content.assemble(("Tags", "bold"), ("  ", ""))
        if passage.strip():
            quoted = plain(f"“{one_line(passage, PASSAGE_CHARS)}”", "italic")
            title = Content.assemble(title, quoted)
        self.query_one("#tag-prompt-title", Static).update(title)
        field = self.field
        field.reset(current, known)
        self.display = True
        # Now, not later as focus() would: keys typed right after "t" are already
        # queued, and must reach the field, not the article.
        self.screen.set_focus(field.input)

    @on(Input.Submitted, "#tag-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close(self.field.value)

    def action_cancel(self) -> None:
        self._close(None)

    def _close(self, tags: tuple[str, ...] | None) -> None:
        self.display = False
        self.post_message(TagsChosen(tags))
