"""Hand-made articles and annotations for the export tests.

The sample article is split into blocks and sections here, by its known
layout, so these tests do not depend on the document parsers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reader.annotations.model import Anchor, Annotation
from reader.document.model import Article, Block, Section

SAMPLE = Path(__file__).resolve().parents[3] / "seeds" / "us-military-tanf-2017-06.txt"
SAMPLE_URI = "file:///articles/us-military-tanf-2017-06.txt"
SECTION_TITLES = (
    "US military: “We are prepared for any threat that is presented by the pro-regime forces”",
    "Report: US, Russia Hold Secret Meeting Over “De-Escalation Zone” in South",
    "The Destruction of Lataminah in Northern Hama",
)
T0 = "2017-06-09T10:00:00+00:00"


def article_from_text(text: str, uri: str, headings: tuple[str, ...]) -> Article:
    """Blocks are the blank-line separated paragraphs; ``headings`` open sections."""
    blocks: list[Block] = []
    pos = 0
    for chunk in text.split("\n\n"):
        stripped = chunk.strip("\n")
        if stripped:
            start = text.index(stripped, pos)
            kind = "heading" if stripped in headings else "paragraph"
            blocks.append(Block(kind=kind, start=start, end=start + len(stripped)))
            pos = start + len(stripped)
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    sections = []
    for n, first in enumerate(heads):
        last = heads[n + 1] - 1 if n + 1 < len(heads) else len(blocks) - 1
        end = blocks[heads[n + 1]].start if n + 1 < len(heads) else len(text)
        title = text[blocks[first].start : blocks[first].end]
        sections.append(
            Section(title, title[:24], blocks[first].start, end, first, last)
        )
    return Article(uri, headings[0] if headings else "", text, tuple(blocks),
                   tuple(sections), "fingerprint")


def sample_article() -> Article:
    return article_from_text(SAMPLE.read_text(encoding="utf-8"), SAMPLE_URI, SECTION_TITLES)


def ann(
    text: str,
    phrase: str,
    *,
    uri: str = SAMPLE_URI,
    n: int = 0,
    color: str = "yellow",
    tags: tuple[str, ...] = (),
    note: str = "",
    section: str = "",
    created: str = T0,
) -> Annotation:
    """An annotation over the first occurrence of ``phrase`` in ``text``, fixed id and time."""
    start = text.index(phrase)
    base = Annotation.create(uri, text, start, start + len(phrase), section=section,
                             color=color, tags=tags, note=note)
    return replace(base, id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
                   created=created, modified=created)


def exact_anchor(a: Annotation, text: str) -> Anchor:
    """The anchor of an annotation whose passage is still where it was."""
    assert text[a.start : a.end] == a.exact
    return Anchor("anchored", a.start, a.end)
