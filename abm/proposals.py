"""What a proposed change would do to every party: the expected accounts before and after it.

A change (``Change``: a force's new local arrangement for a capability, or joining or leaving its
region's unit) is tried on a copy of the arrangements (``Arrangements.what_if``) with the same
named operations the model uses to carry it out (``apply``), and both positions are settled by the
expected accounts (``abm.accounts.expected_column``). The difference is each force's yearly
``Effects``: what it would pay and the harm it would suffer, for the proposer, its partner, every
co-member of a joint or regional unit and anyone else the change touches. Partners accept, and
policing bodies sign, on these figures (``abm.agents``, ``abm.negotiations``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from abm.accounts import empty_settled, expected_column
from abm.arrangements import Arrangements
from abm.modes import Contract
from abm.scoring import subscription_fee

#: the kinds of change a force's arrangement for one capability can undergo
LOCAL_KINDS = ("own", "national", "buy_payg", "buy_subscription", "join")
REGIONAL_KINDS = ("join_region", "leave_region")


@dataclass(frozen=True)
class Change:
    """One force's change for one capability: a new local arrangement (with ``partner`` for buying
    or joining), or joining or leaving its region's unit."""

    force: int
    capability: int
    kind: str
    partner: int = -1


class Effects(NamedTuple):
    """What a change does to each force a year: ``money`` it pays more (GBP m) and ``harm`` it
    suffers more (crime harm index days); negative is better. ``before`` and ``after`` are the
    arrangements either side of it, for what else a party weighs (a policing body: the local
    control it gives up)."""

    money: np.ndarray
    harm: np.ndarray
    capabilities: tuple[int, ...]
    before: Arrangements
    after: Arrangements

    def gain(self, value_of_harm_gbp_m: float) -> np.ndarray:
        """Each force's gain in GBP m a year: money saved and harm avoided, valued."""
        return -(self.money + value_of_harm_gbp_m * self.harm)


def apply(arrangements: Arrangements, change: Change, model) -> None:
    """Carry out ``change`` on ``arrangements`` (the model's own, or a what-if copy)."""
    f, c, kind = change.force, change.capability, change.kind
    if kind == "own":
        arrangements.own(f, c)
    elif kind == "national":
        arrangements.use_national(f, c)
    elif kind == "join":
        arrangements.join(f, c, change.partner)
    elif kind == "join_region":
        arrangements.join_region(f, c)
    elif kind == "leave_region":
        arrangements.leave_region(f, c)
    elif kind in ("buy_payg", "buy_subscription"):
        contract = Contract.PAYG if kind == "buy_payg" else Contract.SUBSCRIPTION
        fee = 0.0
        if contract == Contract.SUBSCRIPTION:
            lam = float(arrangements.tier_demand()[0][f, c])
            fee = subscription_fee(model.economics, model.scoring_settings, c, lam)
        arrangements.buy(f, c, change.partner, contract, fee)
    else:
        raise ValueError(f"unknown change {kind!r}")


def effects(model, changes: Iterable[Change]) -> Effects:
    """The effects of carrying out ``changes`` together."""
    changes = list(changes)

    def carry_out(twin: Arrangements) -> None:
        for change in changes:
            apply(twin, change, model)

    return effects_of(model, carry_out, sorted({ch.capability for ch in changes}))


def effects_of(model, carry_out: Callable[[Arrangements], None], capabilities: Iterable[int]) -> Effects:
    """The effects, on the given capabilities, of what ``carry_out`` does to a copy of the
    arrangements (an alliance formed or left, several forces joining a regional unit)."""
    twin = model.arrangements.what_if()
    carry_out(twin)
    F = model.forces.count
    money, harm = np.zeros(F), np.zeros(F)
    now, then = model.scoring_world(), model.scoring_world(twin)
    capabilities = tuple(capabilities)
    for c in capabilities:
        before = expected_accounts(model, model.arrangements.state, now, c, current=True)
        after = expected_accounts(model, twin.state, then, c, current=False)
        money += after[0] - before[0]
        harm += after[1] - before[1]
    return Effects(money, harm, capabilities, model.arrangements, twin)


def expected_accounts(model, state, world, c: int, current: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each force's yearly cost and harm for capability c under ``state`` (``current``: the model's
    own arrangements, whose units' sizes are remembered for later comparisons)."""
    out = empty_settled(model.forces.count, 1, state.regional_teams.shape[0])
    memo, memo_r = model.sizing_memo
    expected_column(c, state, world, model.economics, model.scoring_settings, memo, memo_r, current, out)
    return out.burden[:, 0], out.harm[:, 0]
