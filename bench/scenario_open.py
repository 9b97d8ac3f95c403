"""Opening an article: first paint, ``G`` once it settles, peak memory.

First paint is the moment the article's title and the first words of its
body are both on the pty's screen. Apps that cannot show an article's
format, or have no use for its data folder (highlights are the reader's),
are reported as not applicable; a peer that needed more than
``Context.give_up`` seconds on an article is not started again on a larger
one (its figure says so), which keeps ``make bench`` within minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bench.apps import SUBJECT, AppSpec
from bench.articles import ARTICLES, Article, open_article
from bench.measure import NOT_PAINTED, Context, Figure, Figures, Metric, Scenario, describe_failure
from bench.pty_runner import ProgramExited, PtySession
from bench.screen_tests import visible

if TYPE_CHECKING:
    from reader.document.model import Article as Parsed


def parsed(ctx: Context, path: Path) -> Parsed:
    """The reader's own parse of ``path`` (for seeding), once per benchmark."""
    from reader.document import load_article

    return ctx.once(f"parsed:{path}", lambda: load_article(path))


def data_for(app: AppSpec, article: Article, ctx: Context) -> Path:
    """A fresh data folder; for the reader, holding the article's highlights."""
    data = ctx.data_dir()
    if app.name == SUBJECT and article.highlights:
        from bench.library import annotations_on, seed

        model = parsed(ctx, article.path)
        anns = ctx.once(
            f"highlights:{article.key}", lambda: annotations_on(model, article.highlights)
        )
        seed(data, anns, {model.uri: model.title})
    return data


def applies(app: AppSpec, case: str, ctx: Context) -> str | None:
    spec = ARTICLES[case]
    if not app.opens(spec.make()):
        return "n/a: Markdown only"
    if spec.highlights and app.name != SUBJECT:
        return "n/a: no highlights"
    return ctx.gave_up.get(app.name)


def run_open(app: AppSpec, case: str, ctx: Context) -> Figures:
    article = open_article(case)
    session = PtySession(app.argv(article.path, data_for(app, article, ctx)))
    try:
        session.start()
    except OSError as exc:  # not installed, not executable
        return {"first_paint": describe_failure(exc), "end": NOT_PAINTED, "peak_rss": "not run"}
    figures: Figures = {}
    stuck = False
    timeout = ctx.paint_timeout_for(app)
    try:
        figures["first_paint"] = session.wait_for(visible(*article.first_paint), timeout)
        figures["paint_cpu"] = session.cpu_seconds()
        figures["end"] = press_end(session, app, article, ctx)
    except (TimeoutError, ProgramExited) as exc:
        stuck = isinstance(exc, TimeoutError)
        figures["first_paint"] = (
            f"timeout (> {timeout:g} s)" if stuck else describe_failure(exc)
        )
        figures["end"] = NOT_PAINTED
    finally:
        # A program that never painted is probably busy: skip straight to signals.
        session.close(quit_keys=() if stuck else app.quit_keys)
    if isinstance(figures["first_paint"], str) and not stuck:
        figures["peak_rss"] = "exited"  # the memory of a failed start says nothing
    else:  # a timed-out start still shows how much memory the attempt took
        figures["peak_rss"] = session.peak_rss / 1e6 if session.peak_rss else "no sample"
    paint = figures["first_paint"]
    if app.name != SUBJECT and (not isinstance(paint, float) or paint > ctx.give_up):
        shown = paint.split(";")[0] if isinstance(paint, str) else f"{paint:.1f} s"
        ctx.gave_up.setdefault(app.name, f"skipped: {shown} on {case}")
    return figures


def press_end(session: PtySession, app: AppSpec, article: Article, ctx: Context) -> Figure:
    """``end`` after the screen settles: ms until the article's end is visible."""
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


def _runs(case: str, ctx: Context) -> int:
    spec = ARTICLES[case]
    return spec.quick_runs if ctx.quick else spec.runs


def _peer_runs(case: str, ctx: Context) -> int:
    """Peers run as often as the reader where a budget is a ratio to one (the
    sample); elsewhere once: they are a reference, not under test."""
    return _runs(case, ctx) if case == "sample" else 1


OPEN = Scenario(
    "open",
    "open an article: first paint, G (end) after it settles, peak memory",
    (
        Metric("first_paint", "first paint", "s"),
        Metric("paint_cpu", "CPU time at first paint", "s"),
        Metric("end", "G (end) latency", "ms"),
        Metric("peak_rss", "peak RSS", "MB", max, "max"),
    ),
    tuple(ARTICLES),
    run_open,
    _runs,
    applies,
    peer_runs=_peer_runs,
)
