"""One quarter of service: demand arrives, is routed to a unit, served or not, and paid for.

Compiled over all forces and capabilities: the quarter's Python cost does not grow
with the number of agreements.

Routing and priority. Each force's demand for a capability goes to the unit of its
provider (itself, the force it buys from, or its joint unit's lead), to the national
provider, or nowhere (a gap). A unit serves first the demand it is committed to
(its own force, joint partners, subscribers: assured access), then pay-as-you-go
buyers from what capacity is left (seed 000: pay-as-you-go or subscription).

Money. Each operator pays its unit's costs to the outside world; buyers pay hosts,
joint members pay the lead their share, users of the national provider pay it. Every
transfer is recorded once as paid by one party and received by another, so money is
conserved by construction and checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from abm.economics import (
    coverage_effect,
    late_fraction,
    proficiency_ratio,
    reach_minutes,
    skill_after_quarter,
    spread_response,
)
from abm.modes import (
    MODE_BUY,
    MODE_JOINT_LEAD,
    MODE_JOINT_MEMBER,
    MODE_NATIONAL,
    PAYG,
    SUBSCRIPTION,
)


@dataclass
class QuarterOutcome:
    """What happened in one quarter. Arrays are (F, C) unless stated; money in GBP m."""

    demand: np.ndarray
    served: np.ndarray
    unmet: np.ndarray
    late: np.ndarray  # served uses that arrived after the response target
    harm: np.ndarray  # crime harm index days
    response_min: np.ndarray  # response time of the arrangement (nan where none)
    unit_uses: np.ndarray  # uses handled by the unit based at (h, c)
    operating_cost: np.ndarray  # (F,) paid to the outside world for units operated
    transaction_cost: np.ndarray  # (F,) governance of agreements
    paid: np.ndarray  # (F,) paid to other forces and to the national provider
    received: np.ndarray  # (F,) received from other forces
    national_received: float  # received by the national provider
    net_cost: np.ndarray  # (F,) what each force's capabilities cost it this quarter
    capability_cost: np.ndarray  # (F, C) net cost by capability
    served_fraction: np.ndarray  # share of each force's demand its provider served
    lateness: np.ndarray  # share of an incident's harm caused by lateness
    payee: np.ndarray  # (F, C) the force paid for the service (-1: none, itself or national)
    skill: np.ndarray  # (F, C) each unit's skill after the quarter


def serve_quarter(model, demand: np.ndarray) -> QuarterOutcome:
    """Serve one quarter's demand with the current arrangements and settle the money. Changes
    nothing: the model hands the units' new skill to their owner and the experience to trust."""
    params = model.params
    arr, econ = model.arrangements.state, model.economics
    weights = np.ascontiguousarray(model.partner_weight(), dtype=float)
    geography = model.geography
    routed = route(demand, arr, model.forces.population, weights, geography.area)
    units = run_units(routed, arr, econ, params.skill_learning_rate)
    served = serve_forces(
        demand,
        routed,
        units,
        arr,
        geography.area,
        geography.distance,
        econ,
        params.skill_harm_share,
        params.national_skill,
    )
    payments = settle(served.served, routed, units, arr, weights, econ)
    unit_cost = units.unit_cost
    operating = unit_cost.sum(axis=1)
    paid = payments.paid.sum(axis=1)
    received = payments.received.sum(axis=1)
    transaction = units.transaction.sum(axis=1)
    return QuarterOutcome(
        demand=demand,
        served=served.served,
        unmet=served.unmet,
        late=served.late,
        harm=served.harm,
        response_min=served.minutes,
        unit_uses=units.unit_uses,
        operating_cost=operating,
        transaction_cost=transaction,
        paid=paid,
        received=received,
        national_received=payments.national_received,
        net_cost=operating + paid + transaction - received,
        capability_cost=unit_cost + payments.paid + units.transaction - payments.received,
        served_fraction=served.served_fraction,
        lateness=served.lateness,
        payee=payments.payee,
        skill=units.skill,
    )


class Routed(NamedTuple):
    """Per unit (h, c): the quarter's demand routed to it, committed and pay-as-you-go, the
    population it covers, its partners' total weight, the agreements each force is party to, and
    the area its bases cover (its own force's and its joint members')."""

    committed: np.ndarray
    payg: np.ndarray
    covered: np.ndarray
    weight_total: np.ndarray
    agreements: np.ndarray
    base_area: np.ndarray


class Units(NamedTuple):
    """Per unit (h, c): the share of committed and pay-as-you-go demand it served, its uses and
    cost, the yearly governance cost of its agreements (a quarter of it), and its new skill."""

    frac_committed: np.ndarray
    frac_payg: np.ndarray
    unit_uses: np.ndarray
    unit_cost: np.ndarray
    transaction: np.ndarray
    skill: np.ndarray


class Served(NamedTuple):
    """Per force (f, c): what it got."""

    served: np.ndarray
    unmet: np.ndarray
    late: np.ndarray
    harm: np.ndarray
    minutes: np.ndarray
    served_fraction: np.ndarray
    lateness: np.ndarray


class Payments(NamedTuple):
    """Per force (f, c): paid (to other forces and the national provider) and received."""

    paid: np.ndarray
    received: np.ndarray
    payee: np.ndarray
    national_received: float


@njit(cache=True)
def route(demand, arr, population, weights, area):
    """Send each force's demand to its provider's unit (``Routed``)."""
    F, C = demand.shape
    z = np.zeros((F, C))
    out = Routed(z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy())
    for i in range(F):
        for c in range(C):
            m = arr.mode[i, c]
            if m in (MODE_BUY, MODE_JOINT_MEMBER, MODE_NATIONAL):
                out.agreements[i, c] += 1.0
            h = arr.provider[i, c]
            if h < 0:
                continue
            if h != i:
                out.agreements[h, c] += 1.0
            if m == MODE_BUY and arr.contract[i, c] == PAYG:
                out.payg[h, c] += demand[i, c]
            else:
                out.committed[h, c] += demand[i, c]
            out.covered[h, c] += population[i]
            if m in (MODE_JOINT_LEAD, MODE_JOINT_MEMBER):
                out.weight_total[h, c] += weights[i, c]
            if m != MODE_BUY:
                out.base_area[h, c] += area[i]
    return out


@njit(cache=True)
def run_units(routed, arr, econ, learning_rate):
    """Each unit serves its committed demand first, then pay-as-you-go buyers from what is left;
    its skill moves with its use (``Units``)."""
    F, C = arr.teams.shape
    out = Units(
        np.ones((F, C)),
        np.ones((F, C)),
        np.empty((F, C)),
        np.empty((F, C)),
        np.empty((F, C)),
        arr.skill.copy(),
    )
    for h in range(F):
        for c in range(C):
            teams, committed, payg = arr.teams[h, c], routed.committed[h, c], routed.payg[h, c]
            capacity = teams * econ.capacity[c] / 4.0
            if committed > 0:
                out.frac_committed[h, c] = min(1.0, capacity / committed)
            if payg > 0:
                out.frac_payg[h, c] = min(1.0, max(capacity - committed, 0.0) / payg)
            uses = committed * out.frac_committed[h, c] + payg * out.frac_payg[h, c]
            out.unit_uses[h, c] = uses
            out.unit_cost[h, c] = teams * econ.fixed[c] / 4.0 + uses * econ.per_use[c]
            out.transaction[h, c] = routed.agreements[h, c] * econ.transaction_cost[c] / 4.0
            if teams > 0:
                ratio = proficiency_ratio(
                    uses * 4.0 / max(teams, 1.0), econ.inv_proficiency[c], econ.no_proficiency[c]
                )
                out.skill[h, c] = skill_after_quarter(arr.skill[h, c], ratio, learning_rate, econ.decay[c])
    return out


@njit(cache=True)
def serve_forces(demand, routed, units, arr, area, distance, econ, sigma, national_skill):
    """What each force got: served, unmet and late uses, typical response time, harm (``Served``).
    A force served by its own or its joint unit is reached from the unit's bases over their area;
    a buyer from its host's bases across the border; a user of the national provider in its
    fixed time."""
    F, C = demand.shape
    z = np.zeros((F, C))
    out = Served(z.copy(), z.copy(), z.copy(), np.empty((F, C)), np.full((F, C), np.nan), z.copy(), z.copy())
    for i in range(F):
        for c in range(C):
            h, m = arr.provider[i, c], arr.mode[i, c]
            skill_now, late_share = 0.0, 0.0
            if m == MODE_NATIONAL:
                out.served_fraction[i, c] = 1.0
                out.minutes[i, c] = econ.national_response_min[c]
                out.lateness[i, c] = late_fraction(
                    out.minutes[i, c], econ.inv_target[c], econ.time_criticality[c]
                )
                late_share = 1.0 if out.minutes[i, c] > econ.target_min[c] else 0.0
                skill_now = national_skill
            elif h >= 0:
                payg = m == MODE_BUY and arr.contract[i, c] == PAYG
                out.served_fraction[i, c] = units.frac_payg[h, c] if payg else units.frac_committed[h, c]
                out.lateness[i, c], late_share, out.minutes[i, c] = _response(
                    i, h, c, m, arr, routed, area, distance, econ
                )
                skill_now = arr.skill[h, c] * coverage_effect(
                    routed.covered[h, c], econ.inv_scope[c], econ.no_scope[c]
                )
            served = demand[i, c] * out.served_fraction[i, c]
            out.served[i, c] = served
            out.unmet[i, c] = demand[i, c] - served
            out.late[i, c] = served * late_share if econ.time_criticality[c] > 0 else 0.0
            quality_harm = out.lateness[i, c] + sigma * (1.0 - skill_now)
            out.harm[i, c] = econ.harm_weight[c] * (out.unmet[i, c] + served * quality_harm)
    return out


@njit(cache=True)
def _response(i, h, c, m, arr, routed, area, distance, econ):
    """(lateness harm share, late share, typical minutes) for force i served by the unit at h."""
    if m == MODE_BUY:
        gap = distance[i, h] - np.sqrt(routed.base_area[h, c] / np.pi)
        minutes = reach_minutes(gap, area[i], econ.mobilisation_min[c], econ.minutes_per_km[c])
        late = 1.0 if minutes > econ.target_min[c] else 0.0
        return late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c]), late, minutes
    return spread_response(
        arr.teams[h, c], routed.base_area[h, c], econ.mobilisation_min[c], econ.minutes_per_km[c],
        econ.target_min[c], econ.time_criticality[c],
    )  # fmt: skip


@njit(cache=True)
def settle(served, routed, units, arr, weights, econ):
    """Money: members pay the lead their share, buyers pay their host, users pay the national
    provider; each transfer is paid by one party and received by another (``Payments``)."""
    F, C = served.shape
    paid, received = np.zeros((F, C)), np.zeros((F, C))
    payee = np.full((F, C), -1, dtype=np.int64)
    national_received = 0.0
    for i in range(F):
        for c in range(C):
            h, m = arr.provider[i, c], arr.mode[i, c]
            to_host = 0.0
            if m == MODE_JOINT_MEMBER and routed.weight_total[h, c] > 0:
                to_host = weights[i, c] / routed.weight_total[h, c] * units.unit_cost[h, c]
            elif m == MODE_BUY and arr.contract[i, c] == PAYG:
                to_host = served[i, c] * econ.payg_price[c]
            elif m == MODE_BUY and arr.contract[i, c] == SUBSCRIPTION:
                to_host = arr.subscription_fee[i, c] / 4.0 + served[i, c] * econ.per_use[c]
            elif m == MODE_NATIONAL:
                national = served[i, c] * econ.national_price[c]
                paid[i, c] += national
                national_received += national
            if h >= 0 and h != i:
                payee[i, c] = h
                paid[i, c] += to_host
                received[h, c] += to_host
    return Payments(paid, received, payee, national_received)
