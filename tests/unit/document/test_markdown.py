"""The Markdown parser: markup-free text, spans, block kinds, section splits."""

from __future__ import annotations

from pathlib import Path

from reader.document import Article, load_article, parse_text
from reader.document.markdown import parse_markdown
from reader.document.parse import is_markdown

from .invariants import check_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def md(source: str) -> Article:
    article = parse_text(source, "test:md", markdown=True)
    check_article(article)
    return article


def texts(article: Article, kind: str | None = None) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks if kind in (None, b.kind)]


def test_coral_fixture_structure() -> None:
    article = load_article(FIXTURES / "coral-reef.md")
    check_article(article)
    assert article.title == "Coral Bleaching Spreads Across the Great Barrier Reef"
    assert [s.title for s in article.sections] == [
        article.title,
        "What the Surveys Found",
        "Can the Reef Recover?",
    ]
    kinds = [b.kind for b in article.blocks]
    assert kinds[:4] == ["heading", "byline", "paragraph", "caption"]
    assert texts(article, "caption") == ["A diver above bleached coral near Lizard Island"]
    assert texts(article, "quote")[0].startswith("Bleaching is a stress response")
    assert "code" in kinds
    assert texts(article, "code") == [
        "def recovery_years(cover: float) -> float:\n    return 10 * (1 - cover)"
    ]


def test_markup_characters_are_not_in_the_text() -> None:
    article = md("# T\n\nSome *it* and **bold** and `code` and ~~gone~~ and [a link](http://x.test).\n")
    body = texts(article, "paragraph")[0]
    assert body == "Some it and bold and code and gone and a link."
    styles = {
        (article.text[s.start : s.end], s.style, s.href) for b in article.blocks for s in b.spans
    }
    assert styles == {
        ("it", "italic", None),
        ("bold", "bold", None),
        ("code", "code", None),
        ("gone", "strike", None),
        ("a link", "link", "http://x.test"),
    }


def test_blocks_are_separated_by_blank_lines() -> None:
    article = md("# Title\n\nOne.\n\nTwo.\n")
    assert article.text == "Title\n\nOne.\n\nTwo."


def test_raw_html_stays_literal_text() -> None:
    article = md("# T\n\n<script>alert(1)</script> and <b>bold</b>\n\n<div>\nblock\n</div>\n")
    joined = " ".join(texts(article))
    assert "<script>alert(1)</script>" in joined and "<b>bold</b>" in joined
    assert "<div>" in joined


def test_entities_cannot_smuggle_controls() -> None:
    article = md("# T\n\nA &#x1b;[2J and &#x202e; and &#27; end\n")
    assert "\x1b" not in article.text and "\u202e" not in article.text


def test_lists_have_depth_and_numbers() -> None:
    article = md("# T\n\n- a\n  - b\n    1. c\n- d\n")
    items = [(article.text[b.start : b.end], b.level) for b in article.blocks]
    assert items[1:] == [("a", 1), ("b", 2), ("1. c", 3), ("d", 1)]


def test_table_rows_become_paragraphs() -> None:
    article = md("# T\n\n| A | B |\n|---|---|\n| 1 | *2* |\n")
    assert texts(article, "paragraph") == ["A | B", "1 | 2"]
    span = article.blocks[2].spans[0]
    assert article.text[span.start : span.end] == "2" and span.style == "italic"


def test_split_at_h3_when_there_are_no_h2() -> None:
    article = load_article(FIXTURES / "city-budget-h3.md")
    check_article(article)
    assert [s.title for s in article.sections] == [article.title, "Libraries", "Roads"]
    headings = [
        (article.text[b.start : b.end], b.level) for b in article.blocks if b.kind == "heading"
    ]
    assert headings[-1] == ("A note on the figures", 4)  # deeper headings stay inside


def test_several_h1_split_and_content_before_the_title() -> None:
    article = load_article(FIXTURES / "two-h1.md")
    check_article(article)
    assert article.title == "First Story About Glasgow"
    assert [s.title for s in article.sections] == [
        "First Story About Glasgow",
        "Traffic",
        "Second Story About Aberdeen",
    ]
    assert article.blocks[0].kind == "paragraph"
    levels = [b.level for b in article.blocks if b.kind == "heading"]
    assert levels == [1, 3, 2]  # other headings move one level down under the title


def test_no_h1_takes_the_first_heading() -> None:
    article = md("Lead paragraph.\n\n## First Part\n\nText.\n\n## Second Part\n\nMore.\n")
    assert article.title == "First Part"
    assert [s.title for s in article.sections] == ["First Part", "Second Part"]


def test_no_heading_at_all_uses_front_matter_or_first_line() -> None:
    article = md("---\ntitle: \"From Front Matter\"\n---\nJust a paragraph.\n")
    assert article.title == "From Front Matter"
    assert len(article.sections) == 1 and article.sections[0].title == "From Front Matter"
    article = md("Just a paragraph of text.\n\nAnother.\n")
    assert article.title == "Just a paragraph of text."


def test_image_without_alt_is_dropped() -> None:
    article = md("# T\n\n![](pic.png)\n\nText.\n")
    assert [b.kind for b in article.blocks] == ["heading", "paragraph"]


def test_image_alt_text_keeps_no_markup() -> None:
    """Alt text is the plain text of the label, as markdown-it renders ``alt``."""
    source = "# T\n\n![*foo* bar](x)\n\nSee ![a `b` ![c](y)](z) here.\n"
    article = md(source)
    assert [b.kind for b in article.blocks] == ["heading", "caption", "paragraph"]
    assert texts(article)[1:] == ["foo bar", "See a b c here."]
    assert all(not b.spans for b in article.blocks)
    assert parse_markdown(source) == parse_markdown(source, direct=False)


def test_list_number_goes_to_the_items_own_first_paragraph() -> None:
    article = md("# T\n\n1. first\n\n2. ```\n   code\n   ```\n\n   then\n3. > quoted\n\n   after\n")
    assert texts(article)[1:] == ["1. first", "code", "then", "quoted", "after"]


def test_detection_by_heading_lines_and_suffix() -> None:
    assert is_markdown("Title\n\n## Section\n\nText")
    assert not is_markdown("Title\n\n#hashtag and #1 priority\n\nText")
    assert is_markdown("no headings", "file:///tmp/note.markdown")
    assert not is_markdown("no headings", "file:///tmp/note.txt")
    assert parse_text("# Detected\n\nBody *here*.\n", "stdin:x").title == "Detected"


def test_empty_markdown() -> None:
    article = parse_text("", "test:empty", markdown=True)
    assert article.blocks == () and article.sections == ()
