"""write_atomic: all or nothing, never overwriting without --force."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.export.writer import write_atomic


def test_writes_utf8_exactly(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    data = "# “Title”\r\nline\n🎉"
    assert write_atomic(target, data, force=False) == target
    assert target.read_bytes() == data.encode("utf-8")
    assert os.listdir(tmp_path) == ["notes.md"]  # no temporary file left behind


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "out.json", "{}", force=False)
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ReaderError, match="already exists; use --force") as info:
        write_atomic(target, "new", force=False)
    assert "\n" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "keep me"
    write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ReaderError, match=re.escape(f"folder {missing} does not exist")):
        write_atomic(missing / "notes.md", "x", force=True)
    assert not missing.exists()


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="is a folder"):
        write_atomic(tmp_path, "x", force=True)
    afile = tmp_path / "file"
    afile.write_text("", encoding="utf-8")
    with pytest.raises(ReaderError, match="is not a folder"):
        write_atomic(afile / "notes.md", "x", force=True)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_unwritable_folder_is_a_reader_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ReaderError, match="cannot write"):
            write_atomic(locked / "notes.md", "x", force=False)
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ReaderError, match=r"cannot write .*No space left on device"):
        write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["notes.md"]
