"""The Home Secretary: the funding settlement, directions, and merger approval.

The Home Secretary owns the settlement (``grant_change_per_year``: the real change in every
force's central grant, applied quarter by quarter) and political capital (``directions_per_year``
directions, renewed each year). It may direct a force that HMIC reports for not taking a clearly
beneficial collaboration (seed 002 §4.24; Police Act 1996 s.23G); it may make a joint unit
continue for a while when a partner is about to leave it (as in October 2019); and it approves a
merger only when it is voluntary, has a business case and has consent (seed 002 §4.20).
"""

from __future__ import annotations

import mesa

from abm.decisions import HOME_SECRETARY, Decision, Option
from abm.modes import Mode
from abm.negotiations import Proposal


class HomeSecretaryAgent(mesa.Agent):
    """One Home Secretary."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.grant_index = 1.0  # every force's central grant relative to the start
        self.directions_left = model.params.directions_per_year
        self.directions_made = 0

    def settle(self, quarter_index: int) -> None:
        """The settlement reaching forces this quarter: the yearly real change, compounded."""
        self.grant_index = (1.0 + self.model.params.grant_change_per_year) ** (quarter_index / 4.0)

    def new_year(self) -> None:
        """Political capital renews with the year."""
        self.directions_left = self.model.params.directions_per_year

    def _can_direct(self) -> bool:
        return self.model.params.direction_power and self.directions_left > 0

    def _spend_direction(self) -> None:
        self.directions_left -= 1
        self.directions_made += 1

    def consider_direction(self, flag, kind: str, with_whom: str) -> None:
        """Direct a force HMIC has flagged to take the collaboration, with the power, political
        capital left, and a clear national benefit; the direction is binding and takes effect at
        the next meeting."""
        model = self.model
        if not self._can_direct():
            return
        f, c = flag.force, flag.capability
        own = flag.share >= model.params.clear_benefit_share
        if model.controls(HOME_SECRETARY):
            decision = Decision(
                key=f"{model.steps}/{HOME_SECRETARY}/direct/{model.forces.ids[f]}/{model.caps.names[c]}",
                role=HOME_SECRETARY,
                kind="direct",
                quarter=model.quarter_label,
                question=f"HMIC reports {model.forces.names[f]} could save £{flag.saving:.2f}m a year on "
                f"{model.caps.labels[c].lower()}{with_whom}. Direct it to collaborate (s.23G)?",
                options=tuple(
                    Option(
                        a,
                        a,
                        {
                            "saving_gbp_m_a_year": round(flag.saving, 3),
                            "directions_left": self.directions_left,
                        },
                    )
                    for a in ("direct", "do not direct")
                ),
                model_choice=("direct" if own else "do not direct",),
            )
            own = model.decide(decision) == ("direct",)
        if not own:
            return
        self._spend_direction()
        reason = (
            f"the Home Secretary directs {model.forces.names[f]} to collaborate on "
            f"{model.caps.labels[c].lower()}{with_whom} in the national interest (s.23G)"
        )
        model.negotiations.open(
            Proposal(
                f, c, kind, flag.option, flag.partner, model.steps + 1, reason, imposed_by="Home Secretary"
            )
        )
        model.events.log(model, f, c, "direction", partner=flag.partner, reason=reason, money=-flag.saving)

    def delays_break_up(self, proposal: Proposal) -> bool:
        """Whether a joint unit is directed to continue although a partner's exit is due (once per
        exit; it costs a direction). Logs the direction and postpones the exit."""
        model = self.model
        f, c = proposal.force, proposal.capability
        mode = model.arrangements.mode[f, c]
        leaving = (mode == Mode.JOINT_MEMBER and proposal.kind != "join") or (
            mode == Mode.JOINT_LEAD and proposal.kind == "own"
        )
        can_delay = self._can_direct() and model.params.break_up_delay_quarters > 0
        if proposal.delayed or not leaving or not can_delay:
            return False
        self._spend_direction()
        delay = model.params.break_up_delay_quarters
        proposal.due_step += delay
        proposal.delayed = True
        lead = int(model.arrangements.provider[f, c])
        unit = "its" if lead == f else f"{model.forces.names[lead]}'s"
        model.events.log(
            model,
            f,
            c,
            "direction",
            partner=lead if lead != f else -1,
            reason=f"the Home Secretary directs {model.forces.names[f]} to keep {unit} joint "
            f"{model.caps.labels[c].lower()} unit going for {delay} more quarters (s.23G, as in October 2019)",
        )
        return True

    def approves_merger(self, business_case: float, consented: bool) -> tuple[bool, str]:
        """Voluntary mergers only: a business case over the threshold, and consent where required."""
        threshold = self.model.params.merger_savings_threshold
        if business_case < threshold:
            return (
                False,
                f"the business case saves {100 * business_case:.1f}% of budget, under the {100 * threshold:.1f}% required",
            )
        if self.model.params.merger_consent_required and not consented:
            return False, "consent was not given"
        return True, ""
