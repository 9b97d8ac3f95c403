"""Library-wide annotation search: what matches, how it ranks, excerpts."""

from __future__ import annotations

import random

import pytest

from reader.annotations import search as search_module
from reader.annotations.model import Annotation
from reader.annotations.search import AnnotationSearch, excerpt, parse_query, search, tag_form

URI_A = "file:///a.txt"
URI_B = "file:///b.txt"


def ann(
    ident: str,
    exact: str,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
    modified: str = "2026-01-01T00:00:00+00:00",
    uri: str = URI_A,
) -> Annotation:
    return Annotation(
        id=ident, article=uri, exact=exact, start=0, end=len(exact), tags=tags, note=note,
        created=modified, modified=modified,
    )


def ids(results) -> list[str]:
    return [hit.annotation.id for hit in results.hits]


def test_query_terms_are_folded_and_hash_words_look_in_tags_only() -> None:
    terms = parse_query("  Tanf  #US-Military  ")
    assert [(t.text, t.tag_only) for t in terms] == [("tanf", False), ("us military", True)]
    assert parse_query("# #-") == []
    assert tag_form("US-military") == tag_form("us  MILITARY") == "us military"


def test_every_term_must_match_somewhere() -> None:
    anns = [
        ann("both", "The Tanf garrison", note="talks with Russia"),
        ann("one", "The Tanf garrison"),
        ann("other", "Russia and the US"),
    ]
    assert ids(search(anns, "tanf russia")) == ["both"]
    assert set(ids(search(anns, "russia"))) == {"both", "other"}
    assert ids(search(anns, "lataminah")) == []
    assert search(anns, "   ").hits == []


def test_ranking_tag_then_passage_then_note_then_inside_a_word() -> None:
    anns = [
        ann("inside", "a software bug"),
        ann("note-word", "nothing here", note="the war began"),
        ann("passage-word", "the war began"),
        ann("tag-start", "nothing", tags=("warfare",)),
        ann("tag-whole", "nothing", tags=("War",)),
        ann("unrelated", "peace"),
    ]
    results = search(anns, "war")
    assert ids(results) == ["tag-whole", "tag-start", "passage-word", "note-word", "inside"]
    assert [h.field for h in results.hits] == ["tag", "tag", "passage", "note", "passage"]
    assert results.matched == 5


def test_hash_terms_match_tags_only_with_dashes_as_spaces() -> None:
    anns = [
        ann("tagged", "nothing", tags=("US military",)),
        ann("text", "the us military said"),
    ]
    assert ids(search(anns, "#us-mil")) == ["tagged"]
    assert ids(search(anns, "#US-military")) == ["tagged"]
    # A plain word may be written with a dash too, and still finds the tag first.
    assert ids(search(anns, "us-military")) == ["tagged"]


def test_a_phrase_ranks_above_scattered_words_and_recency_breaks_ties() -> None:
    anns = [
        ann("scattered", "talks about a zone of de-escalation", modified="2026-03-01T00:00:00Z"),
        ann("phrase", "the de-escalation zone", modified="2026-01-01T00:00:00Z"),
        ann("older", "a zone, then de-escalation", modified="2025-01-01T00:00:00Z"),
    ]
    assert ids(search(anns, "de-escalation zone")) == ["phrase", "scattered", "older"]


def test_phrase_is_found_across_line_breaks() -> None:
    anns = [ann("broken", "the secret\nmeeting"), ann("apart", "meeting in secret")]
    assert ids(search(anns, "secret meeting")) == ["broken", "apart"]


def test_punctuation_alone_does_not_match_everything() -> None:
    anns = [ann("dash", "a - b"), ann("tagged", "words", tags=("x",))]
    assert ids(search(anns, "-")) == ["dash"]


def test_limit_keeps_the_best() -> None:
    anns = [ann(f"n{i}", "syria", modified=f"2026-01-{i + 1:02d}T00:00:00Z") for i in range(9)]
    anns.append(ann("tag", "x", tags=("syria",)))
    results = AnnotationSearch(anns).search("syria", limit=3)
    assert ids(results) == ["tag", "n8", "n7"]
    assert results.matched == 10


def test_past_the_cap_the_newest_and_the_tagged_are_ranked(monkeypatch) -> None:
    monkeypatch.setattr(search_module, "SCORE_CAP", 3)
    anns = [ann(f"n{i}", "the", modified=f"2026-01-{i + 1:02d}T00:00:00Z") for i in range(8)]
    anns.insert(0, ann("old-tag", "x", tags=("the",), modified="2020-01-01T00:00:00Z"))
    results = AnnotationSearch(anns).search("the", limit=10)
    assert ids(results) == ["old-tag", "n7", "n6", "n5"]
    assert results.matched == 9


def _reference(anns: list[Annotation], query: str) -> set[str]:
    """Brute force: every term in a tag (tag form) or in the passage or note."""
    found = set()
    for a in anns:
        tags = [tag_form(t) for t in a.tags]
        text = " ".join(a.exact.split()).casefold() + "\n" + " ".join(a.note.split()).casefold()
        def hit(term) -> bool:
            in_tags = any(term.tag and term.tag in t for t in tags)  # noqa: B023
            return in_tags or (not term.tag_only and term.text in text)  # noqa: B023

        if all(hit(term) for term in parse_query(query)):
            found.add(a.id)
    return found


@pytest.mark.parametrize("seed", range(5))
def test_matches_agree_with_a_brute_force_reference(seed: int) -> None:
    rng = random.Random(seed)
    words = ["tanf", "Syria", "de-escalation", "zone", "US", "military", "talks", "war", "a"]
    tags = ["Tanf", "US military", "war crimes", "Russia"]
    anns = [
        ann(
            f"a{i}",
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))),
            tags=tuple(rng.sample(tags, rng.randint(0, 2))),
            note=" ".join(rng.choice(words) for _ in range(rng.randint(0, 4))),
            modified=f"2026-01-01T00:00:{i % 60:02d}Z",
        )
        for i in range(120)
    ]
    index = AnnotationSearch(anns)
    for _ in range(30):
        query = " ".join(
            ("#" if rng.random() < 0.2 else "") + rng.choice(words + tags)[: rng.randint(1, 6)]
            for _ in range(rng.randint(1, 2))
        )
        results = index.search(query, limit=1000)
        assert set(ids(results)) == _reference(anns, query), query
        assert results.matched == len(results.hits)
        scores = [h.score for h in results.hits]
        assert scores == sorted(scores, reverse=True)


def test_excerpt_cuts_around_the_first_match_and_marks_every_word() -> None:
    text = "Word " * 30 + "the Secret meeting at Tanf " + "more " * 30
    shown, spans = excerpt(text, "secret tanf", width=40)
    assert len(shown) == 40
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[s:e].casefold() for s, e in spans] == ["secret", "tanf"]


def test_excerpt_of_short_text_is_whole_and_flat() -> None:
    shown, spans = excerpt("Two\nlines  here", "lines", width=40)
    assert shown == "Two lines here"
    assert spans == [(4, 9)]
    assert excerpt("Nothing matches", "zzz", width=8) == ("Nothing…", [])
