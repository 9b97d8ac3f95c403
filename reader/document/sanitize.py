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
on non-ASCII text.
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


def sanitize(text: str) -> str:
    """Return ``text`` without terminal control sequences or control characters.

    LF is the only line break in the result, TABs are spaces; everything
    printable (including any non-Latin script) is kept as is.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.replace("\t", " " * TAB_WIDTH)
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def is_clean(text: str) -> bool:
    """True if :func:`sanitize` would leave ``text`` unchanged."""
    return "\r" not in text and "\t" not in text and _CONTROLS.search(text) is None
