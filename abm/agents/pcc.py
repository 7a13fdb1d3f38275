"""Police and Crime Commissioners (and the bodies that hold their functions).

One per force area, with its real governance type at the time (``abm/policing_bodies.py``): a
police authority (until November 2012), a PCC, a PFCC, a mayor holding PCC functions (e.g.
MOPAC for the Met), or the City of London's Common Council. The body owns its priorities, its
public's approval, the precept it sets within the cap, and its signature: it must sign each
collaboration agreement; a new office-holder may give notice on a predecessor's agreements; it
consents (or not) to a merger; elected bodies face the voters on the real cycle (seed 002
§4.22-4.23; shared/data/README.md: West Mercia and Warwickshire).
"""

from __future__ import annotations

import mesa
import numpy as np

from abm.decisions import Decision, Option, pcc_role
from abm.modes import COLLABORATING, RELIES_ON_OTHERS, Mode, in_set
from abm.negotiations import Proposal
from abm.scoring import OWN, OptionScores

#: Governance types whose office-holder is not elected as a PCC.
UNELECTED = {"other", "police authority"}
TITLES = {
    "police authority": "police authority",
    "PCC": "PCC",
    "PFCC": "PFCC",
    "mayor": "Mayor",
    "other": "Common Council",
}


class PCCAgent(mesa.Agent):
    """The policing body of one force area."""

    def __init__(self, model, force: int, governance: str, precept_gbp_m: float) -> None:
        super().__init__(model)
        self.force = force
        self.governance = governance
        self.protective_priority = self._draw_priority()
        self.term = 1
        self.approval = 0.0  # change in public approval since the last election
        self.precept_base_gbp_m = precept_gbp_m  # the precept at the start of the run
        self.precept_index = 1.0  # what this body and its predecessors have done to it since
        self.last_year_harm: float | None = None  # what voters remember of last year

    def _draw_priority(self) -> float:
        mean = self.model.params.pcc_protective_priority
        strength = self.model.params.pcc_priority_concentration
        return float(self.model.rng.beta(mean * strength + 1e-9, (1 - mean) * strength + 1e-9))

    @property
    def title(self) -> str:
        return TITLES[self.governance]

    @property
    def elected(self) -> bool:
        return self.governance not in UNELECTED

    @property
    def precept_gbp_m(self) -> float:
        return self.precept_base_gbp_m * self.precept_index

    def identity_weight(self) -> float:
        """How much this body weighs local identity against savings (low protective priority: more)."""
        return self.model.params.pcc_identity_base - self.protective_priority

    # --- office -----------------------------------------------------------------------------
    def hand_over(self, body: str, new_office_holder: bool, election: bool) -> bool:
        """Another body takes on the policing functions (a PCC replacing the police authority, a
        mayor the PCC); a PCC taking on fire governance stays in office with the same priorities.
        Returns whether a new office-holder arrived."""
        model = self.model
        before = self.title
        self.governance = body
        name = model.forces.names[self.force]
        if not new_office_holder:
            model.events.log(
                model,
                self.force,
                None,
                "new role",
                reason=f"the {before} for {name} also became the fire and rescue authority "
                f"({self.title}, Policing and Crime Act 2017)",
            )
            return False
        self.replace_office_holder()
        model.events.log(
            model,
            self.force,
            None,
            "elected" if election else "took office",
            reason=f"the first {self.title} for {name} "
            f"{'was elected' if election else 'took office'}, taking over from the {before} "
            f"(protective-services priority {self.protective_priority:.2f})",
        )
        return True

    def stand_for_election(self) -> bool:
        """Face the voters; returns whether a new office-holder was elected."""
        model = self.model
        name = model.forces.names[self.force]
        if self.re_elected():
            self.term += 1
            model.events.log(
                model,
                self.force,
                None,
                "re-elected",
                reason=f"the {self.title} for {name} was re-elected (approval change {self.approval:+.2f})",
            )
            self.approval = 0.0
            return False
        self.replace_office_holder()
        model.events.log(
            model,
            self.force,
            None,
            "elected",
            reason=f"a new {self.title} was elected in {name} "
            f"(protective-services priority {self.protective_priority:.2f})",
        )
        return True

    def replace_office_holder(self) -> None:
        """A new office-holder with priorities of their own."""
        self.protective_priority = self._draw_priority()
        self.term = 1
        self.approval = 0.0

    def re_elected(self) -> bool:
        """Re-elected or not: a base chance moved by what voters saw since the last election."""
        params = self.model.params
        base = params.incumbent_reelection
        odds = (
            np.log(max(base, 1e-9) / max(1 - base, 1e-9)) + params.approval_reelection_weight * self.approval
        )
        return bool(self.model.rng.random() < 1.0 / (1.0 + np.exp(-odds)))

    def absorb(self, gone: PCCAgent) -> None:
        """A merger: the absorbed area's council-tax base joins this body's precept."""
        self.precept_base_gbp_m += gone.precept_base_gbp_m

    # --- decisions -----------------------------------------------------------------------------
    def signs(self, proposal: Proposal, saving: float) -> tuple[bool, str]:
        """Sign an agreement unless the local identity it gives up outweighs what it saves.

        ``saving`` is the force's yearly gain in GBP m (money and harm); the identity cost is the
        force's control value for the capability, weighted by this body's priorities.
        """
        model = self.model
        if proposal.kind == "own":
            return True, ""
        identity = (
            model.control_value(self.force) * self.identity_weight() * model.params.pcc_signing_identity_share
        )
        signs = saving >= identity
        facts = {
            "saving_gbp_m_a_year": round(saving, 3),
            "local_control_given_up_gbp_m_a_year": round(float(identity), 3),
        }
        if self._asks(f"sign/{model.forces.ids[proposal.force]}/{model.caps.names[proposal.capability]}", "sign",
                      f"Sign the agreement? {proposal.reason}", ("sign", "refuse"), signs, facts) == "sign":  # fmt: skip
            return True, ""
        name = model.forces.names[self.force]
        return False, (
            f"the {self.title} for {name} refused to sign: it saves £{saving:.2f}m a year, "
            f"not enough for the local control given up (valued at £{identity:.2f}m)"
        )

    @property
    def role(self) -> str:
        return pcc_role(self.model.forces.ids[self.force])

    def _asks(
        self, key: str, kind: str, question: str, answers: tuple[str, str], first: bool, facts: dict
    ) -> str:
        """A yes-or-no decision of this body: its own rule's answer (``first`` or the second), or
        the answer of the person playing it (``abm.decisions``)."""
        own = answers[0] if first else answers[1]
        model = self.model
        if not model.controls(self.role):
            return own
        decision = Decision(
            key=f"{model.steps}/{self.role}/{key}",
            role=self.role,
            kind=kind,
            quarter=model.quarter_label,
            question=question,
            options=tuple(Option(a, a, facts) for a in answers),
            model_choice=(own,),
        )
        return model.decide(decision)[0]

    def review_inherited(self, scores: OptionScores, row: int) -> None:
        """A new office-holder gives notice on inherited agreements whose savings do not justify
        the identity lost (West Mercia on the Warwickshire alliance, 2018); the notice is binding."""
        model = self.model
        f = self.force
        for c in np.flatnonzero(in_set(model.arrangements.mode[f], COLLABORATING)).tolist():
            if (f, c) in model.negotiations or model.arrangements.mode[f, c] == Mode.JOINT_LEAD:
                continue
            worth = float(scores.score[row, c, OWN] - scores.current_score[row, c])
            identity = (
                float(model.control_value(f)) * self.identity_weight() * model.params.new_pcc_identity_share
            )
            facts = {
                "worth_gbp_m_a_year": round(worth, 3),
                "local_control_it_costs_gbp_m_a_year": round(identity, 3),
            }
            question = f"Keep the inherited {model.caps.labels[c].lower()} agreement, or give notice?"
            keep = self._asks(
                f"notice/{model.caps.names[c]}",
                "notice",
                question,
                ("keep", "give notice"),
                worth >= identity,
                facts,
            )
            if keep == "keep":
                continue
            reason = (
                f"the new {self.title} for {model.forces.names[f]} gives notice: the "
                f"{model.caps.labels[c].lower()} arrangement is worth £{worth:.2f}m a year, less than "
                f"the local control it costs (£{identity:.2f}m)"
            )
            notice = max(1, model.params.exit_notice_quarters)
            model.negotiations.open(
                Proposal(f, c, "own", OWN, -1, model.steps + notice, reason, imposed_by="PCC")
            )
            partner = int(model.arrangements.provider[f, c])
            model.events.log(model, f, c, "gives notice", partner=partner, reason=reason)

    def close_year(self) -> None:
        """The year's end: set the precept (the cap when capability spending pressed on the budget,
        a share of it otherwise) and take stock of what voters saw."""
        model, params = self.model, self.model.params
        force = model.force_agent(self.force)
        pressure = force.cost_last_year() / max(params.specialist_budget_share * force.budget(), 1e-9)
        rise = (
            params.precept_cap if pressure > 1.0 else params.precept_cap * params.precept_rise_unpressed_share
        )
        self.approval -= rise  # voters see the rise
        self.precept_index *= 1.0 + rise
        harm = force.harm_last_year()
        if self.last_year_harm is not None and self.last_year_harm > 0:
            shared = float(in_set(model.arrangements.mode[self.force], RELIES_ON_OTHERS).mean())
            self._voters_see(harm / self.last_year_harm - 1.0, shared)
        self.last_year_harm = harm

    def _voters_see(self, harm_change: float, shared_share: float) -> None:
        """Voters' view of a year: rising harm and capabilities given up to others cost approval."""
        params = self.model.params
        identity = params.voter_identity_weight * shared_share * params.approval_identity_scale
        self.approval -= params.approval_harm_weight * max(harm_change, 0.0) + identity

    def consents_to_merger(self) -> bool:
        """Agree to merge the force: more likely the more this body cares for protective services."""
        return bool(self.model.rng.random() < self.protective_priority)
