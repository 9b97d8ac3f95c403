"""build_export places annotations; filter_items selects them."""

from __future__ import annotations

import importlib.util

import pytest

from reader.annotations.model import Anchor
from reader.export.model import build_export, filter_items

from .factories import SECTION_TITLES, ann, exact_anchor, sample_article


def test_items_are_in_document_order_with_orphans_last() -> None:
    article = sample_article()
    text = article.text
    late = ann(text, "Alaa Mahmoud, a local activist", n=1, section="old title")
    early = ann(text, "Colonel Ryan Dillon", n=2)
    gone_b = ann(text, "Colonel Ryan Dillon", n=3, section="was here")
    gone_a = ann(text, "The US military said", n=4)
    anchors = [exact_anchor(late, text), exact_anchor(early, text),
               Anchor("orphan"), Anchor("orphan")]
    export = build_export(article, "uri", "Title", [late, early, gone_b, gone_a],
                          anchors=anchors)
    assert (export.uri, export.title) == ("uri", "Title")
    assert [i.annotation.id for i in export.items] == [early.id, late.id, gone_a.id, gone_b.id]
    assert [i.state for i in export.items] == ["anchored", "anchored", "orphan", "orphan"]
    assert export.attached == export.items[:2] and export.orphans == export.items[2:]


def test_attached_items_get_current_text_section_and_paragraph() -> None:
    article = sample_article()
    text = article.text
    a = ann(text, "A resident of the town of Lataminah", n=1, section="stale section")
    moved = len("A resident of the town")
    fuzzy = Anchor("fuzzy", a.start + moved, a.end + moved)  # pretend the text moved
    [exact_item] = build_export(article, "u", "t", [a], anchors=[exact_anchor(a, text)]).items
    assert exact_item.section == SECTION_TITLES[2]  # current section, not the stored one
    assert exact_item.paragraph == 1
    assert exact_item.text_now == a.exact
    [fuzzy_item] = build_export(article, "u", "t", [a], anchors=[fuzzy]).items
    assert fuzzy_item.state == "fuzzy"
    assert (fuzzy_item.start, fuzzy_item.end) == (fuzzy.start, fuzzy.end)
    assert fuzzy_item.text_now == text[fuzzy.start : fuzzy.end]


@pytest.mark.parametrize(
    ("phrase", "section", "paragraph"),
    [
        ("The US military said on Thursday", 0, 1),
        ("Syria Daily, May 31", 0, 4),
        ("Dillon said on Thursday that a small number", 0, 9),
        ("US and Russian officials, as well as Jordanian", 1, 1),
        ("TOP PHOTO", 1, 7),
        ("Regime helicopters knocked", 2, 4),
    ],
)
def test_paragraph_numbers_count_blocks_within_the_section(
    phrase: str, section: int, paragraph: int
) -> None:
    article = sample_article()
    a = ann(article.text, phrase)
    [it] = build_export(article, "u", "t", [a], anchors=[exact_anchor(a, article.text)]).items
    assert (it.section, it.paragraph) == (SECTION_TITLES[section], paragraph)


def test_a_passage_starting_in_a_heading_has_no_paragraph_number() -> None:
    article = sample_article()
    a = ann(article.text, "The Destruction of Lataminah")
    [it] = build_export(article, "u", "t", [a], anchors=[exact_anchor(a, article.text)]).items
    assert (it.section, it.paragraph) == (SECTION_TITLES[2], None)


def test_a_passage_starting_between_blocks_counts_as_the_next_block() -> None:
    article = sample_article()
    start = article.text.index("\n\nA Baghdad-based")
    a = ann(article.text, "\n\nA Baghdad-based")
    [it] = build_export(article, "u", "t", [a],
                        anchors=[Anchor("anchored", start, a.end)]).items
    assert it.paragraph == 2


def test_without_the_article_every_item_is_an_orphan_keeping_its_quote() -> None:
    text = sample_article().text
    b = ann(text, "Colonel Ryan Dillon", n=1, section=SECTION_TITLES[0])
    a = ann(text, "The US military said", n=2, section=SECTION_TITLES[0])
    export = build_export(None, "file:///gone.txt", "Gone", [b, a])
    assert [i.annotation.id for i in export.items] == [a.id, b.id]  # stored order
    assert all(i.state == "orphan" and i.paragraph is None for i in export.items)
    assert [i.text_now for i in export.items] == [a.exact, b.exact]
    assert [i.section for i in export.items] == [SECTION_TITLES[0]] * 2
    assert [(i.start, i.end) for i in export.items] == [(a.start, a.end), (b.start, b.end)]


def test_anchors_must_match_the_annotations() -> None:
    article = sample_article()
    a = ann(article.text, "Colonel")
    with pytest.raises(ValueError):
        build_export(article, "u", "t", [a], anchors=[])


@pytest.mark.skipif(
    importlib.util.find_spec("reader.annotations.anchoring") is None,
    reason="anchoring is not available",
)
def test_anchors_are_computed_when_not_given() -> None:
    article = sample_article()
    text = article.text
    a = ann(text, "Colonel Ryan Dillon", n=1)
    lost = ann(text + " an entirely different sentence that is not there", "an entirely "
               "different sentence that is not there", n=2)
    export = build_export(article, "u", "t", [lost, a])
    assert [(i.annotation.id, i.state) for i in export.items] == [(a.id, "anchored"),
                                                                  (lost.id, "orphan")]


def _tagged_export():
    article = sample_article()
    text = article.text
    anns = [
        ann(text, "Colonel", n=1, tags=("Civil War", "Tanf"), color="pink"),
        ann(text, "Tanf base", n=2, tags=("tanf",), color="yellow"),
        ann(text, "Lataminah", n=3, color="green"),
        ann(text, "Hama", n=4, tags=("Hama",), color="PINK"),
    ]
    return build_export(article, "u", "t", anns,
                        anchors=[exact_anchor(x, text) for x in anns])


def ids(export) -> list[int]:
    return [int(i.annotation.id[-3:]) for i in export.items]


@pytest.mark.parametrize(
    ("tags", "colors", "expected"),
    [
        ((), (), [1, 2, 3, 4]),
        (("TANF",), (), [1, 2]),
        (("#tanf",), (), [1, 2]),
        (("civil-war",), (), [1]),
        (("Civil  War",), (), [1]),
        (("hama", "civil war"), (), [1, 4]),
        ((), ("pink",), [1, 4]),
        ((), ("green", "yellow"), [2, 3]),
        (("tanf",), ("pink",), [1]),
        (("nothing",), (), []),
    ],
)
def test_filters(tags: tuple[str, ...], colors: tuple[str, ...], expected: list[int]) -> None:
    export = _tagged_export()
    filtered = filter_items(export, tags=tags, colors=colors)
    assert ids(filtered) == expected
    assert (filtered.uri, filtered.title) == (export.uri, export.title)
