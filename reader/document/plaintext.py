"""Find the structure of a plain-text news article: title, subheads, asides.

Plain text has no markup, so structure is read from how news copy looks.
Paragraphs are separated by blank lines; the first line is the title. A
subhead is a short one-line paragraph in Title Case or ALL CAPS, without
closing punctuation, followed by body text. The lines that look like
subheads but are not (a photo caption, a "Related:" pointer, a dated link to
another piece such as ``Syria Daily, May 31: ...``, a byline) are recognised
first, by their patterns. A paragraph after one ending in a colon is a
quotation when it is long or wholly quoted. Lists (``-``, ``*``, ``•``,
``1.``) become one block per item.

The text is never rewritten: blocks are ranges of the sanitised text, so an
offset in the article is an offset in the file (after decoding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.document.assemble import Draft, Parsed, fallback_title
from reader.document.model import BlockKind
from reader.document.patterns import (
    is_byline,
    is_caption,
    is_dated_reference,
    is_related,
    looks_like_heading,
)

TITLE_MAX_CHARS = 250
# A line this long is never hard-wrapped prose: its paragraph is one per line.
UNWRAPPED_LINE_CHARS = 150
QUOTE_MIN_WORDS = 12

_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
_LIST_MARKER = re.compile(r"(?:[-*+•◦▪‣]|\d{1,3}[.)])\s+\S")
_BULLET = re.compile(r"[-*+•◦▪‣]\s+")
_OPEN_QUOTES = "\"“‘'«„"
_CLOSE_QUOTES = "\"”’'»"
_BODY_KINDS = frozenset({"paragraph", "quote", "list_item"})
_ASIDE_KINDS = frozenset({"caption", "byline"})


@dataclass(slots=True)
class _Unit:
    """A candidate block: one paragraph, line or list item, with its lines."""

    lines: list[tuple[int, int]]
    kind: BlockKind = "paragraph"
    level: int = 0
    candidate: bool = False  # looks like a subhead; confirmed by context

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def parse_plain(text: str) -> Parsed:
    """Parse sanitised plain text into draft blocks and section heads."""
    units, has_title = _units(text)
    for unit in units[1 if has_title else 0 :]:
        _classify(text, unit)
    _apply_context(text, units, has_title)
    drafts = [Draft(u.kind, u.start, u.end, u.level) for u in units]
    heads = [i for i, u in enumerate(units) if u.kind == "heading"]
    if has_title:
        title = " ".join(text[units[0].start : units[0].end].split())
    else:
        title = fallback_title(text)
    return Parsed(text=text, title=title, drafts=drafts, heads=heads)


def _units(text: str) -> tuple[list[_Unit], bool]:
    """Split into units; the first line becomes a level-1 heading (the title)."""
    units: list[_Unit] = []
    has_title = False
    for match in _PARAGRAPH.finditer(text):
        lines = _lines(text, match.start(), match.end())
        if not units and not has_title and lines[0][1] - lines[0][0] <= TITLE_MAX_CHARS:
            units.append(_Unit([lines[0]], kind="heading", level=1))
            has_title = True
            lines = lines[1:]
            if not lines:
                continue
        units.extend(_split_paragraph(text, lines))
    return units, has_title


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped ``(start, end)`` of each line of a paragraph match."""
    if text.find("\n", start, end) < 0:
        return [(start, _rstrip(text, start, end))]
    lines = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        left = pos
        while left < stop and text[left].isspace():
            left += 1
        if left < stop:
            lines.append((left, _rstrip(text, left, stop)))
        pos = stop + 1
    return lines


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _split_paragraph(text: str, lines: list[tuple[int, int]]) -> list[_Unit]:
    if _LIST_MARKER.match(text, lines[0][0]):
        return _list_items(text, lines)
    if len(lines) > 1 and max(e - s for s, e in lines) > UNWRAPPED_LINE_CHARS:
        return [u for line in lines for u in _split_paragraph(text, [line])]
    if all(text.startswith(">", s) for s, _ in lines):
        return [_Unit(lines, kind="quote")]
    return [_Unit(lines)]


def _list_items(text: str, lines: list[tuple[int, int]]) -> list[_Unit]:
    """One unit per marker line; other lines continue the item above.

    A bullet is left out of its item (as Markdown's are), a number is kept:
    it is part of what the list says.
    """
    items: list[_Unit] = []
    indents: list[int] = []
    for start, end in lines:
        if _LIST_MARKER.match(text, start) or not items:
            indent = start - (text.rfind("\n", 0, start) + 1)
            indents.append(indent)
            bullet = _BULLET.match(text, start, end)
            first = (bullet.end() if bullet else start, end)
            items.append(_Unit([first], kind="list_item", level=indent))
        else:
            items[-1].lines.append((start, end))
    depth = {indent: rank + 1 for rank, indent in enumerate(sorted(set(indents)))}
    for item in items:
        item.level = depth[item.level]
    return items


def _classify(text: str, unit: _Unit) -> None:
    """Kind from the unit's own text; subhead candidates are confirmed later."""
    if unit.kind != "paragraph":
        return
    chunk = text[unit.start : unit.end]
    one_line = len(unit.lines) == 1
    if is_caption(chunk):
        unit.kind = "caption"
    elif is_related(chunk) or (one_line and is_dated_reference(chunk)):
        unit.kind = "related"
    elif one_line and is_byline(chunk):
        unit.kind = "byline"
    elif one_line and looks_like_heading(chunk):
        unit.candidate = True


def _apply_context(text: str, units: list[_Unit], has_title: bool) -> None:
    """Confirm subheads (body follows, not right under the title) and quotes."""
    for i, unit in enumerate(units):
        if unit.candidate:
            follows_title = has_title and i == 1
            if not follows_title and _body_follows(units, i):
                unit.kind, unit.level = "heading", 2
            unit.candidate = False
        elif unit.kind == "paragraph" and i > 0 and _is_quotation(text, units[i - 1], unit):
            unit.kind = "quote"
        elif unit.kind == "paragraph" and i > 0 and units[i - 1].kind == "related":
            prev = units[i - 1]
            if text[prev.start : prev.end].endswith(":") and len(unit.lines) == 1:
                unit.kind = "related"  # the title under a bare "Related:" line


def _body_follows(units: list[_Unit], i: int) -> bool:
    for nxt in units[i + 1 :]:
        if nxt.kind in _ASIDE_KINDS:
            continue
        return nxt.kind in _BODY_KINDS and not nxt.candidate
    return False


def _is_quotation(text: str, prev: _Unit, unit: _Unit) -> bool:
    """After a body paragraph ending in a colon: a long or wholly quoted paragraph."""
    if prev.kind not in ("paragraph", "quote") or not text[prev.start : prev.end].endswith(":"):
        return False
    chunk = text[unit.start : unit.end]
    if chunk[0] in _OPEN_QUOTES and chunk.rstrip(".,;")[-1:] in _CLOSE_QUOTES:
        return True
    return len(chunk.split()) >= QUOTE_MIN_WORDS
