"""reader.fs: the one atomic writer. The old file or the new one, and never a temp file left."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from reader import fs


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_writes_text_as_utf8_and_bytes_as_they_are(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    fs.write_atomic(target, "“quoted” 🎉\r\n")
    assert target.read_bytes() == "“quoted” 🎉\r\n".encode()
    fs.write_atomic(target, b"\x00\xff raw")
    assert target.read_bytes() == b"\x00\xff raw"
    assert _listing(tmp_path) == ["notes.md"]


def test_a_failure_mid_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills after part of the data went out: nothing of it shows."""
    target = tmp_path / "library.json"
    target.write_bytes(b'{"old": true}')
    real_write = os.write
    calls = 0

    def half_then_full(fd: int, data: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError) as info:
        fs.write_atomic(target, b'{"new": "a longer payload than the old one"}')
    assert info.value.errno == errno.ENOSPC and calls == 2
    assert target.read_bytes() == b'{"old": true}'
    assert _listing(tmp_path) == ["library.json"]


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_a_failed_fsync_or_rename_leaves_the_old_file_and_no_temp(
    call: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, call, refuse)
    with pytest.raises(OSError, match="Input/output error"):
        fs.write_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert _listing(tmp_path) == ["a.json"]


def test_an_interrupt_mid_write_removes_the_temp_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only OSError: Ctrl-C during the write leaves nothing behind either."""
    target = tmp_path / "a.json"

    def interrupted(_fd: int, _data: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fs.write_atomic(target, "new")
    assert _listing(tmp_path) == []


def test_short_writes_are_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    target = tmp_path / "a.txt"
    fs.write_atomic(target, "a sentence written three bytes at a time")
    assert target.read_text(encoding="utf-8") == "a sentence written three bytes at a time"


def test_an_existing_temp_name_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """O_EXCL: a file already at the temp name (anyone's) is left alone, another is chosen."""
    taken = tmp_path / ".a.json.taken.tmp"
    taken.write_text("someone else's", encoding="utf-8")
    names = iter([taken, tmp_path / ".a.json.free.tmp"])
    monkeypatch.setattr(fs, "temp_path", lambda _path: next(names))
    fs.write_atomic(tmp_path / "a.json", "mine")
    assert taken.read_text(encoding="utf-8") == "someone else's"
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_by_default_public_when_asked(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        fs.write_atomic(tmp_path / "store.json", "{}")
        fs.write_atomic(tmp_path / "export.md", "#", mode=fs.PUBLIC)
    finally:
        os.umask(mask)
    assert (tmp_path / "store.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "export.md").stat().st_mode & 0o777 == 0o644


def test_two_steps_write_nothing_until_committed(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")
    temp = fs.write_temp(target, "new")
    assert temp.parent == tmp_path and fs.is_temp_of(temp.name, "a.json")
    assert target.read_text(encoding="utf-8") == "old"
    fs.commit(temp, target)
    assert target.read_text(encoding="utf-8") == "new"
    assert _listing(tmp_path) == ["a.json"]
    fs.discard(fs.write_temp(target, "dropped"))
    assert _listing(tmp_path) == ["a.json"]


def test_stale_temps_are_removed_by_name_or_all(tmp_path: Path) -> None:
    for name in (".a.json.x1.tmp", ".b.json.x2.tmp", "a.json", ".hidden", "c.tmp"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert fs.remove_stale_temps(tmp_path, "a.json") == 1
    assert fs.remove_stale_temps(tmp_path) == 1
    assert _listing(tmp_path) == [".hidden", "a.json", "c.tmp"]
    assert fs.remove_stale_temps(tmp_path / "missing") == 0
