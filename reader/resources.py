"""Where the bundled styles and sample article live.

This is the only module that knows the layout: in a wheel they are shipped
inside the package (``reader/_data``, through hatch force-include); in an
editable install or a checkout they sit at the project's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
SAMPLE_NAME = "us-military-tanf-2017-06.txt"


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reader's bundled '{name}' folder is missing; reinstall reader")


def styles_dir() -> Path:
    """The folder holding the app's ``*.tcss`` files."""
    return _data_dir("styles")


def seeds_dir() -> Path:
    """The folder holding the bundled sample article(s)."""
    return _data_dir("seeds")


def sample_article() -> Path:
    """The bundled sample article opened on first run."""
    return seeds_dir() / SAMPLE_NAME


def stylesheet(name: str) -> Path:
    """One stylesheet by file name, e.g. ``reader.tcss``."""
    return styles_dir() / name
