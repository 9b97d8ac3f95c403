"""The sections sidebar, the command palette's section jump, and untrusted titles."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from reader.ui.reading.sections import SectionsSidebar
from tests.ui.conftest import MakeReader, screen_text, view, write_article

HOSTILE = """# Hostile [b]title[/b] [@click=app.quit]here[/]

First paragraph of the article. It has two sentences.

## [bold]x[/]

Body of the bold section. Nothing to see.

## [@click=app.quit]Quit now[/]

Body of the click section. Still nothing.
"""


def first_unit_of_section(app, index: int) -> tuple[int, int]:
    v = view(app)
    return v.navigator.span(v.navigator.section_first_unit(index))


async def test_sidebar_focus_and_enter_jumps(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        sidebar = app.screen.query_one(SectionsSidebar)
        assert sidebar.option_count == len(app.article.sections) == 3
        await pilot.press("s")
        assert app.focused is sidebar
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.focused is view(app)
        assert view(app).cursor_span == first_unit_of_section(app, 2)
        await pilot.press("s", "k", "enter")  # k moves up in the list too
        await pilot.pause()
        assert view(app).cursor_span == first_unit_of_section(app, 1)
        await pilot.press("s", "escape")
        assert app.focused is view(app)


async def test_sidebar_follows_the_cursor(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        sidebar = app.screen.query_one(SectionsSidebar)
        assert sidebar.highlighted == 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert sidebar.highlighted == 1
        await pilot.press("G")
        await pilot.pause()
        assert sidebar.highlighted == 2
        sidebar.set_counts([3, 0, 12])
        text = screen_text(app)
        assert " 12" in text and " 3" in text


async def test_palette_jumps_to_a_section(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"latam")
        await pilot.pause(0.5)
        assert "Section: The Destruction of Lataminah" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert view(app).cursor_span == first_unit_of_section(app, 2)


async def test_untrusted_titles_show_literally(make_reader: MakeReader, tmp_path: Path) -> None:
    source = write_article(tmp_path, "hostile.md", HOSTILE)
    app = make_reader(source)
    titles = [s.title for s in app.article.sections]
    assert "[bold]x[/]" in titles and "[@click=app.quit]Quit now[/]" in titles
    async with app.run_test(size=(120, 40)) as pilot:
        sidebar = app.screen.query_one(SectionsSidebar)
        for index in range(sidebar.option_count):
            prompt = sidebar.get_option_at_index(index).prompt
            assert isinstance(prompt, Content)
        text = screen_text(app)
        assert "Hostile [b]title[/b] [@click=app.quit]here[/]" in text  # view and status
        # the tooltip of a sidebar row is the plain title
        sidebar.tooltip = None
        await pilot.hover(SectionsSidebar, offset=(2, 1))
        await pilot.pause()
        assert isinstance(sidebar.tooltip, Content)
        assert sidebar.tooltip.plain == app.article.sections[1].title
        # the palette lists the titles as text, and choosing one does not run the link
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quit now")
        await pilot.pause(0.5)
        assert "Section: [@click=app.quit]Quit now[/]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert view(app).cursor_span == first_unit_of_section(app, 2)
