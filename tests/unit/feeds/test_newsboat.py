"""newsboat's urls file: tags, quoted tags, ~titles, and one line for each line skipped."""

from __future__ import annotations

from pathlib import Path

from reader.feeds.model import Subscription
from reader.feeds.opml import read_newsboat_urls

URLS = Path(__file__).resolve().parents[2] / "fixtures" / "feeds" / "newsboat-urls"


def test_urls_file() -> None:
    subs, skipped = read_newsboat_urls(URLS.read_text(encoding="utf-8"))
    assert subs == [
        # listed again on line 14 with "weekly": one subscription, both lines' tags
        Subscription("https://gazette.example.org/feed.xml", "Harbour Gazette",
                     ("news", "local", "weekly")),
        Subscription("https://lab.example.edu/news.rdf", "", ("science", "marine biology")),
        Subscription("https://nighttrain.example.net/atom.xml", "Night Train Notes",
                     ("travel", "long-reads")),  # the comment is not a tag
        Subscription("https://solar.example.com/feed.json", "Solar", ("energy",)),
        Subscription("https://hidden.example.org/rss", "", ("quiet",)),  # "!" is not a tag
    ]
    assert skipped == [
        "line 9: skipped (query: feeds are newsboat's own searches)",
        "line 10: skipped (exec: feeds run a command, which the reader does not)",
        "line 11: skipped (filter: feeds run a command, which the reader does not)",
        "line 12: skipped ('file:///home/user/local.xml' is not an http(s) feed)",
        "line 13: skipped ('gopher://old.example/1/feed' is not an http(s) feed)",
        "line 15: skipped (a quote is not closed)",
    ]


def test_hostile_lines() -> None:
    text = (
        'javascript:alert(1) tag\n'
        'https://x.example/feed "~Title \x1b]0;pwned\x07 here" "t\x1b[2Jag"\n'
        "https://y.example/feed\r\n"
        "\x1b[2J\n"
    )
    subs, skipped = read_newsboat_urls(text)
    assert subs == [Subscription("https://x.example/feed", "Title here", ("tag",)),
                    Subscription("https://y.example/feed", "")]
    assert skipped == ["line 1: skipped ('javascript:alert(1)' is not an http(s) feed)"]


def test_quotes_and_escapes() -> None:
    text = r'https://x.example/f "a \"quoted\" tag" "~The \\ title" plain#hash' + "\n"
    subs, skipped = read_newsboat_urls(text)
    assert subs == [Subscription("https://x.example/f", "The \\ title",
                                 ('a "quoted" tag', "plain#hash"))]
    assert skipped == []


def test_blank_and_comment_only_file() -> None:
    assert read_newsboat_urls("\n   \n# nothing\n  # indented comment\n") == ([], [])
