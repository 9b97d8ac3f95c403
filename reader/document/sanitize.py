"""Make untrusted text safe to show in a terminal.

An article is text from anywhere; printed raw, an escape sequence in it can
retitle the window, clear the screen, plant a hyperlink or (through bidi
overrides) make the words on screen differ from the words in the file. So
before any offset is computed, whole control sequences are removed (not
just their ESC byte, which would leave ``[2J`` litter), then every lone
control character. What remains is the article's text.

Decisions:
- CR and CRLF become LF (a lone CR would move the cursor to the line start);
- TAB becomes four spaces (terminals expand it to a column we don't track);
- bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
  are removed, and so are the invisible direction marks LRM, RLM and ALM
  (U+200E, U+200F, U+061C): terminals do not lay text out by direction, so
  the marks only make search and selection miss words that look identical;
- an OSC/DCS/APC/PM/SOS string with no terminator is removed up to the end
  of its line, never further, so one stray byte cannot swallow the article.

Speed: compiled regexes that the engine can scan for at C speed (10 MB in
well under half a second); ``str.translate`` is avoided because it is slow
on non-ASCII text. Most articles hold no control at all, so a long text is
first checked as UTF-8 bytes: ``bytes.translate`` finds the C0 controls and
DEL in milliseconds, and the controls above U+007F are a few multi-byte
sequences that a bytes regex scans for faster than a character class.
"""

from __future__ import annotations

import re

# The body of a string sequence (OSC, DCS, SOS, PM, APC), ended by BEL or ST
# (ESC \ or U+009C); without an ending it stops at the end of the line.
_STRING_BODY = r"[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
_CSI_BODY = r"[0-?]*[ -/]*[@-~]?"  # parameters, intermediates, one final byte
# Every alternative starts with a literal character, so the regex engine scans
# for those few characters at C speed instead of trying each alternative.
_SEQUENCES = re.compile(
    rf"\x1b(?:[\]PX^_]{_STRING_BODY}|\[{_CSI_BODY}|[ -/]*[0-~]?)"
    rf"|\x9b{_CSI_BODY}"
    + "".join(f"|{c}{_STRING_BODY}" for c in ("\x90", "\x98", "\x9d", "\x9e", "\x9f"))
)
# Lone controls: C0 but LF/TAB/CR (handled apart), DEL, C1, bidi controls and marks.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+"
)

TAB_WIDTH = 4
_LONG_TEXT = 1 << 16  # shorter texts: the character-class regex is as fast
# Bytes that are not controls: LF (and TAB/CR, handled apart), printable ASCII, all of UTF-8's
# multi-byte sequences; what ``translate`` leaves are the C0 controls and DEL.
_PLAIN_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])
# The UTF-8 of the controls above U+007F in ``_CONTROLS``: C1, ALM, LRM/RLM, bidi
# embeddings/overrides, isolates. Each starts with a lead byte, so a match is a whole character.
_HIGH_CONTROLS = re.compile(
    rb"\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def _has_controls(text: str) -> bool:
    """Whether ``_CONTROLS`` occurs in ``text`` (fast for long texts, which rarely hold any)."""
    if len(text) < _LONG_TEXT:
        return _CONTROLS.search(text) is not None
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _PLAIN_BYTES):
        return True
    return not text.isascii() and _HIGH_CONTROLS.search(data) is not None


def sanitize(text: str) -> str:
    """Return ``text`` without terminal control sequences or control characters.

    LF is the only line break in the result, TABs are spaces; everything
    printable (including any non-Latin script) is kept as is.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.replace("\t", " " * TAB_WIDTH)
    if not _has_controls(text):
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def is_clean(text: str) -> bool:
    """True if :func:`sanitize` would leave ``text`` unchanged.

    A short text that is printable but for its line breaks is clean: every
    control removed is of category Cc or Cf, which ``isprintable`` refuses,
    and this C-speed check is several times faster than the regex.
    """
    if len(text) < _LONG_TEXT and text.replace("\n", " ").isprintable():
        return True
    return "\r" not in text and "\t" not in text and not _has_controls(text)
