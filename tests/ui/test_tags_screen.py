"""The tags screen driven with Pilot: tags and their passages across articles,
opening a passage, rename and merge everywhere (on disk), undo as one step."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotations.tagops import TagHistory
from reader.store.store import Store
from reader.ui.dialogs.tag_edit import MergeDialog, RenameDialog
from reader.ui.messages import OpenArticle
from reader.ui.tags.screen import TagsScreen
from tests.ui.conftest import screen_text
from tests.ui.library_support import Host, build_library


@pytest.fixture
def library(tmp_path: Path, data_path: Path):
    articles = build_library(tmp_path, data_path)
    store = Store.open(data_path)
    yield store, articles
    store.close()


def host(store: Store, tag: str | None = None, history: TagHistory | None = None) -> Host:
    return Host(store, lambda s: TagsScreen(s, tag=tag, history=history))


def tags_screen(app: Host) -> TagsScreen:
    screen = app.screen
    assert isinstance(screen, TagsScreen)
    return screen


def on_disk(data_path: Path) -> dict[str, int]:
    """The tags as a second reader sees them, read from the files."""
    with Store.open(data_path, mode="read") as reader:
        return dict(reader.tags())


async def settle(app: Host, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_tags_with_counts_and_passages_from_every_article(library) -> None:
    store, _ = library
    app = host(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = tags_screen(app)
        assert screen.tags == [("budget", 2), ("council", 2), ("flood", 1), ("harbour", 1)]
        assert screen.current_tag == "budget"
        text = screen_text(app)
        assert "#budget  2 passages in 2 articles" in text
        assert "The budget grew by a third." in text
        assert "The council says the budget has no room for repairs." in text
        assert "River Floods the Old Town" in text and "Harbour Plans Approved" in text
        await pilot.press("down", "down")
        assert screen.current_tag == "flood"
        assert "Heavy rain pushed the river over its banks on Sunday." in screen_text(app)
        assert "The budget grew by a third." not in screen_text(app)


async def test_enter_goes_to_the_passages_then_opens_the_article_there(library) -> None:
    store, articles = library
    app = host(store, tag="council")
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = tags_screen(app)
        assert screen.current_tag == "council"
        await pilot.press("enter")
        assert app.focused is screen.passages
        await pilot.press("down", "enter")
        request = app.requests[-1]
        assert isinstance(request, OpenArticle) and request.annotation is not None
        opened = {articles[n].uri: n for n in articles}[request.uri]
        assert request.annotation.exact in articles[opened].text
        assert "council" in request.annotation.tags
        assert request.source.endswith(opened)
        await pilot.press("escape")
        assert app.focused is screen.tag_list


async def test_rename_everywhere_then_undo(library, data_path) -> None:
    store, _ = library
    app = host(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("down")  # council
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, RenameDialog)
        assert dialog.query_one("#rename-input").value == "council"
        await pilot.press(*"city council", "enter")  # replaces the selected name
        await settle(app, pilot)
        screen = tags_screen(app)
        assert screen.current_tag == "city council"
        assert dict(screen.tags)["city council"] == 2 and "council" not in dict(screen.tags)
        assert on_disk(data_path) == {"budget": 2, "city council": 2, "flood": 1, "harbour": 1}
        assert any("Renamed #council to #city council on 2 passages in 2 articles" in n.message
                   for n in app._notifications)
        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_path) == {"budget": 2, "council": 2, "flood": 1, "harbour": 1}
        assert screen.current_tag == "council"
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "city council" in on_disk(data_path)


async def test_merge_with_completion_then_undo(library, data_path) -> None:
    store, _ = library
    history = TagHistory()
    app = host(store, tag="harbour", history=history)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, MergeDialog)
        await pilot.press(*"coun", "tab", "enter")
        await settle(app, pilot)
        screen = tags_screen(app)
        assert dict(screen.tags) == {"budget": 2, "council": 2, "flood": 1}
        assert screen.current_tag == "council"
        assert on_disk(data_path) == {"budget": 2, "council": 2, "flood": 1}
        # The harbour passage carried both tags: it keeps council once.
        assert history.can_undo
        await pilot.press("u")
        await settle(app, pilot)
        assert on_disk(data_path) == {"budget": 2, "council": 2, "flood": 1, "harbour": 1}
        assert not history.can_undo and history.can_redo


async def test_merge_into_a_tag_that_does_not_exist_is_refused(library, data_path) -> None:
    store, _ = library
    app = host(store, tag="flood")
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m", *"nowhere", "enter")
        dialog = app.screen
        assert isinstance(dialog, MergeDialog)
        assert "existing tag" in str(dialog.query_one("#merge-error").render())
        await pilot.press(*["backspace"] * 7, *"budget, council", "enter")
        assert "one tag" in str(dialog.query_one("#merge-error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, TagsScreen)
    assert on_disk(data_path)["flood"] == 1


async def test_rename_to_nothing_is_refused_in_the_dialog(library) -> None:
    store, _ = library
    app = host(store)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.press("r", "backspace", "enter")
        assert isinstance(app.screen, RenameDialog)
        assert "needs a name" in str(app.screen.query_one("#rename-error").render())
        await pilot.press("escape")
        assert tags_screen(app).tags[0] == ("budget", 2)


async def test_keys_that_do_not_apply_are_hidden(tmp_path: Path, data_path: Path) -> None:
    with Store.open(data_path) as store:
        store.remember_article("file:///a.txt", "Untagged", "/a.txt")
    store = Store.open(data_path)
    app = host(store)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            screen = tags_screen(app)
            for action in ("rename", "merge", "undo", "redo"):
                assert not screen.check_action(action, ())
            assert "No tags yet" in screen_text(app)
            footer = screen_text(app).splitlines()[-1]
            assert "Rename" not in footer and "Undo" not in footer
    finally:
        store.close()


async def test_hostile_tags_are_shown_as_text(tmp_path: Path, data_path: Path) -> None:
    from reader.annotations.model import Annotation

    uri = "file:///nowhere/evil.txt"
    with Store.open(data_path) as store:
        store.remember_article(uri, "[@click=app.quit]y", "/nowhere/evil.txt")
        store.put(Annotation.create(uri, "a [b]passage[/b]", 2, 16, tags=("[bold]x",)))
    store = Store.open(data_path)
    app = host(store)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "[bold]x" in text and "[@click=app.quit]y" in text and "[b]passage[/b]" in text
    finally:
        store.close()


async def test_a_big_library_is_gathered_in_a_worker(tmp_path: Path, data_path: Path) -> None:
    from reader.annotations.model import Annotation

    text = "Each article has one sentence about ports."
    with Store.open(data_path) as writer:
        for n in range(60):
            uri = f"file:///many/{n}.txt"
            writer.remember_article(uri, f"Article {n}", f"/many/{n}.txt", opened=False)
            writer.put(Annotation.create(uri, text, 0, len(text), tags=("ports", f"t{n % 3}")))
    store = Store.open(data_path)
    app = host(store)
    try:
        async with app.run_test(size=(110, 30)) as pilot:
            await settle(app, pilot)
            screen = tags_screen(app)
            assert screen.tags == [("ports", 60), ("t0", 20), ("t1", 20), ("t2", 20)]
            assert screen.passages.option_count == 60
            assert "60 passages in 60 articles" in screen_text(app)
    finally:
        store.close()
