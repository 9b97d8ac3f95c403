"""``python -m bench`` (``make bench``): measure the reader against its budgets.

Every app runs in a real pty at 120x40. Runs of different apps alternate, so
a slow spell of the machine does not land on one app only; one unmeasured
warm-up per app first fills the disk cache and compiles bytecode. Progress
goes to stderr, the table to stdout, every run to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from bench.apps import APPS, BASELINE, DEFAULT_APPS, SUBJECT
from bench.articles import ARTICLES, open_article
from bench.report import Cell, count_results, machine, machine_line, table, write_json
from bench.scenarios import SCENARIOS, Context, Figures


def _keys(text: str, known: Mapping[str, object], what: str) -> list[str]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})"
        )
    return keys


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", type=lambda s: _keys(s, ARTICLES, "article"), default=list(ARTICLES),
        metavar="ARTICLES", help=f"comma-separated subset of: {', '.join(ARTICLES)}",
    )
    parser.add_argument(
        "--apps", type=lambda s: _keys(s, APPS, "app"), default=list(DEFAULT_APPS),
        metavar="APPS", help=f"comma-separated, from: {', '.join(APPS)} (default: "
        f"{','.join(DEFAULT_APPS)})",
    )
    parser.add_argument(
        "--scenarios", type=lambda s: _keys(s, SCENARIOS, "scenario"), default=list(SCENARIOS),
        metavar="NAMES", help=f"comma-separated, from: {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs per article")
    parser.add_argument("--runs", type=int, metavar="N", help="runs per article (overrides)")
    parser.add_argument("--paint-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--no-warmup", action="store_true")
    parser.add_argument("--json", type=Path, metavar="PATH", help="results file")
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _brief(figures: Figures) -> str:
    return ", ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    apps = [APPS[name] for name in args.apps]
    runnable = []
    for app in apps:
        if reason := app.missing():
            _progress(f"skip {app.name}: {reason}")
        else:
            runnable.append(app)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > 0.5 * (os.cpu_count() or 1):
        _progress(f"note: load average {load_before:.2f} before starting; figures will be noisy")
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as work:
        ctx = Context(paint_timeout=args.paint_timeout, workdir=Path(work))
        if not args.no_warmup:
            sample = open_article("sample")
            for app in runnable:
                _progress(f"warm-up {app.name}: {_brief(SCENARIOS['open'].run(app, sample, ctx))}")
        cells: list[Cell] = []
        runs_of: dict[str, int] = {}
        for key in args.only:
            spec = ARTICLES[key]
            article = open_article(key)
            runs_of[key] = args.runs or (spec.quick_runs if args.quick else spec.runs)
            for scenario in (SCENARIOS[name] for name in args.scenarios):
                row = {app.name: Cell(scenario.name, key, app.name) for app in runnable}
                cells.extend(row.values())
                stopped: set[str] = set()
                for i in range(runs_of[key]):
                    for app in runnable:
                        if app.name in stopped:
                            continue
                        figures = scenario.run(app, article, ctx)
                        row[app.name].runs.append(figures)
                        _progress(f"{scenario.name} {key} {app.name} #{i + 1}: {_brief(figures)}")
                        first = figures.get(scenario.metrics[0].name)
                        if isinstance(first, str):
                            stopped.add(app.name)  # it will fail or time out again: move on
    info = machine()
    options = {
        "only": args.only, "apps": args.apps, "scenarios": args.scenarios, "quick": args.quick,
        "runs": runs_of, "paint_timeout": args.paint_timeout,
        "seconds": round(time.perf_counter() - started, 1),
        "load_before": round(load_before, 2),
    }
    path = write_json(cells, options, info, *([args.json] if args.json else []))
    print(table(cells, [app.name for app in runnable], runs_of))
    print()
    print(machine_line(info, load_before))
    counts = count_results(cells)
    print(
        f"Budgets for {SUBJECT} (ratios against {BASELINE}): "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + f". Took {options['seconds']} s. Every run: {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
