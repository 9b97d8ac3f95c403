"""The article view: a Line API widget that draws only the rows on screen.

Opening cost does not grow with the article: rows come from
:class:`DocumentLayout`, which wraps a block only when it shows and, for a
long article, gets exact heights from a worker thread; rendered rows are kept
in an LRU of Strips keyed by block. The cursor is one sentence (a unit of
:class:`Navigator`); the view follows it and reports moves with
:class:`CursorMoved`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import ClassVar

from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.document.model import Article
from reader.ui.blocks import article_shapes
from reader.ui.decorations import Decorations, Mark, RangeLayer
from reader.ui.layout import DocumentLayout, measure_heights
from reader.ui.messages import CursorMoved
from reader.ui.navigation import Navigator
from reader.ui.widgets.painter import Painter

MEASURE = 84
"""Widest text column, in cells: a readable line."""
SYNC_WRAP_CHARS = 200_000
"""Below this size the whole article is wrapped at once (deterministic, cheap)."""
_CHUNK = 2_000
STYLE_KEYS = (
    "title", "heading", "paragraph", "quote", "quote-bar", "caption", "related", "byline",
    "list-item", "bullet", "code", "code-span", "strong", "em", "link", "strike",
    "cursor", "match", "current-match", "selection",
    "hl-yellow", "hl-green", "hl-blue", "hl-pink", "hl-purple",
)
"""Style keys with a component class ``article--<key>`` in the stylesheet."""
_STRIP_CACHE_BLOCKS = 256


def _nav(
    key: str, action: str, text: str, tip: str, show: bool = True, key_display: str | None = None
) -> Binding:
    """A cursor binding; its tooltip says what the description leaves out."""
    return Binding(
        key, action, text, show=show, key_display=key_display, id=f"article.{action}", tooltip=tip
    )


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Renders an :class:`Article` in a centred column and moves a sentence cursor.

    The scroll bindings of ``ScrollView`` are not inherited: every key here
    moves the cursor, and the view follows it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article--{name}" for name in STYLE_KEYS}

    BINDINGS: ClassVar[list[BindingType]] = [
        _nav("j,down", "next_sentence", "Next sentence", "the view follows", key_display="j"),
        _nav("k,up", "prev_sentence", "Previous sentence", "the view follows", False, "k"),
        _nav("right_curly_bracket", "next_paragraph", "Next paragraph", "its start", False),
        _nav("left_curly_bracket", "prev_paragraph", "Previous paragraph",
             "its start first", False),
        _nav("right_square_bracket", "next_section", "Next section", "its heading", False),
        _nav("left_square_bracket", "prev_section", "Previous section", "its start first", False),
        _nav("space,pagedown", "page_down", "Page down", "to the first sentence shown", False),
        _nav("pageup", "page_up", "Page up", "to the first sentence shown", False),
        _nav("g,home", "top", "Top", "first sentence", False),
        _nav("G,end", "end", "End", "last sentence", False),
    ]

    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    """Index of the current unit (sentence) in :attr:`navigator`."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.navigator = Navigator(article)
        self.decorations = Decorations()
        self._shapes = article_shapes(article)
        self._layout = DocumentLayout(article.text, self._shapes, MEASURE)
        self._painter = Painter(article, self._resolve_style)
        self._styles: dict[str, Style] = {}
        self._strips: OrderedDict[int, dict[int, Strip]] = OrderedDict()
        self._geometry = (0, 0)  # (content width, left margin) the strips were made for
        self._follow = True
        self._scrolling = False
        self._laid_out_for: int | None = None  # column width of the last full layout

    def on_mount(self) -> None:
        self.watch_cursor(self.cursor)

    # -- styles -------------------------------------------------------------
    def _resolve_style(self, key: str) -> Style:
        style = self._styles.get(key)
        if style is None:
            if key == "text":
                style = self.rich_style
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
            start = self.cursor_span[0]
            if first_time:
                screen_row = min(3, self.scrollable_content_region.height // 4)
            else:
                screen_row = self._layout.row_of(start) - round(self.scroll_y)
            self._layout = DocumentLayout(self.article.text, self._shapes, column)
            if len(self.article.text) <= SYNC_WRAP_CHARS:
                self._layout.apply_heights(
                    column, measure_heights(self.article.text, self._shapes, column)
                )
            else:
                self._measure(column)
            self._sync_virtual_size()
            self._settle_and_scroll(self._layout.row_of(start) - screen_row)
            self.call_after_refresh(self._ensure_cursor_visible)
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
            heights.extend(measure_heights(text, shapes[begin : begin + _CHUNK], width))
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
        block, row = self._layout.locate(round(self.scroll_y) + y)
        lines = self._layout.lines(block)
        if row < 0 or row >= len(lines):
            return self._painter.blank(width)
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
        return strip

    # -- decorations --------------------------------------------------------
    def set_decorations(self, layer: str, marks: list[Mark] | RangeLayer) -> None:
        """Replace one decoration layer and repaint what it touched."""
        changed = self.decorations.set(layer, marks)
        if changed is not None:
            self._forget(*changed)
            self.refresh()

    def _forget(self, start: int, end: int) -> None:
        first, last = self._layout.block_at(start), self._layout.block_at(max(start, end - 1))
        if last - first > len(self._strips):
            for block in [b for b in self._strips if first <= b <= last]:
                del self._strips[block]
        else:
            for block in range(first, last + 1):
                self._strips.pop(block, None)

    # -- cursor -------------------------------------------------------------
    @property
    def cursor_span(self) -> tuple[int, int]:
        return self.navigator.span(self.cursor)

    def move_to_offset(self, offset: int) -> None:
        """Put the cursor on the unit holding text ``offset``."""
        self.cursor = self.navigator.unit_at(offset)

    def watch_cursor(self, unit: int) -> None:
        start, end = self.navigator.span(unit)
        self.set_decorations("cursor", [Mark(start, end, "cursor")])
        if self._follow:
            self._show_cursor()
        nav = self.navigator
        self.post_message(CursorMoved(start, end, nav.section_at(start), nav.progress(unit)))

    def _show_cursor(self, *, margin: int | None = None) -> None:
        """Scroll so the cursor's first row (and its last, if it fits) shows, with a margin."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        start, end = self.cursor_span
        if margin is None:
            margin = min(3, max(0, (height - 1) // 4))
        for _ in range(4):  # wrapping what comes into view can move rows: settle
            first = self._layout.row_of(start)
            last = self._layout.row_of(max(start, end - 1))
            top = round(self.scroll_y)
            if first < top + margin:
                target = first - margin
            elif last > top + height - 1 - margin:
                target = min(first - margin, last - height + 1 + margin)
            else:
                return
            self._settle_and_scroll(target)

    def _ensure_cursor_visible(self) -> None:
        """After a re-wrap: scroll only if the cursor is off screen (keys may have run since)."""
        self._show_cursor(margin=0)

    def _first_visible_unit(self) -> int:
        """The first unit starting on screen (or the one covering its top)."""
        top = round(self.scroll_y)
        self._layout.settle(top, self.size.height)
        offset = self._layout.offset_at(top)
        nav = self.navigator
        unit = nav.unit_at(offset)
        if nav.starts[unit] < offset and unit < nav.last:
            bottom = top + self.scrollable_content_region.height
            if self._layout.row_of(nav.starts[unit + 1]) < bottom:
                unit += 1
        return unit

    def _set_cursor_quietly(self, unit: int) -> None:
        """Move the cursor without scrolling (paging already placed the view)."""
        self._follow = False
        try:
            self.cursor = unit
        finally:
            self._follow = True

    # -- actions ------------------------------------------------------------
    def action_next_sentence(self) -> None:
        self.cursor = self.navigator.next_unit(self.cursor)

    def action_prev_sentence(self) -> None:
        self.cursor = self.navigator.prev_unit(self.cursor)

    def action_next_paragraph(self) -> None:
        self.cursor = self.navigator.next_block(self.cursor)

    def action_prev_paragraph(self) -> None:
        self.cursor = self.navigator.prev_block(self.cursor)

    def action_next_section(self) -> None:
        self.cursor = self.navigator.next_section(self.cursor)

    def action_prev_section(self) -> None:
        self.cursor = self.navigator.prev_section(self.cursor)

    def action_top(self) -> None:
        self._scroll_rows(0)
        self.cursor = 0

    def action_end(self) -> None:
        height = self.scrollable_content_region.height
        for _ in range(4):  # the last blocks' exact heights move the end: settle
            end = self._layout.total
            self._settle_and_scroll(end - height)
            if self._layout.total == end:
                break
        self._scroll_rows(self._layout.total)
        self.cursor = self.navigator.last

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        height = self.scrollable_content_region.height
        before = round(self.scroll_y)
        self._settle_and_scroll(before + direction * max(1, height - 2))
        if round(self.scroll_y) == before:  # already at the edge: go to the first/last unit
            self.cursor = self.navigator.last if direction > 0 else 0
            return
        self._set_cursor_quietly(self._first_visible_unit())

    # -- mouse --------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        margin = self._geometry[1]
        block, row = self._layout.locate(round(self.scroll_y) + event.y)
        lines = self._layout.lines(block)
        if 0 <= row < len(lines):
            start, end = lines[row]
            column = event.x - margin - self._shapes[block].indent
            self._set_cursor_quietly(self.navigator.unit_at(min(end, start + max(0, column))))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if not self._scrolling and self.is_mounted:
            self.call_after_refresh(self._cursor_into_view)

    def _cursor_into_view(self) -> None:
        """After a mouse scroll left the cursor off screen, bring it to the first unit shown."""
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        start, end = self.cursor_span
        if height <= 0 or not self.article.blocks:
            return
        first = self._layout.row_of(start)
        last = self._layout.row_of(max(start, end - 1))
        if last < top or first >= top + height:
            self._set_cursor_quietly(self._first_visible_unit())
