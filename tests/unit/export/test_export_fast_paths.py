"""The shortcuts a large export takes give exactly what the general code gives.

Plain text skips the escaping machinery, the W3C collection goes to the file
as bytes, an unfiltered export is not copied, places are looked up once per
paragraph, and the package loads only the modules a format needs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotations.model import Anchor
from reader.export import escape
from reader.export.collect import render, render_bytes
from reader.export.model import build_export, filter_items
from reader.export.writer import write_atomic

from .factories import ann, sample_article
from .sample import sample_export

PIECES = [
    "\\", "`", "*", "_", "__", "[", "<", "|", "~", "#", "&", "&amp;", "&#42;", ";", "-", "+",
    "=", ">", "1", "12", ".", ")", " ", "  ", "\t", "\r", "\u00a0", "\u2028", "\u3000", "\x85",
    "a", "Z", "é", "snake_case", "🎉",
]
CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["\t", "\r"])
LINE = st.lists(CHARS | st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(LINE)
def test_plain_text_shortcuts_agree_with_the_full_escaping(line: str) -> None:
    assert escape.escape_inline(line) == escape._SPECIAL.sub(escape._escape_match, line)
    assert escape.escape_line(line) == escape._escape_line(line)


@pytest.mark.parametrize(
    "line",
    ["plain words", "x", "- item", "+1", "=", "> q", "1. one", "12) x", "9 lives", " lead",
     "trail ", "\u00a0nbsp", "tab\t", "a_b", "_a", "a&b", "&amp;", "#tag", "é", ""],
)
def test_line_starts_and_ends_are_still_escaped(line: str) -> None:
    assert escape.escape_line(line) == escape._escape_line(line)


@pytest.mark.parametrize("fmt", ["markdown", "json", "jsonl"])
@pytest.mark.parametrize("group", ["section", "tag", "none"])
def test_bytes_are_the_text_encoded(fmt: str, group: str) -> None:
    articles = [sample_export()]
    text = render(articles, fmt, group)  # type: ignore[arg-type]
    assert render_bytes(articles, fmt, group) == text.encode("utf-8")  # type: ignore[arg-type]
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_writer_takes_bytes_as_they_are(tmp_path: Path) -> None:
    data = "“quote” 🎉\r\n".encode()
    target = write_atomic(tmp_path / "out.json", data, force=False)
    assert target.read_bytes() == data


def test_no_filter_keeps_every_item() -> None:
    export = sample_export()
    assert filter_items(export) == export
    assert filter_items(export, tags=[" "], colors=[""]) == export  # blank filters: none
    assert len(filter_items(export, colors=["pink"]).items) == 1


def test_places_are_found_for_each_annotation_of_a_shared_paragraph() -> None:
    """Several annotations in one paragraph, in several paragraphs and sections,
    in any order: each gets its own section and paragraph number."""
    article = sample_article()
    text = article.text
    phrases = ["US military", "combat power", "85% of al-Lataminah", "Vladimir Putin",
               "senior diplomat", "eastern Syria"]
    anns = [ann(text, phrase, n=n) for n, phrase in enumerate(phrases, start=1)]
    anchors = [Anchor("anchored", a.start, a.end) for a in anns]
    export = build_export(article, article.uri, article.title, anns, anchors=anchors)
    for item in export.items:
        section = next(s for s in article.sections if s.start <= item.start < s.end)
        block = next(i for i, b in enumerate(article.blocks) if b.start <= item.start < b.end)
        paragraphs = [b for b in article.blocks[section.first_block : block + 1]
                      if b.kind != "heading"]
        assert item.section == section.title
        assert item.paragraph == (len(paragraphs) or None)
        assert item.text_now == text[item.start : item.end]


def _loaded_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    return set(out.split())


def test_the_markdown_path_leaves_the_w3c_module_unloaded() -> None:
    loaded = _loaded_after("import reader.export.collect, reader.export.markdown")
    assert "reader.export.w3c" not in loaded
    loaded = _loaded_after("from reader.export import parse_w3c, to_markdown")
    assert {"reader.export.w3c", "reader.export.markdown"} <= loaded
