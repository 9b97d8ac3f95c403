"""parse_feed on each format, on broken and hostile documents, and its guid/full rules."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.feeds.model import FeedEntry, ParsedFeed
from reader.feeds.parse import FULL_MARGIN, GUID_URN, MAX_ENTRIES, is_full, parse_feed

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"


def parse(name: str, url: str, content_type: str = "") -> ParsedFeed:
    return parse_feed((FIXTURES / name).read_bytes(), url, content_type)


def by_title(feed: ParsedFeed) -> dict[str, FeedEntry]:
    return {entry.title: entry for entry in feed.entries}


def test_rss2_with_summaries_only() -> None:
    feed = parse("rss2-summaries.xml", "https://gazette.example.org/feed.xml",
                 "application/rss+xml; charset=utf-8")
    assert (feed.title, feed.link, feed.kind) == (
        "Harbour Gazette", "https://gazette.example.org/", "rss")
    first = feed.entries[0]
    assert first == FeedEntry(
        guid="gazette-2024-0117",
        link="https://gazette.example.org/2024/01/flood-barrier",
        title="Flood barrier passes its first winter",
        published="2024-01-17T08:30:00+01:00",
        author="Mara Lind",
        summary="<p>The barrier held through three storms, engineers said on Tuesday.</p>",
    )
    assert not any(entry.full or entry.content for entry in feed.entries)


def test_rss2_relative_link_is_resolved_and_is_the_guid() -> None:
    ferry = by_title(parse("rss2-summaries.xml", "https://gazette.example.org/feed.xml"))[
        "Ferry timetable changes from March"]
    assert ferry.link == "https://gazette.example.org/2024/01/ferry-timetable"
    assert ferry.guid == ferry.link
    assert ferry.published == "2024-01-16T17:00:00+00:00"
    assert ferry.author == "News Desk"  # not "desk@... (News Desk)"


def test_rss2_javascript_link_is_dropped_entry_kept_by_its_guid() -> None:
    entry = by_title(parse("rss2-summaries.xml", "https://gazette.example.org/feed.xml"))[
        "Harbour master retires after 30 years"]
    assert entry.link == "" and entry.guid == "gazette-2024-0115"


def test_guid_falls_back_to_a_hash_of_title_and_date() -> None:
    entries = by_title(parse("rss2-summaries.xml", "https://gazette.example.org/feed.xml"))
    letters = entries["Letters: the car park question"]
    assert letters.guid.startswith(GUID_URN) and letters.link == ""
    again = by_title(parse("rss2-summaries.xml", "https://elsewhere.example/feed"))
    assert again["Letters: the car park question"].guid == letters.guid  # stable
    # a data: link, no guid, nothing to read: nothing to open, so skipped
    assert "Notice with nothing to open" not in entries


def test_atom_with_full_content() -> None:
    feed = parse("atom-full.xml", "https://nighttrain.example.net/atom.xml")
    assert (feed.title, feed.link, feed.kind) == (
        "Night Train Notes", "https://nighttrain.example.net/", "atom")
    vienna, booking, note = feed.entries
    assert vienna.link == "https://nighttrain.example.net/2024/02/vienna-brussels"
    assert vienna.published == "2024-02-03T21:15:00+01:00"  # published beats updated
    assert vienna.summary.startswith("A sleeper revived")
    assert vienna.content.startswith("<p>The train leaves Vienna") and vienna.full
    assert "<script" not in vienna.content and "alert" not in vienna.content
    # content only: feedparser copies it into the summary; kept once, and full
    assert booking.title == "Booking tips"  # type="html" title as plain text
    assert booking.summary == "" and booking.full
    assert booking.content.startswith("<p>Book sixty days")
    assert booking.published == "2024-01-20T10:00:00+00:00" and booking.author == "Guest Writer"
    # content barely longer than the summary: the teaser again, not the article
    assert note.content and not note.full
    assert note.published == "2024-01-10T08:00:00-05:00"


def test_rss1_rdf() -> None:
    feed = parse("rss1-rdf.xml", "https://lab.example.edu/news.rdf")
    assert (feed.title, feed.kind) == ("Marine Lab News", "rss")
    kelp, open_day = feed.entries
    assert kelp.guid == kelp.link == "https://lab.example.edu/news/kelp"
    assert kelp.published == "2024-04-05T14:00:00+02:00" and kelp.author == "Survey Team"
    assert kelp.content.startswith("<p>Kelp cover") and kelp.full
    assert open_day.published == "2024-04-01T00:00:00+00:00" and not open_day.full


def test_json_feed_1_1() -> None:
    feed = parse("jsonfeed-1.1.json", "https://solar.example.com/feed.json",
                 "application/feed+json")
    assert (feed.title, feed.link, feed.kind) == (
        "Solar Farm Diary", "https://solar.example.com/", "json")
    panels, why, report = feed.entries  # the javascript:-only item and the string are skipped
    assert panels.guid == panels.link == "https://solar.example.com/posts/42"
    assert panels.published == "2024-03-01T09:00:00+01:00" and panels.author == "Asha Nair"
    assert panels.summary == "All 640 panels are mounted." and panels.full
    assert why.title == "Why a solar farm now"  # escape sequences gone
    assert why.link == "https://solar.example.com/posts/41" and why.guid == "41"
    assert why.content.startswith("Because the land") and why.full
    assert why.published == "2024-02-20T18:30:00+00:00"  # from date_modified
    assert report.guid == "40" and report.link == "https://news.example.org/solar-report"


def test_json_feed_found_without_a_content_type_and_1_0_author() -> None:
    doc = {"version": "https://jsonfeed.org/version/1", "title": "Old",
           "items": [{"id": "a", "url": "https://x.example/a", "content_text": "Hi",
                      "author": {"name": "Bo"}}]}
    feed = parse_feed(json.dumps(doc).encode(), "https://x.example/feed.json")
    assert feed.kind == "json" and feed.entries[0].author == "Bo"


@pytest.mark.parametrize("data", [b'{"title": "no version"}', b"[1, 2]", b"{not json"])
def test_json_that_is_not_a_json_feed_is_refused(data: bytes) -> None:
    with pytest.raises(ReaderError, match="is not a feed") as caught:
        parse_feed(data, "https://x.example/feed.json", "application/json")
    assert "\n" not in str(caught.value)


def test_broken_feed_that_still_yields_entries_is_accepted() -> None:
    feed = parse("broken.xml", "https://broken.example.org/feed")
    assert feed.title == "Half a feed"
    assert [e.link for e in feed.entries] == ["https://broken.example.org/1"]


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti',
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x<entry',
])
def test_broken_feed_with_nothing_usable_is_refused(data: bytes) -> None:
    with pytest.raises(ReaderError, match="broken feed with no entries") as caught:
        parse_feed(data, "https://x.example/feed")
    assert "\n" not in str(caught.value)


def test_empty_but_well_formed_feed_is_accepted() -> None:
    data = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = parse_feed(data, "https://x.example/feed", "application/rss+xml")
    assert (feed.title, feed.entries) == ("Quiet", ())


@pytest.mark.parametrize("name", ["page-with-feeds.html", "not-a-feed.bin"])
def test_documents_that_are_not_feeds_are_refused(name: str) -> None:
    with pytest.raises(ReaderError) as caught:
        parse(name, "https://x.example/page")
    message = str(caught.value)
    assert message == "'https://x.example/page' is not a feed (RSS, Atom or JSON Feed)"


def test_hostile_feed_is_cleaned() -> None:
    feed = parse("hostile.xml", "https://hostile.example/feed")
    assert feed.title == "Totally Normal News"  # the whole sequences, no "[2J" litter
    assert feed.link == ""  # javascript:
    evil, numeric, relative = feed.entries  # the data: entry has nothing to open
    assert evil.title == "Click here now"  # OSC 8 hyperlink and the bidi override gone
    assert evil.link == ""
    assert evil.guid == "evil-1 X-Injected: yes"  # one line
    assert evil.author == "Mallory the second line"
    assert evil.summary == "Summary with blink and a bell."
    assert numeric.title == "Numeric escapes here"  # &#x1b; only exists once parsed
    assert relative.link == "https://cdn.example.net/story"
    for entry in feed.entries:
        for text in (entry.title, entry.guid, entry.author, entry.summary, entry.content):
            assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_external_entities_are_not_read() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>x</title><item><title>a&xxe;b</title>'
            b"<link>https://x.example/1</link></item></channel></rss>")
    assert parse_feed(data, "https://x.example/feed").entries[0].title == "ab"


def test_entity_bomb_is_not_expanded() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    data = (f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
            "<title>&lol9;</title><item><title>&lol9;</title><link>https://x.example/1</link>"
            "</item></channel></rss>").encode()
    start = time.monotonic()
    feed = parse_feed(data, "https://x.example/feed")
    assert time.monotonic() - start < 20
    assert len(feed.title) < 100 and all(len(e.title) < 100 for e in feed.entries)


def test_entries_are_deduplicated_and_capped() -> None:
    items = "".join(
        f"<item><guid>g{i % (MAX_ENTRIES + 5)}</guid><title>t{i}</title>"
        f"<link>https://x.example/{i}</link></item>" for i in range(MAX_ENTRIES + 10))
    data = f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()
    entries = parse_feed(data, "https://x.example/feed").entries
    assert len(entries) == MAX_ENTRIES and entries[0].title == "t0"
    assert len({e.guid for e in entries}) == MAX_ENTRIES


@pytest.mark.parametrize(("raw", "expected"), [
    ("Wed, 17 Jan 2024 08:30:00 +0100", "2024-01-17T08:30:00+01:00"),
    ("2024-01-20T10:00:00Z", "2024-01-20T10:00:00+00:00"),
    ("2024-01-20T10:00:00.123-03:00", "2024-01-20T10:00:00-03:00"),
    ("2024-01-20T10:00:00", "2024-01-20T10:00:00+00:00"),
    ("next Tuesday", ""),
])
def test_dates_in_json_feed(raw: str, expected: str) -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "a", "url": "https://x.example/a", "date_published": raw}]}
    feed = parse_feed(json.dumps(doc).encode(), "https://x.example/f", "application/feed+json")
    assert feed.entries[0].published == expected


def test_full_rule() -> None:
    teaser = "<p>" + "word " * 40 + "</p>"
    assert not is_full("anything", "")
    assert is_full("", "short but all there is")
    assert not is_full(teaser, teaser + "<p>Read more</p>")
    assert is_full(teaser, teaser + "<p>" + "more " * (FULL_MARGIN // 5 + 40) + "</p>")
    # longer by the margin but not by the ratio: a long teaser cut a little later
    long_teaser = "x" * 2000
    assert not is_full(long_teaser, long_teaser + "y" * (FULL_MARGIN + 10))


def test_document_beats_a_wrong_content_type() -> None:
    rss = parse("rss1-rdf.xml", "https://lab.example.edu/news.rdf", "application/json")
    assert rss.kind == "rss" and len(rss.entries) == 2
    json_feed = parse("jsonfeed-1.1.json", "https://solar.example.com/feed.json", "text/xml")
    assert json_feed.kind == "json"
