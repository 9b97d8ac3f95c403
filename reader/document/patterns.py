"""What single lines of news copy look like: subheads, captions, pointers, bylines.

These are the line-level tests of the plain-text parser, kept apart so each
can be read and tested on its own. All of them take one stripped paragraph.
"""

from __future__ import annotations

import re
from typing import Literal

from reader.document.words import wordset

HEADING_MAX_WORDS = 15
HEADING_MAX_CHARS = 160
BYLINE_MAX_WORDS = 20

# Words a Title Case headline may leave lowercase.
SMALL_WORDS = wordset(
    """a an the and but or nor for so yet of in on at to by up as is are was be
    from into onto over under with without than per via vs amid after before
    about against between near off out down its de da del der la le van von al"""
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CAPTION = re.compile(
    r"(?:\(\s*)?(?:(?:top|main|lead|header|featured|cover|above|below)\s+)?"
    r"(?:photo(?:graph)?s?|images?|pictures?|pics?|video|graphic|illustration|caption|map|chart)"
    r"(?:\s+(?:credit|caption))?\s*(?::|\b(?:by|courtesy|credit)\b)",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"(?:related(?:\s+(?:stories|story|articles?|coverage|reading|content|links?))?"
    r"|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?"
    r"|further\s+reading|recommended(?:\s+reading)?|you\s+may\s+also\s+like)\s*[:—–|]",
    re.IGNORECASE,
)
# "Syria Daily, May 31: ..." / "Syria Daily, 31 May 2017: ...": a dated pointer.
_DATED = re.compile(
    r"[A-Z][\w'’.&-]*(?:\s+[A-Z0-9][\w'’.&-]*){0,5},\s+"
    rf"(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?\s*:\s*\S"
)
_BYLINE = re.compile(
    r"(?:(?:written|reported|words|story|text|analysis)\s+)?by\s+(\S.*)", re.IGNORECASE
)
_BYLINE_SEPARATORS = re.compile(r"\s*[,|•·–—(/]\s*|\s+-\s+")
_STRIP = "\"'“”‘’«»()[]{}.,:;!?*_—–-…"
_CLOSERS = "\"'”’»)]}*_"
_ENDING_PUNCT = ".!?:;,…"


_ASIDE = re.compile(f"(?P<caption>{_CAPTION.pattern})|(?P<related>{_RELATED.pattern})", re.I)
_ASIDE_PREFIX_CHARS = 80  # the keyword is at the start: never scan a long paragraph


def aside_kind(text: str, start: int, end: int) -> Literal["caption", "related"] | None:
    """``caption`` or ``related`` if ``text[start:end]`` opens like one, else None."""
    match = _ASIDE.match(text, start, min(end, start + _ASIDE_PREFIX_CHARS))
    if match is None:
        return None
    return "caption" if match.lastgroup == "caption" else "related"


def is_caption(chunk: str) -> bool:
    """``TOP PHOTO: ...``, ``Photo: ...``, ``Image by ...``, ``(Photo: ...)``."""
    return _CAPTION.match(chunk) is not None


def is_related(chunk: str) -> bool:
    """``Related: ...``, ``Read more: ...``, ``See also: ...``."""
    return _RELATED.match(chunk) is not None


def is_dated_reference(line: str) -> bool:
    """A ``Name, Month Day: Title`` line pointing to another dated piece.

    Its tail is a headline, so it does not end like a sentence; that keeps a
    dateline opening a body paragraph (``WASHINGTON, May 31: The ...``) out.
    """
    if _DATED.match(line) is None or line.endswith("."):
        return False
    return len(line.split()) <= HEADING_MAX_WORDS + 10


def is_byline(line: str) -> bool:
    """``By Jane Doe``, ``By JANE DOE | Reuters``, ``Written by A and B``.

    The words after *by* up to a separator must be names (capitalised); one
    name alone counts only on a short line that does not end as a sentence,
    so ``By Tuesday, the army had left.`` stays body text.
    """
    match = _BYLINE.match(line)
    words = line.split()
    if match is None or len(words) > BYLINE_MAX_WORDS:
        return False
    names = _BYLINE_SEPARATORS.split(match.group(1), maxsplit=1)[0].split()
    capitals, lowers = _case_counts(names)
    if capitals == 0 or lowers > 0 or len(names) > 6:
        return False
    return capitals >= 2 or (len(words) <= 8 and not line.endswith((".", "!", "?")))


def looks_like_heading(line: str) -> bool:
    """Short, not ending as a sentence or a lead-in, mostly capitalised words."""
    if not line or len(line) > HEADING_MAX_CHARS or line[0].islower() or _BYLINE.match(line):
        return False
    tail = line.rstrip(_CLOSERS)
    if not tail or tail[-1] in _ENDING_PUNCT:
        return False
    words = line.split()
    if len(words) > HEADING_MAX_WORDS:
        return False
    capitals, lowers = _case_counts(words)
    if capitals == 0:
        return False
    return lowers == 0 or (capitals >= 5 and lowers * 5 <= capitals)


def _case_counts(words: list[str]) -> tuple[int, int]:
    """``(capitalised, lowercase)`` counts, small words and numbers ignored."""
    capitals = lowers = 0
    for word in words:
        core = word.strip(_STRIP)
        letters = next((c for c in core if c.isalpha()), "")
        if not letters or core[0].isdigit() or core.lower() in SMALL_WORDS:
            continue
        if letters.isupper() or _capitalised_part(core):
            capitals += 1
        else:
            lowers += 1
    return capitals, lowers


def _capitalised_part(word: str) -> bool:
    """``pro-Assad`` and ``al-Lataminah`` count as capitalised names."""
    return "-" in word and any(p[:1].isupper() for p in word.split("-")[1:])
