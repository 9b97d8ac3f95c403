"""A yes/no question: ``ConfirmDialog(message)`` dismisses with True or False.

The buttons are for the mouse and take no focus, so ``enter`` always means
yes and ``escape`` always means no, whatever was clicked or tabbed before.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reader.ui.common.plain import plain
from reader.ui.dialogs import dialog_footer


def as_content(message: str | Text | Content) -> Content:
    """A message as Content: a ``str`` is plain text, never markup, and holds no
    control (a question quotes a title); Content and Text are the caller's."""
    if isinstance(message, Content):
        return message
    if isinstance(message, Text):
        return Content.from_rich_text(message)
    return plain(message)


class ConfirmDialog(ModalScreen[bool]):
    """Asks ``message``; y or enter answers yes, n or escape answers no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", key_display="y",
                tooltip="enter also answers yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", key_display="n",
                tooltip="escape also answers no"),
    ]

    def __init__(
        self,
        message: str | Text | Content,
        *,
        title: str = "Confirm",
        yes: str = "Yes",
        no: str = "No",
    ) -> None:
        super().__init__()
        self.message = as_content(message)
        self.title_text = title
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = plain(self.title_text)
            yield Static(self.message, id="confirm-message")
            with Horizontal(id="confirm-buttons", classes="dialog-buttons"):
                for button in (
                    Button(plain(self.yes_label), id="confirm-yes", variant="primary"),
                    Button(plain(self.no_label), id="confirm-no"),
                ):
                    button.can_focus = False
                    yield button
        yield dialog_footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)
