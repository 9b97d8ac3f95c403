"""Search every annotation in the library: passages, notes and tags, ranked.

The approach is deliberately simple: each annotation's searchable text is
case-folded once into one string (tags, passage, note), a query keeps the
annotations whose string holds every term (a C-speed substring test), and
only those are scored. A library of 100,000 annotations answers a typical
query in tens of milliseconds, without an index to keep in step with every
edit: the caller rebuilds :class:`AnnotationSearch` when the store changed.

Ranking, per term, takes the best place it was found: a whole tag beats the
start of a tag, which beats the start of a word in the passage, then in the
note, then a match inside a word. A query found as one phrase in the
passage or note earns a bonus; ties go to the most recently modified.
``#word`` looks in tags only (``#us-mil`` finds ``US military``).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.annotations.model import Annotation

Field = Literal["tag", "passage", "note"]

TAG_WHOLE = 8.0
TAG_START = 5.0
TAG_WORD = 4.0
TAG_INSIDE = 3.0
PASSAGE_WORD = 3.0
PASSAGE_INSIDE = 2.0
NOTE_WORD = 2.5
NOTE_INSIDE = 1.5
PHRASE_BONUS = 2.0
DEFAULT_LIMIT = 200
SCORE_CAP = 20_000
_MISSING = 1e9  # pushes a field below zero: the term was not where it must be

_SEP = "\x1f"  # between fields of the folded text; never in a query term
_TAG_SEP = "\x1e"  # between tags


@dataclass(frozen=True, slots=True)
class Term:
    """One word of a query, case-folded; ``tag_only`` for ``#word``.

    ``tag`` is the word as tags are compared (``us-military`` -> ``us military``).
    """

    text: str
    tag_only: bool = False

    @property
    def tag(self) -> str:
        return tag_form(self.text)


def _flat(text: str) -> str:
    """Line breaks and tabs as spaces, so a phrase is found across them."""
    return text.replace("\n", " ").replace("\t", " ") if "\n" in text or "\t" in text else text


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A matching annotation, its score and the field that matched best."""

    annotation: Annotation
    score: float
    field: Field


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The best hits for ``query``, and how many annotations matched in all."""

    query: str
    hits: list[SearchHit]
    matched: int

    def __len__(self) -> int:
        return len(self.hits)


def tag_form(text: str) -> str:
    """Tags compare case-insensitively with ``-`` and spaces alike (``#US-military``)."""
    return " ".join(text.replace("-", " ").split()).casefold()


def parse_query(query: str) -> list[Term]:
    """The terms of ``query``: words, case-folded; ``#word`` only matches tags."""
    terms: list[Term] = []
    for word in query.split():
        if word.startswith("#"):
            text = tag_form(word[1:])
            if text:
                terms.append(Term(text, tag_only=True))
        else:
            text = word.replace(_SEP, "").replace(_TAG_SEP, "").casefold()
            if text:
                terms.append(Term(text))
    return terms


def _word_start(text: str, term: str) -> int:
    """-1: absent; 0: only inside words; 1: at the start of a word somewhere."""
    at = text.find(term)
    if at < 0:
        return -1
    while at >= 0:
        if at == 0 or not text[at - 1].isalnum():
            return 1
        at = text.find(term, at + 1)
    return 0


def _tag_score(tags: Sequence[str], term: str) -> float:
    best = 0.0
    for tag in tags:
        if tag == term:
            return TAG_WHOLE
        if tag.startswith(term):
            best = max(best, TAG_START)
        else:
            found = _word_start(tag, term)
            if found >= 0:
                best = max(best, TAG_WORD if found else TAG_INSIDE)
    return best


_FIELDS: tuple[Field, ...] = ("tag", "passage", "note")
_OPENERS = "\"'“‘«(-[/"
"""Characters after which a word starts, besides a space."""
_TIEBREAK = 0.25
"""Recency is added as a fraction below this: scores step by 0.5, so it only breaks ties."""


def _starts_word(hay: str, term: str, lo: int, hi: int) -> bool:
    """Does ``term`` start a word somewhere in ``hay[lo:hi]`` (which starts with a space)?"""
    if hay.find(" " + term, lo, hi) >= 0:
        return True
    return any(hay.find(ch + term, lo, hi) >= 0 for ch in _OPENERS)


class AnnotationSearch:
    """The library's annotations, folded once, searched many times (per keystroke).

    Each annotation becomes one string, ``tags \x1f passage \x1f note``
    (case-folded, each text field between spaces), plus where its fields
    start. A query step is then ``str.find`` calls with bounds: no slicing,
    no regular expressions (Python's are slow with look-behinds).

    A term found in most of the library (``the``) cannot be ranked usefully
    and would cost a scoring pass over everything: past ``SCORE_CAP``
    matches only the tag matches and the most recently modified are ranked,
    and :attr:`SearchResults.matched` still counts them all.
    """

    def __init__(self, annotations: Iterable[Annotation]) -> None:
        self._anns: list[Annotation] = list(annotations)
        self._tags: list[tuple[str, ...]] = []
        self._hays: list[str] = []
        self._bounds: list[tuple[int, int]] = []  # passage start, note start
        for ann in self._anns:
            tags = tuple(tag_form(t) for t in ann.tags)
            head = _TAG_SEP.join(tags) + _SEP
            passage = f" {_flat(ann.exact.casefold())} "
            note = f" {_flat(ann.note.casefold())} "
            self._tags.append(tags)
            self._hays.append(head + passage + _SEP + note)
            self._bounds.append((len(head), len(head) + len(passage) + 1))
        # Newest first: candidates stay in this order, so a cap keeps the newest.
        self._order = sorted(
            range(len(self._anns)), key=lambda i: self._anns[i].modified, reverse=True
        )
        self._recency = [0.0] * len(self._order)
        for rank, index in enumerate(self._order):
            self._recency[index] = _TIEBREAK * (1 - rank / max(1, len(self._order)))

    def __len__(self) -> int:
        return len(self._anns)

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """The best ``limit`` annotations for ``query`` (every term must match)."""
        terms = parse_query(query)
        if not terms or limit <= 0:
            return SearchResults(query, [], 0)
        hays = self._hays
        cands: list[int] = self._order
        for term in sorted(terms, key=lambda t: -len(t.text)):  # longest: fewest hits first
            text = term.tag if term.tag_only else term.text
            tag = term.tag or text  # a word of punctuation alone has no tag form
            if text == tag:
                cands = [i for i in cands if text in hays[i]]
            else:
                cands = [i for i in cands if text in hays[i] or tag in hays[i]]
        capped = len(cands) > SCORE_CAP
        matched = len(cands)
        if capped:
            bounds = self._bounds
            tagged = [
                i for i in cands[SCORE_CAP:]
                if any(t.tag and hays[i].find(t.tag, 0, bounds[i][0]) >= 0 for t in terms)
            ]
            cands = cands[:SCORE_CAP] + tagged
        fields = {i: [0.0, 0.0, 0.0] for i in cands}
        for term in terms:
            self._score_term(term, fields)
        words = [t.text for t in terms if not t.tag_only]
        if len(words) > 1:
            phrase = " ".join(words)
            bounds = self._bounds
            for i, scores in fields.items():
                if hays[i].find(phrase, bounds[i][0]) >= 0:
                    scores[1] += PHRASE_BONUS
        recency = self._recency
        totals = {i: sum(f) + recency[i] for i, f in fields.items() if min(f) >= 0}
        best = heapq.nlargest(limit, totals, key=totals.__getitem__)
        hits = [
            SearchHit(self._anns[i], sum(fields[i]), _FIELDS[fields[i].index(max(fields[i]))])
            for i in best
        ]
        return SearchResults(query, hits, matched if capped else len(totals))

    def _score_term(self, term: Term, fields: dict[int, list[float]]) -> None:
        """Add ``term``'s best place to each candidate's field (a large minus: none)."""
        tag, hays, bounds, tags = term.tag, self._hays, self._bounds, self._tags
        tag_scores = {
            i: _tag_score(tags[i], tag)
            for i in fields
            if tag and hays[i].find(tag, 0, bounds[i][0]) >= 0
        }
        if term.tag_only:
            for i, scores in fields.items():
                scores[0] += tag_scores.get(i) or -_MISSING
            return
        text = term.text
        for i, scores in fields.items():
            hay = hays[i]
            passage, note = bounds[i]
            best, field = tag_scores.get(i, 0.0), 0
            if best < PASSAGE_WORD and hay.find(text, passage, note) >= 0:
                score = PASSAGE_WORD if _starts_word(hay, text, passage, note) else PASSAGE_INSIDE
                if score > best:
                    best, field = score, 1
            if best < NOTE_WORD and hay.find(text, note) >= 0:
                score = NOTE_WORD if _starts_word(hay, text, note, len(hay)) else NOTE_INSIDE
                if score > best:
                    best, field = score, 2
            scores[field] += best or -_MISSING


def search(
    annotations: Iterable[Annotation], query: str, *, limit: int = DEFAULT_LIMIT
) -> SearchResults:
    """One-off search (build :class:`AnnotationSearch` to search repeatedly)."""
    return AnnotationSearch(annotations).search(query, limit=limit)


def excerpt(text: str, query: str, width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line, cut to ``width`` around the first match of ``query``,
    and the spans of the query's words in what is shown (to highlight them)."""
    flat = " ".join(text.split())
    folded = flat.casefold()
    words = [t.text for t in parse_query(query) if not t.tag_only]
    if len(folded) != len(flat):  # a case mapping that changes length: no spans
        words, folded = [], flat
    first = min((at for w in words if (at := folded.find(w)) >= 0), default=0)
    start, end = 0, len(flat)
    if len(flat) > width:
        start = max(0, min(first - width // 4, len(flat) - width))
        end = start + width
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    lo, hi = start + len(lead), end - len(tail)
    shown = lead + flat[lo:hi] + tail
    spans = [
        (m.start() + len(lead), m.end() + len(lead))
        for word in words
        for m in re.finditer(re.escape(word), folded[lo:hi])
    ]
    return shown, sorted(spans)
