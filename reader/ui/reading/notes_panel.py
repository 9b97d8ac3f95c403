"""The notes panel: the article's annotations in reading order, with a filter.

The screen computes the entries (it knows the anchors) and pushes them down
with :meth:`NotesPanel.show`; the panel only reports the one picked with
:class:`NoteChosen`. Each entry is one option of an ``OptionList`` (which
renders only the rows on screen) built from plain strings cleaned of
control codes (:mod:`reader.ui.common.plain`), so a passage, tag or note can never
style itself or reach the terminal as an escape sequence. Entries are a
fixed number of unwrapped lines, which keeps showing and filtering
thousands of them cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.annotations.model import COLORS
from reader.interaction.notes import NoteEntry
from reader.ui.common.palette import BAR, bar_style
from reader.ui.common.plain import clean, one_line, plain
from reader.ui.messages import NoteChosen

PASSAGE_CHARS = 160
NOTE_LINES = 2
NOTE_CHARS = 160
DETACHED = "Detached"


def tag_key(tag: str) -> str:
    """Tags as printed (``#US-military``) and as typed in the filter compare alike."""
    return "-".join(tag.split()).casefold()


def hashtag(tag: str) -> str:
    return "#" + "-".join(tag.split())


def entry_matches(entry: NoteEntry, terms: Sequence[str]) -> bool:
    """True if every term matches: ``#ta`` a tag starting so, a colour name
    that colour (or the word in the text), anything else the passage,
    note or tags."""
    ann = entry.annotation
    tags = [tag_key(t) for t in ann.tags]
    text: str | None = None
    for term in terms:
        if term.startswith("#"):
            wanted = tag_key(term[1:])
            if not any(t.startswith(wanted) for t in tags):
                return False
            continue
        if term in COLORS and ann.color == term:
            continue
        if text is None:
            text = " ".join((entry.passage, ann.note, *tags)).casefold()
        if term not in text:
            return False
    return True


def filter_terms(query: str) -> list[str]:
    return query.casefold().split()


def note_lines(note: str) -> list[str]:
    """The first non-blank lines of a note (cleaned), as the panel shows them."""
    lines: list[str] = []
    for line in clean(note).splitlines():
        if line.strip():
            lines.append(line)
            if len(lines) == NOTE_LINES:
                break
    return lines


def entry_prompt(entry: NoteEntry, *, dark: bool) -> Content:
    """The lines of one entry, each behind a bar in the highlight's colour."""
    ann = entry.annotation
    bar = Content.styled(BAR + " ", bar_style(ann.color, dark=dark))
    passage = plain(f"“{one_line(entry.passage, PASSAGE_CHARS)}”")
    if entry.state == "fuzzy":
        passage = Content.assemble(("≈ ", "$warning"), passage)
    elif entry.state == "orphan":
        passage = passage.stylize("italic")
    lines = [Content.assemble(bar, passage)]
    if ann.tags:
        lines.append(Content.assemble(bar, plain(" ".join(hashtag(t) for t in ann.tags),
                                                 "$accent")))
    for line in note_lines(ann.note):
        lines.append(Content.assemble(bar, plain(one_line(line, NOTE_CHARS), "$text-muted")))
    return Content("\n").join(lines)


class LazyEntry(Visual):
    """An entry's prompt, built only when its rows are drawn.

    ``OptionList`` asks every option for its height to size the list; here
    that is a count of lines (entries are never wrapped), so showing thousands
    of entries costs almost nothing until they scroll into view.
    """

    def __init__(self, entry: NoteEntry, *, dark: bool) -> None:
        self.entry = entry
        self.dark = dark
        ann = entry.annotation
        self.lines = 1 + bool(ann.tags) + len(note_lines(ann.note))
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = entry_prompt(self.entry, dark=self.dark)
        return self._content

    def __str__(self) -> str:
        return self.content.plain

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines


def heading(title: str) -> Content:
    return plain(title, "bold")


class NotesPanel(Widget):
    """Lists annotations (reading order, detached ones last) and a filter above them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="notes.clear-filter",
                tooltip="show every note again"),
        Binding("down", "focus_list", "To the list", show=False, id="notes.to-list",
                tooltip="from the filter to the first note"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: tuple[NoteEntry, ...] = ()
        self._prompts: dict[str, LazyEntry] = {}
        self._shown_ids: list[str] = []
        self._dark = True

    def compose(self) -> ComposeResult:
        yield Static(Content("Notes"), id="notes-header")
        yield Input(placeholder="filter: #tag, colour or words", id="notes-filter")
        yield OptionList(id="notes-list", markup=False)
        yield Static(Content("No notes yet"), id="notes-empty")

    def on_mount(self) -> None:
        self._dark = self.app.current_theme.dark
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self._rebuild()

    @property
    def filter_input(self) -> Input:
        return self.query_one("#notes-filter", Input)

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#notes-list", OptionList)

    @property
    def entries(self) -> tuple[NoteEntry, ...]:
        """All entries, in the order shown (attached by position, then detached)."""
        return self._entries

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the entries the filter lets through, top to bottom."""
        return list(self._shown_ids)

    def show(self, entries: Sequence[NoteEntry]) -> None:
        """Replace the entries (the screen calls this after any change)."""
        attached = sorted((e for e in entries if e.state != "orphan"), key=lambda e: e.order)
        detached = sorted((e for e in entries if e.state == "orphan"), key=lambda e: e.order)
        self._entries = (*attached, *detached)
        self._prompts.clear()
        if self.is_mounted:
            self._rebuild()

    def _prompt(self, entry: NoteEntry) -> LazyEntry:
        ann_id = entry.annotation.id
        prompt = self._prompts.get(ann_id)
        if prompt is None:
            prompt = self._prompts[ann_id] = LazyEntry(entry, dark=self._dark)
        return prompt

    def _rebuild(self) -> None:
        terms = filter_terms(self.filter_input.value)
        keep = [e for e in self._entries if entry_matches(e, terms)] if terms else self._entries
        options: list[Option | None] = []
        section: str | None = None
        detached = False
        for entry in keep:
            title: str | None = None
            if entry.state == "orphan":
                if not detached:
                    detached = True
                    title = DETACHED
            elif entry.section and entry.section != section:
                section = title = entry.section
            if options:
                options.append(None)  # a rule above each entry or heading but the first
            if title is not None:
                options.append(Option(heading(one_line(title, 80)), disabled=True))
            options.append(Option(self._prompt(entry), id=entry.annotation.id))
        previous = self.option_list.highlighted_option
        self.option_list.set_options(options)
        self._shown_ids = [e.annotation.id for e in keep]
        if previous is not None and previous.id in self._shown_ids:
            self.highlight(previous.id)
        total = len(self._entries)
        count = f"{len(keep)}/{total}" if terms else (str(total) if total else "")
        self.query_one("#notes-header", Static).update(
            Content.assemble(("Notes", "bold"), ("  " + count, "$text-muted"))
        )
        empty = self.query_one("#notes-empty", Static)
        empty.display = not keep
        empty.update(Content("No notes match" if terms else "No notes yet"))

    def highlight(self, annotation_id: str) -> bool:
        """Move the list's cursor to ``annotation_id`` (if shown); e.g. to follow the article."""
        try:
            index = self.option_list.get_option_index(annotation_id)
        except OptionDoesNotExist:  # filtered out, or not an annotation of this article
            return False
        self.option_list.highlighted = index
        return True

    def _theme_changed(self) -> None:
        dark = self.app.current_theme.dark
        if dark != self._dark:
            self._dark = dark
            self._prompts.clear()
            self._rebuild()

    # -- events --------------------------------------------------------------
    @on(Input.Changed, "#notes-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._rebuild()

    @on(Input.Submitted, "#notes-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the highlighted (else the first) match."""
        event.stop()
        chosen = self.option_list.highlighted_option
        ann_id = chosen.id if chosen is not None else None
        if ann_id is None and self._shown_ids:
            ann_id = self._shown_ids[0]
        if ann_id is not None:
            self.post_message(NoteChosen(ann_id))

    @on(OptionList.OptionSelected, "#notes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(NoteChosen(event.option.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False lets the key go on: escape to the screen, down to the list itself.
        if action == "clear_filter":
            return bool(self.filter_input.value)
        if action == "focus_list":
            return self.filter_input.has_focus and bool(self._shown_ids)
        return True

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.option_list.focus()

    def action_focus_list(self) -> None:
        options = self.option_list
        options.focus()
        if options.highlighted is None:
            self.highlight(self._shown_ids[0])
