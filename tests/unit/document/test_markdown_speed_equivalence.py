"""The direct reading of Markdown gives exactly what one markdown-it parse gives.

``parse_markdown(source)`` reads simple blocks and inline content itself and
hands the rest to markdown-it chunk by chunk; ``direct=False`` parses the
whole document with markdown-it. Every block, kind, level, span and offset,
the title and the section heads must be the same, whatever the input.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.document.assemble import assemble
from reader.document.markdown import _parser, parse_markdown
from reader.document.markdown_blocks import SimpleBlock, split_simple
from reader.document.markdown_inline import read_simple
from reader.document.sanitize import sanitize

from .invariants import check_article


def assert_same(source: str) -> None:
    direct = parse_markdown(source)
    reference = parse_markdown(source, direct=False)
    assert direct == reference
    article = assemble(direct, "test:md")
    assert article == assemble(reference, "test:md")
    check_article(article)


def pieces(source: str) -> list[SimpleBlock | str]:
    md = _parser()
    return split_simple(source, lambda c: read_simple(c, md.normalizeLink, md.validateLink))


# Line starts and fragments that exercise every block rule and every way a
# chunk boundary could go wrong, plus the inline markup the direct reading
# accepts or must decline.
STARTS = [
    "", "", "", "# ", "## ", "### ", "####### ", "#", "#x ", "> ", ">", "> > ", "- ", "* ", "+ ",
    "-", "1. ", "2) ", "10. ", "  ", "   ", "    ", "\t", "  - ", "    - ", "```", "~~~", "````",
    "  ```", "- ```", "> ```", "| ", "|---|---|", ":--", "-|-", "---", "***", "* * *", "___",
    "===", "[foo]: https://example.org/ref", "[Foo]: <x y> 'title'", "<div>", "<!-- c -->",
    "\\# ", "![", "1.",
]
FRAGMENTS = [
    "word", "Two words", "A sentence. Another!", "By Jane Doe", "*em*", "**strong**", "_u_",
    "__uu__", "`code`", "`` co`de ``", "` spaced `", "[link](https://example.org/a/b)",
    "[l](http://a-b.example.com)", "[l](https://EXAMPLE.org/%41)", "[l](javascript:alert)",
    "[l](<a b>)", "[l](x \"title\")", "[foo]", "[foo][]", "[x][foo]", "![alt](i.png)",
    "~~s~~", "\\*", "&amp;", "&#27;[31m", "<http://a.b>", "a*b*c", "*a **b** c*", "***x***",
    "*a*b", "* a*", "**a*", "*", "_", "`", "[", "]", "(", ")", "!", "#", "|", "a | b", ":",
    "end ##", "\u00a0", "\u3000x", "\x1b[2J", "\x07", "\u202e", "“quoted”", "x  ", "y ",
]
LINE = st.builds(
    lambda start, frags, sep: start + sep.join(frags),
    st.sampled_from(STARTS),
    st.lists(st.sampled_from(FRAGMENTS), max_size=4),
    st.sampled_from([" ", "", "\n"]),
)
# The shapes of a news article, which the direct reading should take whole.
SIMPLE = st.sampled_from(
    [
        "# The Title", "## A Section", "## Section\nIts text.", "Plain text, with a comma.",
        "A *marked* word and **bold** words.", "See [the report](https://example.org/r/1).",
        "Some `code` here.", "- a bullet item\n- another *item*", "> A quotation.",
        "Line one\nline two", "By Jane Doe", "_Italic_ start", "[Linked](https://e.org) start",
    ]
)
TYPICAL = st.lists(SIMPLE, max_size=40).map("\n\n".join)
# Simple blocks and tricky lines, mostly apart (so that chunks form between
# simple blocks), sometimes adjacent.
SEPARATOR = st.sampled_from(["\n", "\n\n", "\n\n", "\n\n", "\n\n\n", "\n \n"])
DOCUMENT = st.lists(
    st.tuples(st.one_of(SIMPLE, LINE, st.lists(LINE, max_size=3).map("\n".join)), SEPARATOR),
    max_size=25,
).map(lambda parts: "".join(block + sep for block, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
@example("[foo]\n\ntext\n\n[foo]: https://example.org/late")
@example("```\n# not a heading\n\nplain\n```\n\nafter")
@example("- a\n\n  ```\n\n```\n\nswallowed by the fence")
@example("- a\n\n  more of a\n\nplain")
@example("* * *\n\n*em* start\n\n_x_ start")
def test_direct_reading_equals_markdown_it(source: str) -> None:
    assert_same(source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT.map(sanitize))
def test_direct_reading_equals_markdown_it_on_sanitised_text(source: str) -> None:
    assert_same(source)


@settings(max_examples=100, deadline=None)
@given(TYPICAL)
def test_typical_articles_are_read_without_markdown_it(source: str) -> None:
    assert_same(source)
    assert all(isinstance(piece, SimpleBlock) for piece in pieces(source))


def test_headings_and_paragraphs() -> None:
    source = "# Title ##\n\nBy Jane Doe\n\n## One *two*\n\nText with [a link](https://e.org/1).\n"
    assert_same(source)
    assert [type(p) for p in pieces(source)] == [SimpleBlock] * 4


def test_fenced_code_keeps_its_hash_lines() -> None:
    source = "Intro\n\n```python\n# a comment\n\nx = 1\n```\n\n# Heading\n\n~~~\n## not\n~~~\n"
    assert_same(source)
    split = pieces(source)
    assert "```python\n# a comment\n\nx = 1\n```\n" in split
    heads = [p.text for p in split if isinstance(p, SimpleBlock) and p.kind == "heading"]
    assert heads == ["Heading"]


def test_unclosed_fence_runs_to_the_end() -> None:
    source = "```\ncode\n\n# still code\n\nplain?"
    assert_same(source)
    assert pieces(source) == [source]


def test_indented_fence_stops_splitting() -> None:
    source = "Intro\n\n- item\n\n  ```\n\n```\n\nInside a fence in the whole document"
    assert_same(source)
    assert pieces(source)[-1].endswith("Inside a fence in the whole document")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "- one\n- two\n\n- three\n\n  still three\n\nafter\n\n1. first\n\n2. second\n",
            id="lists spanning blank lines",
        ),
        pytest.param(
            "> quoted *word*\n> second line\n\n> > nested\n\n>lazy\nline\n\n> - list\n",
            id="block quotes",
        ),
        pytest.param(
            "<div>\n*not html*\n</div>\n\nAfter <b>bold</b> text\n\n<!-- note -->\n",
            id="html blocks stay text",
        ),
        pytest.param(
            "Title\n=====\n\nSub\n---\n\ntext\n\n---\n\n***\n\n* * *\n",
            id="setext headings and rules",
        ),
    ],
)
def test_blocks_read_as_markdown_it_reads_them(source: str) -> None:
    assert_same(source)


def test_reference_links_defined_after_use_fall_back() -> None:
    source = "# T\n\nSee [the report][r] and [r].\n\nMore text.\n\n[r]: https://example.org/r\n"
    assert_same(source)
    assert pieces(source) == [source]
    link = [s for d in parse_markdown(source).drafts for s in d.spans if s.style == "link"]
    assert [s.href for s in link] == ["https://example.org/r", "https://example.org/r"]


def test_tables() -> None:
    source = "| a | *b* |\n|---|:-:|\n| 1 | `2` |\n\nafter\n\na | b\n-|-\nc | d\n"
    assert_same(source)
    texts = [d for d in parse_markdown(source).drafts if d.kind == "paragraph"]
    assert len(texts) == 5  # two rows, "after", two rows


def test_front_matter_and_byline() -> None:
    source = "---\ntitle: Front\n---\nBy Jane Doe\n\nBody text.\n"
    assert_same(source)
    assert parse_markdown(source).title == "Front"


def test_spans_are_clipped_to_their_stripped_block() -> None:
    source = "| ` a` | b `c ` |\n|---|---|\n\n*x* ` y`\n"
    assert_same(source)
    row, paragraph = parse_markdown(source).drafts
    assert [(s.start, s.end, s.style) for s in row.spans] == [(0, 1, "code"), (6, 7, "code")]
    assert [(s.start - paragraph.start, s.end - paragraph.start) for s in paragraph.spans] == [
        (0, 1), (2, 4),
    ]
