"""Refresh feeds: fetch many at once, politely, and hand what changed to the store.

Polite: a conditional GET (the feed's ETag and Last-Modified), a server's
``Retry-After`` honoured (the feed is skipped until then), at most
``concurrency`` requests at a time. Robust: each feed has one deadline for
the whole exchange (connecting, headers, body), so a server trickling bytes
cannot hold a refresh; bodies are streamed and cut past the size limit; any
failure is a one-line reason in the report, never an exception, so one bad
feed never stops the others. The limits are the web pages' own settings,
``READER_HTTP_TIMEOUT`` seconds (here for the whole feed) and
``READER_MAX_MB`` megabytes.

One feed's GET is :func:`reader.feeds.fetch.fetch_feed` (re-exported here).
Fetching runs on an asyncio loop in a helper thread: cancelling a coroutine
is the one way to put a deadline on every step of an httpx exchange at once.
Parsing runs in that loop's worker threads. Each result comes back through
a queue, and the sink (the store) and the progress callback are called on
the calling thread only, as feeds finish, so the store is written from one
thread while the other feeds are still downloading. A feed holds its slot
until the calling thread has saved it, so at most ``concurrency`` bodies are
in memory at once however slow the store is.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from reader.document.ingest import max_bytes_default
from reader.document.web import _host, _reason, _shown, timeout_default
from reader.errors import ReaderError
from reader.feeds.fetch import (
    MAX_WAIT,
    FetchResult,
    fetch_document,
    fetch_feed,
    open_client,
    retry_after_seconds,
)
from reader.feeds.model import FeedEntry, ParsedFeed, Subscription

if TYPE_CHECKING:
    import httpx

__all__ = [
    "FAILED", "MAX_WAIT", "NOT_MODIFIED", "OK", "SKIPPED", "FeedOutcome", "FetchResult",
    "ProgressLine", "RefreshReport", "Sink", "fetch_document", "fetch_feed", "refresh",
    "retry_after_seconds",
]

OK, NOT_MODIFIED, SKIPPED, FAILED = "ok", "not-modified", "skipped", "failed"
Parse = Callable[[bytes, str, str], ParsedFeed]
Progress = Callable[[int, int, Subscription, "FeedOutcome"], object]


class Sink(Protocol):
    """Where refresh puts what it learnt (the store): called on the calling thread only."""

    def update_feed(self, sub: Subscription) -> object:
        """Keep the subscription's new validators, check time, wait and error."""
        ...

    def merge_entries(
        self, feed_url: str, entries: Sequence[FeedEntry], now: str
    ) -> tuple[int, int]:
        """Add new entries, update changed ones; ``now`` (ISO 8601) stamps the new."""
        ...


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What refresh did with one feed; ``sub`` is the subscription as saved."""

    sub: Subscription
    status: str
    added: int = 0
    updated: int = 0
    reason: str = ""

    @property
    def name(self) -> str:
        """The feed's name for a message: its title, else its host."""
        return _shown(self.sub.title) if self.sub.title.strip() else _host(self.sub.url)


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """Every feed's outcome, in the order the feeds were given."""

    outcomes: tuple[FeedOutcome, ...]
    seconds: float = 0.0

    def of(self, status: str) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return self.of(FAILED)

    @property
    def added(self) -> int:
        return sum(o.added for o in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(o.updated for o in self.outcomes)

    def line(self) -> str:
        """One line for the command line or a notice."""
        counts = []
        if fetched := self.of(OK):
            counts.append(f"{len(fetched)} fetched ({self.added} new entries, "
                          f"{self.updated} changed)")
        if unchanged := self.of(NOT_MODIFIED):
            counts.append(f"{len(unchanged)} not modified")
        if skipped := self.of(SKIPPED):
            counts.append(f"{len(skipped)} skipped (asked to wait)")
        if self.failed:
            counts.append(f"{len(self.failed)} failed: {_names(self.failed)}")
        head = f"{len(self.outcomes)} feeds in {self.seconds:.1f} s"
        return ": ".join((head, ", ".join(counts))) if counts else head


class ProgressLine:
    """A progress callback that keeps count, for a status line: ``12/200, 2 failed: A, B``."""

    def __init__(self, show: Callable[[str], object] | None = None) -> None:
        self.show = show
        self.done = self.total = 0
        self.failed: list[FeedOutcome] = []

    def __call__(self, done: int, total: int, sub: Subscription, outcome: FeedOutcome) -> None:
        self.done, self.total = done, total
        if outcome.status == FAILED:
            self.failed.append(outcome)
        if self.show is not None:
            self.show(self.line())

    def line(self) -> str:
        text = f"{self.done}/{self.total}"
        return f"{text}, {len(self.failed)} failed: {_names(self.failed)}" if self.failed else text


def _names(outcomes: Sequence[FeedOutcome], shown: int = 3) -> str:
    names = ", ".join(o.name for o in outcomes[:shown])
    return names + (f" and {len(outcomes) - shown} more" if len(outcomes) > shown else "")


def _default_parse(data: bytes, url: str, content_type: str) -> ParsedFeed:
    """:func:`reader.feeds.parse.parse_feed`, imported when first needed."""
    from reader.feeds.parse import parse_feed

    return parse_feed(data, url, content_type)


def _parsed(parse: Parse, result: FetchResult) -> ParsedFeed | str:
    """The parsed feed, or why not: the feed is anyone's, so any parser failure is a reason."""
    try:
        return parse(result.body, result.url, result.content_type)
    except ReaderError as exc:
        return str(exc)
    except Exception as exc:
        return f"cannot read the feed at {_shown(result.url)}: {_reason(exc)}"


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A feed's result on its way to the calling thread (the body already parsed)."""

    index: int
    sub: Subscription
    result: FetchResult
    parsed: ParsedFeed | str | None


class _Loop:
    """The helper thread: fetches and parses every feed, queues each result as it is ready."""

    def __init__(
        self, feeds: list[tuple[int, Subscription]], parse: Parse, concurrency: int,
        timeout: float, max_bytes: int, now: datetime,
    ) -> None:
        self.feeds, self.parse, self.concurrency = feeds, parse, concurrency
        self.timeout, self.max_bytes, self.now = timeout, max_bytes, now
        self.results: queue.Queue[_Fetched | BaseException | None] = queue.Queue()
        self._stop = threading.Event()
        self._finished = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._slots: asyncio.Semaphore | None = None
        self._thread = threading.Thread(target=self._run, name="reader-feeds", daemon=True)

    def __iter__(self) -> Iterator[_Fetched]:
        self._thread.start()
        while (item := self.results.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
        self._finished = True

    def release(self) -> None:
        """The calling thread is done with a result: its slot may fetch another feed."""
        loop, slots = self._loop, self._slots
        if loop is not None and slots is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already ended
                loop.call_soon_threadsafe(slots.release)

    def stop(self) -> None:
        """Cancel what is still running (after an error or an interrupt); wait briefly."""
        self._stop.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not self._finished:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel)
        if self._thread.is_alive():
            self._thread.join(timeout=2.0)  # a lookup stuck in DNS may outlive it: daemon

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # handed to the calling thread, raised there
            self.results.put(exc)
        self.results.put(None)

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(
            ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="reader-parse")
        )
        self._slots = asyncio.Semaphore(self.concurrency)
        self._task = asyncio.current_task()
        self._loop = loop
        if self._stop.is_set():
            return
        async with open_client(self.concurrency) as client:
            await asyncio.gather(*(self._one(client, i, sub) for i, sub in self.feeds))
        self.results.put(None)  # done: the caller need not wait for the loop's clean-up

    async def _one(self, client: httpx.AsyncClient, index: int, sub: Subscription) -> None:
        assert self._slots is not None
        await self._slots.acquire()
        try:
            result = await fetch_feed(
                client, sub, timeout=self.timeout, max_bytes=self.max_bytes, now=self.now
            )
            parsed: ParsedFeed | str | None = None
            if not result.error and not result.not_modified:
                parsed = await asyncio.to_thread(_parsed, self.parse, result)
                result = replace(result, body=b"")  # parsed: the bytes can go
        except BaseException:
            self._slots.release()
            raise
        self.results.put(_Fetched(index, sub, result, parsed))


def _waiting_until(sub: Subscription, now: datetime) -> datetime | None:
    """When the server said the feed may be fetched again, if that is still to come."""
    try:
        until = datetime.fromisoformat(sub.retry_after) if sub.retry_after else None
    except ValueError:
        return None
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    return until if until is not None and until > now else None


def _save(sink: Sink, got: _Fetched, now: datetime) -> FeedOutcome:
    """Hand one result to the sink; entries first, so validators are kept only with them."""
    sub, result, parsed = got.sub, got.result, got.parsed
    stamp = now.isoformat(timespec="seconds")
    if not isinstance(parsed, str) and not result.error:
        fresh = replace(sub, etag=result.etag, last_modified=result.last_modified,
                        checked=stamp, retry_after="", error="")
    else:  # a failure keeps the old validators: a 304 must not hide a feed never read
        reason = parsed if isinstance(parsed, str) else result.error
        until = ""
        if result.retry_after:
            until = (now + timedelta(seconds=result.retry_after)).isoformat(timespec="seconds")
        fresh = replace(sub, checked=stamp, retry_after=until, error=reason)
    try:
        added = updated = 0
        if isinstance(parsed, ParsedFeed) and not result.error:
            fresh = replace(fresh, title=sub.title or parsed.title)
            added, updated = sink.merge_entries(sub.url, parsed.entries, stamp)
        sink.update_feed(fresh)
    except Exception as exc:  # a store that cannot take this feed: the others go on
        return FeedOutcome(sub, FAILED, reason=f"not saved: {_reason(exc)}")
    if fresh.error:
        return FeedOutcome(fresh, FAILED, reason=fresh.error)
    status = NOT_MODIFIED if result.not_modified else OK
    return FeedOutcome(fresh, status, added, updated)


def refresh(
    subs: Iterable[Subscription], sink: Sink, *, parse: Parse = _default_parse,
    concurrency: int = 8, timeout: float | None = None, max_bytes: int | None = None,
    progress: Progress | None = None, now: datetime | None = None,
) -> RefreshReport:
    """Fetch every feed (``concurrency`` at a time), save each to ``sink`` as it comes.

    ``timeout`` (seconds for the whole of one feed) and ``max_bytes`` default
    to the web settings; ``now`` (aware) to the current time. ``progress`` gets
    ``(done, total, sub, outcome)`` after each feed, on the calling thread.
    Skipped feeds (still inside their ``Retry-After``) are not requested.
    """
    began = time.monotonic()
    when = now if now is not None else datetime.now(UTC)
    timeout = timeout_default() if timeout is None else timeout
    max_bytes = max_bytes_default() if max_bytes is None else max_bytes
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    feeds = list(subs)
    outcomes: dict[int, FeedOutcome] = {}

    def record(index: int, outcome: FeedOutcome) -> None:
        outcomes[index] = outcome
        if progress is not None:
            progress(len(outcomes), len(feeds), outcome.sub, outcome)

    due = []
    for index, sub in enumerate(feeds):
        until = _waiting_until(sub, when)
        if until is None:
            due.append((index, sub))
        else:
            local = until.astimezone().strftime("%Y-%m-%d %H:%M")
            record(index, FeedOutcome(sub, SKIPPED, reason=f"{_host(sub.url)} asked to wait "
                                      f"until {local}"))
    if due:
        fetching = _Loop(due, parse, min(concurrency, len(due)), timeout, max_bytes, when)
        try:
            for got in fetching:
                try:
                    outcome = _save(sink, got, when)
                finally:
                    fetching.release()
                record(got.index, outcome)
        finally:
            fetching.stop()
    ordered = tuple(outcomes[i] for i in range(len(feeds)))
    return RefreshReport(ordered, seconds=time.monotonic() - began)
