"""discover_feeds: a page's advertised feeds, absolute, in order, once each."""

from __future__ import annotations

from pathlib import Path

from reader.feeds.parse import discover_feeds

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "feeds" / "page-with-feeds.html"


def test_alternate_links_in_page_order() -> None:
    found = discover_feeds(PAGE.read_bytes(), "https://gazette.example.org/news/today")
    assert found == [
        "https://gazette.example.org/feed.xml",
        "https://gazette.example.org/comments/atom",
        "https://gazette.example.org/news/feed.json",  # relative to the page
        "https://gazette.example.org/feed.xml?tag=ferries",  # a type with parameters
        "https://gazette.example.org/podcast.json",  # rel with more than one token
    ]
    # left out: the stylesheet, the hreflang alternate, WordPress's REST and oEmbed JSON,
    # the duplicate, the javascript: href, the link with no href, and the <a> element


def test_text_and_bytes_agree() -> None:
    url = "https://gazette.example.org/"
    assert discover_feeds(PAGE.read_text(encoding="utf-8"), url) == discover_feeds(
        PAGE.read_bytes(), url)


def test_base_href_is_honoured() -> None:
    page = ('<html><head><base href="https://cdn.example.net/site/">'
            '<link rel=alternate type="application/atom+xml" href="atom.xml"></head></html>')
    assert discover_feeds(page, "https://example.org/") == ["https://cdn.example.net/site/atom.xml"]


def test_page_without_feeds_and_binary_data() -> None:
    assert discover_feeds("<html><head><title>x</title></head></html>", "https://x.example/") == []
    assert discover_feeds(b"\x00\x01\x02binary\x00", "https://x.example/") == []


def test_hostile_href_is_cleaned() -> None:
    page = ('<link rel="alternate" type="application/rss+xml" href="/fe\x1b[2Jed.xml">'
            '<link rel="alternate" type="application/rss+xml" href="data:text/xml,&lt;rss&gt;">')
    assert discover_feeds(page, "https://x.example/") == ["https://x.example/feed.xml"]
