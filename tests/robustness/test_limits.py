"""Inputs the reader refuses: too big, binary, empty. One line each, never a traceback.

The size limit (50 MB, ``READER_MAX_MB``) protects the terminal and memory;
the message names the limit and how to raise it. Binary files are refused
before any parsing. An empty file is an error where there is nothing to
show (``outline``) and an empty article with a notice where the article is
only the key to annotations.
"""

from __future__ import annotations

import gzip
import random
from collections import Counter
from pathlib import Path

import pytest

from reader.document import load_article
from reader.document.ingest import EMPTY_NOTICE

from .support import run_cli, run_reader

LIMIT_LINE = "over the 1 MB limit; set READER_MAX_MB to a larger number of megabytes to open it"


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A 2 MB article: real paragraphs, nothing else wrong with it."""
    path = tmp_path / "big.txt"
    paragraph = "A perfectly ordinary paragraph of a long report, repeated. " * 20 + "\n\n"
    path.write_text("Long Report\n\n" + paragraph * (2 * 1024 * 1024 // len(paragraph) + 1))
    assert path.stat().st_size > 2 * 1024 * 1024
    return path


@pytest.mark.parametrize(
    "args",
    [("outline", "{big}"), ("annotations", "{big}"), ("export", "{big}"), ("{big}",)],
    ids=["outline", "annotations", "export", "app"],
)
def test_file_over_the_limit_is_refused_naming_the_limit(
    args: tuple[str, ...], big: Path, home: Path
) -> None:
    refused = run_reader(home, *(a.format(big=big) for a in args), READER_MAX_MB="1")
    assert refused.code == 1 and refused.out == b""
    (line,) = refused.err_lines()
    assert line == f"reader: {big} is 2.0 MB, {LIMIT_LINE}"


def test_standard_input_over_the_limit_is_refused(big: Path, home: Path) -> None:
    refused = run_reader(home, "outline", "-", stdin=big.read_bytes(), READER_MAX_MB="1")
    assert refused.code == 1
    assert refused.err_lines() == [f"reader: standard input is {LIMIT_LINE}"]


def test_raising_the_limit_opens_the_file(big: Path, home: Path) -> None:
    opened = run_reader(home, "outline", str(big), READER_MAX_MB="3")
    assert opened.code == 0 and opened.stdout.startswith("Long Report")


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan"])
def test_a_limit_that_is_not_a_size_is_one_clear_line(value: str, big: Path, home: Path) -> None:
    refused = run_reader(home, "outline", str(big), READER_MAX_MB=value)
    assert refused.code == 1
    assert refused.err_lines() == [
        f"reader: READER_MAX_MB={value!r} is not a size; set it to a number of megabytes"
    ]


def _binaries() -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000),
        "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 64 + bytes(range(256)) * 8,
        "gzip": gzip.compress(b"An article, compressed. " * 500),
        "random": bytes(rng.randrange(256) for _ in range(20000)),
        "controls": bytes(rng.choice(b"\x01\x02\x03\x04\x05\x06 abc") for _ in range(5000)),
    }


@pytest.mark.parametrize("kind", sorted(_binaries()))
def test_binary_files_are_refused(
    kind: str, tmp_path: Path, home: Path, tally: Counter[str]
) -> None:
    path = tmp_path / f"article.{kind}.txt"
    path.write_bytes(_binaries()[kind])
    for args in (("outline", str(path)), ("annotations", str(path)), ("export", str(path))):
        refused = run_cli(home, *args)
        assert refused.code == 1, args
        (line,) = refused.err_lines()
        assert line.startswith(f"reader: {path} is not a text file (")
        assert line.endswith("); open a text or Markdown file")
    tally["binary files refused"] += 1


BLANK = [b"", b"   \n\n\t \r\n", "\ufeff".encode(), b"\x1b[2J\x1b[H\x1b]0;t\x1b\\\n"]


@pytest.mark.parametrize("content", BLANK, ids=["empty", "blank", "bom", "only-escapes"])
def test_empty_article(content: bytes, tmp_path: Path, home: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    refused = run_cli(home, "outline", str(path))
    assert refused.code == 1
    assert refused.err_lines() == [
        f"reader: {path} is empty; give a file that contains an article"
    ]
    article = load_article(path)
    assert article.blocks == () and article.sections == ()
    assert EMPTY_NOTICE in article.notices
    listed = run_cli(home, "annotations", str(path))
    assert listed.code == 0 and listed.err_lines() == []
