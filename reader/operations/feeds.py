"""Feed use cases the command line and the app share: subscribe, import, refresh, save.

Subscribing fetches the address once: a feed is parsed and its entries
kept; an HTML page is searched for the feed it links (``<link
rel=alternate>``). A local file is read instead, and refreshed by reading it
again. Imports (OPML, a newsboat ``urls`` file) only record subscriptions;
the next refresh fetches them. Saving a page to read later records it; the
page is fetched when it is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.annotations.clean import BadURI, check_uri, clean_line
from reader.annotations.model import now_iso
from reader.errors import ReaderError
from reader.feeds.model import READ_LATER, Entry, ParsedFeed, Subscription

if TYPE_CHECKING:
    from reader.feeds.refresh import RefreshReport
    from reader.store.store import Store


@dataclass(frozen=True, slots=True)
class Subscribed:
    """A new subscription and how many entries it brought."""

    subscription: Subscription
    entries: int


@dataclass(frozen=True, slots=True)
class Imported:
    """An import of subscriptions: how many are new, already there, and why lines were skipped."""

    added: int
    present: int
    skipped: list[str] = field(default_factory=list)


def feed_address(source: str) -> tuple[str, Path | None]:
    """The subscription address of ``source`` (a URL, or a local file as a file: URI)."""
    if source.startswith(("http://", "https://")):
        try:
            return check_uri(source), None
        except BadURI as exc:
            raise ReaderError(f"cannot subscribe: {exc}") from None
    path = Path(source).expanduser()
    if not path.is_file():
        raise ReaderError(f"cannot subscribe to {source}: not an http(s) address or a file")
    return path.resolve().as_uri(), path


def subscribe(
    store: Store, source: str, *, tags: Iterable[str] = (), title: str | None = None
) -> Subscribed:
    """Follow the feed at ``source`` (or the one a page there links) and keep its entries."""
    url, path = feed_address(source)
    validators = ("", "")
    if path is not None:
        parsed = _parse_file(path, url)
    else:
        url, parsed, validators = _fetch_and_parse(url)
    if store.feed(url) is not None:
        raise ReaderError(f"already subscribed to {url}")
    name = clean_line(title) if title else (parsed.title or url)
    # The first fetch's validators are kept: the next refresh can be answered 304.
    sub = Subscription(url, name, tuple(clean_line(t) for t in tags if clean_line(t)),
                       etag=validators[0], last_modified=validators[1], checked=now_iso())
    store.add_feed(sub)
    added, _updated = store.merge_entries(url, parsed.entries, now_iso())
    return Subscribed(sub, added)


def _parse_file(path: Path, url: str) -> ParsedFeed:
    from reader.feeds.parse import parse_feed

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_feed(data, url)


def _fetch_and_parse(url: str) -> tuple[str, ParsedFeed, tuple[str, str]]:
    """The feed at ``url`` (for an HTML page, the first feed it links), and its
    validators (ETag, Last-Modified)."""
    from reader.feeds.fetch import fetch_once
    from reader.feeds.parse import discover_feeds, parse_feed

    got = fetch_once(url)
    if _looks_like_html(got.body, got.content_type):
        found = discover_feeds(got.body, url)
        if not found:
            raise ReaderError(f"{url} is a web page that links no feed")
        url = found[0]
        got = fetch_once(url)
    return url, parse_feed(got.body, url, got.content_type), (got.etag, got.last_modified)


def _looks_like_html(data: bytes, content_type: str) -> bool:
    if "html" in content_type and "xml" not in content_type:
        return True
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def find_feed(store: Store, name: str) -> Subscription:
    """The subscription ``name`` means: its address, its title, or a unique start of a title."""
    subs = store.feeds()
    folded = name.casefold()
    for sub in subs:
        if sub.url == name or sub.title.casefold() == folded:
            return sub
    starts = [sub for sub in subs if sub.title.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0]
    if starts:
        names = ", ".join(sub.title for sub in starts[:5])
        raise ReaderError(f"{name!r} could be any of: {names}")
    raise ReaderError(f"no subscription called {name!r} (reader feeds list shows them)")


def chosen_feeds(store: Store, names: Sequence[str]) -> list[Subscription]:
    """The feeds named (every feed when none is)."""
    if not names:
        return store.feeds()
    return [find_feed(store, name) for name in names]


def feed_titles(store: Store) -> dict[str, str]:
    titles = {sub.url: sub.title for sub in store.feeds()}
    titles[READ_LATER] = "read later"
    return titles


def import_subscriptions(store: Store, file: str) -> Imported:
    """Subscribe to every feed of an OPML file or a newsboat ``urls`` file (not fetched yet)."""
    from reader.feeds.opml import read_newsboat_urls, read_opml

    path = Path(file).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderError(f"cannot import {path}: {exc}") from None
    skipped: list[str] = []
    if text.lstrip().startswith("<"):
        subs = read_opml(text)
    else:
        subs, skipped = read_newsboat_urls(text)
    added = present = 0
    for sub in subs:
        if store.feed(sub.url) is not None:
            present += 1
            continue
        store.add_feed(sub)
        added += 1
    return Imported(added, present, skipped)


def save_for_later(store: Store, url: str, title: str | None = None) -> Entry:
    """Queue ``url`` to read later (fetched when opened)."""
    if not url.startswith(("http://", "https://")):
        raise ReaderError(f"cannot save {url!r}: give an http(s) address")
    try:
        address = check_uri(url)
    except BadURI as exc:
        raise ReaderError(f"cannot save: {exc}") from None
    return store.save_for_later(address, clean_line(title) if title else address)


def refresh_feeds(
    store: Store, subs: Sequence[Subscription], *, progress: Callable[[str], object] | None = None
) -> RefreshReport:
    """Fetch ``subs`` (a few at once) into the store; local files are read again.

    ``progress`` gets a line such as ``12/200, 2 failed: A, B`` after each feed.
    One feed failing never stops the others; the report says what each did.
    """
    from reader.feeds.refresh import FAILED, OK, FeedOutcome, ProgressLine, RefreshReport, refresh

    files = [sub for sub in subs if sub.url.startswith("file:")]
    web = [sub for sub in subs if not sub.url.startswith("file:")]
    counter = ProgressLine(progress)
    report = refresh(web, store, progress=counter) if web else RefreshReport(())
    outcomes = list(report.outcomes)
    for sub in files:
        from reader.document.sources import path_from_uri

        path = path_from_uri(sub.url)
        try:
            if path is None:
                raise ReaderError(f"{sub.url} names no file")
            parsed = _parse_file(path, sub.url)
        except ReaderError as exc:
            outcome = FeedOutcome(sub, FAILED, reason=str(exc))
            store.update_feed(replace(sub, checked=now_iso(), error=str(exc)))
        else:
            added, updated = store.merge_entries(sub.url, parsed.entries, now_iso())
            saved = replace(sub, checked=now_iso(), error="")
            store.update_feed(saved)
            outcome = FeedOutcome(saved, OK, added, updated)
        outcomes.append(outcome)
        counter(len(outcomes), len(subs), sub, outcome)
    return RefreshReport(tuple(outcomes), report.seconds)


def report_rows(report: RefreshReport) -> list[dict[str, object]]:
    """One row per feed, for ``--json``."""
    return [{"url": o.sub.url, "title": o.sub.title, "status": o.status, "added": o.added,
             "updated": o.updated, "reason": o.reason} for o in report.outcomes]
