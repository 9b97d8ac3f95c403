"""Reading an exported Markdown file back with markdown-it-py, for the tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

COMMONMARK = MarkdownIt("commonmark")
WITH_HTML = MarkdownIt("commonmark", {"html": True})
TEXT_TOKENS = {"text", "text_special"}
BREAKS = {"softbreak", "hardbreak"}


def inline_text(token: Token) -> str:
    """The literal text of an inline token; fails on any markup in it."""
    out = []
    for child in token.children or ():
        if child.type in TEXT_TOKENS:
            out.append(child.content)
        elif child.type in BREAKS:
            out.append("\n")
        else:
            raise AssertionError(f"unexpected inline markup {child.type!r} in {token.content!r}")
    return "".join(out)


def split_front_matter(text: str) -> tuple[list[str], str]:
    lines = text.split("\n")
    assert lines[0] == "---", "front matter must open the file"
    close = lines.index("---", 1)
    return lines[1:close], "\n".join(lines[close + 1 :])


@dataclass
class Item:
    heading: str  # the closest heading above
    passage: str
    meta: str = ""
    note_paragraphs: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return "\n\n".join(self.note_paragraphs)


@dataclass
class Page:
    headings: list[tuple[int, str]]
    items: list[Item]
    loose: list[str]  # paragraphs not belonging to an item (intros, sources)
    tokens: list[Token]


def read_page(markdown: str, parser: MarkdownIt = COMMONMARK) -> Page:
    """Headings, and per annotation: passage (blockquote), meta line, note."""
    _, body = split_front_matter(markdown)
    tokens = parser.parse(body)
    page = Page([], [], [], tokens)
    heading = ""
    current: Item | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            heading = inline_text(tokens[i + 1])
            page.headings.append((int(tok.tag[1]), heading))
            current = None
            i += 3
        elif tok.type == "blockquote_open":
            paras = []
            j = i + 1
            while tokens[j].type != "blockquote_close":
                if tokens[j].type == "inline":
                    paras.append(inline_text(tokens[j]))
                elif tokens[j].type not in ("paragraph_open", "paragraph_close"):
                    raise AssertionError(f"unexpected {tokens[j].type} inside a passage")
                j += 1
            current = Item(heading, "\n\n".join(paras))
            page.items.append(current)
            i = j + 1
        elif tok.type == "paragraph_open":
            text = inline_text(tokens[i + 1])
            if current is None:
                page.loose.append(text)
            elif not current.meta:
                current.meta = text
            else:
                current.note_paragraphs.append(text)
            i += 3
        else:
            raise AssertionError(f"unexpected block {tok.type}")
    return page
