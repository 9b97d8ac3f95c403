"""One test per bug the robustness tests found, each on its own small input."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from reader.annotations.clean import clean_text
from reader.document import load_article
from reader.errors import ReaderError
from reader.export.w3c import parse_w3c
from reader.store.storage import AtomicJSONStorage
from reader.store.store import Store

from .hostile import OSC_TITLE, forbidden_in
from .support import (
    import_counts,
    reader_argv,
    run_cli,
    run_reader,
    temp_files,
    w3c_item,
    write_collection,
)


def _one(source: str, **selector: object) -> dict[str, object]:
    quote = {"type": "TextQuoteSelector", "exact": "passage"}
    return {"id": "urn:x:1", "type": "Annotation",
            "target": {"source": source, "selector": [quote, *([selector] if selector else [])]}}


def test_annotation_text_from_an_import_cannot_drive_the_terminal(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    """Notes, tags, sections, ids and uris were printed raw: ESC, C1 and bidi reached stdout."""
    article = load_article(articles[0])
    nasty = f"{OSC_TITLE}\x9b2J\u202eevil"
    item = w3c_item(article.uri, article.text, 10, 40, f"urn:x:{nasty}", note=f"n{nasty}",
                    tags=[f"t{nasty}"])
    item["target"]["reader:section"] = f"s{nasty}"
    orphan = w3c_item(f"file:///gone/{nasty}.txt", "quoted" + nasty, 0, 6, "urn:x:2")
    notes = write_collection(tmp_path / "nasty.json", [item, orphan])
    assert run_cli(home, "import", str(notes)).code == 0
    # Imported text passes the gate: no output, JSON and exports included, carries
    # a control sequence, a bidi override or the words inside a sequence.
    for args in [("annotations", str(articles[0])), ("tags",), ("list",),
                 ("annotations", str(articles[0]), "--json"), ("tags", "--json"),
                 ("list", "--json"), ("export", "--all"), ("export", "--all", "--format", "json"),
                 ("export", "--all", "--format", "jsonl")]:
        shown = run_cli(home, *args)
        assert shown.code == 0, args
        assert forbidden_in(shown.out + shown.err) == [], args
    rows = run_cli(home, "annotations", str(articles[0]), "--json").json()
    assert rows[0]["note"] == "nevil" == clean_text(f"n{nasty}")
    assert rows[0]["tags"] == ["tevil"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (json.dumps([_one("file:///a.txt", type="TextPositionSelector", start=1, end=2**70)]),
         "start <= end < 2^63"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('[{"id": "a", "x": ' + '{"y": ' * 50_000 + "1" + "}" * 50_001 + "]",
         "nested too deeply"),
    ],
    ids=["offset beyond 64 bits", "deep array", "deep object"],
)
def test_import_files_that_crashed_the_store_are_refused_in_one_line(
    document: str, message: str, home: Path, tmp_path: Path
) -> None:
    """A 2**70 offset (orjson cannot write it) and deep nesting (RecursionError) were tracebacks."""
    with pytest.raises(ReaderError, match=re.escape(message)):
        parse_w3c(document)
    path = tmp_path / "bad.json"
    path.write_text(document, encoding="utf-8")
    refused = run_reader(home, "import", str(path))
    assert refused.code == 1 and "Traceback" not in refused.stderr
    assert len(refused.err_lines()) == 1 and message in refused.stderr


def test_lone_surrogates_in_an_import_become_replacement_characters(home: Path) -> None:
    """JSON allows "\\ud83d" alone (half an emoji cut by a UTF-16 tool); the store
    could not write it, and the import ended in a traceback."""
    raw = json.dumps(_one("file:///a.txt")).replace('"passage"', '"pass\\ud83d"')
    raw = raw.replace('"urn:x:1"', '"urn:x:\\udc80"')
    [ann] = parse_w3c(raw)
    assert (ann.exact, ann.id) == ("pass\ufffd", "urn:x:\ufffd")
    path = home.parent / "surrogate.json"
    path.write_text(raw, encoding="utf-8")
    assert import_counts(run_cli(home, "import", str(path)).stdout) == (1, 0, 0)
    assert Store.open(home, mode="read").annotations("file:///a.txt")[0].exact == "pass\ufffd"


def test_import_whose_rename_fails_does_not_report_success(
    home: Path, articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed os.replace left the import in memory, printed "added 2" and exited 0: lost."""
    article = load_article(articles[0])
    notes = write_collection(tmp_path / "n.json", [
        w3c_item(article.uri, article.text, 0, 20, "urn:x:a"),
        w3c_item(article.uri, article.text, 30, 50, "urn:x:b"),
    ])
    real = os.replace

    def refuse(src: str, dst: str) -> None:
        if str(dst).startswith(str(home)):
            raise OSError(errno.EROFS, "Read-only file system")
        real(src, dst)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refuse)
        failed = run_cli(home, "import", str(notes))
    assert failed.code == 1 and failed.out == b""
    assert failed.err_lines() == [
        f"reader: import failed, nothing was changed: cannot write "
        f"{home / 'annotations'}/{_key(article.uri)}.json (Read-only file system)"
    ]
    assert Store.open(home, mode="read").annotations(article.uri) == []
    assert import_counts(run_cli(home, "import", str(notes)).stdout) == (2, 0, 0)


def test_import_that_fails_after_one_of_two_renames_says_part_was_saved(
    home: Path, articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = (load_article(p) for p in articles)
    notes = write_collection(tmp_path / "n.json", [
        w3c_item(first.uri, first.text, 0, 20, "urn:x:a"),
        w3c_item(second.uri, second.text, 0, 20, "urn:x:b"),
    ])
    real = os.replace
    renames: list[str] = []

    def second_fails(src: str, dst: str) -> None:
        if str(dst).endswith(".json") and "annotations" in str(dst):
            renames.append(str(dst))
            if len(renames) == 2:
                raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", second_fails)
        failed = run_cli(home, "import", str(notes))
    assert failed.code == 1
    (line,) = failed.err_lines()
    assert "part of it was saved; run it again to finish" in line and renames[1] in line
    again = run_cli(home, "import", str(notes))
    assert import_counts(again.stdout) == (1, 0, 1)


def _key(uri: str) -> str:
    from reader.store.paths import article_key

    return article_key(uri)


@pytest.mark.parametrize("kind", ["fifo", "stdin"])
def test_import_naming_a_pipe_as_its_article_does_not_hang(
    kind: str, home: Path, tmp_path: Path
) -> None:
    """Naming the article read it to find a title: a FIFO or /dev/stdin blocked forever."""
    target = tmp_path / "pipe"
    if kind == "fifo":
        os.mkfifo(target)
    source = target.as_uri() if kind == "fifo" else "file:///dev/stdin"
    notes = tmp_path / "pipe.json"
    notes.write_text(json.dumps([_one(source)]), encoding="utf-8")
    silent, keep_open = os.pipe()  # stdin stays open and silent, as a terminal would
    reader = subprocess.Popen(
        reader_argv("import", str(notes)), stdin=silent, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env={**os.environ, "READER_HOME": str(home)},
    )
    os.close(silent)
    timer = threading.Timer(30, reader.kill)
    timer.start()
    try:
        out, err = reader.communicate()
    finally:
        timer.cancel()
        os.close(keep_open)
    assert reader.returncode == 0, err
    assert import_counts(out.decode()) == (1, 0, 0)
    assert run_reader(home, "export", "--all", timeout=30).code == 0


def test_no_spare_link_left_when_the_backup_already_is_the_file(tmp_path: Path) -> None:
    """After a kill between backing up and renaming, ``.bak`` and the file are one inode;
    rename() between two links of one file does nothing, so the spare link stayed."""
    path = tmp_path / "library.json"
    first = AtomicJSONStorage(path)
    first.write({"t": {"1": {"v": 1}}})
    first.write({"t": {"1": {"v": 2}}})
    backup = first.backup_path
    backup.unlink()
    os.link(path, backup)  # the state such a kill leaves
    again = AtomicJSONStorage(path)
    assert again.read() == {"t": {"1": {"v": 2}}}
    again.write({"t": {"1": {"v": 3}}})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.json", "library.json.bak"]
    assert json.loads(backup.read_bytes()) == {"t": {"1": {"v": 2}}}
    assert not temp_files(tmp_path)


def test_legacy_encoded_article_with_a_control_character_is_read(tmp_path: Path) -> None:
    """charset-normalizer finds no encoding for cp1252 text holding a BEL or an ESC:
    such an article was refused as "not a text file"."""
    text = "Caf\xe9 society \u2013 a na\xefve \x1b]0;pwned\x07 \x1b[1mreport\x1b[0m. " * 4
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    article = load_article(path)
    assert "decoded as cp1252" in article.notices
    assert article.text.startswith("Caf\xe9 society \u2013 a na\xefve  report. ")
    assert "pwned" not in article.text and "\x1b" not in article.text
