"""Open an http(s) article: fetch it once, keep its text, read it offline after.

Annotations anchor on offsets into an article's text, and a live page
changes (a corrected paragraph, a new "Update:" line, a different ad-free
extraction after a library upgrade). So the first fetch keeps the text
exactly as it was parsed, and later opens read that copy unless a refresh
is asked for; a refresh that fails on the network falls back to the copy and
says so. Where the copy lives is the caller's :class:`PageCache` (the
store's, which writes it in the data folder under its lock); this module
writes no file.

Fetching is deliberately small: one GET with httpx, redirects followed (at
most 5), a timeout (``READER_HTTP_TIMEOUT`` seconds, 10 by default) for
connecting and for each read, the body streamed and cut off past the size
limit. Every failure is one :class:`ReaderError` line naming the host.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from reader.document.ingest import MAX_MB_ENV
from reader.errors import ReaderError

if TYPE_CHECKING:
    import httpx

    from reader.document.model import Article

TIMEOUT_ENV = "READER_HTTP_TIMEOUT"
DEFAULT_TIMEOUT = 10.0
MAX_REDIRECTS = 5
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
TEXT_TYPES = frozenset({"text/plain"}) | MARKDOWN_TYPES
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")


def normalise_url(url: str) -> str:
    """The article's identity: scheme and host lower-cased, ``/`` for no path, no fragment."""
    parts = urlsplit(url.strip())
    try:
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        valid = False
    if not valid:
        raise ReaderError(f"{_shown(url)} is not a web address; give an http:// or https:// URL")
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def timeout_default() -> float:
    """``READER_HTTP_TIMEOUT`` seconds if set, else 10."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise ReaderError(f"{TIMEOUT_ENV}={raw!r} is not a duration; set it to a number of seconds")
    return seconds


@dataclass(frozen=True, slots=True)
class Page:
    """What one GET brought back (a 304 has an empty body)."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None


class PageCache(Protocol):
    """Where offline copies are kept: given by the caller (``Store.pages``)."""

    def read(self, uri: str) -> tuple[str, dict[str, Any]] | None:
        """The copy's text and record, or None when there is none (or a damaged one)."""
        ...

    def save(self, uri: str, text: str, record: dict[str, Any]) -> str | None:
        """Keep the copy; None when kept, else why not (one line, for a notice)."""
        ...


@dataclass(frozen=True, slots=True)
class CachedCopy:
    """An offline copy: the parsed text and its sidecar record."""

    text: str
    meta: dict[str, Any]

    @property
    def markdown(self) -> bool | None:
        value = self.meta.get("markdown")
        return value if isinstance(value, bool) else None

    def fetched_label(self) -> str:
        """The fetch time in local time, ``2024-05-20 10:12``, for a notice."""
        try:
            when = datetime.fromisoformat(str(self.meta.get("fetched")))
        except ValueError:
            return "an earlier visit"
        return when.astimezone().strftime("%Y-%m-%d %H:%M")


def load_url(url: str, *, cache: PageCache, refresh: bool = False, max_bytes: int) -> Article:
    """The article at ``url``: its offline copy in ``cache`` (unless ``refresh``), else fetched.

    A refresh that fails on the network, or meets a server error, falls back
    to the offline copy with a notice; without a copy the error is raised.
    A fetched page is kept in ``cache``; when it cannot be, a notice says why.
    """
    from reader.document.parse import parse_text

    uri = normalise_url(url)
    cached = read_cache(cache, uri)
    if cached is not None and not refresh:
        notice = f"saved copy from {cached.fetched_label()}"
        return parse_text(cached.text, uri, markdown=cached.markdown, notices=(notice,))
    try:
        page = fetch(uri, max_bytes=max_bytes, timeout=timeout_default(), cached=cached)
    except FetchError as exc:
        if cached is None or not exc.transient:
            raise
        reason = "offline" if exc.offline else str(exc).split("; ", 1)[0]
        notice = f"{reason}: showing the copy from {cached.fetched_label()}"
        return parse_text(cached.text, uri, markdown=cached.markdown, notices=(notice,))
    if page.status == 304 and cached is not None:
        return parse_text(cached.text, uri, markdown=cached.markdown)
    text, markdown, notices = _page_text(page, uri)
    article = parse_text(text, uri, markdown=markdown, notices=notices)
    unsaved = cache.save(uri, text, _record(uri, article.title, page, markdown))
    if unsaved is not None:
        return replace(article, notices=(*notices, f"no offline copy saved ({unsaved})"))
    return article


def load_offline(url: str, *, cache: PageCache) -> Article | None:
    """The offline copy of ``url`` in ``cache`` as an article, or None: never the network."""
    from reader.document.parse import parse_text

    try:
        uri = normalise_url(url)
    except ReaderError:
        return None
    cached = read_cache(cache, uri)
    if cached is None:
        return None
    return parse_text(cached.text, uri, markdown=cached.markdown)


def _page_text(page: Page, uri: str) -> tuple[str, bool | None, tuple[str, ...]]:
    """Sanitised text of a fetched page, whether it is Markdown, and decoding notices."""
    from reader.document.html import looks_like_html, page_markdown
    from reader.document.ingest import NotTextError, decode
    from reader.document.sanitize import sanitize

    name = _shown(uri)
    if page.content_type in HTML_TYPES or (not page.content_type and looks_like_html(page.body)):
        text, notices = page_markdown(page.body, name, charset=page.charset, url=page.url)
        markdown: bool | None = True
    else:
        try:
            text, notices = decode(page.body)
        except NotTextError as exc:
            raise ReaderError(
                f"{name} is not text ({exc.reason}); give the address of an article"
            ) from None
        markdown = True if page.content_type in MARKDOWN_TYPES else None
    text = sanitize(text)
    if not text.strip():
        raise ReaderError(f"{name} is empty; give the address of an article")
    return text, markdown, notices


class FetchError(ReaderError):
    """A failed fetch; ``transient`` ones (network, timeout, 5xx) may use an offline copy."""

    def __init__(self, message: str, *, transient: bool = False, offline: bool = False) -> None:
        super().__init__(message)
        self.transient = transient
        self.offline = offline


def fetch(url: str, *, max_bytes: int, timeout: float, cached: CachedCopy | None = None) -> Page:
    """GET ``url`` (redirects followed), reading at most ``max_bytes`` of body."""
    import httpx

    from reader import __version__

    headers = {
        "User-Agent": f"reader/{__version__}",
        "Accept": "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8",
    }
    if cached is not None:
        for field, header in (("etag", "If-None-Match"), ("last_modified", "If-Modified-Since")):
            if cached.meta.get(field):
                headers[header] = str(cached.meta[field])
    try:
        with httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers=headers,
        ) as client, client.stream("GET", url) as response:
            return _read_response(response, url, max_bytes, timeout)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _fetch_error(exc, url, timeout) from None


def _fetch_error(exc: Exception, url: str, timeout: float) -> FetchError:
    """The one-line message for an httpx failure."""
    import httpx

    host, reason = _host(url), _reason(exc)
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(
            f"{host} did not answer within {timeout:g} s; try again later "
            f"or set {TIMEOUT_ENV} to more seconds",
            transient=True,
            offline=True,
        )
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(f"{host} redirected more than {MAX_REDIRECTS} times; check the address")
    if isinstance(exc, httpx.ConnectError):
        if "ssl" in reason.lower() or "certificate" in reason.lower():
            return FetchError(f"cannot make a secure connection to {host}: {reason}")
        return FetchError(f"cannot reach {host}: {reason} (offline?)", transient=True, offline=True)
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return FetchError(f"{_shown(url)} is not a valid web address ({reason})")
    return FetchError(f"cannot read {_shown(url)}: {reason}", transient=True, offline=True)


def _read_response(response: httpx.Response, url: str, max_bytes: int, timeout: float) -> Page:
    import httpx

    host = _host(url)
    status = response.status_code
    if status >= 400:
        raise FetchError(
            f"{host} answered {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
            + ("; try again later" if status >= 500 else "; check the address"),
            transient=status >= 500 or status == 429,
        )
    content_type, charset = _content_type(response)
    if status != 304 and content_type and content_type not in HTML_TYPES | TEXT_TYPES:
        raise FetchError(
            f"{_shown(url)} is {_shown(content_type)}, not a web page or text; "
            "give the address of an article"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_big(url, max_bytes))
    # Each read has its own timeout; the whole body gets a few of them, so a
    # server trickling bytes cannot hold the reader forever.
    deadline = time.monotonic() + max(3 * timeout, 30.0)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_big(url, max_bytes))
        if time.monotonic() > deadline:
            message = f"{host} is sending the page too slowly; try again later"
            raise FetchError(message, transient=True)
        chunks.append(chunk)
    return Page(
        url=str(response.url),
        status=status,
        content_type=content_type,
        charset=charset,
        body=b"".join(chunks),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    """The media type (lower case, no parameters) and the charset parameter, if any."""
    raw = response.headers.get("Content-Type", "")
    media = raw.split(";", 1)[0].strip().lower()
    return media, response.charset_encoding


def read_cache(cache: PageCache, uri: str) -> CachedCopy | None:
    """The offline copy of ``uri``, sanitised again (the file is anyone's), or None."""
    found = cache.read(uri)
    if found is None:
        return None
    from reader.document.sanitize import sanitize

    text, record = found
    return CachedCopy(text=sanitize(text), meta=record)


def _record(uri: str, title: str, page: Page, markdown: bool | None) -> dict[str, Any]:
    return {
        "uri": uri,
        "title": title,
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
        "final_url": page.url,
        "content_type": page.content_type,
        "markdown": markdown,
        "etag": page.etag,
        "last_modified": page.last_modified,
    }


def _too_big(url: str, limit: int) -> str:
    return (
        f"{_shown(url)} is larger than the {limit / (1024 * 1024):g} MB limit; "
        f"set {MAX_MB_ENV} to a larger number of megabytes to open it"
    )


def _host(url: str) -> str:
    """``host[:port]`` of ``url``, for messages (never the user:password part)."""
    return _shown(urlsplit(url).netloc.rpartition("@")[2] or url)


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _ERRNO.sub("", text)


def _shown(text: str) -> str:
    """``text`` for a one-line message: control characters escaped."""
    if text.isprintable():
        return text
    return text.encode("unicode_escape", "backslashreplace").decode("ascii")
