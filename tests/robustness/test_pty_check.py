"""The pty checks themselves: they must catch what they are for."""

from __future__ import annotations

import sys

import pytest

from .hostile import OSC_TITLE
from .pty_check import app_problems, command_problems, osc_numbers, run_in_pty

BASELINE = b"\x1b[?1049h\x1b]22;default\x07\x1b[1;1H\x1b[38;5;16mtext\x1b[0m\x1b[2J"


def test_a_clean_tui_stream_passes() -> None:
    assert app_problems(BASELINE + b"\x1b[5;5Hmore", BASELINE) == []


def test_each_kind_of_leak_is_caught() -> None:
    leaks = {
        OSC_TITLE.encode(): "window title set (OSC 0)",
        b"\x1b]2;x\x1b\\": "window title set (OSC 2)",
        b"\x1b]8;;http://a\x1b\\": "OSC 8 not written for a clean article",
        b"\x1b[2J": "more screen clears than for a clean article",
        b"pwned": "payload 'pwned' reached the terminal",
        "\x9b31m".encode(): "U+009B written",
        "\u202e".encode(): "U+202E written",
        b"\x9b": "invalid UTF-8 at byte",
    }
    for leak, problem in leaks.items():
        found = app_problems(BASELINE + leak, BASELINE)
        assert any(p.startswith(problem) for p in found), (leak, found)


def test_osc_numbers_count_7_and_8_bit_introducers() -> None:
    assert osc_numbers(b"\x1b]0;a\x07\x9d2;b\x9c\x1b]22;c\x07\x1b]0;d\x07") == {
        b"0": 2, b"2": 1, b"22": 1,
    }


@pytest.mark.pty
def test_command_output_in_a_pty_is_captured_whole() -> None:
    script = "import sys; sys.stdout.write('line one\\nline two\\n' * 3000)"
    code, raw, screen = run_in_pty([sys.executable, "-c", script], {})
    assert code == 0
    assert raw.count(b"line two\r\n") == 3000  # every byte, CR added by the pty
    assert command_problems(raw) == []
    assert "line two" in screen
    _, raw, _ = run_in_pty([sys.executable, "-c", "print('\\x1b[31mred')"], {})
    assert command_problems(raw) == ["U+001B@0"]
