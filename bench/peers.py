"""The peers' own virtual environment, ``bench/.peers`` (git-ignored).

Frogmouth pins its own Textual, older than the reader's, so it cannot share
``.venv``. ``make bench`` creates ``bench/.peers`` with ``python -m venv``
and installs it from PyPI the first time; when that fails (no network, a
wheel that no longer builds) the reason is kept and the table says so, and
the rest of the benchmark runs on.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

PEERS = Path(__file__).resolve().parent / ".peers"
PEERS_BIN = PEERS / "bin"
PACKAGES = ("frogmouth",)
INSTALL_TIMEOUT = 300.0


def _base_python() -> str:
    """The interpreter behind the running venv (a venv made from a venv is fine too)."""
    return getattr(sys, "_base_executable", "") or sys.executable


@cache
def peers_missing() -> str | None:
    """Create the venv and install the peers if needed; None, or why they are missing."""
    if all((PEERS_BIN / name).exists() for name in PACKAGES):
        return None
    print(f"setting up {PEERS} (pip install {' '.join(PACKAGES)}) ...", file=sys.stderr)
    try:
        if not (PEERS_BIN / "python").exists():
            subprocess.run(
                [_base_python(), "-m", "venv", str(PEERS)],
                check=True, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
            )
        subprocess.run(
            [str(PEERS_BIN / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             *PACKAGES],
            check=True, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
        )
    except subprocess.CalledProcessError as exc:
        last = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        return f"install failed: {last[0][:80]}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"install failed: {type(exc).__name__}"
    missing = [name for name in PACKAGES if not (PEERS_BIN / name).exists()]
    return f"not installed: {', '.join(missing)}" if missing else None
