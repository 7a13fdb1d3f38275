"""Negotiations in progress, and how one ends: signed, refused, or collapsed.

A chief's proposal (``abm.agents.force``), a new PCC's notice on an inherited agreement
(``abm.agents.pcc``) or a Home Secretary's direction (``abm.agents.home_secretary``) becomes a
``Proposal`` held in the ``Negotiations`` book (at most one per force and capability) until its
due quarter. At the Council's meeting in that quarter it is concluded: the position is re-scored,
the partner must still run a unit, both sides must still gain (unless the proposal is binding),
and every party's policing body must sign; then the arrangement changes (``abm.arrangements``). Seed 002
§4.21 (protracted negotiation), §4.23 (PCCs sign); shared/data/README.md (notice periods).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from abm.modes import OPERATES, Contract, Mode
from abm.numerics import clearly_less
from abm.scoring import score_options, subscription_fee


@dataclass
class Proposal:
    """A change a force has decided to seek, completed at ``due_step`` if still worth it.

    A strategic alliance is one proposal for several capabilities (``items``: each capability and
    the option joining the partner's unit); leaving one is one notice for all of them."""

    force: int
    capability: int
    kind: str  # own | national | buy_payg | buy_subscription | join | form_alliance | leave_alliance
    option: int
    partner: int
    due_step: int
    reason: str
    imposed_by: str = ""  # "Home Secretary" (a direction) or "PCC" (notice): binding, not re-scored
    delayed: bool = False  # the Home Secretary has already made the unit continue once
    items: tuple[tuple[int, int], ...] = ()  # a package: (capability, option) for each capability
    alliance: int = -1  # the alliance a package leaves

    def __post_init__(self) -> None:
        if not self.items:
            self.items = ((self.capability, self.option),)

    @property
    def capabilities(self) -> tuple[int, ...]:
        return tuple(c for c, _ in self.items)

    @property
    def contract(self) -> Contract:
        return {"buy_payg": Contract.PAYG, "buy_subscription": Contract.SUBSCRIPTION}.get(
            self.kind, Contract.NONE
        )


class Negotiations:
    """The book of proposals in progress, keyed by (force, capability): a package is held under
    each of its capabilities, and concluded once."""

    def __init__(self) -> None:
        self._open: dict[tuple[int, int], Proposal] = {}

    def __len__(self) -> int:
        return len({id(p) for p in self._open.values()})

    def __contains__(self, key: tuple[int, int]) -> bool:
        return key in self._open

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._open)

    def get(self, key: tuple[int, int]) -> Proposal | None:
        return self._open.get(key)

    def open(self, proposal: Proposal) -> None:
        for c in proposal.capabilities:
            self._open[(proposal.force, c)] = proposal

    def due(self, step: int) -> list[tuple[int, int]]:
        """Keys of the proposals due by ``step`` (one per proposal), in (force, capability) order."""
        return sorted(key for key, p in self._open.items() if p.due_step <= step and key[1] == p.capability)

    def close(self, key: tuple[int, int]) -> Proposal:
        proposal = self._open[key]
        for c in proposal.capabilities:
            self._open.pop((proposal.force, c), None)
        return proposal

    def drop_force_capability(self, force: int, c: int) -> None:
        """A force's talks on c lapse (a requirement overrides them)."""
        if (force, c) in self._open:
            self.close((force, c))

    def drop_involving(self, force: int) -> None:
        """A force has merged away: its proposals, and proposals to it, lapse."""
        for key in [k for k, p in self._open.items() if k[0] == force or p.partner == force]:
            del self._open[key]


def conclude_due(model) -> None:
    """Conclude the proposals whose time has come (the Home Secretary may first make a joint unit
    continue a while longer, s.23G), each against the position at the start of the meeting."""
    due = [
        key
        for key in model.negotiations.due(model.steps)
        if not _users_still_arranging(model, model.negotiations.get(key))
        and not model.home_secretary.delays_break_up(model.negotiations.get(key))
    ]
    if not due:
        return
    forces = np.array(sorted({f for f, _ in due}))
    scores = score_options(model, forces)
    row_of = {int(f): r for r, f in enumerate(forces)}
    for key in due:
        proposal = model.negotiations.close(key)
        for c in proposal.capabilities:
            model.arrangements.end_notice(proposal.force, c)
        conclude(model, proposal, scores, row_of[proposal.force])


def _users_still_arranging(model, proposal: Proposal) -> bool:
    """A force whose change closes a unit that serves other forces keeps the unit running, under
    notice, until its users' talks on their new arrangements have ended (a collaboration agreement
    binds its lead as well as its members); the change is then due a quarter later."""
    arr = model.arrangements
    f, c = proposal.force, proposal.capability
    closes = proposal.kind != "own" or arr.mode[f, c] == Mode.JOINT_LEAD
    if not closes or not arr.hosts_others(f, c):
        return False
    if any((int(u), c) in model.negotiations for u in arr.users_of(f, c)):
        proposal.due_step = model.steps + 1
        return True
    return False


def conclude(model, proposal: Proposal, scores, row: int) -> None:
    """Sign one proposal if both sides still gain and the policing bodies approve (see module
    docstring); log what happened. A package is judged as a whole."""
    f, c, partner = proposal.force, proposal.capability, proposal.partner
    if proposal.kind == "leave_alliance":
        _leave_alliance(model, proposal)
        return
    names = model.forces.names
    arr = model.arrangements
    gone = [k for k, _ in proposal.items if partner >= 0 and arr.mode[partner, k] not in OPERATES]
    if gone:  # another agreement concluded at this meeting changed the partner's position
        reason = f"{names[partner]} no longer runs a {model.caps.labels[gone[0]].lower()} unit"
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=reason)
        arr.set_review(f, c, arr.mode[f, c] == Mode.NONE)
        return
    option_score = sum(scores.score[row, k, o] for k, o in proposal.items)
    current = sum(scores.current_score[row, k] for k, _ in proposal.items)
    still_gains = np.isfinite(option_score) and not clearly_less(current, option_score)
    if not still_gains and not (proposal.imposed_by and np.isfinite(option_score)):
        who = (
            f"{names[f]} and {names[partner]} no longer both gain"
            if partner >= 0
            else f"{names[f]} no longer gains from the change"
        )
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=who)
        return
    if (
        partner >= 0
        and not proposal.imposed_by
        and not model.force_agent(partner).answers(proposal, scores, row)
    ):
        reason = f"the chief of {names[partner]} declined {names[f]}'s proposal"
        model.events.log(model, f, c, "refused", partner=partner, reason=reason)
        return
    partner_gain = sum(float(scores.partner_gain[row, k, o]) for k, o in proposal.items)
    notes = []
    if partner >= 0 and partner_gain < 0 and not proposal.imposed_by:
        notes.append(
            f"the chief of {names[partner]} accepts under the duty to collaborate (costs it £{-partner_gain:.2f}m a year)"
        )
    for party in _signatories(model, proposal):
        signed, why = party.signs(proposal, scores, row)
        if not signed:
            model.events.log(model, f, c, "refused", partner=partner, reason=why)
            model.hmic.note_refusal(party.force, c)
            return
        notes += [why] if why else []
    _carry_out(model, proposal)
    if proposal.kind == "form_alliance":
        action = "forms alliance"
    else:
        action = (
            "directed"
            if proposal.imposed_by == "Home Secretary"
            else ("agreed" if partner >= 0 else "changed")
        )
    money = sum(scores.money[row, k, o] - scores.current_money[row, k] for k, o in proposal.items)
    reason = " ".join([proposal.reason, *(note[0].upper() + note[1:] + "." for note in notes)])
    model.events.log(
        model,
        f,
        c,
        action,
        partner=partner,
        reason=reason,
        money=money,
        minutes=scores.minutes[row, c, proposal.option],
    )


def _leave_alliance(model, proposal: Proposal) -> None:
    """A notice on an alliance has run its course: the force leaves it, whole."""
    arr, names = model.arrangements, model.forces.names
    alliance = arr.alliances[proposal.alliance]
    if proposal.force not in alliance.members:
        return  # the alliance ended while the notice ran
    partner = (
        alliance.lead
        if alliance.lead != proposal.force
        else next(m for m in alliance.members if m != proposal.force)
    )
    arr.leave_alliance(proposal.force, proposal.alliance)
    ended = not alliance.members
    reason = f"{names[proposal.force]} leaves its strategic alliance" + (
        "; the alliance ends" if ended else ""
    )
    model.events.log(
        model,
        proposal.force,
        proposal.capability,
        "alliance ended" if ended else "leaves alliance",
        partner=partner,
        reason=reason,
    )


def _signatories(model, proposal: Proposal) -> list:
    """The policing bodies that must sign: every party's, proposer first (Police Act 1996 s.22A);
    none for a binding direction or notice. A joint unit's lead signs for its unit's members."""
    if proposal.imposed_by:
        return []
    parties = [model.pcc_of(proposal.force)]
    if proposal.partner >= 0:
        parties.append(model.pcc_of(proposal.partner))
    return parties


def _carry_out(model, proposal: Proposal) -> None:
    """Change the arrangement the proposal agreed."""
    f, c, kind, arr = proposal.force, proposal.capability, proposal.kind, model.arrangements
    if kind == "form_alliance":
        arr.form_alliance(
            proposal.partner, [f], proposal.capabilities, alliance_shares(model, proposal), model.steps
        )
    elif kind == "own":
        arr.own(f, c)
    elif kind == "national":
        arr.use_national(f, c)
    elif kind == "join":
        arr.join(f, c, proposal.partner)
    else:
        fee = 0.0
        if proposal.contract == Contract.SUBSCRIPTION:
            lam = float(model.demand.expected[f, c])
            fee = subscription_fee(model.economics, model.scoring_settings, c, lam)
        arr.buy(f, c, proposal.partner, proposal.contract, fee)


def alliance_shares(model, proposal: Proposal) -> dict[int, float]:
    """The cost split a new alliance agrees, fixed for its life (``alliance_cost_split``): by the
    partners' populations, by their demand for the capabilities it covers, or equally."""
    parties = [proposal.partner, proposal.force]
    rule = model.params.alliance_cost_split
    if rule == "population":
        weight = [float(model.forces.population[f]) for f in parties]
    elif rule == "demand":
        weight = [float(model.demand.expected[f, list(proposal.capabilities)].sum()) for f in parties]
    else:
        weight = [1.0, 1.0]
    total = sum(weight)
    return {f: w / total for f, w in zip(parties, weight, strict=True)}
