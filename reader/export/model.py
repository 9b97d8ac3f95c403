"""What an export is made of: annotations placed in their article, in reading order.

The renderers (Markdown, W3C) never anchor or look at the article themselves;
they receive an :class:`ExportArticle` whose items already say where each
annotation lies now, which passage it covers and its place ("section,
paragraph N"). That keeps the renderers pure and lets the app, which has its
anchors already, skip re-anchoring.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate

from reader.annotations.model import Anchor, AnchorState, Annotation
from reader.document.model import Article


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One annotation as it will be exported.

    ``start``/``end`` are the current offsets (the stored ones for orphans);
    ``text_now`` is the passage under the anchor, or the stored quote for an
    orphan. ``paragraph`` is 1-based within ``section``; ``None`` when the
    place is unknown (orphans) or the passage starts in a heading.
    """

    annotation: Annotation
    state: AnchorState
    start: int
    end: int
    text_now: str
    section: str
    paragraph: int | None = None

    @property
    def orphan(self) -> bool:
        return self.state == "orphan"


@dataclass(frozen=True, slots=True)
class ExportArticle:
    """One article's annotations: attached ones in document order, orphans last."""

    uri: str
    title: str
    items: tuple[ExportItem, ...]

    @property
    def attached(self) -> tuple[ExportItem, ...]:
        return tuple(i for i in self.items if not i.orphan)

    @property
    def orphans(self) -> tuple[ExportItem, ...]:
        return tuple(i for i in self.items if i.orphan)


def build_export(
    article: Article | None,
    uri: str,
    title: str,
    annotations: Sequence[Annotation],
    *,
    anchors: Sequence[Anchor] | None = None,
) -> ExportArticle:
    """Place ``annotations`` in ``article`` and order them for export.

    ``anchors`` (parallel to ``annotations``) may be given by a caller that
    has just anchored them; otherwise they are computed with
    :func:`reader.annotations.anchoring.anchor_all`.

    ``article`` is ``None`` when its file is gone: nothing can be verified,
    so every annotation is listed as an orphan, keeping its stored quote,
    section and position. Claiming "anchored" on stale offsets would present
    a passage as current when it may no longer exist, which is worse than
    listing it apart.
    """
    if anchors is not None and len(anchors) != len(annotations):
        raise ValueError("anchors must be parallel to annotations")
    if article is None:
        items = [_orphan(a) for a in annotations]
    else:
        if anchors is None:
            from reader.annotations.anchoring import anchor_all

            anchors = anchor_all(list(annotations), article.text)
        locator = _Locator(article)
        items = [
            _orphan(a) if not anchor.attached else locator.place(a, anchor)
            for a, anchor in zip(annotations, anchors, strict=True)
        ]
    return ExportArticle(uri=uri, title=title, items=_ordered(items))


def filter_items(
    export: ExportArticle, tags: Sequence[str] = (), colors: Sequence[str] = ()
) -> ExportArticle:
    """Keep the items having any of ``tags`` and any of ``colors``.

    An empty sequence does not filter. Tags compare case-insensitively, with a
    leading ``#`` and the space/hyphen difference ignored, so ``--tag
    '#Civil-War'`` finds ``civil war`` as it is printed in Markdown.
    """
    wanted_tags = {_tag_key(t) for t in tags if _tag_key(t)}
    wanted_colors = {c.strip().casefold() for c in colors if c.strip()}
    if not wanted_tags and not wanted_colors:
        return export

    def keep(item: ExportItem) -> bool:
        ann = item.annotation
        if wanted_tags and not any(_tag_key(t) in wanted_tags for t in ann.tags):
            return False
        return not wanted_colors or ann.color.casefold() in wanted_colors

    return replace(export, items=tuple(i for i in export.items if keep(i)))


def _tag_key(tag: str) -> str:
    return "-".join(tag.strip().lstrip("#").split()).casefold()


def _orphan(ann: Annotation) -> ExportItem:
    return ExportItem(
        annotation=ann,
        state="orphan",
        start=ann.start,
        end=ann.end,
        text_now=ann.exact,
        section=ann.section,
    )


def _ordered(items: list[ExportItem]) -> tuple[ExportItem, ...]:
    """Attached items by position, then orphans by their stored position.

    Ties are broken by creation time and id so the output is deterministic.
    """

    def key(i: ExportItem) -> tuple[bool, int, int, str, str]:
        return (i.state == "orphan", i.start, i.end, i.annotation.created, i.annotation.id)

    return tuple(sorted(items, key=key))


class _Locator:
    """Finds the section and paragraph number of an offset, by bisection.

    The answer depends only on the block holding the offset, so it is kept
    per block: ten thousand annotations fall in far fewer paragraphs.
    """

    def __init__(self, article: Article) -> None:
        self.text = article.text
        self.blocks = article.blocks
        self.sections = article.sections
        self.block_starts = [b.start for b in article.blocks]
        self.section_starts = [s.start for s in article.sections]
        self.section_first_blocks = [s.first_block for s in article.sections]
        # paragraphs_before[i]: non-heading blocks among blocks[:i].
        self.paragraphs_before = list(
            accumulate((b.kind != "heading" for b in article.blocks), initial=0)
        )
        self._by_block: dict[int, tuple[str, int | None]] = {}

    def place(self, ann: Annotation, anchor: Anchor) -> ExportItem:
        start, end = anchor.start, anchor.end
        section_title, paragraph = self._where(start)
        return ExportItem(
            ann, anchor.state, start, end, self.text[start:end], section_title or ann.section,
            paragraph,
        )

    def _where(self, offset: int) -> tuple[str, int | None]:
        sections, blocks = self.sections, self.blocks
        if not sections:
            return "", None
        if not blocks:
            si = max(0, bisect_right(self.section_starts, offset) - 1)
            return sections[si].title, None
        # The block holding the offset, or the next one when it falls in the
        # blank lines between blocks; its section is the one owning the block.
        bi = max(0, bisect_right(self.block_starts, offset) - 1)
        if blocks[bi].end <= offset and bi + 1 < len(blocks):
            bi += 1
        found = self._by_block.get(bi)
        if found is None:
            found = self._by_block[bi] = self._in_block(bi)
        return found

    def _in_block(self, bi: int) -> tuple[str, int | None]:
        section = self.sections[max(0, bisect_right(self.section_first_blocks, bi) - 1)]
        if self.blocks[bi].kind == "heading":
            return section.title, None
        count = self.paragraphs_before[bi + 1] - self.paragraphs_before[section.first_block]
        return section.title, count if count > 0 else None
