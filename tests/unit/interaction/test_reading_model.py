"""The reading model without a screen: what a key acts on, focus marks, keys, search."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.annotations.anchoring import anchor_all
from reader.annotations.model import Annotation
from reader.document import parse_text
from reader.interaction.decorations import Mark
from reader.interaction.reading import REATTACH_HINT, ReadingModel
from reader.store.store import Store

URI = "urn:test:harbour"
TEXT = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

Costs Rise Again

The budget grew by a third. Nobody could say why. The mayor promised answers.
"""


@pytest.fixture
def model(tmp_path: Path) -> Iterator[ReadingModel]:
    article = parse_text(TEXT, uri=URI)
    store = Store.open(tmp_path, mode="app")
    reading = ReadingModel(article, store)
    reading.load([], [])
    yield reading
    store.close()


def span_of(model: ReadingModel, phrase: str) -> tuple[int, int]:
    start = model.article.text.index(phrase)
    return start, start + len(phrase)


def test_a_key_acts_on_the_selection_else_the_sentence(model: ReadingModel) -> None:
    sentence = span_of(model, "Work starts in May.")
    word = span_of(model, "starts")
    model.moved(sentence, None)
    target = model.target()
    assert (target.span, target.explicit, target.placed) == (sentence, False, None)
    model.moved(sentence, word)
    assert model.target().span == word and model.target().explicit


def test_focus_marks_change_only_when_the_target_does(model: ReadingModel) -> None:
    sentence = span_of(model, "Work starts in May.")
    assert model.moved(sentence, None) is None  # nothing under it, nothing shown before
    phrase = span_of(model, "starts in")
    model.moved(sentence, phrase)
    outcome = model.highlight(2)  # green, on the selected phrase
    assert outcome.saved and outcome.added == (Mark(*phrase, "hl-green"),)
    # the cursor's sentence holds the phrase: it is the target, and it is marked
    assert model.moved(sentence, None) == [Mark(*phrase, "focus-green")]
    assert model.moved(sentence, None) is None  # unchanged: nothing to repaint
    assert model.moved(sentence, phrase) == []  # a selection is never covered
    assert model.can("delete") and model.can("undo") and not model.can("redo")


def test_tag_and_note_make_a_highlight_only_when_given_something(model: ReadingModel) -> None:
    sentence = span_of(model, "Nobody could say why.")
    model.moved(sentence, None)
    target = model.target()
    assert model.tag(target, ()).change is None
    assert model.note(target, "").change is None
    made = model.note(target, "ask the mayor")
    assert made.change is not None and made.change.after is not None
    model.moved(sentence, None)
    again = model.target()
    assert again.placed is not None and again.placed.annotation.note == "ask the mayor"
    tagged = model.tag(again, ("budget",))
    assert tagged.change is not None and tagged.change.after is not None
    assert tagged.change.after.tags == ("budget",) and tagged.removed and tagged.added


def test_a_detached_note_waits_to_be_reattached(tmp_path: Path) -> None:
    article = parse_text(TEXT, uri=URI)
    lost = Annotation.create(URI, "A quote that is not in the article at all", 0, 41)
    with Store.open(tmp_path, mode="app") as store:
        model = ReadingModel(article, store)
        model.load([lost], anchor_all([lost], article.text))
        assert not model.can("reattach")
        placed, hint = model.choose(lost.id)
        assert placed is not None and hint == REATTACH_HINT and model.can("reattach")
        where = span_of(model, "The mayor promised answers.")
        model.moved(where, where)
        outcome = model.reattach()
        assert outcome.saved and outcome.added == (Mark(*where, "hl-yellow"),)
        assert not model.can("reattach") and model.annotator.index.orphans == 0


def test_search_matches_from_the_origin_and_steps(model: ReadingModel) -> None:
    model.search_origin = model.article.text.index("Costs")
    found = model.show_results(model.find("the"))
    hits = [m.span() for m in re.finditer("the", model.article.text, re.IGNORECASE)]
    assert found.matches is not None and [(m.start, m.end) for m in found.matches] == hits
    first_after = next(h for h in hits if h[0] >= model.search_origin)
    assert found.current == first_after
    assert found.label == f"{hits.index(first_after) + 1}/{len(hits)}"
    step = model.step(1)
    assert step is not None and step.matches is None  # the marks stay, only the current moves
    assert model.has_matches
    closed = model.close_search()
    assert closed.current is None and not closed.matches and not model.has_matches
    assert model.step(1) is None
    assert model.find("") is None and not model.searches_in_a_worker("the")
