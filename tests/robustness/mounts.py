"""Real disk failures in a private mount namespace (run under ``unshare -m``).

Root ignores file permissions, so ``chmod`` cannot make a folder unwritable
for these tests. A mount namespace can: a read-only bind mount gives EROFS,
a small tmpfs gives ENOSPC, and both vanish with the namespace. The test
runs ``unshare -m python -m tests.robustness.mounts SCENARIO ...``; this
module sets the mounts up, drives ``reader`` and a store session against
them, and prints one JSON report for the test to judge.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from reader.annotations.model import Annotation
from reader.store.store import Store

TEXT = "Annotated while the disk said no: the passage must stay in memory until saved."
URI = "file:///mounted/article.txt"


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _reader(home: Path, *args: str) -> dict[str, Any]:
    env = {**os.environ, "READER_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, env=env, timeout=60
    )
    return {"code": proc.returncode, "out": proc.stdout.decode(), "err": proc.stderr.decode()}


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_bytes().hex()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "reader.lock"
    }


def _session(home: Path, fix: list[str]) -> dict[str, Any]:
    """An app-mode store that saves while the disk refuses, then after ``fix``."""
    store = Store.open(home, mode="app")
    ann = Annotation.create(URI, TEXT, 0, 10)
    report: dict[str, Any] = {"read_only": store.read_only}
    try:
        report["put"] = store.put(ann)
        report["shown"] = ann in store.annotations(URI)
        report["retry_before_fix"] = store.retry()
        report["notices"] = list(store.notices)
        subprocess.run(fix, check=True, capture_output=True)
        report["retry_after_fix"] = store.retry()
    finally:
        store.close()
    report["on_disk"] = ann in Store.open(home, mode="read").annotations(URI)
    return report


def read_only_data(home: Path, notes: Path) -> dict[str, Any]:
    """The whole data folder read-only: the lock cannot even be created."""
    before = _snapshot(home)
    _mount("--bind", str(home), str(home))
    _mount("-o", "remount,bind,ro", str(home))
    report = {
        "import": _reader(home, "import", str(notes)),
        "list": _reader(home, "list", "--json"),
        "unchanged": _snapshot(home) == before,
    }
    store = Store.open(home, mode="app")
    report["app_read_only"] = store.read_only
    report["app_put"] = store.put(Annotation.create(URI, TEXT, 0, 10))
    report["app_notices"] = list(store.notices)
    store.close()
    return report


def read_only_annotations(home: Path, notes: Path) -> dict[str, Any]:
    """Only ``annotations/`` read-only: the lock works, the article files cannot be written."""
    shards = home / "annotations"
    before = _snapshot(home)
    _mount("--bind", str(shards), str(shards))
    _mount("-o", "remount,bind,ro", str(shards))
    report: dict[str, Any] = {"import": _reader(home, "import", str(notes))}
    report["unchanged"] = _snapshot(home) == before
    report["session"] = _session(home, ["mount", "-o", "remount,bind,rw", str(shards)])
    report["import_after_fix"] = _reader(home, "import", str(notes))
    return report


def full_disk(home: Path, notes: Path, first: Path) -> dict[str, Any]:
    """A 1 MB tmpfs as the data folder, filled up after a first import."""
    home.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(home))
    report: dict[str, Any] = {"first": _reader(home, "import", str(first))}
    filler = home / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        report["filled"] = exc.strerror
    finally:
        os.close(fd)
    before = _snapshot(home)
    report["import"] = _reader(home, "import", str(notes))
    report["temps"] = [p.name for p in home.rglob(".*.tmp")]
    report["unchanged"] = _snapshot(home) == before
    report["list"] = _reader(home, "list", "--json")
    report["session"] = _session(home, ["rm", "-f", str(filler)])
    report["import_after_fix"] = _reader(home, "import", str(notes))
    return report


def main(argv: list[str]) -> int:
    scenario, *args = argv
    paths = [Path(a) for a in args]
    if scenario == "read-only-data":
        report = read_only_data(*paths)
    elif scenario == "read-only-annotations":
        report = read_only_annotations(*paths)
    elif scenario == "full-disk":
        report = full_disk(*paths)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
