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

import numpy as np
from numba import njit

from abm.economics import coverage_effect, late_fraction, proficiency_ratio, skill_after_quarter
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
    arr = model.arrangements.state
    (
        served,
        unmet,
        late,
        harm,
        minutes,
        unit_uses,
        unit_cost,
        served_fraction,
        lateness,
        payee,
        paid_by_capability,
        received_by_capability,
        transaction_by_capability,
        national_received,
        skill,
    ) = _serve(
        demand,
        arr,
        model.response_table,
        model.forces.population,
        np.ascontiguousarray(model.partner_weight(), dtype=float),
        model.economics,
        params.skill_harm_share,
        params.skill_learning_rate,
        params.national_skill,
    )
    operating = unit_cost.sum(axis=1)
    paid = paid_by_capability.sum(axis=1)
    received = received_by_capability.sum(axis=1)
    transaction = transaction_by_capability.sum(axis=1)
    return QuarterOutcome(
        demand=demand,
        served=served,
        unmet=unmet,
        late=late,
        harm=harm,
        response_min=minutes,
        unit_uses=unit_uses,
        operating_cost=operating,
        transaction_cost=transaction,
        paid=paid,
        received=received,
        national_received=national_received,
        net_cost=operating + paid + transaction - received,
        capability_cost=unit_cost + paid_by_capability + transaction_by_capability - received_by_capability,
        served_fraction=served_fraction,
        lateness=lateness,
        payee=payee,
        skill=skill,
    )


@njit(cache=True)
def _serve(demand, arr, response, population, weights, econ, sigma, learning_rate, national_skill):
    """Route, serve and price one quarter's demand and work out the units' new skill (see module
    docstring). Compiled (numba) because it runs every quarter of every run. ``arr`` is the
    arrangements' ``ArrangementState``, ``econ`` the run's ``UnitEconomics``."""
    mode, provider, contract, teams, skill = arr.mode, arr.provider, arr.contract, arr.teams, arr.skill
    subscription_fee = arr.subscription_fee
    F, C = demand.shape
    load_committed = np.zeros((F, C))
    load_payg = np.zeros((F, C))
    covered = np.zeros((F, C))
    weight_total = np.zeros((F, C))
    agreements = np.zeros((F, C))  # agreements each force is party to: as client, and as host
    for i in range(F):
        for c in range(C):
            m = mode[i, c]
            if m in (MODE_BUY, MODE_JOINT_MEMBER, MODE_NATIONAL):
                agreements[i, c] += 1.0
            h = provider[i, c]
            if h < 0:
                continue
            if h != i:
                agreements[h, c] += 1.0
            if m == MODE_BUY and contract[i, c] == PAYG:
                load_payg[h, c] += demand[i, c]
            else:
                load_committed[h, c] += demand[i, c]
            covered[h, c] += population[i]
            if m in (MODE_JOINT_LEAD, MODE_JOINT_MEMBER):
                weight_total[h, c] += weights[i, c]

    # each unit serves its committed demand first, then pay-as-you-go buyers from what is left
    frac_committed = np.ones((F, C))
    frac_payg = np.ones((F, C))
    unit_uses = np.empty((F, C))
    unit_cost = np.empty((F, C))
    transaction = np.empty((F, C))
    new_skill = skill.copy()
    for h in range(F):
        for c in range(C):
            fixed, per_use, cap = (
                econ.fixed[c],
                econ.per_use[c],
                econ.capacity[c],
            )
            capacity = teams[h, c] * cap / 4.0
            if load_committed[h, c] > 0:
                frac_committed[h, c] = min(1.0, capacity / load_committed[h, c])
            if load_payg[h, c] > 0:
                frac_payg[h, c] = min(1.0, max(capacity - load_committed[h, c], 0.0) / load_payg[h, c])
            unit_uses[h, c] = load_committed[h, c] * frac_committed[h, c] + load_payg[h, c] * frac_payg[h, c]
            unit_cost[h, c] = teams[h, c] * fixed / 4.0 + unit_uses[h, c] * per_use
            transaction[h, c] = agreements[h, c] * econ.transaction_cost[c] / 4.0
            if teams[h, c] > 0:
                inv_p, no_p = econ.inv_proficiency[c], econ.no_proficiency[c]
                ratio = proficiency_ratio(unit_uses[h, c] * 4.0 / max(teams[h, c], 1.0), inv_p, no_p)
                new_skill[h, c] = skill_after_quarter(skill[h, c], ratio, learning_rate, econ.decay[c])

    served = np.zeros((F, C))
    unmet = np.zeros((F, C))
    late = np.zeros((F, C))
    harm = np.empty((F, C))
    minutes = np.full((F, C), np.nan)
    served_fraction = np.zeros((F, C))
    lateness = np.zeros((F, C))
    payee = np.full((F, C), -1, dtype=np.int64)
    paid = np.zeros((F, C))
    received = np.zeros((F, C))
    national_received = 0.0
    for i in range(F):
        for c in range(C):
            per_use, harm_w = econ.per_use[c], econ.harm_weight[c]
            crit, inv_t = econ.time_criticality[c], econ.inv_target[c]
            inv_s, no_s = econ.inv_scope[c], econ.no_scope[c]
            h = provider[i, c]
            m = mode[i, c]
            skill_now = 0.0
            if m == MODE_NATIONAL:
                served_fraction[i, c] = 1.0
                minutes[i, c] = econ.national_response_min[c]
                skill_now = national_skill
            elif h >= 0:
                payg = m == MODE_BUY and contract[i, c] == PAYG
                served_fraction[i, c] = frac_payg[h, c] if payg else frac_committed[h, c]
                minutes[i, c] = response[i, h, c]
                skill_now = skill[h, c] * coverage_effect(covered[h, c], inv_s, no_s)
            served[i, c] = demand[i, c] * served_fraction[i, c]
            unmet[i, c] = demand[i, c] - served[i, c]
            if m == MODE_NATIONAL or h >= 0:
                lateness[i, c] = late_fraction(minutes[i, c], inv_t, crit)
            if lateness[i, c] > 0:
                late[i, c] = served[i, c]
            harm[i, c] = harm_w * (unmet[i, c] + served[i, c] * (lateness[i, c] + sigma * (1.0 - skill_now)))

            # money: members pay the lead their share, buyers pay their host, users pay the national
            # provider; each transfer is paid by one party and received by another
            to_host = 0.0
            if m == MODE_JOINT_MEMBER and weight_total[h, c] > 0:
                to_host = weights[i, c] / weight_total[h, c] * unit_cost[h, c]
            elif m == MODE_BUY and contract[i, c] == PAYG:
                to_host = served[i, c] * econ.payg_price[c]
            elif m == MODE_BUY and contract[i, c] == SUBSCRIPTION:
                to_host = subscription_fee[i, c] / 4.0 + served[i, c] * per_use
            elif m == MODE_NATIONAL:
                national = served[i, c] * econ.national_price[c]
                paid[i, c] += national
                national_received += national
            if h >= 0 and h != i:
                payee[i, c] = h
                paid[i, c] += to_host
                received[h, c] += to_host
    return (
        served,
        unmet,
        late,
        harm,
        minutes,
        unit_uses,
        unit_cost,
        served_fraction,
        lateness,
        payee,
        paid,
        received,
        transaction,
        national_received,
        new_skill,
    )
