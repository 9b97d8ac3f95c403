"""Split a block's text into sentences with a regex and an abbreviation list.

The reader moves its cursor by sentence, so every paragraph of every article
is split when it is opened; a 10 MB article must split in a fraction of a
second. A regex finds candidate ends (``.``, ``!``, ``?``, ``…`` with any
closing quotes or brackets, then whitespace); a few cheap checks on the word
before and after reject the false ones:

- the next word starts lowercase (``D.C. on``, ``“Who?” he asked``): no end;
- the word before is a title that always precedes a name (``Col.``, ``Mr.``,
  ``e.g.``, ``No.``): no end;
- the word before is an abbreviation that may also close a sentence
  (``U.S.``, ``Jan.``, ``etc.``, an initial ``J.``): an end only if the next
  word is a common sentence opener (``He``, ``The``, ``But`` ...), so
  ``The U.S. Army`` and ``J. K. Rowling`` stay whole while ``in the U.S. He``
  splits;
- a decimal (``2.5``) is never a candidate, having no space after the dot.

Spans are absolute offsets into the article text, whitespace excluded.
"""

from __future__ import annotations

import re

from reader.document.words import wordset

# A title before a name: never the end of a sentence.
_TITLES = wordset(
    """mr mrs ms mx dr prof col gen lt sgt capt cpl maj adm cmdr gov sen rep rev
    hon pres supt insp det fr messrs e.g i.e cf viz"""
)
# Abbreviations that also end sentences; they split only before an opener.
_MAYBE_END = wordset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs
    fri sat sun u.s u.k u.n u.s.a d.c e.u a.m p.m etc jr sr st ave blvd rd mt ft inc
    ltd co corp bros dept al ph.d m.d b.a m.a no nos vs v approx fig figs vol pp"""
)
# Words that commonly open a sentence; used after an ambiguous abbreviation.
_OPENERS = wordset(
    """a an the this that these those he she it we they i you his her its our their
    my your there here but and or so yet however meanwhile still then now when while
    if as after before since in on at for by with from to of not no some many most
    all both each one two three what who why how where"""
)

# Terminal punctuation with closing quotes/brackets (group 1), whitespace, then
# the next sentence's start (group 2) and the first letter or digit of its
# first word (group 3, empty if a symbol such as a dash comes first).
# It starts with a plain character class, which the regex engine scans for fast.
_CANDIDATE = re.compile(r"([.!?…‽][.!?…‽]*[\"'”’»)\]]*)\s+()[\"'“‘«(\[]*(\w?)")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_LOOKBEHIND = 24
_LONGEST_ABBREVIATION = 6
_OPENING = "\"'“‘«([{-—–"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute ``(start, end)`` spans.

    The spans are in order, do not overlap, carry no surrounding whitespace,
    and together cover every non-space character of the range.
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    space = _SPACE.match(text, start, end)
    sent_start = space.end() if space else start
    dot_ends = _dot_ends
    for match in _CANDIDATE.finditer(text, sent_start, end):
        first = match[3]
        if first.islower():  # "D.C. on", "“Who?” he asked": the sentence goes on
            continue
        stop = match.end(1)
        if first and text[match.start(1)] == "." and not dot_ends(
            text, match.start(1), match.start(3)
        ):
            continue
        spans.append((sent_start, stop))
        sent_start = match.start(2)
    last = end
    while last > sent_start and text[last - 1].isspace():
        last -= 1
    if last > sent_start:
        spans.append((sent_start, last))
    return spans


def _dot_ends(text: str, dot: int, next_word_at: int) -> bool:
    """Whether the full stop at ``dot``, before a capital or digit, ends a sentence."""
    # The word before the dot (``_word_before``), inlined: this runs for
    # nearly every sentence of the article.
    lo = dot - _LOOKBEHIND if dot > _LOOKBEHIND else 0
    space = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), lo - 1)
    if dot - space - 1 > _LONGEST_ABBREVIATION and text[space + 1] not in _OPENING:
        return True  # a long word, not an abbreviation (nothing to strip from its start)
    word = text[space + 1 : dot].lstrip(_OPENING).lower()
    if not word or len(word) > _LONGEST_ABBREVIATION:
        return True
    if word in _TITLES:
        return False
    if word in _MAYBE_END or _is_initial(word):
        following = _WORD.match(text, next_word_at)
        return following is not None and following.group().lower() in _OPENERS
    return True


def _word_before(text: str, pos: int) -> str:
    """The lowercased word that ends at ``pos`` (``u.s`` for ``U.S.``), sans quotes."""
    lo = max(0, pos - _LOOKBEHIND)
    space = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), lo - 1)
    return text[space + 1 : pos].lstrip(_OPENING).lower()


def _is_initial(word: str) -> bool:
    """A single letter (``J``), or dotted letters (``J.K``) before the final dot."""
    if len(word) > 1 and word[1] != ".":
        return False  # the usual case: a short word such as "said"
    parts = word.split(".")
    return all(len(p) == 1 and p.isalpha() for p in parts)
