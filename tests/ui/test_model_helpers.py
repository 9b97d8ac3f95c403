"""Decorations, navigation and odd articles (empty, CJK) in the view."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from reader.document import parse_text
from reader.interaction.decorations import Decorations, Mark, RangeLayer, split_styles
from reader.interaction.navigation import Navigator
from tests.ui.conftest import MakeReader, screen_text, view, write_article


def test_range_layer_finds_overlapping_ranges() -> None:
    layer = RangeLayer([Mark(0, 50, "hl-yellow"), Mark(10, 12, "hl-blue"), Mark(60, 70, "x")])
    assert [m.key for m in layer.overlapping(11, 20)] == ["hl-yellow", "hl-blue"]
    assert [m.key for m in layer.overlapping(50, 60)] == []
    assert [m.key for m in layer.overlapping(69, 100)] == ["x"]
    assert not RangeLayer([Mark(5, 5, "empty")])  # empty ranges are dropped


def test_decorations_stack_in_paint_order_and_report_changes() -> None:
    deco = Decorations()
    assert deco.set("cursor", [Mark(10, 20, "cursor")]) == (10, 20)
    assert deco.set("match", [Mark(15, 18, "match")]) == (15, 18)
    assert [m.key for m in deco.overlapping(0, 100)] == ["match", "cursor"]
    assert deco.set("cursor", [Mark(30, 40, "cursor")]) == (10, 40)  # old and new
    assert deco.clear("highlight") is None  # nothing there, nothing to repaint


def test_split_styles_cuts_where_marks_change() -> None:
    pieces = split_styles(0, 10, [Mark(2, 6, "a"), Mark(4, 12, "b")])
    assert pieces == [(0, 2, ()), (2, 4, ("a",)), (4, 6, ("a", "b")), (6, 10, ("b",))]


def test_navigator_on_blocks_without_sentences() -> None:
    article = parse_text("Title Here\n\nOne. Two. Three.\n\nFour.", "mem:x")
    nav = Navigator(article)
    texts = [article.text[s:e] for s, e in zip(nav.starts, nav.ends, strict=True)]
    assert texts[0] == "Title Here"
    assert "Four." in texts[-1]
    assert nav.progress(0) == 0 and nav.progress(nav.last) == 100
    empty = Navigator(parse_text("", "mem:empty"))
    assert len(empty) == 1 and empty.next_unit(0) == 0 and empty.prev_section(0) == 0


async def test_empty_article_opens(make_reader: MakeReader, tmp_path: Path) -> None:
    app = make_reader(write_article(tmp_path, "empty.txt", "   \n"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "k", "G", "g", "space", "pageup", "right_square_bracket", "s")
        await pilot.press("slash", "x", "enter", "escape")
        assert app.is_running


async def test_wide_characters_stay_inside_the_column(
    make_reader: MakeReader, tmp_path: Path
) -> None:
    cjk = "東京電力は二十日、福島第一原子力発電所の処理水について発表した。" * 4
    emoji = "Crowds cheered 🎉🎉 as the 👨‍👩‍👧 family arrived. " * 3
    text = f"Wide Text Report\n\n{cjk}\n\n{emoji}\n"
    app = make_reader(write_article(tmp_path, "wide.txt", text))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        v = view(app)
        column = v.text_layout.width
        for block in range(len(app.article.blocks)):
            for start, end in v.text_layout.lines(block):
                assert cell_len(app.article.text[start:end]) <= column
        shown = screen_text(app)
        assert "東京電力は" in shown
        assert all(cell_len(line) <= 80 for line in shown.splitlines())


def long_article(paragraphs: int) -> str:
    body = "The colonel said the convoy moved at dawn. Nobody saw it leave the base. " * 6
    parts = ["A Long Generated Report"]
    for i in range(paragraphs):
        if i % 50 == 0:
            parts.append(f"Part Number {i // 50 + 1} Of The Story")
        parts.append(f"{body}Paragraph {i}.")
    return "\n\n".join(parts)


async def test_long_article_uses_workers(make_reader: MakeReader, tmp_path: Path) -> None:
    app = make_reader(write_article(tmp_path, "long.txt", long_article(1400)))
    assert len(app.article.text) > 600_000
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        layout = view(app).text_layout
        assert all(layout.is_exact(i) for i in range(len(layout.shapes)))  # measured off-thread
        await pilot.press("G")
        assert view(app).cursor == view(app).navigator.last
        await pilot.press("slash", *"convoy")
        await app.workers.wait_for_complete()
        await pilot.pause()
        expected = app.article.text.lower().count("convoy")
        assert str(app.screen.query_one("#search-count").content).endswith(f"/{expected}")


async def test_overlapping_highlights_stay_distinct(make_reader: MakeReader) -> None:
    app = make_reader()
    async with app.run_test(size=(100, 30)) as pilot:
        v = view(app)
        start, end = app.article.blocks[1].start, app.article.blocks[1].end
        v.set_decorations(
            "highlight", [Mark(start, start + 40, "hl-yellow"), Mark(start + 20, end, "hl-blue")]
        )
        await pilot.pause()
        strip = v.render_line(v.text_layout.row_of(start) - round(v.scroll_y))
        backgrounds = {seg.style.bgcolor for seg in strip if seg.text.strip() and seg.style}
        assert len(backgrounds) >= 3  # yellow only, both (mixed), blue only
        assert any(seg.style and seg.style.underline for seg in strip)
