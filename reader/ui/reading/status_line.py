"""The status line: where you are (section, progress), the selection mode, the
annotations and whether they are saved, what you read, and notices.

Everything shown here may come from the article (its title, a section title)
or the store (a notice naming a file), so it is assembled as plain
``Content`` (:mod:`reader.ui.common.plain`: no markup, no control codes).
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from reader.ui.common.plain import plain

SEPARATOR = " · "


class StatusLine(Widget):
    """One line above the footer. State flows in through the reactives (the
    reading screen binds its own to them); each change repaints the one row.

    Notices come before the title: on a narrow screen the title is cut first.
    """

    section: reactive[str] = reactive("")
    progress: reactive[int] = reactive(0)
    mode: reactive[str] = reactive("")
    """``VISUAL`` while keys move a selection, ``SELECTION`` while one waits for an action."""
    notes: reactive[int] = reactive(0)
    detached: reactive[int] = reactive(0)
    saving: reactive[str] = reactive("")
    """``saved``, ``not saved: <why>, retrying``, ``read-only``, or nothing yet."""
    title: reactive[str] = reactive("")
    notices: reactive[tuple[str, ...]] = reactive(())

    def __init__(
        self, *, id: str | None = None, title: str = "", notices: tuple[str, ...] = ()
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(StatusLine.title, title)
        self.set_reactive(StatusLine.notices, notices)

    def render(self) -> Content:
        # One row of fixed size: a repaint, never a layout pass (it would cost a frame).
        parts: list[Content] = []
        if self.section:
            parts.append(plain(self.section, "bold"))
        parts.append(Content(f"{self.progress}%"))
        if self.mode:
            parts.append(Content.styled(self.mode, "bold $accent"))
        if self.notes:
            label = f"{self.notes} note" + ("" if self.notes == 1 else "s")
            if self.detached:
                label += f" ({self.detached} detached)"
            parts.append(Content(label))
        if self.saving:
            style = "$text-success" if self.saving == "saved" else "bold $text-warning"
            parts.append(plain(self.saving, style))
        parts.extend(plain(notice, "$text-warning") for notice in self.notices)
        if self.title:
            parts.append(plain(self.title, "italic"))
        return Content(SEPARATOR).join(parts)
