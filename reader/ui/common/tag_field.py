"""The tag field of the tag prompt (``t``) and of the export dialog's filter.

:class:`TagField` shows the tags as chips (click ``×`` to remove one), an
input for several tags at once (``syria, US military``; ``-tanf`` removes),
and the library's tags ranked for the fragment under the cursor
(:mod:`reader.interaction.tag_entry`). The list never takes focus: up/down pick
a candidate and tab fills it in, so typing is never interrupted. Tab only
completes when there is something to complete, otherwise it moves focus as
everywhere else. Tags are untrusted text: every label is plain ``Content``
(:mod:`reader.ui.common.plain`), and a tag filled in from the candidates is
filled in cleaned, since the input would show it raw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Input, Static

from reader.annotations.model import normalise_tags
from reader.interaction.tag_entry import (
    Candidate,
    Fragment,
    apply_input,
    complete,
    fragment_at,
    key,
    offered,
)
from reader.ui.common.candidates import CandidateList
from reader.ui.common.plain import clean, plain

REMOVE_HINT = (
    "commas separate tags · -tag removes one · backspace on an empty line removes the last"
)


class TagInput(Input):
    """The entry line; backspace on an empty line asks to drop the last tag."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save", id="tags.save", tooltip="keep the tags shown"),
    ]

    class PopLast(Message):
        """Backspace on an empty line: remove the last tag."""

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.PopLast())
            return
        super().action_delete_left()


class TagChips(Static):
    """The tags as chips; clicking a chip's ``×`` asks to remove it."""

    class Remove(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def show(
        self, label: str, current: Sequence[str], result: Sequence[str], empty: str = "none"
    ) -> None:
        """``current`` as chips, struck through if ``result`` drops them, then
        the tags ``result`` adds marked ``+`` (``empty`` when there are none)."""
        kept = {key(tag) for tag in result}
        had = {key(tag) for tag in current}
        parts: list[Content] = [plain(f"{label}: ", "dim")] if label else []
        for index, tag in enumerate(current):
            if key(tag) in kept:
                remove = Style.from_meta({"@click": ("remove_tag", (index,))})
                parts.append(plain(f" {tag} ", "$foreground on $panel"))
                parts.append(Content.styled("×", "$text-muted on $panel").stylize(remove))
            else:
                parts.append(plain(f" {tag} ", "strike $text-muted"))
            parts.append(Content(" "))
        for tag in result:
            if key(tag) not in had:
                parts.append(plain(f"+{tag}", "$success"))
                parts.append(Content(" "))
        if not current and not result:
            parts.append(plain(empty, "dim italic"))
        self.update(Content.assemble(*parts))

    def action_remove_tag(self, index: int) -> None:
        self.post_message(self.Remove(index))


class TagField(Vertical):
    """Chips, an input with completion and the candidates under it.

    ``current`` are the tags already set; :attr:`value` is what they become
    once the typed text is applied. ``offer_all`` lists the library's tags
    before anything is typed (the tag prompt); without it the list appears
    only for a typed fragment (a filter among other fields).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: ahead of the input's own up/down (scrolling) while focus is inside
        Binding("tab", "complete", "Complete", id="tags.complete", priority=True,
                tooltip="fill in the chosen tag in its stored spelling"),
        Binding("down", "choose(1)", "Choose", id="tags.next", key_display="↑↓", priority=True,
                tooltip="next candidate (up: previous)"),
        Binding("up", "choose(-1)", "Previous", id="tags.previous", show=False, priority=True,
                tooltip="previous candidate"),
    ]

    def __init__(
        self,
        current: Sequence[str] = (),
        known: Sequence[tuple[str, int]] = (),
        *,
        label: str = "tags",
        empty: str = "none",
        placeholder: str = "type tags, separated by commas",
        hint: str = REMOVE_HINT,
        offer_all: bool = True,
        input_type: type[TagInput] = TagInput,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._current = list(normalise_tags(current))
        self.known = tuple(known)
        self.label = label
        self.empty = empty
        self.placeholder = placeholder
        self.hint = hint
        self.offer_all = offer_all
        self.input_type = input_type
        self._candidates: list[Candidate] = []
        self._chosen = False  # the user moved through the list with up/down
        self._fragment: Fragment | None = None
        self._keys: tuple[bool, bool] | None = None

    def compose(self) -> ComposeResult:
        yield TagChips(id="tag-chips")
        yield self.input_type(placeholder=self.placeholder, id="tag-input", select_on_focus=False)
        candidates = CandidateList(id="tag-candidates")
        candidates.display = False
        yield candidates
        if self.hint:
            yield Static(plain(self.hint), id="tag-hint")

    def on_mount(self) -> None:
        self.watch(self.input, "selection", self._cursor_moved, init=False)
        self._refresh()

    def reset(self, current: Sequence[str], known: Sequence[tuple[str, int]]) -> None:
        """Start again for other tags: the tag prompt keeps one field for every passage."""
        self._current = list(normalise_tags(current))
        self.known = tuple(known)
        with self.prevent(Input.Changed):
            self.input.value = ""
        self._keys = None
        self._refresh()

    @property
    def input(self) -> TagInput:
        return self.query_one("#tag-input", TagInput)

    @property
    def candidate_list(self) -> CandidateList:
        return self.query_one("#tag-candidates", CandidateList)

    @property
    def current(self) -> tuple[str, ...]:
        """The tags set before the typed text is applied."""
        return tuple(self._current)

    @property
    def value(self) -> tuple[str, ...]:
        """The tags once the typed text is applied (what the dialog returns)."""
        return apply_input(self._current, self.input.value, self.known)

    @property
    def candidates(self) -> list[Candidate]:
        """The candidates on show, best first."""
        return list(self._candidates) if self.candidate_list.display else []

    # -- keeping the chips and candidates in step --------------------------
    def _refresh(self) -> None:
        if not self.is_attached:  # focus events while the dialog closes
            return
        entry = self.input
        fragment = fragment_at(entry.value, entry.cursor_position)
        self._fragment = fragment
        show = self.offer_all or (bool(fragment.text) and self.has_focus_within)
        found = offered(entry.value, entry.cursor_position, self._current, self.known)
        self._candidates = found if show else []
        options = self.candidate_list
        options.show(self._candidates)
        options.display = bool(self._candidates)
        self._chosen = False
        self.query_one(TagChips).show(self.label, self._current, self.value, self.empty)
        keys = (bool(self._candidates), self.can_complete())
        if keys != self._keys:  # the footer is rebuilt on each refresh: only when it changes
            self._keys = keys
            self.refresh_bindings()

    @on(Input.Changed, "#tag-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh()

    def _cursor_moved(self) -> None:
        entry = self.input
        if fragment_at(entry.value, entry.cursor_position) != self._fragment:
            self._refresh()  # moved into another fragment (typing is handled by Changed)

    def on_descendant_focus(self) -> None:
        self._refresh()

    def on_descendant_blur(self) -> None:
        self._refresh()

    # -- removing ----------------------------------------------------------
    def remove_at(self, index: int) -> None:
        if 0 <= index < len(self._current):
            del self._current[index]
            self._refresh()

    @on(TagInput.PopLast)
    def _pop_last(self, event: TagInput.PopLast) -> None:
        event.stop()
        self.remove_at(len(self._current) - 1)

    @on(TagChips.Remove)
    def _chip_removed(self, event: TagChips.Remove) -> None:
        event.stop()
        self.remove_at(event.index)
        self.input.focus()

    # -- completing ----------------------------------------------------------
    def can_complete(self) -> bool:
        """Something to fill in: a typed fragment, or a candidate picked with up/down."""
        if not self.candidates or self.candidate_list.highlighted is None:
            return False
        entry = self.input
        return self._chosen or bool(fragment_at(entry.value, entry.cursor_position).text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False lets the key fall through: tab then moves focus, up/down do what they do.
        if action == "complete":
            return self.can_complete()
        if action == "choose":
            return bool(self.candidates)
        return True

    def action_choose(self, step: int) -> None:
        options = self.candidate_list
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
        if not self._chosen:
            self._chosen = True
            self.refresh_bindings()

    def action_complete(self) -> None:
        index = self.candidate_list.highlighted
        if index is not None and index < len(self._candidates):
            self.fill(self._candidates[index].tag)

    def fill(self, tag: str) -> None:
        """Replace the fragment under the cursor with ``tag``."""
        entry = self.input
        value, cursor = complete(entry.value, entry.cursor_position, " ".join(clean(tag).split()))
        with self.prevent(Input.Changed):
            entry.value = value
        entry.cursor_position = cursor
        self._refresh()

    @on(CandidateList.Chosen, "#tag-candidates")
    def _clicked(self, event: CandidateList.Chosen) -> None:
        event.stop()
        if event.index < len(self._candidates):
            self.fill(self._candidates[event.index].tag)
        self.input.focus()
