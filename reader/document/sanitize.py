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

Speed: one compiled regex scan; ``str.translate`` is avoided because it is
slow on non-ASCII text (10 MB must take well under half a second).
"""

from __future__ import annotations

import re

# String sequences: OSC (ESC ]), DCS (ESC P), SOS (ESC X), PM (ESC ^), APC (ESC _),
# or their 8-bit C1 forms; terminated by BEL or ST (ESC \ or U+009C).
_STRING_SEQ = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
# CSI (ESC [ or U+009B): parameters, intermediates, one final byte.
_CSI_SEQ = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
# Other escape sequences: ESC, intermediates, a final byte (ESC 7, ESC ( B, ESC c ...).
_ESC_SEQ = r"\x1b[ -/]*[0-~]?"
# Lone controls: C0 but LF/TAB/CR (handled apart), DEL, C1, bidi controls and marks.
_CONTROLS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"

_UNSAFE = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}|{_CONTROLS}+")

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
    return _UNSAFE.sub("", text)


def is_clean(text: str) -> bool:
    """True if :func:`sanitize` would leave ``text`` unchanged."""
    return "\r" not in text and "\t" not in text and _UNSAFE.search(text) is None
