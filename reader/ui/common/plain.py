"""Untrusted text as something a widget can show: plain, inert, never markup.

Annotations come from files other people send, and library records from
store files anyone can edit; the store cleans what it loads, but a widget
should not depend on that. ``Content(text)`` and ``Text(text)`` keep escape
sequences (only BEL, BS, VT, FF and CR are dropped), so an OSC 52 or OSC 0
in a note would reach the terminal and act on it, and a bare ``str`` given
to a palette hit, a border title or a notification may be read as markup.
Every string from an article, an annotation or the library goes through
:func:`plain` (or :func:`clean` where a widget takes a ``str``: an Input's
value, a TextArea's text) before it is shown.

Cheap: text with no control character (nearly all of it) is returned as it
is after one regex scan.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from reader.annotations.clean import clean_text


def clean(text: str) -> str:
    """``text`` without control sequences and controls (TAB as spaces, CR as LF).

    The annotations' own gate: a lone surrogate (JSON allows ``\\ud800``)
    becomes U+FFFD, since a terminal write that fails would end the app.
    """
    return clean_text(text)


def one_line(text: str, limit: int) -> str:
    """``text`` cleaned, on one line (whitespace runs as one space), cut to ``limit``.

    Cleaned first, so that a cut never leaves half of an escape sequence.
    """
    flat = " ".join(clean(text).split())
    if len(flat) <= limit:
        return flat
    return flat[: max(0, limit - 1)].rstrip() + "…"


def plain(text: str, style: str = "") -> Content:
    """``text`` cleaned, as literal Content (``style`` over all of it)."""
    shown = clean(text)
    return Content.styled(shown, style) if style else Content(shown)


def plain_line(text: str, limit: int, style: str = "") -> Content:
    """:func:`one_line` of ``text`` as literal Content."""
    return plain(one_line(text, limit), style)


def plain_text(text: str, **kwargs: object) -> Text:
    """``text`` cleaned, as a Rich ``Text`` (for widgets such as ``DataTable``)."""
    return Text(clean(text), **kwargs)  # type: ignore[arg-type]
