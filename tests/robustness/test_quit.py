"""``q`` in a real terminal: the process ends at once, with everything on disk.

The app ends the process without the interpreter's teardown (``os._exit``),
so this checks, from a second process, that what the session did was
written before that: a highlight with a tag, and the reading position.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document import load_article
from reader.resources import sample_article
from reader.store.store import Store

from .pty_check import RecordingSession
from .support import reader_argv, reader_env

pytestmark = pytest.mark.pty


def test_q_ends_the_process_with_the_session_on_disk(home: Path) -> None:
    article = sample_article()
    session = RecordingSession(reader_argv(str(article)), env=reader_env(home))
    with session:
        session.wait_for(lambda screen: "Tanf" in screen, timeout=30)
        session.settle(quiet=0.3, timeout=15)
        for keys in ("j", "j", "j", "t", "kept", "\r"):
            # each key changes the screen: wait for that, then for quiet
            session.settle(quiet=0.2, timeout=15, since=session.send(keys))
        assert "1 note" in session.text()
        session.send("q")
        code = session.wait_exit(15)
    assert code == 0
    assert b"\x1b[?1049l" in session.raw[-200:]  # the terminal was given back
    uri = load_article(article).uri
    store = Store.open(home, mode="read")
    try:
        [ann] = store.annotations(uri)
        assert ann.tags == ("kept",)
        assert store.position(uri) > 0
    finally:
        store.close()
