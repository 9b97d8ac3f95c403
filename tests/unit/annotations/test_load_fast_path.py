"""Loading annotations: the fast path gives exactly what the general conversion gives.

``Annotation.from_dict`` takes a shortcut for dicts shaped as ``to_dict``
writes them (what the store's files hold) and converts anything else value
by value. Both must build equal annotations, tags normalised and every field
cleaned either way, and a shard file must load to the annotations the general
path would build.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.annotations import model
from reader.annotations.clean import clean_line
from reader.annotations.model import COLORS, Annotation
from reader.document.sanitize import is_clean
from reader.store import paths
from reader.store.shard import Shard
from reader.store.storage import AtomicJSONStorage
from reader.store.store import Store
from tests.unit.samples import URI_A, make

STAMP = "2026-01-02T03:04:05+00:00"
WORDS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TAG = st.sampled_from(["war", "War", " war ", "civil  war", "", "  ", "Été", "a\tb"]) | WORDS


def stored(**changes: Any) -> dict[str, Any]:
    """A dict as the store writes it, with ``changes`` applied."""
    doc = Annotation(
        id="urn:uuid:1", article=URI_A, exact="US military", start=4, end=15,
        tags=("war",), created=STAMP, modified=STAMP,
    ).to_dict()
    doc.update(changes)
    return doc


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Missing times are filled with "now": the same now for both paths."""
    monkeypatch.setattr(model, "now_iso", lambda: STAMP)


def test_field_order_of_the_fast_path_is_the_class_order() -> None:
    assert tuple(f.name for f in fields(Annotation)) == model._FIELDS
    assert set(stored()) == set(model._FIELDS)


def test_a_stored_dict_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    ann = make(tags=("Tanf", "us military"), note="n")

    def refuse(data: dict[str, Any]) -> Annotation:
        raise AssertionError("the general path was taken")

    monkeypatch.setattr(Annotation, "_from_loose_dict", classmethod(refuse))
    assert Annotation.from_dict(ann.to_dict()) == ann


@settings(max_examples=200, deadline=None)
@given(
    ident=WORDS, exact=WORDS, start=st.integers(-1, 10**6), length=st.integers(0, 500),
    color=st.sampled_from(COLORS), tags=st.lists(TAG, max_size=5), note=WORDS,
    section=WORDS,
)
def test_fast_path_equals_the_general_path_on_stored_dicts(
    ident: str, exact: str, start: int, length: int, color: str, tags: list[str], note: str,
    section: str,
) -> None:
    doc = stored(id=ident, exact=exact, start=start, end=start + length, color=color,
                 tags=tags, note=note, section=section)
    fast = Annotation.from_dict(doc)
    assert fast == general(doc)
    # Normalised and cleaned on the way in: no control character survives.
    assert fast.tags == model.normalise_tags(clean_line(t) for t in tags)
    assert all(is_clean(v) for v in (fast.id, fast.exact, fast.note, fast.section, *fast.tags))


@pytest.mark.parametrize(
    "changes",
    [
        {"start": True},  # bool is an int, but int(True) is what the general path keeps
        {"end": 12.0},
        {"start": "4"},
        {"tags": "war"},  # a string, iterated as the general path does
        {"tags": ("war", "WAR")},
        {"tags": [" war ", "War", 3]},
        {"tags": None},
        {"note": None},
        {"section": 7},
        {"color": ["blue"]},
        {"created": ""},
        {"modified": None},
        {"id": 12},
    ],
    ids=repr,
)
def test_mistyped_values_are_converted_as_before(changes: dict[str, Any]) -> None:
    doc = stored(**changes)
    fast, slow = Annotation.from_dict(doc), general(doc)
    assert fast == slow
    assert kinds(fast) == kinds(slow)  # True == 1, yet a bool start is not an int


def general(doc: dict[str, Any]) -> Annotation:
    """The general path: every value converted, then every field through the gate."""
    return model.cleaned(Annotation._from_loose_dict(doc))


def kinds(ann: Annotation) -> list[type]:
    return [type(getattr(ann, name)) for name in model._FIELDS]


@pytest.mark.parametrize("missing", ["prefix", "suffix", "color", "tags", "note", "created",
                                     "modified", "section"])
def test_missing_optional_fields_are_filled_as_before(missing: str) -> None:
    doc = stored()
    del doc[missing]
    assert Annotation.from_dict(doc) == general(doc)


@pytest.mark.parametrize("missing", ["id", "article", "exact", "start", "end"])
def test_missing_required_fields_still_fail(missing: str) -> None:
    doc = stored()
    del doc[missing]
    with pytest.raises(KeyError):
        Annotation.from_dict(doc)


def test_a_store_reloads_the_annotations_it_saved(tmp_path: Path) -> None:
    anns = [make(start=s, end=s + 8, tags=tags, note=f"n{s}")
            for s, tags in [(0, ()), (4, ("Tanf",)), (20, ("a b", "Tanf")), (40, ())]]
    with Store.open(tmp_path) as store:
        for ann in anns:
            assert store.put(ann)
    with Store.open(tmp_path, mode="read") as again:
        assert again.annotations(URI_A) == sorted(anns, key=lambda a: (a.start, a.end))


def test_a_shard_file_loads_as_the_general_path_reads_it(tmp_path: Path) -> None:
    """A file edited by hand: untidy tags, wrong types, entries that are not
    annotations at all. The good ones load as the general path builds them
    (tags normalised), the rest are skipped and left in the file."""
    good = make(tags=("Tanf",)).to_dict()
    docs: dict[str, Any] = {
        "1": good,
        "2": stored(id="urn:uuid:2", tags=["  Civil   war ", "civil war", "Tanf"]),
        "3": stored(id="urn:uuid:3", start="7", end=18.0, tags=None, created=""),
        "4": {"id": "urn:uuid:4"},  # no article, quote or offsets
        "5": 42,
        "x": stored(id="urn:uuid:6"),  # not a document id
    }
    path = paths.shard_path(tmp_path, paths.article_key(URI_A))
    path.parent.mkdir(parents=True)
    raw = orjson.dumps({"annotations": docs, "meta": {"1": {"uri": URI_A, "format": 1}}})
    path.write_bytes(raw)

    shard = Shard(path.stem, AtomicJSONStorage(path, writable=False), URI_A)

    expected = [general(docs[k]) for k in ("1", "2", "3")]
    assert sorted(shard, key=lambda a: a.id) == sorted(expected, key=lambda a: a.id)
    assert shard.get("urn:uuid:2").tags == ("Civil war", "Tanf")  # type: ignore[union-attr]
    assert shard.skipped == 3
    assert path.read_bytes() == raw  # reading never rewrites


def test_document_order_breaks_ties_by_time_then_id() -> None:
    store = Store.in_memory()
    base = make(start=0, end=11)
    later = Annotation(**{**base.to_dict(), "tags": (), "id": "urn:uuid:a",
                          "created": "2026-02-01T00:00:00+00:00"})
    first_b = Annotation(**{**base.to_dict(), "tags": (), "id": "urn:uuid:b",
                            "created": "2026-01-01T00:00:00+00:00"})
    first_a = Annotation(**{**base.to_dict(), "tags": (), "id": "urn:uuid:a0",
                            "created": "2026-01-01T00:00:00+00:00"})
    short = make(start=0, end=5)
    for ann in (later, first_b, short, first_a):
        store.put(ann)
    assert [a.id for a in store.annotations(URI_A)] == [
        short.id, first_a.id, first_b.id, later.id]


def test_typed_or_pasted_text_is_cleaned_like_imported_text() -> None:
    """A paste can carry escape sequences: a new or edited note never keeps them."""
    osc = "\x1b]52;c;cHduZWQ=\x07"
    ann = Annotation.create(URI_A, "US military", 0, 11, note=f"n{osc}", tags=(f"t{osc}",),
                            section=f"s{osc}\nx")
    assert (ann.note, ann.tags, ann.section) == ("n", ("t",), "s x")
    again = ann.edited(note=f"m{osc}\r\nline", tags=[f"u{osc}"])
    assert (again.note, again.tags) == ("m\nline", ("u",))
