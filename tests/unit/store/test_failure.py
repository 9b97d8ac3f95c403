"""SaveFailure: why a save failed, as data, next to the notice that tells it in words."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from reader.store import paths
from reader.store.failure import FailureKind, SaveFailure
from reader.store.store import Store
from tests.unit.samples import URI_A, make


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (errno.ENOSPC, FailureKind.FULL_DISK),
        (errno.EDQUOT, FailureKind.FULL_DISK),
        (errno.EROFS, FailureKind.READ_ONLY),
        (errno.EACCES, FailureKind.PERMISSION),
        (errno.EPERM, FailureKind.PERMISSION),
        (errno.EIO, FailureKind.OTHER),
    ],
)
def test_the_kind_comes_from_the_error_number(code: int, kind: FailureKind) -> None:
    failure = SaveFailure.from_error(Path("/data/library.json"), OSError(code, os.strerror(code)))
    assert failure == SaveFailure(kind, Path("/data/library.json"), os.strerror(code))


def test_an_error_without_a_number_is_other_with_its_text() -> None:
    failure = SaveFailure.from_error(Path("a.json"), OSError("the disk went away"))
    assert failure.kind is FailureKind.OTHER and failure.reason == "the disk went away"
    assert SaveFailure.from_error(Path("a.json"), OSError()).reason == "OSError"


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def refuse(_fd: int, _data: Any) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", refuse)


def test_a_failed_save_is_recorded_with_its_notice(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(root)
    assert store.last_failure is None
    ann = make(URI_A)
    with monkeypatch.context() as patch:
        _refuse_writes(patch, errno.ENOSPC)
        assert store.put(ann) is False
    shard = paths.shard_path(root, paths.article_key(URI_A))
    assert store.last_failure == SaveFailure(
        FailureKind.FULL_DISK, shard, "No space left on device"
    )
    assert f"could not save {shard.name} (No space left on device): kept in memory, will retry" \
        in store.notices
    assert store.retry()
    assert store.last_failure is not None  # still says why the earlier save failed
    with monkeypatch.context() as patch:
        _refuse_writes(patch, errno.EROFS)
        assert store.put(ann.edited(note="again")) is False
    assert store.last_failure is not None
    assert store.last_failure.kind is FailureKind.READ_ONLY
    assert [f.kind for f in store.failures] == [FailureKind.FULL_DISK, FailureKind.READ_ONLY]
    store.close()


def test_the_same_failure_again_is_recorded_once(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retries meet the same full disk: one notice and one record per file, as told."""
    store = Store.open(root)
    with monkeypatch.context() as patch:
        _refuse_writes(patch, errno.ENOSPC)
        for end in (5, 9, 11):
            store.put(make(URI_A, 0, end))
        assert store.retry() is False  # the library's counts fail to save too
    told = [n for n in store.notices if n.startswith("could not save ")]
    assert [f"could not save {f.path.name} ({f.reason})" for f in store.failures] == [
        n.split(": kept in memory")[0] for n in told
    ]
    assert sorted(f.path.name for f in store.failures) == sorted(
        [f"{paths.article_key(URI_A)}.json", paths.LIBRARY_FILE]
    )
    store.close()


def test_a_store_in_memory_never_fails() -> None:
    store = Store.in_memory()
    assert store.put(make()) and store.last_failure is None and store.failures == []
