"""Scenarios: what is done to an app in one run, and which figures come out.

A scenario is a function that gets one app, one article and a context, runs
the app once (usually in a ``PtySession``) and returns its figures by metric
name. A figure that could not be taken is a string saying why ("timeout",
"error: ..."), so one bad run never hides the others. ``SCENARIOS`` is the
registry the command line runs; later measurements (highlight with 0 and
100,000 annotations, holding ``j``, ``]`` across sections, resizing, import
and export) are further entries here, with their own metrics.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.apps import AppSpec
from bench.articles import Article
from bench.pty_runner import ProgramExited, PtySession, visible

Figure = float | str  # a number in the metric's unit, or why there is none
Figures = dict[str, Figure]
NOT_PAINTED = "no first paint"


@dataclass(frozen=True)
class Metric:
    """A figure a scenario reports; ``combine`` folds several runs into one."""

    name: str
    label: str
    unit: str  # "s", "ms" or "MB"
    combine: Callable[[Sequence[float]], float] = statistics.median
    how: str = "median"


@dataclass
class Context:
    """Settings shared by every run of a benchmark."""

    paint_timeout: float = 60.0
    key_timeout: float = 30.0
    settle_quiet: float = 0.3
    settle_timeout: float = 15.0
    workdir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))

    def data_dir(self) -> Path:
        """A fresh, empty data folder, so no run sees another's library."""
        return Path(tempfile.mkdtemp(prefix="reader-bench-", dir=self.workdir))


@dataclass(frozen=True)
class Scenario:
    name: str
    describe: str
    metrics: tuple[Metric, ...]
    run: Callable[[AppSpec, Article, Context], Figures]


def describe_failure(exc: BaseException) -> str:
    """One short string for a figure that could not be taken."""
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ProgramExited):
        return str(exc)
    return f"error: {type(exc).__name__}: {exc}"


def run_open(app: AppSpec, article: Article, ctx: Context) -> Figures:
    """Open the article: first paint, then ``end`` after the screen settles, and peak RSS."""
    session = PtySession(app.argv(article.path, ctx.data_dir()))
    try:
        session.start()
    except OSError as exc:  # not installed, not executable
        return {"first_paint": describe_failure(exc), "end": NOT_PAINTED, "peak_rss": "not run"}
    figures: Figures = {}
    stuck = False
    try:
        figures["first_paint"] = session.wait_for(visible(*article.first_paint), ctx.paint_timeout)
        figures["paint_cpu"] = session.cpu_seconds()
        figures["end"] = _press_end(session, app, article, ctx)
    except (TimeoutError, ProgramExited) as exc:
        stuck = isinstance(exc, TimeoutError)
        figures["first_paint"] = describe_failure(exc)
        figures["end"] = NOT_PAINTED
    finally:
        # A program that never painted is probably busy: skip straight to signals.
        session.close(quit_keys=() if stuck else app.quit_keys)
    if isinstance(figures["first_paint"], str) and not stuck:
        figures["peak_rss"] = "exited"  # the memory of a failed start says nothing
    else:  # a timed-out start still shows how much memory the attempt took
        figures["peak_rss"] = session.peak_rss / 1e6 if session.peak_rss else "no sample"
    return figures


def _press_end(session: PtySession, app: AppSpec, article: Article, ctx: Context) -> Figure:
    try:
        session.settle(ctx.settle_quiet, ctx.settle_timeout)
    except TimeoutError:
        return "never settled"
    except ProgramExited as exc:
        return describe_failure(exc)
    at_end = visible(*article.end)
    if at_end(session.text()):
        return "end already visible"
    try:
        return session.press(app.keys["end"], at_end, ctx.key_timeout) * 1000
    except (TimeoutError, ProgramExited) as exc:
        return describe_failure(exc)


OPEN = Scenario(
    "open",
    "open an article: first paint, G (end) after it settles, peak memory",
    (
        Metric("first_paint", "first paint", "s"),
        Metric("paint_cpu", "CPU time at first paint", "s"),
        Metric("end", "G (end) latency", "ms"),
        Metric("peak_rss", "peak RSS", "MB", max, "max"),
    ),
    run_open,
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (OPEN,)}
