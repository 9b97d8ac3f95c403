"""One export pipeline: a source, the library, an article on screen, a library record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.document import parse_text
from reader.errors import ReaderError
from reader.operations.export import ExportOptions, export_notes
from reader.store.store import Store

from .conftest import HARBOUR, Note, read


def without_stamp(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("exported:"))


def test_a_file_holds_what_the_text_shows(store: Store, harbour: Path, note: Note,
                                          tmp_path: Path) -> None:
    article = read(harbour)
    note(article, "Work starts in May.", tags=("works",), note="Late again.")
    shown = export_notes(store, str(harbour), ExportOptions())
    assert shown.path is None and shown.notes == 1
    assert "> Work starts in May." in shown.text and "#works" in shown.text
    target = tmp_path / "notes.md"
    written = export_notes(store, str(harbour), ExportOptions(path=target))
    assert written.path == target and written.text == "" and written.notes == 1
    assert without_stamp(target.read_text(encoding="utf-8")) == without_stamp(shown.text)


def test_an_existing_file_is_kept_unless_forced(store: Store, harbour: Path, note: Note,
                                                tmp_path: Path) -> None:
    note(read(harbour), "Work starts in May.")
    target = tmp_path / "notes.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(ReaderError, match="already exists"):
        export_notes(store, harbour, ExportOptions(path=target))
    assert target.read_text(encoding="utf-8") == "mine"
    export_notes(store, harbour, ExportOptions(path=target, force=True))
    assert "Work starts in May." in target.read_text(encoding="utf-8")


def test_a_missing_folder_is_an_error_unless_created(store: Store, harbour: Path,
                                                     note: Note, tmp_path: Path) -> None:
    note(read(harbour), "Work starts in May.")
    target = tmp_path / "new" / "deeper" / "notes.md"
    with pytest.raises(ReaderError, match="does not exist"):
        export_notes(store, harbour, ExportOptions(path=target))
    done = export_notes(store, harbour, ExportOptions(path=target, create_folder=True))
    assert done.path == target and target.is_file()


def test_filters_and_formats(store: Store, harbour: Path, river: Path, note: Note) -> None:
    first, second = read(harbour), read(river)
    for article, path in ((first, harbour), (second, river)):
        store.remember_article(article.uri, article.title, str(path), opened=False)
    note(first, "Work starts in May.", tags=("Civil War",), color="pink")
    note(first, "The budget grew by a third.", color="blue")
    note(second, "Heavy rain pushed the river over its banks on Sunday.", color="pink")
    everything = export_notes(store, None, ExportOptions(fmt="jsonl"))
    assert everything.notes == 3 and len(everything.text.splitlines()) == 3
    pink = export_notes(store, None, ExportOptions(colors=("pink",)))
    assert pink.notes == 2 and "budget" not in pink.text
    tagged = export_notes(store, harbour, ExportOptions(fmt="json", tags=("#civil-war",)))
    collection = json.loads(tagged.text)
    assert tagged.notes == 1 and len(collection["first"]["items"]) == 1


def test_the_article_on_screen_is_read_again_from_its_file(
    store: Store, harbour: Path, note: Note
) -> None:
    article = read(harbour)
    note(article, "Work starts in May.")
    harbour.write_text(HARBOUR.replace("Harbour Plans Approved", "Harbour Plans Shelved"),
                       encoding="utf-8")
    done = export_notes(store, article, ExportOptions())
    assert "Harbour Plans Shelved" in done.text  # what `reader export FILE` writes now
    assert done.text.count("> Work starts in May.") == 1


def test_an_article_from_stdin_is_exported_from_memory(store: Store, note: Note) -> None:
    article = parse_text(HARBOUR, uri="urn:x-reader:stdin:test")
    note(article, "Fishermen are worried.", note="Ask them.")
    done = export_notes(store, article, ExportOptions())
    assert done.notes == 1 and "> Fishermen are worried." in done.text and "Ask them." in done.text


def test_a_record_whose_file_is_gone_keeps_its_stored_quotes(
    store: Store, harbour: Path, note: Note
) -> None:
    article = read(harbour)
    store.remember_article(article.uri, article.title, str(harbour))
    note(article, "Work starts in May.")
    harbour.unlink()
    [record] = store.articles()
    done = export_notes(store, record, ExportOptions())
    assert done.notes == 1 and "Work starts in May." in done.text
