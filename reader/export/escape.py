"""Escaping text so that Markdown (and YAML front matter) gives it back verbatim.

A passage or a note is plain text; written into a Markdown file it must not
turn into structure (headings, lists, rules, tables, links, raw HTML) and a
CommonMark parser must return exactly the original characters. The escapes
are chosen to keep the file readable: ASCII punctuation is backslash-escaped
only where it could mean something, whitespace a parser would strip at the
edge of a line becomes a numeric character reference (``&#32;``), and newlines
that Markdown cannot express structurally (leading, trailing, or more than
one blank line) become ``&#10;``.

Escaping targets CommonMark plus the common GitHub extensions (``~``
strikethrough, ``|`` tables, ``#hashtags`` in note apps). Text is expected to
be sanitised like the article text: NUL and other control characters except
TAB, LF and CR have no exact Markdown representation.
"""

from __future__ import annotations

import re

# Meaningful anywhere inline: escapes, code, emphasis, links, raw HTML and
# autolinks, tables, strikethrough, hashtags, entity references, CR (which a
# parser turns into a line break).
_SPECIAL = re.compile(r"[\\`*\[<|~#\r]|&(?=#?[0-9A-Za-z]+;)|_+")
# The characters a match of _SPECIAL can start with. Most text holds none of
# them, and one character class finds that out several times faster than
# trying _SPECIAL's alternatives at every position.
_CANDIDATE = re.compile(r"[\\`*\[<|~#\r&_]")
# A line escape_line returns as it is: no candidate above anywhere, nothing a
# line may not start with (whitespace, a block marker, a digit that could
# number a list), no whitespace at the end. Most passages are such lines.
_PLAIN_LINE = re.compile(r"[^-+=>\s0-9\\`*\[<|~#\r&_][^\\`*\[<|~#\r&_]*(?<!\s)")
# Block markers that matter only at the start of a line: blockquote, bullet
# lists, thematic breaks / setext underlines, ordered lists.
_LINE_START = frozenset("-+=>")
_ORDERED = re.compile(r"([0-9]+)([.)])")


NEWLINE_REF = "&#10;"


def char_ref(ch: str) -> str:
    """A numeric character reference: survives where the raw character would not."""
    return f"&#{ord(ch)};"


def _escape_match(m: re.Match[str]) -> str:
    s = m.group()
    if s == "\r":
        return "&#13;"
    if s[0] == "_":
        # A run of underscores between two letters/digits can neither open
        # nor close emphasis; leaving it bare keeps snake_case readable.
        text, i, j = m.string, m.start(), m.end()
        if i > 0 and j < len(text) and text[i - 1].isalnum() and text[j].isalnum():
            return s
        return "\\_" * len(s)
    return "\\" + s


def escape_inline(text: str) -> str:
    """Escape characters with inline meaning; for text not at a line start."""
    if _CANDIDATE.search(text) is None:
        return text
    return _SPECIAL.sub(_escape_match, text)


def escape_line(line: str) -> str:
    """One line of text (no LF) as a Markdown line that is literal text.

    Leading and trailing whitespace would be stripped by the parser, so the
    first and last whitespace characters become character references; that
    also means a line never starts with indentation (no indented code).
    """
    if _PLAIN_LINE.fullmatch(line):
        return line
    return _escape_line(line)


def _escape_line(line: str) -> str:
    """``escape_line`` for any line (the plain ones are answered before)."""
    if not line:
        return ""
    head = char_ref(line[0]) if line[0].isspace() else ""
    body = line[1:] if head else line
    tail = ""
    if body and body[-1].isspace():
        tail, body = char_ref(body[-1]), body[:-1]
    out = _SPECIAL.sub(_escape_match, body)
    if not head and out:
        if out[0] in _LINE_START:
            out = "\\" + out
        elif m := _ORDERED.match(out):
            out = out[: m.end(1)] + "\\" + out[m.end(1) :]
    return head + out + tail


def escape_lines(text: str, *, hard_breaks: bool = False) -> list[str]:
    """``text`` as Markdown block lines: paragraphs separated by ``""``.

    A single newline is a line break inside a paragraph (soft, or a hard
    break ``\\`` when ``hard_breaks``); a blank line separates paragraphs; any
    further newlines, and newlines at the very start or end, are written as
    ``&#10;`` so that the parsed text has exactly the original newlines when
    paragraphs are joined with a blank line.
    """
    if not text:
        return []
    if "\n" not in text:  # the common case: one line, no structure to keep
        return [escape_line(text)]
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line]
    if not content:
        return [NEWLINE_REF * (len(lines) - 1)]
    first, last = content[0], content[-1]
    out: list[str] = []
    pending = NEWLINE_REF * first  # leading newlines
    blank_run = 0
    for line in lines[first : last + 1]:
        if not line:
            blank_run += 1
            continue
        if out:
            if blank_run == 0:
                if hard_breaks:
                    out[-1] += "\\"
            else:
                out.append("")
                pending = NEWLINE_REF * (blank_run - 1)
        out.append(pending + escape_line(line))
        pending, blank_run = "", 0
    out[-1] += NEWLINE_REF * (len(lines) - 1 - last)  # trailing newlines
    return out


def blockquote(lines: list[str]) -> list[str]:
    """Prefix block lines with ``> `` (a bare ``>`` for paragraph breaks)."""
    if not lines:
        return [">"]
    return [f"> {line}" if line else ">" for line in lines]


def _yaml_escape(ch: str) -> str:
    code = ord(ch)
    if ch in '"\\':
        return "\\" + ch
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    if ch == "\r":
        return "\\r"
    if (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
    ):
        return f"\\u{code:04x}"
    return ch


_YAML_SPECIAL = re.compile(r'["\\\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]')


def yaml_quote(value: str) -> str:
    """A double-quoted scalar valid both as YAML and as a JSON string.

    Titles hold quotes and colons; a double-quoted scalar with every
    non-printable character escaped is the one YAML form that cannot be
    misread, and staying JSON-compatible lets simple tools read it back.
    """
    return '"' + _YAML_SPECIAL.sub(lambda m: _yaml_escape(m.group()), value) + '"'


def yaml_list(values: list[str]) -> str:
    """A YAML flow sequence of double-quoted strings (also a JSON array)."""
    return "[" + ", ".join(yaml_quote(v) for v in values) + "]"
