"""Re-attach annotations to an article whose text may have changed.

Each annotation remembers its passage twice: by position (start/end) and by
quote (exact text with 32 characters of context either side). When the
article is opened again the passage is looked for in this order:

1. at its old position (or shifted like its neighbours, in ``anchor_all``);
2. anywhere, verbatim: several hits are told apart by how well the text
   around them matches the stored context, then by distance;
3. approximately (rapidfuzz alignment, up to one error in five characters),
   near the expected place first and then in the whole text, ranked by
   closeness of the passage plus closeness of its context -> ``fuzzy``;
4. else the annotation is an orphan.

Attaching a note to the wrong passage is worse than losing the anchor, so a
match must earn trust: a short quote (a few words recur everywhere) needs
its context to agree, and short or very approximate matches are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from reader.annotations.model import Anchor, Annotation

ORPHAN = Anchor("orphan")
LONG_QUOTE = 32  # a verbatim hit this long is evidence enough on its own
SAFE_FUZZY = 64  # an approximate hit this long needs no context to be trusted
MIN_FUZZY = 10  # shorter quotes are only ever matched verbatim
ERROR_RATE = 0.2  # edits allowed per character of the quote
SIDE_STRONG = 0.8  # context similarity on one side that vouches for a hit
BOTH_GOOD = 0.6  # ... or the mean of both sides
NEAR_RADIUS = 2000  # characters around the expected place searched first
MAX_HITS = 20_000  # verbatim hits considered (a quote this common is hopeless)
# Whole-text approximate searches in one anchor_all, in characters scanned
# (weighted by quote length): about half a second of a 1 MB article's time.
GLOBAL_BUDGET = 60_000_000


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    distance: int  # Levenshtein distance between the quote and text[start:end]
    before: float  # similarity of the stored prefix with the text before
    after: float  # ... and of the stored suffix with the text after

    def context_agrees(self) -> bool:
        return max(self.before, self.after) >= SIDE_STRONG or (
            self.before + self.after
        ) / 2 >= BOTH_GOOD

    def trusted(self, length: int) -> bool:
        if self.distance == 0 and length >= LONG_QUOTE:
            return True
        if self.distance > 0 and length < MIN_FUZZY:
            return False
        if self.distance > 0 and length >= SAFE_FUZZY:
            return True
        return self.context_agrees()

    def score(self, length: int) -> float:
        return round(1 - self.distance / length + (self.before + self.after) / 2, 9)


class _Budget:
    """Whole-text searches left for one ``anchor_all`` call."""

    def __init__(self, cells: float) -> None:
        self.cells = cells

    def take(self, text_length: int, quote_length: int) -> bool:
        cost = text_length * (1 + quote_length / 256)
        if cost > self.cells:
            return False
        self.cells -= cost
        return True


def _side(stored: str, actual: str) -> float:
    if not stored or not actual:
        return 1.0 if stored == actual else 0.0
    return fuzz.ratio(stored, actual) / 100


def _candidate(ann: Annotation, text: str, start: int, end: int, distance: int) -> _Candidate:
    before = text[max(0, start - len(ann.prefix)) : start]
    after = text[end : end + len(ann.suffix)]
    return _Candidate(start, end, distance, _side(ann.prefix, before), _side(ann.suffix, after))


def _adjacent(ann: Annotation, text: str, start: int) -> bool:
    """Is the stored context, on one side at least, right next to ``start`` verbatim?

    Similarity scores forgive a shift, so a short quote that recurs a few
    characters away from its old place would look as good as the real one;
    taking the old place without a search needs this stricter test.
    """
    end = start + len(ann.exact)
    if ann.prefix:
        before = start >= len(ann.prefix) and text.startswith(ann.prefix, start - len(ann.prefix))
    else:
        before = start == 0
    after = text.startswith(ann.suffix, end) if ann.suffix else end == len(text)
    return before or after


def _best(cands: Sequence[_Candidate], length: int, expected: int) -> _Candidate | None:
    """The trusted candidate with the best score; ties go to the nearest."""
    trusted = [c for c in cands if c.trusted(length)]
    if not trusted:
        return None
    return max(trusted, key=lambda c: (c.score(length), -abs(c.start - expected)))


def _verbatim(ann: Annotation, text: str) -> list[_Candidate]:
    exact, out, pos = ann.exact, [], text.find(ann.exact)
    while pos != -1 and len(out) < MAX_HITS:
        out.append(_candidate(ann, text, pos, pos + len(exact), 0))
        pos = text.find(exact, pos + 1)
    return out


def _refine(exact: str, text: str, rough: int, budget: int) -> tuple[int, int, int] | None:
    """Exact boundaries of the passage roughly at ``rough``: (start, end, distance)."""
    length, pad = len(exact), budget + 8
    lo, hi = max(0, rough - pad), min(len(text), rough + length + pad)
    blocks = [op for op in Indel.opcodes(exact, text[lo:hi]) if op.tag == "equal"]
    solid = [op for op in blocks if op.src_end - op.src_start >= 3] or blocks
    if not solid:
        return None
    first, last = solid[0], solid[-1]
    start = lo + max(0, first.dest_start - first.src_start)
    end = min(len(text), lo + last.dest_end + (length - last.src_end))
    cutoff = budget + 2 * pad

    def dist(s: int, e: int) -> int:
        return Levenshtein.distance(exact, text[s:e], score_cutoff=cutoff)

    best = (dist(start, end), start, end)
    reach = min(8, budget + 2)
    for _ in range(3):  # settle each boundary in turn, nearest first on ties
        d, s, e = best
        starts = sorted(range(max(0, s - reach), min(e, s + reach + 1)), key=lambda x: abs(x - s))
        d, s = min(((dist(x, e), x) for x in starts), key=lambda t: t[0])
        ends = sorted(range(max(s + 1, e - reach), min(len(text), e + reach) + 1),
                      key=lambda x: abs(x - e))
        d, e = min(((dist(s, x), x) for x in ends), key=lambda t: t[0])
        if (d, s, e) == best:
            break
        best = (d, s, e)
    d, s, e = best
    return (s, e, d) if d <= budget else None


def _search(ann: Annotation, text: str, lo: int, hi: int, budget: int) -> list[_Candidate]:
    """Approximate hits in ``text[lo:hi]``: the best for the quote, and for quote+context."""
    window, exact, out = text[lo:hi], ann.exact, []
    needles = [(exact, 0, 70.0)]
    if ann.prefix or ann.suffix:
        needles.append((ann.prefix + exact + ann.suffix, len(ann.prefix), 50.0))
    for needle, offset, cutoff in needles:
        if len(needle) > len(window):
            continue
        hit = fuzz.partial_ratio_alignment(needle, window, score_cutoff=cutoff)
        if hit is None:
            continue
        rough = lo + hit.dest_start + offset - hit.src_start
        found = _refine(exact, text, max(0, rough), budget)
        if found is not None:
            out.append(_candidate(ann, text, *found))
    return out


def _approximate(
    ann: Annotation, text: str, expected: int, whole: _Budget | None
) -> list[_Candidate]:
    length = len(ann.exact)
    budget = int(length * ERROR_RATE)
    if length < MIN_FUZZY or budget < 1:
        return []
    radius = max(NEAR_RADIUS, 4 * length)
    lo, hi = max(0, expected - radius), min(len(text), expected + length + radius)
    found = _search(ann, text, lo, hi, budget)
    searched_all = lo == 0 and hi == len(text)
    if (
        not searched_all
        and not any(c.trusted(length) for c in found)
        and (whole is None or whole.take(len(text), length))
    ):
        found += _search(ann, text, 0, len(text), budget)
    return found


def _anchor(ann: Annotation, text: str, expected: int, whole: _Budget | None) -> Anchor:
    exact, length = ann.exact, len(ann.exact)
    if not exact.strip():
        return ORPHAN
    expected = min(max(0, expected), len(text))
    for pos in dict.fromkeys((ann.start, expected)):  # where it was, where it should be
        if text.startswith(exact, pos) and (length >= LONG_QUOTE or _adjacent(ann, text, pos)):
            return Anchor("anchored", pos, pos + length)
    cands = _verbatim(ann, text)
    best = _best(cands, length, expected)
    if best is None or not best.context_agrees():
        best = _best(cands + _approximate(ann, text, expected, whole), length, expected)
    if best is None:
        return ORPHAN
    return Anchor("anchored" if best.distance == 0 else "fuzzy", best.start, best.end)


def anchor(ann: Annotation, text: str) -> Anchor:
    """Where ``ann`` lies in ``text`` now: anchored, fuzzy, or orphan."""
    return _anchor(ann, text, ann.start, None)


def anchor_all(anns: Sequence[Annotation], text: str) -> list[Anchor]:
    """Anchor many annotations of one article (results in the input order).

    Walking them in document order, each one is first expected where its
    predecessor's shift puts it, so an insertion early in a long article
    costs a comparison per annotation, not a search.
    """
    out = [ORPHAN] * len(anns)
    whole = _Budget(GLOBAL_BUDGET)
    shift = 0
    for i in sorted(range(len(anns)), key=lambda i: (anns[i].start, anns[i].end)):
        ann = anns[i]
        found = _anchor(ann, text, ann.start + shift, whole)
        out[i] = found
        if found.attached:
            shift = found.start - ann.start
    return out
