"""One quarter of service: demand arrives at each level, is routed through each force's tiers,
served or not, and paid for, by the one set of accounts (``abm.accounts``).

Compiled over all forces and capabilities: the quarter's Python cost does not grow with the
number of agreements. Every transfer is recorded once as paid by one party and received by
another, so money is conserved by construction and checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abm.accounts import Settled, empty_settled, serve_all


@dataclass
class QuarterOutcome:
    """What happened in one quarter. Arrays are (F, C) unless stated; money in GBP m."""

    demand: np.ndarray  # all levels
    demand_by_level: np.ndarray  # (F, C, 3) levels 1, 2, 3
    served: np.ndarray
    unmet: np.ndarray
    late: np.ndarray  # served uses that arrived after the response target
    harm: np.ndarray  # crime harm index days
    response_min: np.ndarray  # response time of the local arrangement (nan where none)
    unit_uses: np.ndarray  # uses handled by the local unit based at (h, c)
    regional_uses: np.ndarray  # (R, C) uses handled by each regional unit
    operating_cost: np.ndarray  # (F,) paid to the outside world for units operated
    transaction_cost: np.ndarray  # (F,) governance of agreements
    paid: np.ndarray  # (F,) paid to other forces and to the national provider
    received: np.ndarray  # (F,) received from other forces
    grant: np.ndarray  # (F,) received from the Home Office for the regional units it hosts
    national_received: float  # received by the national provider
    net_cost: np.ndarray  # (F,) what each force's capabilities cost it this quarter
    capability_cost: np.ndarray  # (F, C) net cost by capability
    served_fraction: np.ndarray  # share of each force's local-tier work its partner served
    payee: np.ndarray  # (F, C) the force paid for the local tier (-1: none, itself or national)
    skill: np.ndarray  # (F, C) each local unit's skill after the quarter
    regional_skill: np.ndarray  # (R, C) each regional unit's skill after the quarter


def serve_quarter(model, demand: np.ndarray) -> QuarterOutcome:
    """Serve one quarter's demand (F, C, 3: by level) with the current arrangements and settle the
    money. Changes nothing: the model hands the units' new skill to their owner and the
    experience to trust."""
    arr = model.arrangements.state
    F, C = arr.mode.shape
    out = empty_settled(F, C, arr.regional_teams.shape[0])
    serve_all(demand, arr, model.scoring_world(), model.economics, model.scoring_settings, 0.25, out)
    return outcome_of(out, demand)


def outcome_of(settled: Settled, demand: np.ndarray) -> QuarterOutcome:
    """The quarter's outcome from its settlement of ``demand`` (F, C, 3)."""
    operating = settled.operating.sum(axis=1)
    paid, received = settled.paid.sum(axis=1), settled.received.sum(axis=1)
    transaction, grant = settled.transaction.sum(axis=1), settled.grant.sum(axis=1)
    return QuarterOutcome(
        demand=settled.demand,
        demand_by_level=demand,
        served=settled.served,
        unmet=settled.unmet,
        late=settled.late,
        harm=settled.harm,
        response_min=settled.minutes,
        unit_uses=settled.unit_uses,
        regional_uses=settled.regional_uses,
        operating_cost=operating,
        transaction_cost=transaction,
        paid=paid,
        received=received,
        grant=grant,
        national_received=float(settled.national.sum()),
        net_cost=settled.burden.sum(axis=1),
        capability_cost=settled.burden,
        served_fraction=settled.served_fraction,
        payee=settled.payee,
        skill=settled.skill,
        regional_skill=settled.regional_skill,
    )
