"""The plain-text parser on the sample and on varied fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document import Article, load_article, parse_text

from .invariants import check_article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"

SAMPLE_TITLES = [
    "US military: “We are prepared for any threat that is presented by the pro-regime forces”",
    "Report: US, Russia Hold Secret Meeting Over “De-Escalation Zone” in South",
    "The Destruction of Lataminah in Northern Hama",
]


def kinds(article: Article, section: int) -> list[str]:
    s = article.sections[section]
    return [b.kind for b in article.blocks[s.first_block : s.last_block + 1]]


def block_starting(article: Article, prefix: str):
    found = [b for b in article.blocks if article.text[b.start : b.end].startswith(prefix)]
    assert len(found) == 1, prefix
    return found[0]


def section_of(article: Article, block) -> int:
    index = article.blocks.index(block)
    return next(i for i, s in enumerate(article.sections) if s.first_block <= index <= s.last_block)


@pytest.fixture
def sample(sample_path: Path) -> Article:
    return load_article(sample_path)


def test_sample_has_exactly_three_sections(sample: Article) -> None:
    check_article(sample)
    assert [s.title for s in sample.sections] == SAMPLE_TITLES
    assert sample.title == SAMPLE_TITLES[0]


def test_sample_headings(sample: Article) -> None:
    headings = [b for b in sample.blocks if b.kind == "heading"]
    assert [b.level for b in headings] == [1, 2, 2]
    for section, heading in zip(sample.sections, headings, strict=True):
        assert sample.blocks[section.first_block] is heading


def test_sample_asides(sample: Article) -> None:
    related = block_starting(sample, "Syria Daily, May 31:")
    assert related.kind == "related" and section_of(sample, related) == 0
    caption = block_starting(sample, "TOP PHOTO:")
    assert caption.kind == "caption"
    quote = block_starting(sample, "We are now considering how")
    assert quote.kind == "quote" and section_of(sample, quote) == 1
    assert [b.kind for b in sample.blocks].count("quote") == 1


def test_sample_short_sentence_paragraph_is_body(sample: Article) -> None:
    assert block_starting(sample, "Iran has used aircraft").kind == "paragraph"
    unpunctuated = block_starting(sample, "The town was subjected")
    assert unpunctuated.kind == "paragraph"


def test_sample_offsets_index_the_file_text(sample: Article, sample_path: Path) -> None:
    assert sample.text == sample_path.read_text(encoding="utf-8")


def test_sample_labels(sample: Article) -> None:
    labels = [s.label for s in sample.sections]
    assert "Tanf" in labels[0]
    assert "Lataminah" in labels[2]
    assert labels[1] in ("Russia", "De-Escalation", "Jordan")


def test_allcaps_subheads_byline_caption_related_and_list() -> None:
    article = load_article(FIXTURES / "river-flood-allcaps.txt")
    check_article(article)
    assert [s.title for s in article.sections] == [
        "Floodwaters Reach Dhaka Suburbs as Monsoon Intensifies",
        "THE FLOODED DISTRICTS",
        "RELIEF EFFORTS AND THE ARMY",
    ]
    assert kinds(article, 0) == [
        "heading", "byline", "paragraph", "caption", "paragraph", "paragraph"
    ]
    assert block_starting(article, "The river kept rising.").kind == "paragraph"
    items = [b for b in article.blocks if b.kind == "list_item"]
    assert [article.text[b.start : b.end] for b in items][:2] == [
        "drinking water and purification tablets",
        "dry food for at least a week",
    ]
    assert article.text[items[2].start : items[2].end].endswith("to move the sick to hospitals")
    assert block_starting(article, "Related: Bangladesh").kind == "related"


def test_title_case_subheads_quotes_and_dated_pointer() -> None:
    article = load_article(FIXTURES / "election-title-case.txt")
    check_article(article)
    assert [s.title for s in article.sections][1:] == [
        "The Candidates and Their Promises",
        "What Happens in Parliament",
    ]
    assert block_starting(article, "By ANA SOUSA").kind == "byline"
    assert block_starting(article, "“We will not hand").kind == "quote"
    assert block_starting(article, "Lisbon Daily, March 8:").kind == "related"
    assert block_starting(article, "Housing costs are the top concern.").kind == "paragraph"
    assert block_starting(article, "Read more:").kind == "related"
    assert block_starting(article, "Photo by Miguel Costa").kind == "caption"


def test_no_subheads_is_one_section_titled_by_the_article() -> None:
    article = load_article(FIXTURES / "mars-rover-no-subheads.txt")
    check_article(article)
    assert len(article.sections) == 1
    assert article.sections[0].title == article.title
    assert article.title == "Mars Rover Finds Traces of an Ancient Lake Bed"
    assert kinds(article, 0) == ["heading"] + ["paragraph"] * 4


def test_one_paragraph_per_line_without_blank_lines() -> None:
    article = load_article(FIXTURES / "telescope-lines.txt")
    check_article(article)
    assert [s.title for s in article.sections] == [
        "Giant Telescope in Chile Sees First Light",
        "A Survey of the Whole Southern Sky",
    ]
    assert len(article.blocks) == 6


def test_hard_wrapped_paragraph_stays_one_block() -> None:
    text = (
        "Title Line\n\nThis paragraph is wrapped at a narrow width, as old\n"
        "plain-text mail was, and it must stay one paragraph.\n"
    )
    article = parse_text(text, "test:wrapped", markdown=False)
    assert [b.kind for b in article.blocks] == ["heading", "paragraph"]


def test_subhead_needs_body_after_it() -> None:
    text = "Title\n\nIntro paragraph goes here.\n\nA Lone Trailing Line"
    article = parse_text(text, "test:trailing", markdown=False)
    assert [b.kind for b in article.blocks] == ["heading", "paragraph", "paragraph"]
    assert len(article.sections) == 1


def test_line_under_the_title_is_not_a_section() -> None:
    text = "Main Title\n\nA Subtitle In Title Case\n\nBody text of the article.\n"
    article = parse_text(text, "test:dek", markdown=False)
    assert len(article.sections) == 1


def test_colon_lead_in_followed_by_short_plain_sentence_is_not_a_quote() -> None:
    text = "Title\n\nHe listed one reason:\n\nMoney.\n\nThe end of it all.\n"
    article = parse_text(text, "test:colon", markdown=False)
    assert "quote" not in [b.kind for b in article.blocks]


def test_overlong_first_line_is_not_a_title() -> None:
    text = "word " * 80 + "\n\nSecond paragraph.\n"
    article = parse_text(text, "test:long", markdown=False)
    assert article.blocks[0].kind == "paragraph"
    assert article.title.endswith("…") and len(article.title) <= 81
    check_article(article)


def test_numbered_list_keeps_numbers() -> None:
    text = "Title\n\nSteps to follow:\n\n1. Open the valve.\n2. Wait an hour.\n   a. Then check.\n"
    article = parse_text(text, "test:list", markdown=False)
    items = [article.text[b.start : b.end] for b in article.blocks if b.kind == "list_item"]
    assert items == ["1. Open the valve.", "2. Wait an hour.\n   a. Then check."]
