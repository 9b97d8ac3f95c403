"""Full disks and read-only data folders: told, kept in memory, retried, never a crash.

In-process, the failing system call is simulated (``os.open``, ``os.write``,
``os.fsync``, ``os.replace`` raising ENOSPC/EROFS/EIO), which reaches every
step of a write. Then the real thing, where the machine allows a private
mount namespace (``unshare -m``): a read-only bind mount and a 1 MB tmpfs
filled to the last byte. Without it, a file standing where the data folder
should be still checks the one-line refusal.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

from reader.annotations.model import Annotation
from reader.document import load_article
from reader.store.store import Store

from .support import (
    PROJECT_ROOT,
    import_counts,
    new_ids,
    run_cli,
    run_reader,
    snapshot,
    temp_files,
    w3c_item,
    write_collection,
)

TEXT = "A passage that the disk refuses to take, then takes once there is room again."
URI = "file:///failing/article.txt"
FAILURES = {
    "open EROFS": ("open", errno.EROFS),
    "write ENOSPC": ("write", errno.ENOSPC),
    "fsync EIO": ("fsync", errno.EIO),
    "replace ENOSPC": ("replace", errno.ENOSPC),
}


def _fail_in(monkeypatch: pytest.MonkeyPatch, root: Path, call: str, code: int) -> None:
    """Make ``os.<call>`` fail with ``code`` for files under ``root`` (the lock excepted).

    ``open`` fails when creating a file; ``write`` and ``fsync`` fail on the
    descriptors ``os.open`` handed out for paths under ``root``; ``replace``
    fails when renaming onto such a path.
    """
    real_open, real_close = os.open, os.close
    ours: set[int] = set()

    def under_root(path: Any) -> bool:
        return str(path).startswith(str(root)) and not str(path).endswith(".lock")

    def fail() -> NoReturn:
        raise OSError(code, os.strerror(code))

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if call == "open" and under_root(path) and flags & os.O_CREAT:
            fail()
        fd = real_open(path, flags, *args, **kwargs)
        if under_root(path):
            ours.add(fd)
        return fd

    def close_(fd: int) -> None:
        ours.discard(fd)
        real_close(fd)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "close", close_)
    if call in ("write", "fsync"):
        real = getattr(os, call)

        def by_fd(fd: int, *args: Any) -> Any:
            if fd in ours:
                fail()
            return real(fd, *args)

        monkeypatch.setattr(os, call, by_fd)
    elif call == "replace":
        real_replace = os.replace

        def replace_(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if under_root(dst):
                fail()
            real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace_)


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failed_save_stays_in_memory_is_told_and_retried(
    failure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Counter[str]
) -> None:
    call, code = FAILURES[failure]
    root = tmp_path / "data"
    store = Store.open(root)
    kept = Annotation.create(URI, TEXT, 0, 9)
    assert store.put(kept)
    ann = Annotation.create(URI, TEXT, 10, 30)
    with monkeypatch.context() as patch:
        _fail_in(patch, root, call, code)
        assert store.put(ann) is False
        assert store.retry() is False
        edited = ann.edited(note="still in memory")
        assert store.put(edited) is False
    assert store.annotations(URI) == [kept, edited]
    told = [n for n in store.notices if os.strerror(code) in n]
    assert told and len(told) == len(set(told)), store.notices  # each file told once
    assert all("kept in memory, will retry" in n for n in told)
    assert not temp_files(root)
    assert Store.open(root, mode="read").annotations(URI) == [kept]
    assert store.retry() is True
    assert store.saved
    assert Store.open(root, mode="read").annotations(URI) == [kept, edited]
    store.close()
    tally["disk failures simulated in-process"] += 1


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_import_that_cannot_be_saved_says_so_and_changes_nothing(
    failure: str, home: Path, articles: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    call, code = FAILURES[failure]
    article = load_article(articles[0])
    first = write_collection(
        tmp_path / "first.json",
        [w3c_item(article.uri, article.text, 10, 40, i) for i in new_ids(2)],
    )
    assert run_cli(home, "import", str(first)).code == 0
    before = snapshot(home)
    ids = new_ids(3)
    notes = write_collection(
        tmp_path / "notes.json",
        [w3c_item(article.uri, article.text, 50 * n, 50 * n + 30, i) for n, i in enumerate(ids)],
    )
    with monkeypatch.context() as patch:
        _fail_in(patch, home, call, code)
        refused = run_cli(home, "import", str(notes))
    assert refused.code == 1 and refused.out == b""
    (line,) = refused.err_lines()
    assert line.startswith("reader: import failed, nothing was changed: cannot write")
    assert os.strerror(code) in line
    assert snapshot(home) == before and not temp_files(home)
    done = run_cli(home, "import", str(notes))
    assert done.code == 0 and import_counts(done.stdout) == (3, 0, 0)


def test_export_that_cannot_be_written_leaves_no_file(
    home: Path, articles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = load_article(articles[0])
    notes = write_collection(
        tmp_path / "notes.json",
        [w3c_item(article.uri, article.text, 10, 40, i) for i in new_ids(2)],
    )
    assert run_cli(home, "import", str(notes)).code == 0
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    # The export writes through a file object, not os.write: the other three calls.
    for call, code in (v for v in FAILURES.values() if v[0] != "write"):
        with monkeypatch.context() as patch:
            _fail_in(patch, out_dir, call, code)
            refused = run_cli(home, "export", str(articles[0]), "-o", str(out_dir / "n.md"))
        assert refused.code == 1
        (line,) = refused.err_lines()
        assert line.startswith(f"reader: cannot write {out_dir / 'n.md'}")
        assert list(out_dir.iterdir()) == [], call


def test_data_folder_that_is_a_file(home: Path, articles: list[Path], tmp_path: Path) -> None:
    home.parent.mkdir(exist_ok=True)
    home.write_text("I am a file, not a folder\n", encoding="utf-8")
    article = load_article(articles[0])
    notes = write_collection(
        tmp_path / "notes.json", [w3c_item(article.uri, article.text, 5, 25, new_ids(1)[0])]
    )
    for args in (("import", str(notes)), ("list",), ("annotations", str(articles[0]))):
        refused = run_reader(home, *args)
        assert refused.code == 1, args
        (line,) = refused.err_lines()
        assert line == (
            f"reader: the data folder {home} is not a folder; choose another with --data DIR"
        )
    below = run_reader(home / "data", "import", str(notes))
    assert below.code == 1
    (line,) = below.err_lines()
    assert line.startswith(f"reader: cannot create the data folder {home / 'data'}")
    assert home.read_text(encoding="utf-8") == "I am a file, not a folder\n"


# -- the real thing, in a private mount namespace ----------------------------------


@functools.cache
def _namespaces_work(probe: str) -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    os.makedirs(probe, exist_ok=True)
    script = f"mount --bind {probe} {probe} && mount -o remount,bind,ro {probe}"
    try:
        done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                              timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@pytest.fixture
def namespace(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict[str, Any]]:
    probe = tmp_path_factory.mktemp("probe")
    if not _namespaces_work(str(probe)):
        pytest.skip("no private mount namespace here (unshare -m / mount not permitted)")

    def run(scenario: str, *args: Path) -> dict[str, Any]:
        done = subprocess.run(
            ["unshare", "-m", sys.executable, "-m", "tests.robustness.mounts", scenario,
             *map(str, args)],
            capture_output=True, timeout=120, cwd=PROJECT_ROOT,
        )
        assert done.returncode == 0, done.stderr.decode()
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    return run


def _notes(tmp_path: Path, article: Path, name: str, count: int) -> Path:
    loaded = load_article(article)
    return write_collection(
        tmp_path / name,
        [w3c_item(loaded.uri, loaded.text, 60 * n, 60 * n + 25, i)
         for n, i in enumerate(new_ids(count))],
    )


def _one_line(result: dict[str, Any]) -> str:
    lines = [line for line in result["err"].splitlines() if line.strip()]
    assert result["code"] == 1 and len(lines) == 1, result
    return lines[0]


def test_read_only_data_folder(
    namespace: Callable[..., dict[str, Any]], home: Path, articles: list[Path], tmp_path: Path,
    tally: Counter[str],
) -> None:
    assert run_cli(home, "import", str(_notes(tmp_path, articles[0], "a.json", 3))).code == 0
    before = snapshot(home)
    report = namespace("read-only-data", home, _notes(tmp_path, articles[0], "b.json", 2))
    line = _one_line(report["import"])
    assert line == (
        f"reader: cannot write to {home} (Read-only file system); "
        "fix its permissions or choose another with --data DIR"
    )
    assert report["unchanged"] and snapshot(home) == before
    assert report["list"]["code"] == 0 and report["list"]["err"] == ""
    assert json.loads(report["list"]["out"])[0]["annotations"] == 3
    assert report["app_read_only"] and report["app_put"] is False
    assert any("Read-only file system" in n for n in report["app_notices"])
    tally["real read-only mounts survived"] += 1


def test_read_only_article_folder_then_fixed(
    namespace: Callable[..., dict[str, Any]], home: Path, articles: list[Path], tmp_path: Path,
    tally: Counter[str],
) -> None:
    assert run_cli(home, "import", str(_notes(tmp_path, articles[0], "a.json", 3))).code == 0
    report = namespace("read-only-annotations", home, _notes(tmp_path, articles[0], "b.json", 2))
    line = _one_line(report["import"])
    assert line.startswith("reader: import failed, nothing was changed: cannot write")
    assert line.endswith("(Read-only file system)")
    assert report["unchanged"]
    session = report["session"]
    assert session["put"] is False and session["shown"] and not session["retry_before_fix"]
    told = [n for n in session["notices"] if "Read-only file system" in n]
    assert len(told) == 1 and "kept in memory, will retry" in told[0]
    assert session["retry_after_fix"] and session["on_disk"]
    assert import_counts(report["import_after_fix"]["out"]) == (2, 0, 0)
    tally["real read-only mounts survived"] += 1


def test_full_disk_then_space_freed(
    namespace: Callable[..., dict[str, Any]], tmp_path: Path, articles: list[Path],
    tally: Counter[str],
) -> None:
    home = tmp_path / "tiny"
    report = namespace(
        "full-disk", home, _notes(tmp_path, articles[0], "b.json", 40),
        _notes(tmp_path, articles[0], "a.json", 3),
    )
    assert import_counts(report["first"]["out"]) == (3, 0, 0)
    assert report["filled"] == "No space left on device"
    line = _one_line(report["import"])
    assert line.startswith("reader: import failed, nothing was changed: cannot write")
    assert line.endswith("(No space left on device)")
    assert report["unchanged"] and report["temps"] == []
    assert report["list"]["code"] == 0
    session = report["session"]
    assert session["put"] is False and session["shown"] and not session["retry_before_fix"]
    assert any("No space left on device" in n for n in session["notices"])
    assert session["retry_after_fix"] and session["on_disk"]
    assert import_counts(report["import_after_fix"]["out"]) == (40, 0, 0)
    tally["real full disks survived"] += 1
