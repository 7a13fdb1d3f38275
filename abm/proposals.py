"""What a proposed change would do to every party: the expected accounts before and after it.

A change (``Change``: a force's new local arrangement for a capability, or joining or leaving its
region's unit) is tried on a copy of the arrangements (``Arrangements.what_if``) with the same
named operations the model uses to carry it out (``apply``), and both positions are settled by the
expected accounts (``abm.accounts.expected_column``). The difference is each force's yearly
``Effects``: what it would pay and the harm it would suffer, for the proposer, its partner, every
co-member of a joint or regional unit and anyone else the change touches. Partners accept, and
policing bodies sign, on these figures (``crossforce_agents``, ``abm.negotiations``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from abm.accounts import expected_burden_and_harm, toggle_effects
from abm.arrangements import Arrangements
from abm.modes import Contract
from abm.scoring import subscription_fee

#: the kinds of change to a force's membership of its region's unit
REGIONAL_KINDS = ("join_region", "leave_region")


@dataclass(frozen=True)
class Change:
    """One force's change for one capability: a new local arrangement (with ``partner`` for buying
    or joining), or joining or leaving its region's unit."""

    force: int
    capability: int
    kind: str
    partner: int = -1


class Effects:
    """What a change does to each force a year: ``money`` it pays more (GBP m) and ``harm`` it
    suffers more (crime harm index days); negative is better. ``before`` and ``after`` are the
    arrangements either side of it, for what else a party weighs (a policing body: the local
    control it gives up); ``after`` is made when first asked for."""

    def __init__(
        self,
        money: np.ndarray,
        harm: np.ndarray,
        capabilities: tuple[int, ...],
        before: Arrangements,
        after: Callable[[], Arrangements],
    ) -> None:
        self.money, self.harm, self.capabilities, self.before = money, harm, capabilities, before
        self._make_after = after
        self._after: Arrangements | None = None

    @property
    def after(self) -> Arrangements:
        if self._after is None:
            self._after = self._make_after()
        return self._after

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
            lam = float(arrangements.tier_demand_of(f)[0][c])
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

    capabilities = sorted({ch.capability for ch in changes})
    if len(capabilities) == 1 and all(ch.kind in REGIONAL_KINDS for ch in changes):
        return regional_effects(model, [(capabilities[0], [ch.force for ch in changes])])[0]
    return effects_of(model, carry_out, capabilities)


def regional_effects(model, batch: list[tuple[int, list[int]]]) -> list[Effects]:
    """The effects of several regional changes, each judged alone: for each (capability, forces),
    those forces join their region's unit if they do not belong to it, or leave it if they do; in
    one compiled step (``abm.accounts.toggle_effects``: the same change, settled the same way).
    A change asked for more than once (the forces of a region without a unit each reviewing the
    same capability, each asking about forming it together) is worked out once, and its effects
    are shared: each is judged from the same position, so the answer is the same. Like any
    ``Effects``, they hold while the arrangements stand (the Council's reviews only open talks)."""
    distinct = list(dict.fromkeys((c, tuple(forces)) for c, forces in batch))
    worked_out = dict(zip(distinct, _distinct_regional_effects(model, distinct), strict=True))
    return [worked_out[c, tuple(forces)] for c, forces in batch]


def _distinct_regional_effects(model, batch: list[tuple[int, tuple[int, ...]]]) -> list[Effects]:
    """``regional_effects`` of changes that differ from one another."""
    memo, memo_r = model.sizing_memo
    width = max(len(forces) for _, forces in batch)
    cs = np.array([c for c, _ in batch], dtype=np.int64)
    toggles = np.full((len(batch), width), -1, dtype=np.int64)
    for k, (_, forces) in enumerate(batch):
        toggles[k, : len(forces)] = forces
    world = model.scoring_world()
    burden_now, harm_now = (
        np.zeros((model.caps.count, model.forces.count)),
        np.zeros((model.caps.count, model.forces.count)),
    )
    for c in set(cs.tolist()):
        burden_now[c], harm_now[c] = current_accounts(model, world, c)
    money, harm = toggle_effects(
        cs, toggles, model.arrangements.state, world, model.economics, model.scoring_settings, memo, memo_r,
        burden_now, harm_now,
    )  # fmt: skip
    money.setflags(write=False)  # one change's figures may be read by several forces
    harm.setflags(write=False)
    member = model.arrangements.member

    def after_of(c: int, forces: tuple[int, ...]) -> Callable[[], Arrangements]:
        def after() -> Arrangements:
            twin = model.arrangements.what_if()
            for f in forces:
                (twin.leave_region if member[f, c] else twin.join_region)(f, c)
            return twin

        return after

    return [
        Effects(money[k], harm[k], (c,), model.arrangements, after_of(c, forces))
        for k, (c, forces) in enumerate(batch)
    ]


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
        before = current_accounts(model, now, c)
        after = expected_accounts(model, twin.state, then, c, current=False)
        money += after[0] - before[0]
        harm += after[1] - before[1]
    return Effects(money, harm, capabilities, model.arrangements, lambda: twin)


def current_accounts(model, world, c: int) -> tuple[np.ndarray, np.ndarray]:
    """``expected_accounts`` of the model's own arrangements, remembered until they change (their
    ``version``) or the quarter moves on (demand, trust and budgets move between quarters)."""
    key = (model.arrangements.version, model.steps)
    cache = model.accounts_cache
    if cache.get("key") != key:
        cache.clear()
        cache["key"] = key
    if c not in cache:
        cache[c] = expected_accounts(model, model.arrangements.state, world, c, current=True)
    return cache[c]


def expected_accounts(model, state, world, c: int, current: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each force's yearly cost and harm for capability c under ``state`` (``current``: the model's
    own arrangements, whose units' sizes are remembered for later comparisons)."""
    memo, memo_r = model.sizing_memo
    return expected_burden_and_harm(
        c, state, world, model.economics, model.scoring_settings, memo, memo_r, current
    )
