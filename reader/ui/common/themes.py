"""The reader's own themes: a dark one and a light (paper) one.

Colours are chosen for long reading: soft contrast for body text, one accent
for titles and the cursor. Stylesheets use only Textual's standard
variables, so any other theme the user picks still works.
"""

from __future__ import annotations

from textual.theme import Theme

READER_DARK = Theme(
    name="reader-dark",
    primary="#7aa2d6",
    secondary="#8fb9a8",
    accent="#e5a657",
    warning="#e5c07b",
    error="#e06c75",
    success="#98c379",
    foreground="#d9d4c7",
    background="#1c1e24",
    surface="#23262e",
    panel="#2b2f39",
    dark=True,
    variables={"footer-key-foreground": "#e5a657"},
)

READER_LIGHT = Theme(
    name="reader-light",
    primary="#2f5d8c",
    secondary="#3d7a68",
    accent="#a0401f",
    warning="#8a5a00",
    error="#b3261e",
    success="#2e7d32",
    foreground="#2a2724",
    background="#f6f2e8",
    surface="#ece6d8",
    panel="#e2dac8",
    dark=False,
    variables={"footer-key-foreground": "#a0401f"},
)

THEMES: tuple[Theme, ...] = (READER_DARK, READER_LIGHT)
DEFAULT_THEME = READER_DARK.name
PAIRS = {READER_DARK.name: READER_LIGHT.name, READER_LIGHT.name: READER_DARK.name}


def other_theme(name: str, *, dark: bool) -> str:
    """The theme the toggle key switches to from ``name``."""
    if name in PAIRS:
        return PAIRS[name]
    return READER_LIGHT.name if dark else READER_DARK.name
