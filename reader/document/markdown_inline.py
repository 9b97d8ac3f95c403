"""Read simple inline Markdown directly, without markdown-it's inline tokens.

On a large article markdown-it-py spends most of its time in inline parsing:
a ``Token`` object for every run of text, delimiter and mark, then passes to
pair the delimiters and join the text back together (about 2 s of a 10 MB
article, against 0.5 s for finding the blocks). Most paragraphs, headings and
list items of an article use only plain text and markup around whole words
or phrases, set off by spaces: ``*a b*``, ``**a**``, ``_a_``, ``__a__``,
`` `code` ``, ``[a](https://...)``. Such content has exactly one CommonMark
reading, so one regex pass yields the text and spans that markdown-it's
tokens would have given.

Anything else is declined (``None``) and markdown-it parses it as before:
escapes, entities, ``<`` (autolinks), ``~`` (strikethrough), images, nested
or intraword markup, unmatched delimiters, link titles and destinations that
need care, hard breaks and spaces at line ends, and text that sanitising
would change. Declining costs one failed regex pass; a wrong acceptance
would change the article, so the test suite checks this reading against
markdown-it on generated input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.document.model import InlineStyle
from reader.document.sanitize import sanitize

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

META_KEY = "reader.simple_inline"
"""``Token.meta`` key under which :func:`install` leaves a direct reading."""

RawSpan = tuple[int, int, InlineStyle, str | None]
"""A :class:`Span` not yet placed in the article: ``(start, end, style, href)``."""
Reading = tuple[str, list[RawSpan]]
"""Text without markup and its spans, offsets into that text."""

# Characters that sanitising removes or rewrites (TAB and CR included): text
# holding one is declined, so every piece read here is already sanitised.
CONTROLS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that start an inline rule (escape, code, emphasis, link,
# autolink, entity, strikethrough); "!" does only before "[" (declined apart).
_SPECIAL = r"\\`*_\[<&~"
_PLAIN = f"[^{_SPECIAL}{CONTROLS}]"
# One step of reading: a run of plain text, then a mark or the end. The
# plain run is possessive: a mark starts with a special character, and a
# special character that starts no mark ends the reading.
_STEP = re.compile(
    rf"({_PLAIN}*+)(?:"
    # Emphasis: the delimiters have a space, a line break or an end outside
    # and no space inside, so each can only open or only close.
    rf"(?<![^ \n])(\*\*|__|\*|_)(?=[^\s])({_PLAIN}+)(?<=[^\s])\2(?![^ \n])"
    rf"|(?<!`)`([^`\n{CONTROLS}]+)`(?!`)"
    rf"|\[([^\]\n{_SPECIAL}{CONTROLS}]+)\]\(([^\s()<>\\&`*\[\]{CONTROLS}]+)\)"
    r"|\Z)"
)
# Destinations that markdown-it's link normalisation returns unchanged.
_PLAIN_URL = re.compile(
    r"https?://[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*){0,4}"
    r"(?:/[A-Za-z0-9._~/-]*)?"
)
_EMPHASIS: dict[str, InlineStyle] = {"*": "italic", "_": "italic", "**": "bold", "__": "bold"}


def read_simple(
    content: str,
    normalize_link: Callable[[str], str],
    validate_link: Callable[[str], bool],
) -> Reading | None:
    """The text and spans of ``content``, or None when markdown-it must read it.

    ``normalize_link`` and ``validate_link`` are the parser's own, used for
    link destinations that are not plain web addresses. Every line break is
    a soft one (no spaces around it), so it reads as one space.
    """
    lines = "\n" in content
    if lines and (" \n" in content or "\n " in content):
        return None  # a hard break, or spaces markdown-it would drop
    if "!" in content and "![" in content:
        return None  # an image
    step = _STEP.match
    found = step(content)
    if found is None:
        return None
    end = found.end()
    total = len(content)
    if end == total and found.lastindex == 1:  # the usual paragraph: no markup at all
        return (content.replace("\n", " ") if lines else content), []
    parts: list[str] = []
    spans: list[RawSpan] = []
    pos = 0  # in the text read
    while True:
        plain, mark, emphasis, code, label, url = found.groups()
        if plain:
            parts.append(plain)
            pos += len(plain)
        if mark is not None:
            piece = emphasis
            spans.append((pos, pos + len(piece), _EMPHASIS[mark], None))
        elif code is not None:
            piece = code
            if piece.startswith(" ") and piece.endswith(" ") and piece.strip(" "):
                piece = piece[1:-1]
            spans.append((pos, pos + len(piece), "code", None))
        elif url is not None:
            href = _href(url, normalize_link, validate_link)
            if href is None:
                return None
            piece = label
            spans.append((pos, pos + len(piece), "link", href))
        else:
            break  # the end of the content
        parts.append(piece)
        pos += len(piece)
        if end == total:
            break
        found = step(content, end)
        if found is None:
            return None  # a special character that starts no simple mark
        end = found.end()
    text = "".join(parts)
    return (text.replace("\n", " ") if lines else text), spans


def _href(
    url: str, normalize_link: Callable[[str], str], validate_link: Callable[[str], bool]
) -> str | None:
    """The link's href as the reader keeps it; None if markdown-it would make no link."""
    if _PLAIN_URL.fullmatch(url):
        return url
    href = normalize_link(url)
    if not href or not validate_link(href):
        return None  # markdown-it then reads the brackets as text or a reference
    return sanitize(href)


def install(md: MarkdownIt) -> MarkdownIt:
    """Make ``md`` read simple inline content directly (see the module docstring).

    The core ``inline`` rule is replaced: an inline token read directly gets
    its reading in ``meta[META_KEY]`` and no children; every other token is
    parsed by markdown-it as before, with the same environment (link
    reference definitions), and the later core rules run unchanged.
    """
    md.core.ruler.at("inline", _inline_rule)
    return md


def _inline_rule(state: StateCore) -> None:
    md = state.md
    normalize, validate, parse = md.normalizeLink, md.validateLink, md.inline.parse
    for token in state.tokens:
        if token.type != "inline":
            continue
        reading = read_simple(token.content, normalize, validate)
        if token.children is None:
            token.children = []
        if reading is None:
            parse(token.content, md, state.env, token.children)
        else:
            token.meta[META_KEY] = reading
