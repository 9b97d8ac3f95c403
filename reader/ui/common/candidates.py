"""The candidate tags under the tag input: one row each, painted on demand.

An ``OptionList`` did this before, but it renders every new option through
Textual's general content pipeline (padding, wrapping, meta), about a
millisecond each, and the prompt gets new candidates each time it opens and
at each key typed. A candidate is one line (the tag, its matched letters, its
count), so only the rows on show are painted, from the label's ``Content``
(:func:`~reader.ui.common.plain.plain`: untrusted tags stay literal and free of
control codes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.interaction.tag_entry import Candidate
from reader.ui.common.plain import plain


def candidate_label(candidate: Candidate) -> Content:
    """The tag with the matched letters stressed, then its count, dim.

    A tag that held controls is shown cleaned, unstressed: the positions are its own.
    """
    label = plain(candidate.tag)
    if label.plain == candidate.tag:
        for position in candidate.positions:
            label = label.stylize("bold underline", position, position + 1)
    return Content.assemble(label, ("  ", ""), (str(candidate.count), "dim"))


class CandidateList(ScrollView, can_focus=False):
    """The candidates, best first; ``highlighted`` is the one up/down picked.

    It never takes focus (typing stays in the input); a click posts
    :class:`CandidateList.Chosen`.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "candidate-list--option",
        "candidate-list--highlighted",
    }

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    class Chosen(Message):
        """A candidate was clicked."""

        def __init__(self, candidates: CandidateList, index: int) -> None:
            super().__init__()
            self.candidates = candidates
            self.index = index

        @property
        def control(self) -> CandidateList:
            return self.candidates

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._candidates: tuple[Candidate, ...] = ()
        self._rows: dict[tuple[int, bool, int], Strip] = {}  # (index, highlighted, width)

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self._candidates

    def show(self, candidates: Sequence[Candidate]) -> None:
        """Replace the candidates; the first is highlighted, the list scrolled to it."""
        self._candidates = tuple(candidates)
        self._repaint_all()
        self.set_reactive(CandidateList.highlighted, 0 if self._candidates else None)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._candidates)

    def on_resize(self, event: events.Resize) -> None:
        self._repaint_all()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()  # the theme changed: the rows' colours with it

    def _repaint_all(self) -> None:
        """Forget the painted rows; size the document to the candidates."""
        self._rows.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._candidates))

    # -- moving ------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """Move the highlight, wrapping round at either end."""
        count = len(self._candidates)
        if not count:
            return
        current = self.highlighted
        if current is None:
            self.highlighted = 0 if step > 0 else count - 1
        else:
            self.highlighted = (current + step) % count

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self.refresh_line(index)
        if new is not None:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)

    # -- painting ------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self._candidates):
            return Strip.blank(width, self.get_component_rich_style("candidate-list--option"))
        chosen = index == self.highlighted
        key = (index, chosen, width)  # the width shrinks when the scrollbar appears
        strip = self._rows.get(key)
        if strip is None:
            strip = self._rows[key] = self._paint(self._candidates[index], chosen, width)
        return strip.apply_offsets(0, index)

    def _paint(self, candidate: Candidate, chosen: bool, width: int) -> Strip:
        component = "candidate-list--highlighted" if chosen else "candidate-list--option"
        style = self.get_visual_style(component)
        segments = [Segment(" ", style.rich_style)]
        segments.extend(candidate_label(candidate).render_segments(style))
        strip = Strip(segments).crop(0, width)
        return strip.extend_cell_length(width, style.rich_style)

    # -- the mouse -----------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < len(self._candidates):
            event.stop()
            self.highlighted = index
            self.post_message(self.Chosen(self, index))
