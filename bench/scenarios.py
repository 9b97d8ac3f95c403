"""The registry of scenarios ``python -m bench`` runs, in order.

Each lives in its own module (``scenario_open``, ``scenario_keys``,
``scenario_annotate``, ``scenario_cli``); the shared types are in
:mod:`bench.measure`. Adding a measurement is one more entry here.
"""

from __future__ import annotations

from bench.measure import NOT_PAINTED, Context, Figure, Figures, Metric, Scenario, describe_failure
from bench.scenario_annotate import ANNOTATE
from bench.scenario_cli import CLI
from bench.scenario_keys import KEYS
from bench.scenario_open import OPEN

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (OPEN, KEYS, ANNOTATE, CLI)}

__all__ = [
    "NOT_PAINTED",
    "SCENARIOS",
    "Context",
    "Figure",
    "Figures",
    "Metric",
    "Scenario",
    "describe_failure",
]
