"""Plain helpers for the app's library side: its palette providers, its keys,
and showing one screen alone.

Only one article is read at a time: opening one replaces the reading screen
at the bottom of the stack and closes the screens above it
(:func:`replace_stack`), so ``L`` and ``T`` never pile screens up. The
reading itself (read the file, place the cursor) is
:mod:`reader.operations.opening`'s; the app runs it in a worker.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen

from reader.ui.textual_compat import give_result_callback

if TYPE_CHECKING:
    from textual.app import App
    from textual.command import Provider
    from textual.screen import Screen

LIBRARY_SCREEN = ("reader.ui.library.screen", "LibraryScreen")
TAGS_SCREEN = ("reader.ui.tags.screen", "TagsScreen")


def article_commands() -> type[Provider]:
    from reader.ui.library.commands import ArticleCommands

    return ArticleCommands


def tag_commands() -> type[Provider]:
    from reader.ui.library.commands import TagCommands

    return TagCommands


def annotation_commands() -> type[Provider]:
    from reader.ui.library.commands import AnnotationCommands

    return AnnotationCommands


LIBRARY_COMMANDS = (article_commands, tag_commands, annotation_commands)
"""The palette's library providers, each imported when the palette first opens."""


def library_key_allowed(screen: Screen[Any], action: str) -> bool | None:
    """Whether ``L`` (``library``) or ``T`` (``tags``) may act on ``screen``;
    None for any other action (the app decides)."""
    if action not in ("library", "tags"):
        return None
    if isinstance(screen, ModalScreen):
        return False  # answer the dialog first
    module, name = LIBRARY_SCREEN if action == "library" else TAGS_SCREEN
    return not showing(screen, module, name)


def showing(screen: Screen[Any], module: str, name: str) -> bool:
    """Whether ``screen`` is a ``module.name`` screen, without importing the module.

    The keys are checked before the first frame; importing the library and tags
    screens then would delay it. A screen whose module is not loaded yet cannot
    be on show.
    """
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(screen, getattr(loaded, name))


async def replace_stack(app: App[Any], screen: Screen[Any]) -> None:
    """Close every screen of ``app`` and show ``screen`` alone."""
    while len(app.screen_stack) > 1:
        await app.pop_screen()
    give_result_callback(app.screen, app)  # switch_screen pops one
    await app.switch_screen(screen)
