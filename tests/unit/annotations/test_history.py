"""Undo/redo: inverses, redo cleared by new changes, bounds, and applying to a store."""

from __future__ import annotations

import pytest

from reader.annotations.history import Change, History, apply
from reader.annotations.model import Annotation
from reader.store.store import Store

TEXT = "One sentence here. Another sentence there. A third one to finish."
URI = "file:///h.txt"


def ann(start: int = 0, end: int = 18) -> Annotation:
    return Annotation.create(URI, TEXT, start, end)


def test_change_kinds_and_inverse() -> None:
    a = ann()
    b = a.edited(note="edited")
    assert Change(None, a).kind == "create"
    assert Change(a, None).kind == "delete"
    assert Change(a, b).kind == "edit"
    assert Change(a, b).inverse == Change(b, a)
    assert Change(a, None).annotation is a
    with pytest.raises(ValueError):
        Change(None, None)


def test_undo_returns_the_inverse_and_redo_the_change() -> None:
    history = History()
    a = ann()
    assert not history.can_undo and history.undo() is None
    history.record(Change(None, a))
    assert history.can_undo and not history.can_redo
    assert history.undo() == Change(a, None)
    assert history.can_redo and not history.can_undo
    assert history.redo() == Change(None, a)
    assert history.redo() is None


def test_undo_walks_back_in_order() -> None:
    history = History()
    a = ann()
    b = a.edited(color="green")
    c = b.edited(tags=("x",))
    for change in (Change(None, a), Change(a, b), Change(b, c)):
        history.record(change)
    assert [history.undo() for _ in range(3)] == [Change(c, b), Change(b, a), Change(a, None)]
    assert history.undo() is None
    assert [history.redo() for _ in range(3)] == [Change(None, a), Change(a, b), Change(b, c)]


def test_new_record_clears_redo() -> None:
    history = History()
    a = ann()
    history.record(Change(None, a))
    history.undo()
    assert history.can_redo
    history.record(Change(None, ann(19, 42)))
    assert not history.can_redo


def test_history_is_bounded() -> None:
    history = History(limit=3)
    anns = [ann(i, i + 5) for i in range(5)]
    for a in anns:
        history.record(Change(None, a))
    assert len(history) == 3
    undone = [history.undo() for _ in range(4)]
    assert undone[3] is None
    assert [c.before for c in undone[:3] if c] == anns[:1:-1]
    with pytest.raises(ValueError):
        History(limit=0)


def test_apply_create_edit_delete_and_their_undo() -> None:
    store = Store.in_memory()
    history = History()
    a = ann()
    assert apply(store, Change(None, a))
    history.record(Change(None, a))
    b = a.edited(note="a note")
    assert apply(store, Change(a, b))
    history.record(Change(a, b))
    assert apply(store, Change(b, None))
    history.record(Change(b, None))
    assert store.get(URI, a.id) is None

    undo = history.undo()
    assert undo is not None and apply(store, undo)
    assert store.get(URI, a.id) == b
    undo = history.undo()
    assert undo is not None and apply(store, undo)
    assert store.get(URI, a.id) == a
    undo = history.undo()
    assert undo is not None and apply(store, undo)
    assert store.annotations(URI) == []
    redo = history.redo()
    assert redo is not None and apply(store, redo)
    assert store.annotations(URI) == [a]
