"""Rename and merge tags across the whole library, as one undoable step.

A tag lives on the annotations themselves (the library only counts them),
so renaming ``tanf`` to ``Tanf`` means rewriting every annotation that
carries it, in every article. :func:`rename_tag` plans those edits as
:class:`~reader.annotations.history.Change` pairs (pure, testable on plain
lists), writes them with :meth:`Store.put_many` (one write per article
file, all or nothing) and returns a :class:`TagEdit` that :func:`undo_edit`
reverts in one step.

Merging is renaming into a tag that already exists: the merged tag takes
the target's spelling and an annotation carrying both keeps one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.annotations.history import Change
from reader.annotations.model import Annotation, normalise_tags
from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.store.store import Store

EditKind = Literal["rename", "merge"]


class TagError(ReaderError):
    """A rename or merge that cannot be done as asked (the message says why)."""


@dataclass(frozen=True, slots=True)
class TagEdit:
    """A rename or merge as applied: its changes, to undo or redo as one."""

    kind: EditKind
    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def count(self) -> int:
        """How many annotations it changed."""
        return len(self.changes)

    @property
    def articles(self) -> int:
        """In how many articles."""
        return len({c.annotation.article for c in self.changes})

    def describe(self) -> str:
        """One line for a notification: what happened, where."""
        verb = "Renamed" if self.kind == "rename" else "Merged"
        link = "to" if self.kind == "rename" else "into"
        where = "article" if self.articles == 1 else "articles"
        passages = "passage" if self.count == 1 else "passages"
        return (
            f"{verb} #{self.old} {link} #{self.new} on {self.count} {passages} "
            f"in {self.articles} {where}"
        )


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What an undo restored, and what it left alone because it changed since."""

    restored: int
    skipped: int


def key(tag: str) -> str:
    """Tags compare case-insensitively, runs of spaces as one (as the store counts them)."""
    return " ".join(tag.split()).casefold()


def retag(tags: Sequence[str], old: str, new: str) -> tuple[str, ...]:
    """``tags`` with ``old`` replaced by ``new`` in its place (a duplicate kept once)."""
    wanted = key(old)
    return normalise_tags(new if key(t) == wanted else t for t in tags)


def plan_rename(anns: Iterable[Annotation], old: str, new: str) -> list[Change]:
    """The edits that rename ``old`` to ``new`` on every annotation carrying it."""
    wanted = key(old)
    changes: list[Change] = []
    for ann in anns:
        if not any(key(t) == wanted for t in ann.tags):
            continue
        tags = retag(ann.tags, old, new)
        if tags != ann.tags:
            changes.append(Change(ann, ann.edited(tags=tags)))
    return changes


def clean_name(name: str) -> str:
    """A tag name as it will be stored; raises :class:`TagError` when unusable."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise TagError("a tag needs a name")
    if "," in cleaned:
        raise TagError("a tag cannot contain a comma (commas separate tags)")
    return cleaned


def known_spelling(store: Store, tag: str) -> str | None:
    """``tag`` as the library spells it, or None when no annotation has it."""
    wanted = key(tag)
    return next((name for name, _count in store.tags() if key(name) == wanted), None)


def _apply(store: Store, old: str, new: str, kind: EditKind) -> TagEdit:
    source = known_spelling(store, old)
    if source is None:
        raise TagError(f"no annotation is tagged #{old}")
    tagged = (ann for uri in store.tagged_articles(source) for ann in store.annotations(uri))
    changes = plan_rename(tagged, source, new)
    if not changes:
        raise TagError(f"#{source} is already spelled #{new}: nothing to change")
    verb = "renaming" if kind == "rename" else "merging"
    store.put_many((c.after for c in changes if c.after is not None), what=f"{verb} #{source}")
    return TagEdit(kind, source, new, tuple(changes))


def rename_tag(store: Store, old: str, new: str) -> TagEdit:
    """Rename ``old`` to ``new`` everywhere (into an existing tag: a merge).

    Raises :class:`TagError` for an unusable name or a tag nobody uses, and
    the store's ``StoreWriteError`` when it cannot write (then nothing changed).
    """
    new = clean_name(new)
    target = known_spelling(store, new)
    if target is not None and key(target) != key(old):
        return _apply(store, old, target, "merge")
    return _apply(store, old, new, "rename")


def merge_tags(store: Store, source: str, target: str) -> TagEdit:
    """Fold ``source`` into the existing tag ``target`` everywhere."""
    into = known_spelling(store, target)
    if into is None:
        raise TagError(f"no annotation is tagged #{target}: choose an existing tag to merge into")
    if key(into) == key(source):
        raise TagError("choose another tag to merge into")
    return _apply(store, source, into, "merge")


def _replay(store: Store, pairs: Iterable[tuple[Annotation, Annotation]], what: str) -> UndoResult:
    """Put each ``(expected, wanted)`` back where the store still holds ``expected``."""
    todo: list[Annotation] = []
    skipped = 0
    for expected, wanted in pairs:
        if store.get(expected.article, expected.id) == expected:
            todo.append(wanted)
        else:
            skipped += 1  # edited or deleted since: the newer work wins
    if todo:
        store.put_many(todo, what=what)
    return UndoResult(len(todo), skipped)


def undo_edit(store: Store, edit: TagEdit) -> UndoResult:
    """Revert ``edit`` in one write per article; annotations changed since are left alone."""
    pairs = [(c.after, c.before) for c in edit.changes if c.after and c.before]
    return _replay(store, pairs, f"undoing the {edit.kind} of #{edit.old}")


def redo_edit(store: Store, edit: TagEdit) -> UndoResult:
    """Apply ``edit`` again after an undo (same annotations, same results)."""
    pairs = [(c.before, c.after) for c in edit.changes if c.after and c.before]
    return _replay(store, pairs, f"redoing the {edit.kind} of #{edit.old}")


class TagHistory:
    """Undo and redo of whole renames and merges (the tags screen's ``u``)."""

    def __init__(self) -> None:
        self._undo: list[TagEdit] = []
        self._redo: list[TagEdit] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, edit: TagEdit) -> None:
        self._undo.append(edit)
        self._redo.clear()

    def undo(self, store: Store) -> tuple[TagEdit, UndoResult] | None:
        """Revert the latest edit; None when there is none. Store errors propagate
        and leave the history as it was."""
        if not self._undo:
            return None
        edit = self._undo[-1]
        result = undo_edit(store, edit)
        self._redo.append(self._undo.pop())
        return edit, result

    def redo(self, store: Store) -> tuple[TagEdit, UndoResult] | None:
        if not self._redo:
            return None
        edit = self._redo[-1]
        result = redo_edit(store, edit)
        self._undo.append(self._redo.pop())
        return edit, result
