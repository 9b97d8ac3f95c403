"""The annotation index and the annotator without a screen (a fake canvas keeps the
layers from what the annotator returns, as the reading screen paints them)."""

from __future__ import annotations

from pathlib import Path

from reader.annotations.model import Anchor, Annotation
from reader.document import parse_text
from reader.interaction.annotator import NOTHING, Annotator, Outcome
from reader.interaction.decorations import Decorations, Mark, RangeLayer
from reader.interaction.highlights import AnnotationIndex, Placed
from reader.store.store import Store
from tests.ui.annotate_support import ARTICLE, on_disk

URI = "urn:test:harbour"


class FakeCanvas:
    """Keeps the layers the way the view does, with the same Decorations."""

    def paint(self, outcome: Outcome) -> Outcome:
        """What the reading screen does with an outcome: its marks to the layer."""
        self.change_decorations("highlight", add=list(outcome.added),
                                remove=list(outcome.removed))
        return outcome

    def __init__(self) -> None:
        self.decorations = Decorations()
        self.rebuilds = 0

    def set_decorations(self, layer: str, marks: list[Mark] | RangeLayer) -> None:
        self.rebuilds += 1
        self.decorations.set(layer, marks)

    def change_decorations(
        self, layer: str, *, add: list[Mark] | None = None, remove: list[Mark] | None = None
    ) -> None:
        self.decorations.change(layer, add=add or (), remove=remove or ())

    def marks(self) -> list[Mark]:
        return sorted(self.decorations.layer("highlight"))


def placed(start: int, end: int, color: str = "yellow", state: str = "anchored") -> Placed:
    ann = Annotation.create(URI, "x" * 200, start, end, color=color)
    return Placed(ann, Anchor(state, start, end) if state != "orphan" else Anchor("orphan"))  # type: ignore[arg-type]


def test_index_lookups_and_counts() -> None:
    index = AnnotationIndex([0, 100])
    outer, inner, late = placed(10, 60), placed(20, 30), placed(120, 140)
    lost = placed(0, 0, state="orphan")
    index.load([outer, inner, lost])
    index.put(late)
    assert index.counts == [2, 1] and index.orphans == 1 and len(index) == 4
    assert index.containing(22, 28) is inner  # the tightest one holding it
    assert index.containing(20, 30) is inner
    assert index.containing(15, 40) is outer
    assert index.containing(5, 40) is None
    assert index.under(0, 25) is outer  # covers 15 characters of it, inner only 5
    assert index.under(55, 70) is outer  # only overlapping
    assert index.under(61, 99) is None
    assert [p.id for p in index.ordered()] == [outer.id, inner.id, late.id, lost.id]
    index.remove(inner.id)
    assert index.containing(22, 28) is outer and index.counts == [1, 1]
    moved = Placed(late.annotation, Anchor("anchored", 50, 70))
    assert index.put(moved) is late
    assert index.counts == [2, 0]


def test_range_layer_add_and_discard_keep_queries_right() -> None:
    layer = RangeLayer([Mark(0, 10, "a"), Mark(40, 50, "b")])
    layer.add(Mark(5, 45, "c"))
    layer.add(Mark(5, 8, "d"))
    assert {m.key for m in layer.overlapping(46, 47)} == {"b"}
    assert {m.key for m in layer.overlapping(41, 42)} == {"b", "c"}
    assert layer.discard(Mark(5, 45, "c"))
    assert not layer.discard(Mark(5, 45, "c"))
    assert {m.key for m in layer.overlapping(41, 42)} == {"b"}
    assert [layer[i].key for i in range(len(layer))] == ["a", "d", "b"]


def make(tmp_path: Path) -> tuple[Annotator, FakeCanvas, Store]:
    article = parse_text(ARTICLE, uri=URI)
    store = Store.open(tmp_path, mode="app")
    canvas = FakeCanvas()
    annotator = Annotator(article, store)
    canvas.set_decorations("highlight", annotator.load([], []))
    return annotator, canvas, store


def test_changes_update_one_mark_at_a_time(tmp_path: Path) -> None:
    annotator, canvas, store = make(tmp_path)
    try:
        text = annotator.article.text
        span = (text.index("Work"), text.index("May.") + 4)
        made = canvas.paint(annotator.highlight(span, "green"))
        assert made.saved and made.change is not None
        assert canvas.marks() == [Mark(*span, "hl-green")]
        assert annotator.highlight(span, "green") is NOTHING  # same colour: nothing to do
        # inside it: recolour, no duplicate
        canvas.paint(annotator.highlight((span[0], span[0] + 4), "blue"))
        assert canvas.marks() == [Mark(*span, "hl-blue")]
        assert len(on_disk(tmp_path, URI)) == 1
        ann_id = made.change.annotation.id
        canvas.paint(annotator.delete(ann_id))
        assert canvas.marks() == []
        canvas.paint(annotator.undo())
        assert canvas.marks() == [Mark(*span, "hl-blue")]
        canvas.paint(annotator.undo())
        canvas.paint(annotator.undo())
        assert canvas.marks() == [] and on_disk(tmp_path, URI) == []
        assert canvas.rebuilds == 1  # only the load rebuilt the layer
    finally:
        store.close()


def test_read_only_store_refuses(tmp_path: Path) -> None:
    holder = Store.open(tmp_path, mode="app")
    try:
        article = parse_text(ARTICLE, uri=URI)
        store = Store.open(tmp_path, mode="app")
        assert store.read_only
        annotator = Annotator(article, store)
        annotator.load([], [])
        outcome = annotator.highlight((0, 5))
        assert outcome.refused and outcome.change is None and len(annotator.index) == 0
        assert annotator.undo().refused
        store.close()
    finally:
        holder.close()
