"""What is known of 2010-2025, read from ``abm/data/history/`` (docs/history.md tells the story
and gives every source): the central grant in real terms and the precept referendum limit year by
year, and the collaborations between forces that were in place in a given year.

The history replay (``runs/scenarios/history_2010_2025.toml``) drives the model with these and
leaves everything else to the agents; the validation (``tools/validate.py``) compares what the
agents then do with the rest of the record.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

HISTORY = Path(__file__).with_name("data") / "history"

#: How the functions named in the record map onto the model's capabilities (first match wins
#: per keyword; functions the model does not represent, such as roads policing, map to none).
FUNCTION_CAPABILITIES = {
    "firearms": ("armed_response",),
    "major crime": ("major_crime",),
    "major investigation": ("major_crime",),
    "custody": ("custody",),
    "public order": ("public_order",),
    "forensic": ("cyber_forensics",),
    "scientific": ("cyber_forensics",),
    "cyber": ("cyber_forensics",),
    "surveillance": ("covert_surveillance",),
    "ict": ("back_office",),
    "hr": ("back_office",),
    "finance": ("back_office",),
    "procurement": ("back_office",),
    "payroll": ("back_office",),
    "back office": ("back_office",),
    "support services": ("back_office",),
}


@dataclass(frozen=True)
class Collaboration:
    """A recorded collaboration between forces: who, which of the model's capabilities, when."""

    name: str
    kind: str  # strategic_alliance | functional | regional_unit | national
    members: tuple[str, ...]
    capabilities: tuple[str, ...]
    start_year: int
    end_year: int | None


@cache
def _timeline() -> dict:
    with (HISTORY / "timeline.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def _year_value(year: int, field: str) -> float | None:
    """A yearly driver, held at its last recorded value after the record ends (None before it).
    Remembered: the record does not change while the program runs, and every force reads it at
    every year's end."""
    timeline = _timeline()
    known = sorted(int(key[1:]) for key in timeline if key.startswith("y") and field in timeline[key])
    if not known or year < known[0]:
        return None
    return float(timeline[f"y{min(year, known[-1])}"][field])


def grant_index(year: int) -> float:
    """Central government funding for policing in real terms, 2010-11 = 1 (the record's index)."""
    value = _year_value(year, "central_grant_real_index")
    return 1.0 if value is None else value


@cache
def last_recorded_year() -> int:
    return max(int(key[1:]) for key in _timeline() if key.startswith("y"))


def precept_cap(year: int) -> float | None:
    """The largest precept rise without a referendum that year, as a share (None where the record
    gives none: before the Localism Act regime of 2012-13)."""
    return _year_value(year, "precept_cap_share")


def real_precept_change(year: int, rise: float) -> float:
    """The real change in a precept's yield when the body raises Band D by ``rise`` (a cash share):
    the record's limits are cash rises, the model's money is in 2010-11 prices, and new homes add
    to the council-tax base (``[prices]`` in timeline.toml, estimates with ranges)."""
    prices = _timeline()["prices"]
    growth = prices["gdp_deflator_growth"]
    known = sorted(int(key[1:]) for key in growth)
    inflation = float(growth[f"y{min(max(year, known[0]), known[-1])}"])
    return (1.0 + rise) * (1.0 + float(prices["council_tax_base_growth"])) / (1.0 + inflation) - 1.0


def price_level(year: int, prices_year: int = 2025) -> float:
    """How many of ``prices_year``'s pounds a pound of ``year`` buys (the GDP deflator's growth in
    ``[prices]``, timeline.toml: estimates with a range of a point a year)."""
    growth = _timeline()["prices"]["gdp_deflator_growth"]
    level = 1.0
    for y in range(year + 1, prices_year + 1):
        level *= 1.0 + float(growth.get(f"y{y}", 0.0))
    return level


@cache
def funding_2010() -> dict[str, tuple[float, float]]:
    """Each force's 2010-11 central grant and precept (GBP m, 2025-26 prices): the grant as
    allocated (Hansard, 26 November 2008), the precept estimated (abm/data/history/funding_2010_11.csv
    gives every source and the estimate's method and range)."""
    level = price_level(2010)
    with (HISTORY / "funding_2010_11.csv").open(newline="", encoding="utf-8") as handle:
        return {
            row["force"]: (float(row["grant_gbp_m"]) * level, float(row["precept_gbp_m"]) * level)
            for row in csv.DictReader(handle)
        }


def capabilities_of(functions: str) -> tuple[str, ...]:
    """The model's capabilities a record's list of functions covers."""
    text = functions.lower()
    found = [cap for keyword, caps in FUNCTION_CAPABILITIES.items() if keyword in text for cap in caps]
    return tuple(dict.fromkeys(found))


@cache
def collaborations() -> tuple[Collaboration, ...]:
    """Every recorded collaboration (abm/data/history/collaborations.csv)."""
    with (HISTORY / "collaborations.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Collaboration(
            name=row["name"],
            kind=row["kind"],
            members=tuple(m.strip() for m in row["members"].split(";") if m.strip()),
            capabilities=capabilities_of(row["functions"]),
            start_year=int(row["start_year"]),
            end_year=int(row["end_year"]) if row["end_year"] else None,
        )
        for row in rows
    )


def in_place(year: int, kinds: tuple[str, ...] = ("strategic_alliance", "functional")) -> list[Collaboration]:
    """The collaborations of the given kinds running in ``year`` that cover a modelled capability.
    A collaboration that grew (Bedfordshire-Hertfordshire into BCH) counts once, as its latest
    form that had started by then."""
    running = [
        c
        for c in collaborations()
        if c.kind in kinds
        and c.start_year <= year
        and (c.end_year is None or c.end_year > year)
        and c.capabilities
    ]
    return [c for c in running if not any(set(c.members) < set(o.members) for o in running)]


def prior_ties(names: tuple[str, ...], year: int) -> np.ndarray:
    """(F, F) booleans: the pairs of forces that were partners in a recorded alliance or functional
    collaboration that had started by ``year`` (a regional unit's members have their own bonus,
    ``same_rocu_trust_bonus``; a national service ties no pair)."""
    index = {name: i for i, name in enumerate(names)}
    ties = np.zeros((len(names), len(names)), dtype=bool)
    for record in collaborations():
        if record.start_year > year or record.kind in ("national", "regional_unit"):
            continue
        members = [index[m] for m in record.members if m in index]
        for a in members:
            for b in members:
                ties[a, b] = a != b
    return ties


def alliance_pairs() -> list[tuple[str, str, str, int, int | None]]:
    """The recorded pairs of partner forces in strategic alliances or functional collaborations
    (abm/data/history/alliance_pairs.csv): (force_a, force_b, kind, start_year, end_year)."""
    with (HISTORY / "alliance_pairs.csv").open(newline="") as handle:
        return [
            (
                row["force_a"],
                row["force_b"],
                row["kind"],
                int(row["start_year"]),
                int(row["end_year"]) if row["end_year"] else None,
            )
            for row in csv.DictReader(handle)
        ]
