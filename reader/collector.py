"""Python's cyclic garbage collector, paused where it can only waste time.

What the reader builds while it starts, exports or imports lives until the
program (or the command) ends, or is freed by reference counting: there are
no cycles to find, yet the collector would walk the growing heap again and
again (40-60 ms before the app's first frame, 90 ms of a Markdown export of
ten thousand annotations, 190 ms of a JSON one). The app resumes it once the
article is on screen (:func:`reader.ui.reading.memory.settle_memory`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def pause() -> None:
    """No cyclic collection until someone calls ``gc.enable()``."""
    gc.disable()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; as before afterwards, even on error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
