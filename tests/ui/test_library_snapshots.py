"""SVG snapshots of the library screen (pytest --snapshot-update to regenerate).

The data has fixed times and the screen a fixed "now"; HOME is the test's
folder, so sources show as ``~/name.txt`` whatever the temporary path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store.store import Store
from reader.ui.library.screen import LibraryScreen
from tests.ui.library_support import Host, build_library, now

SIZE = (100, 24)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    build_library(home, home / "data")
    opened = Store.open(home / "data")
    yield opened
    opened.close()


def app_for(store: Store, theme: str) -> Host:
    data = Path.home() / "data"
    app = Host(store, lambda s: LibraryScreen(s, data_dir=data, now=now))
    app.theme = theme
    return app


async def search_budget(pilot) -> None:
    """Type a search, then wait for the index and the search it starts.

    Typed here rather than by snap_compare's ``press``, which comes after
    ``run_before``: the screenshot must wait for the search, not race it.
    """
    await pilot.press("slash", *"budget")
    await pilot.app.workers.wait_for_complete()  # the index
    await pilot.app.workers.wait_for_complete()  # the search it starts
    await pilot.pause()


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_library(snap_compare, store: Store, theme: str) -> None:
    assert snap_compare(app_for(store, theme), terminal_size=SIZE)


def test_library_search(snap_compare, store: Store, instant_search: None) -> None:
    assert snap_compare(
        app_for(store, "reader-dark"), run_before=search_budget, terminal_size=SIZE,
    )


def test_library_remove_asks(snap_compare, store: Store) -> None:
    assert snap_compare(app_for(store, "reader-dark"), press=["down", "d"], terminal_size=SIZE)
