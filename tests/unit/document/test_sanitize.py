"""Terminal-safe text: whole control sequences go, the words around them stay."""

from __future__ import annotations

import pytest

from reader.document.sanitize import is_clean, sanitize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("before\x1b]0;evil title\x07after", "beforeafter"),  # OSC window title, BEL
        ("before\x1b]0;evil title\x1b\\after", "beforeafter"),  # OSC with ST
        ("a\x1b]8;;http://x.test\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink
        ("a\x1b]0;never ends\nnext line", "a\nnext line"),  # unterminated: up to the line end
        ("top\x1b[2J\x1b[Hpage", "toppage"),  # clear screen, cursor home
        ("\x1b[1;31mred\x1b[0m plain", "red plain"),  # colours
        ("x\x1b[38;2;255;0;0my", "xy"),  # truecolour
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x9d0;title\x9cb", "ab"),  # 8-bit OSC and ST
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b_payload\x1b\\b", "ab"),  # APC
        ("a\x1b^privacy\x1b\\b", "ab"),  # PM
        ("a\x1bXstring\x1b\\b", "ab"),  # SOS
        ("a\x1b7b\x1b8c", "abc"),  # save/restore cursor
        ("a\x1b(Bb", "ab"),  # charset designation
        ("a\x1bcb", "ab"),  # full reset
        ("bell\x07 back\x08space", "bell backspace"),  # lone C0
        ("nul\x00 vt\x0b ff\x0c", "nul vt ff"),
        ("del\x7fete", "delete"),
        ("c1\x85\x80\x81!", "c1!"),
        ("a\x9fapc payload\x9cb", "ab"),  # 8-bit APC
        ("trailing escape\x1b", "trailing escape"),
    ],
)
def test_sequences_and_controls_are_removed(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


@pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                  "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"])
def test_bidi_controls_and_marks_are_removed(mark: str) -> None:
    assert sanitize(f"abc{mark}def") == "abcdef"


def test_tabs_become_four_spaces_and_line_ends_lf() -> None:
    assert sanitize("a\tb\r\nc\rd\n") == "a    b\nc\nd\n"


def test_printable_text_in_any_script_is_kept() -> None:
    text = "Tanf — “combat power” · Καλημέρα · مرحبا · 你好 · emoji 🙂 · NBSP\u00a0ok\n"
    assert sanitize(text) == text
    assert is_clean(text)


def test_is_clean_spots_work() -> None:
    assert not is_clean("a\x1b[0m")
    assert not is_clean("a\tb")
