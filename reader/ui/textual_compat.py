"""Every use of a Textual private API, in one place.

Textual's private names (a leading ``_``) can change in any release without
notice. The UI needs a few of them, for speed or where Textual has no public
way; they are all here, each with what it is and why, so an upgrade has one
module to check. ``tests/ui/test_textual_compat.py`` asserts that each name
still exists in the installed Textual, and ``pyproject.toml`` pins Textual to
the minor series those tests ran against.

Elsewhere in ``reader.ui``, code calls the helpers below instead of reaching
into Textual objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    "textual._tree_sitter": ("TREE_SITTER", "get_language"),
    "textual.scroll_view.ScrollView": ("_size_updated",),
    "textual.widget.Widget": ("_on_focus", "_on_blur"),
    "textual.widgets.option_list.Option": ("_set_prompt",),
    "textual.screen.Screen": ("_push_result_callback",),
}
"""What this module relies on, by owner: the test checks each still exists.

Instance attributes (``OptionList._option_render_cache``,
``Screen._result_callbacks``) are set in ``__init__``, so the test checks them
on instances instead.
"""


def markdown_language() -> str | None:
    """``"markdown"`` when a ``TextArea`` can highlight Markdown, else None.

    PRIVATE: ``textual._tree_sitter`` (``TREE_SITTER``, ``get_language``). A
    ``TextArea`` given a language it cannot load raises (tree-sitter
    installed, grammar missing) or logs a warning; ``available_languages``
    lists the built-in names whether or not their grammars are installed.
    This module is what ``TextArea`` itself asks, so the answer is the same.
    Imported here, not at the top, since it imports tree-sitter.
    """
    try:
        from textual._tree_sitter import TREE_SITTER, get_language
    except ImportError:  # pragma: no cover - a Textual without the module
        return None
    if not TREE_SITTER:
        return None
    try:
        return "markdown" if get_language("markdown") is not None else None
    except Exception:  # pragma: no cover - a broken grammar package
        return None


class SizeUpdateHook(ScrollView):
    """A ``ScrollView`` whose size updates pass through :meth:`filter_size_update`.

    PRIVATE: ``ScrollView._size_updated``, which the compositor calls on every
    layout of the screen with the widget's new geometry. Textual has no public
    hook at that point, and skipping the update there is the only way to spare
    an unchanged scroll view its scrollbar repaint
    (:class:`reader.ui.common.steady.SteadyScrollbars`).
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return self.filter_size_update(size, virtual_size, container_size, layout)

    def filter_size_update(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool
    ) -> bool:
        """Override to skip an update; return whether a resize event should follow."""
        return self.apply_size_update(size, virtual_size, container_size, layout)

    def apply_size_update(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool
    ) -> bool:
        """Textual's own size update (``ScrollView._size_updated``)."""
        return super()._size_updated(size, virtual_size, container_size, layout)


def focus_changed_without_refresh(
    widget: Widget, event: events.Focus | events.Blur, focused: bool
) -> None:
    """Do what Textual does when a widget gains or loses focus, less the repaint.

    PRIVATE: a copy of ``Widget._on_focus``/``Widget._on_blur`` (set
    ``has_focus``, ``refresh()``, tell the parent) without their ``refresh()``,
    which for the article view recomputes every style and repaints every
    visible row. Call it from a public ``on_focus``/``on_blur`` handler: the
    ``prevent_default()`` here stops Textual's own handler from running after
    it. The test compares Widget's handlers with this copy.
    """
    event.prevent_default()
    widget.has_focus = focused
    if widget.parent is not None:
        message = events.DescendantFocus if focused else events.DescendantBlur
        widget.parent.post_message(message(widget))


def set_prompt_keeping_height(option_list: OptionList, option: Option, prompt: Any) -> bool:
    """Give ``option`` a new prompt, dropping only its own cached renders.

    PRIVATE: ``Option._set_prompt`` and ``OptionList._option_render_cache``.
    The public ``replace_option_prompt_at_index`` clears every row's cached
    render and height, so the next frame re-measures the whole list (tens of
    ms with hundreds of sections). The caller repaints the row and must only
    use this for a prompt of the same height. False (nothing changed) when
    this Textual lacks either name: the caller then takes the public way.
    """
    cache = getattr(option_list, "_option_render_cache", None)
    if cache is None or not hasattr(option, "_set_prompt"):
        return False
    option._set_prompt(prompt)
    for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118
        cache.discard(key)
    return True


def give_result_callback(screen: Screen[Any], requester: App[Any]) -> None:
    """Give ``screen`` an empty result callback if it has none.

    PRIVATE: ``Screen._result_callbacks`` and ``Screen._push_result_callback``.
    Textual gives the default screen no result callback, yet ``switch_screen``
    pops one from the screen it replaces (an error when there is none).
    """
    if not screen._result_callbacks:
        screen._push_result_callback(requester, None)
