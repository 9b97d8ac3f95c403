"""The export dialog: format, grouping, filters and where to write.

It returns the :class:`~reader.operations.export.ExportOptions` the user
chose and writes nothing: the caller passes them to
:func:`reader.operations.export.export_notes`. What the dialog does check is
what the user can still fix while it is open: a missing folder is shown
under the path, and an existing file is only replaced after a yes to
"Overwrite?" (``force=True``); a no leaves the dialog open to pick another
name. The path's extension follows the format as it changes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from reader.annotations.model import COLORS
from reader.document.sources import path_from_uri
from reader.export.collect import Format, Group
from reader.operations.export import ExportOptions
from reader.resources import seeds_dir
from reader.ui.common.palette import chip
from reader.ui.common.plain import plain
from reader.ui.common.tag_field import TagField, TagInput
from reader.ui.dialogs import dialog_footer
from reader.ui.dialogs.confirm import ConfirmDialog

FORMATS: tuple[tuple[Format, str, str], ...] = (
    ("markdown", "Markdown", ".md"),
    ("json", "W3C JSON", ".json"),
    ("jsonl", "JSON Lines", ".jsonl"),
)
GROUPS: tuple[tuple[Group, str], ...] = (("section", "Section"), ("tag", "Tag"), ("none", "None"))
EXTENSIONS: dict[str, str] = {fmt: ext for fmt, _label, ext in FORMATS}
_KNOWN_SUFFIXES = {*EXTENSIONS.values(), ".markdown"}
NOTES_SUFFIX = ".notes"




def with_format(path: Path, fmt: str) -> Path:
    """``path`` with the extension of ``fmt`` if it has an export extension now.

    A name the user gave another extension (``notes.txt``) is left alone.
    """
    if path.suffix.lower() in _KNOWN_SUFFIXES:
        return path.with_suffix(EXTENSIONS[fmt])
    return path


def _slug(uri: str) -> str:
    """A file-name-safe stem for an article that is not a local file."""
    tail = uri.rstrip("/").rsplit("/", 1)[-1] or uri
    tail = tail.split("?", 1)[0].split("#", 1)[0]
    stem = Path(tail).stem if "." in tail else tail
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem.replace(":", "-"))
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "article"


def _writable_folder_of_user(article: Path) -> bool:
    """True if notes may go beside ``article``: its folder exists, is writable,
    and is not the bundled sample's (inside the installed package)."""
    folder = article.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return False
    try:
        return folder.resolve() != seeds_dir().resolve()
    except FileNotFoundError:  # no bundled seeds: nothing to protect
        return True


def default_export_path(article_uri: str, data_dir: Path, fmt: str) -> Path:
    """Where an export goes unless the user says otherwise.

    Next to the article (``<stem>.notes.md``) when it is a local file in a
    folder we may write to; otherwise in the data folder, named after the
    article (stdin, the web, or a read-only place such as an installed
    package's bundled sample).
    """
    ext = EXTENSIONS[fmt]
    local = path_from_uri(article_uri)
    if local is not None and _writable_folder_of_user(local):
        return local.parent / f"{local.stem}{NOTES_SUFFIX}{ext}"
    stem = local.stem if local is not None else _slug(article_uri)
    return Path(data_dir) / f"{stem}{NOTES_SUFFIX}{ext}"


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written as a new file (None if it can); an
    existing file is not a problem here, the dialog asks about it."""
    parent = path.parent
    if path.is_dir():
        return f"{path} is a folder; add a file name"
    if not parent.exists():
        return f"folder {parent} does not exist; create it or choose another path"
    if not parent.is_dir():
        return f"{parent} is not a folder; choose another path"
    return None


class FilterInput(TagInput):
    """The tag filter's entry line: enter runs the export like everywhere in the dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Export", id="export.tags-submit", show=False,
                tooltip="write the file"),
    ]


class PathInput(Input):
    """The output path; enter runs the export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Export", id="export.path-submit", show=False,
                tooltip="write the file"),
    ]


class ExportDialog(ModalScreen[ExportOptions | None]):
    """Asks how and where to export; returns the :class:`ExportOptions` or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.run", priority=True,
                tooltip="write the file (asks before replacing one); enter in a text field too"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="export nothing"),
    ]

    def __init__(
        self,
        default_path: Path,
        known_tags: Sequence[tuple[str, int]] = (),
        *,
        fmt: Format = "markdown",
        group: Group = "section",
        tags: Sequence[str] = (),
        colors: Sequence[str] = (),
        base_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.fmt: Format = fmt
        self.group: Group = group
        self.default_path = with_format(Path(default_path), fmt)
        self.known_tags = tuple(known_tags)
        self.initial_tags = tuple(tags)
        self.initial_colors = tuple(colors)
        self.base_dir = base_dir or self.default_path.parent
        """Where a relative path typed by the user is taken from."""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog") as box:
            box.border_title = "Export notes"
            with Horizontal(classes="export-row"):
                yield Label("Format", classes="export-label")
                with RadioSet(id="export-format"):
                    for fmt, label, _ext in FORMATS:
                        yield RadioButton(Content(label), value=fmt == self.fmt, name=fmt)
            with Horizontal(classes="export-row"):
                yield Label("Group by", classes="export-label")
                with RadioSet(id="export-group", disabled=self.fmt != "markdown"):
                    for group, label in GROUPS:
                        yield RadioButton(Content(label), value=group == self.group, name=group)
            with Horizontal(classes="export-row"):
                yield Label("Tags", classes="export-label")
                yield TagField(
                    self.initial_tags, self.known_tags, label="", empty="any tag",
                    id="export-tags",
                    placeholder="type tags to export only their notes", hint="", offer_all=False,
                    input_type=FilterInput,
                )
            with Horizontal(classes="export-row"):
                yield Label("Colours", classes="export-label")
                yield SelectionList[str](
                    *(Selection(chip(c, dark=self.app.current_theme.dark), c,
                                c in self.initial_colors) for c in COLORS),
                    id="export-colors",
                )
            with Horizontal(classes="export-row"):
                yield Label("Save to", classes="export-label")
                yield PathInput(str(self.default_path), id="export-path", select_on_focus=False)
            yield Static(Content(""), id="export-error", classes="-empty")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Export"), id="export-run", variant="primary", compact=True)
                yield Button(Content("Cancel"), id="export-cancel", compact=True)
        yield dialog_footer()

    def on_mount(self) -> None:
        self.path_input.focus()

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    @property
    def tag_field(self) -> TagField:
        return self.query_one("#export-tags", TagField)

    # -- reacting to choices -----------------------------------------------
    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.fmt = cast(Format, event.pressed.name or "markdown")
        self.query_one("#export-group", RadioSet).disabled = self.fmt != "markdown"
        entry = self.path_input
        if entry.value.strip():
            entry.value = str(with_format(Path(entry.value.strip()), self.fmt))
            entry.cursor_position = len(entry.value)

    @on(RadioSet.Changed, "#export-group")
    def _group_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.group = cast(Group, event.pressed.name or "section")

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_error("")

    def show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(plain(message))
        error.set_class(not message, "-empty")

    # -- finishing -----------------------------------------------------------
    def target(self) -> Path | None:
        """The path typed, made absolute (relative to :attr:`base_dir`), or None if empty."""
        text = self.path_input.value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    def request(self, path: Path, *, force: bool) -> ExportOptions:
        colors = self.query_one("#export-colors", SelectionList).selected
        return ExportOptions(
            fmt=self.fmt,
            group=self.group,
            tags=self.tag_field.value,
            colors=tuple(c for c in COLORS if c in colors),
            path=path,
            force=force,
        )

    def action_export(self) -> None:
        path = self.target()
        if path is None:
            self.show_error("give a file name to write to")
            self.path_input.focus()
            return
        problem = path_problem(path)
        if problem:
            self.show_error(problem)
            self.path_input.focus()
            return
        if not path.exists():
            self.dismiss(self.request(path, force=False))
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self.dismiss(self.request(path, force=True))
            else:
                self.path_input.focus()

        self.app.push_screen(
            ConfirmDialog(f"{path} exists. Overwrite?", title="File exists",
                          yes="Overwrite", no="Keep it"),
            answered,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-run")
    def _run(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
