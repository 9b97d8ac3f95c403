"""Tag entry as text: comma-separated fragments, removals, and ranked completions.

Pure (no Textual) so the rules of the tag prompt can be tested directly. The
prompt's input holds tags *to change*: ``syria, US military`` adds two tags,
``-tanf`` removes one. Tags may contain spaces, so only commas separate them.

Completion ranks the library's tags for the fragment under the cursor in
tiers a user can predict: the tag starts with what was typed, then one of its
words does, then the letters appear in order (``usm`` -> ``US military``),
then a near miss (``tnaf`` -> ``Tanf``, scored by rapidfuzz). Within a tier the
most used tags come first, since those are the likeliest to be meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from reader.annotations.model import normalise_tags

REMOVE = "-"
"""A fragment starting with this removes the tag instead of adding it."""
TYPO_SCORE = 75.0
"""Lowest rapidfuzz ``ratio`` (against the whole tag or one of its words)
accepted as a near miss, for fragments of 4 letters or more."""
TYPO_MIN = 4
_WORD_BREAKS = frozenset(" -_/.:")

MatchKind = Literal["all", "prefix", "word", "letters", "typo"]
_TIER: dict[MatchKind, int] = {"all": 0, "prefix": 0, "word": 1, "letters": 2, "typo": 3}


@dataclass(frozen=True, slots=True)
class Fragment:
    """The comma-separated piece of the input around the cursor.

    ``start``/``end`` bound the whole piece (between its commas); ``text`` is
    the tag typed there, trimmed and without the removal sign.
    """

    start: int
    end: int
    text: str
    remove: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A known tag offered for a fragment; ``positions`` are the matched letters."""

    tag: str
    count: int
    kind: MatchKind
    positions: tuple[int, ...] = ()


def key(tag: str) -> str:
    """How tags compare: case-insensitively, runs of spaces as one."""
    return " ".join(tag.split()).casefold()


def _parse_piece(piece: str) -> tuple[str, bool]:
    text = piece.strip()
    if text.startswith(REMOVE):
        return " ".join(text[len(REMOVE) :].split()), True
    return " ".join(text.split()), False


def fragment_at(value: str, cursor: int) -> Fragment:
    """The fragment of ``value`` that holds ``cursor``."""
    cursor = max(0, min(cursor, len(value)))
    start = value.rfind(",", 0, cursor) + 1
    end = value.find(",", cursor)
    if end < 0:
        end = len(value)
    text, remove = _parse_piece(value[start:end])
    return Fragment(start, end, text, remove)


def parse(value: str) -> tuple[list[str], list[str]]:
    """The tags to add and the tags to remove that ``value`` asks for, in order."""
    adds: list[str] = []
    removes: list[str] = []
    for piece in value.split(","):
        text, remove = _parse_piece(piece)
        if text:
            (removes if remove else adds).append(text)
    return adds, removes


def spelled(tag: str, known: Iterable[tuple[str, int]]) -> str:
    """``tag`` in the library's spelling if the library has it (any case)."""
    wanted = key(tag)
    for name, _count in known:
        if key(name) == wanted:
            return name
    return " ".join(tag.split())


def apply_input(
    current: Sequence[str], value: str, known: Sequence[tuple[str, int]] = ()
) -> tuple[str, ...]:
    """The tags once ``value`` is applied to ``current``: removals, then additions.

    Added tags take the library's spelling when it already has them, so
    ``tanf`` joins the existing ``Tanf`` instead of starting a second tag.
    """
    adds, removes = parse(value)
    gone = {key(tag) for tag in removes}
    kept = [tag for tag in current if key(tag) not in gone]
    return normalise_tags([*kept, *(spelled(tag, known) for tag in adds)])


def complete(value: str, cursor: int, tag: str) -> tuple[str, int]:
    """Replace the fragment under the cursor with ``tag``; returns (value, cursor).

    The removal sign is kept. Completing the last fragment adds ``", "`` so
    the next tag can be typed straight away.
    """
    fragment = fragment_at(value, cursor)
    lead = " " if fragment.start > 0 else ""
    piece = f"{lead}{REMOVE if fragment.remove else ''}{tag}"
    if fragment.end == len(value):
        new = value[: fragment.start] + piece + ", "
        return new, len(new)
    new = value[: fragment.start] + piece + value[fragment.end :]
    return new, fragment.start + len(piece)


def _word_starts(lowered: str) -> list[int]:
    return [i for i, ch in enumerate(lowered) if i == 0 or lowered[i - 1] in _WORD_BREAKS]


def _split_words(lowered: str) -> list[str]:
    words: list[str] = []
    current: list[str] = []
    for ch in lowered:
        if ch in _WORD_BREAKS:
            if current:
                words.append("".join(current))
            current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def _letters(query: str, lowered: str) -> tuple[int, ...] | None:
    """Positions of ``query``'s letters found in order in ``lowered``, else None."""
    positions: list[int] = []
    at = 0
    for ch in query.replace(" ", ""):
        found = lowered.find(ch, at)
        if found < 0:
            return None
        positions.append(found)
        at = found + 1
    return tuple(positions)


def match(query: str, tag: str) -> tuple[MatchKind, tuple[int, ...], float] | None:
    """How ``tag`` matches the (lower-cased, trimmed) ``query``: kind, letters, score."""
    lowered = tag.lower()
    if len(lowered) != len(tag):  # rare case-mapping that changes length: no positions
        lowered = tag
    if not query:
        return "all", (), 0.0
    n = len(query)
    if lowered.startswith(query):
        return "prefix", tuple(range(n)), 100.0
    for start in _word_starts(lowered):
        if lowered.startswith(query, start):
            return "word", tuple(range(start, start + n)), 100.0
    if n >= 2 and (positions := _letters(query, lowered)) is not None:
        spread = positions[-1] - positions[0] + 1
        return "letters", positions, 100.0 * n / spread
    if n >= TYPO_MIN:
        slack = max(1, n // 4)  # a near miss is about as long as what was typed
        words = [lowered, *_split_words(lowered)]
        scores = [fuzz.ratio(query, w) for w in words if abs(len(w) - n) <= slack]
        score = max(scores, default=0.0)
        if score >= TYPO_SCORE:
            return "typo", (), score
    return None


def rank(
    fragment: str,
    known: Sequence[tuple[str, int]],
    *,
    exclude: Iterable[str] = (),
    limit: int = 50,
) -> list[Candidate]:
    """Known tags for ``fragment``, best first, without those in ``exclude``."""
    query = " ".join(fragment.split()).lower()
    skip = {key(tag) for tag in exclude}
    scored: list[tuple[int, float, int, str, Candidate]] = []
    for tag, count in known:
        if key(tag) in skip:
            continue
        found = match(query, tag)
        if found is None:
            continue
        kind, positions, score = found
        candidate = Candidate(tag, count, kind, positions)
        scored.append((_TIER[kind], -count, -round(score), tag.lower(), candidate))
    scored.sort(key=lambda row: row[:4])
    return [row[4] for row in scored[:limit]]


def offered(
    value: str,
    cursor: int,
    current: Sequence[str],
    known: Sequence[tuple[str, int]],
    *,
    limit: int = 50,
) -> list[Candidate]:
    """What to offer under the cursor.

    For an addition: library tags not already on the passage nor typed in
    another fragment. For a removal (``-ta``): the passage's own tags.
    """
    fragment = fragment_at(value, cursor)
    if fragment.remove:
        counts = dict(known)
        own = [(tag, counts.get(tag, 0)) for tag in current]
        return rank(fragment.text, own, limit=limit)
    adds, _removes = parse(value[: fragment.start] + value[fragment.end :])
    return rank(fragment.text, known, exclude=[*current, *adds], limit=limit)
