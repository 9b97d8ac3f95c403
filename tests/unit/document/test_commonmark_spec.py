"""The 652 CommonMark spec examples: the reader's model agrees with markdown-it-py.

For every example in ``tests/fixtures/commonmark/spec.json`` (CommonMark 0.31.2,
as markdown-it-py ships them) the reader's Markdown
parser, on its fast path and on markdown-it alone, must give the text, the
blocks (kind, offsets, level) and the inline spans of a reference built here
from markdown-it-py's own token tree. The reference writes out what the model
promises (see :mod:`reader.document.markdown`), without its code:

- a block's text is its inline content: text and code as written, a soft
  break as a space, a hard break as a line break, an image as its alt text
  (the plain text of its children, as markdown-it renders ``alt``), every
  piece sanitised; stripped, and dropped when empty; blocks are joined by a
  blank line;
- emphasis, strong, strikethrough, links (markdown-it's normalised href,
  sanitised; none for an empty destination) and code spans become spans,
  empty ones dropped, clipped to the stripped text; nothing inside alt text;
- a paragraph is a ``caption`` when it holds only images (and breaks), a
  ``quote`` in a block quote, a ``list_item`` (level: the lists around it) in
  a list item, innermost container first, a ``byline`` when it is one line
  like ``By Jane Doe``; a heading's level is 1 for the title (the first
  ``#`` heading, else the first heading), the others one deeper when there
  are several ``#``; code blocks lose their common indentation; a table row
  is its non-empty cells joined by `` | ``.

Documented differences, each one normalisation of the reference, no more:

- TAB expansion: the reader parses sanitised text, where a TAB is four spaces
  (DESIGN section 3, step 2), so the reference parses the sanitised example
  too; for the 13 examples with a TAB, the reading of the raw example is
  checked to differ only in whitespace;
- front matter: a leading ``---`` ... ``---`` block is skipped (only example
  96, ``---\\nFoo\\n---``, starts with one; checked);
- list number: an ordered item's own first paragraph starts with its number
  (``1. ``), which markdown-it keeps in the item token, not in the text.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from reader.document.markdown import _parser, parse_markdown
from reader.document.patterns import is_byline
from reader.document.sanitize import sanitize

SPEC = Path(__file__).resolve().parents[2] / "fixtures" / "commonmark" / "spec.json"
SPEC_SIZE = 652
TAB_EXAMPLES = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 82})
FRONT_MATTER_EXAMPLES = frozenset({96})
# The reader's front matter rule (module docstring of reader.document.markdown).
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
STYLES = {"em": "italic", "strong": "bold", "s": "strike", "link": "link"}
IMAGE_LINE = frozenset({"image", "softbreak", "hardbreak"})
MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

Span = tuple[int, int, str, str | None]
Model = tuple[str, list[tuple[str, int, int, int]], list[Span]]


def load_spec() -> list[dict[str, Any]]:
    """The examples; a missing file fails the run (these tests must not vanish)."""
    if not SPEC.is_file():
        raise FileNotFoundError(f"CommonMark spec examples not found at {SPEC.resolve()}")
    return list(json.loads(SPEC.read_text(encoding="utf-8")))


EXAMPLES = load_spec()


@dataclass
class Reference:
    """Blocks as ``(kind, level, text, spans)``, spans within the stripped text."""

    blocks: list[tuple[str, int, str, list[Span]]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (block index, level)

    def add(self, kind: str, level: int, text: str, spans: Sequence[Span] = ()) -> None:
        stripped = text.strip()
        if not stripped:
            return
        shift = len(text) - len(text.lstrip())
        kept = []
        for start, end, style, href in spans:
            start, end = max(start - shift, 0), min(end - shift, len(stripped))
            if end > start:
                kept.append((start, end, style, href))
        kept.sort(key=lambda span: (span[0], -span[1]))
        if kind == "heading":
            self.headings.append((len(self.blocks), level))
        self.blocks.append((kind, level, stripped, kept))

    def walk(self, node: SyntaxTreeNode, containers: tuple[str, ...] = ()) -> None:
        kind = node.type
        if kind == "heading":
            self.add("heading", int(node.tag[1:]), *read(node.children[0]))
        elif kind in ("code_block", "fence"):
            self.add("code", 0, textwrap.dedent(sanitize(node.content)))
        elif kind == "tr":
            self.row(node)
        elif kind == "paragraph":
            self.paragraph(node, containers)
        else:
            if kind in ("blockquote", "list_item"):
                containers = (*containers, kind)
            for child in node.children:
                self.walk(child, containers)

    def paragraph(self, node: SyntaxTreeNode, containers: tuple[str, ...]) -> None:
        inline = node.children[0]
        text, spans = read(inline)
        kinds = {c.type for c in inline.children if c.type != "text" or c.content.strip()}
        if "image" in kinds and kinds <= IMAGE_LINE:
            self.add("caption", 0, text)
        elif containers and containers[-1] == "blockquote":
            self.add("quote", 0, text, spans)
        elif containers:
            item = node.parent
            number = ""
            if item is not None and item.type == "list_item" and item.children[0] is node:
                number = f"{item.info}{item.markup} " if item.info else ""  # list number
            shifted = [(s + len(number), e + len(number), st, h) for s, e, st, h in spans]
            self.add("list_item", containers.count("list_item"), number + text, shifted)
        else:
            one_line = "\n" not in text.strip() and is_byline(text.strip())
            self.add("byline" if one_line else "paragraph", 0, text, spans)

    def row(self, node: SyntaxTreeNode) -> None:
        parts: list[str] = []
        spans: list[Span] = []
        for cell in node.children:
            text, cell_spans = read(cell.children[0]) if cell.children else ("", [])
            if not text.strip():
                continue
            if parts:
                parts.append(" | ")
            shift = len("".join(parts)) - (len(text) - len(text.lstrip()))
            spans += [(s + shift, e + shift, st, h) for s, e, st, h in cell_spans]
            parts.append(text.strip())
        self.add("paragraph", 0, "".join(parts), spans)

    def model(self) -> Model:
        title = next((i for i, level in self.headings if level == 1), None)
        if title is None and self.headings:
            title = self.headings[0][0]
        several_h1 = any(level == 1 for i, level in self.headings if i != title)
        text, blocks, spans = "", [], []
        for index, (kind, level, block, block_spans) in enumerate(self.blocks):
            if kind == "heading":
                level = 1 if index == title else min(level + several_h1, 6)
            if text:
                text += "\n\n"
            blocks.append((kind, len(text), len(text) + len(block), level))
            spans += [(s + len(text), e + len(text), st, h) for s, e, st, h in block_spans]
            text += block
        return text, blocks, spans


def read(inline: SyntaxTreeNode, plain: bool = False) -> tuple[str, list[Span]]:
    """The text and spans of an inline node's children (no spans when ``plain``)."""
    out: list[str] = []
    spans: list[Span] = []
    for child in inline.children:
        kind = child.type
        start = len("".join(out))
        if kind in ("text", "code_inline"):
            out.append(sanitize(child.content))
            if kind == "code_inline" and not plain:
                spans.append((start, start + len(out[-1]), "code", None))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if kind == "softbreak" else "\n")
        elif kind == "image":
            out.append(read(child, plain=True)[0])
        elif kind in STYLES:
            text, inner = read(child, plain)
            out.append(text)
            if not plain:
                spans += [(s + start, e + start, st, h) for s, e, st, h in inner]
                href = child.attrs.get("href") if kind == "link" else None
                if text:
                    spans.append((start, start + len(text), STYLES[kind],
                                  sanitize(str(href)) if href else None))
        else:
            raise AssertionError(f"no reference reading for a {kind} token")
    return "".join(out), spans


def reference(markdown: str, *, expand_tabs: bool = True) -> Model:
    source = sanitize(markdown) if expand_tabs else markdown
    front = FRONT_MATTER.match(source)
    if front:
        source = source[front.end() :]
    tree = Reference()
    tree.walk(SyntaxTreeNode(MD.parse(source)))
    return tree.model()


def reader_model(markdown: str, *, direct: bool) -> Model:
    parsed = parse_markdown(sanitize(markdown), direct=direct)
    blocks = [(str(d.kind), d.start, d.end, d.level) for d in parsed.drafts]
    spans: list[Span] = [(s.start, s.end, s.style, s.href) for d in parsed.drafts for s in d.spans]
    return parsed.text, blocks, spans


def by_example(numbers: frozenset[int] | None = None) -> list[Any]:
    return [
        pytest.param(e["markdown"], id=f"{e['example']}-{e['section']}")
        for e in EXAMPLES
        if numbers is None or e["example"] in numbers
    ]


def test_all_examples_are_there() -> None:
    assert len(EXAMPLES) == SPEC_SIZE
    assert [e["example"] for e in EXAMPLES] == list(range(1, SPEC_SIZE + 1))


def test_reference_parser_is_configured_as_the_readers() -> None:
    project = _parser(direct=False)
    assert project.options["html"] is False and MD.options["html"] is False
    for name in ("core", "block", "inline"):
        ours, theirs = getattr(project, name).ruler, getattr(MD, name).ruler
        assert ours.get_active_rules() == theirs.get_active_rules(), name
    assert project.inline.ruler2.get_active_rules() == MD.inline.ruler2.get_active_rules()


@pytest.mark.parametrize("markdown", by_example())
def test_example_reads_as_markdown_it_reads_it(markdown: str) -> None:
    expected = reference(markdown)
    for direct, path in ((True, "fast path"), (False, "markdown-it path")):
        text, blocks, spans = reader_model(markdown, direct=direct)
        assert text == expected[0], path
        assert blocks == expected[1], path
        assert spans == expected[2], path


@pytest.mark.parametrize("markdown", by_example(TAB_EXAMPLES))
def test_tab_expansion_changes_only_whitespace(markdown: str) -> None:
    expanded = reference(markdown)
    raw = reference(markdown, expand_tabs=False)
    assert " ".join(raw[0].split()) == " ".join(expanded[0].split())
    assert [(k, lv) for k, _, _, lv in raw[1]] == [(k, lv) for k, _, _, lv in expanded[1]]
    assert [span[2:] for span in raw[2]] == [span[2:] for span in expanded[2]]


def test_normalised_examples_are_the_documented_ones() -> None:
    tabs = {e["example"] for e in EXAMPLES if sanitize(e["markdown"]) != e["markdown"]}
    assert tabs == TAB_EXAMPLES == {e["example"] for e in EXAMPLES if "\t" in e["markdown"]}
    fronts = {e["example"] for e in EXAMPLES if FRONT_MATTER.match(sanitize(e["markdown"]))}
    assert fronts == FRONT_MATTER_EXAMPLES
