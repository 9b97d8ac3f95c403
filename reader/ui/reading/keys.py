"""The reading screen's keys, in one table: moving, searching and annotating.

The article view binds its own movement keys (j/k, w/b, v...); these are
the screen's. Each has an id (for the key bar and user key maps) and a
tooltip; keys that do not apply now are hidden by the screen's
``check_action``, asked of the reading model.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from reader.annotations.model import COLORS


def _annotate(key: str, action: str, text: str, tip: str, *, show: bool = True) -> Binding:
    return Binding(key, action, text, show=show, id=f"annotate.{action}", tooltip=tip)


def _colour_keys() -> list[Binding]:
    return [
        Binding(str(n), f"highlight({n})", f"Highlight {color}", show=False,
                id=f"annotate.colour-{n}", tooltip=f"the selection or sentence, in {color}")
        for n, color in enumerate(COLORS, start=1)
    ]


READING_KEYS: list[BindingType] = [
    _annotate("h", "highlight", "Highlight",
              "the selection or sentence (1-5 pick a colour); on a highlight: recolour it"),
    *_colour_keys(),
    Binding("t", "tag", "Tag", id="annotate.tag", priority=True,
            tooltip="tag the selection or the highlight under the cursor"),
    _annotate("c", "note", "Note", "write or edit the note; ctrl+s saves"),
    _annotate("x", "delete", "Delete", "delete the highlight under the cursor (u undoes)"),
    _annotate("u", "undo", "Undo", "undo the last annotation change"),
    _annotate("ctrl+r", "redo", "Redo", "redo what u undid"),
    _annotate("r", "reattach", "Re-attach", "move the detached note chosen in the panel here"),
    _annotate("a", "toggle_notes", "Notes", "the article's notes; enter jumps to one"),
    _annotate("e", "export", "Export", "write the notes to a Markdown or JSON file",
              show=False),
    Binding("s", "focus_sections", "Sections", id="screen.sections",
            tooltip="enter jumps, escape returns"),
    Binding("slash", "search", "Search", id="screen.search", key_display="/", priority=True,
            tooltip="ignores case; enter goes, n/N step"),
    Binding("n", "search_next", "Next match", id="screen.search-next",
            tooltip="wraps at the end"),
    Binding("N", "search_prev", "Prev match", id="screen.search-prev",
            tooltip="wraps at the start"),
    Binding("enter", "search_enter", "Next match", show=False, id="screen.search-enter",
            tooltip="while searching"),
    # Two actions on escape: the first that applies now (see check_action) runs.
    Binding("escape", "close_search", "Close search", show=False,
            id="screen.search-close", tooltip="clears the marks"),
    _annotate("escape", "close_notes", "Close notes", "back to the article", show=False),
]
TYPING_ACTIONS = frozenset({"search", "tag"})
"""Keys that open a text field are priority bindings: they act as soon as the key
arrives, so the keys typed right after them (already queued) go to the field,
not to the article. Where focus is in a text field they are text (see the
screen's ``check_action``)."""
SEARCH_ACTIONS = frozenset({"search_next", "search_prev", "search_enter", "close_search"})
MODEL_ACTIONS = frozenset({"delete", "undo", "redo", "reattach"})
