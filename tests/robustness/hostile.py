"""Hostile article content, and the check that none of it reaches a terminal.

An article is text from anywhere, and so is an annotation file. Each payload
here is something that, printed raw, would act on the terminal (retitle the
window, clear the screen, recolour, move the cursor, reorder what is shown)
or on Rich/Textual (markup, actions), or stress the parsers (invalid UTF-8,
one enormous line, wide and combining characters).
"""

from __future__ import annotations

import re

# Terminal payloads: whole sequences a careless program would pass through.
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_TITLE_ST = "\x1b]2;pwned-st\x1b\\"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
COLOURS = "\x1b[31;1mred\x1b[0m"
C1_CSI = "\x9b31mc1-red\x9b0m"
C1_OSC = "\x9d0;pwned-c1\x9c"
DCS = "\x1bP1$rpwned-dcs\x1b\\"
C0 = "bell\x07back\x08space\x0bvt\x0cff\x1fus\x7fdel"
BIDI = "\u202eevil\u202c \u2066iso\u2069 \u200fmark"
MARKUP = "[bold]bold markup[/] [@click=app.quit]click me[/] [link=http://x]l[/link]"
ZERO_WIDTH = "zero\u200bwidth\u200cjoin\u200dner\u2060word\ufeffbom"
COMBINING = "e\u0301 a\u0308\u0308\u0308 Z\u0351\u0352\u0357\u035b\u0363\u0364"
CJK_EMOJI = "東京で会議 한국어 中文 👩‍👩‍👧‍👦 🇸🇾 🏳️‍🌈 😀"

TERMINAL_PAYLOADS: tuple[str, ...] = (
    OSC_TITLE, OSC_TITLE_ST, OSC_LINK, CLEAR, COLOURS, C1_CSI, C1_OSC, DCS, C0, BIDI,
)
TEXT_PAYLOADS: tuple[str, ...] = (MARKUP, ZERO_WIDTH, COMBINING, CJK_EMOJI)
ALL_PAYLOADS = TERMINAL_PAYLOADS + TEXT_PAYLOADS
# Words that only exist inside control strings: seeing one means a payload leaked.
LEAK_WORDS = ("pwned", "evil.example")
INVALID_UTF8 = b"caf\xc3 \xff\xfe bad \xed\xa0\x80 surrogate \xc0\xaf overlong"
LONG_LINE_CHARS = 100_000


def hostile_article(*, long_line: bool = True) -> bytes:
    """A plain-text article carrying every payload, as the bytes of a file.

    Mostly valid UTF-8 (so it is read as UTF-8 with a few bytes replaced),
    with a title, section headings and quotable body paragraphs around the
    payloads so that the parsers have real structure to find.
    """
    parts = [
        f"Hostile Article {OSC_TITLE}Title {MARKUP}",
        "",
        "By A. Tester",
        "",
        "The first paragraph is ordinary, so that annotations have a clean passage. "
        "It has two sentences.",
        "",
    ]
    for n, payload in enumerate(ALL_PAYLOADS):
        if n % 4 == 0:
            parts += [f"Payload Section Number {n // 4 + 1}", ""]
        parts += [f"Paragraph {n} begins {payload} and ends here.", ""]
    parts += ["Markup At Line Start", "", "[bold]", "", "[/]", "", "\x1b[2J", ""]
    text = "\n".join(parts).encode("utf-8")
    text += b"Some text with invalid bytes: " + INVALID_UTF8 + " and valid “quotes” é.\n\n".encode()
    if long_line:
        unit = "word 東京 👩‍👩‍👧 \x1b[31m "
        line = (unit * (LONG_LINE_CHARS // len(unit) + 1))[:LONG_LINE_CHARS]
        text += line.encode("utf-8") + b"\n\n"
    text += b"The Last Section\n\nThe closing paragraph quotes the end.\n"
    return text


# What the output of a command may contain: any printable text, LF and TAB.
# Forbidden: C0 controls but LF/TAB (ESC among them), DEL, C1 controls, and
# bidi overrides/isolates, which reorder what the terminal shows.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def forbidden_in(data: bytes, *, escaped: bool = False) -> list[str]:
    """The forbidden characters in a program's output, as readable escapes.

    The output must also be valid UTF-8: a stray byte 0x9B on its own is an
    8-bit CSI for a terminal that is not in UTF-8 mode. Words carried inside
    control strings must be gone too, unless the output is ``escaped`` (JSON
    keeps them, inert, after a ``\\u001b``).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"invalid UTF-8 at byte {exc.start}: {data[exc.start : exc.start + 4]!r}"]
    found = [f"U+{ord(m.group()):04X}@{m.start()}" for m in _FORBIDDEN.finditer(text)]
    if not escaped:
        found += [f"leaked {word!r}" for word in LEAK_WORDS if word in text]
    return found
