"""One caller at a time in the store: the app uses it from worker threads too."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def locked(method: Callable[P, R]) -> Callable[P, R]:
    """Run the method holding its object's ``_mutex`` (a reentrant lock)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._mutex:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper
