"""SVG snapshots of the tags screen and its merge dialog (pytest --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.store import Store
from reader.ui.tags.screen import TagsScreen
from tests.ui.library_support import Host, build_library

SIZE = (100, 24)


@pytest.fixture
def store(tmp_path: Path, data_path: Path):
    build_library(tmp_path, data_path)
    opened = Store.open(data_path)
    yield opened
    opened.close()


def app_for(store: Store, theme: str = "reader-dark", tag: str | None = None) -> Host:
    app = Host(store, lambda s: TagsScreen(s, tag=tag))
    app.theme = theme
    return app


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_tags(snap_compare, store: Store, theme: str) -> None:
    assert snap_compare(app_for(store, theme), terminal_size=SIZE)


def test_tag_passages_focused(snap_compare, store: Store) -> None:
    app = app_for(store, tag="council")
    assert snap_compare(app, press=["enter", "down"], terminal_size=SIZE)


def test_merge_dialog(snap_compare, store: Store) -> None:
    app = app_for(store, tag="harbour")
    assert snap_compare(app, press=["m", "c"], terminal_size=SIZE)
