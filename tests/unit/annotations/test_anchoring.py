"""Anchoring after edits of an article: on the passage, or an orphan, never elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from reader.annotations.anchoring import anchor, anchor_all
from reader.annotations.model import Anchor, Annotation

SAMPLE = (
    Path(__file__).resolve().parents[3] / "seeds" / "us-military-tanf-2017-06.txt"
).read_text(encoding="utf-8")
URI = "file:///sample.txt"

TWICE = (
    "City news\n\n"
    "The council met on Monday evening. The mayor said the budget was approved after a "
    "long debate, and residents applauded.\n\n"
    "Weather was mild for the season, with light winds from the west.\n\n"
    "In the capital, the governor said the budget was approved only after the reserve fund "
    "had been raided twice.\n\n"
    "Sports results follow on page four."
)


def place(text: str, quote: str, occurrence: int = 0) -> Annotation:
    """An annotation over the ``occurrence``-th verbatim ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Annotation.create(URI, text, start, start + len(quote))


def nth(text: str, quote: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start


def under(result: Anchor, text: str) -> str:
    assert result.attached, f"expected an anchor, got {result}"
    return text[result.start : result.end]


def similar(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(a, b)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# -- unchanged text ---------------------------------------------------------------


def test_unchanged_text_anchors_every_annotation_in_place() -> None:
    anns = [
        place(SAMPLE, "US military"),
        place(SAMPLE, "Tanf", 2),
        place(SAMPLE, paragraphs(SAMPLE)[3]),
        place(SAMPLE, "de-escalation zone", 1),
    ]
    for ann, result in zip(anns, anchor_all(anns, SAMPLE), strict=True):
        assert result == Anchor("anchored", ann.start, ann.end)
        assert anchor(ann, SAMPLE) == result


def test_empty_or_blank_quote_is_an_orphan() -> None:
    blank = SAMPLE.index("\n\n")
    ann = Annotation.create(URI, SAMPLE, blank, blank + 2)  # the blank line after the title
    assert ann.exact.strip() == ""
    assert anchor(ann, SAMPLE) == Anchor("orphan")


# -- paragraphs inserted or deleted before the passage -----------------------------


def test_paragraphs_inserted_before_shift_every_anchor() -> None:
    quotes = ["Colonel Ryan Dillon", "90,000 leaflets", "Tanf", "Alaa Mahmoud, a local activist"]
    anns = [place(SAMPLE, q) for q in quotes]
    title_end = SAMPLE.index("\n")
    extra = "\n\nAn editor's note was added here.\n\nAnd a second new paragraph, longer."
    edited = SAMPLE[:title_end] + extra + SAMPLE[title_end:]
    for ann, result in zip(anns, anchor_all(anns, edited), strict=True):
        assert result == Anchor("anchored", ann.start + len(extra), ann.end + len(extra))


def test_paragraphs_deleted_before_the_passage() -> None:
    paras = paragraphs(SAMPLE)
    ann = place(SAMPLE, "a small number of Iran-backed forces remain inside the exclusion zone")
    edited = "\n\n".join(paras[:2] + paras[5:])
    result = anchor(ann, edited)
    assert result.state == "anchored"
    assert under(result, edited) == ann.exact


def test_annotation_on_the_title_survives_a_line_added_above() -> None:
    ann = place(SAMPLE, "US military")
    assert ann.prefix == ""
    edited = "Updated June 2\n" + SAMPLE
    assert under(anchor(ann, edited), edited) == "US military"
    assert anchor(ann, edited).start == len("Updated June 2\n")


# -- edits inside the passage -------------------------------------------------------


def test_changed_number_inside_the_passage_is_fuzzy_on_the_new_text() -> None:
    passage = "Subsequently, the US dropped 90,000 leaflets warning fighters"
    ann = place(SAMPLE, passage)
    edited = SAMPLE.replace("90,000", "95,000")
    result = anchor(ann, edited)
    assert result.state == "fuzzy"
    assert under(result, edited) == passage.replace("90,000", "95,000")


@pytest.mark.parametrize(
    ("passage", "wrong", "right"),
    [
        (
            "trying to burn the crops that provide much of Latamineh’s food",
            "Latamineh",
            "Lataminah",
        ),
        (
            "A resident of the town of Lataminah in northern Hama Province have described",
            "have described",
            "has described",
        ),
        ("Alaa Mahmoud, a local activist, said 85% of al-Lataminah", "Alaa", "Ala’a"),
    ],
)
def test_corrected_spelling_keeps_the_passage(passage: str, wrong: str, right: str) -> None:
    ann = place(SAMPLE, passage)
    edited = SAMPLE.replace(passage, passage.replace(wrong, right))
    result = anchor(ann, edited)
    assert result.state == "fuzzy"
    assert under(result, edited) == passage.replace(wrong, right)


def test_heavily_reworded_sentence_is_an_orphan() -> None:
    passage = "Iran has used aircraft to prop up the regime military since 2011."
    ann = place(SAMPLE, passage)
    reworded = "Since 2011 Tehran has flown in supplies to keep Assad's army going."
    edited = SAMPLE.replace(passage, reworded)
    assert anchor(ann, edited) == Anchor("orphan")


def test_light_rewording_of_a_long_passage_is_fuzzy_and_nearly_equal() -> None:
    passage = paragraphs(SAMPLE)[7]  # "The US has demanded that the FSA attack only ..."
    assert passage.startswith("The US has demanded")
    ann = place(SAMPLE, passage)
    reworded = passage.replace("has demanded", "demanded").replace("increasingly", "more and more")
    edited = SAMPLE.replace(passage, reworded)
    result = anchor(ann, edited)
    assert result.state == "fuzzy"
    assert similar(under(result, edited), reworded) > 0.97


# -- moved paragraphs ----------------------------------------------------------------


def move(text: str, index: int, to: int) -> str:
    paras = paragraphs(text)
    para = paras.pop(index)
    paras.insert(to, para)
    return "\n\n".join(paras)


def test_sentence_in_a_moved_paragraph_follows_it() -> None:
    quote = "it is unclear whether piloted by Russian or regime personnel"
    ann = place(SAMPLE, quote)
    edited = move(SAMPLE, 6, 14)
    result = anchor(ann, edited)
    assert result == Anchor("anchored", edited.index(quote), edited.index(quote) + len(quote))


def test_whole_moved_paragraph_follows_it() -> None:
    para = paragraphs(SAMPLE)[9]
    ann = place(SAMPLE, para)
    edited = move(SAMPLE, 9, 18)
    assert under(anchor(ann, edited), edited) == para
    assert anchor(ann, edited).start == edited.index(para)


def test_moved_and_corrected_paragraph_is_found_far_away() -> None:
    para = paragraphs(SAMPLE)[5]
    ann = place(SAMPLE, para)
    edited = move(SAMPLE, 5, 17).replace("90,000", "95,000")
    result = anchor(ann, edited)
    assert result.state == "fuzzy"
    assert under(result, edited) == para.replace("90,000", "95,000")


def test_short_word_in_a_shifted_sentence_is_not_taken_from_its_old_offset() -> None:
    text = "Alpha beta the gamma delta. " * 3 + "Closing the story with the end."
    ann = place(text, "the", 3)  # "Closing the story"
    edited = text.replace("Closing", "Now closing")
    result = anchor(ann, edited)
    assert result.start == edited.index("the story")


# -- a phrase that occurs twice -------------------------------------------------------


QUOTE = "the budget was approved"


@pytest.mark.parametrize("occurrence", [0, 1])
def test_repeated_phrase_unchanged_text(occurrence: int) -> None:
    ann = place(TWICE, QUOTE, occurrence)
    assert anchor(ann, TWICE) == Anchor("anchored", ann.start, ann.end)


@pytest.mark.parametrize("occurrence", [0, 1])
def test_repeated_phrase_after_text_inserted_before_both(occurrence: int) -> None:
    ann = place(TWICE, QUOTE, occurrence)
    edited = TWICE.replace("City news", "City news\n\nA long new lead paragraph was added.")
    result = anchor(ann, edited)
    assert result.start == nth(edited, QUOTE, occurrence)
    assert under(result, edited) == QUOTE


def test_repeated_phrase_when_its_own_lead_in_changed() -> None:
    ann = place(TWICE, QUOTE, 1)
    edited = TWICE.replace("In the capital, the governor said", "Later the state governor insisted")
    assert anchor(ann, edited).start == nth(edited, QUOTE, 1)


def test_repeated_phrase_when_the_first_occurrence_moved_closer() -> None:
    # Distance alone would now favour the first occurrence; its context must not.
    ann = place(TWICE, QUOTE, 1)
    paras = paragraphs(TWICE)
    edited = "\n\n".join([paras[0], paras[2], paras[3], paras[1], paras[4]])
    result = anchor(ann, edited)
    assert result.start == edited.index("governor said " + QUOTE) + len("governor said ")


def test_repeated_phrase_whose_occurrence_was_deleted_is_an_orphan() -> None:
    ann = place(TWICE, QUOTE, 1)
    sentence = paragraphs(TWICE)[3]
    edited = TWICE.replace("\n\n" + sentence, "")
    assert QUOTE in edited  # the other occurrence is still there ...
    assert anchor(ann, edited) == Anchor("orphan")  # ... but it is not this passage


def test_repeated_phrase_survives_deletion_of_the_other_occurrence() -> None:
    ann = place(TWICE, QUOTE, 1)
    edited = TWICE.replace(paragraphs(TWICE)[1] + "\n\n", "")
    assert anchor(ann, edited).start == edited.index(QUOTE)


def test_edited_occurrence_beats_an_unchanged_twin_elsewhere() -> None:
    passage = "the budget was approved after a long debate, and residents applauded"
    text = TWICE + "\n\nRecap: the mayor said " + passage + ". End of recap."
    ann = place(text, passage, 0)
    edited = text.replace("residents applauded", "residents cheered")
    result = anchor(ann, edited)
    assert result.state == "fuzzy"
    assert result.start == nth(edited, "the budget was approved after", 0)


# -- the passage deleted: orphan, never other text ------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        "a small number of Iran-backed forces remain inside the exclusion zone",
        "pro-Assad forces",  # short, and recurs elsewhere in the article
        "the Tanf base",
        "We see that as a threat",
    ],
)
def test_deleted_passage_is_an_orphan(quote: str) -> None:
    paras = paragraphs(SAMPLE)
    which = next(i for i, p in enumerate(paras) if quote in p)
    occurrence = sum(p.count(quote) for p in paras[:which])
    ann = place(SAMPLE, quote, occurrence)
    edited = "\n\n".join(paras[:which] + paras[which + 1 :])
    assert anchor(ann, edited) == Anchor("orphan")


def test_short_quote_does_not_fuzzy_match_unrelated_text() -> None:
    ann = place(SAMPLE, "Colonel Ryan Dillon")
    edited = SAMPLE.replace(
        "A Baghdad-based spokesman for the US-led coalition, Colonel Ryan Dillon,",
        "A spokesman for the coalition, Colonel Ryan Dillard,",
    )
    edited = edited.replace("Dillon said on Thursday", "He said on Thursday")
    result = anchor(ann, edited)
    assert result.state == "orphan" or "Colonel Ryan" in under(result, edited)


def test_anchor_all_keeps_input_order_and_agrees_with_anchor() -> None:
    quotes = ["Tanf", "Colonel Ryan Dillon", "US military", "85% of al-Lataminah"]
    anns = [place(SAMPLE, q) for q in quotes]
    edited = SAMPLE.replace("Colonel Ryan Dillon", "Colonel Ryan Dillan").replace(
        "The US military said", "The US military announced"
    )
    results = anchor_all(anns, edited)
    assert results == [anchor(a, edited) for a in anns]
    assert [r.state for r in results] == ["anchored", "fuzzy", "anchored", "anchored"]
    assert under(results[0], edited) == "Tanf"
    assert under(results[1], edited) == "Colonel Ryan Dillan"


def test_abbreviated_title_is_too_far_for_a_short_quote() -> None:
    # Four edits in nineteen characters exceed the budget: orphan, not a guess.
    ann = place(SAMPLE, "Colonel Ryan Dillon")
    edited = SAMPLE.replace("Colonel Ryan Dillon", "Col. Ryan Dillon")
    assert anchor(ann, edited) == Anchor("orphan")


def test_offsets_out_of_range_are_only_hints() -> None:
    ann = place(SAMPLE, "Colonel Ryan Dillon")
    for start in (-40, len(SAMPLE) + 500):
        moved = Annotation.from_dict(ann.to_dict() | {"start": start, "end": start + 19})
        assert anchor(moved, SAMPLE) == Anchor("anchored", ann.start, ann.end)
    assert anchor(ann, "") == Anchor("orphan")


def test_long_quote_in_repetitive_text_follows_its_context_not_its_old_offset() -> None:
    """The start of the text pasted in front again: the passage's words now also
    stand at its old offset (the text repeats itself), with other context. Only
    the context on both sides tells the real passage from the lookalike."""
    unit = "(34-mile) "
    pasted = (unit * 6 + "1,100 1,100 100 " + unit * 4 + "1,100 " + unit + "1,100 1,100 "
              + unit * 6 + "100 100 " + unit * 4 + "1,100 100 ")
    base = pasted + (unit * 29).rstrip()
    ann = Annotation.create("u", base, 41, 291)
    text = pasted + base
    assert text[41:291] == ann.exact  # the lookalike at the old offset
    shifted = len(pasted) + 41
    assert anchor(ann, text) == Anchor("anchored", shifted, shifted + len(ann.exact))
