"""Dashboard controls derived from the parameter schema (abm/params.py), never declared twice.

A lever's label, unit, limits and help come from its schema field; only the choice of which
levers a facilitator sees first is made here. Every control shows words, never identifiers:
scenarios by their titles (runs/scenarios/*.toml), capabilities by their labels
(abm/data/capabilities.toml), a choice lever's values by the words below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from abm.params import ModelParams, ParameterError
from abm.scenarios import available, load_scenario
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


#: Words for the values of a choice lever. The schema types these as a Literal and has no labels
#: for the values (only the field's help describes them), so they are written here, once; a value
#: not listed reads as its name with spaces.
CHOICE_WORDS = {
    "cost_sharing_rule": {"demand": "By use (demand)", "population": "By population", "equal": "Equally"},
}


def choice_words(name: str, value: object) -> str:
    """What a user reads for one value of a choice lever."""
    return CHOICE_WORDS.get(name, {}).get(str(value), str(value).replace("_", " ").capitalize())


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


def options(pairs) -> list[dict[str, Any]]:
    """(value, words) pairs as the items of a Vuetify select, which shows the words."""
    return [{"text": text, "value": value} for value, text in pairs]


def lever_options(item: Lever) -> list[dict[str, Any]]:
    return options((value, choice_words(item.name, value)) for value in item.choices)


@cache
def scenario_title(name: str) -> str:
    """A scenario preset's title (its file is read once per process)."""
    return load_scenario(name).title


def scenario_options() -> list[dict[str, Any]]:
    """Every scenario preset by its title, the status quo first."""
    names = sorted(available(), key=lambda name: name != "baseline")
    return options((name, scenario_title(name)) for name in names)


def short_title(title: str) -> str:
    """A scenario's title up to its colon (``Baseline: the 2010 status quo`` -> ``Baseline``),
    for places with no room for the whole title; the whole title if it has no colon."""
    head = title.split(":", 1)[0].strip()
    return head or title


def main_levers() -> list[Lever]:
    return [lever(name) for name in MAIN_LEVERS if name in ModelParams.model_fields]


def parse_seed(text: Any) -> int:
    """A seed typed into a text box arrives as a string: accept a whole number >= 0, else say so."""
    value = str(text).strip()
    if not value.isdigit():
        raise ParameterError(f"seed={text!r}: type a whole number, 0 or more")
    return int(value)
