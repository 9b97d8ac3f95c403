"""The key bar: the keys that apply now, whole keys only, clickable, with tooltips."""

from __future__ import annotations

from pathlib import Path

from reader.annotations.model import DEFAULT_COLOR
from reader.ui.common.key_bar import KeyBar
from tests.ui.annotate_support import on_disk
from tests.ui.conftest import MakeReader, screen_text


def bar_of(app: object) -> KeyBar:
    return app.screen.query_one(KeyBar)  # type: ignore[attr-defined, no-any-return]


def last_row(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_keys_follow_focus_and_mode(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = bar_of(app)
        assert [k.display for k in bar.keys][:4] == ["j", "v", "h", "t"]
        await pilot.press("t")  # the prompt has the keys
        await pilot.pause()
        assert [k.description for k in bar.keys][:2] == ["Save", "Cancel"]
        assert last_row(app).startswith("⏎ Save esc Cancel")
        await pilot.press("escape", "v")  # back in the article, selecting
        await pilot.pause()
        assert "Other end" in [k.description for k in bar.keys]
        assert last_row(app).rstrip().endswith("▏^p palette")


async def test_a_narrow_bar_shows_whole_keys_and_the_palette(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        row = last_row(app).rstrip()
        assert len(row) <= 60 and row.endswith("▏^p palette")
        shown = row.removesuffix("▏^p palette").rstrip()
        texts = [f"{k.display} {k.description}" for k in bar_of(app).keys]
        # the first keys, each whole, as many as fit; none cut off
        fitting = [n for n in range(len(texts) + 1) if " ".join(texts[:n]) == shown]
        assert fitting and 2 <= fitting[0] < len(texts)


async def test_a_click_presses_the_key_and_hover_shows_its_tooltip(
    make_reader: MakeReader, data_path: Path
) -> None:
    app = make_reader()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await pilot.pause()
        bar = bar_of(app)
        row = last_row(app)
        x = row.index("h Highlight")
        await pilot.hover(KeyBar, offset=(x + 2, 0))
        assert bar.tooltip is not None and "selection or sentence" in str(bar.tooltip)
        await pilot.click(KeyBar, offset=(x + 2, 0))
        await pilot.pause()
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.color == DEFAULT_COLOR
        await pilot.hover(KeyBar, offset=(row.index("▏") + 3, 0))
        assert bar.tooltip is not None and "palette" in str(bar.tooltip).lower()
