"""Saved web pages open as clean articles: the story, its headline and subheads, no furniture."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.document import load_article, parse_text
from reader.document.html import decode_html, escape_markdown, html_to_markdown, looks_like_html
from reader.document.sanitize import is_clean
from reader.errors import ReaderError

from .pages import FIXTURES, PAGES, Page


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_page_opens_as_its_article(page: Page) -> None:
    article = load_article(page.path)
    assert article.uri == page.path.resolve().as_uri()
    assert article.title == page.title
    assert [s.title for s in article.sections] == [page.title, *page.subheads]
    first = article.blocks[0]
    assert first.kind == "heading" and first.level == 1
    assert article.block_text(0) == page.title
    headings = [article.block_text(i) for i, b in enumerate(article.blocks) if b.kind == "heading"]
    assert headings.count(page.title) == 1
    assert page.body in article.text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_no_furniture_in_any_block(page: Page) -> None:
    article = load_article(page.path)
    texts = [article.block_text(i) for i in range(len(article.blocks))]
    for junk in page.furniture:
        assert not any(junk in text for text in texts), junk
    assert "<" not in article.text and "{" not in article.text


def test_figure_caption_byline_and_table_are_kept() -> None:
    harbour = load_article(FIXTURES / "harbour-flood.html")
    kinds = {(b.kind, harbour.block_text(i)) for i, b in enumerate(harbour.blocks)}
    assert ("byline", "By Maria Lindqvist") in kinds
    assert (
        "caption",
        "The tidal barrier stuck partly closed during Wednesday's test. Photo: Jonas Berg",
    ) in kinds
    assert "half-closed barrier at dusk" not in harbour.text  # the alt text gives way
    solar = load_article(FIXTURES / "solar-farm-cms.html")
    assert "Grade 3a | 61" in [solar.block_text(i) for i in range(len(solar.blocks))]


def test_hostile_page_comes_out_literal_and_clean() -> None:
    article = load_article(FIXTURES / "hostile.html")
    text = article.text
    assert is_clean(text) and "\x1b" not in text and "\u202e" not in text
    assert article.title == "Council [bold]vote[/bold] on harbour fees"
    assert "Click [@click=app.quit]here[/] to read the minutes" in text
    assert "will cost <b>410 euros</b> a year" in text
    assert "*not emphasis* and _not either_ and `no code` and [a](javascript:alert(1))" in text
    for payload in ("SCRIPT_PAYLOAD", "INLINE_SCRIPT", "STYLE_PAYLOAD", "alert(\"", "pwned", "[5m"):
        assert payload not in text, payload
    assert not any(b.spans for b in article.blocks)  # escaped markup makes no styles or links
    kinds = {article.block_text(i): b.kind for i, b in enumerate(article.blocks)}
    starts = {t[:14]: k for t, k in kinds.items()}
    assert starts["1. Not a list "] == "paragraph"
    assert starts["> not a quote "] == "paragraph"
    assert article.sections[-1].title == "# Not a heading, just hashes"


def test_html_content_is_sniffed_whatever_the_name(tmp_path: Path) -> None:
    saved = tmp_path / "saved-page"
    saved.write_bytes((FIXTURES / "night-train.html").read_bytes())
    article = load_article(saved)
    assert article.title == PAGES[1].title
    assert "Local Valley News" not in article.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html>\n<html><body>x</body></html>", True),
        (b"\xef\xbb\xbf  \n<HTML lang='en'>", True),
        (b"<!-- saved from url=(0042)https://example.com/ -->\n<html>", True),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", True),
        (b"Council vote\n\nThe <html> tag starts a page.", False),
        (b"# Notes\n\n<div>raw html in Markdown</div>", False),
        (b"<htmlish>", False),
    ],
)
def test_sniffing(data: bytes, expected: bool) -> None:
    assert looks_like_html(data) is expected


def test_declared_charsets() -> None:
    page = b'<html><head><meta charset="windows-1252"></head><body>caf\xe9 \x93hi\x94</body></html>'
    text, _ = decode_html(page)
    assert "café “hi”" in text
    text, _ = decode_html(b"<html><body>caf\xe9</body></html>", "ISO-8859-1")
    assert "café" in text
    text, _ = decode_html(b"\xef\xbb\xbf<html><meta charset=latin1>\xc3\xa9</html>")
    assert "é" in text  # the BOM wins over the declaration


def test_legacy_page_file_decodes(tmp_path: Path) -> None:
    html = (FIXTURES / "night-train.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("49 euros", "49 \u20ac")
    path = tmp_path / "legacy.htm"
    path.write_bytes(html.encode("cp1252"))
    assert "cost 49 € one way" in load_article(path).text


def test_page_without_article_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "front.html"
    path.write_text(
        "<html><head><title>Front page</title></head><body><nav><ul>"
        "<li><a href='/a'>World</a></li><li><a href='/b'>Sport</a></li></ul></nav></body></html>"
    )
    with pytest.raises(ReaderError, match=r"^no article text found in .*front\.html; "):
        load_article(path)


def test_empty_html_file_is_an_empty_article(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert load_article(path).notices == ("empty article",)
    with pytest.raises(ReaderError, match="is empty"):
        load_article(path, allow_empty=False)


def test_binary_with_html_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReaderError, match="not a web page"):
        load_article(path)


@pytest.mark.parametrize(
    "title", ["*Breaking*: [live] <b> & `x` \\ #1 _u_", "1. Not a list", "> Quote? No", "# Hash"]
)
def test_escaped_title_reads_back_literally(title: str) -> None:
    article = parse_text("# " + escape_markdown(title) + "\n\nBody text.\n", "x", markdown=True)
    assert article.title == title and not article.blocks[0].spans


def test_headline_is_not_doubled_when_the_body_starts_with_it() -> None:
    html = (
        "<html><head><title>Storm Closes Bridge | Site</title></head><body><article>"
        "<h1>Storm Closes Bridge</h1>"
        + "<p>The bridge was closed on Monday after gusts of over a hundred kilometres an hour "
        "made it unsafe for high-sided vehicles, the highways agency said.</p>" * 3
        + "</article></body></html>"
    )
    markdown = html_to_markdown(html)
    assert markdown.count("Storm Closes Bridge") == 1
    assert parse_text(markdown, "x", markdown=True).title == "Storm Closes Bridge"


def test_html_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "solar-farm-cms.html").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = load_article("-")
    assert article.title == PAGES[2].title and article.uri.startswith("urn:x-reader:stdin:")
    assert "County News Roundup" not in article.text
