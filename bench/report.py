"""Fold runs into figures, print them as one Markdown table, save them as JSON.

The table has a row per scenario, case and metric, a column per app, the
budget and PASS/MISS, and a line naming the machine: figures only mean
something next to the hardware they came from. A peer's cell also shows
the reader's figure divided by the peer's (``0.41 s (×1.12)``: the reader
took 1.12 times as long), so every row compares at a glance.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.apps import BASELINE, SUBJECT
from bench.budgets import BUDGETS, MISS, NA, PASS, budget_for
from bench.measure import Figure, Figures, Metric
from bench.scenarios import SCENARIOS

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass
class Cell:
    """Every run of one scenario by one app on one case; ``reason`` when it never ran."""

    scenario: str
    case: str
    app: str
    runs: list[Figures] = field(default_factory=list)
    reason: str = ""

    def values(self, metric: Metric) -> list[Figure]:
        return [run[metric.key] for run in self.runs if metric.key in run]

    def combined(self, metric: Metric) -> Figure | None:
        """The metric over all runs; a failed run wins over numbers (it is news)."""
        values = self.values(metric)
        if not values:
            return self.reason or None
        numbers: list[float] = []
        for value in values:
            if isinstance(value, str):
                return value
            numbers.extend(value if isinstance(value, list) else [value])
        return metric.combine(numbers) if numbers else None

    def count(self, metric: Metric) -> int:
        """How many numbers ``combined`` folds (runs, or presses over all runs)."""
        return sum(len(v) if isinstance(v, list) else 1 for v in self.values(metric)
                   if not isinstance(v, str))


def machine() -> dict[str, Any]:
    """CPU model, cores, OS, Python and library versions, and the checkout."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=False,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except OSError:
        commit = ""
    memory = 0
    with contextlib.suppress(ValueError, OSError):
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 1e9, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "textual": version("textual"),
        "rich": version("rich"),
        "pyte": version("pyte"),
        "commit": commit or "unknown",
        "load_after": round(os.getloadavg()[0], 2),
    }


def show(value: Figure | None, unit: str) -> str:
    """One figure as a table cell."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return f"{len(value)} samples"
    if isinstance(value, str):
        value = value.split(";")[0]  # the screen's last lines are in the JSON
        return value if len(value) <= 40 else value[:39] + "…"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.1f} {unit}"


def _with_ratio(subject: Figure | None, peer: Figure | None, unit: str) -> str:
    text = show(peer, unit)
    if isinstance(subject, float | int) and isinstance(peer, float | int) and peer > 0:
        text += f" (×{subject / peer:.2f})"
    return text


def table(cells: list[Cell], apps: list[str]) -> str:
    """The Markdown table of every measured (scenario, case, metric)."""
    peers = [app for app in apps if app != SUBJECT]
    head = ["scenario", "case", "metric", SUBJECT, *peers, "budget", "result"]
    rows = [head, ["---"] * len(head)]
    index = {(c.scenario, c.case, c.app): c for c in cells}
    for scenario in SCENARIOS.values():
        for case in scenario.cases:
            if not any(c.scenario == scenario.name and c.case == case for c in cells):
                continue
            for metric in scenario.metrics:
                found = {app: index.get((scenario.name, case, app)) for app in apps}
                values = {app: c.combined(metric) if c else None for app, c in found.items()}
                if all(v is None or (isinstance(v, str) and v.startswith("n/a"))
                       for v in values.values()):
                    continue
                subject, baseline = values.get(SUBJECT), values.get(BASELINE)
                budget = budget_for(scenario.name, case, metric.name)
                own = found.get(SUBJECT)
                n = own.count(metric) if own else 0
                how = f"{metric.how} of {n}" if n > 1 else metric.how if n else ""
                rows.append([
                    scenario.name,
                    scenario.case_label(case),
                    f"{metric.label} ({how})" if how else metric.label,
                    show(subject, metric.unit),
                    *(_with_ratio(subject, values[app], metric.unit) for app in peers),
                    budget.describe(BASELINE) if budget else "—",
                    budget.check(subject, baseline) if budget else "",
                ])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def verdicts(cells: list[Cell]) -> list[dict[str, Any]]:
    """Every budget that was measured, with its figures and result."""
    index = {(c.scenario, c.case, c.app): c for c in cells}
    out = []
    for budget in BUDGETS:
        scenario = SCENARIOS[budget.scenario]
        metric = next(m for m in scenario.metrics if m.name == budget.metric)
        subject_cell = index.get((budget.scenario, budget.case, SUBJECT))
        if subject_cell is None:
            continue
        baseline_cell = index.get((budget.scenario, budget.case, BASELINE))
        subject = subject_cell.combined(metric)
        baseline = baseline_cell.combined(metric) if baseline_cell else None
        out.append({
            "scenario": budget.scenario, "case": budget.case, "metric": budget.metric,
            "budget": budget.describe(BASELINE), SUBJECT: subject, BASELINE: baseline,
            "result": budget.check(subject, baseline),
        })
    return out


def write_json(
    cells: list[Cell], options: dict[str, Any], info: dict[str, Any], path: Path = RESULTS
) -> Path:
    """Save every run (every press, not only the medians) so later analysis can redo the sums."""
    payload = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "options": options,
        "subject": SUBJECT,
        "baseline": BASELINE,
        "cells": [
            {"scenario": c.scenario, "case": c.case, "app": c.app, "reason": c.reason,
             "runs": c.runs,
             "combined": {m.name: c.combined(m) for m in SCENARIOS[c.scenario].metrics}}
            for c in cells
        ],
        "budgets": verdicts(cells),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def machine_line(info: dict[str, Any], load_before: float) -> str:
    return (
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, {info['os']}, "
        f"load average {load_before:.2f} before / {info['load_after']:.2f} after; "
        f"Python {info['python']}, Textual {info['textual']}, Rich {info['rich']}; "
        f"commit {info['commit']}. Terminal: pty 120x40, xterm-256color, screen read by pyte "
        f"{info['pyte']}."
    )


def count_results(cells: list[Cell]) -> dict[str, int]:
    """How many measured budgets passed, missed, or could not be judged."""
    counts = dict.fromkeys((PASS, MISS, NA), 0)
    for verdict in verdicts(cells):
        counts[verdict["result"]] += 1
    return counts
