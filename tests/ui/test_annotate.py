"""Annotation keys, checked on disk: every change is read back by a second store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import RenderableType
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reader.annotations.model import COLORS
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.dialogs.note import NoteDialog
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.screen import ReadingScreen
from reader.ui.reading.sections import SectionsSidebar
from reader.ui.reading.tag_prompt import TagPrompt
from tests.ui.annotate_support import (
    ARTICLE,
    on_disk,
    quote,
    screen_of,
    sentences,
    status_text,
)
from tests.ui.conftest import MakeReader, view, write_article

SIZE = (100, 30)


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return write_article(tmp_path, "harbour.txt", ARTICLE)


async def test_h_highlights_the_sentence_on_disk(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h")
        expected = quote(app, sentences(app)[1])
        [ann] = on_disk(data_path, app.article.uri)
        assert (ann.exact, ann.color) == (expected, "yellow")
        assert ann.section == app.article.sections[0].title
        assert "1 note" in status_text(app) and "saved" in status_text(app)


async def test_number_keys_pick_the_colour(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        for number in range(1, 6):
            await pilot.press("j", str(number))
        by_quote = {a.exact: a.color for a in on_disk(data_path, app.article.uri)}
        assert [by_quote[quote(app, s)] for s in sentences(app)[1:6]] == list(COLORS)


async def test_visual_selection_then_h(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "v", "j", "j", "b", "o", "w", "w", "h")
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.exact == "approved the harbour plan on Monday. Work starts in"
        assert view(app).selection is None  # the action used the selection up
        assert app.article.text[ann.start : ann.end] == ann.exact


async def test_selection_across_paragraphs_and_sections(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "v", *["j"] * 5, "2")
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.exact.startswith("Fishermen are worried.")
        assert "Costs Rise Again" in ann.exact and ann.exact.endswith("a third.")
        assert ann.color == "green"


async def test_escape_cancels_the_selection(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "v", "j", "j", "escape")
        assert view(app).selection is None
        await pilot.press("h")  # the cursor's sentence only: the active end's
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.exact == "Work starts in May."


async def test_t_tags_with_two_tags(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t")
        prompt = app.screen.query_one(TagPrompt)
        assert prompt.is_open and app.focused is prompt.field.input
        await pilot.press(*"harbour, city budget", "enter")
        assert not prompt.is_open and app.focused is view(app)
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.tags == ("harbour", "city budget")
        assert ann.exact == quote(app, sentences(app)[1])
        await pilot.press("t")  # the prompt starts from the highlight's tags, nothing typed
        assert prompt.is_open and prompt.current == ann.tags
        assert prompt.field.input.value == ""
        await pilot.press(*"zzz", "escape")
        assert not prompt.is_open
        assert on_disk(data_path, app.article.uri)[0].tags == ann.tags


async def test_the_tag_prompt_repaints_the_cursor_rows_not_the_article(
    make_reader: MakeReader, article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening and closing the prompt moves focus; only the cursor's look depends on it."""
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        article = view(app)
        layout = article.text_layout
        start, end = article.cursor_span
        cursor_rows = set(range(layout.row_of(start), layout.row_of(end - 1) + 1))
        painted: list[int] = []
        paint = ArticleView.render_line

        def spy(self: ArticleView, y: int) -> Strip:
            painted.append(round(self.scroll_y) + y)
            return paint(self, y)

        monkeypatch.setattr(ArticleView, "render_line", spy)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(TagPrompt).is_open
        assert painted and set(painted) <= cursor_rows
        painted.clear()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is article
        assert painted and set(painted) <= cursor_rows


async def test_a_layout_change_leaves_the_scrollbars_alone(
    make_reader: MakeReader, article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Showing the prompt lays the screen out again; the scroll views' geometry is unchanged."""
    app = make_reader(article_path)
    async with app.run_test(size=(100, 12)) as pilot:  # small enough to scroll
        await pilot.pause()
        sidebar = app.screen.query_one(SectionsSidebar)
        bars = {view(app).vertical_scrollbar, sidebar.vertical_scrollbar}
        drawn: list[ScrollBar] = []
        render = ScrollBar.render

        def spy(self: ScrollBar) -> RenderableType:
            drawn.append(self)
            return render(self)

        monkeypatch.setattr(ScrollBar, "render", spy)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(TagPrompt).is_open
        assert not bars & set(drawn)
        await pilot.press("escape", "space")  # a page down moves the article's bar: drawn
        await pilot.pause()
        assert view(app).vertical_scrollbar in drawn


async def test_c_writes_a_note_and_escape_asks_first(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "c")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Check the minutes", "ctrl+s")
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.note == "Check the minutes"
        await pilot.press("c", *" again", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # discard
        assert isinstance(app.screen, ReadingScreen)
        assert on_disk(data_path, app.article.uri)[0].note == "Check the minutes"


async def test_x_deletes_u_restores_ctrl_r_deletes_again(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        assert screen.check_action("delete", ()) is False  # nothing to delete yet
        assert screen.check_action("undo", ()) is False
        await pilot.press("j", "3")
        [made] = on_disk(data_path, app.article.uri)
        assert screen.check_action("delete", ()) is True
        await pilot.press("x")
        assert on_disk(data_path, app.article.uri) == []
        assert screen.check_action("redo", ()) is False
        await pilot.press("u")
        [back] = on_disk(data_path, app.article.uri)
        assert back == made  # the same annotation, id and all
        await pilot.press("ctrl+r")
        assert on_disk(data_path, app.article.uri) == []
        await pilot.press("u", "u")  # and the creation itself undone: still nothing
        assert on_disk(data_path, app.article.uri) == []
        assert screen.check_action("undo", ()) is False


async def test_undo_covers_edits(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h", "4", "t", *"x", "enter")
        ann = on_disk(data_path, app.article.uri)[0]
        assert (ann.color, ann.tags) == ("pink", ("x",))
        await pilot.press("u")
        assert on_disk(data_path, app.article.uri)[0].tags == ()
        await pilot.press("u")
        assert on_disk(data_path, app.article.uri)[0].color == "yellow"
        await pilot.press("ctrl+r", "ctrl+r")
        ann = on_disk(data_path, app.article.uri)[0]
        assert (ann.color, ann.tags) == ("pink", ("x",))


async def test_acting_on_a_highlight_edits_it(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h", "2")  # same sentence: recolour
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.color == "green"
        await pilot.press("v", "w", "w", "h")  # a phrase inside it: still that one
        [same] = on_disk(data_path, app.article.uri)
        assert same.id == ann.id and same.color == "yellow"
        await pilot.press("v", "j", "b", "o", "w", "t", *"inside", "enter")
        [tagged] = on_disk(data_path, app.article.uri)
        assert tagged.id == ann.id and tagged.tags == ("inside",)


async def test_overlapping_highlights_are_both_drawn(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h", "j", "v", "j", "o", "k", "3")  # sentences 1-2 over the first
        anns = on_disk(data_path, app.article.uri)
        assert sorted(a.color for a in anns) == ["blue", "yellow"]
        v = view(app)
        layer = v.decorations.layer("highlight")
        first = sentences(app)[1]
        keys = {m.key for m in layer.overlapping(first[0], first[1])}
        assert keys == {"hl-yellow", "hl-blue"}
        # the row showing the overlap mixes both colours and underlines them
        row = v.text_layout.row_of(first[0]) - round(v.scroll_y)
        strip = v.render_line(row)
        styles = [seg.style for seg in strip if seg.text.strip() and seg.style]
        assert any(style.underline for style in styles)


async def test_sidebar_counts_follow_changes(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(SectionsSidebar)
        await pilot.press("j", "h", "j", "h", "right_square_bracket", "j", "h")
        assert sidebar._counts == [2, 1]
        await pilot.press("x")
        assert sidebar._counts == [2, 0]
        label = str(sidebar.get_option_at_index(0).prompt)
        assert label.rstrip().endswith("2")
        await pilot.press("u")
        assert sidebar._counts == [2, 1]


async def test_annotations_are_there_after_reopening(
    make_reader: MakeReader, article_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "v", "j", "b", "5", "q")
    again = make_reader(article_path)
    async with again.run_test(size=SIZE) as pilot:
        screen = screen_of(again)
        [placed] = screen.annotator.index.ordered()
        assert placed.anchor.state == "anchored"
        assert placed.annotation.exact == "The council approved the harbour plan on"
        assert view(again).decorations.layer("highlight")[0].key == "hl-purple"
        assert "1 note" in status_text(again)


async def test_the_highlight_under_the_cursor_is_marked(
    make_reader: MakeReader, article_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        v = view(app)
        await pilot.press("j", "4")
        span = sentences(app)[1]
        assert list(v.decorations.layer("focus")) == [(*span, "focus-pink")]
        await pilot.press("v")  # a selection is never covered by the mark
        assert list(v.decorations.layer("focus")) == []
        await pilot.press("escape")
        assert list(v.decorations.layer("focus")) == [(*span, "focus-pink")]
        await pilot.press("j")
        assert list(v.decorations.layer("focus")) == []
