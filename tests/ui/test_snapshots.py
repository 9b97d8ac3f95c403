"""SVG snapshots of the sample article (pytest --snapshot-update to regenerate).

Each app comes from make_app with a private data folder, so nothing from a
previous run (position, theme) leaks in, and no clock or random value shows.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import MakeReader

SIZES = [(120, 40), (80, 24)]
THEMES = ["reader-dark", "reader-light"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sample(snap_compare, make_reader: MakeReader, size: tuple[int, int], theme: str) -> None:
    assert snap_compare(make_reader(theme=theme), terminal_size=size)


def test_sample_after_search(snap_compare, make_reader: MakeReader) -> None:
    keys = ["slash", *"Russia", "enter", "n"]
    assert snap_compare(make_reader(theme="reader-dark"), press=keys, terminal_size=(120, 40))


def test_sample_reading_further(snap_compare, make_reader: MakeReader) -> None:
    keys = ["right_square_bracket", "j", "j", "right_curly_bracket"]
    assert snap_compare(make_reader(theme="reader-light"), press=keys, terminal_size=(80, 24))
