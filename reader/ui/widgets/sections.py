"""The sections sidebar: one row per section, the current one highlighted.

Section titles come from the article (untrusted), so rows and tooltips are
``Content`` built from plain strings, never markup. A right-hand column is
kept for the number of annotations per section (:meth:`set_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.document.model import Section
from reader.ui.messages import SectionChosen

LABEL_CELLS = 16
COUNT_CELLS = 3


def section_row(label: str, count: int = 0) -> Content:
    """A sidebar row: the label cut to its column, then the count (blank if 0)."""
    label = " ".join(label.split()) or "…"
    if cell_len(label) > LABEL_CELLS:
        label = set_cell_size(label, LABEL_CELLS - 1) + "…"
    label = set_cell_size(label, LABEL_CELLS) + " "
    if not count:
        return Content(label + " " * COUNT_CELLS)
    return Content.assemble(label, (f"{count:>{COUNT_CELLS}}", "dim"))


class SectionsSidebar(OptionList):
    """Lists the article's sections; enter (or a click) jumps to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="sections.down", tooltip="in the list"),
        Binding("k", "cursor_up", "Up", show=False, id="sections.up", tooltip="in the list"),
        Binding(
            "escape",
            "screen.focus_article",
            "Article",
            id="sections.back",
            tooltip="back to the reading view",
        ),
    ]

    def __init__(self, sections: Sequence[Section], *, id: str | None = None) -> None:
        self.sections = tuple(sections)
        self._counts = [0] * len(self.sections)
        super().__init__(
            *(Option(section_row(s.label or s.title), id=f"section-{i}") for i, s in
              enumerate(self.sections)),
            id=id,
            markup=False,
        )
        self.border_title = "Sections"

    def show_section(self, index: int) -> None:
        """Follow the reading position (left alone while the user browses the list)."""
        if not self.has_focus and 0 <= index < len(self.sections):
            self.highlighted = index

    def set_counts(self, counts: Sequence[int]) -> None:
        """Show a count (annotations, say) beside each section."""
        for index, section in enumerate(self.sections):
            count = counts[index] if index < len(counts) else 0
            if count != self._counts[index]:
                self._counts[index] = count
                self.replace_option_prompt_at_index(
                    index, section_row(section.label or section.title, count)
                )

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        super()._on_mouse_move(event)
        index = event.style.meta.get("option")
        if isinstance(index, int) and 0 <= index < len(self.sections):
            self.tooltip = Content(self.sections[index].title)
        else:
            self.tooltip = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SectionChosen(event.option_index))
