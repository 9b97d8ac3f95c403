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
    aside_kind,
    is_byline,
    is_dated_reference,
    looks_like_heading,
)

TITLE_MAX_CHARS = 250
# A line this long is never hard-wrapped prose: its paragraph is one per line.
UNWRAPPED_LINE_CHARS = 150
QUOTE_MIN_WORDS = 12
LONG_CHARS = 200  # longer than any subhead, byline or dated pointer

# Runs of non-blank lines, from the first to the last non-space character.
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?(?:\n[^\S\n]*\S(?:[^\n]*\S)?)*")
_LIST_MARKER = re.compile(r"(?:[-*+•◦▪‣]|\d{1,3}[.)])[^\S\n]+\S")
_MARKER_CHARS = frozenset("-*+•◦▪‣0123456789")
_BULLET = re.compile(r"[-*+•◦▪‣][^\S\n]+")
_OPEN_QUOTES = "\"“‘'«„"
_CLOSE_QUOTES = "\"”’'»"
_BODY_KINDS = frozenset({"paragraph", "quote", "list_item"})
_ASIDE_KINDS = frozenset({"caption", "byline"})


@dataclass(slots=True)
class _Unit:
    """A candidate block: one paragraph, line or list item of ``lines`` lines."""

    start: int
    end: int
    lines: int = 1
    kind: BlockKind = "paragraph"
    level: int = 0
    candidate: bool = False  # looks like a subhead; confirmed by context


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
        start, end = match.span()
        if units and text.find("\n", start, end) < 0:  # the usual case: a one-line paragraph
            if text[start] in _MARKER_CHARS and _LIST_MARKER.match(text, start):
                units.extend(_list_items(text, [(start, end)]))
            else:
                units.append(_Unit(start, end, kind="quote" if text[start] == ">" else "paragraph"))
            continue
        lines = _lines(text, start, end)
        if not units and lines[0][1] - lines[0][0] <= TITLE_MAX_CHARS:
            units.append(_Unit(*lines[0], kind="heading", level=1))
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
    unit = _Unit(lines[0][0], lines[-1][1], len(lines))
    if all(text.startswith(">", s) for s, _ in lines):
        unit.kind = "quote"
    return [unit]


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
            first = bullet.end() if bullet else start
            items.append(_Unit(first, end, kind="list_item", level=indent))
        else:
            items[-1].end = end
            items[-1].lines += 1
    depth = {indent: rank + 1 for rank, indent in enumerate(sorted(set(indents)))}
    for item in items:
        item.level = depth[item.level]
    return items


def _classify(text: str, unit: _Unit) -> None:
    """Kind from the unit's own text; subhead candidates are confirmed later."""
    if unit.kind != "paragraph":
        return
    aside = aside_kind(text, unit.start, unit.end)
    if aside is not None:
        unit.kind = aside
        return
    if unit.lines > 1 or unit.end - unit.start > LONG_CHARS:
        return  # body text: longer than any subhead, byline or pointer
    line = text[unit.start : unit.end]
    if is_byline(line):
        unit.kind = "byline"
    elif line[-1] == ".":
        return  # a sentence: neither a subhead nor a pointer's headline
    elif is_dated_reference(line):
        unit.kind = "related"
    elif looks_like_heading(line):
        unit.candidate = True


def _apply_context(text: str, units: list[_Unit], has_title: bool) -> None:
    """Confirm subheads (body follows, not right under the title) and quotes."""
    for i in range(1, len(units)):
        unit, prev = units[i], units[i - 1]
        if unit.candidate:
            follows_title = has_title and i == 1
            if not follows_title and _body_follows(units, i):
                unit.kind, unit.level = "heading", 2
            unit.candidate = False
        elif unit.kind != "paragraph" or text[prev.end - 1] != ":":
            continue
        elif prev.kind in ("paragraph", "quote") and _is_quotation(text, unit):
            unit.kind = "quote"
        elif prev.kind == "related" and unit.lines == 1:
            unit.kind = "related"  # the title under a bare "Related:" line


def _body_follows(units: list[_Unit], i: int) -> bool:
    for j in range(i + 1, len(units)):
        nxt = units[j]
        if nxt.kind in _ASIDE_KINDS:
            continue
        return nxt.kind in _BODY_KINDS and not nxt.candidate
    return False


def _is_quotation(text: str, unit: _Unit) -> bool:
    """A paragraph after one ending in a colon: quoted if long or wholly in quotes."""
    chunk = text[unit.start : unit.end]
    if chunk[0] in _OPEN_QUOTES and chunk.rstrip(".,;")[-1:] in _CLOSE_QUOTES:
        return True
    return len(chunk.split()) >= QUOTE_MIN_WORDS
