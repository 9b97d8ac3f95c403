"""Every reading key, checked against the article's own sentence spans."""

from __future__ import annotations

from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.status_line import StatusLine
from tests.ui.conftest import MakeReader, view


def first_sentence(article, block: int) -> tuple[int, int]:
    b = article.blocks[block]
    return b.sentences[0] if b.sentences else (b.start, b.end)


def cursor_visible(v: ArticleView) -> bool:
    start, _end = v.cursor_span
    top = round(v.scroll_y)
    height = v.scrollable_content_region.height
    return top <= v.text_layout.row_of(start) < top + height


async def test_sentence_keys(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        article = app.article
        sentences = [s for b in article.blocks for s in (b.sentences or ((b.start, b.end),))]
        assert v.cursor_span == sentences[0]
        await pilot.press("j")
        assert v.cursor_span == sentences[1]
        await pilot.press("down", "down")
        assert v.cursor_span == sentences[3]
        await pilot.press("k")
        assert v.cursor_span == sentences[2]
        await pilot.press("up", "up", "up")  # stops at the first sentence
        assert v.cursor_span == sentences[0]
        for _ in range(12):
            await pilot.press("j")
            assert cursor_visible(v)
        assert v.cursor_span == sentences[12]


async def test_paragraph_keys(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        article = app.article
        await pilot.press("right_curly_bracket")
        assert v.cursor_span == first_sentence(article, 1)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        assert v.cursor_span == first_sentence(article, 3)
        # a block of several sentences: { goes to its start, then to the previous block
        multi = next(i for i, b in enumerate(article.blocks) if len(b.sentences) > 1)
        v.cursor = v.navigator.first_of_block(multi) + 1
        await pilot.pause()
        assert v.cursor_span == article.blocks[multi].sentences[1]
        await pilot.press("left_curly_bracket")
        assert v.cursor_span == article.blocks[multi].sentences[0]
        await pilot.press("left_curly_bracket")
        assert v.cursor_span == first_sentence(article, multi - 1)


async def test_section_keys(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        sections = app.article.sections
        assert len(sections) == 3
        starts = [first_sentence(app.article, s.first_block) for s in sections]
        await pilot.press("right_square_bracket")
        assert v.cursor_span == starts[1]
        await pilot.press("right_square_bracket")
        assert v.cursor_span == starts[2]
        await pilot.press("right_square_bracket")  # last section: stays
        assert v.cursor_span == starts[2]
        await pilot.press("j", "j", "left_square_bracket")
        assert v.cursor_span == starts[2]
        await pilot.press("left_square_bracket")
        assert v.cursor_span == starts[1]
        assert cursor_visible(v)
        await pilot.pause()
        assert str(app.screen.query_one(StatusLine).section) == sections[1].label


async def test_page_keys_move_cursor_to_first_visible_sentence(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        v = view(app)
        nav = v.navigator
        for key in ("space", "pagedown"):
            before = round(v.scroll_y)
            await pilot.press(key)
            top = round(v.scroll_y)
            assert top > before
            start, _end = v.cursor_span
            row = v.text_layout.row_of(start)
            assert top <= row < top + v.scrollable_content_region.height
            # no sentence starts on screen above the cursor
            previous = nav.starts[v.cursor - 1]
            assert v.text_layout.row_of(previous) < top
        await pilot.press("pageup")
        assert round(v.scroll_y) < top
        assert cursor_visible(v)
        await pilot.press("pageup", "pageup", "pageup")
        assert round(v.scroll_y) == 0
        assert v.cursor == 0  # at the top already: pageup goes to the first sentence


async def test_top_and_end(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        v = view(app)
        await pilot.press("G")
        await pilot.pause()
        assert v.cursor == v.navigator.last
        assert v.cursor_span == app.article.blocks[-1].sentences[-1]
        assert round(v.scroll_y) == v.max_scroll_y > 0
        assert app.screen.query_one(StatusLine).progress == 100
        await pilot.press("g")
        await pilot.pause()
        assert v.cursor == 0 and round(v.scroll_y) == 0
        assert app.screen.query_one(StatusLine).progress == 0


async def test_resize_keeps_the_cursor_on_screen(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        v = view(app)
        for _ in range(15):
            await pilot.press("j")
        span = v.cursor_span
        wide_rows = v.text_layout.total
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert v.cursor_span == span
        assert v.text_layout.total > wide_rows
        assert cursor_visible(v)
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert v.cursor_span == span and cursor_visible(v)


async def test_keys_panel_and_quit(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_theme_toggle_is_saved(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "reader-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "reader-light"
        assert not app.current_theme.dark
        await pilot.press("q")
    again = make_reader()
    assert again.theme == "reader-light"
    again.store.close()


async def test_click_and_wheel(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        layout = v.text_layout
        # click on the first row of the third block: its first sentence
        block = 2
        row = layout.top(block) - round(v.scroll_y)
        margin = v._geometry[1]
        await pilot.click(v, offset=(margin + 3, row))
        assert v.cursor_span == app.article.blocks[block].sentences[0]
        # scrolling (what the wheel does) past the cursor brings it along
        for _ in range(10):
            v.scroll_down(animate=False)
        await pilot.pause()
        assert round(v.scroll_y) > 0
        assert cursor_visible(v)

