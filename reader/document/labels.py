"""Short sidebar labels: the term that sets each section apart from the others.

A section title is often a full sentence (``US military: “We are prepared
for any threat ...”``), too long for a sidebar. The label is one name-like
term (``Tanf``, ``Russia``, ``Lataminah``) chosen TF-IDF style, sections
being the documents:

- candidates are capitalised words: those of the section title, and those of
  the body that never occur in lowercase in the article (proper nouns), minus
  a list of common words; a word opening a sentence counts only if it is
  also capitalised mid-sentence somewhere (``Polls suggest`` is no name);
- a term scores its count in the section times the log of how much more
  often (per word) it is used here than in the rest of the article, so a
  name found all through the article (``US``) scores little or nothing;
- a title word that the body repeats scores three times as much (the title
  says what the section is about, the repetition that it is not a figure of
  speech); acronyms score a little less than names (``FSA`` < ``Tanf``),
  being more often actors mentioned in passing;
- captions, pointers to other pieces and bylines are not the section's
  content and are left out.

A title of one or two words is its own label. Labels are distinct and at
most 24 characters; the fallback is the title, shortened. Only the first
part of a very long section is read, so labelling costs the same for a
10 MB article as for a 100 KB one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.document.model import Block
from reader.document.words import wordset

MAX_LABEL_CHARS = 24
SHORT_TITLE_WORDS = 2
TITLE_BONUS = 3.0
ACRONYM_FACTOR = 0.7
_SMOOTHING = 0.5
_TRIED_TERMS = 5  # past the fifth best term, a shortened title says more
SECTION_SAMPLE_CHARS = 8_000
TOTAL_SAMPLE_CHARS = 120_000
_SKIPPED_KINDS = frozenset({"caption", "related", "byline", "heading"})

# Words, hyphenated ones whole; an apostrophe joins letters (O’Brien, doesn’t)
# except a possessive ’s, left out so that "Russia’s" counts as "Russia".
_PART = r"\w+(?:['’](?!s\b)\w+)*"
_TOKEN = re.compile(rf"(?<!['’\w])(?=[^\W\d_]){_PART}(?:-{_PART})*")
STOPWORDS = wordset(
    """a an the and but or nor for so yet of in on at to by up as is are was were be
    been being from into onto over under with without than per via vs amid after
    before about against between near off out down it its he she we they i you his
    her our their my your this that these those there here who what when where why
    how which while however meanwhile also still then now yet not no yes all some
    many most more much each every both one two three four five six seven eight nine
    ten first second third last next new old other another such said says say
    according despite although though because since until if only even just very
    can could will would should might must shall do does did has have had get got
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday today
    yesterday tomorrow january february march april may june july august september
    october november december report update news photo related read more see"""
)


@dataclass(slots=True)
class _Section:
    """The words of one section that labelling looks at."""

    head: list[str]  # candidate terms of the title
    body: list[str]  # candidate terms of the body, sentence openers left out
    openers: list[str]  # candidate terms that open a sentence (names or not)
    size: int  # words in title and body
    uses: Counter[str] = field(default_factory=Counter)  # capitalised uses, by key


def section_labels(
    text: str,
    blocks: Sequence[Block],
    ranges: Sequence[tuple[int, int]],
    titles: Sequence[str],
) -> list[str]:
    """One label per section; ``ranges`` are ``(first_block, last_block)``."""
    budget = min(SECTION_SAMPLE_CHARS, TOTAL_SAMPLE_CHARS // max(len(ranges), 1))
    lowercase: set[str] = set()
    sections = [
        _read(text, blocks, first, last, title, budget, lowercase)
        for (first, last), title in zip(ranges, titles, strict=True)
    ]
    # A sentence opener counts only if the word is capitalised mid-sentence somewhere.
    names = {t.lower() for section in sections for t in section.body}
    total_uses: Counter[str] = Counter()
    for section in sections:
        section.body.extend(t for t in section.openers if t.lower() in names)
        section.uses.update(t.lower() for t in section.head + section.body)
        total_uses.update(section.uses)
    total_size = sum(section.size for section in sections)

    labels: list[str] = []
    used: dict[str, int] = {}
    for section, title in zip(sections, titles, strict=True):
        rest_size = total_size - section.size

        def keyness(key: str, here: _Section = section, rest_size: int = rest_size) -> float:
            """Uses here, weighted by how much likelier the term is here than elsewhere."""
            count = here.uses[key]
            if rest_size == 0:
                return float(count)
            elsewhere = total_uses[key] - count
            ratio = ((count + _SMOOTHING) / max(here.size, 1)) / (
                (elsewhere + _SMOOTHING) / rest_size
            )
            return count * math.log(ratio) if ratio > 1 else 0.0

        if len(title.split()) <= SHORT_TITLE_WORDS and len(title) <= MAX_LABEL_CHARS:
            labels.append(_unique(title, used))  # "Roads" says it best
            continue
        ranked = _ranked(section, lowercase, keyness)
        tried = ranked[:_TRIED_TERMS]
        label = next((term for term in tried if _shorten(term).lower() not in used), "")
        label = _shorten(label) if label else _shorten(title) or "Section"
        labels.append(_unique(label, used))
    return labels


def _read(
    text: str,
    blocks: Sequence[Block],
    first: int,
    last: int,
    title: str,
    budget: int,
    lowercase: set[str],
) -> _Section:
    """Tokenise a section's title and the start of its body (up to ``budget`` chars)."""
    head_tokens = _tokens(title)
    section = _Section(head=_candidates(head_tokens), body=[], openers=[], size=len(head_tokens))
    lowercase.update(_lowercase_words(head_tokens))
    read = 0
    for block in blocks[first : last + 1]:
        if block.kind in _SKIPPED_KINDS:
            continue
        for start, end in block.sentences or ((block.start, block.end),):
            tokens = _tokens(text[start : min(end, start + budget - read)])
            read += end - start
            if not tokens:
                continue
            section.size += len(tokens)
            lowercase.update(_lowercase_words(tokens))
            section.openers.extend(_candidates(tokens[:1]))
            section.body.extend(_candidates(tokens[1:]))
            if read >= budget:
                return section
    return section


def _ranked(
    section: _Section, lowercase: set[str], keyness: Callable[[str], float]
) -> list[str]:
    """Candidate terms of one section, best first (ties: title first, then first seen)."""
    scores: dict[str, float] = {}
    surface: dict[str, str] = {}
    for term in section.head:
        key = term.lower()
        if key not in scores:
            echoed = section.uses[key] > 1
            scores[key] = keyness(key) * (TITLE_BONUS if echoed else 1.0) * _shape(term)
            surface[key] = term
    for term in section.body:
        key = term.lower()
        if key not in surface and key not in lowercase:
            surface[key] = term
            scores[key] = keyness(key) * _shape(term)
    order = {key: i for i, key in enumerate(surface)}
    ranked = sorted(scores, key=lambda k: (-scores[k], order[k]))
    return [surface[key] for key in ranked if scores[key] > 0]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _candidates(tokens: list[str]) -> list[str]:
    """Capitalised terms: whole when every part is (``De-Escalation``), else the parts."""
    terms = []
    for token in tokens:
        if "-" not in token:
            if token[0].isupper() and len(token) > 1 and token.lower() not in STOPWORDS:
                terms.append(token)
            continue
        parts = [p for p in token.split("-") if p]
        if all(p[0].isupper() for p in parts):
            parts = [token]
        terms.extend(
            p for p in parts if p[0].isupper() and len(p) > 1 and p.lower() not in STOPWORDS
        )
    return terms


def _lowercase_words(tokens: list[str]) -> list[str]:
    """Words used in lowercase: tokens, and parts of hyphenated ones (``de-escalation``)."""
    words = [t.lower() for t in tokens if t[0].islower()]
    for token in tokens:
        if "-" in token:
            words.extend(p for p in token.split("-") if p and p[0].islower())
    return words


def _shape(term: str) -> float:
    return ACRONYM_FACTOR if term.isupper() and len(term) <= 5 else 1.0


def _shorten(label: str) -> str:
    label = " ".join(label.split())
    if len(label) <= MAX_LABEL_CHARS:
        return label
    cut = label.rfind(" ", 0, MAX_LABEL_CHARS - 1)
    cut = cut if cut >= MAX_LABEL_CHARS // 2 else MAX_LABEL_CHARS - 1
    return label[:cut].rstrip(" ,:;-–—") + "…"


def _unique(label: str, used: dict[str, int]) -> str:
    """``label``, or ``label 2``, ``label 3`` ... if taken; ``used`` counts by key."""
    key = label.lower()
    if key not in used:
        used[key] = 1
        return label
    while True:
        used[key] += 1
        suffix = f" {used[key]}"
        candidate = _shorten(label)[: MAX_LABEL_CHARS - len(suffix)] + suffix
        if candidate.lower() not in used:
            used[candidate.lower()] = 1
            return candidate
