"""Fold runs into figures, print them as one Markdown table, save them as JSON.

The table has a row per article and metric, a column per app, the subject's
ratio to the baseline, the budget and PASS/MISS, and a line naming the
machine: figures only mean something next to the hardware they came from.
"""

from __future__ import annotations

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
from bench.articles import ARTICLES
from bench.budgets import BUDGETS, MISS, NA, PASS, budget_for
from bench.scenarios import SCENARIOS, Figure, Figures, Metric

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


@dataclass
class Cell:
    """Every run of one scenario by one app on one article."""

    scenario: str
    article: str
    app: str
    runs: list[Figures] = field(default_factory=list)

    def combined(self, metric: Metric) -> Figure | None:
        """The metric over all runs; a failed run wins over numbers (it is news)."""
        values = [run[metric.name] for run in self.runs if metric.name in run]
        if not values:
            return None
        for value in values:
            if isinstance(value, str):
                return value
        return metric.combine([float(v) for v in values])


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
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "textual": version("textual"),
        "rich": version("rich"),
        "pyte": version("pyte"),
        "commit": commit or "unknown",
        "load_after": round(os.getloadavg()[0], 2),
    }


def _show(value: Figure | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = value.split(";")[0]  # the screen's last lines are in the JSON
        return value if len(value) <= 40 else value[:39] + "…"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.1f} {unit}"


def table(cells: list[Cell], apps: list[str], runs_of: dict[str, int]) -> str:
    """The Markdown table of every measured (article, metric)."""
    head = ["article", "metric", *apps, f"{SUBJECT}/{BASELINE}", "budget", "result"]
    rows = [head, ["---"] * len(head)]
    index = {(c.scenario, c.article, c.app): c for c in cells}
    for scenario in SCENARIOS.values():
        for article in ARTICLES:
            if not any(c.scenario == scenario.name and c.article == article for c in cells):
                continue
            for metric in scenario.metrics:
                values = {
                    app: cell.combined(metric) if (cell := index.get((scenario.name, article, app)))
                    else None
                    for app in apps
                }
                subject, baseline = values.get(SUBJECT), values.get(BASELINE)
                ratio = "—"
                if isinstance(subject, float) and isinstance(baseline, float) and baseline > 0:
                    ratio = f"{subject / baseline:.2f}"
                budget = budget_for(scenario.name, article, metric.name)
                how = metric.how
                if how == "median":
                    how = f"median of {runs_of[article]}"
                rows.append([
                    article,
                    f"{metric.label} ({how})",
                    *(_show(values[app], metric.unit) for app in apps),
                    ratio,
                    budget.describe(BASELINE) if budget else "—",
                    budget.check(subject, baseline) if budget else "",
                ])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def verdicts(cells: list[Cell]) -> list[dict[str, Any]]:
    """Every budget that was measured, with its figures and result."""
    index = {(c.scenario, c.article, c.app): c for c in cells}
    out = []
    for budget in BUDGETS:
        metric = next(m for m in SCENARIOS[budget.scenario].metrics if m.name == budget.metric)
        subject_cell = index.get((budget.scenario, budget.article, SUBJECT))
        baseline_cell = index.get((budget.scenario, budget.article, BASELINE))
        if subject_cell is None and baseline_cell is None:
            continue
        subject = subject_cell.combined(metric) if subject_cell else None
        baseline = baseline_cell.combined(metric) if baseline_cell else None
        result = budget.check(subject, baseline)
        out.append({
            "scenario": budget.scenario, "article": budget.article, "metric": budget.metric,
            "budget": budget.describe(BASELINE), SUBJECT: subject, BASELINE: baseline,
            "result": result,
        })
    return out


def write_json(
    cells: list[Cell], options: dict[str, Any], info: dict[str, Any], path: Path = RESULTS
) -> Path:
    """Save every run (not only the medians) so later analysis can redo the sums."""
    payload = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "options": options,
        "subject": SUBJECT,
        "baseline": BASELINE,
        "cells": [
            {"scenario": c.scenario, "article": c.article, "app": c.app, "runs": c.runs,
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
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['os']}, load average "
        f"{load_before:.2f} before / {info['load_after']:.2f} after; "
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
