"""Checks that every parsed article must pass, whatever its text."""

from __future__ import annotations

import hashlib
from itertools import pairwise

from reader.document.labels import MAX_LABEL_CHARS
from reader.document.model import BLOCK_KINDS, Article


def _visible(text: str) -> str:
    return "".join(text.split())


def check_article(article: Article) -> None:
    """Assert the model's invariants: offsets, order, coverage, labels."""
    text = article.text
    assert article.fingerprint == hashlib.sha256(text.encode("utf-8")).hexdigest()
    previous_end = 0
    for block in article.blocks:
        assert block.kind in BLOCK_KINDS
        assert previous_end <= block.start < block.end <= len(text), block
        chunk = text[block.start : block.end]
        assert chunk == chunk.strip(), f"whitespace at the edge of {block}"
        previous_end = block.end
        _check_sentences(text, block.start, block.end, block.sentences)
        for span in block.spans:
            assert block.start <= span.start < span.end <= block.end, (span, block)

    if not article.blocks:
        assert article.sections == ()
        return
    sections = article.sections
    assert sections, "an article with blocks has at least one section"
    assert sections[0].first_block == 0
    assert sections[-1].last_block == len(article.blocks) - 1
    for before, after in pairwise(sections):
        assert after.first_block == before.last_block + 1
    labels = [s.label.lower() for s in sections]
    assert len(set(labels)) == len(labels), labels
    for index, section in enumerate(sections):
        assert section.first_block <= section.last_block
        assert section.start == article.blocks[section.first_block].start
        assert section.end == article.blocks[section.last_block].end
        assert section.title.strip()
        assert 0 < len(section.label) <= MAX_LABEL_CHARS, section.label
        if index > 0:
            assert article.blocks[section.first_block].kind == "heading"


def _check_sentences(
    text: str, start: int, end: int, sentences: tuple[tuple[int, int], ...]
) -> None:
    assert sentences, f"block {start}:{end} has no sentence"
    previous = start
    for s, e in sentences:
        assert previous <= s < e <= end, (s, e, start, end)
        piece = text[s:e]
        assert piece == piece.strip()
        previous = e
    covered = "".join(_visible(text[s:e]) for s, e in sentences)
    assert covered == _visible(text[start:end]), "sentences leave text out"
