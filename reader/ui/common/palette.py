"""The highlight colours, defined once for every place that draws them.

Highlights are the one exception to "use theme variables": a yellow
highlight must stay yellow whatever theme is chosen, and a swatch in the
notes panel must match the highlight in the article. Each colour therefore
has a fixed background for dark themes and one for light themes, with text
on top that stays readable (WCAG contrast of at least 4.5:1, checked by the
tests). The *bar* is the colour drawn as text on the theme's own background
(a swatch or a margin bar): the pale tone on dark themes, the deep one on
light themes.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.color import Color
from textual.content import Content
from textual.style import Style

from reader.annotations.model import COLORS, DEFAULT_COLOR

BAR = "▌"
"""The glyph drawn in a highlight's colour beside entries and options."""


@dataclass(frozen=True, slots=True)
class Swatch:
    """One highlight colour: backgrounds and text for dark and light themes."""

    name: str
    dark: str
    light: str
    ink_on_dark: str = "#f4efe3"
    ink_on_light: str = "#1d1a16"

    def background(self, *, dark: bool) -> Color:
        return Color.parse(self.dark if dark else self.light)

    def ink(self, *, dark: bool) -> Color:
        return Color.parse(self.ink_on_dark if dark else self.ink_on_light)

    def bar(self, *, dark: bool) -> Color:
        """The colour as a foreground on the theme's background."""
        return Color.parse(self.light if dark else self.dark)


SWATCHES: dict[str, Swatch] = {
    swatch.name: swatch
    for swatch in (
        Swatch("yellow", dark="#6b5716", light="#f6df86"),
        Swatch("green", dark="#2f5b36", light="#c4e5b0"),
        Swatch("blue", dark="#244a75", light="#bcd7f4"),
        Swatch("pink", dark="#74304f", light="#f6c1d9"),
        Swatch("purple", dark="#52407e", light="#dac9f3"),
    )
}
if tuple(SWATCHES) != COLORS:  # pragma: no cover - a guard for whoever edits COLORS
    raise RuntimeError("reader.ui.common.palette must define a swatch for each annotation colour")


def swatch(color: str) -> Swatch:
    """The swatch for ``color``; an unknown name (from an old or foreign file)
    gets the default colour rather than failing."""
    return SWATCHES.get(color) or SWATCHES[DEFAULT_COLOR]


def highlight_style(color: str, *, dark: bool) -> Style:
    """Background and readable text for a highlighted passage."""
    found = swatch(color)
    return Style(background=found.background(dark=dark), foreground=found.ink(dark=dark))


def bar_style(color: str, *, dark: bool) -> Style:
    """The colour as text over the theme's background (bars, dots)."""
    return Style(foreground=swatch(color).bar(dark=dark))


def bar(color: str, *, dark: bool) -> Content:
    """A one-cell bar in ``color``."""
    return Content.styled(BAR, bar_style(color, dark=dark))


def chip(color: str, *, dark: bool) -> Content:
    """The colour's name on its own highlight, e.g. for a colour list."""
    return Content.styled(f" {color} ", highlight_style(color, dark=dark))
