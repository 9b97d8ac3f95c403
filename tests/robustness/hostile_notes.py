"""A library whose annotations carry every terminal payload, and the app driven to each widget.

Annotations come from files other people send, so every field that a widget
shows is spiked: notes, tags, passages (a detached one and one of another
article), the section, another article's uri, title and source. They enter
the way a user's would, through ``reader import``; then the same values are
written straight into the store files (annotations/<key>.json, library.json),
so the store holds them raw even once the importer cleans them: what stands
between them and the terminal is then only the store's load-time sanitising
and the widgets' own (:mod:`reader.ui.common.plain`). The clean twin of the library
has the same structure without the payloads: its run is the baseline of
what the app itself writes to a terminal.

Every hostile field holds ``zebra`` (one palette query finds all of them)
and most begin with :data:`CLICK`, Textual markup that must show as text.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.pty_runner import COLS
from reader.document import load_article
from reader.store import paths

from .hostile import C1_OSC, CLEAR, COLOURS, DCS, OSC_TITLE, TERMINAL_PAYLOADS
from .pty_check import RecordingSession
from .support import reader_argv, reader_env, run_cli, w3c_item, write_collection

OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # a clipboard write of "pwned" (base64)
CLICK = "[@click=app.quit]x[/]"
PAYLOADS: tuple[str, ...] = (OSC_CLIPBOARD, *TERMINAL_PAYLOADS)
# A uri keeps no spaces: only payloads that leave a valid uri once cleaned.
URI_PAYLOADS: tuple[str, ...] = (OSC_TITLE, OSC_CLIPBOARD, C1_OSC, CLEAR, DCS, COLOURS)

ARTICLE = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May. Fishermen are worried.

Costs Rise Again

The budget grew by a third. Nobody could say why. The mayor promised answers.
"""
FIRST, SECOND = "The council approved the harbour plan on Monday.", "The budget grew by a third."
IDS = [f"urn:uuid:00000000-0000-4000-8000-{n:012d}" for n in range(1, 5)]
FOREIGN_URI = "https://news.test/zebra-b"
DAMAGED_KEY = "0123456789abcdef"


@dataclass(frozen=True)
class Library:
    """A data folder (``home``) and the article to open in it."""

    home: Path
    article: Path
    hostile: bool


def _fields(hostile: bool) -> dict[str, dict[str, Any]]:
    """What each annotation (by id) holds: every payload, or none of them."""
    spike = "".join(PAYLOADS) if hostile else ""
    one = OSC_TITLE if hostile else ""
    shared = f"zebra {CLICK}{spike}"  # on three passages: first in the tags list
    return {
        IDS[0]: {"note": f"{CLICK} zebra note {spike}\nline two {spike}",
                 "tags": [shared, CLICK, f"zebra-clip{OSC_CLIPBOARD if hostile else ''}",
                          f"zebra-c1{C1_OSC if hostile else ''}"],
                 "section": f"zebra section {spike}"},
        IDS[1]: {"note": f"zebra {one}", "tags": [shared, CLICK]},
        IDS[2]: {"exact": f"{CLICK} zebra gone {spike}", "note": f"zebra detached {spike}",
                 "tags": [f"zebra-gone{one}"], "section": f"{CLICK} old section {spike}"},
        IDS[3]: {"exact": f"{CLICK} zebra passage {spike}", "note": f"{CLICK} zebra far {spike}",
                 "tags": [shared, f"zebra-b{one}"]},
    }


def foreign_uri(hostile: bool) -> str:
    return FOREIGN_URI + ("".join(URI_PAYLOADS) if hostile else "")


def foreign_record(hostile: bool) -> dict[str, str]:
    spike = "".join(PAYLOADS) if hostile else ""
    return {"title": f"{CLICK} Zebra news {spike}",
            "source": f"/srv/zebra{OSC_TITLE if hostile else ''}.txt"}


def build(folder: Path, *, hostile: bool) -> Library:
    """The article and a data folder holding its annotations and another article's."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    article = load_article(path)
    text, fields = article.text, _fields(hostile)
    items = []
    for ident, exact in zip(IDS, (FIRST, SECOND), strict=False):
        start = text.index(exact)
        items.append(w3c_item(article.uri, text, start, start + len(exact), ident,
                              note=fields[ident]["note"], tags=fields[ident]["tags"]))
    for ident, uri in ((IDS[2], article.uri), (IDS[3], foreign_uri(hostile))):
        exact = fields[ident]["exact"]
        item = w3c_item(uri, exact, 0, len(exact), ident, note=fields[ident]["note"],
                        tags=fields[ident]["tags"], color="blue")
        items.append(item)
    for item in items:
        section = fields[item["id"]].get("section")
        if section:
            item["target"]["reader:section"] = section
    home = folder / "home"
    done = run_cli(home, "import", str(write_collection(folder / "notes.json", items)))
    assert done.code == 0, done.stderr
    write_raw(home, fields, foreign_record(hostile))
    return Library(home, path, hostile)


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def write_raw(home: Path, fields: dict[str, dict[str, Any]], record: dict[str, str]) -> None:
    """Put the hostile values into the store files as they are, whatever the import kept.

    The uris stay as imported (a file is named after its article's uri).
    """
    def spike_annotations(data: dict[str, Any]) -> None:
        for doc in data.get("annotations", {}).values():
            doc.update(fields.get(doc["id"], {}))

    for shard in paths.shards_dir(home).glob("*.json"):
        _rewrite(shard, spike_annotations)

    def spike_record(data: dict[str, Any]) -> None:
        for doc in data["articles"].values():
            if doc["uri"].startswith(FOREIGN_URI):
                doc.update(record)

    _rewrite(paths.library_path(home), spike_record)


def damage(home: Path) -> None:
    """An unreadable annotation file: the store says so, naming where it put it."""
    paths.shard_path(home, DAMAGED_KEY).write_text("{not json", encoding="utf-8")


# -- driving the app ---------------------------------------------------------------

ESC, DOWN, CTRL_P = "\x1b", "\x1b[B", "\x10"
Step = tuple[str, str]
"""Keys to send, then text that must be on screen ("" when only the output must settle)."""


@dataclass(frozen=True)
class Visit:
    """The keys that show one widget from the article, and those that come back."""

    name: str
    steps: Sequence[Step]
    back: Sequence[str]


@dataclass
class Seen:
    """What a run wrote: every byte, the screen at the end of each visit, and the
    texts that never showed (a leaked control string can swallow the screen)."""

    raw: bytes
    screens: dict[str, str]
    missing: list[str]


WAIT = 10.0


def _do(session: RecordingSession, keys: str, wanted: str) -> bool:
    """Send ``keys``; False if ``wanted`` did not show (the run goes on: its bytes tell why)."""
    since = session.send(keys)
    shown = True
    if wanted:
        try:
            session.wait_for(lambda screen: wanted in screen, timeout=WAIT, since=since)
        except TimeoutError:
            shown = False
    session.settle(quiet=0.25, timeout=15, since=since)
    return shown


def run_app(
    library: Library, visits: Sequence[Visit], *, home: Path | None = None, cols: int = COLS
) -> Seen:
    """Open the article, make each visit in turn (and come back), then quit."""
    session = RecordingSession(reader_argv(str(library.article)),
                               env=reader_env(home or library.home), cols=cols)
    screens: dict[str, str] = {}
    missing: list[str] = []
    with session:
        try:
            session.wait_for(lambda screen: "council" in screen, timeout=30)
        except TimeoutError:
            missing.append("the article never showed")
        session.settle(quiet=0.3, timeout=15)
        for visit in visits:
            for keys, wanted in visit.steps:
                if not _do(session, keys, wanted):
                    missing.append(f"{visit.name}: {wanted!r} after {keys!r}")
            screens[visit.name] = session.text()
            for keys in visit.back:
                _do(session, keys, "")
        assert session.alive, "the app quit by itself"
        session.send("q")
        try:
            session.wait_exit(15)
        except subprocess.TimeoutExpired:  # a dialog still open: closing the session kills it
            missing.append("the app did not quit on q")
    return Seen(bytes(session.raw), screens, missing)
