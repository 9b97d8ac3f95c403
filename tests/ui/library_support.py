"""Shared by the library and tags screen tests: a small library with fixed times,
and a host app that shows one screen and records what it asks the app to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any, ClassVar

import pytest
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from reader.annotations.model import Annotation
from reader.document import load_article
from reader.resources import stylesheet
from reader.store import store as store_module
from reader.store.store import Store
from reader.ui.common.themes import THEMES
from reader.ui.messages import OpenArticle, ShowTags

HARBOUR = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

Costs Rise Again

The budget grew by a third. Nobody could say why. The mayor promised answers by June.
"""

RIVER = """River Floods the Old Town

Heavy rain pushed the river over its banks on Sunday. The old town was evacuated overnight.

Who Pays for the Damage

The council says the budget has no room for repairs. Shop owners are angry.
"""

QUIET = """A Quiet Week at the Museum

Nothing much happened at the museum this week. The new wing stays closed.
"""

NOW = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)
OPENED = {
    "harbour.txt": "2026-03-10T09:00:00.000000+00:00",  # 2 days before NOW
    "river.txt": "2026-03-12T18:30:00.000000+00:00",  # 1 h before
    "quiet.txt": "2026-01-05T08:00:00.000000+00:00",  # a date
}
NOTES = {
    # file: [(passage, tags, note, colour, created)]
    "harbour.txt": [
        ("The council approved the harbour plan on Monday.", ("council", "harbour"),
         "Vote was 7 to 2.", "yellow", "2026-03-01T10:00:00+00:00"),
        ("The budget grew by a third.", ("budget",), "Compare with the river repairs.",
         "pink", "2026-03-01T10:05:00+00:00"),
    ],
    "river.txt": [
        ("Heavy rain pushed the river over its banks on Sunday.", ("flood",), "", "blue",
         "2026-03-02T09:00:00+00:00"),
        ("The council says the budget has no room for repairs.", ("Budget", "council"),
         "Same council as the harbour vote.", "green", "2026-03-02T09:10:00+00:00"),
    ],
    "quiet.txt": [],
}
STYLES = ("reader.tcss", "dialogs.tcss", "library.tcss")


def now() -> datetime:
    return NOW


def annotation(uri: str, text: str, passage: str, tags: tuple[str, ...], note: str,
               color: str, created: str) -> Annotation:
    """An annotation with fixed times (the snapshots must not depend on the clock)."""
    start = text.index(passage)
    made = Annotation.create(uri, text, start, start + len(passage), tags=tags, note=note,
                             color=color)
    return Annotation(**{**made.to_dict(), "tags": made.tags, "created": created,
                         "modified": created})


def build_library(
    folder: PurePath, data: PurePath, texts: dict[str, str] | None = None
) -> dict[str, Any]:
    """Write the articles, remember them with fixed times, annotate; returns name -> article."""
    from pathlib import Path

    texts = texts or {"harbour.txt": HARBOUR, "river.txt": RIVER, "quiet.txt": QUIET}
    articles = {}
    with Store.open(Path(data)) as store, pytest.MonkeyPatch.context() as monkeypatch:
        for name, text in texts.items():
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            article = load_article(path)
            articles[name] = article
            monkeypatch.setattr(store_module, "_now", lambda name=name: OPENED[name])
            store.remember_article(article.uri, article.title, str(path))
            for passage, tags, note, color, created in NOTES.get(name, []):
                store.put(annotation(article.uri, article.text, passage, tags, note, color,
                                     created))
    return articles


class Host(App[None]):
    """Shows the screen ``make`` builds over a blank base; records requests to the app."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [stylesheet(name) for name in STYLES]

    def __init__(self, store: Store, make: Callable[[Store], Screen[Any]]) -> None:
        super().__init__()
        self.store = store
        self.make = make
        self.requests: list[Message] = []
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "reader-dark"

    def on_mount(self) -> None:
        self.push_screen(self.make(self.store))

    def on_open_article(self, event: OpenArticle) -> None:
        self.requests.append(event)

    def on_show_tags(self, event: ShowTags) -> None:
        self.requests.append(event)
