"""The store's batch changes: put_many across articles, forget_article."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.store import paths
from reader.store.store import Store, StoreWriteError
from tests.unit.samples import URI_A, URI_B, make


def test_put_many_inserts_and_replaces_across_articles(store: Store) -> None:
    a, b = make(URI_A, tags=("x",)), make(URI_B, 5, 9)
    store.put(a)
    written = store.put_many([a.edited(tags=("y",)), b, make(URI_B, 10, 20, tags=("y",))])
    assert written == 3
    assert store.annotations(URI_A)[0].tags == ("y",)
    assert len(store.annotations(URI_B)) == 2
    assert dict(store.tags()) == {"y": 2}
    assert {r.uri: r.count for r in store.articles()} == {URI_A: 1, URI_B: 2}
    assert store.put_many([]) == 0


def test_forget_article_sets_its_file_aside_and_drops_it_from_the_library(root: Path) -> None:
    with Store.open(root) as store:
        store.remember_article(URI_A, "Tanf", "/articles/a.txt")
        store.remember_article(URI_B, "Other", "/articles/b.txt")
        keep = make(URI_B, 5, 9, tags=("kept",))
        store.put(make(URI_A, tags=("gone",)))
        store.put(make(URI_A, 20, 30, note="my words"))
        store.put(keep)
        shard = paths.shard_path(root, paths.article_key(URI_A))
        aside = store.forget_article(URI_A)
        assert aside is not None and aside.parent == shard.parent
        assert aside.name.startswith(shard.name + ".removed-")
        assert not shard.exists()
        assert b"my words" in aside.read_bytes()  # nothing the user wrote is lost
        assert [r.uri for r in store.articles()] == [URI_B]
        assert dict(store.tags()) == {"kept": 1}
        assert store.annotations(URI_A) == []
    with Store.open(root, mode="read") as again:
        assert [r.uri for r in again.articles()] == [URI_B]
        assert again.annotations(URI_B) == [keep]
        assert again.annotations(URI_A) == []


def test_forget_twice_never_overwrites_an_earlier_copy(root: Path) -> None:
    with Store.open(root) as store:
        store.put(make(URI_A, note="first"))
        first = store.forget_article(URI_A)
        store.put(make(URI_A, note="second"))
        second = store.forget_article(URI_A)
    assert first is not None and second is not None and first != second
    assert b"first" in first.read_bytes() and b"second" in second.read_bytes()


def test_forget_an_article_without_annotations(store: Store) -> None:
    store.remember_article(URI_A, "Never annotated", "/a.txt")
    assert store.forget_article(URI_A) is None
    assert store.articles() == []


def test_forget_in_memory_then_reopen_starts_empty() -> None:
    store = Store.in_memory()
    store.put(make(URI_A, tags=("x",)))
    store.forget_article(URI_A)
    store.remember_article(URI_A, "Back", "/a.txt")
    assert store.annotations(URI_A) == []
    assert store.articles()[0].count == 0


def test_forget_is_refused_read_only_and_when_the_file_cannot_move(
    root: Path, monkeypatch
) -> None:
    with Store.open(root) as store:
        store.put(make(URI_A))
    with Store.open(root, mode="read") as reader, pytest.raises(StoreWriteError):
        reader.forget_article(URI_A)
    with Store.open(root) as store:
        def refuse(src, dst):
            raise OSError(30, "Read-only file system")

        monkeypatch.setattr(os, "rename", refuse)
        with pytest.raises(StoreWriteError, match="nothing was removed"):
            store.forget_article(URI_A)
        monkeypatch.undo()
        assert [r.uri for r in store.articles()] == [URI_A]
        assert len(store.annotations(URI_A)) == 1


def test_tagged_articles_come_from_the_library_counts(store: Store) -> None:
    a = make(URI_A, tags=("Tanf",))
    store.put(a)
    store.put(make(URI_B, 5, 9, tags=("tanf", "other")))
    assert sorted(store.tagged_articles("TANF")) == [URI_A, URI_B]
    assert store.tagged_articles(" other ") == [URI_B]
    store.delete(URI_A, a.id)
    assert store.tagged_articles("tanf") == [URI_B]
    assert store.tagged_articles("nothing") == []
