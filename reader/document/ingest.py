"""Read an article from a file or stdin and turn its bytes into safe text.

Files come from anywhere: UTF-8 with or without a BOM, UTF-16 from Windows
tools, windows-1252 from old sites, a few corrupt bytes from a bad copy, or
not text at all. :func:`decode` accepts what can be read (saying what it did
in a notice for the status line) and refuses binaries with a one-line
:class:`ReaderError`; :func:`load_article` adds the checks on the source
(missing, folder, too big, unreadable) and hands the sanitised text to the
parser.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reader.document.model import Article
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.document.web import PageCache

DEFAULT_MAX_MB = 50
MAX_MB_ENV = "READER_MAX_MB"
STDIN_URN = "urn:x-reader:stdin:"  # an article read from standard input: no file to name it
EMPTY_NOTICE = "empty article"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"
# Controls that never occur in text (C0 but TAB/LF/FF/CR/ESC); ESC is allowed
# because coloured terminal logs are text that sanitising cleans.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF_CHARS = 65536
_MAX_CONTROL_RATIO = 0.05
# Equally plausible single-byte guesses: the one most text in the wild uses.
_PREFERRED_LEGACY = "cp1252"
# Controls that make charset-normalizer give up on text (see _decode_detected).
_GUESS_NOISE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHAOS_SLACK = 0.1


class NotTextError(ReaderError):
    """The bytes are binary data; ``reason`` says what gave them away."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"binary data, not text ({reason})")
        self.reason = reason


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` to text with LF line ends; return ``(text, notices)``.

    Raises :class:`NotTextError` if the bytes are not text.
    """
    notices: list[str] = []
    text = _decode_bom(data)
    if text is None:
        if b"\x00" in data:
            raise NotTextError("it contains NUL bytes")
        text = _decode_utf8(data, notices)
    if text is None:
        text = _decode_detected(data, notices)
    if _looks_binary(text):
        raise NotTextError("it is mostly control characters")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, tuple(notices)


def _decode_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _decode_utf8(data: bytes, notices: list[str]) -> str | None:
    """UTF-8, tolerating a few bad bytes; None if the data is not UTF-8 at all."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED.findall(text))
    # Non-ASCII characters that did decode: evidence that the file is UTF-8.
    valid = len(text) - len(text.encode("ascii", "ignore")) - invalid
    if valid < invalid:
        return None
    notices.append(f"{invalid} invalid byte{'s' if invalid != 1 else ''} replaced")
    return _ESCAPED.sub("\ufffd", text)


def _decode_detected(data: bytes, notices: list[str]) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    quiet: bytes | None = None
    if not matches:
        # charset-normalizer finds no encoding for text holding a single BEL
        # or ESC; guess without them, but decode everything, so that
        # sanitising removes whole sequences and not just their ESC.
        quiet = _GUESS_NOISE.sub(b"", data)
        matches = list(from_bytes(quiet)) if quiet != data else []
    if not matches:
        raise NotTextError("no text encoding fits it")
    best, name = matches[0], matches[0].encoding
    for match in matches:
        if match.chaos > best.chaos + _CHAOS_SLACK:
            break
        # A match stands for every encoding that gives the same text.
        if _PREFERRED_LEGACY in (match.encoding, *match.could_be_from_charset):
            best, name = match, _PREFERRED_LEGACY
            break
    notices.append(f"decoded as {name}")
    return str(best) if quiet is None else data.decode(name, errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:_SNIFF_CHARS]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = len(_BINARY_CONTROLS.findall(sample))
    return controls > _MAX_CONTROL_RATIO * len(sample)


def max_bytes_default() -> int:
    """The size limit: ``READER_MAX_MB`` megabytes if set, else 50 MB."""
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        raise ReaderError(f"{MAX_MB_ENV}={raw!r} is not a size; set it to a number of megabytes")
    return int(megabytes * 1024 * 1024)


def is_url(source: object) -> bool:
    """True for an ``http://`` or ``https://`` source (any case)."""
    return isinstance(source, str) and source[:8].lower().startswith(("http://", "https://"))


def load_article(
    source: str | Path,
    *,
    max_bytes: int | None = None,
    allow_empty: bool = True,
    cache: PageCache | None = None,
    refresh: bool = False,
) -> Article:
    """Read, decode, sanitise and parse the article at ``source`` (``-``: stdin).

    ``max_bytes`` defaults to :func:`max_bytes_default`. An empty (or blank)
    source gives an article with no blocks and an "empty article" notice,
    unless ``allow_empty`` is False, when it is an error. A saved web page
    (``.html`` or HTML content) is reduced to its article; an http(s) URL is
    fetched once and then read from its copy in ``cache`` (``Store.pages``:
    the data folder's) unless ``refresh`` is set (see :mod:`reader.document.web`).
    """
    from reader.document.html import HTML_SUFFIXES, looks_like_html, page_markdown
    from reader.document.parse import MARKDOWN_SUFFIXES, parse_text
    from reader.document.sanitize import sanitize
    limit = max_bytes_default() if max_bytes is None else max_bytes
    if is_url(source):
        from reader.document.web import load_url

        if cache is None:  # a caller's mistake: the copy would be lost without a word
            raise ValueError("opening a web address needs a page cache (Store.pages)")
        return load_url(str(source), cache=cache, refresh=refresh, max_bytes=limit)
    markdown: bool | None = None
    html = False
    if str(source) == "-":
        name = "standard input"
        data = _read_limited(sys.stdin.buffer, limit, name)
    else:
        path = Path(source).expanduser()
        name = _display(path)
        data = _read_file(path, limit, name)
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            markdown = True
        html = path.suffix.lower() in HTML_SUFFIXES
    if markdown is None and (html or looks_like_html(data)) and data.strip():
        text, notices = page_markdown(data, name)
        markdown = True
    else:
        try:
            text, notices = decode(data)
        except NotTextError as exc:
            raise ReaderError(
                f"{name} is not a text file ({exc.reason}); open a text or Markdown file"
            ) from None
    text = sanitize(text)
    if not text.strip():
        if not allow_empty:
            raise ReaderError(f"{name} is empty; give a file that contains an article")
        notices = (*notices, EMPTY_NOTICE)
    if str(source) == "-":
        uri = STDIN_URN + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    else:
        uri = Path(source).expanduser().resolve().as_uri()
    return parse_text(text, uri, markdown=markdown, notices=notices)


def _read_file(path: Path, limit: int, name: str) -> bytes:
    try:
        if not path.exists():
            raise ReaderError(f"{name} does not exist; check the path")
        if path.is_dir():
            raise ReaderError(f"{name} is a folder; give the path of an article file")
        size = path.stat().st_size
        if size > limit:
            raise ReaderError(_too_big(name, size, limit))
        with path.open("rb") as handle:
            return _read_limited(handle, limit, name)
    except PermissionError:
        raise ReaderError(f"cannot read {name}: permission denied; check its permissions") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ReaderError(f"cannot read {name}: {reason}; check the file") from None


def _read_limited(handle: BinaryIO, limit: int, name: str) -> bytes:
    """Read at most ``limit`` bytes; pipes and devices have no size to check first."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReaderError(_too_big(name, None, limit))
    return data


def _too_big(name: str, size: int | None, limit: int) -> str:
    mb = 1024 * 1024
    what = f"{size / mb:.1f} MB, over" if size is not None else "over"  # pipes: size unknown
    return (
        f"{name} is {what} the {limit / mb:g} MB limit; "
        f"set {MAX_MB_ENV} to a larger number of megabytes to open it"
    )


def _display(path: Path) -> str:
    """The path for a one-line message: control characters shown escaped."""
    shown = str(path)
    if shown.isprintable():
        return shown
    return shown.encode("unicode_escape", "backslashreplace").decode("ascii")
