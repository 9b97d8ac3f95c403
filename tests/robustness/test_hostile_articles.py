"""Hostile articles through every command, and through a real terminal.

One article carries every payload of :mod:`hostile` (escape sequences, C0
and C1 controls, bidi overrides, Rich/Textual markup, invalid UTF-8, a
100,000-character line, CJK, emoji, combining and zero-width characters).
Every command that shows it exits 0, never writes a control character,
and shows markup as the literal text it is. The app is checked in a pty
once it can open an article.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from reader.annotations.anchoring import anchor_all
from reader.annotations.clean import clean_text
from reader.document import load_article
from reader.store.store import Store

from .hostile import ALL_PAYLOADS, MARKUP, OSC_TITLE, forbidden_in, hostile_article
from .pty_check import RecordingSession, app_problems, command_problems, run_in_pty
from .support import (
    PROJECT_ROOT,
    new_ids,
    reader_argv,
    reader_env,
    run_cli,
    run_reader,
    w3c_item,
    write_collection,
)

VARIANTS = {
    "plain text": ("hostile.txt", lambda: hostile_article()),
    "markdown": ("hostile.md", lambda: hostile_article()),
    "crlf": ("hostile-crlf.txt", lambda: hostile_article(long_line=False).replace(b"\n", b"\r\n")),
    "cp1252": ("hostile-1252.txt", lambda: (
        "Caf\xe9 Title\n\nA \x1b]0;pwned\x07 na\xefve \x1b[2J paragraph \u2026 with "
        "\u201csmart\u201d quotes [bold]x[/].\n"
    ).encode("cp1252")),
}
PASSAGES = ("[bold]bold markup[/]", "東京で会議", "e\u0301 a\u0308", "zero\u200bwidth")


@pytest.fixture(params=sorted(VARIANTS))
def hostile(request: pytest.FixtureRequest, tmp_path: Path, tally: Counter[str]) -> Path:
    name, make = VARIANTS[request.param]
    path = tmp_path / name
    path.write_bytes(make())
    tally["hostile articles tried"] += 1
    return path


def test_outline_shows_nothing_that_drives_a_terminal(hostile: Path, home: Path) -> None:
    for args in (("outline", str(hostile)), ("outline", str(hostile), "--json")):
        shown = run_reader(home, *args)
        assert shown.code == 0, shown.stderr
        assert forbidden_in(shown.out + shown.err) == [], args
    outline = json.loads(run_reader(home, "outline", str(hostile), "--json").out)
    assert outline["title"]
    if hostile.name.startswith("hostile."):
        assert "[bold]bold markup[/]" in outline["title"]  # markup is text, kept literally


def test_annotated_hostile_article_through_every_command(
    home: Path, tmp_path: Path, tally: Counter[str]
) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(hostile_article())
    article = load_article(path)
    items = []
    for phrase, ident, payload in zip(PASSAGES, new_ids(len(PASSAGES)), ALL_PAYLOADS, strict=False):
        start = article.text.index(phrase)
        items.append(w3c_item(article.uri, article.text, start, start + len(phrase), ident,
                              note=f"note {payload} {MARKUP}", tags=[f"tag{payload}"]))
    notes = write_collection(tmp_path / "notes.json", items)
    assert run_cli(home, "import", str(notes)).code == 0

    # Imported text passes the gate: no output, JSON and exports included, carries
    # a control sequence or the words inside one.
    commands = [("annotations", str(path)), ("tags",), ("list",),
                ("annotations", str(path), "--json"), ("tags", "--json"), ("list", "--json"),
                ("export", str(path)),
                ("export", str(path), "--format", "json"),
                ("export", str(path), "--format", "jsonl")]
    for args in commands:
        shown = run_reader(home, *args)
        assert shown.code == 0, (args, shown.stderr)
        assert forbidden_in(shown.out + shown.err) == [], args
        tally["hostile command outputs checked"] += 1
    body = run_reader(home, "export", str(path)).out.split(b"\n---\n", 1)[1]
    assert forbidden_in(body) == []
    listing = run_reader(home, "annotations", str(path)).stdout
    assert "“[bold]bold markup[/]”" in listing and "[@click=app.quit]" in listing
    rows = run_reader(home, "annotations", str(path), "--json").json()
    assert [r["state"] for r in rows] == ["anchored"] * len(PASSAGES)
    assert sorted(r["text"] for r in rows) == sorted(PASSAGES)
    # Each note is what was sent, less its control sequences: markup stays text.
    assert {r["note"] for r in rows} == {clean_text(i["body"][-1]["value"]) for i in items}
    assert all(MARKUP in r["note"] for r in rows)


def test_hostile_article_reanchors_exactly_when_unchanged(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(hostile_article())
    article = load_article(path)
    step = max(1, len(article.text) // 400)
    items = [w3c_item(article.uri, article.text, s, min(len(article.text), s + 17), i)
             for s, i in zip(range(0, len(article.text) - 20, step), new_ids(400), strict=False)]
    assert run_cli(home, "import", str(write_collection(tmp_path / "n.json", items))).code == 0
    with Store.open(home, mode="read") as store:
        anns = store.annotations(article.uri)
    anchors = anchor_all(anns, load_article(path).text)
    assert [(a.state, a.start, a.end) for a in anchors] == [
        ("anchored", ann.start, ann.end) for ann in anns
    ]


@pytest.mark.pty
def test_outline_in_a_terminal_writes_no_control_bytes(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_bytes(hostile_article(long_line=False))
    code, raw, screen = run_in_pty(reader_argv("outline", str(path)), reader_env(home))
    assert code == 0
    assert command_problems(raw) == []
    assert b"\x1b" not in raw
    assert "[bold]bold markup[/]" in screen


def _app_opens(article: Path, home: Path) -> bool:
    """Can the app be built on an article yet? (It is being written alongside.)"""
    probe = (
        "import sys\nfrom reader.ui.app import make_app\n"
        "make_app(source=sys.argv[1], data_dir=sys.argv[2])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(article), str(home)],
                          capture_output=True, timeout=60, cwd=PROJECT_ROOT)
    return done.returncode == 0


def _app_bytes(article: Path, home: Path, painted: str) -> tuple[bytes, str]:
    """Every byte the app writes from start to ``q``, and the screen at first paint."""
    session = RecordingSession(reader_argv(str(article)), env=reader_env(home))
    with session:
        session.wait_for(lambda screen: painted in screen, timeout=30)
        session.settle(quiet=0.3, timeout=15)
        screen = session.text()
        assert session.alive, "the app quit by itself"
        session.send("q")
        session.wait_exit(15)
    return bytes(session.raw), screen


@pytest.mark.pty
def test_app_in_a_terminal_shows_a_hostile_article_inertly(
    home: Path, tmp_path: Path, tally: Counter[str]
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(hostile_article(long_line=False))
    clean = tmp_path / "clean.txt"
    clean.write_text(load_article(hostile).text.replace("pwned", "plain"), encoding="utf-8")
    if not _app_opens(hostile, home):
        pytest.skip("app not built")
    baseline, _ = _app_bytes(clean, home / "clean", "Paragraph 0 begins")
    raw, screen = _app_bytes(hostile, home, "Paragraph 0 begins")
    assert app_problems(raw, baseline) == []
    assert OSC_TITLE.encode() not in raw
    assert "[bold]bold markup[/]" in screen  # markup shown, not applied
    assert "[@click=app.quit]" in screen
    tally["hostile articles shown in the app (pty)"] += 1
