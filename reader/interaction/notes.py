"""The notes panel's entries: each annotation of the article as it reads now.

Computed here, from the annotation index and the article, so the panel only
shows what it is handed; no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.annotations.model import AnchorState, Annotation
from reader.interaction.annotator import Annotator


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """One annotation as the panel shows it.

    ``text_now`` is the passage as the article reads now (empty: the stored
    quote); ``start`` its current offset, for reading order (None: the
    stored position).
    """

    annotation: Annotation
    state: AnchorState = "anchored"
    text_now: str = ""
    section: str = ""
    start: int | None = None

    @property
    def passage(self) -> str:
        if self.state == "orphan" or not self.text_now:
            return self.annotation.exact
        return self.text_now

    @property
    def order(self) -> tuple[int, int]:
        ann = self.annotation
        start = ann.start if self.start is None else self.start
        return start, ann.end - ann.start


def note_entries(annotator: Annotator) -> list[NoteEntry]:
    """Every annotation in reading order; detached ones with their stored section."""
    text = annotator.article.text
    entries = []
    for placed in annotator.index.ordered():
        ann, where = placed.annotation, placed.anchor
        if where.attached:
            entries.append(NoteEntry(
                ann, where.state, text[where.start : where.end],
                annotator.section_title(where.start), where.start,
            ))
        else:
            entries.append(NoteEntry(ann, "orphan", "", ann.section))
    return entries
