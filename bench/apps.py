"""The programs a benchmark compares: the reader, the bare baseline, and peers.

Each entry says how to start the program on an article, which articles it
can open (Frogmouth reads Markdown only) and which keys mean "go to the
end", "go to the top", "one step down", "next section" and "search" for it,
so a scenario can drive every program the same way and skip what a program
cannot do. Adding a program is one entry in ``APPS``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.peers import PEERS_BIN, peers_missing

Argv = Callable[[Path, Path], list[str]]  # (article, fresh data folder) -> argv

BIN = Path(sys.executable).parent
TEXT, MARKDOWN = "text", "markdown"

DOWN_ARROW = b"\x1b[B"
END_KEY = b"\x1b[F"
HOME_KEY = b"\x1b[H"


@dataclass(frozen=True)
class AppSpec:
    """A program under test; ``keys`` maps a logical action to the bytes to type.

    An action missing from ``keys`` is one the program has no key for; a
    scenario reports it as not applicable.
    """

    name: str
    describe: str
    argv: Argv
    keys: dict[str, bytes] = field(default_factory=lambda: {"end": b"G"})
    quit_keys: Sequence[bytes] = (b"q", b"\x11", b"\x03")  # q, ctrl+q, ctrl+c
    executable: str = ""  # checked before running; empty: always available
    formats: frozenset[str] = frozenset({TEXT, MARKDOWN})
    setup: Callable[[], str | None] | None = None  # makes it available; None or why not

    def missing(self) -> str | None:
        """Why the program cannot run here, or None (runs ``setup`` first if needed)."""
        if self.executable and not (
            Path(self.executable).exists() or shutil.which(self.executable)
        ):
            if self.setup is not None and (reason := self.setup()):
                return reason
            if not (Path(self.executable).exists() or shutil.which(self.executable)):
                return f"{self.executable} not found"
        return None

    def opens(self, path: Path) -> bool:
        """Whether the program can show this file's format."""
        kind = MARKDOWN if path.suffix.lower() in (".md", ".markdown") else TEXT
        return kind in self.formats


def _reader_exe() -> str:
    local = BIN / "reader"
    return str(local) if local.exists() else "reader"


_VIEW_KEYS = {"end": b"G", "top": b"g", "down": b"j"}

APPS: dict[str, AppSpec] = {
    app.name: app
    for app in (
        AppSpec(
            "reader",
            "reader (the app under test)",
            lambda article, data: [_reader_exe(), "--data", str(data), str(article)],
            keys={**_VIEW_KEYS, "next_section": b"]", "search": b"/"},
            executable=_reader_exe(),
        ),
        AppSpec(
            "bare",
            "bare Textual app: Static(Text) in a VerticalScroll",
            lambda article, data: [sys.executable, "-m", "bench.bare_app", str(article)],
            keys=dict(_VIEW_KEYS),
        ),
        AppSpec(
            "bare-textarea",
            "bare Textual app: read-only TextArea",
            lambda article, data: [
                sys.executable, "-m", "bench.bare_app", "--widget", "textarea", str(article)
            ],
            keys=dict(_VIEW_KEYS),
        ),
        AppSpec(
            "frogmouth",
            "Frogmouth 0.9 (Textual Markdown viewer, own venv in bench/.peers)",
            lambda article, data: [str(PEERS_BIN / "frogmouth"), str(article)],
            keys={"end": END_KEY, "top": HOME_KEY, "down": DOWN_ARROW},
            executable=str(PEERS_BIN / "frogmouth"),
            formats=frozenset({MARKDOWN}),
            setup=peers_missing,
        ),
        AppSpec(
            "less",
            "less (pager, no Textual)",
            lambda article, data: ["less", "--", str(article)],
            keys={**_VIEW_KEYS, "search": b"/"},
            quit_keys=(b"q",),
            executable="less",
        ),
    )
}

SUBJECT = "reader"  # the app the budgets apply to
BASELINE = "bare"  # ratio budgets are SUBJECT / BASELINE
DEFAULT_APPS = (SUBJECT, BASELINE, "frogmouth", "less")
