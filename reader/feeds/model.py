"""The records of feeds and their entries, as every part of the reader passes them.

Parsers build :class:`ParsedFeed`; the store keeps :class:`Subscription`
and :class:`Entry`; refresh turns one into the other. All text in them came
from the network or a file someone sent, so it is cleaned on the way in
(:func:`reader.annotations.clean.clean_text` / ``clean_line``) like
annotation text, and shown only as plain text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

READ_LATER = "urn:x-reader:read-later"
"""The pseudo-feed of pages queued with ``reader save URL``: listed with the
feeds' entries, with the same unread state."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed as parsed: ``guid`` is the feed's id for it (or its link).

    ``published`` is an ISO 8601 time with its offset, or "" when the feed
    gives none; ``content`` is the entry's full text (HTML or plain) when the
    feed carries it, ``summary`` its teaser; ``full`` says the content looks
    like the whole article rather than a summary.
    """

    guid: str
    link: str
    title: str
    published: str = ""
    author: str = ""
    summary: str = ""
    content: str = ""
    full: bool = False


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document: its title, its site's link, its entries, and its kind
    (``rss``, ``atom`` or ``json``)."""

    title: str
    link: str
    entries: tuple[FeedEntry, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed the user follows. ``url`` is its key; ``title`` the user's name for it
    (the feed's own until renamed); the rest is what refresh remembers:
    validators for a conditional GET, when it was last checked, when the
    server asked to be left alone until (``Retry-After``), the last error."""

    url: str
    title: str
    tags: tuple[str, ...] = ()
    etag: str = ""
    last_modified: str = ""
    checked: str = ""
    retry_after: str = ""
    error: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry as the store keeps it: a feed's item, or a page saved to read later
    (``feed`` is then :data:`READ_LATER`). ``id`` is stable across refreshes
    (see :func:`entry_id`); ``added`` is when the reader first saw it."""

    id: str
    feed: str
    guid: str
    link: str
    title: str
    published: str = ""
    author: str = ""
    summary: str = ""
    content: str = ""
    full: bool = False
    read: bool = False
    starred: bool = False
    added: str = ""


def entry_id(feed_url: str, guid: str) -> str:
    """The stable id of an entry: the same feed and guid (or link) give the same id."""
    digest = hashlib.sha256(f"{feed_url}\n{guid}".encode()).hexdigest()[:24]
    return f"urn:x-reader:entry:{digest}"
