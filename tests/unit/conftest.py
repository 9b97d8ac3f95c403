"""Store fixtures shared by the store's and the annotations' tests.

Every API test runs over memory storage and over real files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.store import Store


@pytest.fixture(params=["memory", "files"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same Store API over TinyDB's MemoryStorage and over AtomicJSONStorage."""
    opened = Store.in_memory() if request.param == "memory" else Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"
