"""How each kind of block looks: its prefix (bullet, quote bar) and style key.

Pure (no Textual): turns the document model into layout :class:`Shape` s
once per article, so a resize only re-wraps and never re-derives prefixes.
Prefixes are measured with the :class:`Cells` the layout wraps by.
Style keys name component classes of the article view (``article--quote``),
which the stylesheets colour from the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reader.document.model import Article, Block
from reader.interaction.cells import UNICODE_CELLS, Cells
from reader.interaction.layout import Shape, shape

QUOTE_BAR = "▌ "
BULLETS = ("•", "◦", "▪")
CODE_INDENT = "  "


@cache
def _prefixes(kind: str, level: int) -> tuple[str, str]:
    if kind == "quote":
        return "  " + QUOTE_BAR, "  " + QUOTE_BAR
    if kind == "list_item":
        depth = max(0, level - 1)
        bullet = BULLETS[depth % len(BULLETS)]
        pad = "  " * depth
        return f"{pad}{bullet} ", f"{pad}  "
    if kind == "code":
        return CODE_INDENT, CODE_INDENT
    return "", ""


@cache
def _template(kind: str, level: int, cells: Cells) -> Shape:
    first, rest = _prefixes(kind, level)
    return shape(0, 0, first, rest, hard=kind == "code", cells=cells)


def block_shape(block: Block, cells: Cells = UNICODE_CELLS) -> Shape:
    return _template(block.kind, block.level, cells)._replace(start=block.start, end=block.end)


def article_shapes(article: Article, cells: Cells = UNICODE_CELLS) -> list[Shape]:
    """One :class:`Shape` per block, in order, prefixes measured by ``cells``."""
    template = _template
    shapes = []
    for block in article.blocks:
        t = template(block.kind, block.level, cells)
        shapes.append(t._replace(start=block.start, end=block.end))
    return shapes


def style_key(block: Block) -> str:
    """Component class (without ``article--``) for the block's text."""
    if block.kind == "heading":
        return "title" if block.level <= 1 else "heading"
    return block.kind.replace("_", "-")


def prefix_key(block: Block) -> str:
    """Component class for the prefix (quote bar, bullet, code indent)."""
    return {"quote": "quote-bar", "list_item": "bullet", "code": "code"}.get(block.kind, "text")


INLINE_KEYS: dict[str, str] = {
    "bold": "strong",
    "italic": "em",
    "code": "code-span",
    "link": "link",
    "strike": "strike",
}


def inline_marks(block: Block) -> Sequence[tuple[int, int, str]]:
    """The block's inline spans as ``(start, end, style key)`` ranges."""
    return [(s.start, s.end, INLINE_KEYS.get(s.style, "text")) for s in block.spans]
