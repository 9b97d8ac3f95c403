"""Decoding bytes and loading sources: encodings, notices, refusals."""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

import pytest

from reader.document import load_article
from reader.document.ingest import EMPTY_NOTICE, MAX_MB_ENV, decode, max_bytes_default
from reader.errors import ReaderError

FRENCH = (
    "Le café de la gare était fermé. Les élèves ont mangé à la cantine, "
    "où l’on sert des crêpes. « Ça coûte cher », dit-elle.\n"
)


def test_utf8_passes_through_unchanged() -> None:
    assert decode("Tanf — “combat power”\n".encode()) == ("Tanf — “combat power”\n", ())


def test_bom_is_stripped() -> None:
    text, notices = decode(codecs.BOM_UTF8 + b"Title\n\nBody")
    assert text == "Title\n\nBody"
    assert notices == ()


def test_crlf_and_cr_become_lf() -> None:
    text, _ = decode(b"one\r\ntwo\rthree\n")
    assert text == "one\ntwo\nthree\n"


def test_a_few_invalid_bytes_are_replaced_and_counted() -> None:
    data = "Héllo “world”, ".encode() + b"\xff\xfe" + " déjà vu".encode()
    text, notices = decode(data)
    assert text == "Héllo “world”, \ufffd\ufffd déjà vu"
    assert notices == ("2 invalid bytes replaced",)


def test_one_invalid_byte_is_singular() -> None:
    _, notices = decode("naïve ".encode() + b"\x80")
    assert notices == ("1 invalid byte replaced",)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_single_byte_file_is_detected(encoding: str) -> None:
    text, notices = decode((FRENCH * 3).encode(encoding, errors="replace").replace(b"?", b"'"))
    assert "café" in text and "élèves" in text and "crêpes" in text
    assert len(notices) == 1 and notices[0].startswith("decoded as ")


def test_cp1252_smart_quotes_are_read_as_cp1252() -> None:
    data = "He said “yes” — and left for the café.\n".encode("cp1252") * 5
    text, notices = decode(data)
    assert text.startswith("He said “yes” — and left for the café.")
    assert notices == ("decoded as cp1252",)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(encoding: str) -> None:
    data = "Title\r\n\r\nΚαλημέρα — body".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    text, notices = decode(data)
    assert text == "Title\n\nΚαλημέρα — body"
    assert notices == ()


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # a zip header
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06" * 100 + b"text",
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ReaderError, match="binary"):
        decode(data)


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode(b"") == ("", ())


# --- load_article --------------------------------------------------------------


def test_load_article_identifies_files_by_resolved_uri(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("A Title\n\nSome body text here.\n", encoding="utf-8")
    article = load_article(path)
    assert article.uri == path.resolve().as_uri()
    assert article.title == "A Title"


def test_load_article_sanitises(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Title\x1b]0;owned\x07\n\nBody \x1b[2Jtext\tend.\n")
    article = load_article(path)
    assert article.text == "Title\n\nBody text    end.\n"


def test_empty_file_gives_empty_article(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    article = load_article(path)
    assert article.blocks == () and article.sections == ()
    assert EMPTY_NOTICE in article.notices


def test_blank_file_is_empty_too(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n\t\n")
    assert EMPTY_NOTICE in load_article(path).notices


def test_empty_file_refused_when_not_allowed(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReaderError, match="empty"):
        load_article(path, allow_empty=False)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="does not exist") as info:
        load_article(tmp_path / "nope.txt")
    assert "\n" not in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="folder"):
        load_article(tmp_path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReaderError, match="not a text file"):
        load_article(path)


def test_too_big_names_limit_and_env_var(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(ReaderError) as info:
        load_article(path, max_bytes=1024)
    message = str(info.value)
    assert "limit" in message and MAX_MB_ENV in message and "\n" not in message


def test_env_var_sets_the_default_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n\n" + b"word " * 400_000)  # about 2 MB
    monkeypatch.setenv(MAX_MB_ENV, "1")
    assert max_bytes_default() == 1024 * 1024
    with pytest.raises(ReaderError, match="1 MB limit"):
        load_article(path)
    monkeypatch.setenv(MAX_MB_ENV, "3")
    assert load_article(path).title == "Title"


def test_bad_env_var_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_MB_ENV, "lots")
    with pytest.raises(ReaderError, match=MAX_MB_ENV):
        max_bytes_default()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Title\n\nBody.\n")
    path.chmod(0)
    with pytest.raises(ReaderError, match="permission denied"):
        load_article(path)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"Title From Stdin\n\nBody text.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = load_article("-")
    assert article.title == "Title From Stdin"
    assert article.uri.startswith("urn:x-reader:stdin:")
    assert article.uri == "urn:x-reader:stdin:" + article.fingerprint[:16]


def test_markdown_suffix_selects_markdown(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("Title in *bold*?\n\nA paragraph with **strong** text.\n")
    article = load_article(path)
    assert "*" not in article.text
    assert any(span.style == "bold" for block in article.blocks for span in block.spans)
