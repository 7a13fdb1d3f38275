"""The static economics of the model: capability arrays, expected demand, response times, skill.

Computed once per run (or when a scenario changes demand), so the quarterly step
only indexes into arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
from numba import njit

from abm.forces import ForceTable
from abm.numerics import clearly_less, power, snap
from abm.params import ModelParams


@dataclass(frozen=True)
class CapabilityArrays:
    """The catalogue as column arrays (index c = order of the catalogue)."""

    names: tuple[str, ...]
    labels: tuple[str, ...]
    level: np.ndarray
    fixed: np.ndarray  # GBP m per team per year
    per_use: np.ndarray  # GBP m per use
    capacity: np.ndarray  # uses per team per year
    smallest_team: np.ndarray  # the smallest unit, and the step a unit grows in, as a share of a team
    national_demand: np.ndarray
    by_officers: np.ndarray  # bool: demand driven by officers (support services)
    concentration: np.ndarray
    proficiency: np.ndarray  # uses per team per year to keep skill
    decay: np.ndarray
    time_criticality: np.ndarray
    target_min: np.ndarray
    mobilisation_min: np.ndarray
    speed_kmh: np.ndarray
    harm_weight: np.ndarray  # crime harm index days per undelivered use
    visibility: np.ndarray  # 0-1, how much of it the public sees (scales the value of local control)
    scope_population: np.ndarray  # people a unit must cover to be fully effective (0: no effect)
    national_available: np.ndarray
    national_response_min: np.ndarray
    level2_share: np.ndarray  # share of demand that is cross-border (level 2)
    level3_share: np.ndarray  # share that is national (level 3)
    regional_funded: np.ndarray  # bool: the Home Office funds regional units for it
    spr_from_year: np.ndarray  # year the Strategic Policing Requirement listed it (0: never)
    statutory: np.ndarray  # bool: the law requires every force to provide it (never a gap)

    @property
    def count(self) -> int:
        return len(self.names)

    # Precomputed reciprocals: the step's helpers multiply instead of dividing and branching.
    @cached_property
    def inv_target(self) -> np.ndarray:
        return 1.0 / self.target_min

    @cached_property
    def inv_proficiency(self) -> np.ndarray:
        return np.divide(
            1.0, self.proficiency, out=np.zeros_like(self.proficiency), where=self.proficiency > 0
        )

    @cached_property
    def no_proficiency(self) -> np.ndarray:
        return (self.proficiency <= 0).astype(float)

    @cached_property
    def inv_scope(self) -> np.ndarray:
        scope = self.scope_population
        return np.divide(1.0, scope, out=np.zeros_like(scope), where=scope > 0)

    @cached_property
    def no_scope(self) -> np.ndarray:
        return (self.scope_population <= 0).astype(float)

    def index(self, name: str) -> int:
        """Column of a capability by its key or label."""
        key = name.strip().lower()
        for i, (short, label) in enumerate(zip(self.names, self.labels, strict=True)):
            if key in (short.lower(), label.lower()):
                return i
        raise KeyError(f"unknown capability {name!r}")

    @classmethod
    def from_params(cls, params: ModelParams) -> CapabilityArrays:
        specs = list(params.capabilities.values())

        def column(field: str) -> np.ndarray:
            return np.array([getattr(s, field) for s in specs], dtype=float)

        # mandated national procurement cuts support services' cost per use (seed 004 §3.3.1)
        support = np.array([s.demand_driver == "officers" for s in specs])
        cut = params.national_procurement_saving if params.mandated_national_procurement else 0.0
        procurement = np.where(support, 1.0 - cut, 1.0)

        return cls(
            names=tuple(params.capabilities),
            labels=tuple(s.label for s in specs),
            level=column("level").astype(int),
            fixed=column("fixed_cost_gbp_m"),
            per_use=column("cost_per_use_gbp_k") / 1000.0 * procurement,
            capacity=column("capacity_per_team"),
            smallest_team=column("smallest_team_share"),
            national_demand=column("national_demand_per_year"),
            by_officers=np.array([s.demand_driver == "officers" for s in specs]),
            concentration=column("concentration"),
            proficiency=column("proficiency_uses_per_year"),
            decay=column("skill_decay_per_quarter"),
            time_criticality=column("time_criticality"),
            target_min=column("response_target_min"),
            mobilisation_min=column("mobilisation_min"),
            speed_kmh=column("travel_speed_kmh"),
            harm_weight=column("harm_weight_chi_days"),
            visibility=column("public_visibility"),
            scope_population=column("scope_population_m") * 1e6,
            national_available=np.array(
                [
                    s.national_available
                    or (params.national_level3_provision and s.level == 3)
                    or name in params.required_national
                    for name, s in params.capabilities.items()
                ]
            ),
            national_response_min=column("national_response_min"),
            level2_share=column("level2_share"),
            level3_share=column("level3_share"),
            regional_funded=np.array([s.regional_home_office_funding for s in specs]),
            spr_from_year=np.array([s.spr_from_year for s in specs], dtype=int),
            statutory=np.array([s.statutory for s in specs], dtype=bool),
        )


class UnitEconomics(NamedTuple):
    """Per capability (arrays indexed by c): what a unit costs, serves and prevents, and the
    prices of shared services. What the compiled loops (option scoring, the quarter's service)
    read; built once per run by ``unit_economics``."""

    fixed: np.ndarray  # GBP m per team per year
    per_use: np.ndarray  # GBP m per use
    capacity: np.ndarray  # uses per team per year
    smallest_team: np.ndarray  # the smallest unit, and its step, as a share of a team
    harm_weight: np.ndarray  # crime harm index days per undelivered use
    decay: np.ndarray  # skill lost per idle quarter
    time_criticality: np.ndarray
    inv_target: np.ndarray  # 1 / response target (minutes)
    inv_proficiency: np.ndarray
    no_proficiency: np.ndarray
    inv_scope: np.ndarray
    no_scope: np.ndarray
    national_response_min: np.ndarray
    national_available: np.ndarray  # 1.0 where a national provider offers it
    payg_price: np.ndarray  # GBP m per use
    national_price: np.ndarray  # GBP m per use
    transaction_cost: np.ndarray  # GBP m a year per party to an agreement
    setup_per_year: np.ndarray  # one-off set-up cost spread over the planning horizon, GBP m a year
    mobilisation_min: np.ndarray  # minutes before a team sets off
    minutes_per_km: np.ndarray  # travel minutes per straight-line km (road circuity included)
    target_min: np.ndarray  # response target (minutes)
    regional_grant: np.ndarray  # share of a regional unit's cost the Home Office pays


def unit_economics(caps: CapabilityArrays, params: ModelParams) -> UnitEconomics:
    """The per-capability economics for a run's parameters."""
    # what a use costs a unit sized with the planned headroom: the price that recovers its costs
    full_cost = caps.fixed * (1.0 + params.capacity_headroom) / caps.capacity + caps.per_use
    return UnitEconomics(
        fixed=caps.fixed,
        per_use=caps.per_use,
        capacity=caps.capacity,
        smallest_team=caps.smallest_team,
        harm_weight=caps.harm_weight,
        decay=caps.decay,
        time_criticality=caps.time_criticality,
        inv_target=caps.inv_target,
        inv_proficiency=caps.inv_proficiency,
        no_proficiency=caps.no_proficiency,
        inv_scope=caps.inv_scope,
        no_scope=caps.no_scope,
        national_response_min=caps.national_response_min,
        national_available=caps.national_available.astype(float),
        payg_price=params.payg_markup * full_cost,
        national_price=params.national_price_factor * full_cost,
        transaction_cost=params.transaction_cost_share * caps.fixed * params.negotiation_friction,
        setup_per_year=params.setup_cost_share * caps.fixed / params.amortisation_years,
        mobilisation_min=caps.mobilisation_min,
        minutes_per_km=np.where(caps.speed_kmh >= 150.0, 1.0, params.road_factor) / caps.speed_kmh * 60.0,
        target_min=caps.target_min,
        regional_grant=np.where(caps.regional_funded, params.regional_grant_share, 0.0),
    )


def expected_demand(forces: ForceTable, caps: CapabilityArrays, params: ModelParams) -> np.ndarray:
    """Expected uses per year, shape (forces, capabilities).

    National demand is shared by an effective population (residents mixed with officers,
    see ``demand_officer_weight``) tilted toward dense areas by each capability's
    ``concentration`` exponent; support services scale with officers alone.
    """
    officer_equivalent = forces.officers * forces.population.sum() / forces.officers.sum()
    w = params.demand_officer_weight
    effective = (1.0 - w) * forces.population + w * officer_equivalent
    density = forces.population / np.maximum(forces.area_km2, 1.0)
    relative_density = density / (forces.population.sum() / forces.area_km2.sum())
    # Cap the tilt so the City of London's tiny residential area does not dominate.
    relative_density = np.clip(relative_density, 0.05, 20.0)
    weights = effective[:, None] * power(relative_density[:, None], caps.concentration[None, :])
    weights = np.where(caps.by_officers[None, :], forces.officers[:, None], weights)
    shares = weights / weights.sum(axis=0, keepdims=True)
    # snapped: the same numbers on every CPU (abm.numerics)
    return snap(shares * caps.national_demand[None, :] * params.demand_multiplier)


def level_shares(
    forces: ForceTable, caps: CapabilityArrays, params: ModelParams, expected: np.ndarray
) -> np.ndarray:
    """Each force's shares of each capability's demand at levels 1, 2 and 3, shape (F, C, 3).

    The level-3 share is the catalogue's everywhere; the level-2 (cross-border) share is tilted
    toward dense forces by ``cross_border_urban_tilt`` and scaled so that the national share (over
    all forces' expected demand) stays the catalogue's; level 1 is the rest."""
    density = forces.population / np.maximum(forces.area_km2, 1.0)
    relative = np.clip(density / (forces.population.sum() / forces.area_km2.sum()), 0.05, 20.0)
    tilt = power(relative, params.cross_border_urban_tilt)[:, None]  # (F, 1)
    national = np.maximum((expected * tilt).sum(axis=0), 1e-12)
    scale = np.where(expected.sum(axis=0) > 0, expected.sum(axis=0) / national, 1.0)
    level2 = np.minimum(caps.level2_share * tilt * scale, 1.0 - caps.level3_share)
    level3 = np.broadcast_to(caps.level3_share, level2.shape)
    shares = np.stack([1.0 - level2 - level3, level2, level3], axis=2)
    return snap(shares, 9)  # the same on every CPU (abm.numerics)


def incident_areas(forces: ForceTable, params: ModelParams) -> np.ndarray:
    """The area over which each force's incidents (and the bases that serve them) are spread, km2.

    Incidents happen where people are, and units base their teams where the incidents are, so a
    sparsely populated force's teams cover its settled part, not every hill: the land area is
    scaled down by (density / national density) ^ ``incident_clustering`` where the force is
    less dense than the nation (a dense force's people fill its area)."""
    density = forces.population / np.maximum(forces.area_km2, 1.0)
    national = forces.population.sum() / forces.area_km2.sum()
    return snap(forces.area_km2 * power(np.minimum(density / national, 1.0), params.incident_clustering))


# The per-unit formulas are compiled (numba) and written with NumPy's element-wise functions, so
# the same definition serves NumPy code on arrays and the compiled loops (abm.scoring,
# abm.service) on single numbers: each formula is written once. They are inlined into the loops
# that call them: a call boundary would count references to every array of the named records
# passed to it, on every one of the hundreds of thousands of calls a scoring makes.
@njit(cache=True, inline="always")
def late_fraction(minutes, inv_target, criticality):
    """Share of an incident's harm caused by lateness: 0 at the target, full at twice it."""
    return criticality * np.minimum(np.maximum(minutes * inv_target - 1.0, 0.0), 1.0)


@njit(cache=True, inline="always")
def proficiency_ratio(uses_per_team_year, inv_proficiency, no_proficiency):
    """Uses per team against the proficiency level, capped at 1 (1 when no level is set)."""
    return np.minimum(uses_per_team_year * inv_proficiency + no_proficiency, 1.0)


@njit(cache=True, inline="always")
def coverage_effect(covered_population, inv_scope, no_scope):
    """The share of the criminal networks behind cross-border work that a unit sees: the share of
    a network's reach (``scope_population_m``) that the contiguous area it covers holds, at most
    all of it (1 when no scope is set)."""
    return np.minimum(covered_population * inv_scope + no_scope, 1.0)


@njit(cache=True, inline="always")
def settled_skill(ratio, learning_rate, decay):
    """The skill a unit settles at for a use ratio: the fixed point of ``skill_after_quarter``
    (1 when neither learning nor decay acts)."""
    gain = learning_rate * ratio
    total = gain + decay * (1.0 - ratio)
    idle = total <= 0
    return (gain + idle) / (total + idle)


@njit(cache=True, inline="always")
def skill_after_quarter(skill, ratio, learning_rate, decay):
    """One quarter of skill: grows toward 1 with use, decays toward 0 without it."""
    gain = learning_rate * ratio * (1.0 - skill)
    loss = decay * (1.0 - ratio) * skill
    return np.minimum(np.maximum(skill + gain - loss, 0.0), 1.0)


@njit(cache=True, inline="always")
def teams_needed(load, capacity, headroom, smallest):
    """Teams to serve an expected yearly load with headroom, in steps of the smallest unit (a share
    of a team: 1 for units crewed whole); at least one step."""
    steps = np.ceil(load * (1.0 + headroom) / (capacity * smallest) - 1e-9)
    return np.maximum(1.0, steps) * smallest


def late_share(minutes: np.ndarray, caps: CapabilityArrays) -> np.ndarray:
    """Share of an incident's harm caused by lateness: 0 at the target, full at twice it."""
    return late_fraction(minutes, caps.inv_target, caps.time_criticality)


def use_ratio(uses_per_team_year: np.ndarray, caps: CapabilityArrays) -> np.ndarray:
    """Uses per team against the proficiency level, capped at 1 (1 when no level is set)."""
    return proficiency_ratio(uses_per_team_year, caps.inv_proficiency, caps.no_proficiency)


def scope_factor(covered_population: np.ndarray, caps: CapabilityArrays) -> np.ndarray:
    """The share of cross-border networks a unit sees from the area it covers: cross-border (level
    2) crime is seen whole only by a unit covering enough of the country (seed 002 §4.1, §4.19).
    1 when no scope is set."""
    return coverage_effect(covered_population, caps.inv_scope, caps.no_scope)


def steady_skill(ratio: np.ndarray, caps: CapabilityArrays, learning_rate: float) -> np.ndarray:
    """The skill a unit settles at for a given use ratio (fixed point of ``skill_after_quarter``)."""
    return settled_skill(ratio, learning_rate, caps.decay)


#: Points of the midpoint rule over the late part of the response-time distribution.
LATENESS_POINTS = 8


@njit(cache=True, inline="always")
def lateness_harm(teams, area, mobilisation, minutes_per_km, target, criticality):
    """The expected share of an incident's harm caused by late arrival, for incidents spread over
    ``area`` from ``teams`` bases spread over it (see ``spread_response``): the ramp from the
    target to twice it, averaged over the distance to the nearest base by the midpoint rule."""
    if criticality <= 0.0:
        return 0.0
    density = max(teams, 1.0) * np.pi / max(area, 1e-9)  # a unit smaller than a team has one base
    harm = 0.0
    for i in range(LATENESS_POINTS):
        u = (i + 0.5) / LATENESS_POINTS
        r = max(target * (1.0 + u) - mobilisation, 0.0) / minutes_per_km
        harm += np.exp(-density * r * r)
    return criticality * harm / LATENESS_POINTS


@njit(cache=True, inline="always")
def spread_response(teams, area, mobilisation, minutes_per_km, target, criticality):
    """Response to incidents spread over ``area`` (km2) from ``teams`` bases spread over it.

    Each team works from its own base. With bases spread over the area, the distance from an
    incident to the nearest base is distributed as for a Poisson pattern of bases:
    P(distance > r) = exp(-teams x pi x r^2 / area); the response time is mobilisation plus the
    travel. Returns (the expected share of an incident's harm caused by lateness, growing from 0
    at the target to full at twice it; the share of incidents reached after the target; the
    median response time in minutes)."""
    density = max(teams, 1.0) * np.pi / max(area, 1e-9)  # a unit smaller than a team has one base
    beyond_target = max(target - mobilisation, 0.0) / minutes_per_km
    late_share = np.exp(-density * beyond_target * beyond_target)
    median = mobilisation + minutes_per_km * np.sqrt(np.log(2.0) / max(density, 1e-12))
    harm = lateness_harm(teams, area, mobilisation, minutes_per_km, target, criticality)
    return harm, late_share, median


@njit(cache=True, inline="always")
def reach_minutes(gap_km, area, mobilisation, minutes_per_km):
    """Minutes for a team based outside a force to reach a typical incident in it: the gap from the
    edge of its own base area to the force's centroid, plus the typical distance within the force
    (half the side of a square of its incident area)."""
    return mobilisation + minutes_per_km * (max(gap_km, 0.0) + 0.5 * np.sqrt(area))


@njit(cache=True, inline="always")
def coverage_teams(
    load, lam_in_area, area, fixed, capacity, headroom, smallest, mobilisation, minutes_per_km, target, criticality,
    harm_value_per_use,
):  # fmt: skip
    """Teams a unit runs: enough for its expected load, and more where another base saves more harm
    from late arrival than a team costs (the chief's own trade-off: a team's yearly cost against
    the harm valued of the incidents in its area that more bases reach in time). The yearly cost
    of n teams plus the harm of late arrival falls and then rises with n (each base saves less
    than the one before), so the search stops at the first base that does not pay; at most 25
    bases beyond the load's need."""
    teams = teams_needed(load, capacity, headroom, smallest)
    if criticality <= 0.0 or lam_in_area <= 0.0:
        return teams
    weight = harm_value_per_use * lam_in_area
    cost = fixed * teams + weight * lateness_harm(
        teams, area, mobilisation, minutes_per_km, target, criticality
    )
    for extra in range(1, 26):
        more = fixed * (teams + extra) + weight * lateness_harm(
            teams + extra, area, mobilisation, minutes_per_km, target, criticality
        )
        if not clearly_less(more, cost):  # another base must save more than the money tolerance
            return teams + extra - 1
        cost = more
    return teams + 25
