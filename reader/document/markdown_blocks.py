"""Split Markdown into simple top-level blocks, read directly, and chunks for markdown-it.

markdown-it-py builds a token for every block and every container around it
(a 10 MB article: 87,000 tokens and half a second before any inline parsing).
Most of an article is simple: paragraphs, ``#`` headings, one-line ``- ``
bullets and ``> `` quotes, separated by blank lines. Such a group of lines,
starting after a blank line with nothing left open above it, means the same
wherever it stands, so it is read here (with :func:`read_simple`) and only
the rest goes to markdown-it, each run of it as a chunk of its own.

What makes this safe, and what is declined:
- every line of a simple group is unindented and starts with nothing that
  could open or interrupt another block (``#`` outside a one-line heading,
  ``>``/list markers beyond the group's own, ``-`` ``+`` ``=`` ``|`` ``:``,
  three backticks or tildes, ordered-list numbers, ``<``, a ``[`` that could
  begin a link reference definition, a ``*``/``_`` rule or bullet);
- a cut is made only after a blank line and outside a fenced code block;
  fences are tracked from their opening line at column 0 (where a fence is
  always at the top level), and an indented fence line outside one (a fence
  inside a list item, whose end depends on the item) stops the splitting:
  the rest of the document is one chunk;
- a bullet group followed by an indented line (which would continue its
  last item) is not simple;
- link reference definitions (any ``]:``) make every chunk depend on the
  others, and CR or NUL characters would be rewritten by markdown-it first:
  then the whole document is one chunk.
Whether each group's inline content is simple is decided by ``read``; a group
it declines goes to markdown-it with its neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from reader.document.markdown_inline import RawSpan, Reading

SimpleKind = Literal["heading", "paragraph", "list_item", "quote"]
ReadInline = Callable[[str], Reading | None]


@dataclass(frozen=True, slots=True)
class SimpleBlock:
    """A block read directly: its kind and level as markdown-it's tokens give them."""

    kind: SimpleKind
    level: int
    text: str
    spans: list[RawSpan]


Piece = SimpleBlock | str
"""A block read directly, or a chunk of Markdown source for markdown-it."""

_HEADING = re.compile(r"(#{1,6})(?:[ \t]|$)")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?:[ \t]|$)")
_INLINE_LINK = re.compile(r"\[[^\[\]\\]*\]\(")  # "[a](" is a link, never a definition
_INDENTED_FENCE = re.compile(r"[ \t]+(?:```|~~~)")
_BLOCK_START = frozenset("#>-+=|:<[*_")
_BULLETS = frozenset("-*+")
TRIM_CHARS = "".join(
    map(chr, [*range(0x09, 0x0E), 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
              0x202F, 0x205F, 0x3000])
)
"""What markdown-it trims from a block's content: CommonMark whitespace (its ``mdTrim``)."""
_UNTRACKED = ("", 0)  # a fence whose end cannot be told line by line


def split_simple(source: str, read: ReadInline) -> list[Piece]:
    """``source`` as simple blocks and Markdown chunks, in document order.

    Parsing each chunk alone with markdown-it and reading each simple block
    gives the blocks that one markdown-it parse of ``source`` would give.
    """
    if "]:" in source or "\r" in source or "\0" in source:
        return [source]
    lines = source.split("\n")
    total = len(lines)
    pieces: list[Piece] = []
    chunk_start: int | None = None  # first line of the chunk being gathered
    fence: tuple[str, int] | None = None  # marker and length of an open fence
    i = 0
    while i < total:
        line = lines[i]
        blank = not line.strip(" \t")
        if fence is None and not blank and (i == 0 or not lines[i - 1].strip(" \t")):
            end = i + 1
            while end < total and lines[end].strip(" \t"):
                end += 1
            blocks = _read_group(lines, i, end, read)
            if blocks is not None:
                if chunk_start is not None:
                    pieces.append("\n".join(lines[chunk_start:i]))
                    chunk_start = None
                pieces.extend(blocks)
                i = end
                continue
        if chunk_start is None:
            if blank:
                i += 1
                continue
            chunk_start = i
        fence = _fence_after(line, fence)
        if fence == _UNTRACKED:
            break  # the rest is one chunk
        i += 1
    if chunk_start is not None:
        pieces.append("\n".join(lines[chunk_start:]))
    return pieces


def _fence_after(line: str, fence: tuple[str, int] | None) -> tuple[str, int] | None:
    """The open fence after ``line`` (a top-level line of a chunk); ``_UNTRACKED`` if unknown.

    Mirrors markdown-it's fence rule: an opening run of three or more backticks
    (no backtick after it) or tildes; a closing run of the same character, at
    least as long, indented by at most three spaces, with only spaces after.
    """
    if fence is not None:
        marker, length = fence
        body = line.lstrip(" ")
        if (
            len(line) - len(body) <= 3
            and body.startswith(marker * length)
            and not body.lstrip(marker).strip(" \t")
        ):
            return None
        return fence
    if line.startswith(("```", "~~~")):
        marker = line[0]
        run = len(line) - len(line.lstrip(marker))
        if marker == "`" and "`" in line[run:]:
            return None  # not a fence: inline code in a paragraph
        return marker, run
    if _INDENTED_FENCE.match(line):
        return _UNTRACKED
    return None


def _read_group(
    lines: list[str], start: int, end: int, read: ReadInline
) -> list[SimpleBlock] | None:
    """The blocks of ``lines[start:end]`` (no blank line among them), if simple."""
    first = lines[start]
    if first[0] == ">":
        return _quote(lines[start:end], read)
    if first[0] in _BULLETS and first[1:2] == " ":
        following = end  # an indented line after blank ones continues the last item
        while following < len(lines) and not lines[following].strip(" \t"):
            following += 1
        if following < len(lines) and lines[following][0] in " \t":
            return None
        return _bullets(lines[start:end], read)
    blocks: list[SimpleBlock] = []
    paragraph: list[str] = []
    for line in lines[start:end]:
        if line[0] == "#":  # a heading ends the paragraph above it
            heading = _heading(line, read)
            if heading is None or not _add_paragraph(blocks, paragraph, read):
                return None
            blocks.append(heading)
            paragraph = []
        elif _plain_line(line, not paragraph):
            paragraph.append(line)
        else:
            return None
    return blocks if _add_paragraph(blocks, paragraph, read) else None


def _add_paragraph(blocks: list[SimpleBlock], lines: list[str], read: ReadInline) -> bool:
    """Append the paragraph of ``lines`` (if any); False if its inline content is not simple."""
    if not lines:
        return True
    reading = read(_trim("\n".join(lines)))
    if reading is None:
        return False
    blocks.append(SimpleBlock("paragraph", 0, *reading))
    return True


def _plain_line(line: str, first: bool) -> bool:
    """Whether ``line``, unindented, neither opens a block but a paragraph nor interrupts one.

    ``first``: the paragraph's first line, where a link reference definition
    could start.
    """
    head = line[:1]
    if not head or head.isspace():
        return False
    if head in _BLOCK_START:
        if head in "*_":  # a bullet ("* ") or a rule ("***", "_ _ _"), unless a word follows
            return line[1:2] not in ("", " ", "\t") and bool(line.strip("*_ \t"))
        if head == "[":
            return not first or _INLINE_LINK.match(line) is not None
        return False
    if line.startswith(("```", "~~~")):
        return False
    return not ("0" <= head <= "9" and _ORDERED.match(line))


def _heading(line: str, read: ReadInline) -> SimpleBlock | None:
    """An ATX heading line, its closing ``#`` run removed as markdown-it does."""
    found = _HEADING.match(line)
    if found is None:
        return None
    level = len(found.group(1))
    stop = len(line)
    while stop > level and line[stop - 1] in " \t":
        stop -= 1
    hashes = stop
    while hashes > level and line[hashes - 1] == "#":
        hashes -= 1
    if hashes > level and line[hashes - 1] in " \t":
        stop = hashes
    reading = read(_trim(line[level:stop]))
    return None if reading is None else SimpleBlock("heading", level, *reading)


def _quote(group: list[str], read: ReadInline) -> list[SimpleBlock] | None:
    """A ``> `` quotation holding one plain paragraph."""
    inner = []
    for index, line in enumerate(group):
        if not line.startswith("> ") or not _plain_line(line[2:], index == 0):
            return None
        inner.append(line[2:])
    reading = read(_trim("\n".join(inner)))
    return None if reading is None else [SimpleBlock("quote", 0, *reading)]


def _bullets(group: list[str], read: ReadInline) -> list[SimpleBlock] | None:
    """One-line bullet items (``- ``, ``* ``, ``+ ``), each a plain paragraph."""
    items = []
    for line in group:
        if line[:1] not in _BULLETS or line[1:2] != " " or not _plain_line(line[2:], True):
            return None
        reading = read(_trim(line[2:]))
        if reading is None:
            return None
        items.append(SimpleBlock("list_item", 1, *reading))
    return items


def _trim(text: str) -> str:
    return text.strip(TRIM_CHARS)
