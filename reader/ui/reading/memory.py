"""The garbage collector around a shown article.

The command line pauses the collector while the app starts
(:func:`reader.collector.pause`); the first screen resumes it once it has
painted (:func:`settle_memory`), with what it built kept out of its way.
"""

from __future__ import annotations

import gc

FULL_COLLECTION_EVERY = 40
"""Second-generation collections between full ones (Python's default: 10)."""


def settle_memory() -> None:
    """Keep the garbage collector off what was built to show the article.

    The article (blocks, sentences, spans), its layout, marks and widgets live
    as long as the screen; left in the collector's oldest generation, they are
    walked on every full collection, a pause that grows with the article
    (100-200 ms on a 1 MB article, every second or so while keys are held).
    Frozen, they are skipped. Later objects are collected as usual, but the
    full collections (which walk every cache the view has filled since) run a
    quarter as often: cycles are rare here, reference counting frees the rest.
    Resumes the collector if the command line paused it.
    """
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, FULL_COLLECTION_EVERY))
    gc.enable()


def release_frozen() -> None:
    """What a closed screen froze may be garbage now: let the collector see it again."""
    gc.unfreeze()
