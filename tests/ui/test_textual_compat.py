"""The Textual private names :mod:`reader.ui.textual_compat` relies on still exist and work.

Textual may rename or change a private name in any release; these tests make
an upgrade fail here, by name, rather than somewhere in the UI. The last
tests keep the rest of ``reader.ui`` from reaching into Textual on its own.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

import reader.ui
from reader.ui import textual_compat
from reader.ui.textual_compat import (
    PRIVATE_NAMES,
    SizeUpdateHook,
    focus_changed_without_refresh,
    give_result_callback,
    set_prompt_keeping_height,
)

UI = Path(reader.ui.__file__).parent


def _owner(dotted: str) -> Any:
    """A module, or a class named by its module and name."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(
    ("owner", "name"),
    [(owner, name) for owner, names in PRIVATE_NAMES.items() for name in names],
)
def test_each_private_name_exists(owner: str, name: str) -> None:
    assert hasattr(_owner(owner), name), f"{owner}.{name} is gone: see reader/ui/textual_compat.py"


def test_the_private_signatures_are_as_called() -> None:
    def params(function: Any) -> list[str]:
        return list(inspect.signature(function).parameters)

    assert params(ScrollView._size_updated) == [
        "self", "size", "virtual_size", "container_size", "layout",
    ]
    assert params(Option._set_prompt) == ["self", "prompt"]
    assert params(Screen._push_result_callback)[:3] == ["self", "requester", "callback"]


def test_the_instance_attributes_exist() -> None:
    screen: Screen[Any] = Screen()
    assert screen._result_callbacks == []
    cache = OptionList(Option("one"))._option_render_cache
    assert callable(cache.keys) and callable(cache.discard)


def test_the_private_names_the_tests_read_exist() -> None:
    """Not the app's: tests read the toasts and the composed screen (see tests/ui/conftest.py)."""
    app: App[None] = App()
    assert hasattr(app, "_notifications")
    assert hasattr(Screen(), "_compositor")


def _body(function: Any) -> str:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    return "\n".join(ast.unparse(statement) for statement in definition.body)


@pytest.mark.parametrize(
    ("handler", "value", "message"),
    [(Widget._on_focus, "True", "DescendantFocus"), (Widget._on_blur, "False", "DescendantBlur")],
)
def test_widget_focus_handlers_still_do_what_the_copy_does(
    handler: Any, value: str, message: str
) -> None:
    """``focus_changed_without_refresh`` copies these, less ``refresh()``: they must not drift."""
    assert _body(handler) == (
        f"self.has_focus = {value}\n"
        "self.refresh()\n"
        "if self.parent is not None:\n"
        f"    self.parent.post_message(events.{message}(self))"
    )


class _Counting(SizeUpdateHook):
    def __init__(self) -> None:
        super().__init__()
        self.updates = 0

    def filter_size_update(self, *args: Any) -> bool:
        self.updates += 1
        return self.apply_size_update(*args)


class _Focusing(Widget, can_focus=True):
    def on_focus(self, event: events.Focus) -> None:
        focus_changed_without_refresh(self, event, True)

    def on_blur(self, event: events.Blur) -> None:
        focus_changed_without_refresh(self, event, False)


class _Probe(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.descendant: list[str] = []

    def compose(self) -> ComposeResult:
        yield _Counting()
        yield _Focusing(id="focusing")
        yield OptionList(
            Option(Content("first"), id="a"), Option(Content("other"), id="b"), id="options"
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.descendant.append(f"focus:{event.widget.id}")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.descendant.append(f"blur:{event.widget.id}")


async def test_the_helpers_work_in_an_app(monkeypatch: pytest.MonkeyPatch) -> None:
    handled: list[str | None] = []
    textual_on_focus = Widget._on_focus

    def on_focus(widget: Widget, event: events.Focus) -> None:
        handled.append(widget.id)
        textual_on_focus(widget, event)

    monkeypatch.setattr(Widget, "_on_focus", on_focus)
    app = _Probe()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        # Textual still sends layouts through _size_updated, and the size sticks.
        scroll = app.query_one(_Counting)
        assert scroll.updates > 0 and scroll.size.width > 0

        # Focus: has_focus follows, the parent hears of it, Textual's handler is skipped
        # (yet still runs for a widget without the helper).
        focusing = app.query_one(_Focusing)
        focusing.focus()
        await pilot.pause()
        assert focusing.has_focus and "focus:focusing" in app.descendant
        app.query_one(OptionList).focus()
        await pilot.pause()
        assert not focusing.has_focus and "blur:focusing" in app.descendant
        assert "focusing" not in handled and "options" in handled

        # A new prompt drops that option's cached renders, and only those.
        options = app.query_one(OptionList)
        first, other = options.get_option_at_index(0), options.get_option_at_index(1)
        cache = options._option_render_cache
        assert {key[0] for key in cache.keys()} >= {first, other}  # noqa: SIM118
        assert set_prompt_keeping_height(options, first, Content("again"))
        assert first.prompt == Content("again")
        keys = [key[0] for key in cache.keys()]  # noqa: SIM118
        assert first not in keys and other in keys
        await pilot.pause()
        assert "again" in options.render_line(0).text

        # The default screen gets the result callback switch_screen takes away.
        screen = app.screen
        callbacks = len(screen._result_callbacks)
        give_result_callback(screen, app)
        assert len(screen._result_callbacks) == max(callbacks, 1)
        give_result_callback(screen, app)
        assert len(screen._result_callbacks) == max(callbacks, 1)


def test_markdown_language_agrees_with_tree_sitter() -> None:
    from textual._tree_sitter import TREE_SITTER, get_language

    expected = "markdown" if TREE_SITTER and get_language("markdown") is not None else None
    assert textual_compat.markdown_language() == expected


# What keeps the rest of reader.ui honest.

_PRIVATE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:textual|rich)(?:\.\w+)*\._", re.M)


def _ui_files() -> list[Path]:
    return sorted(path for path in UI.rglob("*.py") if path.name != "textual_compat.py")


def test_no_other_ui_module_imports_a_private_textual_module() -> None:
    found = [str(path.relative_to(UI)) for path in _ui_files()
             if _PRIVATE_IMPORT.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_no_other_ui_module_calls_a_private_method_of_its_textual_base() -> None:
    private_super = re.compile(r"\bsuper\(\)\._[A-Za-z]")
    found = [str(path.relative_to(UI)) for path in _ui_files()
             if private_super.search(path.read_text(encoding="utf-8"))]
    assert found == []


def _textual_private_names(base: type) -> set[str]:
    """Private names a Textual class defines or sets on ``self``."""
    names = {name for name in vars(base) if name.startswith("_") and not name.startswith("__")}
    try:
        source = inspect.getsource(base)
    except (OSError, TypeError):
        return names
    return names | set(re.findall(r"self\.(_[A-Za-z]\w*)\b", source))


def test_no_other_ui_class_overrides_or_shadows_a_private_textual_name() -> None:
    """A method or attribute named like a Textual base's private one replaces it unseen."""
    used = re.compile(r"\b(?:self|cls)\.(_[A-Za-z]\w*)\b|\bdef (_[A-Za-z]\w*)\(")
    found = []
    for info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        if info.name == textual_compat.__name__:
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            bases = [b for b in cls.__mro__ if b.__module__.split(".")[0] == "textual"]
            if not bases:
                continue
            private = set().union(*(_textual_private_names(b) for b in bases))
            names = {a or b for a, b in used.findall(inspect.getsource(cls))}
            found += [f"{cls.__qualname__}.{name}" for name in sorted(names & private)]
    assert found == []
