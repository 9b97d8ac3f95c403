"""The drawing half of the article view: a Line API widget that paints only the rows shown.

Opening cost does not grow with the article: rows come from
:class:`DocumentLayout`, which wraps a block only when it shows and, for a
long article, gets exact heights from a worker thread; rendered rows are kept
in an LRU of Strips keyed by block. Decorations (highlights, matches, the
selection, the cursor) are text ranges; changing one repaints only the
blocks it touches. Every row carries offsets (document row, character in its
line) in its segments' metadata, so Textual's mouse selection maps back to
text offsets (:meth:`ArticleCanvas.offset_at`).

The reading behaviour (cursor, selection, keys) is :class:`ArticleView`'s.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import ClassVar

from rich.style import Style
from textual import events, work
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.document.model import Article
from reader.interaction.blocks import article_shapes
from reader.interaction.decorations import Decorations, Mark, RangeLayer
from reader.interaction.layout import DocumentLayout, measure_heights
from reader.ui.common.cells import RICH_CELLS
from reader.ui.common.palette import highlight_style
from reader.ui.common.steady import SteadyScrollbars
from reader.ui.reading.painter import Painter

MEASURE = 84
"""Widest text column, in cells: a readable line."""
SYNC_WRAP_CHARS = 200_000
"""Below this size the whole article is wrapped at once (deterministic, cheap)."""
_CHUNK = 2_000
STYLE_KEYS = (
    "title", "heading", "paragraph", "quote", "quote-bar", "caption", "related", "byline",
    "list-item", "bullet", "code", "code-span", "strong", "em", "link", "strike",
    "cursor", "cursor-focus", "match", "current-match", "selection", "fuzzy",
)
"""Style keys with a component class ``article--<key>`` in the stylesheet.

Highlight colours (``hl-*``, ``focus-*``) are not among them: they come from
the palette the notes panel shares, and every component class is restyled
each time the view is (start, theme change).
"""
_STRIP_CACHE_BLOCKS = 256
FOCUS_LIGHT = 0.22
"""How far the highlight under the cursor is blended toward the text colour."""


class ArticleCanvas(SteadyScrollbars):
    """Paints an :class:`Article` in a centred column with its decorations."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article--{name}" for name in STYLE_KEYS}

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.decorations = Decorations()
        # Wrap with Rich's own measure: rows then fit exactly what is painted.
        self._shapes = article_shapes(article, RICH_CELLS)
        self._layout = DocumentLayout(article.text, self._shapes, MEASURE, cells=RICH_CELLS)
        self._painter = Painter(article, self._resolve_style)
        self._styles: dict[str, Style] = {}
        self._strips: OrderedDict[int, dict[int, Strip]] = OrderedDict()
        self._geometry = (0, 0)  # (content width, left margin) the strips were made for
        self._scrolling = False
        self._laid_out_for: int | None = None  # column width of the last full layout

    def _pinned_offset(self) -> int:
        """The text offset kept on the same screen row when the text is re-wrapped."""
        return 0

    def _after_relayout(self) -> None:
        """Called after a re-wrap has been painted."""

    # -- styles -------------------------------------------------------------
    def _resolve_style(self, key: str) -> Style:
        style = self._styles.get(key)
        if style is None:
            if key == "text":
                style = self.rich_style
            elif key.startswith(("hl-", "focus-")):  # one palette, shared with the notes panel
                kind, color = key.split("-", 1)
                look = highlight_style(color, dark=self.app.current_theme.dark)
                style = look.rich_style
                if kind == "focus" and look.background and look.foreground:
                    # the highlight under the cursor: its own colour, lit up, in bold
                    lit = look.background.blend(look.foreground, FOCUS_LIGHT)
                    style += Style(bgcolor=lit.rich_color, bold=True)
            else:
                name = f"article--{key}"
                full = self.get_component_rich_style(name, default=Style.null())
                part = self.get_component_rich_style(name, partial=True, default=Style.null())
                style = Style(
                    color=full.color if part.color else None,
                    bgcolor=full.bgcolor if part.bgcolor else None,
                ) + part.without_color
            self._styles[key] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._painter.reset()
        self._strips.clear()

    # -- geometry -----------------------------------------------------------
    @property
    def text_layout(self) -> DocumentLayout:
        """The rows of the article at the current width."""
        return self._layout

    def _column(self) -> tuple[int, int, int]:
        """(content width, text column width, left margin)."""
        width = max(1, self.scrollable_content_region.width)
        column = max(10, min(MEASURE, width - 2))
        return width, column, max(0, (width - column) // 2)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width, column, margin = self._column()
        if (width, margin) != self._geometry:
            self._strips.clear()
            self._geometry = (width, margin)
        if column != self._laid_out_for:
            first_time = self._laid_out_for is None
            self._laid_out_for = column
            # Keep the cursor on the same screen row across the re-wrap; the
            # first time, show a restored position near the top, as a book opens.
            start = self._pinned_offset()
            if first_time:
                screen_row = min(3, self.scrollable_content_region.height // 4)
            else:
                screen_row = self._layout.row_of(start) - round(self.scroll_y)
            self._layout = DocumentLayout(
                self.article.text, self._shapes, column, cells=RICH_CELLS
            )
            if len(self.article.text) <= SYNC_WRAP_CHARS:
                self._layout.apply_heights(
                    column, measure_heights(self.article.text, self._shapes, column, RICH_CELLS)
                )
            else:
                self._measure(column)
            self._sync_virtual_size()
            self._settle_and_scroll(self._layout.row_of(start) - screen_row)
            self.call_after_refresh(self._after_relayout)
        self.refresh()

    def _sync_virtual_size(self) -> None:
        size = Size(self._geometry[0], self._layout.total + 1)
        if size != self.virtual_size:
            self.virtual_size = size

    @work(thread=True, exclusive=True, group="measure")
    def _measure(self, width: int) -> None:
        """Exact heights of every block, off the UI thread, in cancellable chunks."""
        worker = get_current_worker()
        heights: list[int] = []
        text, shapes = self.article.text, self._shapes
        for begin in range(0, len(shapes), _CHUNK):
            if worker.is_cancelled:
                return
            heights.extend(
                measure_heights(text, shapes[begin : begin + _CHUNK], width, RICH_CELLS)
            )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply_heights, width, heights)

    def _apply_heights(self, width: int, heights: list[int]) -> None:
        block, row = self._layout.locate(round(self.scroll_y))
        if self._layout.apply_heights(width, heights):
            self._sync_virtual_size()
            self._scroll_rows(self._layout.top(block) + row)
            self.refresh()

    def _settle_and_scroll(self, y: int) -> None:
        """Wrap what will show at row ``y`` exactly, then scroll there."""
        self._layout.settle(max(0, y), self.scrollable_content_region.height + 1)
        self._sync_virtual_size()
        self._scroll_rows(y)

    def _scroll_rows(self, y: int) -> None:
        """Scroll programmatically (the cursor is placed by the caller)."""
        self._scrolling = True
        try:
            self.scroll_to(y=max(0, y), animate=False, force=True)
        finally:
            self._scrolling = False

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._layout.settle(round(self.scroll_y), self.size.height):
            self._sync_virtual_size()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, margin = self._geometry
        if not self.article.blocks or width <= 0:
            return self._painter.blank(max(1, width))
        doc_row = round(self.scroll_y) + y
        block, row = self._layout.locate(doc_row)
        lines = self._layout.lines(block)
        if row < 0 or row >= len(lines):
            return self._painter.blank(width).apply_offsets(0, doc_row)
        rows = self._strips.get(block)
        if rows is None:
            rows = self._strips[block] = {}
            if len(self._strips) > _STRIP_CACHE_BLOCKS:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(block)
        strip = rows.get(row)
        if strip is None:
            strip = rows[row] = self._painter.paint(
                block,
                row,
                lines[row],
                self._shapes[block],
                width=width,
                margin=margin,
                decorations=self.decorations,
            )
        return strip.apply_offsets(-(margin + self._shapes[block].indent), doc_row)

    # -- decorations --------------------------------------------------------
    def set_decorations(self, layer: str, marks: list[Mark] | RangeLayer) -> None:
        """Replace one decoration layer and repaint what it touched."""
        changed = self.decorations.set(layer, marks)
        if changed is not None:
            self._forget(*changed)
            self._repaint(*changed)

    def change_decorations(
        self, layer: str, *, add: list[Mark] | None = None, remove: list[Mark] | None = None
    ) -> None:
        """Add and remove single marks (one annotation changed): no layer rebuild."""
        changed = self.decorations.change(layer, add=add or (), remove=remove or ())
        if changed is not None:
            self._forget(*changed)
            self._repaint(*changed)

    def _repaint(self, start: int, end: int) -> None:
        """Refresh only the rows showing ``[start, end)``: a highlight or a cursor
        move repaints a line or two, not the whole view."""
        if not self.is_mounted or not self.article.blocks:
            self.refresh()
            return
        top, height = round(self.scroll_y), self.size.height
        if self._layout.row_of(start) >= top + height:
            return
        first = max(top, self._layout.row_of(start))
        last = min(top + height - 1, self._layout.row_of(max(start, end - 1)))
        if last >= first:
            self.refresh_lines(first, last - first + 1)

    def _forget(self, start: int, end: int) -> None:
        first, last = self._layout.block_at(start), self._layout.block_at(max(start, end - 1))
        if last - first > len(self._strips):
            for block in [b for b in self._strips if first <= b <= last]:
                del self._strips[block]
        else:
            for block in range(first, last + 1):
                self._strips.pop(block, None)

    # -- pointer ------------------------------------------------------------
    def offset_at(self, doc_row: int, column: int) -> int:
        """The text offset at character ``column`` of the text on document row ``doc_row``."""
        block, row = self._layout.locate(doc_row)
        lines = self._layout.lines(block)
        if 0 <= row < len(lines):
            start, end = lines[row]
            return min(end, start + max(0, column))
        return self._layout.offset_at(doc_row)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text of a drag (what ctrl+c copies)."""
        start, end = self._text_span(selection)
        return self.article.text[start:end], "\n"

    def _text_span(self, selection: Selection) -> tuple[int, int]:
        first, last = selection
        start = 0 if first is None else self.offset_at(first.y, first.x)
        end = len(self.article.text) if last is None else self.offset_at(last.y, last.x)
        return min(start, end), max(start, end)
