"""The outline: exact data shape, and a readable tree."""

from __future__ import annotations

from pathlib import Path

from reader.document import load_article, parse_text
from reader.document.outline import format_outline, outline_dict, preview_text


def test_outline_dict_shape_and_values(sample_path: Path) -> None:
    article = load_article(sample_path)
    data = outline_dict(article)
    assert set(data) == {"title", "uri", "sections"}
    assert data["title"] == article.title and data["uri"] == article.uri
    assert len(data["sections"]) == 3
    for section, model in zip(data["sections"], article.sections, strict=True):
        assert set(section) == {"title", "label", "start", "end", "blocks"}
        assert (section["title"], section["label"]) == (model.title, model.label)
        assert (section["start"], section["end"]) == (model.start, model.end)
        assert len(section["blocks"]) == model.last_block - model.first_block + 1
        for block in section["blocks"]:
            assert set(block) == {"kind", "start", "end", "text"}
            assert article.text[block["start"] : block["end"]] == block["text"]


def test_format_outline_lists_sections_labels_and_kinds(sample_path: Path) -> None:
    article = load_article(sample_path)
    out = format_outline(article)
    lines = out.splitlines()
    assert lines[0] == article.title
    for number, section in enumerate(article.sections, 1):
        assert f"{number}. [{section.label}] {section.title}" in lines
    assert any(line.strip().startswith("related") for line in lines)
    assert any(line.strip().startswith("caption") for line in lines)
    assert any(line.strip().startswith("quote") for line in lines)
    assert all(len(line) < 200 for line in lines[2:] if not line.startswith(tuple("123")))


def test_format_outline_shows_notices() -> None:
    article = parse_text("Title\n\nBody.\n", "test:x", notices=("decoded as cp1252",))
    assert "note: decoded as cp1252" in format_outline(article)


def test_preview_cuts_at_a_word() -> None:
    assert preview_text("short  text\nhere") == "short text here"
    long = preview_text("word " * 40, width=30)
    assert len(long) <= 31 and long.endswith("…")
