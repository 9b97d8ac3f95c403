"""The budgets of DESIGN section 9, as data checked against measured figures.

A budget names a scenario, a case (an article, a library size, an export)
and a metric, and either a limit on the subject app's figure or a limit on
its ratio to the baseline's. A figure that
could not be taken fails its budget when it was a timeout (the program was
too slow) and is "n/a" otherwise (the program could not run at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.measure import Figure

PASS, MISS, NA = "PASS", "MISS", "n/a"


@dataclass(frozen=True)
class Budget:
    scenario: str
    case: str
    metric: str
    limit: float
    ratio: bool = False  # limit applies to subject / baseline, inclusive
    unit: str = ""

    def describe(self, baseline: str) -> str:
        if self.ratio:
            return f"≤ {self.limit:g}× {baseline}"
        return f"< {self.limit:g} {self.unit}"

    def check(self, subject: Figure | None, baseline: Figure | None) -> str:
        """PASS, MISS or n/a for the subject's (and baseline's) combined figure."""
        if subject is None or isinstance(subject, list):
            return NA
        if isinstance(subject, str):
            return MISS if subject.startswith("timeout") else NA
        if not self.ratio:
            return PASS if subject < self.limit else MISS
        if isinstance(baseline, float | int) and baseline > 0:
            return PASS if subject / baseline <= self.limit else MISS
        if isinstance(baseline, str) and baseline.startswith("timeout"):
            return PASS  # the baseline did not paint within the timeout; the subject did
        return NA


_ONE_MB = ("1mb", "1mb-md", "1mb-md-2k")
_KEY_MS = 50.0
_ANNOTATE_CASES = ("lib-0", "lib-10k", "lib-100k", "1mb-md-2k")

BUDGETS: tuple[Budget, ...] = (
    Budget("open", "sample", "first_paint", 1.3, ratio=True),
    *(Budget("open", case, "first_paint", 1.0, unit="s") for case in _ONE_MB),
    *(Budget("open", case, "first_paint", 3.0, unit="s") for case in ("10mb", "10mb-md")),
    *(Budget("open", case, "end", _KEY_MS, unit="ms") for case in _ONE_MB),
    *(Budget("open", case, "peak_rss", 150.0, unit="MB") for case in _ONE_MB),
    Budget("keys", "1mb-md-2k", "end", _KEY_MS, unit="ms"),
    *(
        Budget("annotate", case, metric, _KEY_MS, unit="ms")
        for case in _ANNOTATE_CASES
        for metric in ("h", "t_open", "t_save", "x")
    ),
    Budget("cli", "export-md", "wall", 1.0, unit="s"),
    Budget("cli", "export-json", "wall", 1.0, unit="s"),
)


def budget_for(scenario: str, case: str, metric: str) -> Budget | None:
    for budget in BUDGETS:
        if (budget.scenario, budget.case, budget.metric) == (scenario, case, metric):
            return budget
    return None
