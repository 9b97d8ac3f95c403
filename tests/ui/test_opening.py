"""make_app: which article opens, errors before the screen, the reading position."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.store.store import Store
from reader.ui.app import make_app
from reader.ui.reading.status_line import StatusLine
from tests.ui.conftest import MakeReader, screen_text, view, write_article

ARTICLE = """Budget Talks Resume in the Capital

Negotiators returned on Monday. They said little. Nobody expected much.

Second paragraph here. It also has sentences. Three of them.

Third paragraph closes the piece. The end is near. Truly.
"""


async def read_and_quit(app, keys: list[str]) -> tuple[int, int]:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*keys)
        span = view(app).cursor_span
        await pilot.press("q")
    return span


async def test_position_is_restored_after_reopening(
    make_reader: MakeReader, data_path: Path
) -> None:
    span = await read_and_quit(make_reader(), ["j"] * 7)
    assert span != view_span_zero(make_reader)
    store = Store.open(data_path, mode="read")
    record = store.last_article()
    assert record is not None and record.position == span[0]
    store.close()
    again = make_reader()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert view(again).cursor_span == span


def view_span_zero(make_reader: MakeReader) -> tuple[int, int]:
    app = make_reader()
    first = app.article.blocks[0]
    app.store.close()
    return first.sentences[0] if first.sentences else (first.start, first.end)


async def test_position_saved_without_q(make_reader: MakeReader, data_path: Path) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right_square_bracket")
        span = view(app).cursor_span
        app.exit()  # ctrl+q or a closed terminal: the position is still written
    store = Store.open(data_path, mode="read")
    assert store.position(app.article.uri) == span[0]
    store.close()


async def test_no_source_opens_the_last_article(data_path: Path, tmp_path: Path) -> None:
    path = write_article(tmp_path, "budget.txt", ARTICLE)
    span = await read_and_quit(make_app(path, data_dir=data_path), ["j", "j", "j"])
    app = make_app(None, data_dir=data_path)
    assert app.article.title == "Budget Talks Resume in the Capital"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert view(app).cursor_span == span


async def test_first_run_opens_the_sample(data_path: Path, sample_path: Path) -> None:
    app = make_app(None, data_dir=data_path)
    assert app.article.uri == make_app(sample_path, store=Store.in_memory()).article.uri
    app.store.close()


async def test_unreadable_last_article_falls_back_to_the_sample(
    data_path: Path, tmp_path: Path
) -> None:
    path = write_article(tmp_path, "gone.txt", ARTICLE)
    make_app(path, data_dir=data_path).store.close()
    path.unlink()
    app = make_app(None, data_dir=data_path)
    assert "could not reopen the last article" in " ".join(app.notices)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert "could not reopen the last article" in screen_text(app)


def test_missing_source_raises_before_running(data_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as raised:
        make_app(tmp_path / "nope.txt", data_dir=data_path)
    assert "\n" not in str(raised.value)
    # the store was closed again: its lock is free for the next run
    store = Store.open(data_path, mode="cli", lock_timeout=0.1)
    store.close()


async def test_second_instance_is_read_only(make_reader: MakeReader, data_path: Path) -> None:
    holder = Store.open(data_path, mode="app")
    try:
        app = make_reader()
        assert app.store.read_only
        async with app.run_test(size=(160, 30)) as pilot:
            await pilot.pause()
            notices = app.screen.query_one(StatusLine).notices
            assert any("read-only" in notice for notice in notices)
            assert "read-only" in screen_text(app)
            await pilot.press("j", "q")
    finally:
        holder.close()


async def test_invalid_bytes_notice_reaches_the_status_line(
    make_reader: MakeReader, tmp_path: Path
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(ARTICLE.encode() + b"\nbroken \xff\xfe bytes here.\n")
    app = make_reader(path)
    assert app.article.notices
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert app.article.notices[0] in screen_text(app)
