"""``python -m bench.feeds_store``: the feed store with 50,000 entries, in process.

Listing must stay fast with tens of thousands of entries across feeds, and a
refresh or a key press (marking one entry read) must cost one feed's file,
not the library's. This seeds a data folder through the Store API (100
feeds of 500 entries, each with a summary and a 1.7 kB body, about 115 MB
on disk), then times, best of ``--runs``: the first feed call of a session
(every entries file read and checked), listings with each filter, marking
read, and a refresh of one feed. No pty: nothing here draws.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.feeds.model import FeedEntry, Subscription
from reader.store.store import Store

BODY = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30
NOW = "2026-03-01T12:00:00+00:00"


def feed_url(n: int) -> str:
    return f"https://example.org/feed/{n}.xml"


def items(feed: int, count: int, start: int = 0) -> list[FeedEntry]:
    return [
        FeedEntry(
            guid=f"tag:example.org,2026:{feed}:{i}", link=f"https://example.org/{feed}/{i}",
            title=f"Entry {i} of feed {feed}",
            published=f"2026-02-{1 + i % 28:02d}T{i % 24:02d}:{feed % 60:02d}:00+00:00",
            author="A. Writer", summary=BODY[:200], content=BODY,
        )
        for i in range(start, start + count)
    ]


def seed(root: Path, feeds: int, per_feed: int) -> None:
    with Store.open(root, mode="cli") as store:
        for n in range(feeds):
            store.add_feed(Subscription(feed_url(n), f"Feed {n}", tags=("even",) if n % 2 == 0
                                        else ("odd",)))
            store.merge_entries(feed_url(n), items(n, per_feed), NOW)


def best(runs: int, call: Callable[[], Any]) -> float:
    """The fastest of ``runs`` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def once(call: Callable[[], Any]) -> float:
    return best(1, call)


def measure(root: Path, runs: int) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    store = Store.open(root, mode="cli")
    try:
        rows.append(("first call: every entries file read (unread_counts)",
                     once(store.unread_counts)))
        rows.append(("list all, first (sorts 50,000 once)", once(store.entries)))
        rows.append(("list all", best(runs, store.entries)))
        rows.append(("list unread", best(runs, lambda: store.entries(unread=True))))
        rows.append(("list unread, limit 100",
                     best(runs, lambda: store.entries(unread=True, limit=100))))
        rows.append(("list starred", best(runs, lambda: store.entries(starred=True))))
        rows.append(("list by tag (half the feeds)", best(runs, lambda: store.entries(tag="odd"))))
        rows.append(("search titles, one word", best(runs, lambda: store.entries(search="42"))))
        rows.append(("search titles, two words",
                     best(runs, lambda: store.entries(search="feed 42"))))
        rows.append(("list one feed", best(runs, lambda: store.entries(feed=feed_url(7)))))
        rows.append(("unread_counts", best(runs, store.unread_counts)))
        ids = [e.id for e in store.entries()]
        rows.append(("mark 1 read (one file written)", once(lambda: store.mark_read(ids[:1]))))
        rows.append(("list unread after marking 1", once(lambda: store.entries(unread=True))))
        one_feed = [e.id for e in store.entries(feed=feed_url(3))]
        rows.append(("mark a feed read (500)", once(lambda: store.mark_read(one_feed))))
        rows.append(("refresh one feed: 50 new of 550",
                     once(lambda: store.merge_entries(feed_url(5), items(5, 550), NOW))))
        rows.append(("mark all read (every file written)", once(lambda: store.mark_read(ids))))
        rows.append(("list unread after marking all", once(lambda: store.entries(unread=True))))
    finally:
        store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.feeds_store",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--per-feed", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reader-feeds-bench-") as folder:
        root = Path(folder) / "data"
        seeding = once(lambda: seed(root, args.feeds, args.per_feed))
        size = sum(p.stat().st_size for p in (root / "entries").glob("*.json")) / 1e6
        print(f"{args.feeds * args.per_feed:,} entries in {args.feeds} feeds, {size:.0f} MB; "
              f"seeded in {seeding / 1000:.1f} s")
        for label, ms in measure(root, args.runs):
            print(f"{ms:10.1f} ms  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
