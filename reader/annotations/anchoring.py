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

The stored position only breaks ties; it never outweighs the text. Two
candidates are equal if the quote needs the same number of edits at both
and their context scores the same (``TIE`` only absorbs rounding). Even one
changed character of context is evidence: in repetitive text it can be all
that tells the passage from a lookalike at its old offset. Among equal
candidates the one nearest the expected place wins: the stored start,
shifted like its neighbours in ``anchor_all``. Distance matters in one more
way: the whole text is searched approximately only if nothing trustworthy
was found near the expected place.

An approximate match that is equally good at another place (copies of the
matched text elsewhere, or another place already found) is a real tie. It
goes to the copy nearest the stored position. Without a stored position
(``start < 0``, an import that had only a quote) it is an orphan. A
verbatim tie without a position still goes to the first hit. Matches at
different places that score the same but read differently are only seen if
the search found both.

Attaching a note to the wrong passage is worse than losing the anchor, so a
match must earn trust. A verbatim hit of a short quote (a few words recur
everywhere) needs its context to agree; so does an approximate hit, unless
the quote is long and nearly intact (one edit in ten characters at most);
quotes under ten characters are only ever matched verbatim. An approximate
match never reaches over text that merely stands where a lost part of the
passage used to be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.annotations.model import Anchor, Annotation

if TYPE_CHECKING:
    from rapidfuzz.distance import Opcode

# rapidfuzz is imported where it is used: an article without annotations (the
# first start of the app) then opens without loading it.

ORPHAN = Anchor("orphan")
LONG_QUOTE = 32  # a verbatim hit this long is evidence enough on its own
SAFE_FUZZY = 64  # an approximate hit this long needs no context to be trusted ...
SAFE_ERRORS = 0.1  # ... if it has at most this many edits per character
MIN_FUZZY = 10  # shorter quotes are only ever matched verbatim
ERROR_RATE = 0.2  # edits allowed per character of the quote
SIDE_STRONG = 0.8  # context similarity on one side that vouches for a hit
BOTH_GOOD = 0.6  # ... or the mean of both sides
EDGE_SLACK = 3  # unmatched characters an approximate match may reach over at its ends
PART_ERRORS = 0.4  # edits per character for a quote's end found apart from the core
QUOTE_CUTOFF = 70.0  # rapidfuzz partial_ratio below which a window cannot hold the quote
CONTEXT_CUTOFF = 50.0  # ... and for quote plus context, whose context may be rewritten
TIE = 1e-6  # as many edits and scores this close: a tie, the stored position decides
NEAR_RADIUS = 2000  # characters around the expected place searched first
MAX_HITS = 20_000  # verbatim hits considered (a quote this common is hopeless)
# Whole-text approximate searches in one anchor_all, in characters scanned
# (weighted by quote length): a few dozen searches of a 1 MB article.
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
        if self.distance > 0 and length >= SAFE_FUZZY and self.distance <= length * SAFE_ERRORS:
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
    from rapidfuzz import fuzz

    return fuzz.ratio(stored, actual) / 100


def _candidate(ann: Annotation, text: str, start: int, end: int, distance: int) -> _Candidate:
    before = text[max(0, start - len(ann.prefix)) : start]
    after = text[end : end + len(ann.suffix)]
    return _Candidate(start, end, distance, _side(ann.prefix, before), _side(ann.suffix, after))


def _adjacent(ann: Annotation, text: str, start: int) -> bool:
    """Is the stored context, on both sides, right next to ``start`` verbatim?

    Similarity scores forgive a shift, so a short quote that recurs a few
    characters away from its old place would look as good as the real one;
    taking the old place without a search needs this stricter test. Long
    quotes too: in repetitive text even a long quote (and one side of its
    context) can recur at its old place after an insertion before it.
    """
    end = start + len(ann.exact)
    if ann.prefix:
        before = start >= len(ann.prefix) and text.startswith(ann.prefix, start - len(ann.prefix))
    else:
        before = start == 0
    after = text.startswith(ann.suffix, end) if ann.suffix else end == len(text)
    return before and after


def _tied(cands: Sequence[_Candidate], length: int) -> list[_Candidate]:
    """The trusted candidates as good as the best one: as many edits, score within ``TIE``."""
    trusted = [(c.score(length), c) for c in cands if c.trusted(length)]
    if not trusted:
        return []
    top, first = max(trusted, key=lambda sc: sc[0])
    return [c for score, c in trusted if score >= top - TIE and c.distance == first.distance]


def _best(cands: Sequence[_Candidate], length: int, expected: int) -> _Candidate | None:
    """The trusted candidate with the best score; ties go to the nearest."""
    tied = _tied(cands, length)
    if not tied:
        return None
    return min(tied, key=lambda c: (abs(c.start - expected), -c.score(length)))


def _verbatim(ann: Annotation, text: str) -> list[_Candidate]:
    exact, pos = ann.exact, text.find(ann.exact)
    out: list[_Candidate] = []
    while pos != -1 and len(out) < MAX_HITS:
        out.append(_candidate(ann, text, pos, pos + len(exact), 0))
        pos = text.find(exact, pos + 1)
    return out


def _core(blocks: Sequence[Opcode]) -> tuple[Opcode, Opcode] | None:
    """The run of matching stretches worth most: matched minus skipped characters.

    An alignment (longest common subsequence) also matches stray letters in
    text that merely sits where a lost part of the passage was; those come
    in short stretches between long gaps and add up to less than nothing, so
    the best-scoring run (Kadane's maximum subarray) leaves them out.
    """
    best: tuple[int, int, int] | None = None  # (score, first, last)
    score, first = 0, 0
    for i, block in enumerate(blocks):
        gain = block.src_end - block.src_start
        if i == 0:
            score, first = gain, 0
        else:
            prev = blocks[i - 1]
            gap = max(block.src_start - prev.src_end, block.dest_start - prev.dest_end)
            if score - gap > 0:
                score += gain - gap
            else:
                score, first = gain, i
        if best is None or score > best[0]:
            best = (score, first, i)
    return None if best is None else (blocks[best[1]], blocks[best[2]])


def _reach(part: str, text: str, edge: int, limit: int, forward: bool) -> int:
    """Where ``part`` (a lost-looking end of the quote) really begins or ends.

    The alignment may have spent the quote's first or last letters on text
    beside the passage; try every place within ``limit`` for the stretch that
    is closest to ``part`` (nearest wins ties). It is taken only if it truly
    resembles ``part``: text that merely stands where a lost part used to be
    is not the passage.
    """
    if not part:
        return edge
    if len(part) <= EDGE_SLACK:  # a changed capital, digit or short word
        return min(len(text), edge + len(part)) if forward else max(0, edge - len(part))
    from rapidfuzz.distance import Levenshtein

    best, best_distance = edge, len(part)
    stop = min(len(text), edge + limit) if forward else max(0, edge - limit)
    step = 1 if forward else -1
    for pos in range(edge + step, stop + step, step):
        piece = text[edge:pos] if forward else text[pos:edge]
        distance = Levenshtein.distance(part, piece, score_cutoff=best_distance)
        if distance < best_distance:
            best, best_distance = pos, distance
    return best if best_distance <= len(part) * PART_ERRORS else edge


def _refine(exact: str, text: str, rough: int, budget: int) -> tuple[int, int, int] | None:
    """Boundaries of the passage roughly at ``rough``: (start, end, distance) or None."""
    from rapidfuzz.distance import Indel, Levenshtein

    length, pad = len(exact), budget + 8
    lo, hi = max(0, rough - pad), min(len(text), rough + length + pad)
    core = _core([op for op in Indel.opcodes(exact, text[lo:hi]) if op.tag == "equal"])
    if core is None:
        return None
    first, last = core
    head, tail = exact[: first.src_start], exact[last.src_end :]
    if len(head) + len(tail) > 2 * pad:  # too little of the quote is here
        return None
    start = _reach(head, text, lo + first.dest_start, len(head) + pad, forward=False)
    end = _reach(tail, text, lo + last.dest_end, len(tail) + pad, forward=True)
    distance = Levenshtein.distance(exact, text[start:end], score_cutoff=budget + 1)
    return (start, end, distance) if distance <= budget else None


def _search(ann: Annotation, text: str, lo: int, hi: int, budget: int) -> list[_Candidate]:
    """Approximate hits in ``text[lo:hi]``.

    The window most like the quote, and the one most like quote plus
    context (which tells an edited passage from an unchanged near twin);
    nothing at all if no window resembles the quote.
    """
    from rapidfuzz import fuzz

    window, exact = text[lo:hi], ann.exact
    if len(exact) > len(window):
        return []
    hit = fuzz.partial_ratio_alignment(exact, window, score_cutoff=QUOTE_CUTOFF)
    if hit is None:
        return []
    roughs = [lo + hit.dest_start - hit.src_start]
    needle = ann.prefix + exact + ann.suffix
    if needle != exact and len(needle) <= len(window):
        near = fuzz.partial_ratio_alignment(needle, window, score_cutoff=CONTEXT_CUTOFF)
        if near is not None:
            roughs.append(lo + near.dest_start + len(ann.prefix) - near.src_start)
    out: list[_Candidate] = []
    for rough in dict.fromkeys(roughs):
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


def _twins(ann: Annotation, text: str, best: _Candidate, near: int | None) -> list[_Candidate]:
    """Verbatim copies of the text ``best`` matched: other places as good as it.

    With a position (``near``) only copies nearer to it than ``best`` could
    win, so only they are looked for; without one the whole text is searched.
    """
    found = text[best.start : best.end]
    lo, hi = 0, len(text)
    if near is not None:
        reach = abs(best.start - near)
        if reach == 0:
            return []
        lo, hi = max(0, near - reach), min(len(text), near + reach + len(found))
    out: list[_Candidate] = []
    pos = text.find(found, lo, hi)
    while pos != -1 and len(out) < MAX_HITS:
        if pos != best.start:
            out.append(_candidate(ann, text, pos, pos + len(found), best.distance))
        pos = text.find(found, pos + 1, hi)
    return out


def _settle(
    ann: Annotation, text: str, cands: list[_Candidate], expected: int, hinted: bool
) -> _Candidate | None:
    """The approximate stage's pick: ties go to the nearest, or without a position
    (``hinted`` false) an approximate tie at two separate places is no pick."""
    length = len(ann.exact)
    best = _best(cands, length, expected)
    if best is None or best.distance == 0:
        return best
    cands = cands + _twins(ann, text, best, expected if hinted else None)
    best = _best(cands, length, expected)
    if hinted or best is None:
        return best
    apart = [c for c in _tied(cands, length) if c.end <= best.start or c.start >= best.end]
    return None if apart else best


def _anchor(ann: Annotation, text: str, expected: int, whole: _Budget | None) -> Anchor:
    exact, length = ann.exact, len(ann.exact)
    if not exact.strip():
        return ORPHAN
    expected = min(max(0, expected), len(text))
    for pos in dict.fromkeys((max(0, ann.start), expected)):  # where it was, should be
        if text.startswith(exact, pos) and _adjacent(ann, text, pos):
            return Anchor("anchored", pos, pos + length)
    cands = _verbatim(ann, text)
    best = _best(cands, length, expected)
    if best is None or not best.context_agrees():
        found = cands + _approximate(ann, text, expected, whole)
        best = _settle(ann, text, found, expected, ann.start >= 0)
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
    costs a comparison per annotation, not a search. Only annotations with a
    stored position set the shift: one without a position says nothing about it.
    """
    out = [ORPHAN] * len(anns)
    whole = _Budget(GLOBAL_BUDGET)
    shift = 0
    for i in sorted(range(len(anns)), key=lambda i: (anns[i].start, anns[i].end)):
        ann = anns[i]
        found = _anchor(ann, text, ann.start + shift, whole)
        out[i] = found
        if found.attached and ann.start >= 0:
            shift = found.start - ann.start
    return out
