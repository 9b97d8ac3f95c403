"""Annotations from elsewhere are untrusted: the gate at import and at load.

A file someone sends and a store file written by hand (or by an older
version) can carry escape sequences, line breaks where one line belongs and
URIs that are not URIs. These tests feed such input through the real
command line and check what comes out: no control sequence anywhere (JSON
and export files included), front matter PyYAML reads back exactly, every
Markdown line markdown-it-py reads back as the text, URIs refused in one
line, no edit lost to a re-import, no network on import, and no file
outside ``--data``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reader.annotations.clean import clean_line, clean_text
from reader.annotations.model import Annotation
from reader.document import load_article
from reader.store import paths
from reader.store.store import Store
from tests.unit.export.mdparse import read_page, split_front_matter
from tests.unit.web.server import Served, serve

from .hostile import MARKUP, OSC_TITLE, forbidden_in
from .hostile_notes import OSC_CLIPBOARD
from .support import PROJECT_ROOT, run_cli, w3c_item, write_collection

PHRASE = "We have increased our presence and our footprint"
NASTY = f"{OSC_CLIPBOARD}{OSC_TITLE}\x9b2J\u202e"
INJECTION = "\n---\ninjected: true\n# Heading\n"
NOTE = f"# not a heading {NASTY}\n---\n> quote {MARKUP}"
STAMP = "2026-01-02T03:04:05+00:00"
OUTPUTS = [("annotations", "{a}"), ("annotations", "{a}", "--json"), ("tags",),
           ("tags", "--json"), ("list",), ("list", "--json"), ("export", "{a}"),
           ("export", "--all"), ("export", "--all", "--format", "json"),
           ("export", "--all", "--format", "jsonl")]


def _uid(n: int) -> str:
    return f"urn:uuid:00000000-0000-4000-8000-{n:012d}"


def _outputs(home: Path, article: Path) -> Iterator[tuple[tuple[str, ...], bytes]]:
    for args in OUTPUTS:
        filled = tuple(a.format(a=article) for a in args)
        shown = run_cli(home, *filled)
        assert shown.code == 0, (filled, shown.stderr)
        yield filled, shown.out + shown.err


def _hand_edit(path: Path, swaps: dict[str, str]) -> None:
    """Replace placeholders in a store file with JSON-escaped hostile text, as by hand."""
    raw = path.read_text(encoding="utf-8")
    for old, new in swaps.items():
        assert old in raw, old
        raw = raw.replace(old, json.dumps(new)[1:-1])
    path.write_text(raw, encoding="utf-8")


def test_a_store_file_written_by_hand_is_cleaned_when_loaded(
    home: Path, articles: list[Path]
) -> None:
    article = load_article(articles[0])
    start = article.text.index(PHRASE)
    ann = Annotation(id=_uid(1), article=article.uri, exact=PHRASE, start=start,
                     end=start + len(PHRASE), tags=("TAGX",), note="NOTEX",
                     section="SECTIONX", created=STAMP, modified=STAMP)
    with Store.open(home) as store:
        store.put(ann)
        store.remember_article(article.uri, "TITLEX", str(articles[0]))
    _hand_edit(paths.shard_path(home, paths.article_key(article.uri)),
               {"NOTEX": f"note {NASTY} {MARKUP}", "TAGX": f"tag{NASTY}{INJECTION}",
                "SECTIONX": f"section{INJECTION}{NASTY}"})
    _hand_edit(paths.library_path(home), {"TITLEX": f"Title{NASTY}{INJECTION}"})
    assert b"\\u001b]52" in paths.shard_path(home, paths.article_key(article.uri)).read_bytes()

    for args, out in _outputs(home, articles[0]):
        assert forbidden_in(out) == [], args
        assert b"\ninjected: true" not in out and b"\n# Heading" not in out, args
    rows = run_cli(home, "annotations", str(articles[0]), "--json").json()
    assert rows[0]["note"] == clean_text(f"note {NASTY} {MARKUP}") == f"note  {MARKUP}"
    assert rows[0]["tags"] == [clean_line(f"tag{NASTY}{INJECTION}")]
    assert rows[0]["tags"] == ["tag --- injected: true # Heading"]
    listed = run_cli(home, "list", "--json").json()
    assert listed[0]["title"] == "Title --- injected: true # Heading"


def test_a_stored_annotation_whose_uri_is_not_a_uri_is_left_out(
    home: Path, articles: list[Path]
) -> None:
    article = load_article(articles[0])
    good = Annotation.create(article.uri, article.text, 0, 10)
    bad = Annotation.create("file:///elsewhere.txt", "elsewhere", 0, 9)
    with Store.open(home) as store:
        store.put(good)
        store.put(bad)
    shard = paths.shard_path(home, paths.article_key(bad.article))
    _hand_edit(shard, {"file:///elsewhere.txt": f"javascript:alert(1){INJECTION}"})
    for args, out in _outputs(home, articles[0]):
        assert forbidden_in(out) == [], args
        assert b"javascript" not in out and b"injected" not in out, args
    assert [r["id"] for r in run_cli(home, "annotations", str(articles[0]), "--json").json()] \
        == [good.id]


def test_an_export_file_has_no_controls_and_reads_back_exactly(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    """Front matter through PyYAML, the body through markdown-it-py: the exact values."""
    items = []
    for n, path in enumerate(articles):
        article = load_article(path)
        start = article.text.index(PHRASE)
        items.append(w3c_item(article.uri, article.text, start, start + len(PHRASE), _uid(n),
                              note=NOTE,
                              tags=[f"t{NASTY}: a", "- b", f"c{INJECTION}"]))
    assert run_cli(home, "import", str(write_collection(tmp_path / "n.json", items))).code == 0
    for args, name in ((("export", str(articles[0])), "one.md"), (("export", "--all"), "all.md")):
        out = tmp_path / name
        assert run_cli(home, *args, "-o", str(out)).code == 0
        data = out.read_bytes()
        assert forbidden_in(data) == []
        assert not [b for b in data if b < 0x20 and b not in b"\n\t"]
        text = data.decode("utf-8")
        front, _ = split_front_matter(text)
        meta = yaml.safe_load("\n".join(front))
        assert sorted(meta["tags"]) == ["- b", "c --- injected: true # Heading", "t: a"]
        uris = [load_article(p).uri for p in articles]
        if name == "one.md":
            assert meta["source"] == uris[0]
        else:
            assert meta["sources"] == uris
        page = read_page(text)
        assert [item.passage for item in page.items] == [PHRASE] * (1 + (name == "all.md"))
        for item in page.items:
            assert item.note == clean_text(NOTE) == f"# not a heading \n---\n> quote {MARKUP}"
        if name == "all.md":
            assert [f"Source: {u}" for u in uris] == [s for s in page.loose if "Source" in s]


@pytest.mark.parametrize(
    ("source", "why"),
    [("javascript:alert(1)", "is not a file:, http:, https: or urn: URI"),
     (f"file:///a.txt{INJECTION}", "is not a valid URI"),
     ("article.txt", "is not a file:, http:, https: or urn: URI"),
     ("https:///no-host", "no host"),
     ("file:relative.txt", "no absolute path")],
    ids=["javascript", "newline injection", "bare path", "no host", "relative file"],
)
def test_an_import_with_a_source_that_is_not_a_uri_is_refused_in_one_line(
    source: str, why: str, home: Path, articles: list[Path], tmp_path: Path
) -> None:
    article = load_article(articles[0])
    good = w3c_item(article.uri, article.text, 0, 10, _uid(1))
    bad = w3c_item(source, "some quoted text", 0, 10, _uid(2))
    refused = run_cli(home, "import", str(write_collection(tmp_path / "n.json", [good, bad])))
    assert refused.code == 1 and refused.out == b""
    [line] = refused.stderr.splitlines()
    assert line.startswith(f"reader: annotation 2 ({_uid(2)}): its source ") and why in line
    assert "injected" not in line or "\n" not in line
    assert run_cli(home, "list", "--json").json() == []  # nothing of the file was kept


def _dated(item: dict, stamp: str) -> dict:
    return {**item, "created": stamp, "modified": stamp}


def _undated(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in ("created", "modified")}


def test_re_importing_never_loses_a_local_edit(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    article = load_article(articles[0])
    start = article.text.index(PHRASE)
    sent = w3c_item(article.uri, article.text, start, start + len(PHRASE), _uid(1),
                    note="as sent", tags=["sent"])
    notes = write_collection(tmp_path / "n.json", [_dated(sent, STAMP)])
    assert run_cli(home, "import", str(notes)).stdout == "added 1, updated 0, skipped 0\n"
    with Store.open(home) as store:
        [mine] = store.annotations(article.uri)
        store.put(mine.edited(note="my own words", tags=("mine",)))

    again = run_cli(home, "import", str(notes))
    assert again.stdout.splitlines() == [
        "added 0, updated 0, skipped 1",
        "kept 1 as they are here: edited after the file's copy (or the file gives no time)"]
    [row] = run_cli(home, "annotations", str(articles[0]), "--json").json()
    assert (row["note"], row["tags"]) == ("my own words", ["mine"])

    # An incoming copy without times never replaces one that has them.
    undated = write_collection(tmp_path / "u.json", [_undated({**sent, "id": _uid(1)})])
    assert "kept 1 as they are here" in run_cli(home, "import", str(undated)).stdout
    [row] = run_cli(home, "annotations", str(articles[0]), "--json").json()
    assert row["note"] == "my own words"

    # A copy edited after ours is newer: it replaces ours, and nothing is "kept".
    later = write_collection(tmp_path / "l.json", [_dated({**sent, "body": [
        {"type": "TextualBody", "purpose": "commenting", "value": "their later words"}]},
        "2099-01-01T00:00:00+00:00")])
    assert run_cli(home, "import", str(later)).stdout == "added 0, updated 1, skipped 0\n"
    [row] = run_cli(home, "annotations", str(articles[0]), "--json").json()
    assert row["note"] == "their later words"


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serve() as served:
        yield served


def test_importing_annotations_of_a_web_page_does_not_fetch_it(
    server: Served, home: Path, tmp_path: Path
) -> None:
    url = server.url("harbour-flood.html")
    item = w3c_item(url, "The harbour flooded overnight", 0, 11, _uid(1), note="later")
    before = len(server.requests)
    imported = run_cli(home, "import", str(write_collection(tmp_path / "n.json", [item])))
    assert imported.code == 0, imported.stderr
    assert server.requests[before:] == []
    assert [r["uri"] for r in run_cli(home, "list", "--json").json()] == [url]
    assert not (home / "articles").exists()  # no offline copy made behind the user's back


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_every_command_writes_only_under_data(
    server: Served, articles: list[Path], tmp_path: Path
) -> None:
    """With ``--data`` nothing goes to the platform's folders (HOME and XDG pointed at a
    fresh folder that must stay empty), offline copies of web pages included."""
    fake_home, data = tmp_path / "user", tmp_path / "data"
    fake_home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("READER_", "XDG_"))}
    env.update(HOME=str(fake_home), XDG_DATA_HOME=str(fake_home / "share"),
               XDG_CACHE_HOME=str(fake_home / "cache"), XDG_STATE_HOME=str(fake_home / "state"),
               XDG_CONFIG_HOME=str(fake_home / "config"))
    article = load_article(articles[0])
    url = server.url("night-train.html")
    notes = write_collection(tmp_path / "n.json", [
        w3c_item(article.uri, article.text, 0, 10, _uid(1), note="n"),
        w3c_item(url, "the night train", 0, 9, _uid(2))])
    commands = [("import", str(notes)), ("outline", str(articles[0])), ("outline", url),
                ("annotations", str(articles[0])), ("annotations", url), ("tags",), ("list",),
                ("export", "--all"), ("export", url, "-o", str(tmp_path / "out.md"))]
    for args in commands:
        done = subprocess.run([sys.executable, "-m", "reader", "--data", str(data), *args],
                              capture_output=True, env=env, cwd=PROJECT_ROOT, timeout=60)
        assert done.returncode == 0, (args, done.stderr)
        assert _files(fake_home) == [], args
    assert list((data / "articles").glob("*.md")), "the page's offline copy is in --data"
    assert (tmp_path / "out.md").exists()


async def test_the_app_writes_only_under_its_data_folder(
    server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.app import make_app

    fake_home, data = tmp_path / "user", tmp_path / "data"
    fake_home.mkdir()
    for name in ("READER_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                 "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(fake_home))
    app = make_app(server.url("harbour-flood.html"), data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "4")  # highlight a sentence: the store writes
        await pilot.pause()
    assert _files(fake_home) == []
    assert list((data / "articles").glob("*.md"))
    assert len(_files(data)) >= 3  # the offline copy, its record, the annotation's shard
