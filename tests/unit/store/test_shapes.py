"""The shape check of the store's files: what a good file may look like, what is damage.

Good: anything reader writes, an empty or half-written-to file, records with
fields added by another version or missing (the loader's business). Damaged:
an unknown table, a table or record that is not an object, a document id that
is not a number, a known field of the wrong type, even in one record among
thousands.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson
import pytest

from reader.annotations.model import Annotation
from reader.store import library, paths, shapes, shard
from reader.store.shapes import ARTICLE_FILE, LIBRARY_FILE, parse
from reader.store.store import Store
from tests.unit.samples import URI_A, URI_B, make


def article_file(n: int = 3, **changes: Any) -> dict[str, Any]:
    """An article file as the store writes it, record "2" changed by ``changes``."""
    docs = {str(i): make(start=i, end=i + 5, tags=("war",)).to_dict() for i in range(1, n + 1)}
    docs["2"].update(changes)
    return {"annotations": docs, "meta": {"1": {"uri": URI_A, "format": 1}}}


def library_file(**changes: Any) -> dict[str, Any]:
    record = {"uri": URI_A, "key": paths.article_key(URI_A), "title": "A", "source": "/a.txt",
              "count": 2, "last_opened": "2026-01-01T00:00:00+00:00", "position": 7,
              "tags": {"war": ["War", 2, "2026-01-01T00:00:00+00:00"]}, "shard": [1, 2, 3]}
    record.update(changes)
    return {"articles": {"1": record}, "settings": {"1": {"theme": "dark", "width": 80}}}


def test_table_names_agree_with_the_modules_that_write_them() -> None:
    assert set(ARTICLE_FILE.tables) == {shard.ANNOTATIONS, shard.META}
    assert set(LIBRARY_FILE.tables) == {library.ARTICLES, library.SETTINGS}


def test_annotation_fields_agree_with_the_model() -> None:
    written = make(tags=("a",)).to_dict()
    assert set(shapes.ANNOTATION_FIELDS) == {f.name for f in fields(Annotation)} == set(written)
    assert {k: type(v) for k, v in written.items()} == shapes.ANNOTATION_FIELDS


def test_files_the_store_writes_are_good(root: Path) -> None:
    with Store.open(root) as store:
        store.remember_article(URI_A, "A", "/a.txt")
        store.put(make(URI_A, tags=("x", "Y")))
        store.put(make(URI_B, 20, 30, note="n"))
        store.set_position(URI_A, 12)
        store.set_setting("theme", {"name": "dark"})
        store.delete(URI_B, store.annotations(URI_B)[0].id)
    assert parse((root / "library.json").read_bytes(), LIBRARY_FILE)[1] == ""
    for path in paths.shards_dir(root).glob("*.json"):
        assert parse(path.read_bytes(), ARTICLE_FILE)[1] == "", path


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"meta": {}},
        {"annotations": {}},
        {"meta": {"1": {"uri": URI_A}}},  # annotations all removed, or none yet
        article_file(),
        article_file(colour="teal", anchor={"v": 2}),  # a newer version's extra fields
        article_file(tags=[]),
    ],
    ids=repr,
)
def test_good_article_files(data: dict[str, Any]) -> None:
    assert ARTICLE_FILE(data) is None


@pytest.mark.parametrize("missing", ["id", "start", "tags", "note", "section"])
def test_missing_fields_are_left_to_the_loader(missing: str) -> None:
    data = article_file()
    del data["annotations"]["2"][missing]
    assert ARTICLE_FILE(data) is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"annotationz": {}}, "unknown table 'annotationz'"),
        ({**article_file(), "_default": {}}, "unknown table '_default'"),
        ({"articles": {}}, "unknown table 'articles'"),  # library.json's table here
        ({"annotations": {"x": make().to_dict()}}, "annotations has 'x' where a document id"),
        ({"annotations": {"1": "oops"}}, "annotations record '1' is a string, not a record"),
        ({"annotations": {"1": [1, 2]}}, "annotations record '1' is a list, not a record"),
        (article_file(start="7"), "annotations record '2' start is a string, not an integer"),
        (article_file(end=7.0), "annotations record '2' end is a number, not an integer"),
        (article_file(start=True), "annotations record '2' start is true/false, not an integer"),
        (article_file(tags="war"), "annotations record '2' tags is a string, not a list"),
        (article_file(tags=["war", 3]), "annotations record '2' tags hold an integer"),
        (article_file(note=None), "annotations record '2' note is null, not a string"),
        (article_file(id=12), "annotations record '2' id is an integer, not a string"),
        ({"meta": {"1": {"uri": 5}}}, "meta record '1' uri is an integer, not a string"),
        ({"meta": {"1": {"uri": URI_A, "format": "1"}}}, "meta record '1' format is a string"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_damaged_article_files(data: dict[str, Any], reason: str) -> None:
    found = ARTICLE_FILE(data)
    assert found is not None and found.startswith(reason), found


def test_one_bad_record_among_thousands_damages_the_file() -> None:
    data = article_file(5000)
    data["annotations"]["4321"]["start"] = "12"
    assert ARTICLE_FILE(data) == "annotations record '4321' start is a string, not an integer"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"settings": {"1": {"anything": [1, None]}}},
        {"articles": {}},
        library_file(),
        library_file(shard=None, tags={}),
        library_file(tags={"war": ["War", 2]}),  # older counts without the time
        library_file(pinned=True),  # a newer version's field
        {"articles": {"1": {"uri": URI_A}}},
    ],
    ids=repr,
)
def test_good_library_files(data: dict[str, Any]) -> None:
    assert LIBRARY_FILE(data) is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"articlez": {}}, "unknown table 'articlez'"),
        ({"annotations": {}}, "unknown table 'annotations'"),
        ({"articles": {"1": "file:///a.txt"}}, "articles record '1' is a string, not a record"),
        ({"articles": {"1": {"title": "no uri"}}}, "articles record '1' has no uri"),
        (library_file(count="2"), "articles record '1' count is a string, not an integer"),
        (library_file(tags=["war"]), "articles record '1' tags is a list, not an object"),
        (library_file(tags={"war": 2}), "articles record '1' tag 'war' is not [name, count"),
        (library_file(tags={"war": ["War", "2"]}), "articles record '1' tag 'war' is not"),
        (library_file(shard=[1, 2]), "articles record '1' shard is not null or three integers"),
        (library_file(shard="1 2 3"), "articles record '1' shard is not null"),
        ({"settings": {"1": 42}}, "settings record '1' is an integer, not a record"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_damaged_library_files(data: dict[str, Any], reason: str) -> None:
    found = LIBRARY_FILE(data)
    assert found is not None and found.startswith(reason), found


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"{nope", "not valid JSON"),
        (b"[1, 2]", "wrong shape: not a JSON object"),
        (b'{"annotations": [1]}', "wrong shape: table 'annotations' is a list, not an object"),
        (b'{"annotationz": {}}', "wrong shape: unknown table 'annotationz'"),
    ],
)
def test_parse_says_why(raw: bytes, reason: str) -> None:
    assert parse(raw, ARTICLE_FILE) == (None, reason)


def test_parse_without_a_shape_only_wants_objects_of_objects() -> None:
    assert parse(b'{"annotationz": {"1": 5}}', None) == ({"annotationz": {"1": 5}}, "")


def test_names_from_the_file_are_shown_escaped_and_short() -> None:
    found = ARTICLE_FILE({"\x1b]0;pwned\x07" + "x" * 100: {}})
    assert found is not None and "\x1b" not in found and "\x07" not in found
    assert len(found) < 70


def test_well_formed_records_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(doc: object) -> str | None:
        raise AssertionError("the per-field check ran on a well-formed record")

    monkeypatch.setattr(shapes, "_annotation_problem", slow)
    assert ARTICLE_FILE(orjson.loads(orjson.dumps(article_file(200)))) is None
