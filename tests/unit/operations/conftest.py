"""A real store on real files in ``tmp_path``, and two articles to open and export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.annotations.model import Annotation
from reader.document import load_article
from reader.document.model import Article
from reader.store.store import Store

HARBOUR = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

Costs Rise Again

The budget grew by a third. Nobody could say why. The mayor promised answers by June.
"""

RIVER = """River Floods the Old Town

Heavy rain pushed the river over its banks on Sunday. The old town was evacuated overnight.
"""

Note = Callable[..., Annotation]


@pytest.fixture
def store(data_path: Path) -> Iterator[Store]:
    """The store as the command line opens it: files in ``data_path``, the lock held."""
    opened = Store.open(data_path, mode="cli")
    yield opened
    opened.close()


@pytest.fixture
def harbour(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR, encoding="utf-8")
    return path


@pytest.fixture
def river(tmp_path: Path) -> Path:
    path = tmp_path / "river.txt"
    path.write_text(RIVER, encoding="utf-8")
    return path


@pytest.fixture
def note(store: Store) -> Note:
    """``note(article, passage, **fields)``: annotate ``passage`` and save it."""

    def make(article: Article, passage: str, **fields: object) -> Annotation:
        start = article.text.index(passage)
        ann = Annotation.create(article.uri, article.text, start, start + len(passage),
                                **fields)  # type: ignore[arg-type]
        store.put(ann)
        return ann

    return make


def read(path: Path) -> Article:
    return load_article(path)
