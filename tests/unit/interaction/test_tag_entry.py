"""Tag entry as text, without a widget: fragments, completion, removals, ranking."""

from __future__ import annotations

from reader.interaction.tag_entry import Fragment, apply_input, complete, fragment_at, offered, rank

KNOWN = [("Tanf", 3), ("US military", 5), ("Russia", 2), ("[bold]x", 1), ("USA", 1),
         ("de-escalation", 4)]
"""The library's tags with counts, shared with the tag prompt's tests."""

def test_fragment_under_cursor() -> None:
    value = "syria, -US mil, x"
    assert fragment_at(value, 3) == Fragment(0, 5, "syria", False)
    assert fragment_at(value, 10) == Fragment(6, 14, "US mil", True)
    assert fragment_at(value, len(value)) == Fragment(15, 17, "x", False)
    assert fragment_at("", 0) == Fragment(0, 0, "", False)


def test_complete_keeps_sign_and_other_fragments() -> None:
    assert complete("us mi", 5, "US military") == ("US military, ", 13)
    assert complete("a, -ta", 6, "Tanf") == ("a, -Tanf, ", 10)
    value, cursor = complete("sy, b", 1, "Syria")  # a fragment in the middle
    assert (value, cursor) == ("Syria, b", 5)


def test_apply_input_removes_then_adds_in_library_spelling() -> None:
    current = ("Tanf", "Russia")
    assert apply_input(current, "-tanf, us military,  syria ", KNOWN) == (
        "Russia", "US military", "syria")
    assert apply_input(current, "TANF, -", KNOWN) == current  # duplicate and lone sign ignored
    assert apply_input(current, "", KNOWN) == current


def test_rank_tiers_counts_and_exclusions() -> None:
    known = [("Syria", 1), ("Asylum", 9), ("Sy Hersh", 2), ("Mosul", 3), ("Tanf", 3)]
    ranked = rank("sy", known)
    assert [c.tag for c in ranked] == ["Sy Hersh", "Syria", "Asylum"]
    assert [c.kind for c in ranked] == ["prefix", "prefix", "letters"]
    assert ranked[0].positions == (0, 1)
    assert [c.tag for c in rank("sy", known, exclude=["SYRIA"])][:1] == ["Sy Hersh"]
    assert [c.tag for c in rank("hersh", known)] == ["Sy Hersh"]  # a word of the tag
    assert [c.tag for c in rank("moslu", known)] == ["Mosul"]  # a near miss
    assert rank("qq", known) == []


def test_offered_skips_tags_already_there() -> None:
    current = ["Tanf"]
    assert [c.tag for c in offered("us military, u", 14, current, KNOWN)] == ["USA"]
    assert next(c.tag for c in offered("", 0, current, KNOWN)) == "US military"
    assert "Tanf" not in [c.tag for c in offered("", 0, current, KNOWN)]
