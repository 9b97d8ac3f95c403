"""Two readers on one data folder: one writer, the other read-only, nothing lost.

The holder is a separate process with an app-mode store, as a running app
would be. While it holds the lock a second app-mode store opens read-only
(and says so), and ``reader import`` waits briefly, then fails with one
line and exit 1. The holder keeps saving meanwhile; once it exits, the same
import succeeds, and every annotation of both is on disk.
"""

from __future__ import annotations

import selectors
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.document import load_article
from reader.store.store import READ_ONLY_NOTICE, Store

from .support import (
    PROJECT_ROOT,
    import_counts,
    new_ids,
    reader_argv,
    reader_env,
    run_reader,
    w3c_item,
    write_collection,
)

HOLDER = """
import sys
from pathlib import Path
from reader.annotations.model import Annotation
from reader.store.store import Store

root, text_path, uri = sys.argv[1:]
text = Path(text_path).read_text(encoding="utf-8")
store = Store.open(Path(root), mode="app")
print("read-only" if store.read_only else "ready", flush=True)
n = 0
for line in sys.stdin:
    if line.strip() != "put":
        break
    n += 1
    ann = Annotation.create(uri, text, n, n + 20, note=f"held {n}")
    print("saved" if store.put(ann) else "unsaved", ann.id, flush=True)
store.close()
print("closed", flush=True)
"""
CLI_LOCK_WAIT = 3.0  # Store.open(mode="cli") waits this long by default


class Holder:
    """A process holding the store in app mode; ``put()`` saves one annotation."""

    def __init__(self, home: Path, text_path: Path, uri: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(home), str(text_path), uri],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
        )
        self.uri = uri
        self.saved: list[str] = []

    def line(self, timeout: float = 20.0) -> str:
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise TimeoutError("the holder did not answer")
        return self.proc.stdout.readline().strip()

    def tell(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.line()

    def put(self) -> None:
        status, ident = self.tell("put").split()
        assert status == "saved"
        self.saved.append(ident)


@pytest.fixture
def holder(home: Path, articles: list[Path]) -> Iterator[Holder]:
    article = load_article(articles[0])
    text_path = home.parent / "held-text.txt"
    text_path.write_text(article.text, encoding="utf-8")
    held = Holder(home, text_path, article.uri)
    try:
        assert held.line() == "ready"
        yield held
    finally:
        if held.proc.poll() is None:
            held.proc.kill()
        held.proc.wait(timeout=20)


def test_second_app_instance_opens_read_only_and_says_so(home: Path, holder: Holder) -> None:
    holder.put()
    second = Store.open(home, mode="app")
    try:
        assert second.read_only
        assert READ_ONLY_NOTICE in second.notices
        assert [n for n in second.notices if "read-only" in n] == [READ_ONLY_NOTICE]
        assert holder.saved[0] in {a.id for a in second.annotations(holder.uri)}
    finally:
        second.close()
    holder.put()  # the read-only instance took nothing from the holder
    assert holder.tell("quit") == "closed"


def test_import_while_the_app_holds_the_store(
    home: Path, holder: Holder, articles: list[Path], tmp_path: Path, tally: Counter[str]
) -> None:
    article = load_article(articles[1])
    ids = new_ids(5)
    notes = write_collection(
        tmp_path / "notes.json",
        [w3c_item(article.uri, article.text, 40 * i, 40 * i + 30, ident)
         for i, ident in enumerate(ids)],
    )
    holder.put()
    # The holder keeps saving while the import waits for the lock.
    stop = threading.Event()

    def keep_saving() -> None:
        while not stop.is_set():
            holder.put()
            time.sleep(0.1)

    saver = threading.Thread(target=keep_saving)
    saver.start()
    try:
        began = time.perf_counter()
        refused = run_reader(home, "import", str(notes))
        waited = time.perf_counter() - began
    finally:
        stop.set()
        saver.join(timeout=30)
    assert refused.code == 1
    assert refused.out == b""
    lines = refused.err_lines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("reader: another reader is using") and "try again" in lines[0]
    assert waited >= CLI_LOCK_WAIT * 0.9, "the import did not wait for the lock"
    assert len(holder.saved) >= 5

    holder.put()
    assert holder.tell("quit") == "closed"
    holder.proc.wait(timeout=20)
    done = run_reader(home, "import", str(notes))
    assert done.code == 0, done.stderr
    assert import_counts(done.stdout) == (5, 0, 0)

    with Store.open(home, mode="read") as store:
        held = {a.id for a in store.annotations(holder.uri)}
        imported = {a.id for a in store.annotations(article.uri)}
    assert held == set(holder.saved), "an update of the holder was lost"
    assert imported == set(ids)
    tally["two instances: holder puts kept"] += len(holder.saved)


def test_concurrent_imports_take_turns_and_lose_nothing(
    home: Path, articles: list[Path], tmp_path: Path
) -> None:
    """Several ``reader import`` at once: each waits for the lock in turn, all succeed."""
    article = load_article(articles[0])
    files, every = [], set()
    for n in range(4):
        ids = new_ids(10)
        every |= set(ids)
        files.append(write_collection(
            tmp_path / f"batch-{n}.json",
            [w3c_item(article.uri, article.text, 30 * k + n, 30 * k + n + 20, ident)
             for k, ident in enumerate(ids)],
        ))
    procs = [
        subprocess.Popen(reader_argv("import", str(f)), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=reader_env(home), cwd=PROJECT_ROOT)
        for f in files
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        assert import_counts(out.decode()) == (10, 0, 0)
    with Store.open(home, mode="read") as store:
        assert {a.id for a in store.annotations(article.uri)} == every
        assert store.articles()[0].count == 40
