"""The one gate every annotation field passes: at import and at every load.

Annotations come from files other people send and from store files written
by an older version or by hand, so none of their text is trusted. Each text
field goes through the same sanitiser as article text (escape sequences and
control characters removed, TAB as spaces); the quote's fields must, since
they are compared with the sanitised article. Fields that are one line by
nature (tags, ids, the section title, URIs, times) also lose their line
breaks: a newline in a URI is how a file injects lines into an export.

An article URI must be a ``file:``, ``http(s):`` or ``urn:`` URI; anything
else (``javascript:``, a bare word, a URI holding spaces) is refused by
:func:`check_uri` with :class:`BadURI`, whose message the importer prefixes
with the annotation's number and the loader turns into a notice. Articles
read from standard input were named ``stdin:<hash>`` before they became
``urn:x-reader:stdin:<hash>``; the old form is read as the new one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from reader.document.sanitize import is_clean, sanitize

STDIN_URN = "urn:x-reader:stdin:"
LEGACY_STDIN = "stdin:"
SCHEMES = ("file", "http", "https", "urn")
_LEGACY_STDIN = re.compile(r"stdin:([0-9a-f]{16})")
_SURROGATE = re.compile("[\ud800-\udfff]")
# RFC 3986 admits none of these anywhere in a URI; IRIs add non-ASCII letters.
_NOT_IN_URI = re.compile(r'[\s<>"{}|\\^`]')
_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+", re.IGNORECASE)
_SHOWN = 60


class BadURI(ValueError):
    """A URI the reader will not keep: its message says why, in a few words."""


def clean_text(value: str) -> str:
    """Free text (quote, note): sanitised, lone surrogates as U+FFFD."""
    if is_clean(value) and not _has_surrogate(value):
        return value
    return sanitize(_SURROGATE.sub("\ufffd", value))


def clean_line(value: str) -> str:
    """One-line text (tag, id, section, time): sanitised, a line break's run of
    whitespace as one space. Text already on one line keeps its spacing."""
    value = clean_text(value)
    return " ".join(value.split()) if "\n" in value else value


def _has_surrogate(value: str) -> bool:
    return not value.isascii() and _SURROGATE.search(value) is not None


@lru_cache(maxsize=4096)
def check_uri(value: str) -> str:
    """``value`` as an article URI the reader keeps, or :class:`BadURI`.

    Control characters are removed and line breaks dropped (so ``x\\n---``
    cannot become two lines anywhere); what remains must be a whole
    ``file:``, ``http:``, ``https:`` or ``urn:`` URI with no spaces.
    Cached: a file's annotations mostly share one article.
    """
    uri = clean_text(value).replace("\n", "").strip()
    legacy = _LEGACY_STDIN.fullmatch(uri)
    if legacy:
        return STDIN_URN + legacy.group(1)
    shown = shown_uri(uri)
    scheme = uri.partition(":")[0].lower() if ":" in uri else ""
    if scheme not in SCHEMES:
        raise BadURI(f"{shown} is not a file:, http:, https: or urn: URI")
    if _NOT_IN_URI.search(uri):
        raise BadURI(f"{shown} is not a valid URI (it holds spaces or characters URIs cannot)")
    if scheme == "urn":
        if not _URN.fullmatch(uri):
            raise BadURI(f"{shown} is not a valid urn: URI (urn:NAMESPACE:NAME)")
        return uri
    try:
        parts = urlsplit(uri)
        host = parts.hostname
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise BadURI(f"{shown} is not a valid {scheme}: URI") from None
    if scheme in ("http", "https") and not host:
        raise BadURI(f"{shown} is not a valid {scheme}: URI (no host)")
    if scheme == "file" and not parts.path.startswith("/"):
        raise BadURI(f"{shown} is not a valid file: URI (no absolute path)")
    return uri


def record_uri(value: object) -> str:
    """A record's uri as the annotations name it: cleaned, the old ``stdin:`` form mapped."""
    uri = clean_line(str(value))
    try:
        return check_uri(uri)
    except BadURI:
        return uri  # shown as it is (cleaned); its annotations were refused at load


def shown_uri(uri: str) -> str:
    """A URI for a one-line message: cleaned, cut short, quoted."""
    flat = " ".join(clean_text(uri).split())
    return repr(flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…")
