"""The data folder: --data beats READER_HOME beats the platform's; created on demand."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from reader.errors import ReaderError
from reader.store import paths


@pytest.fixture
def platform_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "platform" / "reader"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name: str(target))
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    return target


def test_platform_folder_by_default(platform_dir: Path) -> None:
    assert paths.data_dir() == platform_dir
    assert platform_dir.is_dir()


def test_environment_beats_platform(
    platform_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
    assert (tmp_path / "env").is_dir() and not platform_dir.exists()
    monkeypatch.setenv(paths.ENV_HOME, "")
    assert paths.data_dir() == platform_dir


def test_override_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env"))
    assert paths.data_dir(tmp_path / "flag" / "nested") == tmp_path / "flag" / "nested"
    assert paths.data_dir(str(tmp_path / "s")) == tmp_path / "s"
    assert not (tmp_path / "env").exists()


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.data_dir("~/notes") == tmp_path / "notes"


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ReaderError, match="--data DIR"):
        paths.data_dir(blocker / "sub")
    with pytest.raises(ReaderError, match="not a folder"):
        paths.data_dir(blocker)


def test_article_key_is_short_stable_and_distinct() -> None:
    key = paths.article_key("file:///home/me/article.txt")
    assert key == paths.article_key("file:///home/me/article.txt")
    assert len(key) == paths.KEY_LENGTH and set(key) <= set("0123456789abcdef")
    assert key != paths.article_key("file:///home/me/article2.txt")
    assert paths.shard_key(f"{key}.json") == key
    assert paths.shard_key(f"{key}.json.bak") is None
    assert paths.shard_key(f".{key}.json.x1.tmp") is None
