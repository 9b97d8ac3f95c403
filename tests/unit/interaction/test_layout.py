"""Wrapping by cells and the lazy document layout (pure, no Textual)."""

from __future__ import annotations

import time

import pytest
from rich.cells import cell_len, get_character_cell_size

from reader.interaction.layout import (
    _NARROW_RANGES,
    DocumentLayout,
    is_narrow,
    measure_heights,
    shape,
    wrap,
)


def pieces(text: str, width: int, **kw: bool) -> list[str]:
    return [text[s:e] for s, e in wrap(text, 0, len(text), width, **kw)]


def words_of(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


def test_wraps_at_spaces_within_width() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps on running far away."
    lines = pieces(text, 20)
    assert all(cell_len(line) <= 20 for line in lines)
    assert words_of(lines) == text.split()
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)
    assert len(lines) > 3


def test_long_word_is_cut_at_the_width() -> None:
    assert pieces("x" * 25 + " tail", 10) == ["x" * 10, "x" * 10, "xxxxx tail"]
    assert pieces("x" * 25 + " tails", 10) == ["x" * 10, "x" * 10, "x" * 5, "tails"]


def test_empty_text_has_one_line() -> None:
    assert wrap("", 0, 0, 10) == [(0, 0)]


def test_hard_newlines_are_kept_for_code() -> None:
    code = "def f():\n    return 1\n"
    assert pieces(code, 40, hard=True) == ["def f():", "    return 1", ""]
    # soft: a newline is a space
    assert pieces("one\ntwo", 40) == ["one\ntwo"]


def test_cjk_is_measured_in_cells() -> None:
    text = "日本語のテキストは二つのセルを使います" * 3
    lines = pieces(text, 10)
    assert all(cell_len(line) <= 10 for line in lines)
    assert all(cell_len(line) >= 9 for line in lines[:-1])  # filled, CJK breaks anywhere
    assert "".join(lines) == text


def test_emoji_and_zwj_sequences_are_not_split() -> None:
    family = "👨\u200d👩\u200d👧"
    text = f"hi {family} there 🎉🎉 ok"
    lines = pieces(text, 6)
    assert all(cell_len(line) <= 6 for line in lines)
    assert any(family in line for line in lines)


def test_mixed_latin_and_cjk_wraps_by_cells() -> None:
    text = "Reporting from 北京 and 東京, the 特派員 said: “数字 matter”."
    for width in (5, 8, 13, 21):
        lines = pieces(text, width)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_narrow_ranges_are_really_one_cell() -> None:
    import re

    for lo, hi in re.findall(r"(.)-(.)", _NARROW_RANGES.replace("\n", "")):
        for code in range(ord(lo), ord(hi) + 1):
            assert get_character_cell_size(chr(code)) == 1, hex(code)
    assert is_narrow("“Curly” quotes — and dashes … €")
    assert not is_narrow("wide 字")
    assert not is_narrow("e\u0301")  # combining accent takes no cell


def test_fast_and_grapheme_paths_agree_on_narrow_text() -> None:
    from reader.interaction.layout import _wrap_cells, _wrap_narrow

    text = "A Baghdad-based spokesman, Colonel Ryan Dillon, said “We have increased our presence”."
    for width in (7, 12, 30, 200):
        assert _wrap_narrow(text, 0, len(text), width) == _wrap_cells(text, 0, len(text), width)


def test_hundred_thousand_character_line() -> None:
    word = "lorem "
    text = (word * (100_000 // len(word) + 1))[:100_000]
    started = time.perf_counter()
    lines = wrap(text, 0, len(text), 80)
    elapsed = time.perf_counter() - started
    assert all(cell_len(text[s:e]) <= 80 for s, e in lines)
    assert len(lines) == pytest.approx(100_000 / 78, rel=0.05)
    assert elapsed < 0.5
    unbroken = "x" * 100_000
    assert len(wrap(unbroken, 0, len(unbroken), 80)) == 1250
    cjk = "字" * 100_000
    cjk_lines = wrap(cjk, 0, len(cjk), 80)
    assert len(cjk_lines) == 2500 and cjk_lines[-1][1] == 100_000


def make_layout(paragraphs: list[str], width: int) -> DocumentLayout:
    text = "\n\n".join(paragraphs)
    shapes, pos = [], 0
    for para in paragraphs:
        shapes.append(shape(pos, pos + len(para)))
        pos += len(para) + 2
    return DocumentLayout(text, shapes, width)


PARAS = [("word " * n).strip() for n in (3, 40, 7, 120, 1, 60)]


def test_layout_settles_visible_blocks_only() -> None:
    layout = make_layout(PARAS, 20)
    assert not any(layout.is_exact(i) for i in range(len(PARAS)))
    layout.settle(0, 5)
    assert layout.is_exact(0) and layout.is_exact(1)
    assert not layout.is_exact(5)
    # heights are the wrapped lines plus one blank row between blocks
    assert layout.heights[1] == len(layout.lines(1)) + 1


def test_locate_and_row_of_agree() -> None:
    layout = make_layout(PARAS, 24)
    layout.apply_heights(24, measure_heights(layout.text, layout.shapes, 24))
    for block, para_shape in enumerate(layout.shapes):
        for row, (start, _end) in enumerate(layout.lines(block)):
            y = layout.row_of(start)
            assert layout.locate(y) == (block, row)
            assert layout.offset_at(y) == start
        assert layout.top(block) == layout.row_of(para_shape.start)
    assert layout.total == sum(layout.heights)


def test_resize_rewraps_with_other_heights() -> None:
    wide = make_layout(PARAS, 80)
    narrow = make_layout(PARAS, 20)
    for layout in (wide, narrow):
        width = layout.width
        layout.apply_heights(width, measure_heights(layout.text, layout.shapes, width))
    assert narrow.total > wide.total
    offset = layout_offset = narrow.shapes[3].start + 100
    assert narrow.row_of(offset) > wide.row_of(layout_offset)
    # heights measured for another width are refused
    assert not wide.apply_heights(20, measure_heights(wide.text, wide.shapes, 20))


def test_estimates_cost_nothing_until_looked_at() -> None:
    paras = ["x " * 300] * 20_000  # about 12 MB of text
    started = time.perf_counter()
    layout = make_layout(paras, 80)
    layout.settle(0, 40)
    elapsed = time.perf_counter() - started
    assert sum(layout.is_exact(i) for i in range(len(paras))) <= 6
    assert elapsed < 1.0
    last = layout.locate(layout.total - 1)[0]
    assert last == len(paras) - 1
