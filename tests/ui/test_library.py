"""The library screen driven with Pilot: listing, sorting, filtering, opening,
removing (with the export of its notes) and searching every note."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import paths
from reader.store.store import Store
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.library.screen import SEARCH_DELAY, LibraryScreen
from reader.ui.messages import OpenArticle
from tests.ui.conftest import screen_text
from tests.ui.library_support import Host, build_library, now


@pytest.fixture
def library(tmp_path: Path, data_path: Path):
    articles = build_library(tmp_path, data_path)
    store = Store.open(data_path)
    yield store, articles
    store.close()


def host(store: Store, data_path: Path) -> Host:
    return Host(store, lambda s: LibraryScreen(s, data_dir=data_path, now=now))


def rows(app: Host) -> list[list[str]]:
    table = app.screen.query_one("#library-table")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_every_article_with_source_count_and_last_opened(library, data_path) -> None:
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        shown = rows(app)
        assert [r[0] for r in shown] == [
            "River Floods the Old Town", "Harbour Plans Approved", "A Quiet Week at the Museum",
        ]
        assert [r[1].rsplit("/", 1)[-1] for r in shown] == ["river.txt", "harbour.txt", "quiet.txt"]
        assert [r[2] for r in shown] == ["2", "2", "0"]
        assert [r[3] for r in shown] == ["1 h ago", "2 days ago", "2026-01-05"]
        assert "3 articles" in screen_text(app)


async def test_sort_cycles_and_keeps_the_cursor_on_its_article(library, data_path) -> None:
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("down")  # Harbour
        await pilot.press("s")
        assert [r[0][:5] for r in rows(app)] == ["A Qui", "Harbo", "River"]
        assert "sorted by title" in screen_text(app)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.current() is not None and screen.current().title == "Harbour Plans Approved"
        await pilot.press("s")
        assert [r[2] for r in rows(app)] == ["2", "2", "0"]
        assert "sorted by notes" in screen_text(app)
        await pilot.press("s")
        assert rows(app)[0][0] == "River Floods the Old Town"


async def test_filter_by_title_or_source(library, data_path) -> None:
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("f", *"HARB")
        assert [r[0] for r in rows(app)] == ["Harbour Plans Approved"]
        assert "1 of 3 articles" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"quiet.txt")
        assert [r[0] for r in rows(app)] == ["A Quiet Week at the Museum"]
        await pilot.press("enter")  # back to the table
        assert app.focused is app.screen.query_one("#library-table")
        await pilot.press("enter")
        assert isinstance(app.requests[-1], OpenArticle)
        assert app.requests[-1].uri.endswith("quiet.txt")


async def test_enter_asks_the_app_to_open_the_article(library, data_path) -> None:
    store, articles = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        [request] = app.requests
        assert isinstance(request, OpenArticle)
        assert request.uri == articles["harbour.txt"].uri
        assert request.source.endswith("harbour.txt") and request.annotation is None


async def test_remove_exports_the_notes_then_forgets_the_article(library, data_path) -> None:
    store, articles = library
    uri = articles["harbour.txt"].uri
    shard = paths.shard_path(data_path, paths.article_key(uri))
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.message)
        assert "Harbour Plans Approved" in question and "2 notes" in question
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r[0] for r in rows(app)] == [
            "River Floods the Old Town", "A Quiet Week at the Museum",
        ]
        exported = data_path / "removed" / "harbour-plans-approved-2026-03-12.md"
        text = exported.read_text(encoding="utf-8")
        assert "The council approved the harbour plan on Monday." in text
        assert "Vote was 7 to 2." in text and "#council" in text
        messages = [n.message for n in app._notifications]
        assert any(str(exported) in m for m in messages)
    assert not shard.exists()
    assert list(shard.parent.glob(shard.name + ".removed-*"))
    with Store.open(data_path, mode="read") as again:
        assert uri not in {r.uri for r in again.articles()}
        assert dict(again.tags()) == {"Budget": 1, "council": 1, "flood": 1}


async def test_remove_can_be_refused_and_an_empty_article_exports_nothing(
    library, data_path
) -> None:
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("d", "n")
        assert len(rows(app)) == 3
        await pilot.press("down", "down", "delete", "enter")  # the quiet one: no notes
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(rows(app)) == 2
        assert not (data_path / "removed").exists()
        assert any("had no notes" in n.message for n in app._notifications)


async def test_search_lists_notes_of_every_article_and_opens_at_the_passage(
    library, data_path, instant_search
) -> None:
    store, articles = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("slash", *"council")
        await app.workers.wait_for_complete()  # the index
        await pilot.pause()
        await app.workers.wait_for_complete()  # the search it starts
        text = screen_text(app)
        assert "2 matching notes" in text
        assert "River Floods the Old Town" in text and "Harbour Plans Approved" in text
        await pilot.press("down", "down", "enter")
        request = app.requests[-1]
        assert isinstance(request, OpenArticle) and request.annotation is not None
        assert request.uri == articles["harbour.txt"].uri
        assert request.annotation.exact == "The council approved the harbour plan on Monday."
        await pilot.press("escape")  # closes the search
        assert app.screen.query_one("#library-table").display


async def test_search_by_tag_and_enter_from_the_search_line(
    library, data_path, instant_search
) -> None:
    store, articles = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("slash", *"#flood")
        await app.workers.wait_for_complete()  # the index
        await app.workers.wait_for_complete()  # the search it starts
        await pilot.pause()
        await pilot.press("enter")
        request = app.requests[-1]
        assert isinstance(request, OpenArticle) and request.annotation is not None
        assert request.annotation.tags == ("flood",)
        assert request.uri == articles["river.txt"].uri


async def test_short_queries_wait_for_more_letters(library, data_path, instant_search) -> None:
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("slash", "c")
        await app.workers.wait_for_complete()  # the index
        await app.workers.wait_for_complete()  # the search it starts
        await pilot.pause()
        assert "type at least 2 letters" in screen_text(app)
        assert app.screen.query_one("#library-hits").option_count == 0


async def test_typing_searches_only_after_the_delay(
    library, data_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Users keep the debounce: while the delay runs, nothing is searched."""
    assert LibraryScreen.search_delay == SEARCH_DELAY > 0
    monkeypatch.setattr(LibraryScreen, "search_delay", 60.0)  # never elapses in the test
    store, _ = library
    app = host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("slash")
        await app.workers.wait_for_complete()  # the index
        await pilot.press(*"council")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen._search_timer is not None
        assert "matching notes" not in screen_text(app)
        screen._search_timer.stop()
        screen._run_search()  # what the timer does once typing pauses
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "2 matching notes" in screen_text(app)


async def test_hostile_titles_and_tags_are_shown_as_text(
    tmp_path: Path, data_path: Path, instant_search: None
) -> None:
    from reader.annotations.model import Annotation

    uri = "file:///nowhere/evil.txt"
    with Store.open(data_path) as store:
        store.remember_article(uri, "[@click=app.quit]y", "/nowhere/evil.txt")
        store.put(Annotation.create(uri, "some [b]text[/b] here", 5, 17, tags=("[bold]x",),
                                    note="[red]note[/red]"))
    store = Store.open(data_path)
    app = host(store, data_path)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            assert "[@click=app.quit]y" in screen_text(app)
            await pilot.click("#library-table", offset=(3, 1))
            await pilot.press("slash", *"bold")
            await app.workers.wait_for_complete()  # the index
            await app.workers.wait_for_complete()  # the search it starts
            await pilot.pause()
            text = screen_text(app)
            assert "#[bold]x" in text and "[b]text[/b]" in text and "[red]note[/red]" in text
            assert app.is_running
    finally:
        store.close()


async def test_a_read_only_library_does_not_offer_to_remove(library, data_path) -> None:
    from reader.errors import ReaderError
    from reader.operations.removal import remove_article

    second = Store.open(data_path, mode="app")  # the fixture's store holds the lock
    assert second.read_only
    app = host(second, data_path)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.press("d")
            assert not isinstance(app.screen, ConfirmDialog)
            assert "Remove" not in screen_text(app).splitlines()[-1]
        with pytest.raises(ReaderError, match="read-only"):
            remove_article(second, second.articles()[0], data_path, now())
        assert not (data_path / "removed").exists()
        assert len(second.articles()) == 3
    finally:
        second.close()
