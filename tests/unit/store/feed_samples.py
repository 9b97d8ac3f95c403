"""Feeds and items for the feed store's tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reader.feeds.model import Entry, FeedEntry, Subscription

URL_A = "https://example.org/a.xml"
URL_B = "https://example.net/b.xml"
NOW = "2026-03-01T12:00:00+00:00"
LATER = "2026-03-02T12:00:00+00:00"


def item(n: int, **changes: Any) -> FeedEntry:
    """Item ``n`` of a feed: its own guid and link, published on day ``n`` of February."""
    fields: dict[str, Any] = {
        "guid": f"tag:example.org,2026:{n}", "link": f"https://example.org/{n}",
        "title": f"Item {n}", "published": f"2026-02-{n:02d}T08:00:00+00:00",
        "author": "A. Writer", "summary": f"About item {n}.", "content": f"<p>Item {n}.</p>",
    }
    return FeedEntry(**(fields | changes))


def sub(url: str = URL_A, title: str = "Alpha", **changes: Any) -> Subscription:
    return Subscription(url, title, **changes)


def listing_key(entry: Entry) -> tuple[bool, float, str]:
    """The order listings promise: unread first, then newest (published, else added)."""
    when = datetime.fromisoformat(entry.published or entry.added).timestamp()
    return (entry.read, -when, entry.id)
