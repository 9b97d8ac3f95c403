"""``python -m bench`` (``make bench``): measure the reader against its budgets and peers.

Every app runs in a real pty at 120x40. Within a case, runs of different apps
alternate, so a slow spell of the machine does not land on one app only; one
unmeasured warm-up per app first fills the disk cache. Bytecode is compiled
first, as an installed package has it, even where PYTHONDONTWRITEBYTECODE is
set: otherwise every run would pay for compiling the reader from source.
Peers live in ``bench/.peers`` (created on first use). Progress goes to
stderr, the table to stdout, every run to ``bench/results/latest.json``.
``--quick`` does one run of everything, with fewer presses (about 4 minutes).
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from bench.apps import APPS, BASELINE, DEFAULT_APPS, SUBJECT, AppSpec
from bench.articles import WARM_UP_MARKDOWN, open_article
from bench.measure import Context, Figures
from bench.report import Cell, count_results, machine, machine_line, table, write_json
from bench.scenario_open import run_open
from bench.scenarios import SCENARIOS

ALL_CASES = tuple(dict.fromkeys(case for s in SCENARIOS.values() for case in s.cases))


def _keys(text: str, known: Iterable[str], what: str) -> list[str]:
    known = list(known)
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
        "--only", type=lambda s: _keys(s, ALL_CASES, "case"), default=list(ALL_CASES),
        metavar="CASES", help=f"comma-separated subset of: {', '.join(ALL_CASES)}",
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
    parser.add_argument("--quick", action="store_true", help="one run of everything, fewer presses")
    parser.add_argument("--runs", type=int, metavar="N", help="runs per case (overrides)")
    parser.add_argument("--paint-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--peer-timeout", type=float, metavar="SECONDS",
                        help="first-paint timeout of peers (default 30, --quick 15)")
    parser.add_argument("--no-warmup", action="store_true")
    parser.add_argument("--json", type=Path, metavar="PATH", help="results file")
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _brief(figures: Figures) -> str:
    parts = []
    for k, v in figures.items():
        if isinstance(v, float):
            parts.append(f"{k}={v:.3f}")
        elif isinstance(v, list):
            parts.append(f"{k}=[{len(v)} samples]")
        else:
            parts.append(f"{k}={v}")
    return ", ".join(parts)


def _runnable(names: list[str]) -> list[AppSpec]:
    runnable = []
    for app in (APPS[name] for name in names):
        if reason := app.missing():
            _progress(f"skip {app.name}: {reason}")
        else:
            runnable.append(app)
    return runnable


def compile_bytecode() -> None:
    """Write the .pyc files of the reader and of the bench's own apps (the bare app)."""
    root = Path(__file__).resolve().parent.parent
    for package in ("reader", "bench"):
        compileall.compile_dir(root / package, quiet=1)


def measure(args: argparse.Namespace, apps: list[AppSpec], ctx: Context) -> list[Cell]:
    """Every selected scenario and case, runs alternating between apps."""
    cells: list[Cell] = []
    for scenario in (SCENARIOS[name] for name in args.scenarios):
        for case in (c for c in scenario.cases if c in args.only):
            row = {app.name: Cell(scenario.name, case, app.name) for app in apps}
            cells.extend(row.values())
            runs = args.runs or scenario.runs(case, ctx)
            for i in range(runs):
                for app in apps:
                    cell = row[app.name]
                    limit = runs
                    if app.name != SUBJECT and scenario.peer_runs is not None:
                        limit = min(runs, scenario.peer_runs(case, ctx))
                    if i >= limit:
                        continue
                    if reason := scenario.applies(app, case, ctx):
                        cell.reason = cell.reason or reason
                        continue
                    figures = scenario.run(app, case, ctx)
                    cell.runs.append(figures)
                    _progress(f"{scenario.name} {case} {app.name} #{i + 1}: {_brief(figures)}")
    return cells


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > 0.5 * (os.cpu_count() or 1):
        _progress(f"note: load average {load_before:.2f} before starting; figures will be noisy")
    apps = _runnable(args.apps)
    missing = [name for name in args.apps if name not in {a.name for a in apps}]
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as work:
        ctx = Context(
            quick=args.quick, paint_timeout=args.paint_timeout, workdir=Path(work),
            peer_timeout=args.peer_timeout or (15.0 if args.quick else 30.0),
        )
        compile_bytecode()
        if not args.no_warmup:
            for app in apps:
                case = "sample" if app.opens(open_article("sample").path) else WARM_UP_MARKDOWN
                _progress(f"warm-up {app.name}: {_brief(run_open(app, case, ctx))}")
            ctx.gave_up.clear()
        cells = measure(args, apps, ctx)
    for name in missing:  # a peer that could not be installed or found: say so in the table
        for cell in (c for c in cells if c.app == SUBJECT):
            cells.append(Cell(cell.scenario, cell.case, name, reason=APPS[name].missing() or ""))
    info = machine()
    options = {
        "only": args.only, "apps": args.apps, "scenarios": args.scenarios, "quick": args.quick,
        "runs": args.runs, "paint_timeout": args.paint_timeout, "peer_timeout": ctx.peer_timeout,
        "seconds": round(time.perf_counter() - started, 1),
        "load_before": round(load_before, 2),
    }
    path = write_json(cells, options, info, *([args.json] if args.json else []))
    print(table(cells, args.apps))
    print()
    print(machine_line(info, load_before))
    counts = count_results(cells)
    print(
        f"Budgets for {SUBJECT} (ratio budgets against {BASELINE}; a peer's cell shows "
        f"{SUBJECT}'s figure divided by the peer's): "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
        + f". Took {options['seconds']} s. Every run: {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
