"""Run one command and report its wall time and peak memory, as ``/usr/bin/time`` would.

Linux carries a process's ``ru_maxrss`` across ``exec``, so a command
started straight from the benchmark (a large process) would report the
benchmark's own size. This small launcher forks the command from itself
(a bare interpreter of a few MB, below any command worth measuring) and
reads the child's peak from ``wait4``.

Run: ``python -m bench.peak RESULT.json -- COMMAND ARG...``; the command's
own output goes where this launcher's goes.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m bench.peak RESULT.json -- COMMAND ARG...", file=sys.stderr)
        return 2
    result, command = argv[0], argv[2:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: become the command
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    with open(result, "w", encoding="utf-8") as out:
        json.dump({
            "wall": wall,
            "peak_rss": usage.ru_maxrss * 1024,  # KiB on Linux
            "returncode": os.waitstatus_to_exitcode(status),
        }, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
