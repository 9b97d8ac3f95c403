"""The notes panel (a), jumping to a note, detached and fuzzy annotations, re-attaching."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.annotations.model import Annotation
from reader.document import load_article
from reader.store.store import Store
from reader.ui.reading.notes_panel import NotesPanel
from tests.ui.annotate_support import ARTICLE, on_disk, quote, screen_of, sentences, status_text
from tests.ui.conftest import MakeReader, view, write_article

SIZE = (120, 30)


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return write_article(tmp_path, "harbour.txt", ARTICLE)


def seed(data_path: Path, anns: list[Annotation]) -> None:
    store = Store.open(data_path, mode="cli")
    try:
        for ann in anns:
            assert store.put(ann)
    finally:
        store.close()


def orphan_and_fuzzy(article_path: Path) -> tuple[Annotation, Annotation]:
    article = load_article(article_path)
    orphan = Annotation.create(
        article.uri, "Ferries will stop running next winter, officials said.", 0, 54,
        section="Harbour Plans Approved", note="was in the first draft",
    )
    text = article.text
    start = text.index("The council")
    end = text.index("Monday.") + len("Monday.")
    typo = Annotation.create(article.uri, text, start, end, color="green")
    fuzzy = replace(typo, exact=typo.exact.replace("harbour", "harbor"))
    return orphan, fuzzy


async def test_a_lists_notes_and_enter_jumps(make_reader: MakeReader, article_path: Path) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t", *"first", "enter")
        await pilot.press("right_square_bracket", "j", "j", "c", *"why so?", "ctrl+s")
        await pilot.press("g", "a")
        panel = app.screen.query_one(NotesPanel)
        assert panel.display and panel.option_list.has_focus
        ids = [e.annotation.id for e in panel.entries]
        anns = screen_of(app).annotator.index.ordered()
        assert ids == [p.id for p in anns]  # document order
        assert [e.section for e in panel.entries] == [s.title for s in app.article.sections]
        assert panel.entries[1].annotation.note == "why so?"
        assert panel.highlight(ids[1])
        await pilot.press("enter")
        v = view(app)
        assert v.cursor_span == anns[1].span and v.has_focus
        assert panel.display  # the list stays beside the article
        await pilot.press("a")
        assert not panel.display


async def test_escape_closes_the_panel(make_reader: MakeReader, article_path: Path) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h", "a")
        panel = app.screen.query_one(NotesPanel)
        assert panel.display
        await pilot.press("escape")
        assert not panel.display and view(app).has_focus


async def test_panel_follows_changes_while_open(
    make_reader: MakeReader, article_path: Path
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        panel = app.screen.query_one(NotesPanel)
        assert panel.shown_ids == []
        app.screen.set_focus(view(app))
        await pilot.press("j", "h")
        assert [entry.passage for entry in panel.entries] == [quote(app, sentences(app)[1])]
        await pilot.press("x")
        assert panel.shown_ids == []


async def test_detached_and_fuzzy_notes(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    orphan, fuzzy = orphan_and_fuzzy(article_path)
    seed(data_path, [orphan, fuzzy])
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        panel = app.screen.query_one(NotesPanel)
        states = {e.annotation.id: e.state for e in panel.entries}
        assert states == {orphan.id: "orphan", fuzzy.id: "fuzzy"}
        assert panel.entries[-1].annotation.id == orphan.id  # detached ones apart, last
        layer = view(app).decorations.layer("highlight")
        assert {m.key for m in layer} == {"hl-green", "fuzzy"}  # drawn underlined
        assert "(1 detached)" in status_text(app)
        # nothing was rewritten or deleted by opening
        assert {a.id: a for a in on_disk(data_path, app.article.uri)} == {
            orphan.id: orphan, fuzzy.id: fuzzy
        }


async def test_reattach_a_detached_note(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    orphan, _fuzzy = orphan_and_fuzzy(article_path)
    seed(data_path, [orphan])
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        assert screen.check_action("reattach", ()) is False
        await pilot.press("a")
        panel = app.screen.query_one(NotesPanel)
        assert panel.highlight(orphan.id)
        await pilot.press("enter")
        assert view(app).has_focus and screen.check_action("reattach", ()) is True
        await pilot.press("j", "j", "j", "v", "w", "r")  # "Fishermen are"
        [moved] = on_disk(data_path, app.article.uri)
        assert moved.id == orphan.id and moved.note == orphan.note
        assert moved.exact == "Fishermen are"
        assert app.article.text[moved.start : moved.end] == "Fishermen are"
        placed = screen.annotator.index.get(orphan.id)
        assert placed is not None and placed.anchor.state == "anchored"
        await pilot.press("u")  # undoable: detached again, quote as it was
        [back] = on_disk(data_path, app.article.uri)
        assert back == orphan
        placed = screen.annotator.index.get(orphan.id)
        assert placed is not None and placed.anchor.state == "orphan"
