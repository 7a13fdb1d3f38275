"""Governance: PCCs, the Home Secretary and HMIC acting on the forces' arrangements.

Runs at the end of each quarter, after the chiefs' reviews:
  * the policing body changes on its real dates (police authority to PCC, PCC to PFCC or
    mayor) and elections fall on the real cycle; a new office-holder may give notice on a
    predecessor's agreements;
  * at the year's end: PCCs set the precept and voters take stock; HMIC inspects the riskiest
    forces, grades them and flags refusals of clearly beneficial collaboration; the Home
    Secretary may direct a flagged force; neighbouring forces may agree a voluntary merger.
Every action lands in the event log with its reason (docs/governance.md).
"""

from __future__ import annotations

import numpy as np

from abm import mergers
from abm.decisions import NATIONAL, OWN, score_options
from abm.modes import Mode
from abm.policing_bodies import body_schedule
from agents.force import Proposal
from agents.hmic import HMICAgent
from agents.home_secretary import HomeSecretaryAgent
from agents.pcc import PCCAgent

#: Quarter of an election year in which the election falls (0 = Q1, April-June, May elections).
ELECTION_QUARTER = {2012: 2}  # the first PCC elections were in November 2012 (Q3)
FLAG_QUARTERS = 8  # how long HMIC's pressure lasts (assumed: two years)
MATERIAL_SAVING_GBP_M = 1.0  # HMIC flags only savings it would report to Government (assumed)


class Governance:
    """Holds the governance agents and runs their part of each quarter."""

    def __init__(self, model) -> None:
        self.model = model
        frame = model.forces.frame
        types = list(frame["governance"]) if "governance" in frame else ["PCC"] * model.forces.count
        bodies, self.body_changes = body_schedule(model.forces.names, types, model.params.start_year)
        self.pccs = [PCCAgent(model, f, body) for f, body in enumerate(bodies)]
        self.home_secretary = HomeSecretaryAgent(model)
        self.hmic = HMICAgent(model)
        self.refusals: list[tuple[int, int, float]] = []  # (force, capability, saving) this year
        self.flag_ends = np.zeros(model.forces.count, dtype=int)
        self.last_year_harm: np.ndarray | None = None
        self.precept = np.ones(model.forces.count)

    def start(self) -> None:
        """Before the first quarter: the imposed-mergers counterfactual, if chosen."""
        if self.model.params.imposed_regional_mergers:
            mergers.impose_regional(self.model)

    def precept_index(self) -> np.ndarray:
        """Each force's precept relative to the start (kept as an array: budgets are read often)."""
        return self.precept

    # --- agreements -------------------------------------------------------------------------
    def approve(self, proposal: Proposal, saving: float) -> tuple[bool, str]:
        """The proposer's policing body must sign; a direction or a PCC's own notice is binding."""
        if proposal.imposed_by:
            return True, ""
        return self.pccs[proposal.force].signs(proposal, saving)

    def delays_break_up(self, proposal: Proposal) -> bool:
        """Whether the Home Secretary directs a joint unit to continue although a partner's exit is
        due (once per exit; it costs a direction). Logs the direction and postpones the exit."""
        model = self.model
        f, c = proposal.force, proposal.capability
        mode = model.mode[f, c]
        leaving = (mode == Mode.JOINT_MEMBER and proposal.kind != "join") or (
            mode == Mode.JOINT_LEAD and proposal.kind == "own"
        )
        if proposal.delayed or not leaving or not self.home_secretary.will_delay_break_up():
            return False
        self.home_secretary.spend_direction()
        delay = model.params.break_up_delay_quarters
        proposal.due_step += delay
        proposal.delayed = True
        lead = int(model.provider[f, c])
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

    def note_refusal(self, f: int, c: int, proposal: Proposal, scores, row: int) -> None:
        saving = float(scores.current_money[row, c] - scores.money[row, c, proposal.option])
        self.refusals.append((f, c, saving))

    # --- the quarter -------------------------------------------------------------------------
    def quarter(self) -> None:
        model = self.model
        quarter = model.quarter_index % 4
        election = model.year in model.params.election_years and quarter == ELECTION_QUARTER.get(
            model.year, 0
        )
        newcomers = self.hand_over(self.body_changes.get((model.year, quarter), []), election)
        if election:
            newcomers += self.hold_elections(already_in_office=newcomers)
        self.review_predecessors(newcomers)
        model.control_pressure = np.where(
            model.steps >= self.flag_ends, 1.0, 1.0 - model.params.hmic_flag_pressure
        )
        if quarter == 3:
            self.year_end()

    def hand_over(self, changes, election: bool) -> list[PCCAgent]:
        """Bodies that take over a force area's policing functions this quarter (the dates in
        ``abm/policing_bodies.py``); returns the new office-holders."""
        model = self.model
        newcomers = []
        for change in changes:
            f, pcc = change.force, self.pccs[change.force]
            if not model.active[f]:
                continue
            before = pcc.title
            pcc.hand_over(change.body, change.new_office_holder)
            name = model.forces.names[f]
            if not change.new_office_holder:
                model.events.log(
                    model,
                    f,
                    None,
                    "new role",
                    reason=f"the {before} for {name} also became the fire and rescue authority "
                    f"({pcc.title}, Policing and Crime Act 2017)",
                )
                continue
            newcomers.append(pcc)
            model.events.log(
                model,
                f,
                None,
                "elected" if election else "took office",
                reason=f"the first {pcc.title} for {name} "
                f"{'was elected' if election else 'took office'}, taking over from the {before} "
                f"(protective-services priority {pcc.protective_priority:.2f})",
            )
        return newcomers

    def hold_elections(self, already_in_office: list[PCCAgent]) -> list[PCCAgent]:
        """Every elected body not new this quarter stands for re-election; returns the newcomers."""
        model = self.model
        newcomers = []
        for pcc in self.pccs:
            f = pcc.force
            if not model.active[f] or not pcc.elected or pcc in already_in_office:
                continue
            if pcc.re_elected():
                pcc.term += 1
                model.events.log(
                    model,
                    f,
                    None,
                    "re-elected",
                    reason=f"the {pcc.title} for {model.forces.names[f]} was re-elected "
                    f"(approval change {pcc.approval:+.2f})",
                )
                pcc.approval = 0.0
                continue
            pcc.replace_office_holder()
            model.events.log(
                model,
                f,
                None,
                "elected",
                reason=f"a new {pcc.title} was elected in {model.forces.names[f]} "
                f"(protective-services priority {pcc.protective_priority:.2f})",
            )
            newcomers.append(pcc)
        return newcomers

    def review_predecessors(self, newcomers: list[PCCAgent]) -> None:
        """Each new office-holder may (``new_pcc_review``) review the agreements it inherits."""
        model = self.model
        reviewers = [pcc for pcc in newcomers if model.rng.random() < model.params.new_pcc_review]
        if reviewers:
            scores = score_options(model, np.array([pcc.force for pcc in reviewers]))
            for row, pcc in enumerate(reviewers):
                self.review_predecessor(pcc, scores, row)

    def review_predecessor(self, pcc: PCCAgent, scores, row: int) -> None:
        """A new PCC gives notice on agreements whose savings do not justify the identity lost."""
        model = self.model
        f = pcc.force
        for c in pcc.collaborations():
            if (f, c) in model.negotiations or model.mode[f, c] == Mode.JOINT_LEAD:
                continue
            worth = float(scores.score[row, c, OWN] - scores.current_score[row, c])
            identity = float(model.control_value(f)) * pcc.identity_weight() * 0.5
            if worth >= identity:
                continue
            reason = (
                f"the new {pcc.title} for {model.forces.names[f]} gives notice: the "
                f"{model.caps.labels[c].lower()} arrangement is worth £{worth:.2f}m a year, less than "
                f"the local control it costs (£{identity:.2f}m)"
            )
            notice = max(1, model.params.exit_notice_quarters)
            proposal = Proposal(f, c, "own", OWN, -1, model.steps + notice, reason, imposed_by="PCC")
            model.negotiations[(f, c)] = proposal
            model.events.log(model, f, c, "gives notice", partner=int(model.provider[f, c]), reason=reason)

    def year_end(self) -> None:
        model = self.model
        self.home_secretary.new_year()
        pressure = self.budget_pressure()
        harm = self.yearly_harm()
        shared = np.isin(model.mode, (Mode.BUY, Mode.JOINT_MEMBER, Mode.NATIONAL)).mean(axis=1)
        for pcc in self.pccs:
            f = pcc.force
            if not model.active[f]:
                continue
            self.precept[f] *= 1.0 + pcc.precept_rise(pressure[f])
            if self.last_year_harm is not None and self.last_year_harm[f] > 0:
                pcc.observe_year(harm[f] / self.last_year_harm[f] - 1.0, shared[f])
        self.last_year_harm = harm
        self.inspect()
        if model.params.voluntary_mergers:
            mergers.consider_voluntary(model)
        self.refusals = []

    def budget_pressure(self) -> np.ndarray:
        """Last year's capability spending against each force's allocation."""
        model = self.model
        costs = model.recorder.force_arrays["cost"][-4:]
        spend = np.sum(costs, axis=0).sum(axis=1) if costs else np.zeros(model.forces.count)
        return spend / np.maximum(model.capability_allocation(), 1e-9)

    def yearly_harm(self) -> np.ndarray:
        harms = self.model.recorder.force_arrays["harm"][-4:]
        return np.sum(harms, axis=0).sum(axis=1) if harms else np.zeros(self.model.forces.count)

    # --- HMIC and the Home Secretary ------------------------------------------------------------
    def inspect(self) -> None:
        """HMIC inspects the riskiest forces, grades them, flags clearly beneficial collaborations
        not taken; the Home Secretary may direct."""
        model = self.model
        params = model.params
        if params.hmic_inspections_per_year == 0:
            return
        population = model.forces.population
        cost = np.sum(model.recorder.force_arrays["cost"][-4:], axis=0).sum(axis=1)
        harm = self.yearly_harm()
        cost_per_head = cost / np.maximum(population, 1)
        harm_per_head = harm / np.maximum(population, 1)
        refused = np.zeros(model.forces.count)
        for f, _, _ in self.refusals:
            refused[f] = 1.0
        risk = _zscore(cost_per_head, model.active) + _zscore(harm_per_head, model.active) + 2.0 * refused
        chosen = self.hmic.choose(risk)
        if not chosen:
            return
        ranks_cost = _percentile(cost_per_head, model.active)
        ranks_harm = _percentile(harm_per_head, model.active)
        scores = score_options(model, np.array(chosen))
        for f in chosen:
            grades = (HMICAgent.grade(ranks_cost[f]), HMICAgent.grade(ranks_harm[f]))
            self.hmic.grades[f] = grades
            model.events.log(
                model,
                f,
                None,
                "inspected",
                reason=f"HMIC inspected {model.forces.names[f]}: value for money {grades[0]}, "
                f"capability {grades[1]}",
            )
        flags = self.clearly_beneficial(scores, params.value_of_harm_gbp / 1e6)
        for saving, share, f, c, option, partner in sorted(flags, reverse=True):
            self.flag(scores, f, c, option, partner, saving, share)

    def clearly_beneficial(self, scores, value: float) -> list[tuple[float, float, int, int, int, int]]:
        """For each inspected force, the best collaboration it is not pursuing on a capability it
        holds alone, if clearly beneficial: (saving, share, force, capability, option, partner)."""
        model = self.model
        forces = scores.forces
        # money and harm only: HMIC leaves the chief's preferences out
        options = np.where(np.isfinite(scores.score), scores.money + value * scores.harm, np.inf)
        options[:, :, OWN] = np.inf
        current = scores.current_money + value * scores.current_harm
        best_option = options.argmin(axis=2)
        saving = current - options.min(axis=2)  # the best option's
        share = saving / np.maximum(current, 1e-9)
        talking = np.zeros(saving.shape, dtype=bool)
        row_of = {int(f): r for r, f in enumerate(forces)}
        for f, c in model.negotiations:
            if f in row_of:
                talking[row_of[f], c] = True
        clear = (
            (model.mode[forces] == Mode.OWN)
            & ~talking
            & np.isfinite(saving)
            & (share >= model.params.clear_benefit_share)
            & (saving >= MATERIAL_SAVING_GBP_M)
        )
        flags = []
        for row in np.nonzero(clear.any(axis=1))[0]:
            c = int(np.argmax(np.where(clear[row], saving[row], -np.inf)))
            option = int(best_option[row, c])
            partner = int(scores.partner[row, c, option])
            flags.append((float(saving[row, c]), float(share[row, c]), int(forces[row]), c, option, partner))
        return flags

    def flag(self, scores, f: int, c: int, option: int, partner: int, saving: float, share: float) -> None:
        model = self.model
        kind = scores.kind(option)
        with_whom = (
            f" with {model.forces.names[partner]}"
            if partner >= 0
            else (" through the national provider" if option == NATIONAL else "")
        )
        model.events.log(
            model,
            f,
            c,
            "flagged",
            partner=partner,
            money=-saving,
            reason=f"HMIC reports to the {self.pccs[f].title} and the Home Secretary that "
            f"{model.forces.names[f]} could save £{saving:.2f}m a year ({100 * share:.0f}%) on "
            f"{model.caps.labels[c].lower()} by collaborating{with_whom}, but holds its own",
        )
        self.flag_ends[f] = model.steps + FLAG_QUARTERS
        self.pccs[f].approval -= 0.05
        hs = self.home_secretary
        if hs.will_direct(share, model.params.clear_benefit_share):
            hs.spend_direction()
            reason = (
                f"the Home Secretary directs {model.forces.names[f]} to collaborate on "
                f"{model.caps.labels[c].lower()}{with_whom} in the national interest (s.23G)"
            )
            model.negotiations[(f, c)] = Proposal(
                f, c, kind, option, partner, model.steps + 1, reason, imposed_by="Home Secretary"
            )
            model.events.log(model, f, c, "direction", partner=partner, reason=reason, money=-saving)


def _zscore(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    live = values[active]
    spread = live.std() or 1.0
    return (values - live.mean()) / spread


def _percentile(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Each force's rank among active forces, 0 (lowest value) to just under 1."""
    live = np.sort(values[active])
    return np.searchsorted(live, values, side="left") / max(len(live), 1)
