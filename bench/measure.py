"""What every scenario is made of: metrics, figures, the shared context, the scenario type.

A scenario is a function that gets one app, one case (an article key, a
library size, an export format) and the context, runs the app once (usually
in a ``PtySession``) and returns its figures by name. A figure is a number
in the metric's unit, a list of numbers (one per key press, folded by the
metric: median, p95), or a string saying why there is none ("timeout",
"exited ..."), so one bad run never hides the others.
"""

from __future__ import annotations

import math
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.pty_runner import ProgramExited

if TYPE_CHECKING:
    from bench.apps import AppSpec

Figure = float | str | list[float]
Figures = dict[str, Figure]
NOT_PAINTED = "no first paint"


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, nearest-rank (an observed value, never interpolated)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Metric:
    """A figure a scenario reports; ``combine`` folds every run's numbers into one.

    ``source`` is the figure it reads (default: its own name), so two metrics
    can fold the same samples differently (median and p95 of 200 presses).
    """

    name: str
    label: str
    unit: str  # "s", "ms" or "MB"
    combine: Callable[[Sequence[float]], float] = statistics.median
    how: str = "median"
    source: str = ""

    @property
    def key(self) -> str:
        return self.source or self.name


@dataclass
class Context:
    """Settings and shared, lazily built inputs of one benchmark run."""

    quick: bool = False
    paint_timeout: float = 60.0
    peer_timeout: float = 30.0  # a peer slower than this is reported as such
    key_timeout: float = 10.0
    settle_quiet: float = 0.3
    settle_timeout: float = 15.0
    give_up: float = 10.0  # a peer that took longer to paint is not run on larger articles
    workdir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    cache: dict[str, Any] = field(default_factory=dict)
    gave_up: dict[str, str] = field(default_factory=dict)  # app -> why it is skipped

    def data_dir(self) -> Path:
        """A fresh, empty data folder, so no run sees another's library."""
        return Path(tempfile.mkdtemp(prefix="data-", dir=self.workdir))

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` the first time ``key`` is asked for, the same object after."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def paint_timeout_for(self, app: AppSpec) -> float:
        from bench.apps import SUBJECT

        return self.paint_timeout if app.name == SUBJECT else self.peer_timeout


Runner = Callable[["AppSpec", str, Context], Figures]
Applies = Callable[["AppSpec", str, Context], "str | None"]


def always(app: AppSpec, case: str, ctx: Context) -> str | None:
    return None


@dataclass(frozen=True)
class Scenario:
    """What is done to an app, on which cases, and how many times.

    ``applies`` says why an app cannot take part in a case (None: it can);
    ``runs`` how many runs a case gets (``quick`` or not).
    """

    name: str
    describe: str
    metrics: tuple[Metric, ...]
    cases: tuple[str, ...]
    run: Runner
    runs: Callable[[str, Context], int]
    applies: Applies = always
    case_label: Callable[[str], str] = str
    peer_runs: Callable[[str, Context], int] | None = None  # runs of apps but the subject


def describe_failure(exc: BaseException) -> str:
    """One short string for a figure that could not be taken."""
    if isinstance(exc, TimeoutError):
        return f"timeout ({exc})" if str(exc).startswith("no first paint") else "timeout"
    if isinstance(exc, ProgramExited):
        return str(exc)
    return f"error: {type(exc).__name__}: {exc}"
