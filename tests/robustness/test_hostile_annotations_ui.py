"""Hostile annotations through every widget that shows them, in a real terminal.

An imported note or tag holding an OSC 52 (clipboard write) or OSC 0
(window title) once reached the terminal raw from the notes panel and the
tags screen. Each test here opens the article in a pty, drives the app to
one widget showing annotation or library text spiked with every payload of
:mod:`hostile_notes`, and checks every byte the app wrote against a clean
twin's run: no clipboard write, no title, no payload word, no C1 control or
bidi override, no OSC or screen clear the clean run does not write, and the
markup shown as the text it is.

The store holds the values raw (see :mod:`hostile_notes`), so these fail if
neither the store's load-time sanitising nor the widgets' own plain-text
rendering (:mod:`reader.ui.common.plain`) is there.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from .hostile import OSC_TITLE
from .hostile_notes import (
    CLICK,
    CTRL_P,
    DOWN,
    ESC,
    OSC_CLIPBOARD,
    PAYLOADS,
    Library,
    Seen,
    Visit,
    build,
    damage,
    run_app,
)
from .pty_check import TITLE_OSCS, app_problems, osc_numbers

pytestmark = pytest.mark.pty  # every test drives the app in a pseudo-terminal

TOP = [("g", ""), ("j", "")]  # the cursor on the first annotated sentence
NOTES = Visit("notes panel", [*TOP, ("a", "Detached")], ["a"])
TAGS = Visit("tags screen", [("T", "across the library"), *[(DOWN, "")] * 5], [ESC])
LIBRARY = Visit("library screen", [("L", "sorted by last opened"), ("/", "search every note"),
                                    ("zebra", "matching notes")], [ESC, ESC])
PALETTE = Visit("palette", [(CTRL_P, "Search for commands"), ("zebra", "Note:")], [ESC])
NOTE_EDITOR = Visit("note editor", [*TOP, ("c", "line two")], [ESC])
TAG_EDIT = Visit("tag edit dialogs", [("T", "across the library"), ("r", "Rename tag"),
                                      (ESC, ""), ("m", "disappears"), ("zeb", "")],
                 [ESC, ESC])
CONFIRM = Visit("confirm dialog", [("L", "sorted by last opened"), (DOWN, ""),
                                   ("d", "Remove from the library")], ["n", ESC])
STATUS = Visit("status line", [*TOP, ("j", "was damaged")], [])
TAG_PROMPT = Visit("tag prompt", [*TOP, ("t", "commas separate tags"), ("zeb", ""),
                                  ("\t", "")], [ESC])
VISITS = (NOTES, TAGS, LIBRARY, PALETTE, NOTE_EDITOR, TAG_EDIT, CONFIRM, STATUS, TAG_PROMPT)
# Where the markup must show literally (the status line shows no annotation text).
LITERAL = {visit.name: CLICK for visit in VISITS if visit is not STATUS}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return build(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """The clean twin, every widget visited in one run: what the app itself writes."""
    clean = build(tmp_path_factory.mktemp("clean"), hostile=False)
    damage(clean.home)
    seen = run_app(clean, VISITS)
    assert seen.missing == [], seen.missing  # the visits themselves work
    return seen


def check(seen: Seen, baseline: Seen, visit: Visit, tally: Counter[str]) -> None:
    """Everything the run wrote is inert, and the widget showed what it should."""
    oscs = osc_numbers(seen.raw)
    assert b"52" not in oscs, "the clipboard was written (OSC 52)"
    assert not TITLE_OSCS & oscs.keys(), "the window title was set"
    assert app_problems(seen.raw, baseline.raw) == []
    verbatim = [p for p in PAYLOADS if p.encode() in seen.raw and p.encode() not in baseline.raw]
    assert verbatim == []
    assert seen.missing == []
    literal = LITERAL.get(visit.name)
    if literal:
        assert literal in seen.screens[visit.name], seen.screens[visit.name]
    tally["hostile annotation widgets checked (pty)"] += 1


def test_notes_panel(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    check(run_app(hostile, [NOTES]), baseline, NOTES, tally)


def test_tags_screen(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    check(run_app(hostile, [TAGS]), baseline, TAGS, tally)


def test_library_screen(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    """The table (title, source of an article never opened) and the search of every note."""
    check(run_app(hostile, [LIBRARY]), baseline, LIBRARY, tally)


def test_palette_entries(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    """``zebra`` matches a title (Open:), tags (Tag:) and passages (Note:)."""
    check(run_app(hostile, [PALETTE]), baseline, PALETTE, tally)


def test_note_editor(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    check(run_app(hostile, [NOTE_EDITOR]), baseline, NOTE_EDITOR, tally)


def test_tag_rename_and_merge_dialogs(
    hostile: Library, baseline: Seen, tally: Counter[str]
) -> None:
    """Rename prefills the tag; merge names it in its title and lists the others."""
    check(run_app(hostile, [TAG_EDIT]), baseline, TAG_EDIT, tally)


def test_confirm_dialog(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    """Removing the foreign article asks about it by its (hostile) title; answered no."""
    check(run_app(hostile, [CONFIRM]), baseline, CONFIRM, tally)


def test_status_line(tmp_path: Path, baseline: Seen, tally: Counter[str]) -> None:
    """The cursor on a hostile annotation, and a store notice naming a hostile folder.

    The notice is long: the terminal is wide enough for all of it to show.
    """
    library = build(tmp_path, hostile=True)
    home = library.home.rename(library.home.with_name(f"home{OSC_TITLE}{OSC_CLIPBOARD}"))
    damage(home)
    check(run_app(library, [STATUS], home=home, cols=400), baseline, STATUS, tally)


def test_tag_prompt_candidates(hostile: Library, baseline: Seen, tally: Counter[str]) -> None:
    """The chips of the passage's tags, the candidates, and one filled in with tab."""
    check(run_app(hostile, [TAG_PROMPT]), baseline, TAG_PROMPT, tally)
