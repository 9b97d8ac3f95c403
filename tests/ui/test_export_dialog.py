"""The export dialog: default path, format and filters, overwrite, bad folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, RadioButton, SelectionList, Static

from reader.operations.export import ExportOptions
from reader.resources import sample_article
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.dialogs.export import ExportDialog, default_export_path, path_problem, with_format
from tests.ui.test_dialogs import UNSET, DialogHost, field, typed
from tests.unit.interaction.test_tag_entry import KNOWN


# -- default export path (pure) -----------------------------------------------------
def test_default_export_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "news" / "tanf.txt"
    article.parent.mkdir()
    article.write_text("x", encoding="utf-8")
    data = tmp_path / "data"
    # next to a local article, the extension following the format
    assert default_export_path(article.as_uri(), data, "markdown") == (
        article.parent / "tanf.notes.md")
    assert default_export_path(str(article), data, "jsonl").name == "tanf.notes.jsonl"
    # otherwise in the data folder
    assert default_export_path("stdin:0123abcd", data, "json") == data / "stdin-0123abcd.notes.json"
    web = default_export_path("https://example.org/2017/06/us-tanf.html?x=1", data, "markdown")
    assert web == data / "us-tanf.notes.md"
    gone = default_export_path((tmp_path / "missing" / "a.txt").as_uri(), data, "markdown")
    assert gone == data / "a.notes.md"
    sample = default_export_path(sample_article().as_uri(), data, "markdown")  # not the package
    assert sample == data / f"{sample_article().stem}.notes.md"
    monkeypatch.setattr("reader.ui.dialogs.export.os.access", lambda *_a, **_k: False)
    assert default_export_path(article.as_uri(), data, "markdown") == data / "tanf.notes.md"


def test_format_suffix_and_path_problems(tmp_path: Path) -> None:
    assert with_format(Path("a.notes.md"), "jsonl") == Path("a.notes.jsonl")
    assert with_format(Path("a.notes.json"), "markdown") == Path("a.notes.md")
    assert with_format(Path("mine.txt"), "json") == Path("mine.txt")  # the user's choice
    assert path_problem(tmp_path / "new.md") is None
    assert "is a folder" in (path_problem(tmp_path) or "")
    assert "does not exist" in (path_problem(tmp_path / "no" / "x.md") or "")


# -- export -------------------------------------------------------------------
def export_host(default: Path, **kwargs: Any) -> DialogHost:
    return DialogHost(lambda: ExportDialog(default, KNOWN, **kwargs))


def path_value(app: App[Any]) -> str:
    return app.screen.query_one("#export-path", Input).value


async def test_export_defaults_and_enter(tmp_path: Path) -> None:
    app = export_host(tmp_path / "article.notes.md")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ExportOptions("markdown", "section", (), (),
                                       tmp_path / "article.notes.md", False)


async def test_export_format_changes_extension_and_filters(tmp_path: Path) -> None:
    app = export_host(tmp_path / "article.notes.md")
    async with app.run_test(size=(100, 40)) as pilot:
        buttons = list(app.screen.query("#export-format RadioButton").results(RadioButton))
        await pilot.click(buttons[2])
        await pilot.pause()
        assert path_value(app) == str(tmp_path / "article.notes.jsonl")
        assert app.screen.query_one("#export-group").disabled  # grouping is Markdown's
        await pilot.click(buttons[1])
        await pilot.pause()
        assert path_value(app) == str(tmp_path / "article.notes.json")
        tags = field(app)
        tags.input.focus()
        await typed(pilot, "tan")
        await pilot.press("tab")  # completes to "Tanf, "
        await pilot.pause()
        colors = app.screen.query_one("#export-colors", SelectionList)
        await pilot.press("tab")  # nothing left to complete: tab moves on
        assert app.focused is colors
        colors.select("pink")
        colors.select("blue")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ExportOptions("json", "section", ("Tanf",), ("blue", "pink"),
                                       tmp_path / "article.notes.json", False)


async def test_export_existing_file_asks_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "article.notes.md"
    target.write_text("old", encoding="utf-8")
    app = export_host(target)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.message) == f"{target} exists. Overwrite?"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog) and app.result is UNSET
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.result, ExportOptions)
    assert app.result.path == target and app.result.force is True
    assert target.read_text(encoding="utf-8") == "old"  # the dialog wrote nothing


async def test_export_missing_folder_shows_error(tmp_path: Path) -> None:
    app = export_host(tmp_path / "article.notes.md")
    async with app.run_test(size=(100, 40)) as pilot:
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "nowhere" / "notes.md")
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#export-error", Static)
        assert error.display and "does not exist" in str(error.content)
        assert isinstance(app.screen, ExportDialog) and app.result is UNSET
        await pilot.press("backspace")  # editing the path clears the error
        await pilot.pause()
        assert not error.display


async def test_export_relative_path_is_taken_from_the_default_folder(tmp_path: Path) -> None:
    app = export_host(tmp_path / "article.notes.md")
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#export-path", Input).value = "mine.md"
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.result, ExportOptions) and app.result.path == tmp_path / "mine.md"


async def test_export_escape_returns_none(tmp_path: Path) -> None:
    app = export_host(tmp_path / "article.notes.md")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
