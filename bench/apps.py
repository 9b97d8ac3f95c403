"""The programs a benchmark compares: the reader, the bare baseline, and peers.

Each entry says how to start the program on an article and which keys mean
"go to the end" and "quit" for it, so a scenario can drive any of them the
same way. Adding a program is one entry in ``APPS``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Argv = Callable[[Path, Path], list[str]]  # (article, fresh data folder) -> argv

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class AppSpec:
    """A program under test; ``keys`` maps a logical action to the bytes to type."""

    name: str
    describe: str
    argv: Argv
    keys: dict[str, bytes] = field(default_factory=lambda: {"end": b"G"})
    quit_keys: Sequence[bytes] = (b"q", b"\x11", b"\x03")  # q, ctrl+q, ctrl+c
    executable: str = ""  # checked before running; empty: always available

    def missing(self) -> str | None:
        """Why the program cannot run here, or None."""
        if self.executable and not (
            Path(self.executable).exists() or shutil.which(self.executable)
        ):
            return f"{self.executable} not found"
        return None


def _reader_exe() -> str:
    local = BIN / "reader"
    return str(local) if local.exists() else "reader"


APPS: dict[str, AppSpec] = {
    app.name: app
    for app in (
        AppSpec(
            "reader",
            "reader (the app under test)",
            lambda article, data: [_reader_exe(), "--data", str(data), str(article)],
            executable=_reader_exe(),
        ),
        AppSpec(
            "bare",
            "bare Textual app: Static(Text) in a VerticalScroll",
            lambda article, data: [sys.executable, "-m", "bench.bare_app", str(article)],
        ),
        AppSpec(
            "bare-textarea",
            "bare Textual app: read-only TextArea",
            lambda article, data: [
                sys.executable, "-m", "bench.bare_app", "--widget", "textarea", str(article)
            ],
        ),
        AppSpec(
            "less",
            "less (pager, no Textual)",
            lambda article, data: ["less", "--", str(article)],
            quit_keys=(b"q",),
            executable="less",
        ),
    )
}

SUBJECT = "reader"  # the app the budgets apply to
BASELINE = "bare"  # ratios are SUBJECT / BASELINE
DEFAULT_APPS = (SUBJECT, BASELINE)
