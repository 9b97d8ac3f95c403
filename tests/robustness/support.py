"""Running the real ``reader`` in subprocesses and inspecting its data folder.

The robustness tests treat the program as a user would: separate processes,
real files, signals. These helpers keep that plumbing out of the tests.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.fs import TEMP_SUFFIX
from reader.store import paths

SOAK = os.environ.get("READER_SOAK", "") not in ("", "0")
IMPORT_LINE = re.compile(r"^added (\d+), updated (\d+), skipped (\d+)$", re.MULTILINE)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def scaled(ci: int, soak: int) -> int:
    """``soak`` under ``make soak`` (READER_SOAK=1), else the CI-sized ``ci``."""
    return soak if SOAK else ci


def reader_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]


def reader_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``reader`` run whose data folder is ``home``."""
    env = dict(os.environ)
    env.pop("READER_MAX_MB", None)  # the default limit unless a test sets one
    env.update(READER_HOME=str(home), **extra)
    return env


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8", "replace")

    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def json(self) -> Any:
        return json.loads(self.out)


def run_reader(
    home: Path, *args: str, stdin: bytes | None = None, timeout: float = 60, **env: str
) -> Run:
    """Run ``reader ARGS`` to completion with ``home`` as its data folder."""
    proc = subprocess.run(
        reader_argv(*args),
        input=stdin,
        capture_output=True,
        env=reader_env(home, **env),
        timeout=timeout,
        cwd=PROJECT_ROOT,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def run_cli(home: Path, *args: str) -> Run:
    """``reader ARGS --data HOME`` in this process: the same code, without the start-up.

    stdout and stderr are UTF-8 byte streams with the error handlers Python
    gives a real terminal, so an unprintable character fails here as it would there.
    """
    from reader.cli import run

    out, err = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    with contextlib.redirect_stdout(streams[0]), contextlib.redirect_stderr(streams[1]):
        code = run([*args, "--data", str(home)])
    return Run(code, out.getvalue(), err.getvalue())


def import_counts(output: str) -> tuple[int, int, int] | None:
    """(added, updated, skipped) from a finished ``reader import``, else None."""
    match = IMPORT_LINE.search(output)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def new_ids(n: int) -> list[str]:
    return [f"urn:uuid:{uuid.uuid4()}" for _ in range(n)]


def w3c_item(
    uri: str, text: str, start: int, end: int, ident: str, *, note: str = "",
    tags: Sequence[str] = (), color: str = "yellow",
) -> dict[str, Any]:
    """A W3C Web Annotation over ``text[start:end]``, written without our exporter."""
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags
    ]
    if note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": ident,
        "type": "Annotation",
        "created": "2026-01-02T03:04:05+00:00",
        "modified": "2026-01-02T03:04:05+00:00",
        "body": body,
        "target": {
            "source": uri,
            "styleClass": color,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - 32) : start],
                    "suffix": text[end : end + 32],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def write_collection(path: Path, items: Iterable[dict[str, Any]]) -> Path:
    listed = list(items)
    path.write_text(
        json.dumps(
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "type": "AnnotationCollection",
                "total": len(listed),
                "first": {"type": "AnnotationPage", "items": listed},
            }
        ),
        encoding="utf-8",
    )
    return path


def temp_files(root: Path) -> list[Path]:
    """Temp files of the store (a writer's unfinished or interrupted writes)."""
    found: list[Path] = []
    for folder in (root, paths.shards_dir(root)):
        if folder.is_dir():
            found += [
                p for p in folder.iterdir()
                if p.name.startswith(".") and p.name.endswith(TEMP_SUFFIX)
            ]
    return found


def corrupt_copies(root: Path) -> list[Path]:
    return sorted(root.rglob("*.corrupt-*"))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the store but the lock, by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != paths.LOCK_FILE
    }
