"""The garbage collector around start-up and around a shown article.

Almost everything allocated while the app starts (modules, classes, parsed
stylesheets, the article and its layout) lives until the app ends, and the
rest is freed by reference counting. The cyclic collector would walk that
growing heap again and again before the first frame (40-60 ms on the sample)
and find nothing, so the command line pauses it (:func:`pause_collector`)
and the first screen resumes it once it has painted (:func:`settle_memory`).
"""

from __future__ import annotations

import gc

FULL_COLLECTION_EVERY = 40
"""Second-generation collections between full ones (Python's default: 10)."""


def pause_collector() -> None:
    """No cyclic collection until :func:`settle_memory` (the first frame is out)."""
    gc.disable()


def settle_memory() -> None:
    """Keep the garbage collector off what was built to show the article.

    The article (blocks, sentences, spans), its layout, marks and widgets live
    as long as the screen; left in the collector's oldest generation, they are
    walked on every full collection, a pause that grows with the article
    (100-200 ms on a 1 MB article, every second or so while keys are held).
    Frozen, they are skipped. Later objects are collected as usual, but the
    full collections (which walk every cache the view has filled since) run a
    quarter as often: cycles are rare here, reference counting frees the rest.
    Resumes the collector if :func:`pause_collector` stopped it.
    """
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, FULL_COLLECTION_EVERY))
    gc.enable()


def release_frozen() -> None:
    """What a closed screen froze may be garbage now: let the collector see it again."""
    gc.unfreeze()
