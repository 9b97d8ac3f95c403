"""The library inside the reader app: the first screen, L and T, opening articles
(at a passage, an orphan, a file gone), removing the article on screen."""

from __future__ import annotations

import time
from pathlib import Path

from reader.store.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.library.screen import LibraryScreen
from reader.ui.reading.screen import ReadingScreen
from reader.ui.tags.screen import TagsScreen
from tests.ui.conftest import screen_text, view
from tests.ui.library_support import RIVER, build_library


async def until(app: ReaderApp, pilot, done, seconds: float = 10.0) -> None:
    """Settle until ``done()`` holds, or ``seconds`` have passed (the test then fails)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        await settle(app, pilot)


async def settle(app: ReaderApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_no_source_and_several_articles_start_in_the_library(
    tmp_path: Path, data_path: Path
) -> None:
    articles = build_library(tmp_path, data_path)
    app = make_app(data_dir=data_path, theme="reader-dark")
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("down", "enter")  # Harbour
        await settle(app, pilot)
        assert isinstance(app.screen, ReadingScreen) and len(app.screen_stack) == 1
        assert app.article.uri == articles["harbour.txt"].uri
        assert "Harbour Plans Approved" in screen_text(app)
    with Store.open(data_path, mode="read") as store:
        assert store.last_article().uri == articles["harbour.txt"].uri


async def test_a_source_still_opens_it_directly(tmp_path: Path, data_path: Path) -> None:
    articles = build_library(tmp_path, data_path)
    app = make_app(tmp_path / "quiet.txt", data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.article.uri == articles["quiet.txt"].uri


async def test_l_and_t_from_the_reading_screen_and_a_tag_followed_to_another_article(
    tmp_path: Path, data_path: Path
) -> None:
    articles = build_library(tmp_path, data_path)
    app = make_app(tmp_path / "harbour.txt", data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("L")
        assert isinstance(app.screen, LibraryScreen) and len(app.screen_stack) == 2
        await pilot.press("T")
        assert isinstance(app.screen, TagsScreen)
        await pilot.press("down", "enter")  # council -> its passages
        screen = app.screen
        assert isinstance(screen, TagsScreen) and screen.current_tag == "council"
        # Passages follow the library's order: this article first, then the river one.
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReadingScreen) and len(app.screen_stack) == 1
        river = articles["river.txt"]
        assert app.article.uri == river.uri
        passage = "The council says the budget has no room for repairs."
        assert view(app).cursor_span[0] == river.text.index(passage)


async def test_an_edited_file_opens_at_the_moved_passage_or_says_it_is_gone(
    tmp_path: Path, data_path: Path
) -> None:
    build_library(tmp_path, data_path)
    river = tmp_path / "river.txt"
    river.write_text(RIVER.replace("Heavy rain", "After a week of heavy rain, heavy rain")
                     .replace("The council says the budget has no room for repairs. ", ""),
                     encoding="utf-8")
    app = make_app(tmp_path / "quiet.txt", data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TagsScreen)
        screen.reload("flood")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        start, end = view(app).cursor_span
        assert start <= app.article.text.index("heavy rain pushed") < end
        await pilot.press("T")
        tags = app.screen
        assert isinstance(tags, TagsScreen)
        tags.reload("council")
        await pilot.press("enter", "enter")  # the river passage: deleted from the file
        await settle(app, pilot)
        assert app.article.uri.endswith("river.txt")
        assert view(app).cursor_span[0] == 0
        assert any("is no longer in the article: opened at the top" in m for m in messages(app))


async def test_an_article_whose_file_is_gone_is_a_one_line_error(
    tmp_path: Path, data_path: Path
) -> None:
    build_library(tmp_path, data_path)
    (tmp_path / "river.txt").unlink()
    app = make_app(data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # River: most recently opened
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        [error] = [m for m in messages(app) if "cannot open" in m]
        assert "river.txt" in error and "\n" not in error


async def test_removing_the_article_on_screen_leaves_the_library(
    tmp_path: Path, data_path: Path
) -> None:
    articles = build_library(tmp_path, data_path)
    app = make_app(tmp_path / "river.txt", data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "L")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        # The removal runs in a worker, then the app rebuilds its stack: wait for
        # that (a loaded machine takes longer than a few pauses) before looking.
        await until(app, pilot, lambda: len(app.screen_stack) == 1)
        assert isinstance(app.screen, LibraryScreen) and len(app.screen_stack) == 1
        await pilot.press("escape")  # nothing below to go back to
        assert isinstance(app.screen, LibraryScreen)
    with Store.open(data_path, mode="read") as store:
        assert articles["river.txt"].uri not in {r.uri for r in store.articles()}
    assert list((data_path / "removed").glob("river-floods-the-old-town-*.md"))


async def test_palette_opens_an_article_from_the_reading_screen(
    tmp_path: Path, data_path: Path
) -> None:
    articles = build_library(tmp_path, data_path)
    app = make_app(tmp_path / "quiet.txt", data_dir=data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"open: harbour")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.article.uri == articles["harbour.txt"].uri
        assert isinstance(app.screen, ReadingScreen)
