"""The annotation dialogs (note, confirm, export) and the tag prompt, each hosted alone.

:class:`DialogHost` pushes one dialog and records what it dismisses with,
and :class:`PromptHost` opens the tag prompt and records what it closes
with, so the tests see exactly what the reading screen would receive.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, ClassVar

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static, TextArea

from reader.resources import stylesheet
from reader.ui.common.candidates import CandidateList
from reader.ui.common.tag_field import TagField
from reader.ui.common.themes import THEMES
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.dialogs.note import DISCARD_QUESTION, NoteDialog
from reader.ui.messages import TagsChosen
from reader.ui.reading.annotating import PROMPT_DOCK
from reader.ui.reading.tag_prompt import TagPrompt
from tests.unit.interaction.test_tag_entry import KNOWN

UNSET = object()


class DialogHost(App[None]):
    """Pushes the screen ``make()`` returns; keeps what it was dismissed with."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        stylesheet("dialogs.tcss"), stylesheet("notes.tcss")
    ]

    def __init__(self, make: Callable[[], Screen[Any]], *, theme: str = "reader-dark") -> None:
        super().__init__()
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme
        self.make = make
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.make(), self._dismissed)

    def _dismissed(self, result: Any) -> None:
        self.result = result


def screen_text(app: App[Any]) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


class PromptHost(App[None]):
    """Opens the tag prompt for one passage; keeps the tags it closes with."""

    CSS = "Screen { layers: default prompt; }"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        stylesheet("search.tcss"), stylesheet("dialogs.tcss")
    ]

    def __init__(
        self, current: tuple[str, ...], known: list[tuple[str, int]], *, passage: str = "",
        theme: str = "reader-dark",
    ) -> None:
        super().__init__()
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme
        self.current, self.known, self.passage = current, known, passage
        self.result: Any = UNSET

    def compose(self) -> ComposeResult:
        yield Static("The article would be here.")
        with Vertical(id=PROMPT_DOCK):  # as on the reading screen
            yield TagPrompt(id="tag-prompt")

    def on_mount(self) -> None:
        self.query_one(TagPrompt).open(self.current, self.known, self.passage)

    def on_tags_chosen(self, event: TagsChosen) -> None:
        self.result = event.tags


def tag_host(current: tuple[str, ...] = ("Tanf",)) -> PromptHost:
    return PromptHost(current, KNOWN)


def field(app: App[Any]) -> TagField:
    return app.screen.query_one(TagField)


async def typed(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause()


# -- tag prompt ---------------------------------------------------------------
async def test_tab_completes_fragment_to_stored_spelling() -> None:
    app = tag_host()
    async with app.run_test(size=(90, 30)) as pilot:
        await typed(pilot, "us mi")
        tags = field(app)
        assert tags.candidates[0].tag == "US military"
        await pilot.press("tab")
        assert tags.input.value == "US military, "
        assert app.focused is tags.input  # tab completed, it did not move focus
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ("Tanf", "US military")


async def test_several_tags_at_once_take_known_spelling() -> None:
    app = tag_host()
    async with app.run_test(size=(90, 30)) as pilot:
        await typed(pilot, "syria,russia ,")
        chips = str(app.screen.query_one("#tag-chips", Static).content)
        assert "+syria" in chips and "+Russia" in chips  # a preview of what enter keeps
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ("Tanf", "syria", "Russia")


async def test_fuzzy_candidates_and_arrow_choice() -> None:
    app = tag_host(())
    async with app.run_test(size=(90, 30)) as pilot:
        tags = field(app)
        # nothing typed: the library's tags, most used first
        assert [c.tag for c in tags.candidates][:2] == ["US military", "de-escalation"]
        await typed(pilot, "tnaf")
        assert [c.tag for c in tags.candidates] == ["Tanf"]
        await pilot.press("ctrl+u")  # clear the line
        await pilot.pause()
        await pilot.press("down", "down", "tab")  # picked from the list: the third tag
        await pilot.pause()
        assert tags.input.value == "Tanf, "


async def test_a_long_candidate_list_scrolls_and_wraps() -> None:
    """Eight rows show; the highlight keeps itself in view and wraps at either end."""
    known = [(f"topic-{n:02}", 100 - n) for n in range(20)]
    app = PromptHost((), known)
    async with app.run_test(size=(90, 30)) as pilot:
        options = app.screen.query_one(CandidateList)
        assert options.size.height == 8 and "topic-07" in screen_text(app)
        assert "topic-08" not in screen_text(app)
        await pilot.press("up")  # from the first round to the last
        await pilot.pause()
        assert options.highlighted == 19 and "topic-19" in screen_text(app)
        assert "topic-00" not in screen_text(app)
        await pilot.press("down", "tab")  # round again to the first
        await pilot.pause()
        assert field(app).input.value == "topic-00, "


async def test_tab_without_fragment_does_not_complete_but_a_click_does() -> None:
    app = tag_host()
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        tags = field(app)
        assert tags.input.value == ""
        second = tags.candidates[1].tag
        await pilot.click("#tag-candidates", offset=(3, 1))
        await pilot.pause()
        assert tags.input.value == f"{second}, " and app.focused is tags.input


async def test_remove_by_minus_backspace_and_click() -> None:
    app = tag_host(("Tanf", "US military", "Russia"))
    async with app.run_test(size=(90, 30)) as pilot:
        tags = field(app)
        await typed(pilot, "-")
        # a removal offers the passage's own tags, not the library's
        assert sorted(c.tag for c in tags.candidates) == ["Russia", "Tanf", "US military"]
        await typed(pilot, "tan")
        assert [c.tag for c in tags.candidates] == ["Tanf"]
        await pilot.press("tab")
        assert tags.input.value == "-Tanf, "
        assert tags.value == ("US military", "Russia")
        await pilot.press("ctrl+u")
        await pilot.pause()
        await pilot.press("backspace")  # empty line: drops the last tag
        await pilot.pause()
        assert tags.current == ("Tanf", "US military")
        # the chip's × is clickable: "tags: " then " Tanf " then ×
        await pilot.click("#tag-chips", offset=(len("tags:  Tanf "), 0))
        await pilot.pause()
        assert tags.current == ("US military",)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ("US military",)


async def test_escape_returns_none_and_labels_are_literal() -> None:
    app = tag_host()
    async with app.run_test(size=(90, 30)) as pilot:
        await typed(pilot, "bold")
        options = app.screen.query_one("#tag-candidates", CandidateList)
        assert options.candidates[0].tag == "[bold]x"
        assert "[bold]x" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- note editor --------------------------------------------------------------
async def test_note_save_returns_text() -> None:
    app = DialogHost(lambda: NoteDialog("first line", passage="The US military said."))
    async with app.run_test(size=(90, 30)) as pilot:
        assert "The US military said." in screen_text(app)
        await typed(pilot, " and more")
        await pilot.press("enter")
        await typed(pilot, "second")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == "first line and more\nsecond"


async def test_note_escape_unchanged_closes_at_once() -> None:
    app = DialogHost(lambda: NoteDialog("kept"))
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_note_escape_with_changes_asks() -> None:
    app = DialogHost(lambda: NoteDialog("draft"))
    async with app.run_test(size=(90, 30)) as pilot:
        await typed(pilot, "!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert DISCARD_QUESTION in screen_text(app)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(TextArea).text == "draft!"
        assert app.result is UNSET
        await pilot.press("escape", "y")
        await pilot.pause()
    assert app.result is None


# -- confirm ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "answer"), [("y", True), ("enter", True), ("n", False), ("escape", False)]
)
async def test_confirm_keys(key: str, answer: bool) -> None:
    app = DialogHost(lambda: ConfirmDialog("Go on?"))
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.press(key)
        await pilot.pause()
    assert app.result is answer


async def test_confirm_buttons_and_literal_message() -> None:
    app = DialogHost(lambda: ConfirmDialog("[red]not markup[/red]"))
    async with app.run_test(size=(70, 20)) as pilot:
        assert "[red]not markup[/red]" in screen_text(app)
        await pilot.click("#confirm-no")
        await pilot.pause()
    assert app.result is False
