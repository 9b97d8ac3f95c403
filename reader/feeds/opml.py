"""Subscription lists in and out: OPML (every feed reader's export) and newsboat's ``urls``.

An OPML file is XML from anywhere, so it is read with expat directly and
any entity declaration refuses the file: that is how an entity bomb
("billion laughs") or an external entity (a local file pulled into the
list) gets in, and no subscription list needs one. defusedxml does the same
but is not a dependency; this is the few lines of it OPML needs.

Decisions:
- tags: each folder (an outline without ``xmlUrl``) around a feed gives the
  feed a tag, its title; the ``category`` attribute ("/News/Local,Tech",
  OPML 2.0) gives one tag per slash-separated name, so a folder path and a
  category path read the same;
- a feed listed twice (in two folders) is one subscription with the tags of
  both; only ``http(s)`` feeds are kept;
- :func:`write_opml` writes a flat list with the tags in ``category``:
  a feed has several tags but can sit in one folder only. A tag holding
  "," or "/" (which ``category`` cannot carry) has them written as spaces;
- text is cleaned like every other field from outside, one line each.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from reader.annotations.clean import clean_line, shown_uri
from reader.annotations.model import normalise_tags
from reader.document.sanitize import sanitize
from reader.errors import ReaderError
from reader.feeds.model import Subscription
from reader.feeds.parse import web_link, without_controls

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CATEGORY_SEPARATORS = str.maketrans({",": " ", "/": " "})
_COMMANDS = {
    "query": "query: feeds are newsboat's own searches",
    "exec": "exec: feeds run a command, which the reader does not",
    "filter": "filter: feeds run a command, which the reader does not",
}


class _Refused(Exception):
    """Raised inside expat's callbacks to stop the parse."""


@dataclass
class _Outline:
    attrs: dict[str, str]
    children: list[_Outline] = field(default_factory=list)


def read_opml(text: str | bytes) -> list[Subscription]:
    """The feeds of an OPML 1.0/2.0 document, in document order, or :class:`ReaderError`.

    Bytes are decoded as the XML declaration says; text is taken as is.
    """
    body = _outlines(text)
    found: dict[str, Subscription] = {}
    _collect(body, (), found)
    return list(found.values())


def _outlines(text: str | bytes) -> list[_Outline]:
    """The top-level outlines of the document's ``<body>``."""
    parser = xml.parsers.expat.ParserCreate()
    root = _Outline({})
    stack: list[_Outline] = []  # the open body and outlines, innermost last
    opened: list[bool] = []  # for each open element, whether it is on ``stack``

    def start(name: str, attrs: dict[str, str]) -> None:
        if not opened and name != "opml":
            raise ReaderError(f"not an OPML file: it is a <{_line(name)[:40]}> document")
        if name == "body" and len(opened) == 1:
            stack.append(root)
        elif name == "outline" and stack and opened[-1]:
            node = _Outline(attrs)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            opened.append(False)
            return
        opened.append(True)

    def end(_name: str) -> None:
        if opened.pop():
            stack.pop()

    def refuse(*_: object) -> None:
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(sanitize(text) if isinstance(text, str) else without_controls(text), True)
    except _Refused:
        raise ReaderError(
            "the OPML file declares XML entities, which a subscription list never needs; "
            "refused (it could be an entity bomb)"
        ) from None
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.ErrorString(exc.code)
        raise ReaderError(f"not a valid OPML file: {reason} at line {exc.lineno}") from None
    return root.children


def _collect(outlines: list[_Outline], folders: tuple[str, ...],
             found: dict[str, Subscription]) -> None:
    for node in outlines:
        attrs = node.attrs
        title = _line(attrs.get("title", "")) or _line(attrs.get("text", ""))
        url = web_link(attrs.get("xmlUrl", ""), "")
        if url:
            tags = normalise_tags((*folders, *_category(attrs.get("category", ""))))
            known = found.get(url)
            if known is None:
                found[url] = Subscription(url=url, title=title, tags=tags)
            else:
                found[url] = Subscription(url=url, title=known.title or title,
                                          tags=normalise_tags((*known.tags, *tags)))
        if node.children:
            folder = title and not attrs.get("xmlUrl")
            _collect(node.children, (*folders, title) if folder else folders, found)


def _category(value: str) -> list[str]:
    return [name for path in value.split(",") for name in path.split("/")]


def _line(value: str) -> str:
    """One-line text, cleaned, trimmed, without what XML cannot carry."""
    return " ".join(_NOT_XML.sub("", clean_line(value)).split())


def write_opml(subs: Iterable[Subscription], title: str = "Subscriptions from reader") -> str:
    """OPML 2.0 listing ``subs`` with their titles and tags, as :func:`read_opml` reads it."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = _line(title)
    body = ElementTree.SubElement(opml, "body")
    for sub in subs:
        name = _line(sub.title)
        attrs = {"type": "rss", "text": name, "title": name, "xmlUrl": _line(sub.url)}
        tags = normalise_tags(_line(tag).translate(_CATEGORY_SEPARATORS) for tag in sub.tags)
        if tags:
            attrs["category"] = ",".join(tags)
        ElementTree.SubElement(body, "outline", attrs)
    ElementTree.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        opml, encoding="unicode") + "\n"


def read_newsboat_urls(text: str) -> tuple[list[Subscription], list[str]]:
    """The feeds of a newsboat ``urls`` file, and one line for each line skipped.

    A line is a URL and its tags, separated by spaces; a tag with spaces is
    quoted; the tag ``~Name`` names the feed; ``!`` (newsboat's mark for a
    hidden feed) is dropped. ``#`` starts a comment.
    """
    found: dict[str, Subscription] = {}
    skipped: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw).strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = _words(line)
        except ValueError:
            skipped.append(f"line {number}: skipped (a quote is not closed)")
            continue
        if not words:
            continue
        first, rest = words[0], words[1:]
        scheme = first.partition(":")[0].lower()
        url = web_link(first, "")
        if scheme in _COMMANDS:
            skipped.append(f"line {number}: skipped ({_COMMANDS[scheme]})")
            continue
        if not url:
            skipped.append(f"line {number}: skipped ({shown_uri(first)} is not an http(s) feed)")
            continue
        names = [_line(word[1:]) for word in rest if word.startswith("~")]
        tags = normalise_tags(_line(w) for w in rest if not w.startswith("~") and w != "!")
        known = found.get(url)
        if known is not None:
            tags = normalise_tags((*known.tags, *tags))
        title = (known.title if known else "") or (names[0] if names else "")
        found[url] = Subscription(url=url, title=title, tags=tags)
    return list(found.values()), skipped


def _words(line: str) -> list[str]:
    """``line`` split as newsboat does: at spaces, double quotes keeping spaces (``\\"``
    a quote inside them), a word starting with ``#`` beginning a comment.

    Raises ValueError for a quote left open.
    """
    words: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        if line[i] == "#":
            break
        word: list[str] = []
        while i < n and not line[i].isspace():
            if line[i] != '"':
                word.append(line[i])
                i += 1
                continue
            i += 1
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                word.append(line[i])
                i += 1
            if i == n:
                raise ValueError("a quote is not closed")
            i += 1
        words.append("".join(word))
    return words
