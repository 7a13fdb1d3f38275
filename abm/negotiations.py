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
from abm.scoring import score_options, subscription_fee


@dataclass
class Proposal:
    """A change a force has decided to seek, completed at ``due_step`` if still worth it."""

    force: int
    capability: int
    kind: str  # own | national | buy_payg | buy_subscription | join
    option: int
    partner: int
    due_step: int
    reason: str
    imposed_by: str = ""  # "Home Secretary" (a direction) or "PCC" (notice): binding, not re-scored
    delayed: bool = False  # the Home Secretary has already made the unit continue once

    @property
    def contract(self) -> Contract:
        return {"buy_payg": Contract.PAYG, "buy_subscription": Contract.SUBSCRIPTION}.get(
            self.kind, Contract.NONE
        )


class Negotiations:
    """The book of proposals in progress, keyed by (force, capability)."""

    def __init__(self) -> None:
        self._open: dict[tuple[int, int], Proposal] = {}

    def __len__(self) -> int:
        return len(self._open)

    def __contains__(self, key: tuple[int, int]) -> bool:
        return key in self._open

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._open)

    def get(self, key: tuple[int, int]) -> Proposal | None:
        return self._open.get(key)

    def open(self, proposal: Proposal) -> None:
        self._open[(proposal.force, proposal.capability)] = proposal

    def due(self, step: int) -> list[tuple[int, int]]:
        """Keys of the proposals due by ``step``, in (force, capability) order."""
        return sorted(key for key, proposal in self._open.items() if proposal.due_step <= step)

    def close(self, key: tuple[int, int]) -> Proposal:
        return self._open.pop(key)

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
        if not model.home_secretary.delays_break_up(model.negotiations.get(key))
    ]
    if not due:
        return
    forces = np.array(sorted({f for f, _ in due}))
    scores = score_options(model, forces)
    row_of = {int(f): r for r, f in enumerate(forces)}
    for key in due:
        proposal = model.negotiations.close(key)
        model.arrangements.end_notice(proposal.force, proposal.capability)
        conclude(model, proposal, scores, row_of[proposal.force])


def conclude(model, proposal: Proposal, scores, row: int) -> None:
    """Sign one proposal if both sides still gain and the policing bodies approve (see module
    docstring); log what happened."""
    f, c, partner = proposal.force, proposal.capability, proposal.partner
    names, label = model.forces.names, model.caps.labels[c].lower()
    arr = model.arrangements
    if partner >= 0 and arr.mode[partner, c] not in OPERATES:
        # another agreement concluded at this meeting changed the partner's position
        reason = f"{names[partner]} no longer runs a {label} unit"
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=reason)
        arr.set_review(f, c, arr.mode[f, c] == Mode.NONE)
        return
    option_score = scores.score[row, c, proposal.option]
    still_gains = np.isfinite(option_score) and option_score <= scores.current_score[row, c]
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
    notes = []
    if partner >= 0 and scores.partner_gain[row, c, proposal.option] < 0 and not proposal.imposed_by:
        loss = -float(scores.partner_gain[row, c, proposal.option])
        notes.append(
            f"the chief of {names[partner]} accepts under the duty to collaborate (costs it £{loss:.2f}m a year)"
        )
    for party in _signatories(model, proposal):
        signed, why = party.signs(proposal, scores, row)
        if not signed:
            model.events.log(model, f, c, "refused", partner=partner, reason=why)
            model.hmic.note_refusal(party.force, c)
            return
        notes += [why] if why else []
    _carry_out(model, proposal)
    action = (
        "directed" if proposal.imposed_by == "Home Secretary" else ("agreed" if partner >= 0 else "changed")
    )
    money = scores.money[row, c, proposal.option] - scores.current_money[row, c]
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
    if kind == "own":
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
