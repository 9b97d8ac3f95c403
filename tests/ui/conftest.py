"""Fixtures for the Textual tests: apps built the way the command line builds them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.ui.app import ReaderApp, make_app
from reader.ui.reading.article_view import ArticleView
from reader.ui.reading.screen import ReadingScreen

MakeReader = Callable[..., ReaderApp]


@pytest.fixture
def make_reader(data_path: Path, sample_path: Path) -> MakeReader:
    """``make_reader(source=None, **kw)``: make_app on the sample and a private data folder."""

    def build(source: str | Path | None = None, **kwargs: Any) -> ReaderApp:
        kwargs.setdefault("data_dir", data_path)
        return make_app(source=sample_path if source is None else source, **kwargs)

    return build


def reading(app: ReaderApp) -> ReadingScreen:
    screen = app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


def view(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def screen_text(app: ReaderApp) -> str:
    """The screen as plain text, as a terminal would show it."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()
