"""The baseline: the plainest Textual app that shows an article's text.

The budget for the sample's first paint is relative to this, so it must be
what a Textual developer writes first for read-only prose: a ``Static`` in a
``VerticalScroll``. The text goes in as a ``rich.text.Text`` so it is never
parsed as markup. A ``Static`` lays out the whole text before the first
frame, so large files are slow here; that contrast is what the benchmark shows.
``--widget textarea`` gives the other obvious choice (a read-only TextArea,
which renders only visible lines) for comparison.

``G`` (and ``end``) scroll to the end without animation, so the figure is the
cost of laying out and painting the last screen, not an animation's length;
``g`` goes back to the top and ``j`` scrolls one line, as in a pager.

Run: ``python -m bench.bare_app ARTICLE [--widget static|textarea]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static, TextArea


class BareApp(App[None]):
    """Shows one text; q quits, G goes to the end."""

    BINDINGS = [  # noqa: RUF012 - Textual's convention for bindings
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
        Binding("G,end", "end", "End", id="end", tooltip="Scroll to the end"),
        Binding("g,home", "top", "Top", id="top", tooltip="Scroll to the top"),
        Binding("j", "down", "Down", id="down", tooltip="Scroll one line down"),
    ]

    def __init__(self, text: str, widget: str = "static") -> None:
        super().__init__()
        self.text = text
        self.widget = widget

    def compose(self) -> ComposeResult:
        if self.widget == "textarea":
            yield TextArea(self.text, read_only=True, id="body")
        else:
            with VerticalScroll(id="body"):
                yield Static(Text(self.text))

    def action_end(self) -> None:
        body = self.query_one("#body")
        if isinstance(body, TextArea):
            body.move_cursor(body.document.end)  # the cursor drags the view along
        else:
            body.scroll_end(animate=False)

    def action_top(self) -> None:
        body = self.query_one("#body")
        if isinstance(body, TextArea):
            body.move_cursor((0, 0))
        else:
            body.scroll_home(animate=False)

    def action_down(self) -> None:
        body = self.query_one("#body")
        if isinstance(body, TextArea):
            body.action_cursor_down()
        else:
            body.scroll_relative(y=1, animate=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bare_app")
    parser.add_argument("path", type=Path)
    parser.add_argument("--widget", choices=("static", "textarea"), default="static")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    BareApp(text, args.widget).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
