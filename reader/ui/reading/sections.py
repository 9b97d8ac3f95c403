"""The sections sidebar: one row per section, the current one highlighted.

Section titles come from the article (untrusted), so rows and tooltips are
``Content`` built from plain strings cleaned of control codes
(:mod:`reader.ui.common.plain`), never markup. A right-hand column is
kept for the number of annotations per section (:meth:`set_counts`).

A 10 MB article has thousands of sections, and ``OptionList`` measures
every option's height before it draws any (again whenever its width
changes, as when its scrollbar appears). A row is one line of a known
width, so :class:`_Row` answers that without wrapping it, and plain ASCII
labels are cut by slicing: the sidebar costs the same for 3 or 3,000
sections where it counts, before the first frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.visual import RulesMap
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.document.model import Section
from reader.ui.common.plain import clean, plain
from reader.ui.common.steady import SteadyScrollbars
from reader.ui.messages import SectionChosen
from reader.ui.textual_compat import set_prompt_keeping_height

LABEL_CELLS = 16
COUNT_CELLS = 3


class _Row(Content):
    """A row of one line: its height is 1 wherever it fits, no wrapping needed."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self.cell_length + rules.get("line_pad", 0) * 2 <= width:
            return 1
        return super().get_height(rules, width)


def _fit(label: str, cells: int) -> str:
    """``set_cell_size``, by slicing when every character is one cell (printable ASCII)."""
    if label.isascii() and label.isprintable():
        return label[:cells].ljust(cells)
    return set_cell_size(label, cells)


def section_row(label: str, count: int = 0) -> Content:
    """A sidebar row: the label cut to its column, then the count (blank if 0)."""
    label = " ".join(clean(label).split()) or "…"
    narrow = label.isascii() and label.isprintable()
    if (len(label) if narrow else cell_len(label)) > LABEL_CELLS:
        label = _fit(label, LABEL_CELLS - 1) + "…"
    label = _fit(label, LABEL_CELLS) + " "
    if not count:
        return _Row(label + " " * COUNT_CELLS)
    row = Content.assemble(label, (f"{count:>{COUNT_CELLS}}", "dim"))
    return _Row(row.plain, list(row.spans))


class SectionsSidebar(OptionList, SteadyScrollbars):
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
                self._replace_row(index, section_row(section.label or section.title, count))

    def _replace_row(self, index: int, row: Content) -> None:
        """Show a new prompt for one row.

        ``replace_option_prompt_at_index`` drops every row's cached render and
        height, so the next frame redraws and re-measures the whole list (tens
        of ms with hundreds of sections, after every highlight). A row of the
        same width keeps its height: only its own cached renders need to go.
        """
        option = self.get_option_at_index(index)
        old = option.prompt
        if (
            not isinstance(old, Content)
            or old.cell_length != row.cell_length
            or not set_prompt_keeping_height(self, option, row)
        ):
            self.replace_option_prompt_at_index(index, row)
            return
        # One line per row: repaint that line only.
        self.refresh(Region(0, index - round(self.scroll_offset.y), self.size.width, 1))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Show the title under the mouse (OptionList's own handler runs as well)."""
        index = event.style.meta.get("option")
        if isinstance(index, int) and 0 <= index < len(self.sections):
            self.tooltip = plain(self.sections[index].title)
        else:
            self.tooltip = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SectionChosen(event.option_index))
