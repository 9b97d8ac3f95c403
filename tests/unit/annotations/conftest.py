"""Store fixtures: every API test runs over memory storage and over real files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.annotations.model import Annotation
from reader.store.store import Store

TEXT = (
    "The US military said on Thursday that it bolstered its combat power in eastern "
    "Syria. A Baghdad-based spokesman said they were prepared for any threat. "
    "Two weeks ago the US carried out its first airstrikes on pro-Assad forces."
)
URI_A = "file:///articles/a.txt"
URI_B = "file:///articles/b.txt"


def make(
    uri: str = URI_A,
    start: int = 0,
    end: int = 11,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
) -> Annotation:
    return Annotation.create(uri, TEXT, start, end, tags=tags, note=note)


@pytest.fixture(params=["memory", "files"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same Store API over TinyDB's MemoryStorage and over AtomicJSONStorage."""
    opened = Store.in_memory() if request.param == "memory" else Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"
