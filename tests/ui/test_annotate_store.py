"""Annotations and the store: export (e), a read-only second window, disk failures
and retries, anchoring many annotations in a worker."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

import reader.ui.reading.screen as annotate_module
from reader.annotations.model import Annotation
from reader.document import load_article
from reader.store.store import Store
from reader.ui.dialogs.confirm import ConfirmDialog
from reader.ui.dialogs.export import ExportDialog
from reader.ui.reading.screen import ReadingScreen
from tests.ui.annotate_support import ARTICLE, on_disk, screen_of, sentences, status_text
from tests.ui.conftest import MakeReader, view, write_article

SIZE = (100, 30)


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    return write_article(tmp_path, "harbour.txt", ARTICLE)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_e_exports_and_asks_before_overwriting(
    make_reader: MakeReader, article_path: Path
) -> None:
    target = article_path.parent / "harbour.notes.md"
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "t", *"harbour", "enter", "e")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        first = target.read_text(encoding="utf-8")
        assert "> The council approved the harbour plan on Monday." in first
        assert "#harbour" in first
        assert any(str(target) in m and m.startswith("exported to") for m in messages(app))
        await pilot.press("j", "c", *"a note", "ctrl+s", "e", "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)  # the file exists: asked first
        await pilot.press("n")  # keep it: the dialog stays open to pick another name
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)
        assert target.read_text(encoding="utf-8") == first
        await pilot.press("e", "ctrl+s", "y")
        await settle(app, pilot)
        assert "a note" in target.read_text(encoding="utf-8")


async def test_export_failure_is_one_line(
    make_reader: MakeReader, article_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "h", "e")
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", _fail_fsync)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
        failed = [m for m in messages(app) if m.startswith("export failed")]
        assert failed and "\n" not in failed[0] and "No space left" in failed[0]


def _fail_fsync(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_read_only_window_refuses_to_write(
    make_reader: MakeReader, article_path: Path, data_path: Path
) -> None:
    holder = Store.open(data_path, mode="app")
    try:
        app = make_reader(article_path)
        async with app.run_test(size=(140, 30)) as pilot:
            assert "read-only" in status_text(app)
            await pilot.press("j", "h", "t")
            assert isinstance(app.screen, ReadingScreen)  # no dialog for a refused write
            await pilot.press("v", "j", "3")
            assert on_disk(data_path, app.article.uri) == []
            assert screen_of(app).annotator.index.ordered() == []  # nothing pretends to be kept
            refusals = [m for m in messages(app) if "read-only" in m]
            assert refusals and all("\n" not in m for m in refusals)
            await pilot.press("e")  # reading is still allowed: export opens
            assert isinstance(app.screen, ExportDialog)
    finally:
        holder.close()


async def test_unsaved_change_says_so_and_is_retried(
    make_reader: MakeReader, article_path: Path, data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_reader(article_path)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = screen_of(app)
        real_replace = os.replace
        with monkeypatch.context() as patch:

            def no_space(src, dst, *args, **kwargs):
                if str(dst).endswith(".json"):
                    raise OSError(errno.ENOSPC, "No space left on device")
                return real_replace(src, dst, *args, **kwargs)

            patch.setattr(os, "replace", no_space)
            await pilot.press("j", "h")
            assert "not saved: No space left on device, retrying" in status_text(app)
            assert on_disk(data_path, app.article.uri) == []
            assert screen.annotating.retry_timer is not None
            screen.annotating.retry()  # the timer's tick, while the disk is still full
            assert "not saved" in status_text(app)
        screen.annotating.retry()  # space again
        assert "saved" in status_text(app) and "not saved" not in status_text(app)
        assert screen.annotating.retry_timer is None
        [ann] = on_disk(data_path, app.article.uri)
        assert ann.exact == app.article.text[slice(*sentences(app)[1])]


async def test_many_annotations_are_anchored_in_a_worker(
    make_reader: MakeReader, article_path: Path, data_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = load_article(article_path)
    spans = [(b.start, b.end) for b in article.blocks]
    anns = [
        Annotation.create(article.uri, article.text, *spans[i % len(spans)], color="blue")
        for i in range(annotate_module.MANY_ANNOTATIONS + 50)
    ]
    store = Store.open(data_path, mode="cli")
    store.import_annotations(anns)
    store.close()
    threads: list[str] = []
    real_anchor_all = annotate_module.anchor_all

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real_anchor_all(*args, **kwargs)

    monkeypatch.setattr(annotate_module, "anchor_all", spy)
    app = make_reader(article_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = screen_of(app)
        assert threads and threads[0] != threading.main_thread().name
        assert screen.annotator.loaded and len(screen.annotator.index) == len(anns)
        assert len(view(app).decorations.layer("highlight")) == len(anns)
        assert f"{len(anns)} notes" in status_text(app)
