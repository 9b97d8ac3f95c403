"""The notes panel, hosted alone: order, detached notes, filter, choosing one;
and the highlight palette its colour bars come from."""

from __future__ import annotations

import time
from pathlib import PurePath
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import OptionList, Static

from reader.annotations.model import COLORS, DEFAULT_COLOR, Annotation
from reader.resources import stylesheet
from reader.ui.common.palette import SWATCHES, highlight_style, swatch
from reader.ui.common.themes import THEMES
from reader.ui.messages import NoteChosen
from reader.ui.reading.notes_panel import (
    DETACHED,
    NoteEntry,
    NotesPanel,
    entry_matches,
    filter_terms,
)
from tests.ui.test_dialogs import screen_text

STAMP = "2017-06-09T10:00:00+00:00"


def ann(
    n: int, exact: str, start: int, *, color: str = "yellow", tags: tuple[str, ...] = (),
    note: str = "", section: str = "",
) -> Annotation:
    return Annotation(
        id=f"urn:uuid:00000000-0000-0000-0000-{n:012d}", article="file:///a.txt", exact=exact,
        start=start, end=start + len(exact), color=color, tags=tags, note=note,
        created=STAMP, modified=STAMP, section=section,
    )


def sample_entries() -> list[NoteEntry]:
    """Five notes over three sections, given out of order, one fuzzy, one detached."""
    tanf = "US military: prepared"
    return [
        NoteEntry(ann(3, "the destruction of Lataminah", 900, color="blue",
                      note="Compare with the\n\nMay report\nthird line"),
                  "anchored", section="The Destruction of Lataminah"),
        NoteEntry(ann(1, "The US military said on Thursday", 40, color="pink",
                      tags=("Tanf", "US military"), note="Key claim."), "anchored",
                  section=tanf),
        NoteEntry(ann(5, "a sentence that was edited away", 300, color="purple",
                      tags=("gone",), section="Report"), "orphan"),
        NoteEntry(ann(2, "pro-regime forces", 120, color="green", tags=("tanf",)),
                  "fuzzy", text_now="pro-government forces", section=tanf),
        NoteEntry(ann(4, "[bold]secret[/bold] meeting", 500, color="yellow",
                      tags=("Russia",)), "anchored", section="Report"),
    ]


def ids(*numbers: int) -> list[str]:
    return [f"urn:uuid:00000000-0000-0000-0000-{n:012d}" for n in numbers]


class PanelHost(App[None]):
    """The panel beside a focusable stand-in for the article; records NoteChosen."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [stylesheet("notes.tcss")]

    def __init__(self, entries: list[NoteEntry] | None = None, *, theme: str = "reader-dark"):
        super().__init__()
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme
        self.initial = entries or []
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        article = Static("article", id="article")
        article.can_focus = True
        yield article
        yield NotesPanel(id="notes")

    def on_mount(self) -> None:
        self.query_one(NotesPanel).show(self.initial)

    def on_note_chosen(self, message: NoteChosen) -> None:
        self.chosen.append(message.annotation_id)


def panel(app: App[Any]) -> NotesPanel:
    return app.query_one(NotesPanel)


def test_filter_rules() -> None:
    entries = {e.annotation.id: e for e in sample_entries()}
    first = entries[ids(1)[0]]

    def hits(query: str) -> list[str]:
        return [i for i, e in entries.items() if entry_matches(e, filter_terms(query))]

    assert sorted(hits("#tanf")) == ids(1, 2)  # case-insensitive
    assert hits("#us-mil") == ids(1)  # a space in a tag is typed as '-'
    assert hits("pink") == ids(1)
    assert hits("lataminah") == ids(3)  # passage text
    assert hits("may report") == ids(3)  # note text, every word must match
    assert hits("#tanf green") == ids(2)
    assert hits("#nothing") == []
    assert entry_matches(first, [])


async def test_document_order_sections_and_detached() -> None:
    app = PanelHost(sample_entries())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        notes = panel(app)
        assert notes.shown_ids == ids(1, 2, 4, 3, 5)  # by position; the orphan last
        options = notes.option_list
        headings = [str(o.prompt) for o in options.options if o.disabled]
        assert headings == ["US military: prepared", "Report", "The Destruction of Lataminah",
                            DETACHED]
        text = screen_text(app)
        assert text.index(DETACHED) < text.index("a sentence that was edited away")
        assert "[bold]secret[/bold] meeting" in text  # never read as markup
        assert "#Tanf #US-military" in text
        fuzzy = str(options.get_option(ids(2)[0]).prompt)
        assert "≈ “pro-government forces”" in fuzzy  # the text as it reads now, marked
        assert "Compare with the" in text and "May report" in text
        assert "third line" not in text  # only the first lines of a note


async def test_filter_by_tag_and_colour_then_choose() -> None:
    app = PanelHost(sample_entries())
    async with app.run_test(size=(100, 40)) as pilot:
        notes = panel(app)
        notes.filter_input.focus()
        await pilot.press(*"#tanf")
        await pilot.pause()
        assert notes.shown_ids == ids(1, 2)
        assert "2/5" in str(app.query_one("#notes-header", Static).content)
        await pilot.press("down", "down", "enter")  # into the list, to the second note
        await pilot.pause()
        assert app.chosen == ids(2)
        notes.filter_input.value = "pink"
        await pilot.pause()
        assert notes.shown_ids == ids(1)
        notes.filter_input.focus()
        await pilot.press("enter")  # enter in the filter picks the first match
        await pilot.pause()
        assert app.chosen == ids(2, 1)
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert notes.filter_input.value == "" and len(notes.shown_ids) == 5


async def test_click_chooses_and_highlight_follows() -> None:
    app = PanelHost(sample_entries())
    async with app.run_test(size=(100, 40)) as pilot:
        notes = panel(app)
        assert notes.highlight(ids(4)[0])
        assert notes.option_list.highlighted_option is not None
        assert notes.option_list.highlighted_option.id == ids(4)[0]
        assert not notes.highlight("urn:uuid:unknown")
        index = notes.option_list.get_option_index(ids(3)[0])
        line = notes.option_list._index_to_line[index]
        await pilot.click(OptionList, offset=(4, line))
        await pilot.pause()
        assert app.chosen == ids(3)


async def test_empty_panel_says_so() -> None:
    app = PanelHost([])
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        assert "No notes yet" in screen_text(app)


# -- palette --------------------------------------------------------------------
def luminance(c: Color) -> float:
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
              for v in (c.r / 255, c.g / 255, c.b / 255)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_palette_readable_on_both_themes(theme: Any) -> None:
    assert tuple(SWATCHES) == COLORS
    ground = Color.parse(theme.background)
    for name in COLORS:
        found = swatch(name)
        style = highlight_style(name, dark=theme.dark)
        assert style.background == found.background(dark=theme.dark)
        assert contrast(found.ink(dark=theme.dark), found.background(dark=theme.dark)) >= 4.5
        assert contrast(found.bar(dark=theme.dark), ground) >= 3.0  # a visible swatch
    assert swatch("no-such-colour") is swatch(DEFAULT_COLOR)


@pytest.mark.parametrize("count", [2000])
async def test_two_thousand_entries(count: int) -> None:
    """Shows ``count`` notes and reports the time taken (measured, not asserted)."""
    entries = [
        NoteEntry(ann(i, f"passage number {i} " * 6, i * 200, color=COLORS[i % 5],
                      tags=(f"tag{i % 40}",), note=f"note {i}\nmore"), "anchored",
                  section=f"Section {i // 300}")
        for i in range(count)
    ]
    app = PanelHost([])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = panel(app)
        started = time.perf_counter()
        notes.show(entries)
        await pilot.pause()
        shown = time.perf_counter() - started
        assert len(notes.shown_ids) == count
        started = time.perf_counter()
        notes.filter_input.value = "#tag7"
        await pilot.pause()
        filtered = time.perf_counter() - started
        assert len(notes.shown_ids) == count // 40
        notes.option_list.focus()
        await pilot.press("end")
        await pilot.pause()
        print(f"\nnotes panel: show {count} entries {shown * 1000:.0f} ms, "
              f"filter {filtered * 1000:.0f} ms")
