"""Which stylesheets the app reads at start and which once the first frame is out.

Textual parses every stylesheet of ``CSS_PATH`` before the first frame. The
dialogs, the notes panel and the library screens are never on the first
reading screen, so their sheets are read afterwards (:func:`read_later`):
parsing them only then keeps them off the start-up path. Anything that shows
one of those widgets calls :func:`read_later` first; it does nothing once the
sheets are in.
"""

from __future__ import annotations

import os
from typing import Any

from textual.app import App

from reader.resources import stylesheet

FIRST = ("reader.tcss", "article.tcss", "sidebar.tcss", "search.tcss", "status.tcss")
"""What the reading screen needs for its first frame."""
LATER = ("dialogs.tcss", "notes.tcss", "library.tcss")
"""Dialogs, notes panel, library and tags screens."""


def read_later(app: App[Any]) -> None:
    """Add the :data:`LATER` sheets to ``app``'s stylesheet, once.

    Only the new sheets are parsed: the stylesheet keeps the rules it has
    already parsed. No widget on screen uses these rules yet, so nothing needs
    restyling.
    """
    sheet = app.stylesheet
    added = False
    for name in LATER:
        path = os.path.abspath(stylesheet(name))  # the key Stylesheet.read files it under
        if not sheet.has_source(path, ""):
            sheet.read(path)
            added = True
    if added:
        sheet.parse()
