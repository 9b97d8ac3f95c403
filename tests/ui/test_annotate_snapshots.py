"""SVG snapshots of annotations: colours, an overlap, the cursor on a highlight, the panel.

Annotations are made with the keys on a private data folder; nothing shown
depends on their ids or times.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.annotate_support import ARTICLE
from tests.ui.conftest import MakeReader, write_article

# j h: a yellow sentence; j v j o k 3: blue over it and the next (an overlap);
# j 2, j 4, j 5: green, pink, purple; k k: the cursor back on the green one.
COLOURS = ["j", "h", "j", "v", "j", "o", "k", "3", "j", "j", "2", "j", "4", "j", "5", "k", "k"]


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return write_article(tmp_path, "harbour.txt", ARTICLE)


@pytest.mark.parametrize("theme", ["reader-dark", "reader-light"])
def test_highlight_colours(
    snap_compare, make_reader: MakeReader, article_path: Path, theme: str
) -> None:
    app = make_reader(article_path, theme=theme)
    assert snap_compare(app, press=COLOURS, terminal_size=(100, 24))


def test_visual_selection(snap_compare, make_reader: MakeReader, article_path: Path) -> None:
    app = make_reader(article_path, theme="reader-dark")
    keys = ["j", "h", "j", "v", "j", "j", "b", "o", "w"]
    assert snap_compare(app, press=keys, terminal_size=(100, 24))


def test_notes_panel_beside_the_article(
    snap_compare, make_reader: MakeReader, article_path: Path
) -> None:
    keys = [*COLOURS, "t", *"harbour, budget", "enter", "c", *"Ask the council", "ctrl+s", "a"]
    app = make_reader(article_path, theme="reader-dark")
    assert snap_compare(app, press=keys, terminal_size=(130, 30))
