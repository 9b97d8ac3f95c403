"""Paints one wrapped line of the article into a Strip.

Text reaches the terminal only as ``Segment`` s built from plain strings (no
markup is ever parsed), with any stray control character replaced, so an
article can neither style itself nor move the terminal's cursor.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from reader.document.model import Article
from reader.interaction.blocks import inline_marks, prefix_key, style_key
from reader.interaction.decorations import Decorations, Mark, split_styles
from reader.interaction.layout import Line, Shape

# C0/C1 controls and DEL become U+FFFD, one character for one: offsets stay valid.
_CONTROLS = {c: "\ufffd" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
_CONTROLS[0x0A] = " "  # a soft newline inside a paragraph reads as a space
_CONTROLS[0x09] = " "


class Painter:
    """Builds Strips for the article view from lines, block styles and decorations.

    ``style_of(key)`` resolves a style key (``title``, ``cursor``, ``em``) to a
    Rich style; the painter caches combinations until :meth:`reset`.
    """

    def __init__(self, article: Article, style_of: Callable[[str], Style]) -> None:
        self.article = article
        self._style_of = style_of
        self._combined: dict[tuple[str, ...], Style] = {}
        self._inline: dict[int, list[Mark]] = {}

    def reset(self) -> None:
        """Forget resolved styles (the theme or stylesheet changed)."""
        self._combined.clear()

    def _style(self, keys: tuple[str, ...]) -> Style:
        style = self._combined.get(keys)
        if style is None:
            style = Style.chain(*(self._style_of(key) for key in keys))
            highlights = [key for key in keys if key.startswith("hl-")]
            if len(highlights) > 1:
                style += self._overlap(highlights)
            self._combined[keys] = style
        return style

    def _overlap(self, keys: list[str]) -> Style:
        """Where highlights overlap, mix their colours and underline: both stay visible."""
        colours = [Color.from_rich_color(c) for k in keys if (c := self._style_of(k).bgcolor)]
        if not colours:
            return Style(underline=True)
        mixed = colours[0]
        for index, colour in enumerate(colours[1:], start=2):
            mixed = mixed.blend(colour, 1 / index)
        return Style(bgcolor=mixed.rich_color, underline=True)

    def _inline_marks(self, block: int) -> list[Mark]:
        marks = self._inline.get(block)
        if marks is None:
            marks = [Mark(*m) for m in inline_marks(self.article.blocks[block])]
            self._inline[block] = marks
        return marks

    def paint(
        self,
        block: int,
        row: int,
        line: Line,
        shape: Shape,
        *,
        width: int,
        margin: int,
        decorations: Decorations,
    ) -> Strip:
        """One row: left margin, prefix, then the text cut where styles change."""
        model = self.article.blocks[block]
        base_keys = ("text", style_key(model))
        base = self._style(base_keys)
        segments: list[Segment] = []
        if margin > 0:
            segments.append(Segment(" " * margin, self._style(("text",))))
        prefix = shape.first_prefix if row == 0 else shape.rest_prefix
        if shape.indent:
            prefix = prefix.ljust(shape.indent)
            segments.append(Segment(prefix, self._style((*base_keys, prefix_key(model)))))
        start, end = line
        text = self.article.text
        marks = [m for m in self._inline_marks(block) if m.end > start and m.start < end]
        marks.extend(decorations.overlapping(start, end))
        for a, b, keys in split_styles(start, end, marks):
            piece = text[a:b].translate(_CONTROLS)
            segments.append(Segment(piece, self._style((*base_keys, *keys)) if keys else base))
        return Strip(segments).adjust_cell_length(width, self._style(("text",)))

    def blank(self, width: int) -> Strip:
        return Strip.blank(width, self._style(("text",)))
