"""Annotating the open article: every change goes to the store first, then to the screen.

The reading model turns keys into calls here; this class turns them into
:class:`~reader.annotations.history.Change` s, writes each with
:func:`~reader.annotations.history.apply` (the store puts it on disk before
anything is shown as saved), records it for undo, and updates the
:class:`AnnotationIndex` by that one annotation. It paints nothing: each
:class:`Outcome` carries the highlight marks it added and removed, which the
screen hands to the view, so a change costs the same however many
annotations the article or the library holds, and the rules are tested
without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.annotations.anchoring import anchor
from reader.annotations.history import Change, History, apply
from reader.annotations.model import CONTEXT_CHARS, DEFAULT_COLOR, Anchor, Annotation
from reader.document.model import Article
from reader.interaction.decorations import Mark, RangeLayer
from reader.interaction.highlights import AnnotationIndex, Placed

if TYPE_CHECKING:
    from reader.store.store import Store

MANY_ANNOTATIONS = 200
"""Above this many annotations, anchoring at open runs in a worker thread."""
READ_ONLY = "annotations are read-only: another reader has them open (close it and reopen)"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one action did: ``change`` None when there was nothing to do
    (or ``refused``, read-only); ``saved`` True once it is on disk; ``added``
    and ``removed`` the marks of the highlight layer it changed."""

    change: Change | None = None
    saved: bool = True
    refused: bool = False
    added: tuple[Mark, ...] = ()
    removed: tuple[Mark, ...] = ()


NOTHING = Outcome()
REFUSED = Outcome(saved=False, refused=True)


class Annotator:
    """Creates, edits, deletes, re-attaches, undoes and redoes annotations of ``article``."""

    def __init__(self, article: Article, store: Store) -> None:
        self.article = article
        self.store = store
        self.index = AnnotationIndex([s.start for s in article.sections])
        self.history = History()
        self.loaded = False
        self._opened: dict[str, tuple[Annotation, Anchor]] = {}

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    # -- opening -------------------------------------------------------------------
    def load(self, anns: Sequence[Annotation], anchors: Sequence[Anchor]) -> RangeLayer:
        """Take the annotations anchored at open (``anchor_all``'s answer); the
        whole highlight layer, to show."""
        placed = [Placed(ann, where) for ann, where in zip(anns, anchors, strict=True)]
        self._opened = {p.id: (p.annotation, p.anchor) for p in placed}
        self.index.load(placed)
        self.loaded = True
        return RangeLayer(self.index.marks())

    # -- questions -----------------------------------------------------------------
    def section_title(self, offset: int) -> str:
        sections = self.article.sections
        return sections[self.index.section_of(offset)].title if sections else ""

    def passage(self, placed: Placed | None, span: tuple[int, int]) -> str:
        """The text an action is about: the annotation's as it reads now, else the span's."""
        if placed is not None and not placed.anchor.attached:
            return placed.annotation.exact
        start, end = placed.span if placed is not None else span
        return self.article.text[start:end]

    def unsaved_reason(self) -> str:
        """Why the last write did not reach the disk, as the store recorded it."""
        failure = self.store.last_failure
        return failure.reason if failure is not None else "the disk refused the write"

    # -- changes -------------------------------------------------------------------
    def highlight(self, span: tuple[int, int], color: str = DEFAULT_COLOR) -> Outcome:
        """Highlight ``span``; a passage already inside a highlight recolours that one."""
        placed = self.index.containing(*span)
        if placed is None:
            return self.create(span, color=color)
        if placed.annotation.color == color:
            return NOTHING
        return self.edit(placed.id, color=color)

    def create(
        self,
        span: tuple[int, int],
        *,
        color: str = DEFAULT_COLOR,
        tags: Sequence[str] = (),
        note: str = "",
    ) -> Outcome:
        start, end = span
        if end <= start:
            return NOTHING
        ann = Annotation.create(
            self.article.uri, self.article.text, start, end,
            section=self.section_title(start), color=color, tags=tuple(tags), note=note,
        )
        return self._commit(Change(None, ann))

    def edit(self, ann_id: str, **changes: Any) -> Outcome:
        """Change fields of one annotation (colour, tags, note); no-op if nothing differs."""
        placed = self.index.get(ann_id)
        if placed is None:
            return NOTHING
        after = placed.annotation.edited(**changes)
        if _same_content(placed.annotation, after):
            return NOTHING
        return self._commit(Change(placed.annotation, after))

    def delete(self, ann_id: str) -> Outcome:
        placed = self.index.get(ann_id)
        if placed is None:
            return NOTHING
        return self._commit(Change(placed.annotation, None))

    def reattach(self, ann_id: str, span: tuple[int, int]) -> Outcome:
        """Move a detached (or fuzzy) annotation onto ``span``: a new quote, same note."""
        placed = self.index.get(ann_id)
        start, end = span
        if placed is None or end <= start:
            return NOTHING
        text = self.article.text
        after = placed.annotation.edited(
            exact=text[start:end], start=start, end=end,
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS], section=self.section_title(start),
        )
        return self._commit(Change(placed.annotation, after))

    def undo(self) -> Outcome:
        if self.read_only:
            return REFUSED
        change = self.history.undo()
        return NOTHING if change is None else self._commit(change, record=False)

    def redo(self) -> Outcome:
        if self.read_only:
            return REFUSED
        change = self.history.redo()
        return NOTHING if change is None else self._commit(change, record=False)

    def retry(self) -> bool:
        """Try unsaved changes again; True once everything is on disk."""
        return self.store.retry()

    def _commit(self, change: Change, *, record: bool = True) -> Outcome:
        if self.read_only:
            return REFUSED
        saved = apply(self.store, change)
        added, removed = self._place(change)
        if record:
            self.history.record(change)
        return Outcome(change, saved, added=added, removed=removed)

    def _place(self, change: Change) -> tuple[tuple[Mark, ...], tuple[Mark, ...]]:
        """Update the index by this one annotation: the marks added and removed."""
        removed: tuple[Mark, ...] = ()
        added: tuple[Mark, ...] = ()
        if change.before is not None:
            old = self.index.remove(change.before.id)
            if old is not None:
                removed = tuple(old.marks())
        if change.after is not None:
            placed = Placed(change.after, self._anchor_for(change.after))
            self.index.put(placed)
            added = tuple(placed.marks())
        return added, removed

    def _anchor_for(self, ann: Annotation) -> Anchor:
        """Where ``ann`` lies now: at its own offsets when they still hold its quote
        (anything made or re-attached here), else as found at open, else anchored anew."""
        text = self.article.text
        if ann.end > ann.start and text[ann.start : ann.end] == ann.exact:
            return Anchor("anchored", ann.start, ann.end)
        opened = self._opened.get(ann.id)
        if opened is not None and _same_place(opened[0], ann):
            return opened[1]
        return anchor(ann, text)


def _same_place(a: Annotation, b: Annotation) -> bool:
    return (a.exact, a.start, a.end) == (b.exact, b.start, b.end)


def _same_content(a: Annotation, b: Annotation) -> bool:
    return _same_place(a, b) and (a.color, a.tags, a.note) == (b.color, b.tags, b.note)
