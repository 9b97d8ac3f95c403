"""Markdown export: layout, grouping, escaping of hostile passages and notes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.annotations.model import Annotation
from reader.export.markdown import to_markdown
from reader.export.model import ExportArticle, ExportItem

from .mdparse import WITH_HTML, read_page, split_front_matter
from .sample import sample_export

SNAPSHOT = Path(__file__).parent / "snapshots" / "sample-export.md"
EXPORTED = "2017-06-10T08:00:00+00:00"

HOSTILE_PASSAGE = (
    "# not a heading\n> not nested\n---\n<b>bold</b> *a* _b_ `c` [x](y) | cell | "
    "back\\slash\n  leading and trailing  \n\n\n1. not a list\n+ nor this\n- nor this\n"
    "<http://example.org> &amp; &copy; ~~no~~ ===\n"
)
HOSTILE_NOTE = (
    "# x\n> y\n---\n<b>bold</b> and <script>alert(1)</script>\n\n"
    "1. one\n- two\n    code?\n`tick` *star* _under_ [link](http://x) &amp;\\"
)


def item(
    n: int,
    exact: str,
    *,
    start: int | None = None,
    section: str = "Section",
    paragraph: int | None = 1,
    tags: tuple[str, ...] = (),
    color: str = "yellow",
    note: str = "",
    state: str = "anchored",
) -> ExportItem:
    pos = n * 100 if start is None else start
    a = Annotation(
        id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}", article="file:///a.txt", exact=exact,
        start=pos, end=pos + len(exact), color=color, tags=tags, note=note, section=section,
        created="2020-01-01T00:00:00+00:00", modified="2020-01-01T00:00:00+00:00",
    )
    return ExportItem(a, state, pos, pos + len(exact), exact, section,  # type: ignore[arg-type]
                      None if state == "orphan" else paragraph)


def article(*items: ExportItem, title: str = "A: “title”", uri: str = "file:///a.txt"):
    return ExportArticle(uri, title, tuple(items))


def front_matter(markdown: str) -> dict[str, object]:
    """Each line ``key: value`` with a JSON value (our YAML is JSON-compatible)."""
    lines, _ = split_front_matter(markdown)
    out: dict[str, object] = {}
    for line in lines:
        key, sep, value = line.partition(": ")
        assert sep and key.isidentifier(), line
        out[key] = json.loads(value)
    return out


def test_hostile_passage_and_note_come_back_exactly() -> None:
    md = to_markdown([article(item(1, HOSTILE_PASSAGE, note=HOSTILE_NOTE, tags=("t",)))],
                     exported=EXPORTED)
    assert md.split("\n").count("---") == 2  # only the front matter's delimiters
    for parser in (None, WITH_HTML):
        page = read_page(md) if parser is None else read_page(md, parser)
        assert [i.passage for i in page.items] == [HOSTILE_PASSAGE]
        assert page.items[0].note == HOSTILE_NOTE
        assert page.headings == [(1, "A: “title”"), (2, "Section")]  # no heading from `# x`
        opened = [t for t in page.tokens if t.type == "blockquote_open"]
        assert len(opened) == 1  # `> y` stays in the note, `> not nested` in the passage
        assert not [t for t in page.tokens if t.type in ("html_block", "hr", "code_block")]


def test_raw_html_in_notes_and_passages_does_not_render() -> None:
    md = to_markdown([article(item(1, "<b>p</b>", note="<b>n</b>"))], exported=EXPORTED)
    html = WITH_HTML.render(split_front_matter(md)[1])
    assert "<b>" not in html
    assert html.count("&lt;b&gt;") == 2


def test_front_matter_quotes_titles_and_counts() -> None:
    title = 'Report: “De-Escalation” — "quoted": yes # no comment'
    md = to_markdown(
        [article(item(1, "a", tags=("Beta", "alpha")), item(2, "b", tags=("beta",)),
                 item(3, "c", state="orphan"), title=title)],
        exported=EXPORTED,
    )
    assert front_matter(md) == {
        "title": title, "source": "file:///a.txt", "exported": EXPORTED,
        "annotations": 3, "detached": 1, "tags": ["alpha", "Beta"],
    }
    assert md.startswith("---\n")
    assert "\n# Report: “De-Escalation” — \"quoted\": yes \\# no comment\n" in md


def test_exported_time_defaults_to_now() -> None:
    fm = front_matter(to_markdown([article(item(1, "a"))]))
    assert isinstance(fm["exported"], str) and fm["exported"].endswith("+00:00")


def test_grouped_by_section_in_document_order_orphans_last() -> None:
    md = to_markdown([article(
        item(1, "one", section="First", paragraph=2),
        item(2, "two", section="First", paragraph=5),
        item(3, "three", section="Second", paragraph=1),
        item(9, "gone", section="First", state="orphan", tags=("x",)),
    )], exported=EXPORTED)
    page = read_page(md)
    assert [h for _, h in page.headings] == ["A: “title”", "First", "Second", "Detached notes"]
    assert [(i.heading, i.passage) for i in page.items] == [
        ("First", "one"), ("First", "two"), ("Second", "three"), ("Detached notes", "gone")]
    assert page.items[0].meta == "yellow · paragraph 2"
    assert page.items[3].meta == "#x · yellow · was in: First"
    assert len(page.loose) == 1  # the detached-notes explanation


def test_grouped_by_tag_lists_an_item_under_each_of_its_tags() -> None:
    md = to_markdown([article(
        item(1, "one", tags=("war", "Civil rights")),
        item(2, "two"),
        item(3, "three", tags=("WAR",)),
        item(4, "gone", state="orphan", tags=("war",)),
    )], group="tag", exported=EXPORTED)
    page = read_page(md)
    assert [h for _, h in page.headings] == [
        "A: “title”", "#Civil-rights", "#war", "Untagged", "Detached notes"]
    assert [(i.heading, i.passage) for i in page.items] == [
        ("#Civil-rights", "one"), ("#war", "one"), ("#war", "three"), ("Untagged", "two"),
        ("Detached notes", "gone")]
    assert page.items[0].meta == "#war #Civil-rights · yellow · Section, paragraph 1"


def test_ungrouped_has_no_group_headings() -> None:
    md = to_markdown([article(item(2, "b"), item(1, "a", section="S", paragraph=None))],
                     group="none", exported=EXPORTED)
    page = read_page(md)
    assert page.headings == [(1, "A: “title”")]
    assert [i.passage for i in page.items] == ["b", "a"]  # the items' order is kept
    assert page.items[1].meta == "yellow · S"


def test_fuzzy_items_say_the_text_changed() -> None:
    md = to_markdown([article(item(1, "a", state="fuzzy"))], exported=EXPORTED)
    assert "approximate match" in read_page(md).items[0].meta


def test_hostile_tags_colour_and_section_stay_text() -> None:
    it = item(1, "a", tags=("#", "<i>x</i>", "a*b"), color="- red", section="# S |")
    for group in ("section", "tag", "none"):
        page = read_page(to_markdown([article(it)], group=group, exported=EXPORTED))  # type: ignore[arg-type]
        assert page.items[0].meta.startswith("## #<i>x</i> #a*b · - red")
    page = read_page(to_markdown([article(it)], exported=EXPORTED))
    assert page.headings[1] == (2, "# S |")


def test_several_articles_each_under_its_own_title() -> None:
    first = article(item(1, "a", tags=("t",)), title="First")
    second = article(item(2, "b", state="orphan"), title="Second", uri="file:///b.txt")
    md = to_markdown([first, second], exported=EXPORTED)
    fm = front_matter(md)
    assert fm["articles"] == 2 and fm["annotations"] == 2 and fm["detached"] == 1
    assert fm["sources"] == ["file:///a.txt", "file:///b.txt"]
    page = read_page(md)
    assert page.headings == [(1, "First"), (2, "Section"), (1, "Second"), (2, "Detached notes")]
    assert page.loose[0] == "Source: file:///a.txt"


def test_no_annotations_says_so() -> None:
    md = to_markdown([article()], exported=EXPORTED)
    assert front_matter(md)["annotations"] == 0
    assert read_page(md).loose == ["No annotations."]


def test_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError):
        to_markdown([], group="colour")  # type: ignore[arg-type]


def test_sample_export_matches_snapshot() -> None:
    rendered = to_markdown([sample_export()], exported=EXPORTED)
    if os.environ.get("READER_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    elif not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing; run with READER_UPDATE_SNAPSHOTS=1 to write it")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")
    page = read_page(rendered)
    export = sample_export()
    assert [i.passage for i in page.items] == [i.text_now for i in export.items]
    assert [i.note for i in page.items] == [i.annotation.note for i in export.items]
