"""The sentence splitter: abbreviations, initials, decimals, closing quotes."""

from __future__ import annotations

import pytest

from reader.document import load_article
from reader.document.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Col. Ryan Dillon spoke. The U.S. Army agreed.",
            ["Col. Ryan Dillon spoke.", "The U.S. Army agreed."],
        ),
        (
            "Mr. Smith went to Washington D.C. on Jan. 5. He left.",
            ["Mr. Smith went to Washington D.C. on Jan. 5.", "He left."],
        ),
        (
            "He asked, “Who will pay?” Nobody answered.",
            ["He asked, “Who will pay?”", "Nobody answered."],
        ),
        (
            "Shares fell 2.5 per cent. J. K. Rowling said so.",
            ["Shares fell 2.5 per cent.", "J. K. Rowling said so."],
        ),
        ("He moved to the U.S. He liked it.", ["He moved to the U.S.", "He liked it."]),
        ("The answer was no. The vote failed.", ["The answer was no.", "The vote failed."]),
        (
            "Dr. Paige and Gen. Lee met e.g. at noon. Fine.",
            ["Dr. Paige and Gen. Lee met e.g. at noon.", "Fine."],
        ),
        ("“Stop!” she said. He stopped.", ["“Stop!” she said.", "He stopped."]),
        ("It was 2011. 2012 was worse.", ["It was 2011.", "2012 was worse."]),
        ("Wait… what? Yes!  (Really.) Done", ["Wait… what?", "Yes!", "(Really.)", "Done"]),
        ("No end punctuation", ["No end punctuation"]),
    ],
)
def test_fixtures(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_absolute_and_stripped() -> None:
    text = "xxxx  First one.   Second one.  yyyy"
    spans = split_sentences(text, 4, len(text) - 4)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]
    assert spans[0][0] == 6


def test_blank_range_has_no_sentences() -> None:
    assert split_sentences("   \n  ") == []


def test_sample_dillon_quote_keeps_its_closing_mark(sample_path) -> None:
    article = load_article(sample_path)
    found = [
        article.text[s:e]
        for block in article.blocks
        for s, e in block.sentences
        if "pro-regime forces." in article.text[s:e]
    ]
    assert len(found) == 1
    assert found[0].startswith("A Baghdad-based spokesman")
    assert found[0].endswith("pro-regime forces.”")


def test_sample_paragraph_split() -> None:
    text = (
        "The US has demanded that the FSA attack only the Islamic State and not confront "
        "the pro-Assad units. However, Washington is increasingly concerned."
    )
    assert len(split_sentences(text)) == 2


def test_bracketed_full_stop_ends_a_sentence() -> None:
    text = "what Russia is doing[.] They are willing to give Russia a role."
    assert sentences(text) == ["what Russia is doing[.]", "They are willing to give Russia a role."]
