"""``reader outline`` end to end, in a subprocess like a user's shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("READER_MAX_MB", None)
    return subprocess.run(
        [sys.executable, "-m", "reader", "outline", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env=env,
    )


def test_json_on_the_sample(sample_path: Path) -> None:
    result = run(str(sample_path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["uri"] == sample_path.resolve().as_uri()
    sections = data["sections"]
    assert [s["title"] for s in sections] == [
        "US military: “We are prepared for any threat that is presented by the pro-regime forces”",
        "Report: US, Russia Hold Secret Meeting Over “De-Escalation Zone” in South",
        "The Destruction of Lataminah in Northern Hama",
    ]
    assert "Tanf" in sections[0]["label"] and "Lataminah" in sections[2]["label"]
    assert all(0 < len(s["label"]) <= 24 for s in sections)
    kinds = {b["kind"]: b["text"] for s in sections for b in s["blocks"]}
    assert kinds["related"].startswith("Syria Daily, May 31:")
    assert kinds["caption"].startswith("TOP PHOTO:")
    assert kinds["quote"].startswith("We are now considering how")
    text = sample_path.read_text(encoding="utf-8")
    for section in sections:
        for block in section["blocks"]:
            assert text[block["start"] : block["end"]] == block["text"]


def test_human_output(sample_path: Path) -> None:
    result = run(str(sample_path))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert out.splitlines()[0].startswith("US military:")
    assert "[Tanf]" in out and "related" in out and "caption" in out and "quote" in out


def test_markdown_fixture() -> None:
    result = run(str(FIXTURES / "coral-reef.md"), "--json")
    assert result.returncode == 0
    assert [s["title"] for s in json.loads(result.stdout)["sections"]][1:] == [
        "What the Surveys Found",
        "Can the Reef Recover?",
    ]


def test_stdin() -> None:
    result = run("-", "--json", stdin=b"Piped Title\n\nPiped body.\n")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["title"] == "Piped Title" and data["uri"].startswith("urn:x-reader:stdin:")


def _binary(tmp_path: Path) -> str:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    return str(path)


def _empty(tmp_path: Path) -> str:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return str(path)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: str(tmp / "missing.txt"), "does not exist"),
        (lambda tmp: str(tmp), "folder"),
        (_binary, "not a text file"),
        (_empty, "empty"),
    ],
    ids=["missing", "directory", "binary", "empty"],
)
def test_errors_are_one_line(tmp_path: Path, make, words: str) -> None:
    result = run(make(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert result.stdout == b""
    assert len(err.strip().splitlines()) == 1, err
    assert words in err and "Traceback" not in err
