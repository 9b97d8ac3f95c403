"""The library's plain helpers: times, sources, file names, sorting, placing a passage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.annotations.model import Annotation
from reader.document import parse_text
from reader.operations.listing import filter_records, short_source, sort_records, when
from reader.operations.opening import place
from reader.operations.removal import export_path, removal_question, slug
from reader.store.store import ArticleRecord

NOW = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)


def ago(**delta: float) -> str:
    return (NOW - timedelta(**delta)).isoformat()


def test_when_is_relative_then_a_date() -> None:
    assert when("", NOW) == "never"
    assert when("not a time", NOW) == "?"
    assert when(ago(seconds=20), NOW) == "just now"
    assert when(ago(seconds=-300), NOW) == "just now"  # a clock that ran ahead
    assert when(ago(minutes=5), NOW) == "5 min ago"
    assert when(ago(hours=3, minutes=59), NOW) == "3 h ago"
    assert when(ago(hours=30), NOW) == "yesterday"
    assert when(ago(days=6), NOW) == "6 days ago"
    assert when(ago(days=40), NOW) == "2026-01-31"
    assert when("2026-03-01T10:00:00", NOW) == "2026-03-01"  # no zone: read as UTC


def test_short_source_keeps_the_file_name() -> None:
    home = Path("/home/ann")
    assert short_source("/home/ann/news/tanf.txt", 40, home) == "~/news/tanf.txt"
    assert short_source("/home/annex/x.txt", 40, home) == "/home/annex/x.txt"
    long = "/home/ann/" + "deep/" * 10 + "article.txt"
    shown = short_source(long, 24, home)
    assert len(shown) == 24 and shown.endswith("…/article.txt") and shown.startswith("~/deep")
    assert short_source("https://example.org/news/2017/tanf/", 40, home) == (
        "example.org/news/2017/tanf"
    )
    assert short_source("-", 10, home) == "standard input"
    named = short_source("/x/" + "n" * 50 + ".txt", 20, home)
    assert len(named) == 20 and named.endswith(".txt")


def test_slug_makes_a_safe_file_name() -> None:
    assert slug("US military: “We are prepared”") == "us-military-we-are-prepared"
    assert slug("Zürich écoles ../../etc") == "zurich-ecoles-etc"
    assert slug("“”") == "article"
    assert len(slug("word " * 40)) <= 60


def test_export_path_never_replaces_an_earlier_export(tmp_path: Path) -> None:
    first = export_path(tmp_path, "Tanf", "2026-03-12")
    assert first == tmp_path / "removed" / "tanf-2026-03-12.md"
    first.parent.mkdir()
    first.write_text("earlier")
    assert export_path(tmp_path, "Tanf", "2026-03-12").name == "tanf-2026-03-12-2.md"


def record(title: str, count: int, opened: str, source: str = "") -> ArticleRecord:
    return ArticleRecord(f"file:///{title}", title, source or f"/n/{title}.txt", count, opened, 0)


def test_sort_and_filter_records() -> None:
    records = [
        record("beta", 1, "2026-03-02"), record("Alpha", 5, ""), record("gamma", 5, "2026-03-05"),
    ]
    assert [r.title for r in sort_records(records, "opened")] == ["gamma", "beta", "Alpha"]
    assert [r.title for r in sort_records(records, "title")] == ["Alpha", "beta", "gamma"]
    assert [r.title for r in sort_records(records, "notes")] == ["Alpha", "gamma", "beta"]
    assert [r.title for r in filter_records(records, "  ALP ")] == ["Alpha"]
    assert [r.title for r in filter_records(records, "/n/g")] == ["gamma"]
    assert filter_records(records, "") == records


def test_removal_question_is_plain_text() -> None:
    question = removal_question(record("[@click=app.quit]y", 2, ""), Path("/data"))
    assert question.splitlines() == [
        "Remove “[@click=app.quit]y” from the library?",
        "Its 2 notes are first exported to /data/removed/.",
        "The annotation file is kept aside, not deleted.",
    ]
    assert removal_question(record("Empty", 0, ""), None) == "Remove “Empty” from the library?"


TEXT = """Harbour Plans Approved

The council approved the harbour plan on Monday. Work starts in May.
"""


def test_place_anchors_the_passage_in_the_current_text() -> None:
    before = parse_text(TEXT, uri="file:///h.txt")
    start = TEXT.index("Work starts")
    ann = Annotation.create(before.uri, before.text, start, start + len("Work starts in May."))
    assert place(before, ann, 0) == (start, "")
    edited = parse_text(TEXT.replace("Harbour Plans", "Harbour Plans Finally"), uri=before.uri)
    assert place(edited, ann, 0) == (edited.text.index("Work starts"), "")
    gone = parse_text(TEXT.replace("Work starts in May.", "Nothing."), uri=before.uri)
    offset, notice = place(gone, ann, 7)
    assert offset == 0 and "“Work starts in May.” is no longer in the article" in notice
    assert place(gone, None, 7) == (7, "")
    assert place(gone, None, 10**6) == (len(gone.text), "")
