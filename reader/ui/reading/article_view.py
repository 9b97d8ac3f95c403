"""The article view: a sentence cursor and a selection over :class:`ArticleCanvas`.

The cursor is one sentence (a unit of :class:`Navigator`); the view follows
it and reports moves with :class:`CursorMoved`. A selection (visual mode, or
a mouse drag through Textual's text selection) is a :class:`TextSelection`
drawn on the ``selection`` layer. The view owns it because the same keys
(j/k) move either the cursor or the selection's active end; it reports it
with :class:`SelectionChanged` and the screen decides what actions do.
"""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar, Self

from textual import events
from textual.binding import Binding, BindingType
from textual.dom import NoScreen
from textual.reactive import reactive
from textual.selection import Selection

from reader.document.model import Article
from reader.interaction.annotator import Outcome
from reader.interaction.decorations import Mark, RangeLayer
from reader.interaction.navigation import Navigator
from reader.interaction.reading import Found
from reader.interaction.selection import TextSelection, by_sentence, by_word, snap_to_words
from reader.ui.messages import CursorMoved, SelectionChanged
from reader.ui.reading.canvas import MEASURE, ArticleCanvas
from reader.ui.textual_compat import focus_changed_without_refresh

__all__ = ["MEASURE", "ArticleView"]

_VISUAL_ONLY = {"word_forward", "word_back", "swap_ends"}
_CURSOR_ONLY = {
    "next_paragraph", "prev_paragraph", "next_section", "prev_section",
    "page_down", "page_up", "top", "end",
}


def _nav(
    key: str, action: str, text: str, tip: str, show: bool = True, key_display: str | None = None
) -> Binding:
    """A cursor binding; its tooltip says what the description leaves out."""
    return Binding(
        key, action, text, show=show, key_display=key_display, id=f"article.{action}", tooltip=tip
    )


class ArticleView(ArticleCanvas, can_focus=True, inherit_bindings=False):
    """Shows an :class:`Article` and moves a sentence cursor and a selection over it.

    The scroll bindings of ``ScrollView`` are not inherited: every key here
    moves the cursor, and the view follows it.
    """

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
        _nav("v", "visual", "Select", "from this sentence's first word; w/b words, j/k sentences"),
        _nav("w", "word_forward", "Word →", "move the selection's end a word forward"),
        _nav("b", "word_back", "← Word", "move the selection's end a word back"),
        _nav("o", "swap_ends", "Other end", "j/k/w/b now move the other end"),
        _nav("escape", "cancel_selection", "Cancel", "drop the selection", False),
    ]

    cursor: reactive[int] = reactive(0, init=False, always_update=True)
    """Index of the current unit (sentence) in :attr:`navigator`."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(article, id=id)
        self.navigator = Navigator(article)
        self._follow = True
        self.selection: TextSelection | None = None
        self.visual = False
        self._from_mouse = False  # the selection came from a drag (Textual knows of it)

    def on_mount(self) -> None:
        self.watch_cursor(self.cursor)

    def _pinned_offset(self) -> int:
        return self.cursor_span[0]

    def _after_relayout(self) -> None:
        self._ensure_cursor_visible()

    # -- cursor -------------------------------------------------------------
    @property
    def cursor_span(self) -> tuple[int, int]:
        return self.navigator.span(self.cursor)

    def move_to_offset(self, offset: int) -> None:
        """Put the cursor on the unit holding text ``offset``."""
        self.cursor = self.navigator.unit_at(offset)

    def _cursor_marks(self, start: int, end: int) -> list[Mark]:
        """The cursor's mark: brighter while the view has focus, none in visual mode."""
        if self.visual:
            return []
        return [Mark(start, end, "cursor-focus" if self.has_focus else "cursor")]

    def watch_has_focus(self, has_focus: bool) -> None:
        """Repaint the cursor's rows, not the whole view.

        Textual restyles a widget when it gains or loses focus, which here would
        recompute every component style and repaint every visible row (and the
        scrollbar) each time a prompt or panel takes the keys. Only the cursor's
        look depends on focus, so only it is repainted.
        """
        self.set_decorations("cursor", self._cursor_marks(*self.cursor_span))

    def focus(self, scroll_visible: bool = True) -> Self:
        """Take focus without Textual's whole-view repaint: only the cursor changes."""

        def set_focus(view: ArticleView) -> None:
            with suppress(NoScreen):
                view.screen.set_focus(view, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)
        return self

    def on_focus(self, event: events.Focus) -> None:
        """Textual's own handler would repaint the whole view; only the cursor changes."""
        focus_changed_without_refresh(self, event, True)

    def on_blur(self, event: events.Blur) -> None:
        focus_changed_without_refresh(self, event, False)

    def watch_cursor(self, unit: int) -> None:
        start, end = self.navigator.span(unit)
        self.set_decorations("cursor", self._cursor_marks(start, end))
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
        if self.visual and self.selection is not None:
            nav = self.navigator
            self.select(by_sentence(self.selection, nav.starts, nav.ends, 1))
        else:
            self.cursor = self.navigator.next_unit(self.cursor)

    def action_prev_sentence(self) -> None:
        if self.visual and self.selection is not None:
            nav = self.navigator
            self.select(by_sentence(self.selection, nav.starts, nav.ends, -1))
        else:
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

    # -- selection ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _VISUAL_ONLY:
            return self.visual
        if action in _CURSOR_ONLY:
            return not self.visual
        if action == "cancel_selection":
            return self.selection is not None
        return True

    def action_visual(self) -> None:
        """Start a selection at the first word of the cursor's sentence; again:
        stop moving it (it stays for the next action)."""
        if self.visual:
            self.select(self.selection, visual=False)
        else:
            start, end = self.cursor_span
            self.select(self.selection or TextSelection.first_word(self.article.text, start, end))

    def action_word_forward(self) -> None:
        if self.selection is not None:
            self.select(by_word(self.selection, self.article.text, 1))

    def action_word_back(self) -> None:
        if self.selection is not None:
            self.select(by_word(self.selection, self.article.text, -1))

    def action_swap_ends(self) -> None:
        if self.selection is not None:
            self.select(self.selection.swapped())

    def action_cancel_selection(self) -> None:
        self.select(None)

    def select(self, selection: TextSelection | None, *, visual: bool = True) -> None:
        """Show ``selection`` (None: drop it); in ``visual`` mode keys move its active end.

        The cursor goes to the sentence of the active end, so the view
        follows it while the selection grows.
        """
        had, was_visual = self.selection, self.visual
        self.selection = selection
        self.visual = visual and selection is not None
        marks = [] if selection is None else [Mark(*selection.span, "selection")]
        self.set_decorations("selection", marks)
        if selection is None and self._from_mouse:
            self._from_mouse = False
            self.screen.clear_selection()
        if selection is not None and self.visual:
            active = selection.active - 1 if selection.at_end else selection.active
            unit = self.navigator.unit_at(max(0, active))
            if self._from_mouse:
                self._set_cursor_quietly(unit)
            else:
                self.cursor = unit
        elif was_visual:
            self.cursor = self.cursor  # show the cursor mark again (hidden in visual mode)
        if selection != had or selection is not None:
            self.post_message(
                SelectionChanged(None if selection is None else selection.span, self.visual)
            )
        if (had is None, was_visual) != (selection is None, self.visual):
            self.refresh_bindings()  # only then do w/b/o/escape come or go

    # -- mouse --------------------------------------------------------------
    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """What ctrl+c copies: the words shown selected (a drag snaps to whole words)."""
        if self._from_mouse and self.selection is not None:
            return self.article.text[self.selection.start : self.selection.end], "\n"
        return super().get_selection(selection)

    def selection_updated(self, selection: Selection | None) -> None:
        """A mouse drag is a selection too: whole words, its end moving like ``v``'s."""
        if selection is None:
            if self._from_mouse:
                self.select(None)
            return
        span = snap_to_words(self.article.text, *self._text_span(selection))
        if span is not None:
            self._from_mouse = True
            self.select(TextSelection.over(*span))

    def on_click(self, event: events.Click) -> None:
        if self.visual:
            return  # the drag that made the selection ends in a click: keep it
        margin = self._geometry[1]
        block, _row = self._layout.locate(round(self.scroll_y) + event.y)
        column = event.x - margin - self._shapes[block].indent
        offset = self.offset_at(round(self.scroll_y) + event.y, column)
        self._set_cursor_quietly(self.navigator.unit_at(offset))

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

    # -- what the reading model answers (the only writer of these layers) --------
    def show_highlights(self, layer: RangeLayer) -> None:
        """Every highlight of the article, as anchored at open."""
        self.set_decorations("highlight", layer)

    def show_focus(self, marks: list[Mark]) -> None:
        """The highlight a key would act on (none while selecting)."""
        self.set_decorations("focus", marks)

    def show_outcome(self, outcome: Outcome) -> None:
        """The highlight marks an annotation change added and removed."""
        if outcome.added or outcome.removed:
            self.change_decorations("highlight", add=list(outcome.added),
                                    remove=list(outcome.removed))

    def show_found(self, found: Found) -> None:
        """A search's marks and its current match, with the cursor moved onto it."""
        if found.matches is not None:
            self.set_decorations("match", found.matches)
        current = found.current
        self.set_decorations("current-match",
                             [] if current is None else [Mark(*current, "current-match")])
        if current is not None:
            self.move_to_offset(current[0])
