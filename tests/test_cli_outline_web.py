"""``reader outline`` on saved web pages and on URLs, in a subprocess like a user's shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.web.pages import FIXTURES, PAGES, Page
from tests.unit.web.server import Served, closed_port_url, serve

_DROPPED_ENV = ("READER_HTTP_TIMEOUT", "READER_MAX_MB", "READER_HOME", "HTTP_PROXY",
                "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def outline(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    full.update(PYTHONIOENCODING="utf-8", **env)
    return subprocess.run(
        [sys.executable, "-m", "reader", "outline", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=60, env=full,
    )


def _one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_saved_page(page: Page) -> None:
    result = outline(str(page.path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == page.title
    assert data["uri"] == page.path.resolve().as_uri()
    assert [s["title"] for s in data["sections"]] == [page.title, *page.subheads]
    texts = [b["text"] for s in data["sections"] for b in s["blocks"]]
    assert any(page.body in t for t in texts)
    for junk in page.furniture:
        assert not any(junk in t for t in texts), junk


def test_url_with_data_folder(server: Served, tmp_path: Path) -> None:
    url = server.url("harbour-flood.html")
    result = outline(url, "--json", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["uri"] == url and data["title"] == PAGES[0].title
    assert [s["title"] for s in data["sections"]][1:] == list(PAGES[0].subheads)
    assert len(list((tmp_path / "articles").glob("*.md"))) == 1


def test_url_with_reader_home(server: Served, tmp_path: Path) -> None:
    result = outline(server.url("night-train.html"), READER_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == PAGES[1].title
    assert len(list((tmp_path / "articles").glob("*.json"))) == 1


def test_not_found(server: Served, tmp_path: Path) -> None:
    result = outline(server.url("gone.html"), "--data", str(tmp_path))
    host = server.base.removeprefix("http://")
    assert _one_line_failure(result) == f"reader: {host} answered 404 Not Found; check the address"


def test_timeout(server: Served, tmp_path: Path) -> None:
    result = outline(server.url("slow"), "--data", str(tmp_path), READER_HTTP_TIMEOUT="0.5")
    assert "did not answer within 0.5 s" in _one_line_failure(result)


def test_too_large(server: Served, tmp_path: Path) -> None:
    result = outline(server.url("harbour-flood.html"), "--data", str(tmp_path),
                     READER_MAX_MB="0.001")
    assert "harbour-flood.html is larger than the" in _one_line_failure(result)


def test_unreachable(tmp_path: Path) -> None:
    result = outline(closed_port_url(), "--data", str(tmp_path))
    message = _one_line_failure(result)
    assert message.startswith("reader: cannot reach 127.0.0.1:") and "(offline?)" in message


def test_hostile_page_prints_nothing_that_acts_on_a_terminal() -> None:
    result = outline(str(FIXTURES / "hostile.html"))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert result.stdout.splitlines()[0] == "Council [bold]vote[/bold] on harbour fees"
    assert "SCRIPT_PAYLOAD" not in result.stdout and "INLINE_SCRIPT" not in result.stdout


def test_app_keeps_a_url_in_its_data_folder(server: Served, tmp_path: Path) -> None:
    """``reader --data D URL``: the copy goes to D, and D alone reopens it later."""
    from reader.ui.app import make_app

    url = server.url("harbour-flood.html")
    app = make_app(url, tmp_path)
    try:
        assert app.article.title == PAGES[0].title and app.source == url
    finally:
        app.store.close()
    assert len(list((tmp_path / "articles").glob("*.md"))) == 1
    again = make_app(None, tmp_path)  # no source: the last article read, the URL
    try:
        assert again.source == url and again.article.title == PAGES[0].title
    finally:
        again.store.close()
