"""The Home Secretary: the funding settlement, directions, and merger approval.

The Home Secretary owns the settlement (``grant_change_per_year``: the real change in every
force's central grant, applied quarter by quarter) and its political capital. Its objective is the
national interest (savings for the police service as a whole) against the political cost of
overriding local accountability (seed 002 §4.6, §4.20): with the power (``direction_power``), it
directs a force HMIC has flagged only when the national saving HMIC reports exceeds the political
cost of the direction, which grows with each direction already made in the parliament
(``direction_political_cost_gbp_m``; Police Act 1996 s.23G). That is its own test, not HMIC's
again: HMIC flags by the share of cost a collaboration would save; the Home Secretary weighs the
saving in money against its political capital. On the same test it may make a joint unit continue
for a while when a partner is about to leave it (as in October 2019, shared/data/README.md). It
approves a merger only when it is voluntary, has a business case and has consent (seed 002 §4.20).
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from abm import history
from abm.capabilities import in_sentence
from abm.decisions import HOME_SECRETARY, Decision, Option
from abm.modes import Mode
from abm.negotiations import Proposal
from abm.numerics import not_negative
from abm.scoring import NATIONAL
from crossforce_agents import policy


class HomeSecretaryAgent(mesa.Agent):
    """One Home Secretary."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.grant_index = 1.0  # every force's central grant relative to the start
        self.directions_this_parliament = 0
        self.duty_strength = model.params.duty_strength  # as the law and its guidance now stand
        self.grant_changes: list[tuple[int, float]] = []  # (from quarter, factor): settled off the plan
        self.precept_changes: dict[int, float] = {}  # year -> points off the planned limit

    def settle(self, quarter_index: int) -> None:
        """The settlement reaching forces this quarter (see ``grant_index_at``); a general election
        (taken as falling in the first quarter of its year) renews political capital with the new
        parliament; in its year, the requirement to use a national provider (s.23FA)."""
        self.grant_index = self.grant_index_at(quarter_index)
        if quarter_index % 4 == 0 and self.model.year in self.model.params.general_election_years:
            self.directions_this_parliament = 0
        if quarter_index % 4 == 0 and self.model.year == self.model.params.required_national_year:
            self._require_national()
        if self.model.controls(HOME_SECRETARY):
            policy.put_to_player(self, quarter_index)

    def grant_index_at(self, quarter_index: int) -> float:
        """Every force's central grant relative to the start, in a given quarter of the run: the
        yearly real change compounded, or (``grant_path = "history"``) the recorded path of central
        funding relative to the first year, changing by the yearly change after the record ends."""
        p = self.model.params
        off_plan = math.prod(factor for start, factor in self.grant_changes if start <= quarter_index)
        if p.grant_path == "settlement":
            return off_plan * (1.0 + p.grant_change_per_year) ** (quarter_index / 4.0)
        year = p.start_year + quarter_index // 4
        recorded = history.grant_index(min(year, history.last_recorded_year())) / history.grant_index(
            p.start_year
        )
        later = (1.0 + p.grant_change_per_year) ** max(year - history.last_recorded_year(), 0)
        return off_plan * recorded * later

    def precept_limit(self, year: int) -> float:
        """The largest precept rise a policing body may set without a referendum in ``year``: the
        recorded limit (``precept_cap_path = "history"``) or ``precept_cap``, plus any change a
        player made (``crossforce_agents.policy``)."""
        p = self.model.params
        recorded = history.precept_cap(year) if p.precept_cap_path == "history" else None
        planned = p.precept_cap if recorded is None else recorded
        return max(planned + self.precept_changes.get(year, 0.0), 0.0)

    def requires_national(self, c: int) -> bool:
        """Whether capability c must now be taken from the national provider (s.23FA)."""
        model = self.model
        return (
            model.caps.names[c] in model.params.required_national
            and model.year >= model.params.required_national_year
        )

    def _require_national(self) -> None:
        """Every force must take the required capabilities from the national provider: binding,
        from the next quarter (as the National Police Air Service was required from 2012)."""
        model = self.model
        for c, name in enumerate(model.caps.names):
            if name not in model.params.required_national:
                continue
            for f in np.flatnonzero(model.active & (model.arrangements.mode[:, c] != Mode.NATIONAL)).tolist():
                model.negotiations.drop_force_capability(f, c)
                reason = f"the Home Secretary requires {model.forces.names[f]} to take {in_sentence(model.caps.labels[c])} from the national provider (s.23FA)"
                model.negotiations.open(
                    Proposal(
                        f, c, "national", NATIONAL, -1, model.steps + 1, reason, imposed_by="Home Secretary"
                    )
                )
                model.events.log(model, f, c, "required", reason=reason)

    def political_cost(self) -> float:
        """The yearly national saving the next direction must bring (GBP m)."""
        return self.model.params.direction_political_cost_gbp_m * (1 + self.directions_this_parliament)

    def has_power_to_direct(self) -> bool:
        """s.23G, with ``direction_power``: it came with the strengthened duty (seed 002 §4.24: the
        duty strengthened "in order that the Home Secretary can ... direct"), so not before
        ``duty_from_year``."""
        return self.model.params.direction_power and self.model.strong_duty

    def _worth_directing(self, saving: float) -> bool:
        return self.has_power_to_direct() and not_negative(saving - self.political_cost())

    def _spend_direction(self) -> None:
        self.directions_this_parliament += 1

    def consider_direction(self, flag, kind: str, with_whom: str) -> None:
        """Direct a force HMIC has flagged to take the collaboration when the national saving is
        worth the political cost; the direction is binding and takes effect at the next meeting."""
        model = self.model
        if not self.has_power_to_direct():
            return
        f, c = flag.force, flag.capability
        own = self._worth_directing(flag.saving)
        if model.controls(HOME_SECRETARY):
            facts = {
                "saving_gbp_m_a_year": round(flag.saving, 3),
                "political_cost_gbp_m_a_year": round(self.political_cost(), 3),
            }
            decision = Decision(
                step=model.steps,
                role=HOME_SECRETARY,
                kind="direct",
                quarter=model.quarter_label,
                question=f"HMIC reports {model.forces.names[f]} could save £{flag.saving:.2f}m a year on "
                f"{in_sentence(model.caps.labels[c])}{with_whom}. Direct it to collaborate (s.23G)?",
                options=tuple(Option(a, a, facts) for a in ("direct", "do not direct")),
                model_choice=("direct" if own else "do not direct",),
                capability=model.caps.names[c],
                partner=model.forces.ids[f],
            )
            own = model.decide(decision) == ("direct",)
        if not own:
            return
        self._spend_direction()
        reason = (
            f"the Home Secretary directs {model.forces.names[f]} to collaborate on "
            f"{in_sentence(model.caps.labels[c])}{with_whom} in the national interest (s.23G)"
        )
        model.negotiations.open(
            Proposal(
                f, c, kind, flag.option, flag.partner, model.steps + 1, reason, imposed_by="Home Secretary"
            )
        )
        model.events.log(model, f, c, "direction", partner=flag.partner, reason=reason, money=-flag.saving)

    def delays_break_up(self, proposal: Proposal) -> bool:
        """Whether a joint unit, a strategic alliance or a regional unit is directed to continue
        although a partner's exit is due (once per exit; it costs a direction, worth it only for
        what the break-up puts at stake: the yearly cost of the units the remaining partners must
        carry). Logs the direction and postpones the exit."""
        if proposal.delayed or self.model.params.break_up_delay_quarters == 0:
            return False
        found = self._break_up(proposal)
        if found is None or not self._worth_directing(found[0]):
            return False
        _, what, partner = found
        model, f, c = self.model, proposal.force, proposal.capability
        self._spend_direction()
        delay = model.params.break_up_delay_quarters
        proposal.due_step += delay
        proposal.delayed = True
        model.events.log(
            model,
            f,
            c,
            "direction",
            partner=partner,
            reason=f"the Home Secretary directs {model.forces.names[f]} to keep {what} going for {delay} more "
            "quarters (s.23G, as in October 2019)",
        )
        return True

    def _break_up(self, proposal: Proposal) -> tuple[float, str, int] | None:
        """If the proposal is a partner's exit: (what it puts at stake, GBP m a year; the unit in
        words; the partner to name, -1 for none); else None."""
        model, arr = self.model, self.model.arrangements
        f, c = proposal.force, proposal.capability
        label = model.caps.labels[c]
        if proposal.kind == "leave_region":
            r = int(arr.region[f])
            host = int(arr.regional_host[r, c])
            stake = float(model.economics.fixed[c] * arr.regional_teams[r, c])
            return stake, f"its membership of the {arr.region_names[r]} regional {label} unit", host
        if proposal.kind in ("join_region", "form_region"):
            return None
        mode = arr.mode[f, c]
        leaving = (
            proposal.kind == "leave_alliance"
            or (mode == Mode.JOINT_MEMBER and int(arr.provider[f, c]) != proposal.partner)
            or (mode == Mode.JOINT_LEAD and proposal.kind == "own")
        )
        if not leaving:
            return None
        lead = int(arr.provider[f, c])
        stake = sum(
            model.economics.fixed[k] * arr.teams[int(arr.provider[f, k]), k]
            for k in proposal.capabilities
            if arr.provider[f, k] >= 0
        )
        what = (
            "its strategic alliance"
            if proposal.kind == "leave_alliance"
            else ("its joint " if lead == f else f"{model.forces.names[lead]}'s joint ") + f"{label} unit"
        )
        return stake, what, lead if lead != f else -1

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
