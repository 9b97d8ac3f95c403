"""Section labels: short, distinct, and the term that sets a section apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document import load_article, parse_text
from reader.document.labels import MAX_LABEL_CHARS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_fixture_labels_are_short_distinct_and_non_empty(path: Path) -> None:
    labels = [s.label for s in load_article(path).sections]
    assert all(0 < len(label) <= MAX_LABEL_CHARS for label in labels), labels
    assert len({label.lower() for label in labels}) == len(labels), labels


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("river-flood-allcaps.txt", ["Dhaka", "Narayanganj", "Savar"]),
        ("city-budget-h3.md", [None, "Libraries", "Roads"]),
        ("telescope-lines.txt", ["Chile", "Rubin"]),
    ],
)
def test_fixture_labels_pick_the_distinctive_name(name: str, expected: list[str | None]) -> None:
    labels = [s.label for s in load_article(FIXTURES / name).sections]
    assert len(labels) == len(expected)
    for label, want in zip(labels, expected, strict=True):
        if want is not None:
            assert label == want


def test_a_name_used_everywhere_does_not_label_a_section() -> None:
    text = (
        "Paris Talks Stall\n\n"
        "Officials from Paris and Berlin met again. Paris wants more time. Berlin agreed.\n\n"
        "Trouble in Lyon\n\n"
        "In Lyon, Paris officials faced protests. Lyon police closed the square.\n"
    )
    labels = [s.label for s in parse_text(text, "test:x", markdown=False).sections]
    assert labels[1] == "Lyon"


def test_sentence_openers_are_not_names() -> None:
    text = (
        "Harbour News\n\nHowever the harbour stayed shut. Meanwhile boats waited.\n\n"
        "Storm Over Dover\n\nDover saw waves. The Dover ferries stopped; however, trains ran.\n"
    )
    labels = [s.label for s in parse_text(text, "test:x", markdown=False).sections]
    assert labels[1] == "Dover"
    assert "However" not in labels


def test_long_terms_are_shortened() -> None:
    text = (
        "# T\n\nBody.\n\n## Supercalifragilisticexpialidocious-Extraordinary\n\n"
        "Supercalifragilisticexpialidocious-Extraordinary again.\n"
    )
    labels = [s.label for s in parse_text(text, "test:x").sections]
    assert all(len(label) <= MAX_LABEL_CHARS for label in labels)
    assert labels[1].endswith("…")


def test_identical_sections_still_get_distinct_labels() -> None:
    text = "# Title\n\nBody.\n\n" + "## Same Heading Here\n\nSame body text about Oslo.\n\n" * 4
    labels = [s.label for s in parse_text(text, "test:x").sections]
    assert len({label.lower() for label in labels}) == len(labels)
    assert all(len(label) <= MAX_LABEL_CHARS for label in labels)
