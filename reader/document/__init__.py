"""The document layer: read, decode, sanitise and parse articles (no Textual).

``load_article`` reads a file or stdin; ``parse_text`` parses text that is
already safe. Both return an :class:`Article` whose offsets all index its
sanitised ``text``.
"""

from reader.document.ingest import load_article
from reader.document.model import BLOCK_KINDS, Article, Block, BlockKind, Section, Span
from reader.document.parse import parse_text

__all__ = [
    "BLOCK_KINDS",
    "Article",
    "Block",
    "BlockKind",
    "Section",
    "Span",
    "load_article",
    "parse_text",
]
