"""Removing an article: its notes exported first, then the article forgotten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.operations.removal import REMOVED_DIR, remove_article
from reader.store.store import Store

from .conftest import Note, read

NOW = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)


def test_the_notes_are_exported_before_the_article_goes(
    store: Store, harbour: Path, note: Note, data_path: Path
) -> None:
    article = read(harbour)
    store.remember_article(article.uri, article.title, str(harbour))
    note(article, "Work starts in May.", note="Late again.")
    [record] = store.articles()
    said = remove_article(store, record, data_path, NOW)
    exported = data_path / REMOVED_DIR / "harbour-plans-approved-2026-03-12.md"
    assert said == f"Removed “Harbour Plans Approved” from the library; its 1 note is in {exported}"
    text = exported.read_text(encoding="utf-8")
    assert "> Work starts in May." in text and "Late again." in text
    assert store.articles() == [] and store.annotations(article.uri) == []


def test_a_second_removal_never_replaces_the_first_export(
    store: Store, harbour: Path, note: Note, data_path: Path
) -> None:
    article = read(harbour)
    for _ in range(2):
        store.remember_article(article.uri, article.title, str(harbour))
        note(article, "Work starts in May.")
        remove_article(store, store.articles()[0], data_path, NOW)
    names = sorted(p.name for p in (data_path / REMOVED_DIR).iterdir())
    stem = "harbour-plans-approved-2026-03-12"
    assert names == [f"{stem}-2.md", f"{stem}.md"]


def test_an_article_without_notes_is_removed_without_a_file(
    store: Store, river: Path, data_path: Path
) -> None:
    article = read(river)
    store.remember_article(article.uri, article.title, str(river))
    said = remove_article(store, store.articles()[0], data_path, NOW)
    assert said == "Removed “River Floods the Old Town” from the library (it had no notes)"
    assert not (data_path / REMOVED_DIR).exists() and store.articles() == []


def test_notes_that_cannot_be_exported_keep_the_article(
    store: Store, harbour: Path, note: Note, data_path: Path
) -> None:
    article = read(harbour)
    store.remember_article(article.uri, article.title, str(harbour))
    note(article, "Work starts in May.")
    (data_path / REMOVED_DIR).write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(ReaderError, match="cannot create"):
        remove_article(store, store.articles()[0], data_path, NOW)
    assert len(store.articles()) == 1 and len(store.annotations(article.uri)) == 1
    with pytest.raises(ReaderError, match="no data folder"):
        remove_article(store, store.articles()[0], None, NOW)


def test_a_read_only_store_removes_nothing(harbour: Path, data_path: Path) -> None:
    with Store.open(data_path, mode="cli") as writer:
        article = read(harbour)
        writer.remember_article(article.uri, article.title, str(harbour))
    with Store.open(data_path, mode="read") as store:
        with pytest.raises(ReaderError, match="read-only"):
            remove_article(store, store.articles()[0], data_path, NOW)
        assert len(store.articles()) == 1
