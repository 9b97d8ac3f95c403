"""Widgets showing annotation and library text paint no control codes, whatever the store holds.

The store cleans what it imports and loads; these tests give the widgets
values it never would (every terminal payload in every field, set on the
annotation as a damaged file could hold them) and look at what is painted:
the text of every segment of the screen must hold no ESC, no other C0 or C1
control, no bidi override and no payload word, and Textual markup must show
as the text it is. The builders are checked on their own, then each widget
hosted alone, then the app on an in-memory store.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App, ComposeResult
from textual.fuzzy import Matcher
from textual.widgets import Input, TextArea

from reader.annotations.model import Annotation
from reader.annotations.search import SearchHit
from reader.interaction.notes import NoteEntry
from reader.interaction.tag_entry import Candidate
from reader.store.library import ArticleRecord
from reader.store.store import Store
from reader.ui.app import make_app
from reader.ui.common.candidates import candidate_label
from reader.ui.common.plain import clean, one_line, plain, plain_text
from reader.ui.dialogs.confirm import ConfirmDialog, as_content
from reader.ui.dialogs.note import NoteDialog
from reader.ui.dialogs.tag_edit import MergeDialog, RenameDialog
from reader.ui.library.commands import article_label, note_display, tag_label
from reader.ui.reading.commands import highlight
from reader.ui.reading.notes_panel import LazyEntry, entry_prompt
from reader.ui.reading.sections import section_row
from reader.ui.reading.status_line import StatusLine
from reader.ui.tags.screen import passage_option, tag_option
from tests.robustness.hostile import LEAK_WORDS, OSC_TITLE
from tests.robustness.hostile_notes import CLICK, OSC_CLIPBOARD, PAYLOADS
from tests.ui.test_dialogs import DialogHost, PromptHost, typed
from tests.ui.test_notes_panel import PanelHost

SPIKE = "".join(PAYLOADS)
TAG = f"zebra {CLICK}{SPIKE}"
STAMP = "2017-06-09T10:00:00+00:00"
# What painted text may never hold: controls but LF, C1, DEL, bidi controls.
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> list[str]:
    """The controls and payload words in ``text`` (nothing, for inert text)."""
    found = [f"U+{ord(m.group()):04X}" for m in _FORBIDDEN.finditer(text)]
    return found + [word for word in LEAK_WORDS if word in text]


def hostile(exact: str = "", article: str = "file:///tmp/harbour.txt") -> Annotation:
    """An annotation with a payload in every text field, however the model builds one."""
    ann = Annotation(id="urn:uuid:00000000-0000-4000-8000-000000000009", article=article,
                     exact="x", start=0, end=1, created=STAMP, modified=STAMP)
    fields = {"exact": exact or f"{CLICK} zebra gone {SPIKE}", "tags": (TAG, CLICK),
              "note": f"{CLICK} zebra note {SPIKE}\nline two {SPIKE}",
              "section": f"section {SPIKE}", "prefix": SPIKE, "suffix": SPIKE}
    for name, value in fields.items():
        object.__setattr__(ann, name, value)  # past any cleaning the model may do
    return ann


def painted(app: App[Any]) -> str:
    """The text of every segment the screen paints (cursor moves left out)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True)
    update = app.screen._compositor.render_update(full=True)
    return "".join(s.text for s in console.render(update) if not s.control)


def shown(app: App[Any]) -> str:
    from tests.ui.test_dialogs import screen_text

    return screen_text(app)


# -- the helper and the builders --------------------------------------------------------
def test_plain_removes_every_payload_and_never_reads_markup() -> None:
    for payload in (*PAYLOADS, "\ud800 lone surrogate"):
        assert inert(plain(f"a {payload} b").plain) == [], repr(payload)
        assert inert(str(plain_text(f"a {payload} b"))) == [], repr(payload)
    assert plain(CLICK).plain == CLICK and plain(CLICK, "bold").plain == CLICK
    text = "Nothing to clean, ever: 東京 👩‍👩‍👧"
    assert clean(text) is text  # the common case costs one scan
    cut = one_line(f"0123456789{OSC_TITLE}{OSC_CLIPBOARD} tail", 14)
    assert inert(cut) == [] and cut.startswith("0123456789")  # cleaned before it is cut


def test_builders_show_hostile_fields_as_plain_text() -> None:
    ann = hostile()
    record = ArticleRecord(uri=f"https://news.test/{OSC_TITLE}", title=f"{CLICK} t {SPIKE}",
                           source=SPIKE, count=1, last_opened="", position=0)
    matcher = Matcher("zebra")
    built = {
        "notes panel entry": entry_prompt(NoteEntry(ann, "orphan"), dark=True),
        "tags screen passage": passage_option(ann, f"{CLICK} title {SPIKE}", "p",
                                              query="zebra").prompt,
        "tags screen tag": tag_option(TAG, 3, 0).prompt,
        "tag candidate": candidate_label(Candidate(TAG, 3, "prefix", (0, 1))),
        "palette article": highlight(matcher, article_label(record)),
        "palette tag": highlight(matcher, tag_label(TAG, 3)),
        "palette note": note_display(SearchHit(ann, 1.0, "note"), record.title),
        "sidebar row": section_row(f"{CLICK}{SPIKE}", 2),
        "confirm message": as_content(f"Remove “{record.title}”?"),
    }
    for name, content in built.items():
        text = content.plain  # type: ignore[union-attr]
        assert inert(text) == [], name
        assert CLICK in text or name in ("tags screen tag", "tag candidate", "palette tag",
                                         "sidebar row"), (name, text)
    entry = LazyEntry(NoteEntry(ann, "orphan"), dark=True)
    assert entry.lines == len(entry.content.plain.splitlines())  # its height is its lines


# -- each widget hosted alone ------------------------------------------------------------
async def test_notes_panel_paints_hostile_entries_inertly() -> None:
    entries = [NoteEntry(hostile(f"{CLICK} zebra here {SPIKE}"), "anchored",
                         section=f"{CLICK} section {SPIKE}"),
               NoteEntry(hostile(), "orphan")]
    object.__setattr__(entries[1].annotation, "id", "urn:uuid:other")
    app = PanelHost(entries)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert inert(painted(app)) == []
        assert f"“{CLICK} zebra here" in shown(app)


class StatusHost(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")


async def test_status_line_paints_hostile_text_inertly() -> None:
    app = StatusHost()
    async with app.run_test(size=(300, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.section, status.title = f"{CLICK}{SPIKE}", f"title {SPIKE}"
        status.notices = (f"{SPIKE} was damaged", f"moved to /tmp/{OSC_TITLE}")
        status.saving = f"not saved: {SPIKE}, retrying"
        await pilot.pause()
        assert inert(painted(app)) == []
        assert CLICK in shown(app) and "was damaged" in shown(app)


async def test_note_editor_gets_the_note_cleaned_and_escape_asks_nothing() -> None:
    ann = hostile()
    app = DialogHost(lambda: NoteDialog(ann.note, passage=ann.exact))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert inert(painted(app)) == []
        text = app.screen.query_one(TextArea).text
        assert inert(text.replace("\n", " ")) == [] and text.startswith(CLICK)
        assert f"“{CLICK} zebra gone" in shown(app)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.result is None and not isinstance(app.screen, NoteDialog)


async def test_rename_and_merge_dialogs_show_the_tag_inertly() -> None:
    app = DialogHost(lambda: RenameDialog(TAG))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert inert(painted(app)) == []
        assert inert(app.screen.query_one(Input).value) == []
        assert CLICK in shown(app)
    known = [(TAG, 3), (f"zebra-b{OSC_TITLE}", 1), (CLICK, 2)]
    app = DialogHost(lambda: MergeDialog(f"{CLICK}{SPIKE}", known))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await typed(pilot, "zeb")
        assert inert(painted(app)) == []
        assert f"Merge #{CLICK}" in shown(app)  # the border title is not markup
        await pilot.press("tab")  # fill in a candidate: the input shows it cleaned
        await pilot.pause()
        assert inert(app.screen.query_one(Input).value) == []
        assert inert(painted(app)) == []


async def test_confirm_dialog_shows_a_hostile_question_inertly() -> None:
    app = DialogHost(lambda: ConfirmDialog(f"Remove “{CLICK} {SPIKE}”?", title=f"t{SPIKE}"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert inert(painted(app)) == []
        assert CLICK in shown(app)


async def test_tag_prompt_chips_and_candidates_paint_inertly() -> None:
    known = [(TAG, 3), (f"zebra-b{OSC_TITLE}", 1), (f"zebra-c{OSC_CLIPBOARD}", 1), (CLICK, 2)]
    app = PromptHost((TAG, CLICK), known, passage=f"{CLICK} {SPIKE}")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await typed(pilot, "zeb")
        assert inert(painted(app)) == []
        assert CLICK in shown(app)
        await pilot.press("tab")
        await pilot.pause()
        assert inert(painted(app)) == []


# -- the app, on a store holding what no import would keep ------------------------------
ARTICLE = "Harbour Plans\n\nThe council approved the plan. Work starts in May.\n"


async def test_app_screens_and_notifications_paint_hostile_annotations_inertly(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    store = Store.in_memory()
    app = make_app(path, store=store)
    uri = app.article.uri
    start = app.article.text.index("The council")
    ann = hostile(article=uri)
    for name, value in (("exact", "The council approved the plan."), ("start", start),
                        ("end", start + 30), ("prefix", ""), ("suffix", "")):
        object.__setattr__(ann, name, value)
    store.put(ann)
    store.put(hostile(article=f"https://news.test/zebra{OSC_TITLE}"))
    store.remember_article(f"https://news.test/zebra{OSC_TITLE}", f"{CLICK} far {SPIKE}",
                           f"/srv/{OSC_TITLE}.txt", opened=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        for keys, wanted in (
            (("j", "a"), f"{CLICK} zebra note"),  # the notes panel
            (("a", "T"), "across the library"),  # the tags screen
            (("escape", "L"), f"{CLICK} far"),  # the library
            (("escape", "ctrl+p", *"zebra"), "Note:"),  # the palette
        ):
            await pilot.press(*keys)
            await pilot.pause(0.3)
            assert inert(painted(app)) == [], keys
            assert wanted in shown(app), (keys, shown(app))
        await pilot.press("escape")
        await pilot.pause(0.3)
        app.notify(f"cannot open {CLICK}{SPIKE}", title=SPIKE, markup=False)
        await pilot.pause(0.3)
        assert inert(painted(app)) == []
        assert "cannot open" in shown(app) and CLICK in shown(app)  # the toast
        assert (app.title, app.sub_title) == ("reader", "")  # never the article's: no OSC 2
