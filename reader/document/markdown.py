"""Parse Markdown into the same model as plain text, with the markup removed.

markdown-it-py (CommonMark, plus tables and ``~~strike~~``) does the parsing,
with raw HTML off so tags in an article show as the text they are. From its
tokens a new text is written: one block per heading, paragraph, quoted
paragraph, list item, code block or table row, separated by blank lines, and
inline emphasis, code and links kept as spans over that text. The reader
never shows or counts ``*`` and ``_``, and offsets stay meaningful.

Decisions:
- the first ``#`` heading is the title (else the first heading of any level);
  sections start at ``##`` headings, and at ``#`` ones when there are
  several; an article whose headings are all deeper splits at the shallowest;
- an image alone in a paragraph becomes a caption with its alt text (dropped
  when it has none); an image inside text reads as its alt text; alt text is
  plain, as markdown-it renders it (``![*a* b](x)``: ``a b``, no span);
- ordered list items keep their number (``2. ``) before their first
  paragraph (none when the item starts with another block), bullets are dropped;
- a one-line paragraph like ``By Jane Doe`` is a byline;
- a table row becomes a paragraph of its cells joined by `` | ``;
- front matter (``---`` ... ``---``) is skipped; its ``title:`` is used only
  when the document has no heading.

Speed: markdown-it-py builds a token per block, container, run of text and
delimiter: seconds for a 10 MB article. Simple blocks and simple inline
content, most of an article, are read directly instead
(:mod:`reader.document.markdown_blocks`, :mod:`reader.document.markdown_inline`),
giving exactly the blocks and spans markdown-it would; it parses the rest.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from reader.document.assemble import Draft, Parsed, fallback_title
from reader.document.markdown_blocks import Piece, split_simple
from reader.document.markdown_inline import META_KEY, RawSpan, Reading, install, read_simple
from reader.document.model import BlockKind, InlineStyle, Span
from reader.document.patterns import is_byline
from reader.document.sanitize import sanitize

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_STYLES: dict[str, InlineStyle] = {"em": "italic", "strong": "bold", "s": "strike", "link": "link"}
CELL_SEPARATOR = " | "


@cache
def _parser(direct: bool = True) -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return install(md) if direct else md


def _read_simple(content: str) -> Reading | None:
    return read_simple(content, _normalize_link, _validate_link)


def _normalize_link(url: str) -> str:
    return _parser().normalizeLink(url)


def _validate_link(url: str) -> bool:
    return _parser().validateLink(url)


@dataclass(slots=True)
class _Writer:
    """Appends blocks to the new text, separated by a blank line."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    drafts: list[Draft] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (block index, level)

    def add(self, kind: BlockKind, level: int, text: str, spans: Sequence[RawSpan] = ()) -> None:
        """Add a block; ``spans`` are ``(start, end, style, href)`` within ``text``."""
        stripped = text.strip()
        if not stripped:
            return
        shift = len(text) - len(text.lstrip())
        if self.drafts:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        length = len(stripped)
        kept = []
        for s, e, style, href in spans:  # clipped to the stripped text
            s -= shift
            e -= shift
            if s < 0:
                s = 0
            if e > length:
                e = length
            if e > s:
                kept.append(Span(start + s, start + e, style, href))
        if kind == "heading":
            self.headings.append((len(self.drafts), level))
        self.drafts.append(Draft(kind, start, start + len(stripped), level, tuple(kept)))
        self.parts.append(stripped)
        self.pos += len(stripped)


def parse_markdown(source: str, *, direct: bool = True) -> Parsed:
    """Parse sanitised Markdown source into draft blocks over a markup-free text.

    Simple blocks and inline content are read directly, without markdown-it's
    tokens (see :mod:`reader.document.markdown_blocks` and
    :mod:`reader.document.markdown_inline`): several times faster on a large
    article. ``direct=False`` lets markdown-it parse the whole document, the
    reference that the direct reading must equal.
    """
    front_title = ""
    front = _FRONT_MATTER.match(source)
    if front:
        found = _FRONT_TITLE.search(front.group(1))
        front_title = sanitize(found.group(1).strip("\"'")) if found else ""
        source = source[front.end() :]
    writer = _Writer()
    # markdown-it is imported only when needed: most articles are read whole.
    pieces: list[Piece] = split_simple(source, _read_simple) if direct else [source]
    for piece in pieces:
        if isinstance(piece, str):
            _walk(_parser(direct).parse(piece), writer)
        elif piece.kind == "paragraph":
            _add_paragraph(writer, piece.text, piece.spans)
        else:
            writer.add(piece.kind, piece.level, piece.text, piece.spans)
    text = "".join(writer.parts)
    return _structure(text, writer, front_title)


def _walk(tokens: list[Token], writer: _Writer) -> None:
    containers: list[str] = []  # "quote" / "list", innermost last
    list_depth = 0
    number = ""  # "3. " of an ordered item, until its first paragraph takes it
    row: list[Reading] | None = None
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "list_item_open":  # the number goes to the item's own first paragraph
            first = tokens[i + 1].type if i + 1 < len(tokens) else ""
            numbered = bool(token.info) and first == "paragraph_open"
            number = f"{token.info}{token.markup} " if numbered else ""
        elif kind == "blockquote_open":
            containers.append("quote")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            containers.append("list")
            list_depth += 1
        elif kind in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            if containers and containers.pop() == "list":
                list_depth -= 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            _add_row(writer, row)
            row = None
        elif kind in ("fence", "code_block"):
            writer.add("code", 0, _code(token.content))
        elif kind == "inline":
            opener = tokens[i - 1] if i else None
            prefix, number = number, ""  # taken by the item's first paragraph, or by none
            direct: Reading | None = token.meta.get(META_KEY)
            if direct is None:
                text, spans = _inline(token.children or [])
            else:
                text, spans = direct  # plain text and simple marks: no images
            if row is not None:
                row.append((text, spans))
            elif opener is not None and opener.type == "heading_open":
                writer.add("heading", int(opener.tag[1:]), text, spans)
            elif direct is None and _image_only(token.children or []):
                writer.add("caption", 0, text)
            elif containers and containers[-1] == "quote":
                writer.add("quote", 0, text, spans)
            elif containers:
                if prefix:
                    spans = [(s + len(prefix), e + len(prefix), style, href)
                             for s, e, style, href in spans]
                    text = prefix + text
                writer.add("list_item", list_depth, text, spans)
            else:
                _add_paragraph(writer, text, spans)


def _add_paragraph(writer: _Writer, text: str, spans: Sequence[RawSpan]) -> None:
    """A top-level paragraph: a one-line ``By ...`` is a byline."""
    stripped = text.strip()
    if "\n" not in stripped and is_byline(stripped):
        writer.add("byline", 0, text, spans)
    else:
        writer.add("paragraph", 0, text, spans)


def _inline(children: list[Token]) -> Reading:
    """Plain text of inline tokens, with spans for emphasis, code and links."""
    parts: list[str] = []
    pos = 0
    spans: list[RawSpan] = []
    open_spans: list[tuple[str, int, str | None]] = []
    for child in children:
        kind = child.type
        piece = ""
        if kind in ("text", "html_inline"):
            piece = sanitize(child.content)
        elif kind == "softbreak":
            piece = " "
        elif kind == "hardbreak":
            piece = "\n"
        elif kind == "image":
            piece = sanitize(_alt(child.children or []))
        elif kind == "code_inline":
            piece = sanitize(child.content)
            spans.append((pos, pos + len(piece), "code", None))
        elif kind.endswith("_open") and kind[:-5] in _STYLES:
            href = child.attrGet("href") if kind == "link_open" else None
            open_spans.append((kind[:-5], pos, sanitize(str(href)) if href else None))
        elif kind.endswith("_close") and kind[:-6] in _STYLES:
            name = kind[:-6]
            for j in range(len(open_spans) - 1, -1, -1):
                if open_spans[j][0] == name:
                    _, start, href = open_spans.pop(j)
                    if pos > start:
                        spans.append((start, pos, _STYLES[name], href))
                    break
        else:
            piece = sanitize(child.content)
        parts.append(piece)
        pos += len(piece)
    spans.sort(key=lambda s: (s[0], -s[1]))
    return "".join(parts), spans


def _alt(children: list[Token]) -> str:
    """An image's alt text: the plain text of its children, markup dropped.

    What markdown-it's renderer writes as ``alt`` (``![*a* `b`](x)`` gives
    ``a b``; a nested image gives its own alt), not the raw label source,
    except that line breaks read as in any text (a soft one as a space).
    """
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind == "image":
            parts.append(_alt(child.children or []))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
    return "".join(parts)


_IMAGE_LINE = frozenset({"image", "softbreak", "hardbreak"})


def _image_only(children: list[Token]) -> bool:
    """Images and line breaks only (blank text aside), at least one image.

    Stops at the first other child: for the usual paragraph, its first word.
    """
    image = False
    for child in children:
        kind = child.type
        if kind == "text" and not child.content.strip():
            continue
        if kind not in _IMAGE_LINE:
            return False
        image = image or kind == "image"
    return image


def _add_row(writer: _Writer, row: list[Reading]) -> None:
    parts: list[str] = []
    spans: list[RawSpan] = []
    pos = 0
    for text, cell_spans in row:
        cell = text.strip()
        if not cell:
            continue
        if parts:
            parts.append(CELL_SEPARATOR)
            pos += len(CELL_SEPARATOR)
        shift = pos - (len(text) - len(text.lstrip()))
        spans.extend((s + shift, e + shift, style, href) for s, e, style, href in cell_spans)
        parts.append(cell)
        pos += len(cell)
    writer.add("paragraph", 0, "".join(parts), spans)


def _code(content: str) -> str:
    return textwrap.dedent(sanitize(content)).strip("\n").rstrip()


def _structure(text: str, writer: _Writer, front_title: str) -> Parsed:
    """Choose the title heading and the headings that open sections; set levels."""
    drafts, headings = writer.drafts, writer.headings
    title_index = next((i for i, level in headings if level == 1), None)
    if title_index is None and headings:
        title_index = headings[0][0]
    others = [(i, level) for i, level in headings if i != title_index]
    several_h1 = any(level == 1 for _, level in others)
    split_at = max(2, min((level for _, level in others), default=2))
    heads = [i for i, level in others if level <= split_at]
    for i, level in others:
        drafts[i].level = min(level + (1 if several_h1 else 0), 6)
    if title_index is not None:
        drafts[title_index].level = 1
        if title_index == 0:
            heads.insert(0, 0)
        title = " ".join(text[drafts[title_index].start : drafts[title_index].end].split())
    else:
        title = front_title or fallback_title(text)
    return Parsed(text=text, title=title, drafts=drafts, heads=heads)
