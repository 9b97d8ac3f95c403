"""The direct reading of inline Markdown, against markdown-it's own tokens.

:func:`read_simple` either declines (``None``) or gives the same text and
spans that markdown-it's inline tokens give once turned into the model.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.document.markdown import _inline, _parser
from reader.document.markdown_blocks import TRIM_CHARS
from reader.document.markdown_inline import CONTROLS, Reading, read_simple
from reader.document.sanitize import is_clean

MD = _parser(direct=False)


def reference(content: str) -> Reading:
    token = MD.parseInline(content)[0]
    return _inline(token.children or [])


def direct(content: str) -> Reading | None:
    return read_simple(content, MD.normalizeLink, MD.validateLink)


def check(content: str) -> Reading | None:
    reading = direct(content)
    if reading is not None:
        assert reading == reference(content), content
    return reading


TRICKY = "ab *_`[]()!<&~\\\n:/.#\u00a0\x1b"
PIECES = st.sampled_from(
    ["word", " ", "\n", "*", "**", "_", "__", "`", "``", "[", "](", ")", "](https://e.org/x)",
     "!", "\\", "&amp;", "<", "~~", "“", "x.", "  ", "\t", "\u3000", "\x1b[1m"]
)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(TRICKY, max_size=24), st.lists(PIECES, max_size=12).map("".join)))
def test_reading_equals_markdown_it_or_declines(content: str) -> None:
    check(content)


URL = st.from_regex(
    r"\A(?:https?|ftp|HTTP|mailto|javascript|data):[/]{0,2}[\w.%~:@!$'+,;=/?#-]{0,20}\Z"
)


@settings(max_examples=300, deadline=None)
@given(URL)
def test_link_destinations_as_markdown_it_normalises_them(url: str) -> None:
    check(f"see [the page]({url}) here")


@pytest.mark.parametrize(
    ("content", "text", "styles"),
    [
        ("plain words only", "plain words only", []),
        ("line one\nline two", "line one line two", []),
        ("an *em* and **strong** word", "an em and strong word", ["italic", "bold"]),
        ("_under_ and __double__", "under and double", ["italic", "bold"]),
        ("*several words here*", "several words here", ["italic"]),
        ("some `co*de` here", "some co*de here", ["code"]),
        ("a [link](https://example.org/a/1) b", "a link b", ["link"]),
        ("a [l](https://EXAMPLE.org/%7e) b", "a l b", ["link"]),
    ],
)
def test_simple_content_is_read(content: str, text: str, styles: list[str]) -> None:
    reading = check(content)
    assert reading is not None
    assert reading[0] == text
    assert [style for _, _, style, _ in reading[1]] == styles


@pytest.mark.parametrize(
    "content",
    [
        "intra*word*emphasis", "*unclosed", "**mixed*", "*nested **strong** em*", "a\\*b",
        "&amp;", "<http://a.b>", "~~strike~~", "![image](i.png)", "[ref]", "[a](b \"title\")",
        "hard  \nbreak", "soft \nbreak", "tab\there", "esc\x1b[31m", "[bad](javascript:x)",
        "``double``",
    ],
)
def test_other_content_is_declined(content: str) -> None:
    assert direct(content) is None


def test_controls_are_what_sanitising_changes() -> None:
    allowed = re.compile(f"[^{CONTROLS}]")
    for code in [*range(0x10000), 0x1F600, sys.maxunicode]:
        char = chr(code)
        assert (allowed.fullmatch(char) is not None) == is_clean(char), hex(code)


def test_trim_characters_are_markdown_its() -> None:
    utils = pytest.importorskip("markdown_it.common.utils")
    if not hasattr(utils, "MD_TRIM_CHARS"):
        pytest.skip("this markdown-it trims with str.strip")
    assert set(TRIM_CHARS) == set(utils.MD_TRIM_CHARS)
