"""Run a program in a real pseudo-terminal and watch what a user would see.

Timing a TUI from inside its own process misses start-up, terminal I/O and the
cost of what is actually written. So the program runs in a pty at a fixed size,
every byte it writes is fed to a pyte screen, and waits are conditions on that
screen ("this text is visible"). A background thread drains the pty (a full
pty buffer would block the program and distort the timings); each chunk is
stamped when it is read, so a hit is timed at the read, not after pyte has
parsed it. A condition reads either the screen's text or its cells (pyte
keeps each cell's colours, so "the highlight colour shows on the cursor row"
is a condition too). A second thread samples the resident memory of the
process tree.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import psutil
import pyte

from bench.screen_tests import (
    Cells,
    CellTest,
    LazyText,
    Read,
    Region,
    ScreenTest,
    contents,
    differs,
)

COLS, ROWS = 120, 40
SAMPLE_INTERVAL = 0.02


class ProgramExited(RuntimeError):
    """The program ended (or closed the terminal) before a condition was met."""


def _peak_of(process: psutil.Process) -> int:
    """The process's peak resident bytes so far (Linux VmHWM), else its current RSS.

    The high-water mark cannot miss a spike between two samples. (``wait4``'s
    ``ru_maxrss`` is no use here: Linux carries it across exec, so it includes
    the forked copy of this harness.)
    """
    try:
        with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return int(process.memory_info().rss)


@dataclass
class _Watch:
    test: ScreenTest | None
    cells: CellTest | None
    hit: threading.Event
    at: float = 0.0

    def check(self, text: Callable[[], str], screen: pyte.Screen) -> bool:
        if self.cells is not None:
            return self.cells(screen)
        assert self.test is not None
        return self.test(text())


class PtySession:
    """One program in a pty of ``cols`` x ``rows``; use as a context manager.

    ``size_env`` also sets COLUMNS/LINES: they pin the size for programs that
    ask ``shutil.get_terminal_size`` (Textual does), so a session that tests
    resizing must pass ``size_env=False``.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = COLS,
        rows: int = ROWS,
        env: Mapping[str, str] | None = None,
        size_env: bool = True,
        cwd: str | None = None,
    ) -> None:
        self.argv = list(argv)
        self.cols, self.rows = cols, rows
        self._env = dict(os.environ if env is None else env)
        self._env["TERM"] = "xterm-256color"
        for key in ("COLUMNS", "LINES", "TEXTUAL", "NO_COLOR", "TMUX"):
            self._env.pop(key, None)
        if size_env:
            self._env.update(COLUMNS=str(cols), LINES=str(rows))
        self._cwd = cwd
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._lines = [""] * rows
        self._lock = threading.Lock()
        self._watches: list[_Watch] = []
        self._closed = threading.Event()
        self._stop_sampling = threading.Event()
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.last_output = 0.0
        self.bytes_read = 0
        self.peak_rss = 0  # bytes; see _peak_of
        self.returncode: int | None = None
        self._master = -1
        self._threads: list[threading.Thread] = []

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> PtySession:
        """Spawn the program; ``self.started`` is the perf_counter just before."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self._master = master
        self.started = self.last_output = time.perf_counter()
        try:
            self.proc = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._env,
                cwd=self._cwd,
                start_new_session=True,
                # The pty becomes the controlling terminal, so the kernel sends
                # SIGWINCH on resize and ctrl+c/ctrl+z behave as in a terminal.
                preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
            )
        except BaseException:
            os.close(master)
            self._master = -1
            raise
        finally:
            os.close(slave)
        for target in (self._read_loop, self._sample_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __enter__(self) -> PtySession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self._poll() is None and not self._closed.is_set()

    def close(
        self, quit_keys: Sequence[bytes] = (b"q", b"\x11", b"\x03"), grace: float = 3.0
    ) -> None:
        """End the program: each quit key in turn, then SIGTERM, then SIGKILL.

        Always reaps the process and closes the pty, whatever state the
        program is in.
        """
        if self.proc is None or self._master < 0:
            return  # never started, or already closed
        try:
            for key in quit_keys:
                if self._poll() is not None:
                    break
                with contextlib.suppress(OSError):
                    os.write(self._master, key)
                if self._wait_exit(grace):
                    break
            else:
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    if self._poll() is not None:
                        break
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(self.proc.pid, sig)
                    if self._wait_exit(grace):
                        break
            if self._poll() is None:
                self._wait_exit(None)
        finally:
            self._stop_sampling.set()
            for thread in self._threads:  # the reader ends on EIO once the program is gone
                thread.join(timeout=2)
            master, self._master = self._master, -1  # a late read gets EBADF, not a reused fd
            with contextlib.suppress(OSError):
                os.close(master)

    def _poll(self, block: bool = False) -> int | None:
        """Exit code once the program ended, else None."""
        assert self.proc is not None
        self.returncode = self.proc.wait() if block else self.proc.poll()
        return self.returncode

    def _wait_exit(self, timeout: float | None) -> bool:
        if timeout is None:
            return self._poll(block=True) is not None
        deadline = time.perf_counter() + timeout
        while self._poll() is None:
            if time.perf_counter() >= deadline:
                return False
            time.sleep(0.01)
        return True

    # -- background threads ---------------------------------------------------

    def _read_loop(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: every slave end is closed (the program exited)
                data = b""
            now = time.perf_counter()
            if not data:
                self._closed.set()
                with self._lock:
                    for watch in self._watches:
                        watch.hit.set()  # wake waiters; they see _closed
                return
            with self._lock:
                self.last_output = now
                self.bytes_read += len(data)
                self._stream.feed(data)
                self._refresh_lines()
                if self._watches:
                    text = LazyText(self._lines)
                    for watch in self._watches:
                        if not watch.hit.is_set() and watch.check(text, self.screen):
                            watch.at = now
                            watch.hit.set()

    def _refresh_lines(self) -> None:
        """Re-render only the lines pyte marked dirty (``display`` redoes all)."""
        screen = self.screen
        for y in screen.dirty:
            if 0 <= y < self.rows:
                row = screen.buffer[y]
                self._lines[y] = "".join(row[x].data for x in range(self.cols))
        screen.dirty.clear()

    def _sample_loop(self) -> None:
        assert self.proc is not None
        try:
            root = psutil.Process(self.proc.pid)
        except psutil.Error:
            return
        while not self._stop_sampling.is_set():
            try:
                total = _peak_of(root)
                for child in root.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += _peak_of(child)
            except psutil.Error:
                return  # gone (a zombie has no memory to report)
            self.peak_rss = max(self.peak_rss, total)
            self._stop_sampling.wait(SAMPLE_INTERVAL)

    # -- what the user sees and does -------------------------------------------

    def cpu_seconds(self) -> float:
        """User + system CPU time the program (and its children) used so far.

        Wall-clock figures swell when other work shares the machine; CPU time
        much less, so it is the figure to compare across noisy runs.
        """
        assert self.proc is not None
        try:
            root = psutil.Process(self.proc.pid)
            total = sum(root.cpu_times()[:2])
            for child in root.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += sum(child.cpu_times()[:2])
        except psutil.Error:
            return float("nan")
        return float(total)

    def text(self) -> str:
        """The screen as it is now, one line per row (wide characters padded)."""
        with self._lock:
            return "\n".join(self._lines)

    def send(self, data: bytes | str) -> float:
        """Write keys to the program; returns the perf_counter just before writing."""
        raw = data.encode() if isinstance(data, str) else data
        now = time.perf_counter()
        os.write(self._master, raw)
        return now

    def cells(self, read: Read, region: Region) -> Cells:
        """``read`` (``backgrounds``, ``contents``) of ``region`` as the screen is now."""
        with self._lock:
            return read(self.screen, region)

    def wait_for(self, test: ScreenTest, timeout: float, since: float | None = None) -> float:
        """Seconds from ``since`` (default: spawn) to the read that made ``test`` true.

        Raises TimeoutError, or ProgramExited if the program closed the pty first.
        """
        return self._wait(_Watch(test, None, threading.Event()), timeout, since)

    def wait_for_cells(self, test: CellTest, timeout: float, since: float | None = None) -> float:
        """Like ``wait_for``, for a condition on the cells (colours included)."""
        return self._wait(_Watch(None, test, threading.Event()), timeout, since)

    def _wait(self, watch: _Watch, timeout: float, since: float | None) -> float:
        since = self.started if since is None else since
        with self._lock:
            if watch.check(lambda: "\n".join(self._lines), self.screen):
                return max(0.0, self.last_output - since)
            self._watches.append(watch)
        try:
            if not watch.hit.wait(timeout) or not watch.at:
                if self._closed.is_set():
                    raise ProgramExited(self._exit_message())
                raise TimeoutError(f"not on screen after {timeout:.1f} s")
            return watch.at - since
        finally:
            with self._lock:
                self._watches.remove(watch)

    def press(self, key: bytes | str, test: ScreenTest, timeout: float) -> float:
        """Seconds from writing ``key`` to the screen passing ``test``."""
        return self.wait_for(test, timeout, since=self.send(key))

    def press_until_changed(
        self,
        key: bytes | str,
        region: Region,
        timeout: float,
        read: Read = contents,
    ) -> float:
        """Seconds from writing ``key`` to the first change of ``read(region)``."""
        before = self.cells(read, region)
        return self.wait_for_cells(differs(before, region, read), timeout, since=self.send(key))

    @property
    def full(self) -> Region:
        """The whole screen as a region."""
        return (0, 0, self.cols, self.rows)

    def settle(
        self, quiet: float = 0.3, timeout: float = 30.0, since: float | None = None
    ) -> float:
        """Wait until no output arrived for ``quiet`` seconds; returns the wait.

        With ``since`` (a perf_counter, e.g. from ``send``), output after that
        moment is required first: a program may take a while to react at all
        (Textual's resize does), and silence before it reacts is not settling.
        """
        begin = time.perf_counter()
        while True:
            now = time.perf_counter()
            if self._closed.is_set():
                raise ProgramExited(self._exit_message())
            reacted = since is None or self.last_output > since
            if reacted and now - self.last_output >= quiet:
                return now - begin
            if now - begin > timeout:
                raise TimeoutError(f"output did not settle within {timeout:.1f} s")
            time.sleep(min(0.02, quiet / 4))

    def resize(self, cols: int, rows: int) -> float:
        """Change the pty size (the kernel signals SIGWINCH); returns when, for ``settle``.

        Needs ``size_env=False``; time the redraw with ``wait_for(..., since=...)``.
        """
        with self._lock:
            self.cols, self.rows = cols, rows
            self.screen.resize(rows, cols)
            self._lines = [""] * rows
            self.screen.dirty.update(range(rows))
            self._refresh_lines()
        now = time.perf_counter()
        fcntl.ioctl(self._master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        return now

    def _exit_message(self) -> str:
        code = None
        if self.proc is not None and self._wait_exit(1.0):
            code = self.returncode
        tail = [line.rstrip() for line in self.text().splitlines() if line.strip()][-6:]
        return f"exited (code {code}); screen ends with: " + " | ".join(tail)
