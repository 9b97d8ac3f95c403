"""http(s) articles: fetched from a local server, kept for offline reading, one-line errors."""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path
from typing import Any

import pytest

from reader.document import load_article, web
from reader.document.web import load_offline, normalise_url
from reader.errors import ReaderError
from reader.store.pages import OfflinePages
from reader.store.paths import article_key, data_dir, pages_dir
from reader.store.store import Store

from .pages import PAGES
from .server import Served, closed_port_url, serve

HARBOUR = PAGES[0]


def _one_line_error(excinfo: pytest.ExceptionInfo[ReaderError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_url_opens_and_is_kept(server: Served, tmp_path: Path) -> None:
    url = server.url("harbour-flood.html")
    article = load_article(url, cache=OfflinePages(tmp_path))
    assert article.uri == url
    assert article.title == HARBOUR.title
    assert [s.title for s in article.sections][1:] == list(HARBOUR.subheads)
    assert not any(junk in article.text for junk in HARBOUR.furniture)
    key = article_key(url)
    text_path = pages_dir(tmp_path) / f"{key}.md"
    meta = json.loads((pages_dir(tmp_path) / f"{key}.json").read_text(encoding="utf-8"))
    assert meta["uri"] == url and meta["title"] == HARBOUR.title
    assert meta["fetched"].endswith("+00:00") and meta["last_modified"]
    assert load_article(text_path).text == article.text  # the copy is the parsed Markdown
    sent = [r for r in server.requests if r["path"] == "/harbour-flood.html"][-1]["headers"]
    assert sent["User-Agent"] == "reader/0.1.0"


def test_identity_drops_the_fragment(server: Served, tmp_path: Path) -> None:
    url = server.url("night-train.html")
    shouting = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + "#comments"
    assert normalise_url(shouting) == url
    assert load_article(shouting, cache=OfflinePages(tmp_path)).uri == url
    assert normalise_url("https://Example.COM") == "https://example.com/"
    for bad in ("http:///nohost", "http://example.com:port/", "ftp://example.com/"):
        with pytest.raises(ReaderError, match="not a web address"):
            normalise_url(bad)


def test_the_copy_is_preferred_so_anchors_stay_exact(server: Served, tmp_path: Path) -> None:
    url = server.url("live")
    first = load_article(url, cache=OfflinePages(tmp_path))
    assert "Edition 1 of this story." in first.text
    again = load_article(url, cache=OfflinePages(tmp_path))
    assert again.text == first.text and server.live_version == 1  # no request made
    assert again.notices[0].startswith("saved copy from ")
    fresh = load_article(url, cache=OfflinePages(tmp_path), refresh=True)
    assert "Edition 2 of this story." in fresh.text and server.live_version == 2
    again = load_article(url, cache=OfflinePages(tmp_path))
    assert again.text == fresh.text  # the copy was replaced


def test_offline_uses_the_copy(tmp_path: Path) -> None:
    with serve() as served:
        url = served.url("solar-farm-cms.html")
        online = load_article(url, cache=OfflinePages(tmp_path))
    offline = load_article(url, cache=OfflinePages(tmp_path))  # the server is gone
    assert offline.text == online.text and offline.sections == online.sections
    refreshed = load_article(url, cache=OfflinePages(tmp_path), refresh=True)
    assert refreshed.text == online.text
    (notice,) = refreshed.notices
    assert notice.startswith("offline: showing the copy from 20")


def test_refresh_asks_whether_the_page_changed(server: Served, tmp_path: Path) -> None:
    url = server.url("night-train.html")
    first = load_article(url, cache=OfflinePages(tmp_path))
    again = load_article(url, cache=OfflinePages(tmp_path), refresh=True)
    sent = server.requests[-1]["headers"]
    assert "If-Modified-Since" in sent  # the file did not change: 304, the copy is used
    assert again.text == first.text


def test_server_error_on_refresh_falls_back(server: Served, tmp_path: Path) -> None:
    url = server.url("broken")
    with pytest.raises(ReaderError) as excinfo:
        load_article(url, cache=OfflinePages(tmp_path))
    assert _one_line_error(excinfo).endswith("answered 503 Service Unavailable; try again later")
    folder = pages_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / f"{article_key(url)}.md").write_text("Old Title\n\nOld body.\n", encoding="utf-8")
    meta = {"uri": url, "fetched": "2024-01-02T03:04:05+00:00", "markdown": None}
    (folder / f"{article_key(url)}.json").write_text(json.dumps(meta), encoding="utf-8")
    article = load_article(url, cache=OfflinePages(tmp_path), refresh=True)
    assert article.title == "Old Title"
    (notice,) = article.notices
    assert notice.startswith(f"{server.base.removeprefix('http://')} answered 503 Service")
    assert "Unavailable: showing the copy from 2024-01-0" in notice


def test_not_found(server: Served, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as excinfo:
        load_article(server.url("no-such-story.html"), cache=OfflinePages(tmp_path))
    host = server.base.removeprefix("http://")
    assert _one_line_error(excinfo) == f"{host} answered 404 Not Found; check the address"
    assert not pages_dir(tmp_path).exists() or not any(pages_dir(tmp_path).iterdir())


def test_slow_server_times_out(
    server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_HTTP_TIMEOUT", "0.5")
    started = time.monotonic()
    with pytest.raises(ReaderError) as excinfo:
        load_article(server.url("slow"), cache=OfflinePages(tmp_path))
    assert time.monotonic() - started < 2.5
    assert "did not answer within 0.5 s" in _one_line_error(excinfo)
    assert "READER_HTTP_TIMEOUT" in str(excinfo.value)


def test_bad_timeout_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_HTTP_TIMEOUT", "soon")
    with pytest.raises(ReaderError, match="READER_HTTP_TIMEOUT='soon' is not a duration"):
        load_article("http://127.0.0.1:9/x", cache=OfflinePages(tmp_path))


def test_too_large(server: Served, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as excinfo:  # told by Content-Length
        load_article(server.url("harbour-flood.html"), cache=OfflinePages(tmp_path), max_bytes=1000)
    assert "larger than the" in _one_line_error(excinfo) and "READER_MAX_MB" in str(excinfo.value)
    started = time.monotonic()
    with pytest.raises(ReaderError) as excinfo:  # no length: counted while streaming
        load_article(server.url("endless"), cache=OfflinePages(tmp_path), max_bytes=256 * 1024)
    assert "larger than the 0.25 MB limit" in _one_line_error(excinfo)
    assert time.monotonic() - started < 5


def test_unreachable(tmp_path: Path) -> None:
    url = closed_port_url()
    with pytest.raises(ReaderError) as excinfo:
        load_article(url, cache=OfflinePages(tmp_path))
    message = _one_line_error(excinfo)
    assert message.startswith("cannot reach 127.0.0.1:") and message.endswith("(offline?)")


def test_redirects(server: Served, tmp_path: Path) -> None:
    url = server.url("moved")
    article = load_article(url, cache=OfflinePages(tmp_path))
    assert article.uri == url and article.title == HARBOUR.title
    meta = json.loads((pages_dir(tmp_path) / f"{article_key(url)}.json").read_text())
    assert meta["final_url"] == server.url("harbour-flood.html")
    with pytest.raises(ReaderError) as excinfo:
        load_article(server.url("loop"), cache=OfflinePages(tmp_path))
    assert "redirected more than 5 times" in _one_line_error(excinfo)


def test_content_types(server: Served, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as excinfo:
        load_article(server.url("report.pdf"), cache=OfflinePages(tmp_path))
    assert "is application/pdf, not a web page or text" in _one_line_error(excinfo)
    tides = load_article(server.url("tides"), cache=OfflinePages(tmp_path))
    assert [s.title for s in tides.sections] == ["Tide Tables Explained", "Spring Tides"]
    ferry = load_article(server.url("ferry"), cache=OfflinePages(tmp_path))
    assert ferry.title == "Ferry Timetable Changes"
    for fresh in (tides, ferry):  # the copies keep their format
        assert load_article(fresh.uri, cache=OfflinePages(tmp_path)).blocks == fresh.blocks
    with pytest.raises(ReaderError) as excinfo:
        load_article(server.url("front"), cache=OfflinePages(tmp_path))
    assert _one_line_error(excinfo).startswith("no article text found in http://")


def test_damaged_copy_is_fetched_again(server: Served, tmp_path: Path) -> None:
    url = server.url("night-train.html")
    load_article(url, cache=OfflinePages(tmp_path))
    (pages_dir(tmp_path) / f"{article_key(url)}.json").write_text("{not json", encoding="utf-8")
    before = len(server.requests)
    article = load_article(url, cache=OfflinePages(tmp_path))
    assert len(server.requests) == before + 1 and article.title == PAGES[1].title
    assert not article.notices


def test_data_folder_from_reader_home(
    server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    url = server.url("night-train.html")
    load_article(url, cache=OfflinePages(data_dir()))
    assert (tmp_path / "home" / "articles" / f"{article_key(url)}.md").is_file()


class _Shelf:
    """A page cache of the caller's own: the loader keeps copies only through it."""

    def __init__(self) -> None:
        self.saved: dict[str, tuple[str, dict[str, Any]]] = {}

    def read(self, uri: str) -> tuple[str, dict[str, Any]] | None:
        return self.saved.get(uri)

    def save(self, uri: str, text: str, record: dict[str, Any]) -> str | None:
        self.saved[uri] = (text, record)
        return None


def test_the_loader_keeps_copies_only_in_the_cache_it_is_given(
    server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    shelf = _Shelf()
    url = server.url("harbour-flood.html")
    article = load_article(url, cache=shelf)
    assert list(shelf.saved) == [url] and shelf.saved[url][1]["title"] == HARBOUR.title
    assert list(tmp_path.iterdir()) == []  # no file written, no data folder made
    before = len(server.requests)
    assert load_article(url, cache=shelf).text == article.text
    assert len(server.requests) == before
    assert load_offline(url, cache=shelf) is not None
    assert load_offline(server.url("night-train.html"), cache=shelf) is None


def test_the_web_loader_depends_on_no_store() -> None:
    tree = ast.parse(Path(web.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not [name for name in imported if name and name.startswith("reader.store")]


def test_a_url_needs_a_cache() -> None:
    with pytest.raises(ValueError, match="page cache"):
        load_article("https://example.com/")


def test_a_second_window_opens_a_page_without_keeping_it(server: Served, tmp_path: Path) -> None:
    """The read-only window reads the writer's copies but never writes one itself."""
    root = tmp_path / "data"
    url = server.url("night-train.html")
    writer = Store.open(root)
    second = Store.open(root)
    try:
        assert second.read_only
        article = load_article(url, cache=second.pages)
        assert article.title == PAGES[1].title
        unsaved = "no offline copy saved (another reader is using the data folder)"
        assert article.notices[-1] == unsaved
        assert not pages_dir(root).exists()
        load_article(url, cache=writer.pages)
        assert load_article(url, cache=second.pages).notices[0].startswith("saved copy from ")
    finally:
        second.close()
        writer.close()
