"""Every key the UI binds has an id (for keymaps) and a tooltip (for the key bar)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import reader.ui


def _ui_classes() -> dict[str, type]:
    """Every App, Screen and Widget (any DOMNode) defined in reader.ui, by qualified name."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and cls.__module__ == module.__name__
                and (issubclass(cls, DOMNode) or "BINDINGS" in vars(cls))
            ):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_the_walk_finds_the_classes_that_bind_keys() -> None:
    """A walk that finds nothing would pass the test below for nothing."""
    found = _ui_classes()
    for name in (
        "reader.ui.app.ReaderApp",
        "reader.ui.reading.screen.ReadingScreen",
        "reader.ui.reading.article_view.ArticleView",
        "reader.ui.reading.sections.SectionsSidebar",
        "reader.ui.reading.search_bar.SearchBar",
        "reader.ui.library.screen.LibraryScreen",
        "reader.ui.tags.screen.TagsScreen",
        "reader.ui.dialogs.note.NoteDialog",
    ):
        assert name in found
    assert sum(bool(vars(cls).get("BINDINGS")) for cls in found.values()) >= 20


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    """Only each class's own BINDINGS: those it inherits from Textual are Textual's."""
    missing = []
    for name, cls in _ui_classes().items():
        for binding in vars(cls).get("BINDINGS", ()):
            if not isinstance(binding, Binding):
                missing.append(f"{name}: {binding!r} is not a Binding")
            elif not (binding.id and binding.tooltip):
                missing.append(f"{name}: {binding.key!r} needs an id and a tooltip")
    assert missing == []
