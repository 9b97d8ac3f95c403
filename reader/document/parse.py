"""Choose the parser for a text and build the :class:`Article`.

Markdown is recognised by the file suffix or, for text of unknown origin
(stdin, ``.txt``), by ATX heading lines (``# Title``, ``## Section``): plain
news copy almost never starts a line with ``#`` and a space.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from reader.document.assemble import assemble
from reader.document.model import Article

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"})
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)


def parse_text(
    text: str, uri: str, *, markdown: bool | None = None, notices: tuple[str, ...] = ()
) -> Article:
    """Parse already sanitised ``text``; ``markdown=None`` detects the format."""
    if markdown is None:
        markdown = is_markdown(text, uri)
    if markdown:
        from reader.document.markdown import parse_markdown

        parsed = parse_markdown(text)
    else:
        from reader.document.plaintext import parse_plain

        parsed = parse_plain(text)
    return assemble(parsed, uri, notices)


def is_markdown(text: str, uri: str = "") -> bool:
    """A Markdown suffix in ``uri``, or a ``#`` heading line in the text."""
    if uri.startswith("file:"):
        suffix = PurePosixPath(unquote(urlparse(uri).path)).suffix.lower()
        if suffix in MARKDOWN_SUFFIXES:
            return True
    return "#" in text and _ATX_HEADING.search(text) is not None  # find is far faster
