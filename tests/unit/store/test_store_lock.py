"""One writer: a second app opens read-only, a write command waits then fails clearly."""

from __future__ import annotations

import selectors
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.errors import StoreLockedError
from reader.store.store import READ_ONLY_NOTICE, UNSAVED_NOTICE, Store
from tests.unit.samples import URI_A, URI_B, make

HOLDER = """
import sys
from pathlib import Path
from reader.annotations.model import Annotation
from reader.store.store import Store

store = Store.open(Path(sys.argv[1]), mode="app")
text = "Text annotated by another process holding the lock."
def put(end):
    store.put(Annotation.create("file:///held.txt", text, 0, end))
put(4)
print("ready" if not store.read_only else "read-only", flush=True)
for line in sys.stdin:
    if line.strip() != "put":
        break
    put(9)
    print("done", flush=True)
store.close()
print("closed", flush=True)
"""


class Holder:
    """Another process that opens the store in app mode and holds its lock."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def line(self, timeout: float = 20.0) -> str:
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise TimeoutError("the lock holder did not answer")
        return self.proc.stdout.readline().strip()

    def send(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.line()


@pytest.fixture
def holder(root: Path) -> Iterator[Holder]:
    held = Holder(root)
    try:
        assert held.line() == "ready"
        yield held
    finally:
        if held.proc.poll() is None:
            held.proc.kill()
        held.proc.wait(timeout=20)


def test_second_app_store_is_read_only(root: Path) -> None:
    first = Store.open(root)
    second = Store.open(root)
    assert not first.read_only
    assert second.read_only and READ_ONLY_NOTICE in second.notices
    ann = make()
    assert second.put(ann) is False
    assert second.annotations(URI_A) == [ann]  # shown, though not saved
    assert UNSAVED_NOTICE in second.notices
    assert Store.open(root, mode="read").annotations(URI_A) == []
    second.close()
    first.close()


def test_write_command_waits_then_raises_one_clear_line(root: Path) -> None:
    first = Store.open(root)
    with pytest.raises(StoreLockedError) as caught:
        Store.open(root, mode="cli", lock_timeout=0.2)
    message = str(caught.value)
    assert "\n" not in message and "another reader" in message and str(root) in message
    first.close()
    Store.open(root, mode="cli", lock_timeout=0.2).close()  # free again after close


def test_read_only_store_follows_the_writer_and_takes_over_when_it_closes(root: Path) -> None:
    writer = Store.open(root)
    follower = Store.open(root)
    mine = make(URI_B)
    follower.put(mine)
    assert follower.annotations(URI_A) == []  # read once, then served from memory
    theirs = make(URI_A)
    writer.put(theirs)
    assert follower.annotations(URI_A) == []
    follower.reload()
    assert follower.annotations(URI_A) == [theirs]
    assert follower.annotations(URI_B) == [mine]  # unsaved changes survive a reload
    assert follower.retry() is False  # the writer is still there
    writer.close()
    assert follower.retry() is True
    assert not follower.read_only
    assert Store.open(root, mode="read").annotations(URI_B) == [mine]
    assert Store.open(root).read_only  # the follower now holds the lock
    follower.close()


def test_lock_held_by_another_process(root: Path, holder: Holder) -> None:
    app = Store.open(root)
    assert app.read_only and READ_ONLY_NOTICE in app.notices
    assert len(app.annotations("file:///held.txt")) == 1
    with pytest.raises(StoreLockedError):
        Store.open(root, mode="cli", lock_timeout=0.2)
    assert holder.send("put") == "done"
    assert len(Store.open(root, mode="read").annotations("file:///held.txt")) == 2
    app.reload()
    assert len(app.annotations("file:///held.txt")) == 2
    assert app.put(make()) is False
    assert holder.send("quit") == "closed"
    holder.proc.wait(timeout=20)
    assert app.retry() is True
    assert len(Store.open(root, mode="read").annotations(URI_A)) == 1
    app.close()
