"""Read a feed document (RSS, Atom, JSON Feed) into a :class:`ParsedFeed`, and find
a page's feeds.

A feed is anyone's text, so every field is cleaned like annotation text
(:func:`clean_text`, one-line fields with :func:`clean_line`) and links are
kept only when they are absolute ``http(s)`` URLs: a ``javascript:`` or
``data:`` link is dropped, never shown or opened. RSS 0.9x/1.0/2.0 and Atom
go through feedparser (which also strips scripts from entry HTML and makes
its links absolute); feedparser 6 does not read JSON Feed, so that has a
small parser here. Nothing is fetched: the caller hands over the bytes.

Decisions:
- guid: the feed's id for the entry, else its link, else
  ``urn:x-reader:guid:<hash of title and date>``; an entry with none of id,
  link and title cannot be told apart from the next one and is skipped, and
  so is one with no link and no text of its own (nothing to open);
- full: the entry's ``content`` is taken for the whole article when there is
  no summary, or when its words (markup aside) run to at least
  :data:`FULL_RATIO` times the summary's and :data:`FULL_MARGIN` characters
  more, so a "first paragraph + read more" copy of the teaser is not;
- a summary that is the content again (Atom entries with content only come
  back from feedparser with both) is not kept twice;
- a feed whose parser stumbled (feedparser's "bozo") but still gave entries
  is accepted; one with no entries is refused unless it is a well-formed
  feed that is merely empty;
- UTF-8 documents holding raw escape sequences are sanitised before
  parsing: ESC is not allowed in XML, and feedparser's fallback parser would
  drop just the ESC byte and leave ``[2J`` litter in the title;
- at most :data:`MAX_ENTRIES` entries are kept (feeds list the newest first),
  so an archive feed of every post ever does not fill memory and the store.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader.annotations.clean import clean_line, clean_text, shown_uri
from reader.document.sanitize import sanitize
from reader.errors import ReaderError
from reader.feeds.model import FeedEntry, ParsedFeed

FULL_RATIO = 1.5
FULL_MARGIN = 200
MAX_ENTRIES = 1000
GUID_URN = "urn:x-reader:guid:"
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
})
_JSON_VERSION = "https://jsonfeed.org/version/"
_TAG = re.compile(r"<[^>]*>")
# Bytes of a document with no control character: what ``translate`` leaves are C0 controls and DEL.
_PLAIN_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])
# Parser complaints that do not make a feed unusable (a wrong or missing Content-Type).
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
# WordPress advertises its REST API and oEmbed as application/json alternates: not feeds.
_NOT_JSON_FEEDS = ("/wp-json/", "/oembed")


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed in ``data`` fetched from ``url``, or :class:`ReaderError` if it is none.

    ``content_type`` is the server's header, if any: it tells JSON from XML
    and may name the charset.
    """
    if _looks_json(data, content_type):
        return _parse_json(data, url)
    return _parse_xml(without_controls(data), url, content_type)


def _looks_json(data: bytes, content_type: str) -> bool:
    """JSON by its first character; the Content-Type only when that says nothing
    (servers label feeds wrongly more often than feeds start wrongly)."""
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"<"):
        return first == b"{"
    return "json" in content_type.lower()


def without_controls(data: bytes) -> bytes:
    """``data`` with escape sequences removed, if it is UTF-8 and holds any.

    XML may not hold them, so a parser would refuse the document or drop
    only their ESC byte.
    """
    if not data.translate(None, _PLAIN_BYTES):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # another charset: the fields are cleaned after parsing all the same
    return sanitize(text).encode("utf-8")


def _parse_xml(data: bytes, url: str, content_type: str) -> ParsedFeed:
    import feedparser  # imported when first needed: it is slow to load

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers)
    version = parsed.get("version", "")
    entries = _entries(_xml_entry(e, url) for e in parsed.entries)
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is not None and type(problem).__name__ in _HARMLESS_BOZO:
            problem = None
        if not version:
            raise ReaderError(f"{shown_uri(url)} is not a feed (RSS, Atom or JSON Feed)")
        if problem is not None:
            reason = _line(str(problem)) or type(problem).__name__
            raise ReaderError(f"{shown_uri(url)} is a broken feed with no entries: {reason}")
    feed = parsed.feed
    kind = "atom" if version.startswith("atom") else "rss"
    return ParsedFeed(
        title=_title(feed.get("title", ""), feed.get("title_detail")),
        link=web_link(feed.get("link", ""), url),
        entries=entries,
        kind=kind,
    )


def _xml_entry(entry: Any, base: str) -> FeedEntry | None:
    """One feedparser entry as a record, or None if it cannot be kept."""
    contents = entry.get("content") or ()
    content = contents[0].get("value", "") if contents else ""
    summary = entry.get("summary", "")
    if summary == content:
        summary = ""
    detail = entry.get("author_detail") or {}
    author = detail.get("name") or entry.get("author", "")
    published = _when(entry.get("published", ""), entry.get("published_parsed")) or _when(
        entry.get("updated", ""), entry.get("updated_parsed")
    )
    return _entry(
        ident=entry.get("id", ""),
        link=web_link(entry.get("link", ""), base),
        title=_title(entry.get("title", ""), entry.get("title_detail")),
        published=published,
        author=author,
        summary=summary,
        content=content,
    )


def _title(value: str, detail: Any) -> str:
    """A title as plain text: feeds may mark it up (Atom ``type="html"``)."""
    if detail and "html" in str(detail.get("type", "")):
        value = html.unescape(_TAG.sub("", value))
    return _line(value)


def _line(value: str) -> str:
    """One-line text: cleaned, trimmed, runs of spaces (left by removed escapes) as one."""
    return " ".join(clean_line(value).split())


def _entry(*, ident: str, link: str, title: str, published: str, author: str,
           summary: str, content: str) -> FeedEntry | None:
    """The record from already-extracted fields; the guid and full rules live here."""
    summary, content = clean_text(summary).strip(), clean_text(content).strip()
    guid = _line(ident) or link
    if not guid and title:
        guid = GUID_URN + hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:24]
    if not guid or not (link or summary or content):
        return None
    return FeedEntry(
        guid=guid,
        link=link,
        title=title,
        published=published,
        author=_line(author),
        summary=summary,
        content=content,
        full=is_full(summary, content),
    )


def _entries(entries: Iterable[FeedEntry | None]) -> tuple[FeedEntry, ...]:
    """The kept entries, the first of each guid, at most :data:`MAX_ENTRIES`."""
    seen: set[str] = set()
    out: list[FeedEntry] = []
    for entry in entries:
        if entry is not None and entry.guid not in seen:
            seen.add(entry.guid)
            out.append(entry)
            if len(out) == MAX_ENTRIES:
                break
    return tuple(out)


def is_full(summary: str, content: str) -> bool:
    """Whether ``content`` looks like the whole article rather than the summary again."""
    if not content:
        return False
    if not summary:
        return True
    words, teaser = len(_words(content)), len(_words(summary))
    return words >= FULL_RATIO * teaser and words - teaser >= FULL_MARGIN


def _words(markup: str) -> str:
    """The text of HTML (or plain text), runs of whitespace as one space."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def web_link(value: object, base: str) -> str:
    """``value`` as an absolute ``http(s)`` URL (resolved against ``base``), or ""."""
    if not isinstance(value, str):
        return ""
    link = clean_line(value).strip().replace(" ", "%20")
    if not link:
        return ""
    try:
        link = urljoin(base, link)
        parts = urlsplit(link)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return ""
    return link if ok and not any(c in link for c in '<>"\\^`{|}') else ""


def _when(raw: str, parsed: Any = None) -> str:
    """A feed's date as ISO 8601 with its offset (UTC when it names none), or ""."""
    raw = raw.strip() if isinstance(raw, str) else ""
    moment: datetime | None = None
    if raw:
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            try:
                moment = parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                moment = None
    if moment is None and parsed is not None:
        try:
            moment = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            return ""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0).isoformat()


def _parse_json(data: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    import orjson

    try:
        doc = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        raise ReaderError(f"{shown_uri(url)} is not a feed: not valid JSON ({exc})") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith(_JSON_VERSION):
        raise ReaderError(f"{shown_uri(url)} is not a feed (JSON, but not a JSON Feed)")
    items = doc.get("items")
    entries = _entries(
        _json_entry(item, url) for item in (items if isinstance(items, list) else ())
        if isinstance(item, dict)
    )
    return ParsedFeed(
        title=_line(_text(doc.get("title"))),
        link=web_link(doc.get("home_page_url"), url),
        entries=entries,
        kind="json",
    )


def _json_entry(item: dict[str, Any], base: str) -> FeedEntry | None:
    ident = item.get("id")
    if isinstance(ident, int | float) and not isinstance(ident, bool):
        ident = str(ident)  # 1.0 feeds in the wild give numbers; the spec says strings
    return _entry(
        ident=_text(ident),
        link=web_link(item.get("url"), base) or web_link(item.get("external_url"), base),
        title=_line(_text(item.get("title"))),
        published=_when(_text(item.get("date_published"))) or _when(
            _text(item.get("date_modified"))),
        author=_json_author(item),
        summary=_text(item.get("summary")),
        content=_text(item.get("content_html")) or _text(item.get("content_text")),
    )


def _json_author(item: dict[str, Any]) -> str:
    """The first author's name: 1.1 has ``authors``, 1.0 had ``author``."""
    authors = item.get("authors")
    first = authors[0] if isinstance(authors, list) and authors else item.get("author")
    return _text(first.get("name")) if isinstance(first, dict) else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def discover_feeds(html: bytes | str, page_url: str) -> list[str]:
    """The feeds a web page advertises (``<link rel="alternate" type=...>``), in page order.

    Absolute (against ``<base href>`` if the page has one, else ``page_url``),
    ``http(s)`` only, each once.
    """
    page = html
    if isinstance(page, bytes):
        from reader.document.html import decode_html
        from reader.document.ingest import NotTextError

        try:
            page = decode_html(page)[0]
        except NotTextError:
            return []
    finder = _FeedLinks(page_url)
    finder.feed(page)
    finder.close()
    return finder.found


class _FeedLinks(HTMLParser):
    """Collects feed links as the page is read; ``<base>`` changes what they resolve against."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = page_url
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "base"):
            return
        attr = {name: value or "" for name, value in attrs}
        href = attr.get("href", "")
        if tag == "base":
            self.base = urljoin(self.base, href.strip()) if href.strip() else self.base
            return
        kind = attr.get("type", "").split(";")[0].strip().lower()
        rels = attr.get("rel", "").lower().split()
        if "alternate" not in rels or kind not in FEED_TYPES or not href.strip():
            return
        link = web_link(href, self.base)
        if kind == "application/json" and any(part in link for part in _NOT_JSON_FEEDS):
            return
        if link and link not in self.found:
            self.found.append(link)

    handle_startendtag = handle_starttag
