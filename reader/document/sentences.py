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

# Terminal punctuation, closing quotes/brackets kept with it, then whitespace.
_CANDIDATE = re.compile(r"[.!?…‽]+[\"'”’»)\]]*(?=\s)")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[]*(\w+)")
_SPACE = re.compile(r"\s+")
_LOOKBEHIND = 24
_OPENING = "\"'“‘«([{-—–"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as absolute ``(start, end)`` spans.

    The spans are in order, do not overlap, carry no surrounding whitespace,
    and together cover every non-space character of the range.
    """
    if end is None:
        end = len(text)
    spans: list[tuple[int, int]] = []
    sent_start = _skip_space(text, start, end)
    if sent_start >= end:
        return spans
    for match in _CANDIDATE.finditer(text, sent_start, end):
        cut = match.end()
        if cut >= end or not _is_boundary(text, match.start(), match.group(), cut, end):
            continue
        spans.append((sent_start, cut))
        sent_start = _skip_space(text, cut, end)
    last = _rstrip_end(text, sent_start, end)
    if last > sent_start:
        spans.append((sent_start, last))
    return spans


def _is_boundary(text: str, punct_at: int, punct: str, cut: int, end: int) -> bool:
    following = _NEXT_WORD.match(text, cut, end)
    if following is None:
        return True  # only symbols follow: treat as a new sentence
    next_word = following.group(1)
    if next_word[0].islower():
        return False
    if not punct.startswith("."):
        return True  # ! ? … end a sentence before a capital or a digit
    word = _word_before(text, punct_at)
    if not word:
        return True
    if word in _TITLES:
        return False
    if word in _MAYBE_END or _is_initial(word):
        return next_word.lower() in _OPENERS
    return True


def _word_before(text: str, pos: int) -> str:
    """The lowercased word that ends at ``pos`` (``u.s`` for ``U.S.``), sans quotes."""
    lo = max(0, pos - _LOOKBEHIND)
    space = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), lo - 1)
    return text[space + 1 : pos].lstrip(_OPENING).lower()


def _is_initial(word: str) -> bool:
    """A single letter (``J``), or dotted letters (``J.K``) before the final dot."""
    parts = word.split(".")
    return all(len(p) == 1 and p.isalpha() for p in parts)


def _skip_space(text: str, pos: int, end: int) -> int:
    match = _SPACE.match(text, pos, end)
    return match.end() if match else pos


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
