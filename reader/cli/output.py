"""What the command line prints: one safe line on stderr, text or JSON on stdout.

Everything printed may hold text from articles, imports or feeds, so it goes
through :func:`terminal_safe` first.
"""

from __future__ import annotations

import re
import sys

# Characters that act on a terminal even inside a JSON string: DEL, C1
# controls (U+009B is an 8-bit CSI), bidi controls and marks (they reorder
# what is shown), and the separators line readers break on. orjson already
# escapes C0 controls.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def terminal_safe(text: str, *, json: bool = False) -> str:
    """``text`` that cannot act on the terminal it is printed to.

    Article text is sanitised when read, but notes, tags, ids and uris come
    from import files and the store, which hold what they were given. JSON
    keeps every character, written as a ``\\u`` escape; other output drops
    control sequences as the article reader does.
    """
    if json:
        return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    from reader.document.sanitize import sanitize

    return sanitize(text)


def emit(text: str, *, json: bool = False) -> None:
    text = terminal_safe(text, json=json)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def say(line: str) -> None:
    """One line on stderr, made safe like everything else printed."""
    print(terminal_safe(line), file=sys.stderr)


def json_text(data: object) -> str:
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
