"""Keys on a large article, with highlights, search marks and the sidebar all showing.

One session per run, in a pty whose size is not pinned (it is resized at the
end): search for a frequent word (so marks cover the screen), ``G``, back to
the top, then ``j`` held for 200 presses and ``]`` across 100 sections, each
press timed from writing the key to the first change of the screen (the next
press goes once that frame is written in full), and last a resize from 120
to 80 columns, timed to its first redraw and to the last byte of the
re-layout (exact line heights come from a worker, so a long article settles
a little later). Peers do what they have keys for.
"""

from __future__ import annotations

import time

from bench.apps import AppSpec
from bench.articles import open_article
from bench.measure import Context, Figures, Metric, Scenario, describe_failure, p95
from bench.pty_runner import ProgramExited, PtySession
from bench.scenario_open import data_for
from bench.screen_tests import contents, differs, visible

SEARCH_WORD = "said"  # a few times in every paragraph of the generated articles
NARROW = 80
KEY_CASE = "1mb-md-2k"
FRAME_QUIET = 0.04  # no output for this long: the last frame is complete


def _presses(ctx: Context) -> tuple[int, int, float]:
    """(j presses, ] presses, seconds one series may take at most)."""
    return (60, 30, 8.0) if ctx.quick else (200, 100, 30.0)


def series(
    session: PtySession, key: bytes, count: int, ctx: Context, cap: float
) -> list[float] | str:
    """``count`` presses of ``key``, each timed to the first change of the screen (ms).

    Stops early after ``cap`` seconds (a slow program is still measured, just
    on fewer presses); a press that changes nothing gives "timeout".
    """
    samples: list[float] = []
    began = time.perf_counter()
    for _ in range(count):
        try:
            # The previous frame must be written in full, or its tail would
            # count as this press's change.
            session.settle(FRAME_QUIET, ctx.settle_timeout)
            samples.append(session.press_until_changed(key, session.full, ctx.key_timeout) * 1000)
        except (TimeoutError, ProgramExited) as exc:
            return samples if samples else describe_failure(exc)
        if time.perf_counter() - began > cap:
            break
    return samples


def run_keys(app: AppSpec, case: str, ctx: Context) -> Figures:
    article = open_article(case)
    data = data_for(app, article, ctx)
    session = PtySession(app.argv(article.path, data), size_env=False)
    figures: Figures = {}
    try:
        session.start()
        timeout = ctx.paint_timeout_for(app)
        try:
            session.wait_for(visible(*article.first_paint), timeout)
        except TimeoutError:
            raise TimeoutError(f"no first paint in {timeout:g} s") from None
        session.settle(ctx.settle_quiet, ctx.settle_timeout)
        if "search" in app.keys:
            session.send(app.keys["search"])
            time.sleep(0.2)
            session.send(SEARCH_WORD)
            time.sleep(0.2)
            session.settle(ctx.settle_quiet, ctx.settle_timeout, since=session.send(b"\r"))
        at_end = visible(*article.end)
        figures["end"] = session.press(app.keys["end"], at_end, ctx.key_timeout) * 1000
        session.settle(ctx.settle_quiet, ctx.settle_timeout)
        session.settle(ctx.settle_quiet, ctx.settle_timeout, since=session.send(app.keys["top"]))
        downs, sections, cap = _presses(ctx)
        figures["down"] = series(session, app.keys["down"], downs, ctx, cap)
        if "next_section" in app.keys:
            session.settle(ctx.settle_quiet, ctx.settle_timeout)
            figures["section"] = series(session, app.keys["next_section"], sections, ctx, cap)
        session.settle(ctx.settle_quiet, ctx.settle_timeout)
        since = session.resize(NARROW, session.rows)
        before = session.cells(contents, session.full)  # the old screen, cut to 80 columns
        first = session.wait_for_cells(differs(before, session.full, contents), ctx.key_timeout,
                                       since)
        figures["resize_first"] = first * 1000
        session.settle(ctx.settle_quiet, ctx.settle_timeout, since=since)
        figures["resize"] = (session.last_output - since) * 1000
    except (TimeoutError, ProgramExited, OSError) as exc:
        reason = describe_failure(exc)
        for name in ("end", "down", "section", "resize_first", "resize"):
            figures.setdefault(name, reason)
    finally:
        session.close(quit_keys=app.quit_keys)
    if "next_section" not in app.keys:
        figures["section"] = "n/a: no section key"
    figures["peak_rss"] = session.peak_rss / 1e6 if session.peak_rss else "no sample"
    return figures


def applies(app: AppSpec, case: str, ctx: Context) -> str | None:
    article = open_article(case)
    if not app.opens(article.path):
        return "n/a: Markdown only"
    return None


KEYS = Scenario(
    "keys",
    f"keys on {KEY_CASE} with search marks for '{SEARCH_WORD}': G, j held, ] held, resize",
    (
        Metric("end", "G (end) latency", "ms"),
        Metric("j_median", "j step, median", "ms", source="down", how="median"),
        Metric("j_p95", "j step, p95", "ms", p95, "p95", source="down"),
        Metric("section_median", "] step, median", "ms", source="section", how="median"),
        Metric("section_p95", "] step, p95", "ms", p95, "p95", source="section"),
        Metric("resize_first", f"resize 120→{NARROW} columns, first redraw", "ms"),
        Metric("resize", f"resize 120→{NARROW} columns, last byte of the re-layout", "ms"),
        Metric("peak_rss", "peak RSS", "MB", max, "max"),
    ),
    (KEY_CASE,),
    run_keys,
    lambda case, ctx: 1,
    applies,
)

