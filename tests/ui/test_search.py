"""Search: the bar, the count, stepping with enter/n/N, escape clearing the marks."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.widgets import Input, Label

from reader.interaction import reading as reading_model
from reader.interaction.find import SearchResults, find_all
from reader.ui.messages import SearchAnswered
from reader.ui.reading.search_bar import SearchBar
from tests.ui.conftest import MakeReader, reading, view


def count_text(app) -> str:
    return str(app.screen.query_one("#search-count", Label).content)


def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(re.escape(word), text, re.IGNORECASE)]


def test_find_all_is_literal_and_ignores_case() -> None:
    text = "Tanf, TANF and tanf. a.b a+b"
    assert find_all(text, "tanf") == [(0, 4), (6, 10), (15, 19)]
    assert find_all(text, "a.b") == [(21, 24)]  # '.' is not a wildcard
    assert find_all(text, "") == []
    # offsets stay in the original text even where lower-casing changes lengths
    tricky = "İstanbul and Tanf"
    assert find_all(tricky, "tanf") == [(13, 17)]


def test_results_step_and_wrap() -> None:
    results = SearchResults("x", [(0, 1), (5, 6), (9, 10)])
    assert results.first_from(4) == 1 and results.label() == "2/3"
    assert results.step(1) == 2
    assert results.step(1) == 0  # wraps
    assert results.step(-1) == 2
    assert SearchResults("x", []).label() == "no matches"


async def test_search_flow(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        text = app.article.text
        matches = occurrences(text, "russia")
        assert len(matches) >= 4
        assert not any(bar.display for bar in app.screen.query(SearchBar))
        await pilot.press("slash")
        bar = app.screen.query_one(SearchBar)
        assert bar.display and isinstance(app.focused, Input)
        await pilot.press(*"Russia")
        await pilot.pause()
        assert count_text(app) == f"1/{len(matches)}"
        assert [(m.start, m.end) for m in v.decorations.layer("match")] == matches
        # the cursor is on the sentence holding the first match
        start, end = v.cursor_span
        assert start <= matches[0][0] < end
        await pilot.press("enter")  # accept: back to the article, same match
        assert app.focused is v
        assert count_text(app) == f"1/{len(matches)}"
        await pilot.press("enter")
        assert count_text(app) == f"2/{len(matches)}"
        await pilot.press("n")
        assert count_text(app) == f"3/{len(matches)}"
        start, end = v.cursor_span
        assert start <= matches[2][0] < end
        await pilot.press("N", "N", "N")  # back past the first: wraps to the last
        assert count_text(app) == f"{len(matches)}/{len(matches)}"
        current = v.decorations.layer("current-match")
        assert [(m.start, m.end) for m in current] == [matches[-1]]
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert not v.decorations.layer("match") and not v.decorations.layer("current-match")
        assert reading(app).results is None


async def test_n_is_hidden_without_a_search_and_typed_in_the_box(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = reading(app)
        assert screen.check_action("search_next", ()) is False
        before = view(app).cursor
        await pilot.press("n")  # no search: nothing happens
        assert view(app).cursor == before
        await pilot.press("slash", *"nq")  # n and q are letters in the search box
        await pilot.pause()
        assert app.query_one("#search-input", Input).value == "nq"
        assert app.is_running
        assert count_text(app) == "no matches"
        await pilot.press("backspace")
        await pilot.pause()
        assert count_text(app).endswith(f"/{len(occurrences(app.article.text, 'n'))}")
        assert screen.check_action("search_next", ()) is True


async def test_search_starts_from_the_cursor(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        await pilot.press("right_square_bracket", "right_square_bracket")  # third section
        section_start = v.cursor_span[0]
        matches = occurrences(app.article.text, "assad")
        expected = next(i for i, (s, _e) in enumerate(matches) if s >= section_start)
        await pilot.press("slash", *"Assad")
        await pilot.pause()
        assert count_text(app) == f"{expected + 1}/{len(matches)}"


async def test_a_long_article_is_searched_in_a_worker(
    make_reader: MakeReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SYNC_SEARCH_CHARS the matches come from a worker thread as a message;
    a stale answer (the query changed meanwhile) is dropped."""
    monkeypatch.setattr(reading_model, "SYNC_SEARCH_CHARS", 10)
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        matches = occurrences(app.article.text, "russia")
        await pilot.press("slash", *"Russia")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count_text(app) == f"1/{len(matches)}"
        assert [(m.start, m.end) for m in v.decorations.layer("match")] == matches
        bar = app.screen.query_one(SearchBar)
        bar.post_message(SearchAnswered(SearchResults("Russ", [(0, 4)])))  # stale
        await pilot.pause()
        assert count_text(app) == f"1/{len(matches)}"


async def test_keys_typed_right_after_the_slash_reach_the_search(make_reader: MakeReader) -> None:
    """Keys arriving together ("/" and a word typed fast, or pasted) all go to the
    search: none is taken by the article (u would undo, s focus the sections)."""
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("slash", *"Russia"):
            char = "/" if key == "slash" else key
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        bar = app.screen.query_one(SearchBar)
        assert bar.display and bar.query_text == "Russia"
        assert count_text(app) == f"1/{len(occurrences(app.article.text, 'russia'))}"


async def test_a_tag_typed_right_after_t_reaches_the_prompt(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        for key, char in [("t", "t"), *((c, c) for c in "usa"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        for _ in range(4):
            await pilot.pause()
        [placed] = reading(app).annotator.index.ordered()
        assert placed.annotation.tags == ("usa",)
