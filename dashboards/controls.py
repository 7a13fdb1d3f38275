"""Dashboard controls derived from the parameter schema (abm/params.py), never declared twice.

A lever's label, unit, limits and help come from its schema field; only the choice of which
levers a facilitator sees first is made here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from abm.params import ModelParams, ParameterError
from abm.schema import bounds, choices, extra, plausible_range

#: The main policy levers, in the order shown (issue #4); any not in the schema are skipped.
MAIN_LEVERS = (
    "duty_strength",
    "local_control_preference",
    "negotiation_friction",
    "cost_sharing_rule",
    "grant_change_per_year",
    "direction_power",
    "hmic_inspections_per_year",
    "national_level3_provision",
)


@dataclass(frozen=True)
class Lever:
    """What the dashboard needs to draw one control."""

    name: str
    kind: str  # float | int | bool | choice
    label: str
    help: str
    unit: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def step(self) -> float:
        """A round step about a hundredth of the range, so defaults (round numbers) sit on the
        slider's grid: a slider snaps its value to the grid and would otherwise move the lever."""
        if self.kind == "int":
            return 1
        span = (self.high or 1.0) - (self.low or 0.0)
        return float(10 ** math.floor(math.log10(span / 100))) if span > 0 else 0.01


def lever(name: str) -> Lever:
    """Describe one schema field as a control; the slider spans its plausible range when it has one."""
    field = ModelParams.model_fields[name]
    meta = extra(field)
    label = meta["label"]
    unit, help_text = meta.get("unit", ""), field.description or ""
    if field.annotation is bool:
        return Lever(name, "bool", label, help_text, unit)
    if choices(field):
        return Lever(name, "choice", label, help_text, unit, choices=tuple(choices(field)))
    low, high = plausible_range(name) or bounds(field)
    kind = "int" if field.annotation is int else "float"
    return Lever(name, kind, label, help_text, unit, low, high)


def main_levers() -> list[Lever]:
    return [lever(name) for name in MAIN_LEVERS if name in ModelParams.model_fields]


def parse_seed(text: Any) -> int:
    """A seed typed into a text box arrives as a string: accept a whole number >= 0, else say so."""
    value = str(text).strip()
    if not value.isdigit():
        raise ParameterError(f"seed={text!r}: type a whole number, 0 or more")
    return int(value)
