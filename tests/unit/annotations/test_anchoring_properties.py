"""Property tests: anchoring is exact on unchanged text and never lands on unrelated text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reader.annotations.anchoring import anchor, anchor_all
from reader.annotations.model import CONTEXT_CHARS, Anchor, Annotation

SAMPLE = (
    Path(__file__).resolve().parents[3] / "seeds" / "us-military-tanf-2017-06.txt"
).read_text(encoding="utf-8")
WORDS = sorted(set(SAMPLE.split()))
# Inserted text that cannot recreate the passage: no word of it occurs in the texts.
FOREIGN = sorted({w[::-1].upper() for w in WORDS} - set(WORDS))
PROFILE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``insert``."""

    start: int
    end: int
    insert: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.insert + text[self.end :]

    def map_start(self, pos: int) -> int:
        if pos < self.start:
            return pos
        if pos >= self.end:
            return pos + len(self.insert) - (self.end - self.start)
        return self.start + len(self.insert)

    def map_end(self, pos: int) -> int:
        if pos <= self.start:
            return pos
        if pos >= self.end:
            return pos + len(self.insert) - (self.end - self.start)
        return self.start


def occurrences(text: str, part: str) -> int:
    """How often ``part`` occurs in ``text``, overlaps included (unlike str.count)."""
    count, pos = 0, text.find(part)
    while pos != -1:
        count, pos = count + 1, text.find(part, pos + 1)
    return count


@st.composite
def texts(draw: st.DrawFn) -> str:
    """The sample, a slice of it, or prose made of its words."""
    kind = draw(st.sampled_from(["sample", "slice", "words"]))
    if kind == "sample":
        return SAMPLE
    if kind == "slice":
        start = draw(st.integers(0, len(SAMPLE) - 400))
        return SAMPLE[start : start + draw(st.integers(300, len(SAMPLE) - start))]
    words = draw(st.lists(st.sampled_from(WORDS), min_size=60, max_size=400))
    return " ".join(words)


@st.composite
def annotated(draw: st.DrawFn) -> tuple[str, Annotation]:
    text = draw(texts())
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 250)))
    assume(text[start:end].strip())
    return text, Annotation.create("u", text, start, end)


def prose(min_size: int = 0, words: list[str] = WORDS) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), min_size=min_size, max_size=40).map(
        lambda ws: " ".join(ws) + (" " if ws else "")
    )


@st.composite
def edit_away(draw: st.DrawFn, text: str, ann: Annotation) -> Edit:
    """An insertion or deletion that leaves the passage and its context intact."""
    lo, hi = ann.start - CONTEXT_CHARS - 1, ann.end + CONTEXT_CHARS + 1
    regions = [(0, lo)] if lo > 0 else []
    if hi < len(text):
        regions.append((hi, len(text)))
    assume(regions)
    a, b = draw(st.sampled_from(regions))
    start = draw(st.integers(a, b))
    if draw(st.booleans()):
        return Edit(start, start, draw(prose(min_size=1)))
    return Edit(start, draw(st.integers(start, min(b, start + 600))), "")


@st.composite
def edit_anywhere(draw: st.DrawFn, text: str) -> Edit:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + draw(st.sampled_from([3, 30, 300])))))
    return Edit(start, end, draw(prose(words=FOREIGN)))


@PROFILE
@given(annotated())
def test_unchanged_text_reanchors_exactly(case: tuple[str, Annotation]) -> None:
    text, ann = case
    assert anchor(ann, text) == Anchor("anchored", ann.start, ann.end)


@PROFILE
@given(st.lists(annotated(), min_size=1, max_size=1).flatmap(
    lambda cases: st.tuples(st.just(cases[0][0]), st.lists(
        st.tuples(st.integers(0, len(cases[0][0]) - 1), st.integers(1, 120)), max_size=30))
))
def test_unchanged_text_reanchors_many_exactly(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    anns = [Annotation.create("u", text, s, min(len(text), s + n)) for s, n in spans]
    anns = [a for a in anns if a.exact.strip()]
    assert anchor_all(anns, text) == [Anchor("anchored", a.start, a.end) for a in anns]


@PROFILE
@given(st.data())
def test_edits_away_from_the_passage_keep_it_exactly(data: st.DataObject) -> None:
    base, ann = data.draw(annotated())
    edit = data.draw(edit_away(base, ann))
    text = edit.apply(base)
    # In periodic text the passage with its context may stand twice: then no
    # position is "the" right one, so such cases prove nothing.
    assume(occurrences(text, ann.prefix + ann.exact + ann.suffix) == 1)
    start = edit.map_start(ann.start)
    assert anchor(ann, text) == Anchor("anchored", start, start + len(ann.exact))


@PROFILE
@given(st.data())
def test_random_edits_never_anchor_on_unrelated_text(data: st.DataObject) -> None:
    base, ann = data.draw(annotated())
    edit = data.draw(edit_anywhere(base))
    text = edit.apply(base)
    result = anchor(ann, text)
    if not result.attached:
        return
    found = text[result.start : result.end]
    # The anchored text is the passage, or very nearly ...
    assert Levenshtein.normalized_similarity(ann.exact, found) >= 0.8
    # ... and it is where the passage went, unless the text held a near copy of it.
    image = (edit.map_start(ann.start), edit.map_end(ann.end))
    overlaps = result.start <= image[1] and result.end >= image[0]
    elsewhere = base[: ann.start] + "\0" + base[ann.end :]
    assert overlaps or fuzz.partial_ratio(ann.exact, elsewhere) >= 70
