"""Refreshing feeds against a local server: validators, deadlines, limits, politeness."""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from reader.errors import ReaderError
from reader.feeds.model import FeedEntry, ParsedFeed, Subscription
from reader.feeds.refresh import (
    FAILED,
    MAX_WAIT,
    NOT_MODIFIED,
    OK,
    SKIPPED,
    FeedOutcome,
    FetchResult,
    ProgressLine,
    RefreshReport,
    fetch_document,
    fetch_feed,
    refresh,
    retry_after_seconds,
)

from .feed_server import MODIFIED, Served, serve

MB = 1024 * 1024
_ENV = (
    "READER_HTTP_TIMEOUT", "READER_MAX_MB",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def stand_in(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Enough of an RSS parser for these tests (the real one is tested on its own)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ReaderError(f"{url} is not a feed ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ReaderError(f"{url} is not a feed (a {root.tag} document)")
    entries = tuple(
        FeedEntry(guid=i.findtext("guid", ""), link=i.findtext("link", ""),
                  title=i.findtext("title", ""))
        for i in channel.iter("item")
    )
    return ParsedFeed(channel.findtext("title", ""), channel.findtext("link", ""), entries, "rss")


class Sink:
    """What the store does, in memory; notes the threads it was called on."""

    def __init__(self, refuse: str = "") -> None:
        self.subs: dict[str, Subscription] = {}
        self.entries: dict[tuple[str, str], FeedEntry] = {}
        self.threads: set[int] = set()
        self.refuse = refuse

    def update_feed(self, sub: Subscription) -> None:
        self.threads.add(threading.get_ident())
        self.subs[sub.url] = sub

    def merge_entries(
        self, feed_url: str, entries: Sequence[FeedEntry], now: str
    ) -> tuple[int, int]:
        self.threads.add(threading.get_ident())
        assert datetime.fromisoformat(now).tzinfo is not None
        if self.refuse and self.refuse in feed_url:
            raise OSError("No space left on device")
        added = updated = 0
        for entry in entries:
            old = self.entries.get((feed_url, entry.guid))
            added += old is None
            updated += old is not None and old != entry
            self.entries[(feed_url, entry.guid)] = entry
        return added, updated


def go(subs: Sequence[Subscription], sink: Sink, **kwargs: Any) -> RefreshReport:
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("max_bytes", MB)
    return refresh(subs, sink, parse=stand_in, **kwargs)


def feed(served: Served, path: str, **fields: Any) -> Subscription:
    return Subscription(url=served.url(path), title=fields.pop("title", ""), **fields)


def by_url(report: RefreshReport) -> dict[str, FeedOutcome]:
    return {o.sub.url: o for o in report.outcomes}


def one_line(reason: str) -> str:
    assert reason and "\n" not in reason and "Traceback" not in reason
    return reason


def fetch(sub: Subscription, *, timeout: float = 5.0, max_bytes: int = MB) -> FetchResult:
    async def run() -> FetchResult:
        async with httpx.AsyncClient(follow_redirects=True, max_redirects=5) as client:
            return await fetch_feed(
                client, sub, timeout=timeout, max_bytes=max_bytes, now=datetime.now(UTC)
            )

    return asyncio.run(run())


def test_validators_round_trip_to_not_modified(server: Served) -> None:
    sink = Sink()
    first = go([feed(server, "feed/a")], sink)
    (outcome,) = first.outcomes
    assert (outcome.status, outcome.added, outcome.updated) == (OK, 3, 0)
    saved = sink.subs[server.url("feed/a")]
    assert saved == outcome.sub
    assert (saved.etag, saved.last_modified, saved.title) == ('"a-v1"', MODIFIED, "Feed a")
    assert saved.checked and not saved.error
    second = go([saved], sink)
    assert second.outcomes[0].status == NOT_MODIFIED
    sent = server.hits("/feed/a")[-1]["headers"]
    assert sent["If-None-Match"] == '"a-v1"' and sent["If-Modified-Since"] == MODIFIED
    server.change("a")  # a new version: new validators kept, the changed entry updated
    third = go([sink.subs[saved.url]], sink)
    assert (third.outcomes[0].status, third.outcomes[0].added, third.outcomes[0].updated) == (
        OK, 0, 1)
    assert sink.subs[saved.url].etag == '"a-v2"'
    assert go([sink.subs[saved.url]], sink).outcomes[0].status == NOT_MODIFIED


def test_last_modified_alone_and_odd_validators(server: Served) -> None:
    result = fetch(feed(server, "feed/b", last_modified=MODIFIED))
    assert result.not_modified and result.etag == '"b-v1"' and not result.body
    assert "If-None-Match" not in server.hits("/feed/b")[-1]["headers"]
    odd = fetch(feed(server, "feed/b", etag="caf\u00e9\r\nX: y"))  # not sent, no crash
    assert odd.status == 200 and odd.body.startswith(b"<?xml") and not odd.error
    assert "If-None-Match" not in server.hits("/feed/b")[-1]["headers"]


def test_slow_feeds_are_cut_at_the_deadline_while_others_finish(server: Served) -> None:
    subs = [feed(server, p) for p in ("slow", "silent", "feed/a", "feed/b")]
    began = time.monotonic()
    report = go(subs, Sink(), timeout=0.8)
    elapsed = time.monotonic() - began
    outcomes = by_url(report)
    for path in ("slow", "silent"):
        reason = one_line(outcomes[server.url(path)].reason)
        assert outcomes[server.url(path)].status == FAILED and "0.8 s" in reason
        assert "READER_HTTP_TIMEOUT" in reason
    assert [outcomes[server.url(p)].status for p in ("feed/a", "feed/b")] == [OK, OK]
    assert elapsed < 2.0  # the trickle sends a byte every 0.1 s: only a total deadline stops it


def test_huge_feeds_are_cut_at_the_cap(server: Served) -> None:
    subs = [feed(server, p) for p in ("huge", "huge-declared", "feed/a")]
    began = time.monotonic()
    outcomes = by_url(go(subs, Sink(), max_bytes=MB))
    assert time.monotonic() - began < 5.0
    for path in ("huge", "huge-declared"):
        assert outcomes[server.url(path)].status == FAILED
        assert "larger than the 1 MB limit" in one_line(outcomes[server.url(path)].reason)
    assert outcomes[server.url("feed/a")].status == OK
    tracemalloc.start()
    try:
        result = fetch(feed(server, "huge"), max_bytes=MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "1 MB limit" in result.error and not result.body
    assert peak < 4 * MB  # streamed and dropped, not 64 MB read in


def test_gzip_is_read_and_a_gzip_bomb_cut_at_the_cap(server: Served) -> None:
    outcomes = by_url(go([feed(server, "gzipped"), feed(server, "gzip-bomb")], Sink()))
    assert outcomes[server.url("gzipped")].added == 3
    assert "1 MB limit" in outcomes[server.url("gzip-bomb")].reason
    assert server.hits("/gzipped")[0]["headers"]["Accept-Encoding"] == "gzip, deflate"
    tracemalloc.start()
    try:
        result = fetch(feed(server, "gzip-bomb"), max_bytes=MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "1 MB limit" in result.error and peak < 4 * MB  # never inflated in one go


def test_broken_feeds_are_reported_while_others_succeed(server: Served) -> None:
    subs = [
        feed(server, "notxml", etag='"old"'), feed(server, "gone"), feed(server, "feed/a"),
        feed(server, "loop"), feed(server, "moved"), Subscription(url="ftp://example.org/x",
                                                                  title="FTP"),
        Subscription(url="http://127.0.0.1:9/feed", title="Nobody"),
    ]
    sink = Sink()
    outcomes = by_url(go(subs, sink))
    notxml = outcomes[server.url("notxml")]
    assert notxml.status == FAILED and "is not a feed" in one_line(notxml.reason)
    saved = sink.subs[server.url("notxml")]
    assert saved.error == notxml.reason and saved.etag == '"old"'  # a 304 must not hide it
    assert "answered 410 Gone; check the address" in outcomes[server.url("gone")].reason
    assert "redirected more than 5 times" in outcomes[server.url("loop")].reason
    assert "not a valid web address" in one_line(outcomes["ftp://example.org/x"].reason)
    assert "cannot reach 127.0.0.1:9" in one_line(outcomes["http://127.0.0.1:9/feed"].reason)
    assert outcomes[server.url("feed/a")].status == OK
    moved = outcomes[server.url("moved")]
    assert (moved.status, moved.added, moved.sub.title) == (OK, 3, "Feed moved")


def test_retry_after_is_honoured(server: Served) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    sink = Sink()
    subs = [feed(server, "busy"), feed(server, "down"), feed(server, "feed/a")]
    outcomes = by_url(go(subs, sink, now=now))
    busy, down = outcomes[server.url("busy")], outcomes[server.url("down")]
    assert busy.status == down.status == FAILED
    assert "answered 429 Too Many Requests; asked to wait 2 min" in one_line(busy.reason)
    assert "503 Service Unavailable; asked to wait" in one_line(down.reason)
    assert sink.subs[server.url("busy")].retry_after == (now + timedelta(seconds=120)).isoformat()
    later = datetime.fromisoformat(sink.subs[server.url("down")].retry_after)
    assert timedelta(minutes=59) < later - now <= timedelta(hours=1, seconds=5)
    again = go(list(sink.subs.values()), sink, now=now + timedelta(seconds=60))
    skipped = by_url(again)
    assert skipped[server.url("busy")].status == skipped[server.url("down")].status == SKIPPED
    assert "asked to wait until" in skipped[server.url("busy")].reason
    assert len(server.hits("/busy")) == len(server.hits("/down")) == 1  # not asked again
    assert skipped[server.url("feed/a")].status == NOT_MODIFIED
    past = go(list(sink.subs.values()), sink, now=now + timedelta(seconds=121))
    assert by_url(past)[server.url("busy")].status == FAILED  # its wait is over: asked again
    assert by_url(past)[server.url("down")].status == SKIPPED
    assert len(server.hits("/busy")) == 2


def test_retry_after_values() -> None:
    now = datetime(2024, 5, 20, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds("Mon, 20 May 2024 10:05:00 GMT", now) == 300.0
    assert retry_after_seconds("Mon, 20 May 2024 09:00:00 GMT", now) == 0.0  # past
    assert retry_after_seconds("soon", now) == retry_after_seconds(None, now) == 0.0
    assert retry_after_seconds("-5", now) == 0.0
    assert retry_after_seconds("99999999999", now) == MAX_WAIT


def test_concurrency_is_bounded(server: Served) -> None:
    subs = [feed(server, f"feed/c{i}?delay=0.2") for i in range(12)]
    began = time.monotonic()
    report = go(subs, Sink(), concurrency=3)
    elapsed = time.monotonic() - began
    assert [o.status for o in report.outcomes] == [OK] * 12
    assert server.peak == 3  # never more than three at once, and three were used
    assert 0.75 < elapsed < 2.2  # four rounds of 0.2 s, not twelve


def test_progress_is_counted_on_the_calling_thread(server: Served) -> None:
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    subs = [
        feed(server, "feed/a", title="Alpha"), feed(server, "notxml", title="Broken"),
        feed(server, "busy", title="Busy", retry_after=later), feed(server, "feed/b"),
    ]
    calls: list[tuple[int, int, str, str, int]] = []

    def progress(done: int, total: int, sub: Subscription, outcome: FeedOutcome) -> None:
        calls.append((done, total, sub.url, outcome.status, threading.get_ident()))

    sink = Sink()
    report = go(subs, sink, progress=progress)
    assert [c[0] for c in calls] == [1, 2, 3, 4] and {c[1] for c in calls} == {4}
    assert sorted(c[2] for c in calls) == sorted(s.url for s in subs)
    assert {c[4] for c in calls} == sink.threads == {threading.get_ident()}
    assert calls[0][3] == SKIPPED  # known before any request
    assert [o.sub.url for o in report.outcomes] == [s.url for s in subs]  # given order
    line = ProgressLine()
    for outcome in report.outcomes:
        line(4, 4, outcome.sub, outcome)
    assert line.line() == "4/4, 1 failed: Broken"
    assert report.line().endswith(
        ": 2 fetched (6 new entries, 0 changed), 1 skipped (asked to wait), 1 failed: Broken")
    assert RefreshReport(()).line() == "0 feeds in 0.0 s"


def test_a_feed_the_store_refuses_does_not_stop_the_others(server: Served) -> None:
    outcomes = by_url(go([feed(server, "feed/a"), feed(server, "feed/b")], Sink(refuse="/b")))
    assert outcomes[server.url("feed/a")].status == OK
    refused = outcomes[server.url("feed/b")]
    assert refused.status == FAILED and refused.reason == "not saved: No space left on device"


def test_limits_come_from_the_environment(
    server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_HTTP_TIMEOUT", "0.5")
    monkeypatch.setenv("READER_MAX_MB", "1")
    report = refresh([feed(server, "slow"), feed(server, "huge")], Sink(), parse=stand_in)
    slow, huge = report.outcomes
    assert "within 0.5 s" in slow.reason and "1 MB limit" in huge.reason
    monkeypatch.setenv("READER_HTTP_TIMEOUT", "soon")
    with pytest.raises(ReaderError, match="READER_HTTP_TIMEOUT='soon' is not a duration"):
        refresh([feed(server, "feed/a")], Sink(), parse=stand_in)
    assert not server.hits("/feed/a")


def test_with_the_real_parser(server: Served) -> None:
    pytest.importorskip("reader.feeds.parse")
    sink = Sink()
    report = refresh([feed(server, "feed/a"), feed(server, "notxml")], sink, timeout=5.0)
    good, bad = report.outcomes
    assert (good.status, good.added, good.sub.title) == (OK, 3, "Feed a")
    guids = sorted(e.guid for e in sink.entries.values())
    assert [g.rsplit("/", 1)[-1] for g in guids] == ["a-0", "a-1", "a-2"]
    assert bad.status == FAILED and one_line(bad.reason)


def test_fetch_document_for_subscribing(server: Served) -> None:
    data, content_type = fetch_document(server.url("moved"), timeout=5.0)
    assert data.startswith(b"<?xml") and content_type.startswith("application/rss+xml")
    with pytest.raises(ReaderError, match="answered 410 Gone"):
        fetch_document(server.url("gone"), timeout=5.0)
    with pytest.raises(ReaderError, match=r"within 0\.3 s"):
        fetch_document(server.url("silent"), timeout=0.3)

    async def inside_a_loop() -> bytes:  # as the app's thread would call it
        return fetch_document(server.url("feed/a"), timeout=5.0)[0]

    assert asyncio.run(inside_a_loop()).startswith(b"<?xml")


def test_an_error_of_the_caller_stops_the_fetching(server: Served) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int, sub: Subscription, outcome: FeedOutcome) -> None:
        raise Stop  # as an interrupt in the calling thread would

    began = time.monotonic()
    with pytest.raises(Stop):
        go([feed(server, "feed/a"), feed(server, "silent")], Sink(), progress=progress,
           timeout=30.0)
    assert time.monotonic() - began < 5.0  # the silent feed was not waited for
    assert not [t.name for t in threading.enumerate() if t.name.startswith("reader-")]


def test_into_the_store(server: Served) -> None:
    pytest.importorskip("reader.feeds.parse")
    from reader.store.store import Store

    store = Store.in_memory()
    try:
        for path in ("feed/a", "notxml"):
            store.add_feed(feed(server, path, title=path))
        first = refresh(store.feeds(), store, timeout=5.0)
        assert sorted(o.status for o in first.outcomes) == [FAILED, OK]
        saved = store.feed(server.url("feed/a"))
        assert saved is not None and saved.etag == '"a-v1"' and saved.title == "feed/a"
        assert len(store.entries(feed=server.url("feed/a"))) == 3
        broken = store.feed(server.url("notxml"))
        assert broken is not None and broken.error and broken.checked
        again = by_url(refresh(store.feeds(), store, timeout=5.0))
        assert again[server.url("feed/a")].status == NOT_MODIFIED
    finally:
        store.close()
