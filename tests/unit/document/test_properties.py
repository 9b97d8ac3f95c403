"""Property tests: any text parses, and the model's invariants hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.document import parse_text
from reader.document.sanitize import sanitize
from reader.document.sentences import split_sentences

from .invariants import check_article

# Lines built from pieces that trigger every rule: subheads, asides, lists,
# quotes, Markdown markup, punctuation and abbreviations, plus random text.
PIECES = st.sampled_from(
    [
        "Title Case Heading", "ALL CAPS HEAD", "Photo: a caption", "Related: Another Piece",
        "Syria Daily, May 31: Headline", "By Jane Doe", "- item", "* item", "1. item",
        "  - nested", "> quoted", "He said:", "“Quoted whole.”", "Mr. Smith left.",
        "U.S. Army", "J. K. Rowling", "2.5 per cent.", "# H1", "## H2", "### H3", "```",
        "    code", "*em*", "**strong**", "`code`", "[link](http://x)", "![alt](i.png)",
        "| a | b |", "|---|---|", "---", "", " ", "\t", "…", "?!", "“", "”", ":",
        "word", "another sentence. Next one!",
    ]
)
LINE = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=6).map(" ".join)
DOCUMENT = st.lists(LINE, max_size=25).map("\n".join).map(sanitize)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_plain_text_parser_holds_invariants(text: str) -> None:
    article = parse_text(text, "test:prop", markdown=False)
    check_article(article)
    assert article.text == text  # plain text is never rewritten


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_markdown_parser_holds_invariants(text: str) -> None:
    article = parse_text(text, "test:prop", markdown=True)
    check_article(article)
    assert "\x1b" not in article.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(0, 20), st.integers(0, 20))
def test_sentences_stay_inside_their_range(text: str, cut_start: int, cut_end: int) -> None:
    start = min(cut_start, len(text))
    end = max(start, len(text) - cut_end)
    spans = split_sentences(text, start, end)
    previous = start
    for s, e in spans:
        assert previous <= s < e <= end
        assert text[s:e] == text[s:e].strip()
        previous = e
    covered = "".join("".join(text[s:e].split()) for s, e in spans)
    assert covered == "".join(text[start:end].split())
