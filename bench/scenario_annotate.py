"""Highlight, tag and delete: key to screen, as the library and the article grow.

Cases: the sample with 0, 10,000 and 100,000 annotations elsewhere in the
library (spread 1,000 per article, seeded once per benchmark through the
Store API), and the 1 MB Markdown article carrying 2,000 highlights itself.

One cycle on a sentence no annotation touches:
- ``h``: until a cell background changes in the article area (the
  highlight colour shows on the cursor's rows; nothing else there changes);
- ``x``: until a background changes again (the colour is gone);
- ``j`` to a fresh sentence, then ``t``: until the screen changes (the tag
  prompt is up); the tag is typed, then ``enter``: until the screen changes
  (the prompt is closed and the tagged passage saved and shown);
- ``x`` on that passage (timed as a delete too) and ``j`` to the next one.
Each key waits for the screen to settle after the one before, so no frame
of one key is counted for the next.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.apps import SUBJECT, AppSpec
from bench.articles import SAMPLE, Article, load, open_article
from bench.measure import Context, Figures, Metric, Scenario, describe_failure
from bench.pty_runner import ProgramExited, PtySession
from bench.scenario_open import data_for, parsed
from bench.screen_tests import Read, Region, backgrounds, contents, visible

LIBRARIES = {"lib-0": 0, "lib-10k": 10_000, "lib-100k": 100_000}
ARTICLE_CASE = "1mb-md-2k"
QUIET = 0.15
TAG = "benchmark"


def _cycles(ctx: Context) -> int:
    return 3 if ctx.quick else 10


def library_folder(case: str, ctx: Context) -> Path:
    """A data folder holding the library of ``case``: seeded once per benchmark,
    copied for each run (a run leaves its reading position and history behind).
    """
    template = _seeded(case, ctx)
    folder = ctx.data_dir()
    shutil.copytree(template, folder, dirs_exist_ok=True)
    return folder


def _seeded(case: str, ctx: Context) -> Path:

    def build() -> Path:
        from bench.articles import open_article as open_generated
        from bench.library import library, seed

        folder = ctx.data_dir()
        size = LIBRARIES[case]
        if size:
            source = parsed(ctx, open_generated("1mb").path)  # real sentences to quote
            seed(folder, library(source, size))
        return folder

    return ctx.once(f"library:{case}", build)


def _article(case: str) -> Article:
    return load("sample", SAMPLE) if case in LIBRARIES else open_article(case)


def run_annotate(app: AppSpec, case: str, ctx: Context) -> Figures:
    article = _article(case)
    data = library_folder(case, ctx) if case in LIBRARIES else data_for(app, article, ctx)
    session = PtySession(app.argv(article.path, data))
    samples: dict[str, list[float]] = {"h": [], "x": [], "t_open": [], "t_save": []}
    figures: Figures = {}
    try:
        session.start()
        session.wait_for(visible(*article.first_paint), ctx.paint_timeout)
        session.settle(ctx.settle_quiet, ctx.settle_timeout)
        view = (0, 0, session.cols, session.rows - 2)  # all but the status line and footer
        session.send("g")  # from the top (at the top already, nothing is redrawn)
        time.sleep(QUIET)
        session.settle(QUIET, ctx.settle_timeout)

        def key(name: str | None, press: str, region: Region, read: Read) -> None:
            took = session.press_until_changed(press, region, ctx.key_timeout, read)
            if name is not None:
                samples[name].append(took * 1000)
            session.settle(QUIET, ctx.settle_timeout)

        for _ in range(2):  # from the title onto the body's first sentences
            key(None, "j", session.full, contents)
        for _ in range(_cycles(ctx)):
            key("h", "h", view, backgrounds)
            key("x", "x", view, backgrounds)
            key(None, "j", session.full, contents)
            key("t_open", "t", session.full, contents)
            session.settle(QUIET, ctx.settle_timeout, since=session.send(TAG))
            key("t_save", "\r", session.full, contents)
            key("x", "x", view, backgrounds)
            key(None, "j", session.full, contents)
        figures.update(samples)
    except (TimeoutError, ProgramExited, OSError) as exc:
        reason = describe_failure(exc)
        for name, values in samples.items():
            figures[name] = values if values else reason
    finally:
        session.close(quit_keys=app.quit_keys)
    figures["peak_rss"] = session.peak_rss / 1e6 if session.peak_rss else "no sample"
    return figures


def applies(app: AppSpec, case: str, ctx: Context) -> str | None:
    return None if app.name == SUBJECT else "n/a: no annotations"


def _label(case: str) -> str:
    if case in LIBRARIES:
        return f"sample, {LIBRARIES[case]:,} in library"
    return f"{case} (2,000 on the article)"


ANNOTATE = Scenario(
    "annotate",
    "h / t / x key to screen, library of 0 / 10k / 100k annotations, article with 2k",
    (
        Metric("h", "h (highlight) → colour shows", "ms"),
        Metric("t_open", "t → tag prompt shows", "ms"),
        Metric("t_save", "tag + enter → prompt closed, saved", "ms"),
        Metric("x", "x (delete) → colour gone", "ms"),
        Metric("peak_rss", "peak RSS", "MB", max, "max"),
    ),
    (*LIBRARIES, ARTICLE_CASE),
    run_annotate,
    lambda case, ctx: 1,
    applies,
    _label,
)
