"""The key bar at the foot of a screen: the keys that apply now, on one line.

It shows what Textual's compact ``Footer`` shows (each key, its description,
the command palette's key at the right; a hovered key's tooltip; a click
presses the key), but as one widget that repaints its single row. The
``Footer`` builds a widget per key and builds them all again whenever the
bindings may have changed: each focus change, so twice for every tag prompt.
That cost a frame of layout each time, and the discarded widgets were
reference cycles that piled up for the collector's full passes (a quarter
of a second every few tags on a large article).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

EDGE = "▏"
"""Between the keys and the command palette's key."""


@dataclass(frozen=True, slots=True)
class ShownKey:
    """One key on the bar, as the screen's active bindings give it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    key: ShownKey


class KeyBar(Widget, can_focus=False):
    """The active bindings with ``show`` set, first binding of each action."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--edge",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-bar--edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self,
        *,
        show_command_palette: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._keys: tuple[ShownKey, ...] = ()
        self._palette: ShownKey | None = None
        self._spans: list[_Span] = []
        self._hover: ShownKey | None = None

    @property
    def keys(self) -> tuple[ShownKey, ...]:
        """The keys on show, left to right (the command palette's key apart)."""
        return self._keys

    def on_mount(self) -> None:
        screen = self.screen
        screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # once the screen's other widgets are mounted: its check_action may ask them
        self.call_after_refresh(self._bindings_changed, screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Repaint only when what the bar shows has changed."""
        if not self.is_attached or screen is not self.screen:
            return
        app = self.app
        active = screen.active_bindings
        keys: list[ShownKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append(self._shown(binding, enabled, tooltip))
        palette = None
        found = active.get(app.COMMAND_PALETTE_BINDING)  # a hidden binding: shown apart
        if found is not None and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = found
            palette = self._shown(binding, enabled, tooltip)
        if (tuple(keys), palette) != (self._keys, self._palette):
            self._keys, self._palette = tuple(keys), palette
            self.refresh()

    def _shown(self, binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
        """The key as the bar shows it; its tooltip falls back on its description."""
        return ShownKey(
            binding.key, self.app.get_key_display(binding), binding.description, enabled,
            tooltip or binding.tooltip or binding.description,
        )

    # -- painting ------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        right: list[Segment] = []
        right_width = 0
        spans: list[_Span] = []
        if self._palette is not None:
            right = [Segment(EDGE, self.get_component_rich_style("key-bar--edge")),
                     *self._key_segments(self._palette)]
            right_width = Strip(right).cell_length
        room = max(0, width - right_width)
        left: list[Segment] = []
        x = 0
        for key in self._keys:
            segments = self._key_segments(key)
            cells = Strip(segments).cell_length
            if x + cells > room:
                break
            spans.append(_Span(x, x + cells, key))
            left.extend(segments)
            left.append(Segment(" ", base))
            x += cells + 1
        if self._palette is not None and right_width <= width:
            spans.append(_Span(width - right_width + 1, width, self._palette))
        self._spans = spans
        strip = Strip(left).crop(0, room).extend_cell_length(room, base)
        if right_width <= width:
            strip = Strip.join([strip, Strip(right)])
        return strip.crop(0, width)

    def _key_segments(self, key: ShownKey) -> list[Segment]:
        if key == self._hover:
            hover = self.get_component_rich_style("key-bar--hover")
            key_style = self.get_component_rich_style("key-bar--key") + hover
            text_style = hover
        else:
            key_style = self.get_component_rich_style("key-bar--key")
            text_style = self.get_component_rich_style("key-bar--description")
        if not key.enabled:
            key_style += Style(dim=True)
            text_style += Style(dim=True)
        segments = [Segment(key.display, key_style)]
        if key.description:
            segments.append(Segment(f" {key.description}", text_style))
        return segments

    # -- the mouse -----------------------------------------------------------
    def _key_at(self, x: int) -> ShownKey | None:
        for span in self._spans:
            if span.start <= x < span.end:
                return span.key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click presses the key (a key that does not apply now only beeps)."""
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
