"""One quarter of service: demand arrives, is routed to a unit, served or not, and paid for.

Vectorised over all forces and capabilities: the quarter's Python cost does not grow
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

from abm.economics import NATIONAL_SKILL, late_share, scope_factor, skill_step, use_ratio
from abm.modes import Contract, Mode


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


def cost_shares(model, lead_of: np.ndarray, in_joint: np.ndarray) -> np.ndarray:
    """Each joint partner's share of its unit's cost under the agreed cost-sharing rule."""
    weight = np.where(in_joint, model.partner_weight(), 0.0)
    F, C = lead_of.shape
    key = np.where(in_joint, lead_of * C + np.arange(C)[None, :], 0)
    total = np.bincount(key.ravel(), weights=weight.ravel(), minlength=F * C).reshape(F, C)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(in_joint, weight / total[lead_of, np.arange(C)[None, :]], 0.0)
    return np.nan_to_num(share)


def serve_quarter(model, demand: np.ndarray) -> QuarterOutcome:
    """Serve one quarter's demand with the current arrangements and settle the money."""
    caps = model.caps
    params = model.params
    F, C = demand.shape
    cols = np.arange(C)[None, :]
    mode = model.mode
    provider = model.provider
    has_unit_route = provider >= 0
    host = np.where(has_unit_route, provider, 0)
    payg = (mode == Mode.BUY) & (model.contract == Contract.PAYG)
    committed = has_unit_route & ~payg

    key = host * C + cols
    load_committed = np.bincount(key[committed], demand[committed], minlength=F * C).reshape(F, C)
    load_payg = np.bincount(key[payg], demand[payg], minlength=F * C).reshape(F, C)
    capacity = model.teams * caps.capacity / 4.0
    with np.errstate(divide="ignore", invalid="ignore"):
        frac_committed = np.where(load_committed > 0, np.minimum(1.0, capacity / load_committed), 1.0)
        spare = np.maximum(capacity - load_committed, 0.0)
        frac_payg = np.where(load_payg > 0, np.minimum(1.0, spare / load_payg), 1.0)
    unit_uses = load_committed * frac_committed + load_payg * frac_payg

    national = mode == Mode.NATIONAL
    served_fraction = np.where(
        payg, frac_payg[host, cols], np.where(committed, frac_committed[host, cols], 0.0)
    )
    served_fraction = np.where(national, 1.0, served_fraction)
    served = demand * served_fraction
    unmet = demand - served

    minutes = np.where(
        has_unit_route,
        model.response_table[np.arange(F)[:, None], host, cols],
        np.where(national, caps.national_response_min[None, :], np.nan),
    )
    lateness = np.where(np.isnan(minutes), 0.0, late_share(np.nan_to_num(minutes), caps))
    late = np.where(lateness > 0, served, 0.0)
    population = np.broadcast_to(model.forces.population[:, None], demand.shape)
    covered = np.bincount(key[has_unit_route], population[has_unit_route], minlength=F * C).reshape(F, C)
    quality = model.skill * scope_factor(covered, caps)
    serving_skill = np.where(national, NATIONAL_SKILL, np.where(has_unit_route, quality[host, cols], 0.0))
    harm = caps.harm_weight * (unmet + served * (lateness + params.skill_harm_share * (1.0 - serving_skill)))

    # --- money -------------------------------------------------------------------------
    unit_cost = model.teams * caps.fixed / 4.0 + unit_uses * caps.per_use  # at (h, c)
    operating = unit_cost.sum(axis=1)
    joint = (mode == Mode.JOINT_LEAD) | (mode == Mode.JOINT_MEMBER)
    member = mode == Mode.JOINT_MEMBER
    share = cost_shares(model, host, joint)
    member_payment = np.where(member, share * unit_cost[host, cols], 0.0)
    payg_payment = np.where(payg, served * model.payg_price[None, :], 0.0)
    subscribed = (mode == Mode.BUY) & (model.contract == Contract.SUBSCRIPTION)
    sub_payment = np.where(subscribed, model.subscription_fee / 4.0 + served * caps.per_use, 0.0)
    national_payment = np.where(national, served * model.national_price[None, :], 0.0)
    to_forces = member_payment + payg_payment + sub_payment

    payee = np.where(has_unit_route & (host != np.arange(F)[:, None]), host, -1)
    moves = payee >= 0
    received = np.bincount(payee[moves], to_forces[moves], minlength=F)
    paid_by_capability = to_forces + national_payment
    paid = paid_by_capability.sum(axis=1)
    national_received = float(national_payment.sum())

    parties = model.agreement_parties()  # (F, C) number of agreements each party governs
    transaction_by_capability = parties * model.transaction_cost[None, :] / 4.0
    transaction = transaction_by_capability.sum(axis=1)

    received_by_capability = np.zeros((F, C))
    np.add.at(received_by_capability, (payee[moves], np.nonzero(moves)[1]), to_forces[moves])
    capability_cost = unit_cost + paid_by_capability + transaction_by_capability - received_by_capability
    net = operating + paid + transaction - received

    # --- skill and trust ------------------------------------------------------------------
    operated = model.teams > 0
    per_team_year = np.where(operated, unit_uses * 4.0 / np.maximum(model.teams, 1.0), 0.0)
    new_skill = skill_step(model.skill, use_ratio(per_team_year, caps), caps, params.skill_learning_rate)
    model.skill = np.where(operated, new_skill, model.skill)
    model.uses_last_year = np.roll(model.uses_last_year, 1, axis=0)
    model.uses_last_year[0] = unit_uses
    update_trust(model, demand, served_fraction, lateness, payee)

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
        net_cost=net,
        capability_cost=capability_cost,
    )


def update_trust(
    model, demand: np.ndarray, served_fraction: np.ndarray, lateness: np.ndarray, payee: np.ndarray
) -> None:
    """Move trust in each partner toward the share of demand it served well this quarter."""
    used = (payee >= 0) & (demand > 0)
    if not used.any():
        return
    rows, cols = np.nonzero(used)
    partners = payee[rows, cols]
    performance = served_fraction[rows, cols] * (1.0 - lateness[rows, cols])
    delta = model.params.trust_learning_rate * (performance - model.trust[rows, partners])
    # a pair sharing several capabilities moves by the mean of its experiences
    pair = rows * model.forces.count + partners
    np.add.at(model.trust, (rows, partners), delta / np.bincount(pair)[pair])
    np.clip(model.trust, 0.0, 1.0, out=model.trust)
