"""Renaming and merging tags across articles: in memory, on disk, undone as one step."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.annotations.model import Annotation
from reader.annotations.tagops import (
    TagError,
    TagHistory,
    merge_tags,
    plan_rename,
    rename_tag,
    retag,
    undo_edit,
)
from reader.store import paths
from reader.store import storage as storage_module
from reader.store.store import Store, StoreWriteError
from tests.unit.samples import URI_A, URI_B, make

URI_C = "file:///articles/c.txt"


def tags_of(store: Store) -> dict[str, int]:
    return dict(store.tags())


def seed(store: Store) -> list[Annotation]:
    anns = [
        make(URI_A, 0, 11, tags=("tanf", "Syria")),
        make(URI_A, 20, 30, tags=("Tanf",)),
        make(URI_B, 5, 9, tags=("TANF", "US military")),
        make(URI_B, 40, 50, tags=("Russia",)),
        make(URI_C, 1, 4, tags=("syria",)),
    ]
    for a in anns:
        store.put(a)
    return anns


def test_retag_keeps_the_place_and_drops_a_duplicate() -> None:
    assert retag(("a", "Tanf", "b"), "tanf", "Al Tanf") == ("a", "Al Tanf", "b")
    assert retag(("Syria", "tanf"), "tanf", "syria") == ("Syria",)
    assert retag(("x",), "tanf", "y") == ("x",)


def test_plan_touches_only_annotations_with_the_tag() -> None:
    a, b = make(tags=("tanf",)), make(start=20, end=30, tags=("other",))
    changes = plan_rename([a, b], "TANF", "Tanf")
    assert len(changes) == 1
    assert changes[0].before == a
    after = changes[0].after
    assert after is not None and after.tags == ("Tanf",) and after.id == a.id


def test_rename_reaches_every_article_and_counts_follow(store: Store) -> None:
    seed(store)
    edit = rename_tag(store, "tanf", "Al Tanf")
    assert edit.kind == "rename" and edit.old == "tanf" and edit.new == "Al Tanf"
    assert (edit.count, edit.articles) == (3, 2)
    assert edit.describe() == "Renamed #tanf to #Al Tanf on 3 passages in 2 articles"
    assert tags_of(store) == {"Al Tanf": 3, "Syria": 2, "US military": 1, "Russia": 1}
    tagged = [a for a in store.all_annotations() if "Al Tanf" in a.tags]
    assert len(tagged) == 3
    assert not any(t.casefold() == "tanf" for a in store.all_annotations() for t in a.tags)


def test_rename_into_an_existing_tag_is_a_merge(store: Store) -> None:
    seed(store)
    edit = rename_tag(store, "syria", "tanf")
    assert edit.kind == "merge" and edit.new == "tanf"
    assert tags_of(store) == {"tanf": 4, "US military": 1, "Russia": 1}
    first = store.annotations(URI_A)[0]
    assert first.tags == ("tanf",)  # carried both: kept once


def test_merge_takes_the_target_spelling(store: Store) -> None:
    seed(store)
    edit = merge_tags(store, "russia", "us MILITARY")
    assert edit.kind == "merge" and edit.old == "Russia" and edit.new == "US military"
    assert tags_of(store)["US military"] == 2
    assert "Russia" not in tags_of(store)


def test_unusable_requests_change_nothing(store: Store) -> None:
    seed(store)
    before = sorted(store.all_annotations(), key=lambda a: a.id)
    with pytest.raises(TagError, match="needs a name"):
        rename_tag(store, "tanf", "   ")
    with pytest.raises(TagError, match="comma"):
        rename_tag(store, "tanf", "a, b")
    with pytest.raises(TagError, match="no annotation is tagged #nothing"):
        rename_tag(store, "nothing", "x")
    with pytest.raises(TagError, match="nothing to change"):
        rename_tag(store, "Russia", "Russia")
    with pytest.raises(TagError, match="another tag"):
        merge_tags(store, "tanf", "TANF")
    with pytest.raises(TagError, match="existing tag"):
        merge_tags(store, "tanf", "brand new")
    assert sorted(store.all_annotations(), key=lambda a: a.id) == before


def test_undo_restores_exactly_and_redo_applies_again(store: Store) -> None:
    original = {a.id: a for a in seed(store)}
    history = TagHistory()
    history.record(merge_tags(store, "syria", "tanf"))
    assert history.can_undo and not history.can_redo
    undone = history.undo(store)
    assert undone is not None and undone[1].restored == 2 and undone[1].skipped == 0
    assert {a.id: a for a in store.all_annotations()} == original
    assert tags_of(store) == {"tanf": 3, "Syria": 2, "US military": 1, "Russia": 1}
    redone = history.redo(store)
    assert redone is not None and redone[1].restored == 2
    assert tags_of(store) == {"tanf": 4, "US military": 1, "Russia": 1}
    assert history.can_undo and not history.can_redo


def test_undo_leaves_annotations_edited_since_alone(store: Store) -> None:
    seed(store)
    edit = rename_tag(store, "tanf", "Al Tanf")
    mine = store.annotations(URI_B)[0]
    store.put(mine.edited(note="written after the rename"))
    result = undo_edit(store, edit)
    assert (result.restored, result.skipped) == (2, 1)
    kept = store.get(URI_B, mine.id)
    assert kept is not None and kept.note == "written after the rename"
    assert "Al Tanf" in kept.tags


def test_rename_on_disk_is_seen_by_a_second_store_and_undo_too(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with Store.open(root) as writer:
        seed(writer)
        edit = rename_tag(writer, "tanf", "Al Tanf")
        with Store.open(root, mode="read") as reader:
            assert tags_of(reader) == {"Al Tanf": 3, "Syria": 2, "US military": 1, "Russia": 1}
            assert {a.id for a in reader.all_annotations() if "Al Tanf" in a.tags} == {
                c.annotation.id for c in edit.changes
            }
        undo_edit(writer, edit)
        with Store.open(root, mode="read") as reader:
            folded = {tag.casefold(): n for tag, n in reader.tags()}
            assert folded == {"tanf": 3, "syria": 2, "us military": 1, "russia": 1}
            assert all("Al Tanf" not in a.tags for a in reader.all_annotations())


def test_one_write_per_article_file(tmp_path: Path, monkeypatch) -> None:
    with Store.open(tmp_path / "data") as store:
        for i in range(40):
            store.put(make(URI_A if i % 2 else URI_B, i, i + 5, tags=("bulk",)))
        writes: Counter[str] = Counter()
        commit = storage_module.AtomicJSONStorage.commit

        def counting(self, temp):
            writes[self.path.name] += 1
            return commit(self, temp)

        monkeypatch.setattr(storage_module.AtomicJSONStorage, "commit", counting)
        edit = rename_tag(store, "bulk", "many")
        assert edit.count == 40
        shard_writes = {name: n for name, n in writes.items() if name != "library.json"}
        assert sorted(shard_writes.values()) == [1, 1]


def test_a_failed_write_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "data"
    with Store.open(root) as store:
        seed(store)
        before = sorted(store.all_annotations(), key=lambda a: a.id)

        prepare = storage_module.AtomicJSONStorage.prepare

        def refuse(self):
            if self.path.name == paths.LIBRARY_FILE:
                return prepare(self)
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage_module.AtomicJSONStorage, "prepare", refuse)
        with pytest.raises(StoreWriteError, match="nothing was changed"):
            rename_tag(store, "tanf", "Al Tanf")
        monkeypatch.undo()
        assert sorted(store.all_annotations(), key=lambda a: a.id) == before
        assert "Al Tanf" not in tags_of(store)
    with Store.open(root, mode="read") as reader:
        assert sorted(reader.all_annotations(), key=lambda a: a.id) == before


def test_a_read_only_store_refuses(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with Store.open(root) as writer:
        seed(writer)
    with Store.open(root, mode="read") as reader, pytest.raises(StoreWriteError, match="read-only"):
        rename_tag(reader, "tanf", "x")
