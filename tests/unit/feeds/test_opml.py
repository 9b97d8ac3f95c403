"""OPML in and out: folders and categories as tags, hostile files refused, a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.feeds.model import Subscription
from reader.feeds.opml import read_opml, write_opml

OPML = Path(__file__).resolve().parents[2] / "fixtures" / "feeds" / "subscriptions.opml"


def test_nested_folders_and_categories_become_tags() -> None:
    subs = read_opml(OPML.read_bytes())
    assert subs == [
        # in News, with a category path and a plain category; listed again in Travel
        Subscription("https://gazette.example.org/feed.xml", "Harbour Gazette",
                     ("News", "Local", "Coast", "weekly", "Travel")),
        Subscription("https://lab.example.edu/news.rdf", "Marine Lab News", ("News", "Science")),
        Subscription("https://kelp.example.org/feed?format=rss&lang=en",
                     'Kelp & Co. <weekly> "digest"', ("News", "Science")),
        Subscription("https://nighttrain.example.net/atom.xml", "Night Train Notes", ("Travel",)),
        Subscription("https://solar.example.com/feed.json", "Solar Farm Diary", ("energy",)),
        # the javascript: feed is dropped; escape sequences leave the title
        Subscription("https://escapes.example/feed", "Escapes in a title"),
    ]


def test_text_reads_as_bytes_do() -> None:
    assert read_opml(OPML.read_text(encoding="utf-8")) == read_opml(OPML.read_bytes())


def test_opml_1_0_and_declared_charset() -> None:
    doc = ('<?xml version="1.0" encoding="ISO-8859-1"?><opml version="1.0"><head/><body>'
           '<outline text="Caf\xe9" xmlUrl="http://cafe.example/rss"/></body></opml>')
    assert read_opml(doc.encode("latin-1")) == [Subscription("http://cafe.example/rss", "Café")]
    # text is already decoded: its declaration no longer says how
    assert read_opml(doc) == [Subscription("http://cafe.example/rss", "Café")]


def test_write_escapes_and_keeps_tags_in_category() -> None:
    subs = [Subscription("https://kelp.example.org/feed?a=1&b=2", 'Kelp & <Co> "x"',
                         ("News", "marine biology"))]
    text = write_opml(subs, title="Mine & yours")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert "<title>Mine &amp; yours</title>" in text
    assert 'xmlUrl="https://kelp.example.org/feed?a=1&amp;b=2"' in text
    assert 'title="Kelp &amp; &lt;Co&gt; &quot;x&quot;"' in text
    assert 'category="News,marine biology"' in text
    assert read_opml(text) == subs


def test_write_tags_that_category_cannot_carry() -> None:
    subs = [Subscription("https://x.example/feed", "X", ("a,b", "c/d", "C D"))]
    assert read_opml(write_opml(subs))[0].tags == ("a b", "c d")  # "C D" is "c d" again


def test_write_cleans_what_xml_cannot_hold() -> None:
    subs = [Subscription("https://x.example/feed", "bad \x1b[31m\ufffe\x00title", ("t\x07ag",))]
    assert read_opml(write_opml(subs)) == [Subscription("https://x.example/feed", "bad title",
                                                        ("tag",))]


def test_billion_laughs_is_refused() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    doc = (f'<?xml version="1.0"?><!DOCTYPE opml [{entities}]><opml version="2.0"><body>'
           '<outline text="&lol9;" xmlUrl="https://x.example/feed"/></body></opml>')
    with pytest.raises(ReaderError, match="declares XML entities"):
        read_opml(doc)


def test_external_entity_is_refused() -> None:
    doc = ('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://x.example/f"/>'
           "</body></opml>")
    with pytest.raises(ReaderError, match="declares XML entities"):
        read_opml(doc)


@pytest.mark.parametrize(("doc", "message"), [
    ('<rss version="2.0"><channel/></rss>', "not an OPML file: it is a <rss> document"),
    ("<opml><body><outline text='x'></body></opml>", "not a valid OPML file: mismatched tag"),
    ('<opml><body><outline text="&#x1b;" xmlUrl="https://x.example/f"/></body></opml>',
     "not a valid OPML file: reference to invalid character number"),
    ("", "not a valid OPML file: no element found"),
])
def test_not_opml_is_refused_in_one_line(doc: str, message: str) -> None:
    with pytest.raises(ReaderError) as caught:
        read_opml(doc)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_outlines_outside_the_body_and_empty_bodies() -> None:
    doc = ('<opml version="2.0"><head><outline xmlUrl="https://head.example/f"/></head>'
           "<body/></opml>")
    assert read_opml(doc) == []


# Subscriptions as the store holds them: one-line titles, tags normalised and free of the
# "," and "/" that category reserves, URLs plain http(s).
_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                  blacklist_characters="\ufffe\uffff\u061c\u200e\u200f"
                  "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    max_size=30,
)
_TITLE = _TEXT.map(lambda s: " ".join(s.split()))
_TAG = _TITLE.map(lambda s: " ".join(s.replace(",", " ").replace("/", " ").split())).filter(bool)
_URL = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.example/{path}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,20}", fullmatch=True),
)


def _tags(tags: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())


_SUBS = st.lists(
    st.builds(lambda url, title, tags: Subscription(url, title, _tags(tags)),
              _URL, _TITLE, st.lists(_TAG, max_size=4)),
    max_size=8,
    unique_by=lambda sub: sub.url,
)


@settings(max_examples=200, deadline=None)
@given(_SUBS, _TITLE)
def test_write_then_read_is_exact(subs: list[Subscription], title: str) -> None:
    assert read_opml(write_opml(subs, title=title)) == subs


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(Subscription, _URL, st.text(max_size=20),
                          st.lists(st.text(max_size=10), max_size=3).map(tuple)), max_size=5))
def test_any_text_writes_a_file_that_reads_back_stably(subs: list[Subscription]) -> None:
    once = read_opml(write_opml(subs))
    assert read_opml(write_opml(once)) == once
    assert [sub.url for sub in once] == list(dict.fromkeys(sub.url for sub in subs))
