"""The command palette's library providers: articles, tags, annotations; never markup."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App

from reader.annotations.model import Annotation
from reader.store.store import Store
from reader.ui.library.commands import AnnotationCommands, ArticleCommands, TagCommands
from reader.ui.library.screen import LibraryScreen
from reader.ui.messages import OpenArticle, ShowTags
from tests.ui.conftest import screen_text
from tests.ui.library_support import Host, build_library, now


class PaletteHost(Host):
    COMMANDS: ClassVar = App.COMMANDS | {ArticleCommands, TagCommands, AnnotationCommands}


@pytest.fixture
def store(tmp_path: Path, data_path: Path):
    build_library(tmp_path, data_path)
    opened = Store.open(data_path)
    yield opened
    opened.close()


def palette_host(store: Store, data_path: Path) -> PaletteHost:
    return PaletteHost(store, lambda s: LibraryScreen(s, data_dir=data_path, now=now))


async def search(app: PaletteHost, pilot, query: str) -> str:
    await pilot.press("ctrl+p", *query)
    for _ in range(20):  # the palette gathers hits in the background
        await pilot.pause(0.05)
        if "Loading" not in screen_text(app):
            break
    await pilot.pause(0.3)
    return screen_text(app)


async def test_articles_open_from_the_palette(store: Store, data_path: Path) -> None:
    app = palette_host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        text = await search(app, pilot, "harbour plans")
        assert "Open: Harbour Plans Approved" in text
        await pilot.press("enter")
        await pilot.pause()
        request = app.requests[-1]
        assert isinstance(request, OpenArticle) and request.annotation is None
        assert request.uri.endswith("harbour.txt")


async def test_tags_show_the_tags_screen(store: Store, data_path: Path) -> None:
    app = palette_host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        text = await search(app, pilot, "tag: flood")
        assert "Tag: #flood (1)" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.requests[-1] == ShowTags("flood")


async def test_annotations_open_at_their_passage(store: Store, data_path: Path) -> None:
    app = palette_host(store, data_path)
    async with app.run_test(size=(110, 30)) as pilot:
        text = await search(app, pilot, "no room for repairs")
        assert "Note: The council says the budget has no room for repairs." in text
        assert "River Floods the Old Town" in text
        await pilot.press("enter")
        await pilot.pause()
        request = app.requests[-1]
        assert isinstance(request, OpenArticle) and request.annotation is not None
        assert request.annotation.exact == "The council says the budget has no room for repairs."


async def test_titles_tags_and_passages_are_never_markup(tmp_path: Path, data_path: Path) -> None:
    uri = "file:///nowhere/evil.txt"
    with Store.open(data_path) as writer:
        writer.remember_article(uri, "[@click=app.quit]y", "/nowhere/evil.txt")
        writer.put(Annotation.create(uri, "see [i]this[/i] now", 4, 15, tags=("[bold]x",)))
    store = Store.open(data_path)
    app = palette_host(store, data_path)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            text = await search(app, pilot, "click")
            assert "Open: [@click=app.quit]y" in text
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running  # the title's @click was not run
            assert isinstance(app.requests[-1], OpenArticle)
            text = await search(app, pilot, "bold")
            assert "Tag: #[bold]x (1)" in text
            await pilot.press("enter")
            await pilot.pause()
            assert app.requests[-1] == ShowTags("[bold]x")
            text = await search(app, pilot, "this")
            assert "Note: [i]this[/i]" in text
    finally:
        store.close()
