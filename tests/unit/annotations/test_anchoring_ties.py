"""Equally good places for one passage: the stored position breaks the tie.

The cases with a quote that has a typo and no context follow the Hypothesis
client's `matchQuote` tests (hypothesis/client,
src/annotator/anchoring/test/match-quote-test.js: "uses `hint` as a
tie-breaker to choose between matches with close scores" (the "befor us"
quote), "scores matches based on quote similarity" and "finds match with best
context match"). The words and data here are our own. One difference is on
purpose: without a hint Hypothesis takes the first match, while here an
approximate tie without a stored position is an orphan. Guessing would be a
wrong anchor half the time.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.annotations.anchoring import anchor, anchor_all
from reader.annotations.model import Anchor, Annotation

from .test_anchoring_properties import WORDS

URI = "file:///ties.txt"

# -- a quote with a typo, without context (after Hypothesis's "befor us") ----------

EVENINGS = (
    "In June, said my brother, we had the long evenings before us and the lake to "
    "ourselves. In September, said my sister, we had the long evenings before us "
    "still, but the water was cold."
)
PHRASE = "the long evenings before us"
TYPO = "the long evenings befor us"
FIRST = EVENINGS.index(PHRASE)
SECOND = EVENINGS.index(PHRASE, FIRST + 1)


def bare(exact: str, start: int) -> Annotation:
    """A quote-only annotation (no prefix or suffix), with a position unless ``start < 0``."""
    end = start + len(exact) if start >= 0 else -1
    return Annotation(id="urn:uuid:t", article=URI, exact=exact, start=start, end=end)


def test_two_equal_places_without_context_are_really_tied() -> None:
    assert EVENINGS.count(PHRASE) == 2
    assert TYPO not in EVENINGS


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        (FIRST, FIRST),  # the stored position points at the first place ...
        (SECOND, SECOND),  # ... or at the second
        (SECOND - 20, SECOND),  # near, not on: the nearer one
        (FIRST + 15, FIRST),
        (len(EVENINGS) + 100, SECOND),  # out of range: clamped, still a hint
    ],
)
def test_the_stored_position_breaks_a_tie_of_approximate_matches(hint: int, expected: int) -> None:
    result = anchor(bare(TYPO, hint), EVENINGS)
    assert result == Anchor("fuzzy", expected, expected + len(PHRASE))


def test_an_approximate_tie_without_a_position_is_an_orphan() -> None:
    # Hypothesis's matchQuote takes the first match here; a guess is a wrong anchor.
    assert anchor(bare(TYPO, -1), EVENINGS) == Anchor("orphan")
    assert anchor_all([bare(TYPO, -1)], EVENINGS) == [Anchor("orphan")]


def test_a_single_approximate_match_without_a_position_is_still_found() -> None:
    once = EVENINGS[: SECOND - 1] + "."
    assert anchor(bare(TYPO, -1), once) == Anchor("fuzzy", FIRST, FIRST + len(PHRASE))


@pytest.mark.parametrize("near", ["first", "second"])
def test_a_better_match_farther_away_beats_a_worse_nearer_one(near: str) -> None:
    # After "scores matches based on quote similarity": two edits lose to one edit,
    # wherever the stored position points.
    worse, better = "the long evening befor us", "the long evenings befor us"
    if near == "first":
        text = EVENINGS.replace(PHRASE, worse, 1).replace(PHRASE, better, 1)
        hint = text.index(worse)
    else:
        text = EVENINGS.replace(PHRASE, better, 1).replace(PHRASE, worse, 1)
        hint = text.index(worse)
    result = anchor(bare(PHRASE, hint), text)
    assert result == Anchor("fuzzy", text.index(better), text.index(better) + len(better))


@pytest.mark.parametrize(
    "prefix",
    [
        "ber, said my sister, we had ",  # the stored context, verbatim
        "ber, said my sistr, we hade ",  # ... or approximately (Hypothesis's "we had nout")
    ],
)
def test_context_beats_the_position(prefix: str) -> None:
    # After "finds match with best context match": the position points at the first
    # place, the stored context at the second; the context wins.
    ann = replace(bare(TYPO, FIRST), prefix=prefix)
    assert anchor(ann, EVENINGS) == Anchor("fuzzy", SECOND, SECOND + len(PHRASE))


# -- a paragraph that stands twice, context and all ------------------------------------

NOTE = (
    "Editor's note: the figures in this report come from the regional health ofice "
    "and were not independently checked by our reporters."
)
ARTICLE = (
    "Clinics in the valley\n\n" + NOTE + "\n\n"
    "Waiting times at the three clinics in the valley rose again this spring, and two of "
    "them now close at noon on Fridays.\n\n"
    "The district council will discuss the clinics' budget next month.\n\n" + NOTE
)
QUOTE = "come from the regional health ofice"
CORRECTED = ARTICLE.replace("health ofice", "health office")
FIXED = QUOTE.replace("ofice", "office")


def on_copy(occurrence: int, text: str = ARTICLE) -> Annotation:
    start = text.index(QUOTE)
    if occurrence:
        start = text.index(QUOTE, start + 1)
    return Annotation.create(URI, text, start, start + len(QUOTE))


def copies(text: str, quote: str) -> list[int]:
    first = text.index(quote)
    return [first, text.index(quote, first + 1)]


def test_both_copies_have_the_same_context() -> None:
    a, b = on_copy(0), on_copy(1)
    assert (a.exact, a.prefix, a.suffix) == (b.exact, b.prefix, b.suffix)
    assert len(a.prefix) == len(a.suffix) == 32


@pytest.mark.parametrize("occurrence", [0, 1])
def test_a_correction_in_a_repeated_paragraph_keeps_each_copy_its_note(occurrence: int) -> None:
    ann = on_copy(occurrence)
    start = copies(CORRECTED, FIXED)[occurrence]
    assert anchor(ann, CORRECTED) == Anchor("fuzzy", start, start + len(FIXED))


def test_a_correction_in_a_repeated_paragraph_without_positions_orphans_both() -> None:
    anns = [replace(on_copy(i), start=-1, end=-1) for i in (0, 1)]
    assert [anchor(a, CORRECTED) for a in anns] == [Anchor("orphan")] * 2
    assert anchor_all(anns, CORRECTED) == [Anchor("orphan")] * 2


def test_anchor_all_keeps_each_copy_its_note_after_a_correction() -> None:
    anns = [on_copy(1), on_copy(0)]
    starts = copies(CORRECTED, FIXED)
    assert anchor_all(anns, CORRECTED) == [
        Anchor("fuzzy", starts[1], starts[1] + len(FIXED)),
        Anchor("fuzzy", starts[0], starts[0] + len(FIXED)),
    ]


# -- verbatim copies with equal context: the nearest to the stored position ----------


@pytest.mark.parametrize("occurrence", [0, 1])
def test_verbatim_copies_with_equal_context_go_to_the_nearest(occurrence: int) -> None:
    ann = on_copy(occurrence)
    edited = ARTICLE.replace("Clinics in the valley", "Clinics in the valley, updated", 1)
    assert edited.count(ann.prefix + ann.exact + ann.suffix) == 2  # equal context
    start = copies(edited, QUOTE)[occurrence]
    assert anchor(ann, edited) == Anchor("anchored", start, start + len(QUOTE))


@pytest.mark.parametrize("occurrence", [0, 1])
def test_verbatim_copies_after_a_long_insertion_follow_the_neighbours_shift(
    occurrence: int,
) -> None:
    # The insertion is longer than the gap between the copies: the stored offset
    # alone now points at the wrong copy; the title annotation's shift does not.
    title = Annotation.create(URI, ARTICLE, 0, len("Clinics"))
    ann = on_copy(occurrence)
    lead = "A long new lead paragraph. " * 20 + "\n\n"
    edited = lead + ARTICLE
    now = copies(edited, QUOTE)
    start = now[occurrence]
    assert min(now, key=lambda s: abs(s - ann.start)) == now[0]  # the offset alone misleads
    results = anchor_all([ann, title], edited)
    assert results == [Anchor("anchored", start, start + len(QUOTE)),
                       Anchor("anchored", len(lead), len(lead) + len("Clinics"))]


def test_verbatim_copies_without_a_position_go_to_the_first() -> None:
    # Unchanged rule (not the approximate one): a verbatim tie without position
    # takes the first hit.
    ann = replace(on_copy(1), start=-1, end=-1)
    first = ARTICLE.index(QUOTE)
    assert anchor(ann, ARTICLE) == Anchor("anchored", first, first + len(QUOTE))


def test_an_annotation_without_position_does_not_shift_the_others() -> None:
    # Quote-only annotations sort first in anchor_all; where one is found says
    # nothing about how far the others moved.
    last = "the clinics' budget next month"
    quote_only = replace(Annotation.create(URI, ARTICLE, ARTICLE.index(last),
                                           ARTICLE.index(last) + len(last)), start=-1, end=-1)
    ann = on_copy(0)
    edited = "News. " + ARTICLE
    start = copies(edited, QUOTE)[0]
    results = anchor_all([quote_only, ann], edited)
    assert results[1] == Anchor("anchored", start, start + len(QUOTE))
    assert results == [anchor(quote_only, edited), anchor(ann, edited)]


# -- properties -----------------------------------------------------------------------

PROFILE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def prose(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size).map(
        lambda ws: " ".join(ws) + " "
    )


@st.composite
def twice(draw: st.DrawFn, gap: int) -> tuple[str, str, str, list[int]]:
    """(quote, edited text, edited quote, starts of its two copies): a block
    (context, quote, context) stands twice; the text then loses one character of
    the quote in both copies. ``gap`` caps the words between and around them.
    The block's words are all different: in periodic text (a word over and over)
    the approximate search may find nothing at all, which is not a tie."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=30, max_size=30, unique=True))
    sizes = draw(st.integers(8, 12)), draw(st.integers(3, 10))
    left = " ".join(words[: sizes[0]]) + " "
    quote = " ".join(words[sizes[0] : sum(sizes)])
    right = " " + " ".join(words[sum(sizes) : sum(sizes) + 10]) + " "
    assume(len(quote) >= 15 and len(left) > 32 and len(right) > 32)
    cut = draw(st.integers(2, len(quote) - 3))
    edited_quote = quote[:cut] + quote[cut + 1 :]
    outer = [draw(prose(0, gap)) for _ in range(3)]
    block = left + edited_quote + right
    text = outer[0] + block + outer[1] + block + outer[2]
    assume(quote not in text and text.count(edited_quote) == 2)
    first = len(outer[0]) + len(left)
    return quote, text, edited_quote, [first, first + len(edited_quote) + len(right)
                                       + len(outer[1]) + len(left)]


def stored(quote: str, left_context: str, right_context: str, start: int) -> Annotation:
    return Annotation(id="urn:uuid:p", article=URI, exact=quote, start=start,
                      end=start + len(quote) if start >= 0 else -1,
                      prefix=left_context[-32:], suffix=right_context[:32])


@PROFILE
@given(st.data())
def test_a_tie_goes_to_the_copy_nearest_the_stored_position(data: st.DataObject) -> None:
    quote, text, edited_quote, starts = data.draw(twice(gap=400))
    hint = data.draw(st.integers(0, len(text)))
    assume(abs(abs(starts[0] - hint) - abs(starts[1] - hint)) > 4)
    nearest = min(starts, key=lambda s: abs(s - hint))
    ann = stored(quote, text[:starts[0]], text[starts[0] + len(edited_quote):], hint)
    result = anchor(ann, text)
    assert result.state == "fuzzy"
    assert result.start < nearest + len(edited_quote) and result.end > nearest
    assert anchor(replace(ann, start=-1, end=-1), text) == Anchor("orphan")


@PROFILE
@given(st.data())
def test_a_better_copy_wins_wherever_the_position_points(data: st.DataObject) -> None:
    # Within the neighbourhood searched first, one edit beats two whatever the distance.
    quote, text, edited_quote, starts = data.draw(twice(gap=15))
    which = data.draw(st.integers(0, 1))
    worse_at = starts[1 - which]
    cut = data.draw(st.integers(3, len(edited_quote) - 4))
    worse = edited_quote[:cut] + edited_quote[cut + 1 :]
    text = text[:worse_at] + worse + text[worse_at + len(edited_quote):]
    assume(text.count(worse) == 1)
    better = starts[which] - (len(edited_quote) - len(worse) if which == 1 else 0)
    hint = data.draw(st.integers(0, len(text)))
    ann = stored(quote, text[:better], text[better + len(edited_quote):], hint)
    result = anchor(ann, text)
    assert result.state == "fuzzy"
    assert result.start < better + len(edited_quote) and result.end > better
