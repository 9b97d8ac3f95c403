"""Fetch one feed politely: a conditional GET within one deadline and a size limit.

Every step of the exchange (connecting, the headers, each byte of the body)
is inside one ``asyncio.timeout``, so a server trickling a byte at a time
cannot keep a refresh waiting past ``timeout``; httpx's own timeouts only
bound each read. The body is streamed and dropped once past ``max_bytes``
(inflated here, so the limit is on what a gzip body inflates to).
What the server said comes back as a :class:`FetchResult` (a 304, a
``Retry-After`` as seconds to wait, the validators to send next time, or a
one-line reason): never an exception, so the caller can go on to the next
feed. The messages and limits are the web pages' (:mod:`reader.document.web`).
"""

from __future__ import annotations

import asyncio
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from reader.document.ingest import max_bytes_default
from reader.document.web import (
    MAX_REDIRECTS,
    TIMEOUT_ENV,
    _fetch_error,
    _host,
    _reason,
    _shown,
    _too_big,
    timeout_default,
)
from reader.errors import ReaderError
from reader.feeds.model import Subscription

if TYPE_CHECKING:
    import httpx

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
MAX_WAIT = 7 * 24 * 3600.0  # a bad Retry-After must not silence a feed for ever
_MAX_VALIDATOR = 512


def open_client(connections: int) -> httpx.AsyncClient:
    """The client a refresh shares between its feeds: redirects followed (bounded)."""
    import httpx

    from reader import __version__

    return httpx.AsyncClient(
        follow_redirects=True, max_redirects=MAX_REDIRECTS,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        headers={"User-Agent": f"reader/{__version__}", "Accept-Encoding": "gzip, deflate"},
    )


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One feed's GET. ``etag`` and ``last_modified`` are the validators to send next
    time; ``retry_after`` the seconds the server asked to be left alone;
    ``error`` a one-line reason ("" when the feed was fetched or not modified)."""

    url: str
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    retry_after: float = 0.0
    error: str = ""

    @property
    def not_modified(self) -> bool:
        return not self.error and self.status == 304


def retry_after_seconds(value: str | None, now: datetime) -> float:
    """The wait a ``Retry-After`` asks for (seconds, or an HTTP date), 0 when unreadable."""
    value = (value or "").strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return 0.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_WAIT)


def _validator(value: str | None) -> str:
    """A validator worth sending back: printable ASCII of sane length, else ""."""
    value = (value or "").strip()
    ok = len(value) <= _MAX_VALIDATOR and value.isascii() and value.isprintable()
    return value if ok else ""


async def fetch_feed(
    client: httpx.AsyncClient, sub: Subscription, *, timeout: float, max_bytes: int,
    now: datetime,
) -> FetchResult:
    """GET ``sub``'s feed with its validators, within ``timeout`` seconds in all."""
    import httpx

    headers = {"Accept": ACCEPT}
    if _validator(sub.etag):
        headers["If-None-Match"] = sub.etag
    if _validator(sub.last_modified):
        headers["If-Modified-Since"] = sub.last_modified
    failed = FetchResult(url=sub.url, etag=sub.etag, last_modified=sub.last_modified)
    try:
        async with asyncio.timeout(timeout):
            request = client.stream("GET", sub.url, headers=headers, timeout=timeout)
            async with request as response:
                return await _read(response, sub, failed, max_bytes, now)
    except TimeoutError:
        message = (f"{_host(sub.url)} did not send the feed within {timeout:g} s; "
                   f"try again later or set {TIMEOUT_ENV} to more seconds")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        message = str(_fetch_error(exc, sub.url, timeout))
    except Exception as exc:  # whatever the network or a header does: a reason, not a crash
        message = f"cannot read {_shown(sub.url)}: {_reason(exc)}"
    return replace(failed, error=message)


async def _read(
    response: httpx.Response, sub: Subscription, failed: FetchResult, max_bytes: int,
    now: datetime,
) -> FetchResult:
    import httpx

    status, host = response.status_code, _host(sub.url)
    etag = _validator(response.headers.get("ETag"))
    modified = _validator(response.headers.get("Last-Modified"))
    failed = replace(failed, url=str(response.url), status=status)
    if status == 304:  # a 304 may bring new validators; else the old ones stand
        return replace(failed, etag=etag or sub.etag, last_modified=modified or sub.last_modified)
    if status // 100 != 2:
        answer = f"{host} answered {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
        wait = 0.0
        if status in (429, 503):
            wait = retry_after_seconds(response.headers.get("Retry-After"), now)
        if wait:
            return replace(failed, retry_after=wait, error=f"{answer}; asked to wait {_span(wait)}")
        advice = "try again later" if status >= 500 or status == 429 else "check the address"
        return replace(failed, error=f"{answer}; {advice}")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return replace(failed, error=_too_big(sub.url, max_bytes))
    body = await _body(response, sub.url, max_bytes)
    if isinstance(body, str):
        return replace(failed, error=body)
    return replace(
        failed, body=body, content_type=response.headers.get("Content-Type", ""),
        etag=etag, last_modified=modified,
    )


async def _body(response: httpx.Response, url: str, max_bytes: int) -> bytes | str:
    """The body, inflated here rather than by httpx so the limit holds for what it inflates
    to: one 64 KB read of a gzip bomb is 64 MB. Else the reason why not."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    inflate = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflate = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # a gzip or zlib header
    elif encoding not in ("", "identity"):
        return f"{_host(url)} sent the feed as {_shown(encoding)}, which the reader cannot read"
    body = bytearray()
    try:
        async for raw in response.aiter_raw():
            body += raw if inflate is None else inflate.decompress(raw, max_bytes + 1 - len(body))
            if len(body) > max_bytes:
                return _too_big(url, max_bytes)
        if inflate is not None:
            body += inflate.flush()
    except zlib.error:
        return f"{_host(url)} sent a damaged compressed feed; try again later"
    return _too_big(url, max_bytes) if len(body) > max_bytes else bytes(body)


def fetch_document(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> tuple[bytes, str]:
    """:func:`fetch_once`'s body and Content-Type."""
    result = fetch_once(url, timeout=timeout, max_bytes=max_bytes)
    return result.body, result.content_type


def fetch_once(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> FetchResult:
    """One document (a feed, or the page linking it) for subscribing: bytes and Content-Type.

    The same limits as a refresh; a failure raises its one-line reason as a
    :class:`ReaderError`, since a subscription cannot be made without it.
    """
    timeout = timeout_default() if timeout is None else timeout
    max_bytes = max_bytes_default() if max_bytes is None else max_bytes

    async def one() -> FetchResult:
        async with open_client(1) as client:
            sub = Subscription(url=url, title="")
            return await fetch_feed(
                client, sub, timeout=timeout, max_bytes=max_bytes, now=datetime.now(UTC)
            )

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: no loop on this thread
        result = asyncio.run(one())
    else:  # called from a running loop's thread: run beside it rather than fail
        with ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(asyncio.run, one()).result()
    if result.error:
        raise ReaderError(result.error)
    return result


def _span(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"
