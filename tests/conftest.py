"""Fixtures shared by every test folder (keep this small)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.resources import sample_article


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample article (read it, never write it)."""
    return sample_article()


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """A fresh, private data folder for the store."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def instant_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's note search runs on each keystroke, without its debounce.

    Users get ``SEARCH_DELAY`` of quiet typing before a search; a test would
    have to sleep through it. With no delay, waiting for the workers is enough.
    """
    from reader.ui.library.screen import LibraryScreen

    monkeypatch.setattr(LibraryScreen, "search_delay", 0.0)
