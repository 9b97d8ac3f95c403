"""The feed commands end to end, against feeds served on 127.0.0.1: subscribe (with
autodiscovery), list, rename, tag, refresh (304 the second time), import, export,
entries, save."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from reader.feeds.opml import read_opml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


class _Site(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[str, bytes]]
    requests: list[tuple[str, str]]


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("If-None-Match", "")))
        page = self.server.pages.get(self.path)
        if page is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = page
        etag = f'"{hashlib.sha256(body).hexdigest()[:12]}"'  # a new version, a new ETag
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[_Site]:
    server = _Site(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.pages = {
        "/rss.xml": ("application/rss+xml", (FIXTURES / "rss2-summaries.xml").read_bytes()),
        "/atom.xml": ("application/atom+xml", (FIXTURES / "atom-full.xml").read_bytes()),
        "/feed.json": ("application/feed+json", (FIXTURES / "jsonfeed-1.1.json").read_bytes()),
        "/blog/": ("text/html", f'<html><head><link rel="alternate" type="application/atom+xml"'
                   f' href="{base}/atom.xml"></head><body>hi</body></html>'.encode()),
        "/broken.xml": ("application/rss+xml", (FIXTURES / "not-a-feed.bin").read_bytes()),
    }
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = base  # type: ignore[attr-defined]
    yield server
    server.shutdown()
    server.server_close()


def test_subscribe_list_rename_tag_remove(cli, site) -> None:
    base = site.base
    added = cli("feeds", "add", f"{base}/rss.xml", "--tag", "news", "--json")
    assert added.code == 0, added.err
    row = added.json()
    assert row["url"] == f"{base}/rss.xml" and row["tags"] == ["news"] and row["added"] > 0
    # a web page is searched for the feed it links
    found = cli("feeds", "add", f"{base}/blog/", "--json").json()
    assert found["url"] == f"{base}/atom.xml" and found["title"]
    again = cli("feeds", "add", f"{base}/rss.xml")
    assert again.code == 1 and again.err.count("\n") == 1 and "already subscribed" in again.err

    listed = cli("feeds", "list", "--json").json()
    assert {r["url"] for r in listed} == {f"{base}/rss.xml", f"{base}/atom.xml"}
    assert all(r["unread"] == r_added for r, r_added in
               [(next(x for x in listed if x["url"] == row["url"]), row["added"])])
    assert cli("feeds", "rename", row["title"], "The Gazette").code == 0
    assert cli("feeds", "tag", "the gaz", "local", "weekly").code == 0  # a unique start of it
    gazette = next(r for r in cli("feeds", "list", "--json").json() if r["url"] == row["url"])
    assert gazette["title"] == "The Gazette" and gazette["tags"] == ["local", "weekly"]
    removed = cli("feeds", "remove", "The Gazette")
    assert removed.code == 0 and "unsubscribed" in removed.out
    assert [r["url"] for r in cli("feeds", "list", "--json").json()] == [f"{base}/atom.xml"]
    nothing = cli("feeds", "remove", "nonesuch")
    assert nothing.code == 1 and "no subscription called" in nothing.err


def test_refresh_is_conditional_and_one_bad_feed_does_not_stop_the_rest(cli, site) -> None:
    base = site.base
    for path in ("/rss.xml", "/feed.json"):
        assert cli("feeds", "add", f"{base}{path}").code == 0
    # a feed that later breaks: subscribed while good, then served broken
    assert cli("feeds", "add", f"{base}/atom.xml").code == 0
    site.pages["/atom.xml"] = site.pages["/broken.xml"]
    site.requests.clear()
    rows = cli("feeds", "refresh", "--json").json()
    by_url = {r["url"]: r for r in rows}
    # the ETag of the subscribing fetch was kept and sent back: nothing to fetch again
    assert by_url[f"{base}/rss.xml"]["status"] == "not-modified"
    assert by_url[f"{base}/atom.xml"]["status"] == "failed" and by_url[f"{base}/atom.xml"]["reason"]
    assert by_url[f"{base}/feed.json"]["status"] == "not-modified"
    assert any(path == "/rss.xml" and etag for path, etag in site.requests)
    listed = {r["url"]: r for r in cli("feeds", "list", "--json").json()}
    assert listed[f"{base}/rss.xml"]["unread"] > 0 and not listed[f"{base}/rss.xml"]["error"]
    text = cli("feeds", "refresh")
    assert text.code == 0 and text.out.startswith("3 feeds in ")


def test_entries_read_later_and_filters(cli, site) -> None:
    base = site.base
    assert cli("feeds", "add", f"{base}/rss.xml").code == 0
    saved = cli("save", "https://example.org/long-read", "--title", "A long read", "--json")
    assert saved.code == 0 and saved.json()["title"] == "A long read"
    again = cli("save", "https://example.org/long-read", "--json").json()
    assert again["id"] == saved.json()["id"]  # saved once
    rows = cli("entries", "--json").json()
    assert {r["feed_title"] for r in rows} == {"read later", rows[-1]["feed_title"]}
    assert all(not r["read"] for r in rows)
    feed_only = cli("entries", "--feed", rows[-1]["feed_title"], "--json").json()
    assert feed_only and all(r["feed"] == f"{base}/rss.xml" for r in feed_only)
    assert cli("save", "javascript:alert(1)").code == 1


def test_import_and_export_subscriptions(cli, tmp_path) -> None:
    imported = cli("feeds", "import", str(FIXTURES / "subscriptions.opml"))
    assert imported.code == 0, imported.err
    out = tmp_path / "subs.opml"
    assert cli("feeds", "export", "-o", str(out)).code == 0
    subs = read_opml(out.read_text(encoding="utf-8"))
    listed = cli("feeds", "list", "--json").json()
    assert sorted((s.url, tuple(s.tags)) for s in subs) == sorted(
        (r["url"], tuple(r["tags"])) for r in listed)
    assert cli("feeds", "import", str(FIXTURES / "subscriptions.opml")).out.startswith(
        "subscribed to 0, already there")
    newsboat = cli("feeds", "import", str(FIXTURES / "newsboat-urls"))
    assert newsboat.code == 0 and "skipped" in newsboat.out
    assert all(line.startswith("reader: line ") for line in newsboat.err.splitlines())
    assert json.loads(cli("feeds", "list", "--json").out)
