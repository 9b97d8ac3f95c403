"""Escaped text must parse back to exactly the original characters."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.export.escape import (
    blockquote,
    escape_inline,
    escape_line,
    escape_lines,
    yaml_list,
    yaml_quote,
)

from .mdparse import COMMONMARK, WITH_HTML, inline_text

SPECIALS = [
    "\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "&", "#", "|", "~", "!", "-", "+",
    "=", ".", ":", '"', " ", "  ", "\t", "\n", "\n\n", "\r", "1. ", "2) ", "---", "***",
    "```", "~~~", "    ", "<b>", "</b>", "<!-- c -->", "<http://x.org>", "[x](y)", "[x]: /u",
    "&amp;", "&#42;", "&copy;", "\u00a0", "\u2028", "\u3000", "snake_case", "a_", "é", "1",
]
# Sanitised text: no surrogates and no control characters but TAB, LF, CR.
CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\t", "\n", "\r"])
TEXT = st.lists(CHARS | st.sampled_from(SPECIALS), max_size=50).map("".join)


def parsed_text(source: str, parser=COMMONMARK) -> str:
    """Paragraph texts joined by a blank line; any other block is a failure."""
    paras = []
    for tok in parser.parse(source):
        if tok.type == "inline":
            paras.append(inline_text(tok))
        elif tok.type not in {"paragraph_open", "paragraph_close",
                              "blockquote_open", "blockquote_close"}:
            raise AssertionError(f"{tok.type} in {source!r}")
    return "\n\n".join(paras)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.booleans())
def test_passage_round_trips_through_a_blockquote(text: str, html: bool) -> None:
    source = "\n".join(blockquote(escape_lines(text)))
    assert parsed_text(source, WITH_HTML if html else COMMONMARK) == text


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_note_round_trips_as_paragraphs_with_hard_breaks(text: str) -> None:
    source = "\n".join(escape_lines(text, hard_breaks=True))
    assert parsed_text(source, WITH_HTML) == text


@pytest.mark.parametrize(
    "text",
    [
        "# heading?", "## two", "> quoted", "---", "***", "___", "- item", "+ item", "* item",
        "1. first", "12) twelfth", "===", "title\n===", "title\n---", "```\ncode\n```",
        "    indented", "  two spaces", "trailing  ", "trailing\t", "<b>bold</b>",
        "<div>\nblock\n</div>", "<http://example.org>", "[x](y)", "![img](src)", "[ref]: /url",
        "a | b\n--|--", "~~gone~~", "&amp; &#42; &copy;", "back\\slash\\", "*a* _b_ `c`",
        "a\n\nb", "a\n\n\n\nb", "\nlead", "trail\n", "\n\n", "\n", " ", "\u00a0x\u00a0",
        "x\r\ny", "snake_case and __dunder__", "2017. That year", "café_au_lait",
    ],
)
def test_markdown_specials_stay_literal(text: str) -> None:
    for hard in (False, True):
        lines = escape_lines(text, hard_breaks=hard)
        assert parsed_text("\n".join(blockquote(lines)), WITH_HTML) == text
        assert parsed_text("\n".join(lines), WITH_HTML) == text


def test_raw_html_is_shown_not_rendered() -> None:
    source = "\n".join(blockquote(escape_lines("a <b>bold</b> & <script>x</script>")))
    html = WITH_HTML.render(source)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;" in html and "&lt;script&gt;" in html


def test_escaping_keeps_ordinary_prose_readable() -> None:
    prose = "The U.S. said on Thursday (June 8) that it's 55-km zone: 3,000 people, 85%."
    assert escape_line(prose) == prose
    assert escape_inline("snake_case") == "snake_case"


def test_line_start_markers_are_escaped_only_at_the_start() -> None:
    assert escape_line("- a - b") == "\\- a - b"
    assert escape_line("1. a 2. b") == "1\\. a 2. b"
    assert escape_line("> a > b") == "\\> a > b"


@pytest.mark.parametrize(
    "value",
    ['US military: “We are prepared”', 'a "quoted": title', "back\\slash", "tab\there",
     "line\nbreak", "del\x7f nel\x85 ls\u2028", "- dash", "# hash", "'single'", "emoji 🎉"],
)
def test_yaml_quote_is_a_json_string_on_one_line(value: str) -> None:
    quoted = yaml_quote(value)
    assert "\n" not in quoted and quoted.startswith('"') and quoted.endswith('"')
    assert json.loads(quoted) == value
    assert all(ch.isprintable() or ch == " " for ch in quoted)


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",))), st.lists(TEXT, max_size=4))
def test_yaml_quote_reads_back_exactly_with_pyyaml(value: str, values: list[str]) -> None:
    """Front matter is read by YAML tools: PyYAML must give back every character."""
    loaded = yaml.safe_load(f"title: {yaml_quote(value)}\ntags: {yaml_list(values)}\n")
    assert loaded == {"title": value, "tags": values}
