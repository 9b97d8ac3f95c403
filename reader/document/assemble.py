"""Turn a parser's draft blocks into an :class:`Article`.

Both parsers (plain text and Markdown) only decide *what* each block is and
which blocks open a section; everything that must hold for every article is
done once, here: sentence spans, section ranges that cover all blocks in
order, section labels, the title fallback and the fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from reader.document.labels import section_labels
from reader.document.model import Article, Block, BlockKind, Section, Span
from reader.document.sentences import split_sentences

TITLE_FALLBACK_CHARS = 80
# Kinds read as one unit: the cursor takes them whole, not sentence by sentence.
_WHOLE_KINDS = frozenset({"heading", "byline", "related", "caption"})


@dataclass(slots=True)
class Draft:
    """A block as a parser found it, before sentences are computed."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    spans: tuple[Span, ...] = ()


@dataclass(slots=True)
class Parsed:
    """A parser's result: ``heads`` are the indices of blocks opening a section."""

    text: str
    title: str
    drafts: list[Draft] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)


def assemble(parsed: Parsed, uri: str, notices: tuple[str, ...] = ()) -> Article:
    """Build the article: blocks with sentences, sections with labels."""
    text = parsed.text
    title = parsed.title or fallback_title(text) or "Untitled"
    blocks = tuple(_finish(text, draft) for draft in parsed.drafts)
    sections = _sections(text, title, blocks, parsed.heads)
    fingerprint = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Article(
        uri=uri,
        title=title,
        text=text,
        blocks=blocks,
        sections=sections,
        fingerprint=fingerprint,
        notices=notices,
    )


def fallback_title(text: str) -> str:
    """The first line, cut at a word boundary, for articles without a title line."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) <= TITLE_FALLBACK_CHARS:
            return line
        cut = line.rfind(" ", 0, TITLE_FALLBACK_CHARS)
        return line[: cut if cut > TITLE_FALLBACK_CHARS // 2 else TITLE_FALLBACK_CHARS] + "…"
    return ""


def _finish(text: str, draft: Draft) -> Block:
    if draft.kind in _WHOLE_KINDS:
        sentences: tuple[tuple[int, int], ...] = ((draft.start, draft.end),)
    elif draft.kind == "code":
        sentences = tuple(_lines(text, draft.start, draft.end))
    else:
        sentences = tuple(split_sentences(text, draft.start, draft.end))
    return Block(draft.kind, draft.start, draft.end, draft.level, sentences, draft.spans)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code is navigated line by line (its non-blank lines, indentation excluded)."""
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        stripped = line.strip()
        if stripped:
            left = pos + len(line) - len(line.lstrip())
            spans.append((left, left + len(stripped)))
        pos = stop + 1
    return spans


def _sections(
    text: str, title: str, blocks: tuple[Block, ...], heads: list[int]
) -> tuple[Section, ...]:
    if not blocks:
        return ()
    head_set = {h for h in heads if 0 <= h < len(blocks)}
    starts = sorted(head_set | {0})
    ends = [*starts[1:], len(blocks)]
    ranges = [(first, nxt - 1) for first, nxt in zip(starts, ends, strict=True)]
    titles = []
    for first, _last in ranges:
        head = blocks[first]
        is_heading = head.kind == "heading" and first in head_set
        titles.append(" ".join(text[head.start : head.end].split()) if is_heading else title)
    labels = section_labels(text, blocks, ranges, titles)
    return tuple(
        Section(
            title=titles[i],
            label=labels[i],
            start=blocks[first].start,
            end=blocks[last].end,
            first_block=first,
            last_block=last,
        )
        for i, (first, last) in enumerate(ranges)
    )
