"""A territorial police force, led by its Chief Constable.

Once a year (in its own quarter of the Chief Constables' Council cycle, seed 003), and
whenever it is left without access, the chief reviews each capability: it compares the
scored options (abm.decisions) with the current arrangement and proposes a change only
when the best option beats it by the switching threshold. A proposal with a partner
becomes a negotiation that takes time (seed 002 §4.21); leaving a partnership needs notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from abm.decisions import OWN, OptionScores
from abm.modes import Contract, Mode


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


class ForceAgent(mesa.Agent):
    """One of the 43 forces. Its facts live in the model's arrays at row ``index``."""

    def __init__(self, model, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.name = model.forces.names[index]
        self.short_id = model.forces.ids[index]
        self.review_quarter = index % 4

    def decide(self, scores: OptionScores, row: int, best: np.ndarray, wants: np.ndarray) -> list[Proposal]:
        """Turn the capabilities where a better option exists into proposals (not while talks run)."""
        model = self.model
        f = self.index
        proposals = []
        for c in np.nonzero(wants)[0]:
            c = int(c)
            option = int(best[c])
            if (f, c) in model.negotiations:
                continue
            if model.mode[f, c] == Mode.JOINT_LEAD and option != OWN:
                continue  # a lead leaves only by taking the unit back alone (partners then decide)
            kind = scores.kind(option)
            partner = int(scores.partner[row, c, option])
            proposals.append(
                Proposal(
                    f,
                    c,
                    kind,
                    option,
                    partner,
                    model.steps + self.lead_time(kind, partner, c),
                    self.explain(scores, row, c, option),
                )
            )
        return proposals

    def lead_time(self, kind: str, partner: int, c: int) -> int:
        """Quarters until a change takes effect: negotiation with a partner, notice to leave one."""
        model, params = self.model, self.model.params
        current = int(model.mode[self.index, c])
        leaving = current in (Mode.BUY, Mode.JOINT_MEMBER, Mode.NATIONAL, Mode.JOINT_LEAD) or (
            kind != "own" and model.hosts_others(self.index, c)
        )
        notice = params.exit_notice_quarters if leaving else 0
        if kind in ("own", "national"):
            return max(1, notice)
        members = (model.provider[:, c] == partner) & (model.mode[:, c] == Mode.JOINT_MEMBER)
        parties = 2 + int(kind == "join") * int(members.sum())
        trust = float(model.trust[self.index, partner])
        talk = (
            params.negotiation_quarters
            * params.negotiation_friction
            * (1.0 - 0.5 * params.duty_strength)
            * (1.0 + 0.5 * (parties - 2))
            * (1.5 - trust)
        )
        return max(1, notice, math.ceil(talk))

    def explain(self, scores: OptionScores, row: int, c: int, option: int) -> str:
        """The chief's reason in plain words: money, harm, response time, trust."""
        model = self.model
        label = model.caps.labels[c].lower()
        partner = int(scores.partner[row, c, option])
        partner_name = model.forces.names[partner] if partner >= 0 else ""
        kind = scores.kind(option)
        if kind == "own":
            what = f"run its own {label} unit"
        elif kind == "national":
            what = f"use the national provider for {label}"
        elif kind == "buy_payg":
            what = f"buy {label} from {partner_name} pay-as-you-go"
        elif kind == "buy_subscription":
            what = f"buy {label} from {partner_name} by subscription"
        elif partner < 0:
            what = ""
        elif model.mode[partner, c] == Mode.JOINT_LEAD:
            what = f"join {partner_name}'s joint {label} unit"
        else:
            what = f"form a joint {label} unit led by {partner_name}"
        new_money = float(scores.money[row, c, option])
        old_money = float(scores.current_money[row, c])
        value = model.params.value_of_harm_gbp / 1e6
        harm_change = float(scores.harm[row, c, option] - scores.current_harm[row, c]) * value
        parts = [f"{self.name} seeks to {what}"]
        if model.mode[self.index, c] == Mode.NONE:
            parts.append(f"it has no {label} at present")
        else:
            delta = new_money - old_money
            parts.append(
                f"{'saves' if delta < 0 else 'costs'} £{abs(delta):.2f}m a year "
                f"(£{new_money:.2f}m against £{old_money:.2f}m)"
            )
        if abs(harm_change) >= 0.005:
            parts.append(
                f"expected harm {'down' if harm_change < 0 else 'up'} by £{abs(harm_change):.2f}m a year"
            )
        if model.caps.time_criticality[c] > 0:
            minutes = float(scores.minutes[row, c, option])
            parts.append(f"response about {minutes:.0f} min (target {float(model.caps.target_min[c]):.0f})")
        if partner >= 0:
            parts.append(f"trust in {partner_name} {float(model.trust[self.index, partner]):.2f}")
        cost_weight = float(scores.cost_weight[row])
        if cost_weight > 1.05:
            parts.append(f"budget pressure x{cost_weight:.2f}")
        return "; ".join(parts) + "."

    @staticmethod
    def contract_of(kind: str) -> Contract:
        return {"buy_payg": Contract.PAYG, "buy_subscription": Contract.SUBSCRIPTION}.get(kind, Contract.NONE)
