"""Modal dialogs for annotations: tags, note, confirm, export.

A dialog only *returns* a value (``ModalScreen[T]`` and ``dismiss``); the
screen that opened it does the store and file work, so a dialog can be
tested without a store and never half-saves anything. This module holds the
small pieces every dialog shares; import the dialogs from their modules.
"""

from __future__ import annotations

from reader.ui.common.key_bar import KeyBar
from reader.ui.common.plain import one_line

__all__ = ["dialog_footer", "one_line"]


def dialog_footer() -> KeyBar:
    """The keys of the dialog on top, from its bindings (with their tooltips)."""
    return KeyBar(show_command_palette=False, classes="dialog-footer")
