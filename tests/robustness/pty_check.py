"""What a program really writes to a terminal, byte for byte, and what must not be there.

Captured output (a pipe) can differ from what reaches a terminal, and a TUI
writes only to a terminal. :class:`RecordingSession` runs a program in a real
pty (the bench harness's :class:`PtySession`, which also keeps a pyte
screen) and keeps every byte. The checks then look for what an article must
never cause: a window title set (OSC 0/1/2), any OSC or screen clear that a
clean article does not cause too, C1 controls, bidi overrides, or the
payload words that only exist inside control strings.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence

import pyte

from bench.pty_runner import PtySession

from .hostile import LEAK_WORDS, forbidden_in

# OSC: ESC ] or 8-bit 0x9D, a number, then the string (ended by BEL or ST).
_OSC = re.compile(rb"(?:\x1b\]|\x9d)(\d*)")
TITLE_OSCS = frozenset({b"0", b"1", b"2"})
CLEAR_SCREEN = b"\x1b[2J"
# In decoded output: C1 controls and bidi overrides/isolates never belong there.
_C1_OR_BIDI = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


class _Recorder(pyte.ByteStream):
    """A pyte stream that also appends every byte it is fed to ``raw``."""

    def __init__(self, screen: pyte.Screen, raw: bytearray) -> None:
        super().__init__(screen)
        self.raw = raw

    def feed(self, data: bytes) -> None:  # type: ignore[override]  # pyte's stub says str
        self.raw.extend(data)
        super().feed(data)


class RecordingSession(PtySession):
    """A :class:`PtySession` that keeps every byte the program wrote, in ``raw``."""

    def __init__(self, argv: Sequence[str], **kwargs: object) -> None:
        super().__init__(argv, **kwargs)  # type: ignore[arg-type]
        self.raw = bytearray()
        self._stream = _Recorder(self.screen, self.raw)

    def wait_exit(self, timeout: float) -> int:
        """Wait for the program to end (it has nothing more to say); its exit code."""
        assert self.proc is not None
        code = self.proc.wait(timeout)
        deadline = time.perf_counter() + 5
        while not self._closed.is_set() and time.perf_counter() < deadline:
            time.sleep(0.01)  # let the reader thread drain the last bytes
        return code


def run_in_pty(
    argv: Sequence[str], env: Mapping[str, str], *, timeout: float = 60
) -> tuple[int, bytes, str]:
    """Run a command that ends by itself; (exit code, every byte, final screen text)."""
    session = RecordingSession(argv, env=env)
    with session:
        code = session.wait_exit(timeout)
        screen = session.text()
    return code, bytes(session.raw), screen


def osc_numbers(raw: bytes) -> Counter[bytes]:
    """How many OSC sequences of each number (b"0", b"2", b"22", ...) ``raw`` holds."""
    return Counter(m.group(1) for m in _OSC.finditer(raw))


def command_problems(raw: bytes) -> list[str]:
    """Problems in the output of a plain command (no TUI): it may hold no control at all.

    The pty's line discipline turns each LF into CR LF; that CR is the terminal's, not ours.
    """
    return forbidden_in(raw.replace(b"\r\n", b"\n"))


def app_problems(raw: bytes, baseline: bytes) -> list[str]:
    """Problems in a TUI's output for a hostile article, against a clean article's run.

    The TUI itself writes escape sequences (cursor moves, colours, its own
    OSC for the pointer shape), so those are compared with ``baseline``: the
    hostile article may not add a kind of OSC or more screen clears, never
    a title, never a payload word, never a C1 control or a bidi override.
    """
    problems: list[str] = []
    seen, usual = osc_numbers(raw), osc_numbers(baseline)
    problems += [f"window title set (OSC {n.decode()})" for n in seen if n in TITLE_OSCS]
    problems += [f"OSC {n.decode()} not written for a clean article"
                 for n in seen if n not in usual]
    if raw.count(CLEAR_SCREEN) > baseline.count(CLEAR_SCREEN):
        problems.append("more screen clears than for a clean article")
    problems += [f"payload {w!r} reached the terminal" for w in LEAK_WORDS if w.encode() in raw]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [*problems, f"invalid UTF-8 at byte {exc.start}"]
    problems += [f"U+{ord(m.group()):04X} written" for m in _C1_OR_BIDI.finditer(text)]
    return problems
