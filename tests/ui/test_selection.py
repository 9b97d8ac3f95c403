"""Selections: the pure model (words, sentences, ends), then v/j/k/w/b/o/esc and a mouse drag."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.interaction.selection import (
    TextSelection,
    by_sentence,
    by_word,
    next_word_end,
    next_word_start,
    prev_word_end,
    prev_word_start,
    snap_to_words,
)
from reader.ui.reading.status_line import StatusLine
from tests.ui.conftest import MakeReader, view, write_article

TEXT = "One two, three.  Four five six. Seven"
#       0123456789012345678901234567890123456
STARTS = [0, 17, 32]
ENDS = [15, 31, 37]


def test_word_boundaries() -> None:
    assert next_word_end(TEXT, 0) == 3
    assert next_word_end(TEXT, 3) == 8  # "two," keeps its comma
    assert next_word_end(TEXT, 36) == 37
    assert next_word_end(TEXT, 37) is None
    assert prev_word_end(TEXT, 8) == 3
    assert prev_word_end(TEXT, 3) is None
    assert prev_word_end(TEXT, 17) == 15  # over the double space
    assert next_word_start(TEXT, 0) == 4
    assert next_word_start(TEXT, 9) == 17
    assert next_word_start(TEXT, 32) is None
    assert prev_word_start(TEXT, 17) == 9
    assert prev_word_start(TEXT, 0) is None
    assert prev_word_start(TEXT, 2) == 0  # from inside a word: its start


def test_snap_to_words() -> None:
    assert snap_to_words(TEXT, 5, 11) == (4, 15)  # "two, three." from "wo, th"
    assert snap_to_words(TEXT, 15, 18) == (17, 21)  # leading spaces dropped
    assert snap_to_words(TEXT, 15, 17) is None  # only spaces
    assert snap_to_words(TEXT, -3, 999) == (0, 37)


def test_visual_mode_starts_with_the_first_word() -> None:
    assert TextSelection.first_word(TEXT, 17, 31).span == (17, 21)  # "Four"
    assert TextSelection.first_word(TEXT, 15, 31).span == (17, 21)  # spaces skipped
    assert TextSelection.first_word("Ab", 0, 1).span == (0, 1)  # never past the sentence


def test_word_moves_grow_and_shrink_without_flipping() -> None:
    sel = TextSelection.over(0, 15)
    grown = by_word(sel, TEXT, 1)
    assert grown.span == (0, 21)
    assert by_word(grown, TEXT, -1).span == (0, 15)
    one_word = TextSelection.over(0, 3)
    assert by_word(one_word, TEXT, -1) == one_word  # shrinking stops at one word
    start_side = TextSelection.over(0, 15).swapped()
    assert not start_side.at_end
    assert by_word(start_side, TEXT, 1).span == (4, 15)  # the start moves forward
    assert by_word(by_word(start_side, TEXT, 1), TEXT, -1).span == (0, 15)
    last = TextSelection(9, 15).swapped()  # the start side cannot pass the anchor
    assert by_word(last, TEXT, 1) == last


def test_sentence_moves() -> None:
    sel = TextSelection.over(0, 15)
    two = by_sentence(sel, STARTS, ENDS, 1)
    assert two.span == (0, 31)
    assert by_sentence(two, STARTS, ENDS, -1).span == (0, 15)
    assert by_sentence(sel, STARTS, ENDS, -1) == sel  # never empties
    mid = TextSelection.over(0, 21)  # after a w into the second sentence
    assert by_sentence(mid, STARTS, ENDS, 1).span == (0, 31)
    assert by_sentence(mid, STARTS, ENDS, -1).span == (0, 15)
    back = TextSelection(31, 17)  # the start side moves by sentence starts
    assert by_sentence(back, STARTS, ENDS, -1).span == (0, 31)
    assert by_sentence(TextSelection(37, 32), STARTS, ENDS, 1).span == (32, 37)


ARTICLE = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

Costs Rise Again

The budget grew by a third. Nobody could say why.
"""


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return write_article(tmp_path, "harbour.txt", ARTICLE)


def status_text(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_visual_keys_move_the_active_end(make_reader: MakeReader, article_path) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        text = app.article.text
        await pilot.press("j", "v")
        assert v.visual and v.selection is not None
        assert text[slice(*v.selection.span)] == "The"  # the sentence's first word
        assert "VISUAL" in status_text(app)
        await pilot.press("w", "w")
        assert text[slice(*v.selection.span)] == "The council approved"
        await pilot.press("j")  # to the end of the sentence
        assert text[slice(*v.selection.span)] == "The council approved the harbour plan on Monday."
        await pilot.press("j")  # and of the next one
        assert text[slice(*v.selection.span)] == (
            "The council approved the harbour plan on Monday. Work starts in May."
        )
        await pilot.press("b", "b")
        assert text[slice(*v.selection.span)].endswith("Work starts")
        await pilot.press("o", "w", "w")
        assert text[slice(*v.selection.span)] == "approved the harbour plan on Monday. Work starts"
        await pilot.press("k")  # the start side goes back by sentence starts
        assert text[slice(*v.selection.span)].startswith("The council")
        await pilot.press("escape")
        assert v.selection is None and not v.visual
        assert "VISUAL" not in status_text(app)


async def test_v_again_keeps_the_selection_and_frees_the_cursor(
    make_reader: MakeReader, article_path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        await pilot.press("j", "v", "w")
        kept = v.selection
        await pilot.press("v")
        assert v.selection == kept and not v.visual
        assert "SELECTION" in status_text(app)
        before = v.cursor
        await pilot.press("j")  # moves the cursor now, the selection stays
        assert v.cursor == before + 1 and v.selection == kept
        await pilot.press("v")  # back into visual mode with the same selection
        assert v.visual and v.selection == kept


async def test_word_keys_only_apply_in_visual_mode(make_reader: MakeReader, article_path) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        assert v.check_action("word_forward", ()) is False
        assert v.check_action("swap_ends", ()) is False
        assert v.check_action("cancel_selection", ()) is False
        await pilot.press("v")
        assert v.check_action("word_forward", ()) is True
        assert v.check_action("next_section", ()) is False  # the cursor keys wait
        keys = {b.binding.key for b in app.screen.active_bindings.values() if b.enabled}
        assert {"w", "b", "o"} <= keys


async def test_mouse_drag_selects_whole_words(make_reader: MakeReader, article_path) -> None:
    """A real drag through Pilot: mouse down, move, up over the first body line."""
    app = make_reader(article_path)
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        text = app.article.text
        body = app.article.blocks[1]
        row = v.text_layout.row_of(body.start) - round(v.scroll_y)
        margin = v._geometry[1]
        # from inside "council" to inside "harbour"
        start_x = margin + text.index("council", body.start) - body.start + 2
        end_x = margin + text.index("harbour", body.start) - body.start + 3
        await pilot.mouse_down(v, offset=(start_x, row))
        await pilot.hover(v, offset=(end_x, row))
        await pilot.mouse_up(v, offset=(end_x, row))
        await pilot.pause()
        assert v.selection is not None
        assert text[slice(*v.selection.span)] == "council approved the harbour"
        assert app.screen.get_selected_text() == "council approved the harbour"  # ctrl+c copies it
        await pilot.press("w")  # the keys go on from the drag
        assert text[slice(*v.selection.span)] == "council approved the harbour plan"


async def test_select_all_api_selects_the_article(make_reader: MakeReader, article_path) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        await pilot.pause()  # what is prepared after the first frame (the tag prompt) is in
        v.text_select_all()
        await pilot.pause()
        assert v.selection is not None
        assert v.selection.span == (0, len(app.article.text.rstrip()))
        app.screen.clear_selection()
        await pilot.pause()
        assert v.selection is None
