"""The Store API, run against memory storage and real files alike."""

from __future__ import annotations

from dataclasses import replace

from reader.store.store import ImportResult, Store
from tests.unit.samples import TEXT, URI_A, URI_B, make


def test_put_get_and_annotations_sorted_by_start(store: Store) -> None:
    late, early, middle = make(start=100, end=120), make(start=0, end=11), make(start=40, end=60)
    for ann in (late, early, middle):
        assert store.put(ann) is True
    assert store.annotations(URI_A) == [early, middle, late]
    assert store.get(URI_A, middle.id) == middle
    assert store.get(URI_B, middle.id) is None
    assert store.annotations(URI_B) == []


def test_put_replaces_by_id(store: Store) -> None:
    ann = make(tags=("syria",))
    store.put(ann)
    edited = ann.edited(note="a note", tags=("Tanf",))
    assert store.put(edited)
    assert store.annotations(URI_A) == [edited]
    assert store.tags() == [("Tanf", 1)]
    assert store.articles()[0].count == 1


def test_delete_returns_the_annotation(store: Store) -> None:
    a, b = make(), make(start=20, end=30)
    store.put(a)
    store.put(b)
    assert store.delete(URI_A, a.id) == a
    assert store.delete(URI_A, a.id) is None
    assert store.delete(URI_B, b.id) is None
    assert store.annotations(URI_A) == [b]
    assert store.articles()[0].count == 1


def test_all_annotations_spans_articles(store: Store) -> None:
    anns = [make(URI_A), make(URI_B, 5, 9), make(URI_A, 50, 60)]
    for ann in anns:
        store.put(ann)
    assert sorted(store.all_annotations(), key=lambda a: a.id) == sorted(anns, key=lambda a: a.id)


def test_tags_merge_case_insensitively_with_first_spelling(store: Store) -> None:
    store.put(make(tags=("Syria", "tanf")))
    store.put(make(start=20, end=30, tags=("syria",)))
    store.put(make(URI_B, 5, 9, tags=("SYRIA", "Russia", "Tanf")))
    assert store.tags() == [("Syria", 3), ("tanf", 2), ("Russia", 1)]


def test_tag_counts_follow_edits_and_deletes(store: Store) -> None:
    a = make(tags=("one", "two"))
    store.put(a)
    store.put(a.edited(tags=("two", "three")))
    assert dict(store.tags()) == {"two": 1, "three": 1}
    store.delete(URI_A, a.id)
    assert store.tags() == []


def test_tags_sorted_by_count_then_name(store: Store) -> None:
    store.put(make(tags=("beta", "alpha")))
    store.put(make(start=1, end=5, tags=("Gamma",)))
    store.put(make(start=2, end=5, tags=("gamma",)))
    assert store.tags() == [("Gamma", 2), ("alpha", 1), ("beta", 1)]


def test_import_counts_and_is_idempotent(store: Store) -> None:
    existing = make(tags=("x",))
    store.put(existing)
    incoming = [existing, make(URI_B, 0, 5), make(URI_A, 20, 30, tags=("y",))]
    assert store.import_annotations(incoming) == ImportResult(added=2, updated=0, skipped=1)
    assert store.import_annotations(incoming) == ImportResult(added=0, updated=0, skipped=3)
    assert len(store.annotations(URI_A)) == 2
    assert dict(store.tags()) == {"x": 1, "y": 1}


def test_import_newer_updates_older_is_skipped(store: Store) -> None:
    ann = replace(make(), modified="2024-01-01T10:00:00+00:00")
    store.put(ann)
    newer = replace(ann, note="newer", modified="2024-01-01T12:00:00+02:00")  # 10:00Z: not newer
    # Same time, other text: the local copy is kept, and counted as kept.
    assert store.import_annotations([newer]) == ImportResult(0, 0, 1, kept=1)
    newer = replace(ann, note="newer", modified="2024-01-01T10:00:01+00:00")
    older = replace(ann, note="older", modified="2023-12-31T10:00:00+00:00")
    assert store.import_annotations([newer, older]) == ImportResult(0, 1, 1, kept=1)
    assert store.import_annotations([newer]) == ImportResult(0, 0, 1, kept=0)  # unchanged
    assert store.get(URI_A, ann.id) == newer


def test_articles_positions_and_last_article(store: Store) -> None:
    assert store.last_article() is None
    assert store.articles() == []
    store.remember_article(URI_A, "Article A", "/tmp/a.txt")
    store.remember_article(URI_B, "Article B", "https://example.org/b")
    store.put(make(URI_A))
    last = store.last_article()
    assert last is not None and last.uri == URI_B and last.source == "https://example.org/b"
    assert [r.uri for r in store.articles()] == [URI_B, URI_A]
    assert store.articles()[1].count == 1

    assert store.position(URI_A) == 0
    store.set_position(URI_A, 1234)
    assert store.position(URI_A) == 1234
    store.remember_article(URI_A, "Article A (edited)", "/tmp/a.txt")
    last = store.last_article()
    assert last is not None and last.title == "Article A (edited)" and last.position == 1234


def test_annotations_of_an_unknown_article_appear_in_the_library(store: Store) -> None:
    store.put(make(URI_B))
    (record,) = store.articles()
    assert (record.uri, record.title, record.count, record.last_opened) == (URI_B, "", 1, "")
    assert store.last_article() is None


def test_settings_round_trip(store: Store) -> None:
    assert store.setting("labels", {}) == {}
    store.set_setting("labels", {"a": "Tanf"})
    assert store.setting("labels") == {"a": "Tanf"}


def test_annotation_fields_survive_the_store(store: Store) -> None:
    ann = make(start=12, end=40, tags=("Syria", "air strikes"), note="**bold** note\nline 2")
    ann = replace(ann, color="purple", section="Tanf", exact=TEXT[12:40])
    store.put(ann)
    assert store.get(URI_A, ann.id) == ann
