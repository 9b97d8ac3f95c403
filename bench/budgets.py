"""The budgets of DESIGN section 9, as data checked against measured figures.

A budget names a scenario, an article and a metric, and either a limit on the
subject app's figure or a limit on its ratio to the baseline's. A figure that
could not be taken fails its budget when it was a timeout (the program was
too slow) and is "n/a" otherwise (the program could not run at all).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.scenarios import Figure

PASS, MISS, NA = "PASS", "MISS", "n/a"


@dataclass(frozen=True)
class Budget:
    scenario: str
    article: str
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
        if subject is None:
            return NA
        if isinstance(subject, str):
            return MISS if subject == "timeout" else NA
        if not self.ratio:
            return PASS if subject < self.limit else MISS
        if isinstance(baseline, float | int) and baseline > 0:
            return PASS if subject / baseline <= self.limit else MISS
        if baseline == "timeout":
            return PASS  # the baseline did not paint within the timeout; the subject did
        return NA


BUDGETS: tuple[Budget, ...] = (
    Budget("open", "sample", "first_paint", 1.3, ratio=True),
    Budget("open", "1mb", "first_paint", 1.0, unit="s"),
    Budget("open", "1mb-md", "first_paint", 1.0, unit="s"),
    Budget("open", "10mb", "first_paint", 3.0, unit="s"),
    Budget("open", "1mb", "end", 50.0, unit="ms"),
    Budget("open", "1mb-md", "end", 50.0, unit="ms"),
    Budget("open", "1mb", "peak_rss", 150.0, unit="MB"),
    Budget("open", "1mb-md", "peak_rss", 150.0, unit="MB"),
)


def budget_for(scenario: str, article: str, metric: str) -> Budget | None:
    for budget in BUDGETS:
        if (budget.scenario, budget.article, budget.metric) == (scenario, article, metric):
            return budget
    return None
