"""Fixtures of the robustness tests, and the tally they print at the end.

Each test adds what it survived (kills, annotations acknowledged and found,
damaged files recovered, hostile inputs tried) to one tally, printed as a
table after the run: the numbers a soak run is for.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.resources import sample_article

TALLY: Counter[str] = Counter()


@pytest.fixture
def tally() -> Counter[str]:
    return TALLY


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The data folder of the ``reader`` processes a test runs (created on use)."""
    return tmp_path / "home"


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    """Two private copies of the sample article: two uris, two article files."""
    text = sample_article().read_text(encoding="utf-8")
    out = []
    for name in ("first.txt", "second.txt"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY:
        return
    terminalreporter.section("robustness tally")
    width = max(len(key) for key in TALLY)
    for key in sorted(TALLY):
        terminalreporter.write_line(f"{key:<{width}}  {TALLY[key]:>8}")
