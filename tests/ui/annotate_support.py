"""Shared by the annotation tests: a small two-section article and a look at the disk."""

from __future__ import annotations

from pathlib import Path

from reader.annotations.model import Annotation
from reader.store.store import Store
from reader.ui.app import ReaderApp
from reader.ui.reading.screen import ReadingScreen
from reader.ui.reading.status_line import StatusLine

ARTICLE = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

A second paragraph follows here. It has two sentences.

Costs Rise Again

The budget grew by a third. Nobody could say why. The mayor promised answers.
"""


def on_disk(data_path: Path, uri: str) -> list[Annotation]:
    """The article's annotations as a second reader sees them: read from the files."""
    store = Store.open(data_path, mode="read")
    try:
        return store.annotations(uri)
    finally:
        store.close()


def screen_of(app: ReaderApp) -> ReadingScreen:
    screen = app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


def status_text(app: ReaderApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


def sentences(app: ReaderApp) -> list[tuple[int, int]]:
    return [s for b in app.article.blocks for s in (b.sentences or ((b.start, b.end),))]


def quote(app: ReaderApp, span: tuple[int, int]) -> str:
    return app.article.text[span[0] : span[1]]
