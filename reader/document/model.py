"""The document model: frozen, Textual-free, offsets into one sanitised text.

Every offset in the program (blocks, sentences, inline spans, sections,
annotation anchors) indexes ``Article.text``, so the model is the single
source of truth shared by the parsers, the view, anchoring and export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal[
    "heading", "paragraph", "quote", "caption", "related", "list_item", "code", "byline"
]
BLOCK_KINDS: tuple[str, ...] = (
    "heading", "paragraph", "quote", "caption", "related", "list_item", "code", "byline"
)

InlineStyle = Literal["bold", "italic", "code", "link", "strike"]


@dataclass(frozen=True, slots=True)
class Span:
    """An inline style over ``text[start:end]`` (Markdown emphasis, code, links)."""

    start: int
    end: int
    style: InlineStyle
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of the article.

    ``level`` is the heading level (1 for the article title) or the nesting
    depth of a list item; 0 otherwise. ``sentences`` are absolute
    ``(start, end)`` offsets covering the block's sentences in order.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    sentences: tuple[tuple[int, int], ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A run of blocks under one heading; ``label`` is short, for the sidebar."""

    title: str
    label: str
    start: int
    end: int
    first_block: int
    last_block: int


@dataclass(frozen=True)
class Article:
    """A parsed article. ``notices`` are one-line remarks for the status line
    (invalid bytes replaced, encoding detected, empty file)."""

    uri: str
    title: str
    text: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    fingerprint: str
    notices: tuple[str, ...] = field(default=())

    def block_text(self, index: int) -> str:
        block = self.blocks[index]
        return self.text[block.start : block.end]
