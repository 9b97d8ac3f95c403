"""Turn a web page into the Markdown of its article, ready for the Markdown parser.

A saved or fetched page is mostly furniture: menus, cookie banners, ads,
related-links boxes, share bars, comments, footers, scripts and styles.
trafilatura finds the article body and writes it as Markdown with every
literal ``*``, ``[`` or ``<`` escaped, so the Markdown parser (raw HTML off)
gives back the page's words, never markup; ``<h2>`` subheads become ``##``
headings and so open sections.

Decisions:
- the page is sanitised before extraction (raw escape sequences) and again
  after parsing, node by node, since ``&#27;`` and friends only become
  control characters in the parsed tree; lxml refuses such characters and
  trafilatura would otherwise give up on the whole page;
- the headline (og:title, ``<title>`` or the first ``<h1>``, as trafilatura's
  metadata chooses) is put first as a ``#`` heading unless the body already
  starts with it, and the author as a ``By ...`` byline;
- a ``<figure>`` keeps its ``<figcaption>`` as a caption block; other images
  are dropped (alt texts outside figures are mostly icons and logos);
- favour precision: a paragraph too few is better than a menu in the text,
  and a page with only a few words (a bare menu) is no article at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.document.ingest import NotTextError, decode
from reader.document.sanitize import is_clean, sanitize
from reader.errors import ReaderError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
# Fewer words than this is a menu or a placeholder that the extractor fell back on.
MIN_WORDS = 8
_SNIFF_BYTES = 1024
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # they beat any declared charset
# What browsers decode these labels as (the WHATWG Encoding standard).
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_FRONT_MATTER_END = "\n---\n"
_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ESCAPED_PUNCT = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING_MARK = re.compile(r"^ {0,3}#{1,6}[ \t]+")


def looks_like_html(data: bytes) -> bool:
    """True if ``data`` starts like an HTML document (doctype, ``<html>``, ``<head>``...)."""
    return _HTML_START.match(data[:_SNIFF_BYTES]) is not None


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode a page: a BOM, else the HTTP ``charset``, else ``<meta charset>``, else detection.

    Raises :class:`NotTextError` for binary data.
    """
    if data.startswith(_BOMS):
        return decode(data)
    declared = charset
    if declared is None:
        found = _META_CHARSET.search(data[: _SNIFF_BYTES * 4])
        declared = found.group(1).decode("ascii") if found else None
    if declared is not None and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        declared = _WEB_ALIASES.get(declared.lower(), declared)
        try:
            text = data.decode(declared, errors="replace")
        except LookupError:
            pass  # an unknown charset name: detect instead
        else:
            if "\x00" in text:
                raise NotTextError("it contains NUL bytes")
            return text.replace("\r\n", "\n").replace("\r", "\n"), ()
    return decode(data)


def page_markdown(data: bytes, name: str, *, charset: str | None = None, url: str | None = None
                  ) -> tuple[str, tuple[str, ...]]:
    """Decode and extract a page: ``(markdown, notices)``; one-line errors for the user."""
    try:
        html, notices = decode_html(data, charset)
    except NotTextError as exc:
        raise ReaderError(
            f"{name} is not a web page ({exc.reason}); open an HTML, text or Markdown file"
        ) from None
    return html_to_markdown(html, name=name, url=url), notices


def html_to_markdown(html: str, *, name: str = "the page", url: str | None = None) -> str:
    """The article in ``html`` as sanitised Markdown, headline first.

    Raises :class:`ReaderError` when no article text is found (a front page,
    a page that draws its text with JavaScript, an error page).
    """
    from trafilatura import extract_with_metadata, load_html

    tree = load_html(sanitize(html)) if html.strip() else None
    if tree is None:
        raise _not_an_article(name)
    _clean_tree(tree)
    document = extract_with_metadata(
        tree,
        url=url,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=True,
        favor_precision=True,
    )
    body = sanitize(_strip_front_matter(document.text or "")).strip() if document else ""
    if len(body.split()) < MIN_WORDS:
        raise _not_an_article(name)
    title = _one_line(document.title) if document else ""
    author = _one_line(document.author) if document else ""
    head: list[str] = []
    if title and not _starts_with_heading(body, title):
        head.append("# " + escape_markdown(title))
    if author and author.casefold() not in body[:500].casefold():
        head.append("By " + escape_markdown(author.replace(";", ",")))
    return "\n\n".join([*head, body]) + "\n"


def escape_markdown(text: str) -> str:
    """``text`` with every ASCII punctuation backslash-escaped: CommonMark reads it literally."""
    return _ASCII_PUNCT.sub(r"\\\1", text)


def _clean_tree(tree: HtmlElement) -> None:
    """Sanitise every text and attribute in place; fold figure captions into image alts."""
    for element in tree.iter():
        if element.text and not is_clean(element.text):
            element.text = sanitize(element.text)
        if element.tail and not is_clean(element.tail):
            element.tail = sanitize(element.tail)
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions carry no attributes
        for key, value in element.attrib.items():
            if not is_clean(value):
                element.set(key, sanitize(value))
    for image in tree.iter("img"):
        image.set("alt", "")
    for figure in tree.iter("figure"):
        caption = figure.find(".//figcaption")
        image = figure.find(".//img")
        if caption is not None and image is not None:
            image.set("alt", " ".join(caption.text_content().split()))
            caption.drop_tree()


def _strip_front_matter(text: str) -> str:
    """Drop trafilatura's metadata header (its values never hold a raw newline)."""
    if text.startswith("---\n"):
        end = text.find(_FRONT_MATTER_END, 3)
        if end >= 0:
            return text[end + len(_FRONT_MATTER_END) :]
    return text


def _starts_with_heading(body: str, title: str) -> bool:
    """True if the first line of ``body`` is a heading that reads as ``title``."""
    first = body.lstrip().split("\n", 1)[0]
    mark = _HEADING_MARK.match(first)
    if mark is None:
        return False
    shown = _ESCAPED_PUNCT.sub(r"\1", first[mark.end() :]).rstrip("# \t")
    return " ".join(shown.split()).casefold() == title.casefold()


def _one_line(value: str | None) -> str:
    return " ".join(sanitize(value).split()) if value else ""


def _not_an_article(name: str) -> ReaderError:
    return ReaderError(
        f"no article text found in {name}; "
        "it may be a front page, or need JavaScript to show its text"
    )
