"""Opening an article: what start-up chooses, reading and placing, remembering."""

from __future__ import annotations

from pathlib import Path

import pytest

import reader.document
from reader.errors import ReaderError
from reader.operations.opening import (
    READ_ONLY,
    StartChoice,
    choose_start,
    open_article,
    remember,
    remembered_source,
    reopenable,
    start,
)
from reader.resources import sample_article
from reader.store.store import Store

from .conftest import Note, read


def test_remembered_source_is_absolute_except_stdin_and_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert remembered_source("a.txt") == str(tmp_path.resolve() / "a.txt")
    assert remembered_source("-") == "-"
    assert remembered_source("https://example.org/a") == "https://example.org/a"


def test_reopenable_refuses_stdin_only() -> None:
    assert reopenable("file:///a.txt", "/a.txt") == "/a.txt"
    assert reopenable("https://example.org/a", "") == "https://example.org/a"
    assert reopenable("urn:x-reader:stdin:abc", "-") is None
    assert reopenable("urn:x-reader:stdin:abc", "") is None


def test_choose_start_follows_source_then_library_then_last_then_sample(
    store: Store, harbour: Path, river: Path
) -> None:
    assert choose_start(store, None) == StartChoice(sample_article(), str(sample_article()))
    assert choose_start(store, harbour) == StartChoice(harbour, str(harbour.resolve()))
    first = read(harbour)
    store.remember_article(first.uri, first.title, str(harbour))
    assert choose_start(store, None) == StartChoice(str(harbour), str(harbour), last=True)
    second = read(river)
    store.remember_article(second.uri, second.title, str(river))
    assert choose_start(store, None) is None  # several articles: the library
    assert choose_start(store, river) == StartChoice(river, str(river.resolve()))


def test_a_last_article_read_from_stdin_is_not_reopened(store: Store) -> None:
    store.remember_article("urn:x-reader:stdin:abc", "Piped", "-")
    assert choose_start(store, None) == StartChoice(sample_article(), str(sample_article()))


def test_start_opens_the_source_at_its_position_and_remembers_it(
    store: Store, harbour: Path
) -> None:
    article = read(harbour)
    store.remember_article(article.uri, article.title, str(harbour))
    store.set_position(article.uri, 30)
    first = start(store, harbour)
    assert first.opened is not None
    assert first.opened.article.uri == article.uri and first.opened.position == 30
    assert first.opened.source == str(harbour.resolve()) and first.notices == ()
    last = store.last_article()
    assert last is not None and last.uri == article.uri and last.source == str(harbour.resolve())


def test_a_missing_source_raises_and_remembers_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ReaderError):
        start(store, tmp_path / "nope.txt")
    assert store.articles() == []


def test_an_unreadable_last_article_gives_the_sample_and_says_so(
    store: Store, harbour: Path
) -> None:
    article = read(harbour)
    store.remember_article(article.uri, article.title, str(harbour))
    harbour.unlink()
    first = start(store, None)
    assert first.opened is not None
    assert first.opened.source == str(sample_article())
    [notice] = first.notices
    assert notice.startswith("could not reopen the last article: ")


def test_a_library_start_reads_no_article(
    store: Store, harbour: Path, river: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (harbour, river):
        article = read(path)
        store.remember_article(article.uri, article.title, str(path))

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an article was read to start in the library")

    monkeypatch.setattr(reader.document, "load_article", no_reading)
    first = start(store, None)
    assert first.opened is None and first.notices == ()


def test_a_read_only_store_says_so_once(data_path: Path, harbour: Path) -> None:
    with Store.open(data_path, mode="read") as store:
        first = start(store, harbour)
        assert first.notices == (READ_ONLY,)


def test_open_article_places_the_cursor_and_writes_nothing(
    store: Store, harbour: Path, note: Note
) -> None:
    article = read(harbour)
    ann = note(article, "Work starts in May.")
    store.set_position(article.uri, 10**6)
    at_end = open_article(store, str(harbour))
    assert at_end.position == len(article.text) and at_end.notice == ""
    at_passage = open_article(store, str(harbour), annotation=ann)
    assert at_passage.position == article.text.index("Work starts in May.")
    assert store.last_article() is None  # shown only once it is remembered
    remember(store, at_passage)
    last = store.last_article()
    assert last is not None and last.uri == article.uri and last.source == str(harbour)


def test_a_passage_gone_from_the_file_opens_at_the_top(
    store: Store, harbour: Path, note: Note
) -> None:
    ann = note(read(harbour), "Work starts in May.")
    harbour.write_text(harbour.read_text(encoding="utf-8").replace("Work starts in May.", ""),
                       encoding="utf-8")
    opened = open_article(store, harbour, annotation=ann)
    assert opened.position == 0
    assert opened.notice == "“Work starts in May.” is no longer in the article: opened at the top"
