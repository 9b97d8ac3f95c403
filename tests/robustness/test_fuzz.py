"""Property tests on hostile alphabets and raw bytes, where tests/unit has none.

tests/unit already fuzzes the parsers with prose-like pieces, anchoring on
the sample's words, and Markdown/W3C escaping on sanitised text. Added
here: the parsers and anchoring on scripts and characters that stress
offsets (CJK, emoji sequences, combining and zero-width characters, RTL
letters, markup characters), the whole ``load_article`` pipeline on
arbitrary bytes, and the command line's escaping of what it prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.annotations.anchoring import anchor_all
from reader.annotations.model import Annotation
from reader.cli.output import terminal_safe as _terminal_safe
from reader.document import load_article, parse_text
from reader.document.sanitize import is_clean, sanitize
from reader.errors import ReaderError
from tests.unit.document.invariants import check_article

from .hostile import ALL_PAYLOADS, INVALID_UTF8, forbidden_in

PROFILE = settings(max_examples=120, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ALPHABET = (
    "東京会議한국어中文"                    # CJK, wide
    "😀👩\u200d👩\u200d👧🇸🇾🏳️"               # emoji, ZWJ sequences, flags, VS16
    "e\u0301a\u0308\u0351\u0363"             # combining marks
    "\u200b\u200c\u200d\u2060\ufeff"         # zero-width characters
    "مرحبا שלום"                             # RTL letters
    "[]/@=#*_>`-|\\<&!():.,?“”‘’…"          # markup and punctuation
    "aZ09 \u00a0\u3000\t\n\r\u2028\u2029"     # letters, spaces, line ends
    "\x1b\x07\x9b\u202e\x00\x7f"              # controls (sanitising removes them)
)
LINES = st.lists(st.text(alphabet=ALPHABET, max_size=60), max_size=20).map("\n".join)
# Pieces that make structure (headings, lists, quotes, captions) around the hostile text.
PIECES = st.sampled_from(["# Heading", "## Sub", "Title Case Line", "> quote", "- item",
                          "Photo: caption", "By Someone", "```", "", "He said:"])
DOCUMENT = st.lists(st.one_of(LINES, PIECES), max_size=12).map("\n\n".join)


@PROFILE
@given(DOCUMENT, st.booleans())
def test_parsers_on_hostile_alphabets(raw: str, markdown: bool) -> None:
    text = sanitize(raw)
    assert is_clean(text)
    article = parse_text(text, "test:fuzz", markdown=markdown)
    check_article(article)
    if not markdown:
        assert article.text == text
    assert is_clean(article.text)


@PROFILE
@given(DOCUMENT, st.data())
def test_unchanged_hostile_text_reanchors_exactly(raw: str, data: st.DataObject) -> None:
    text = sanitize(raw)
    assume(len(text.strip()) > 2)
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 80)),
                               min_size=1, max_size=8))
    anns = []
    for start, length in spans:
        end = min(len(text), start + length)
        if text[start:end].strip():
            anns.append(Annotation.create("test:fuzz", text, start, end))
    assume(anns)
    anchors = anchor_all(anns, text)
    assert [(a.state, a.start, a.end) for a in anchors] == [
        ("anchored", ann.start, ann.end) for ann in anns
    ]


# Bytes a file may really hold: valid UTF-8 fragments, invalid sequences,
# legacy single-byte text, BOMs, terminal payloads, and plain noise.
FRAGMENTS = st.one_of(
    st.text(alphabet=ALPHABET, max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from([INVALID_UTF8, b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00",
                     "Caf\xe9 na\xefve \u2026".encode("cp1252"), b"\r\n", b"\n\n",
                     *(p.encode() for p in ALL_PAYLOADS)]),
    st.binary(max_size=40),
)
RAW = st.lists(FRAGMENTS, max_size=30).map(b"".join)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@PROFILE
@given(RAW, st.sampled_from([".txt", ".md"]))
def test_load_article_on_arbitrary_bytes(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"article{suffix}"
    path.write_bytes(data)
    try:
        article = load_article(path)
    except ReaderError as exc:
        assert "\n" not in str(exc)
        return
    assert _UNSAFE.search(article.text) is None
    assert "\r" not in article.text and "\t" not in article.text
    check_article(article)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_printed_json_keeps_every_character_and_drives_nothing(value: str) -> None:
    shown = _terminal_safe(orjson.dumps({"note": value}).decode(), json=True)
    assert json.loads(shown) == {"note": value}
    assert forbidden_in(shown.encode(), escaped=True) == []


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_printed_text_drives_nothing(value: str) -> None:
    assert forbidden_in(_terminal_safe(value).encode(), escaped=True) == []
