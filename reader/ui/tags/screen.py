"""The tags screen: every tag with its count, and the passages that carry it.

Left, the library's tags (most used first); right, the passages of the tag
under the cursor, from every article: the passage, its article, its note.
Enter on a passage asks the app to open that article there
(:class:`OpenArticle`). ``r`` renames a tag everywhere, ``m`` merges it into
another one, ``u`` undoes the last of either as one step
(:mod:`reader.annotations.tagops`); the work runs in a worker thread, since
a tag may sit on thousands of passages in hundreds of articles.

Tags, titles, passages and notes are untrusted: every label is plain
``Content`` (:mod:`reader.ui.common.plain`), cleaned of control codes before a
passage is cut around the query's words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.annotations.model import Annotation
from reader.annotations.search import excerpt
from reader.annotations.tagops import TagEdit, TagHistory, UndoResult, key, merge_tags, rename_tag
from reader.errors import ReaderError
from reader.store.store import Store
from reader.ui.common.key_bar import KeyBar
from reader.ui.common.palette import BAR, bar_style
from reader.ui.common.plain import clean, one_line, plain
from reader.ui.dialogs.tag_edit import MergeDialog, RenameDialog
from reader.ui.messages import OpenArticle
from reader.ui.reading.notes_panel import hashtag

PASSAGE_CHARS = 240
NOTE_CHARS = 200
TAG_CHARS = 200
MANY = 5_000
"""More annotations than this are gathered in a worker thread ..."""
MANY_FILES = 50
"""... and so are the annotations of more article files than this."""

Severity = Literal["information", "warning", "error"]


class OpeningList(OptionList):
    """A list whose enter opens the article at the chosen passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open here", id="passages.open",
                tooltip="open the article at this passage"),
    ]


class TagList(OptionList):
    """The tags; enter moves to their passages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Passages", id="tag-list.passages",
                tooltip="move to the passages of this tag"),
    ]


def marked(text: str, spans: Sequence[tuple[int, int]]) -> Content:
    """``text`` as literal Content with ``spans`` (matched words) stressed.

    The spans are offsets into ``text``: a text that held controls (callers
    clean it first) is shown cleaned and unstressed.
    """
    content = plain(text)
    if content.plain != text:
        return content
    for start, end in spans:
        content = content.stylize("bold $accent", start, end)
    return content


def passage_option(
    ann: Annotation, title: str, ident: str, *, query: str = "", dark: bool = True
) -> Option:
    """Three lines: the passage (its colour bar first), the article and tags, the note.

    Words of ``query`` are stressed, and a long passage or note is cut around them.
    """
    bar = Content.styled(BAR, bar_style(ann.color, dark=dark))
    passage = marked(*excerpt(clean(ann.exact), query, PASSAGE_CHARS))
    where = plain(one_line(title, PASSAGE_CHARS), "italic dim")
    tags = " ".join(hashtag(t) for t in ann.tags)
    lines = [
        Content.assemble(bar, " ", passage),
        Content.assemble("  ", where, plain(f"  {tags}" if tags else "", "dim")),
    ]
    note_text = clean(ann.note)
    if note_text.strip():
        note = marked(*excerpt(note_text, query, NOTE_CHARS)).stylize_before("$text-muted")
        lines.append(Content.assemble("  ", note))
    return Option(Content("\n").join(lines), id=ident)


def tag_option(tag: str, count: int, index: int) -> Option:
    return Option(
        Content.assemble(plain(one_line(tag, TAG_CHARS)), ("  ", ""), (str(count), "dim")),
        id=f"tag-{index}",
    )


class TagsScreen(Screen[bool]):
    """The library's tags; ``tag`` is chosen first when given.

    Dismissed with True when a rename, merge or undo changed annotations, so
    the screen below knows to read its notes again.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rename", "Rename", id="tags-screen.rename",
                tooltip="rename the tag on every passage of every article (u undoes)"),
        Binding("m", "merge", "Merge", id="tags-screen.merge",
                tooltip="fold the tag into another one everywhere (u undoes)"),
        Binding("u", "undo", "Undo", id="tags-screen.undo",
                tooltip="undo the last rename or merge, everywhere at once"),
        Binding("ctrl+r", "redo", "Redo", id="tags-screen.redo", tooltip="redo what u undid"),
        Binding("escape", "back", "Back", id="tags-screen.back",
                tooltip="from the passages to the tags, then back"),
    ]

    def __init__(
        self, store: Store, *, tag: str | None = None, history: TagHistory | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.history = history if history is not None else TagHistory()
        self.tags: list[tuple[str, int]] = []
        self.by_tag: dict[str, list[Annotation]] = {}
        self.titles: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self._wanted = tag
        self._busy = False
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static(id="tags-header")
        with Horizontal(id="tags-body"):
            with Vertical(id="tags-left"):
                yield TagList(id="tag-list", markup=False)
            with Vertical(id="tags-right"):
                yield Static(id="passages-header")
                yield OpeningList(id="tag-passages", markup=False)
        yield KeyBar()

    @property
    def tag_list(self) -> TagList:
        return self.query_one(TagList)

    @property
    def passages(self) -> OpeningList:
        return self.query_one("#tag-passages", OpeningList)

    @property
    def current_tag(self) -> str | None:
        index = self.tag_list.highlighted
        return self.tags[index][0] if index is not None and index < len(self.tags) else None

    def on_mount(self) -> None:
        self.tag_list.focus()
        self.reload(self._wanted)

    # -- loading -------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Gather tags and passages again (in a worker for a big library)."""
        counts = [r.count for r in self.store.articles() if r.count]
        if sum(counts) > MANY or len(counts) > MANY_FILES:
            self._header("gathering the tags of every article…")
            self._gather_in_worker(select)
        else:
            self._gathered(*self._gather(), select)

    def _gather(self) -> tuple[list[tuple[str, int]], dict[str, list[Annotation]],
                               dict[str, tuple[str, str]]]:
        records = {r.uri: (r.title or r.uri, r.source) for r in self.store.articles()}
        by_tag: dict[str, list[Annotation]] = {}
        for ann in self.store.all_annotations():
            for tag in ann.tags:
                by_tag.setdefault(key(tag), []).append(ann)
        return self.store.tags(), by_tag, records

    @work(thread=True, exclusive=True, group="tags-gather")
    def _gather_in_worker(self, select: str | None) -> None:
        found = self._gather()
        self.app.call_from_thread(self._gathered, *found, select)

    def _gathered(
        self,
        tags: list[tuple[str, int]],
        by_tag: dict[str, list[Annotation]],
        records: dict[str, tuple[str, str]],
        select: str | None,
    ) -> None:
        self.tags, self.by_tag = tags, by_tag
        self.titles = {uri: title for uri, (title, _source) in records.items()}
        self.sources = {uri: source for uri, (_title, source) in records.items()}
        tag_list = self.tag_list
        tag_list.set_options(tag_option(t, n, i) for i, (t, n) in enumerate(tags))
        keys = [key(t) for t, _ in tags]
        wanted = key(select) if select else None
        if tags:
            tag_list.highlighted = keys.index(wanted) if wanted in keys else 0
        count = len(tags)
        self._header(f"{count} tag{'s' if count != 1 else ''} across the library")
        self._show_passages()
        self.refresh_bindings()

    def _header(self, text: str) -> None:
        self.query_one("#tags-header", Static).update(
            Content.assemble(("Tags", "bold $accent"), ("  ", ""), plain(one_line(text, 240)))
        )

    def _show_passages(self) -> None:
        tag = self.current_tag
        anns = self.by_tag.get(key(tag), []) if tag else []
        dark = self.app.current_theme.dark
        options = [
            passage_option(a, self.titles.get(a.article, a.article), f"passage-{i}", dark=dark)
            for i, a in enumerate(anns)
        ]
        self.passages.set_options(options)
        if options:
            self.passages.highlighted = 0
        header = self.query_one("#passages-header", Static)
        if tag is None:
            header.update(Content.styled("No tags yet: press t on a passage to tag it.", "dim"))
        else:
            where = len({a.article for a in anns})
            header.update(Content.assemble(
                plain(f"#{one_line(tag, TAG_CHARS)}", "bold"),
                (f"  {len(anns)} passage{'s' if len(anns) != 1 else ''}"
                 f" in {where} article{'s' if where != 1 else ''}", "dim"),
            ))

    @on(OptionList.OptionHighlighted, "#tag-list")
    def _tag_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_passages()

    @on(OptionList.OptionSelected, "#tag-list")
    def _tag_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.passages.option_count:
            self.passages.focus()

    @on(OptionList.OptionSelected, "#tag-passages")
    def _passage_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        tag = self.current_tag
        anns = self.by_tag.get(key(tag), []) if tag else []
        if 0 <= event.option_index < len(anns):
            ann = anns[event.option_index]
            self.post_message(OpenArticle(ann.article, self.sources.get(ann.article, ""), ann))

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename", "merge"):
            return self.current_tag is not None and not self._busy
        if action == "undo":
            return self.history.can_undo and not self._busy
        if action == "redo":
            return self.history.can_redo and not self._busy
        return True

    def action_back(self) -> None:
        if self.passages.has_focus:
            self.tag_list.focus()
        else:
            self.dismiss(self.changed)

    def action_rename(self) -> None:
        tag = self.current_tag
        if tag is None:
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                self._run(lambda: rename_tag(self.store, tag, name), f"renaming #{tag}")

        self.app.push_screen(RenameDialog(tag), chosen)

    def action_merge(self) -> None:
        tag = self.current_tag
        if tag is None:
            return
        others = [(t, n) for t, n in self.tags if key(t) != key(tag)]

        def chosen(target: str | None) -> None:
            if target is not None:
                self._run(lambda: merge_tags(self.store, tag, target), f"merging #{tag}")

        self.app.push_screen(MergeDialog(tag, others), chosen)

    def action_undo(self) -> None:
        self._run_history(self.history.undo, "Undone")

    def action_redo(self) -> None:
        self._run_history(self.history.redo, "Redone")

    # -- the work, off the event loop ----------------------------------------------
    def _start(self, doing: str) -> None:
        self._busy = True
        self._header(f"{doing}… (every article with the tag is rewritten)")
        self.refresh_bindings()

    def _run(self, change: Callable[[], TagEdit], doing: str) -> None:
        self._start(doing)
        self._edit_worker(change)

    @work(thread=True, exclusive=True, group="tags-edit")
    def _edit_worker(self, change: Callable[[], TagEdit]) -> None:
        try:
            edit = change()
        except ReaderError as exc:
            self.app.call_from_thread(self._done, str(exc), "error", None)
            return
        self.history.record(edit)
        self.changed = True
        self.app.call_from_thread(self._done, f"{edit.describe()} (u undoes)", "information",
                                  edit.new)

    def _run_history(
        self, step: Callable[[Store], tuple[TagEdit, UndoResult] | None], verb: str
    ) -> None:
        self._start("undoing" if verb == "Undone" else "redoing")
        self._history_worker(step, verb)

    @work(thread=True, exclusive=True, group="tags-edit")
    def _history_worker(
        self, step: Callable[[Store], tuple[TagEdit, UndoResult] | None], verb: str
    ) -> None:
        try:
            done = step(self.store)
        except ReaderError as exc:
            self.app.call_from_thread(self._done, str(exc), "error", None)
            return
        if done is None:
            self.app.call_from_thread(self._done, "nothing to undo", "warning", None)
            return
        edit, result = done
        self.changed = True
        said = edit.describe()
        line = f"{verb}: {said[:1].lower()}{said[1:]}"
        if result.skipped:
            line += f" ({result.skipped} changed since, left as they are)"
        select = edit.old if verb == "Undone" else edit.new
        self.app.call_from_thread(self._done, line, "information", select)

    def _done(self, message: str, severity: Severity, select: str | None) -> None:
        self._busy = False
        self.notify(one_line(message, 240), severity=severity, markup=False)
        self.reload(select or self.current_tag)
        self.refresh_bindings()
