"""CrossforceModel: the 43 forces deciding, quarter by quarter, how to provide each capability.

One step is one quarter (the Chief Constables' Council meets four times a year, seed 003):
  1. demand arrives (Poisson around each force's expected demand, abm.economics);
  2. it is served by the current arrangements and paid for (abm.service);
  3. the quarter is recorded (abm.recorder): outputs describe the arrangements that served it;
  4. negotiations that have run their course are concluded or collapse;
  5. the forces whose review falls this quarter, and any force left without access,
     review their arrangements (agents.force, abm.decisions).
Changes agreed in steps 4-5 take effect from the next quarter (and their one-off set-up
costs are billed in it).

State is held in (forces x capabilities) arrays so the step is vectorised; the agents
are Mesa agents that own the decisions.
"""

from __future__ import annotations

from dataclasses import replace

import mesa
import numpy as np

from abm import arrangements
from abm.decisions import preferred_changes, score_options, scoring_constants
from abm.economics import (
    CapabilityArrays,
    expected_demand,
    response_minutes,
    steady_skill,
    use_ratio,
)
from abm.events import EventLog
from abm.forces import ForceTable, load_forces
from abm.governance import Governance
from abm.modes import Contract, Mode
from abm.params import ModelParams
from abm.recorder import Recorder
from abm.service import serve_quarter
from agents.force import ForceAgent, Proposal

#: How many forces a chief considers as partners: its land neighbours, topped up with the
#: nearest other forces. Assumed (seed 002 §4.23: choose partners taking account of existing
#: collaborative infrastructure; most real collaborations are between neighbours).
PARTNER_CANDIDATES = 8


def partner_shortlist(forces: ForceTable, count: int) -> np.ndarray:
    """Each force's candidate partners, shape (F, K): land neighbours first (nearest first), then the
    nearest other forces; K is ``count`` or the largest number of neighbours, whichever is more."""
    distance = forces.distance_km + np.diag(np.full(forces.count, np.inf))
    width = min(max(count, int(forces.adjacency.sum(axis=1).max())), forces.count - 1)
    # neighbours sort before everyone else, then by distance
    order = np.lexsort((distance, ~forces.adjacency), axis=1)
    return order[:, :width]


class CrossforceModel(mesa.Model):
    """The model. ``params`` default to the schema's defaults; ``seed`` fixes every random draw."""

    def __init__(
        self, params: ModelParams | None = None, seed: int = 1, forces: ForceTable | None = None
    ) -> None:
        super().__init__(rng=seed)
        self.seed = seed
        self.params = params if params is not None else ModelParams()
        # a copy of the figures this model may change (mergers add one force's to another's)
        table = forces if forces is not None else load_forces()
        self.forces = replace(
            table,
            population=table.population.copy(),
            area_km2=table.area_km2.copy(),
            officers=table.officers.copy(),
            budget_gbp_m=table.budget_gbp_m.copy(),
        )
        self.caps = CapabilityArrays.from_params(self.params)
        F, C = self.forces.count, self.caps.count
        p = self.params

        self.base_demand = expected_demand(self.forces, self.caps, p)
        self.expected_demand = self.base_demand.copy()
        self.shock_mask = np.array([name in p.shock_capabilities for name in self.caps.names])
        self.response_table = response_minutes(self.forces, self.caps, p)
        self.candidates = partner_shortlist(self.forces, PARTNER_CANDIDATES)
        full_cost = self.caps.full_cost_per_use
        self.payg_price = p.payg_markup * full_cost
        self.national_price = p.national_price_factor * full_cost
        self.transaction_cost = (
            p.transaction_cost_share
            * self.caps.fixed
            * p.negotiation_friction
            * (1.0 - 0.5 * p.duty_strength)
        )
        self.scoring_constants = scoring_constants(self)

        self.mode = np.full((F, C), Mode.OWN, dtype=np.int8)
        self.provider = np.tile(np.arange(F)[:, None], (1, C))
        self.contract = np.zeros((F, C), dtype=np.int8)
        self.subscription_fee = np.zeros((F, C))
        self.teams = np.zeros((F, C))
        self.skill = np.zeros((F, C))
        self.review_due = np.zeros((F, C), dtype=bool)
        self.closing = np.zeros((F, C), dtype=bool)  # unit under notice of closure
        self.setup_due = np.zeros(F)
        self.trust = self._initial_trust()
        frame = self.forces.frame
        has_split = {"grant_gbp_m", "precept_gbp_m"} <= set(frame.columns)
        self.grant = (
            np.array(frame["grant_gbp_m"], dtype=float) if has_split else self.forces.budget_gbp_m.copy()
        )
        self.precept = np.array(frame["precept_gbp_m"], dtype=float) if has_split else np.zeros(F)
        self.grant_index = 1.0
        self.active = np.ones(F, dtype=bool)  # False once merged into another force
        self.merged_into = np.full(F, -1)
        self.control_pressure = np.ones(F)  # HMIC flags cut the value put on local control

        self.events = EventLog()
        self.negotiations: dict[tuple[int, int], Proposal] = {}
        self.force_agents = [ForceAgent(self, i) for i in range(F)]
        self.governance = Governance(self)
        self.governance.start()
        self._initial_arrangements()
        self.recorder = Recorder(self)

    # --- set-up --------------------------------------------------------------------------
    def _initial_trust(self) -> np.ndarray:
        p = self.params
        rocu = np.array(self.forces.rocu)
        same = rocu[:, None] == rocu[None, :]
        trust = np.full((self.forces.count,) * 2, p.initial_trust) + p.same_rocu_trust_bonus * same
        np.fill_diagonal(trust, 1.0)
        return np.clip(trust, 0.0, 1.0)

    def _initial_arrangements(self) -> None:
        """Every force holds each capability, except those run by regional units or nationally."""
        caps, params = self.caps, self.params
        rocu = np.array(self.forces.rocu)
        for c, spec in enumerate(params.capabilities.values()):
            if spec.initial_mode == "national":
                self.mode[:, c] = Mode.NATIONAL
                self.provider[:, c] = -1
            elif spec.initial_mode == "rocu":
                for region in np.unique(rocu):
                    members = np.nonzero((rocu == region) & self.active)[0]
                    lead = members[np.argmax(self.expected_demand[members, c])]
                    self.provider[members, c] = lead
                    self.mode[members, c] = Mode.JOINT_MEMBER if len(members) > 1 else Mode.OWN
                    if len(members) > 1:
                        self.mode[lead, c] = Mode.JOINT_LEAD
        gone = ~self.active
        self.mode[gone], self.provider[gone] = Mode.NONE, -1
        arrangements.resize_units(self, np.arange(self.forces.count))
        load = self.teams * 0.0
        np.add.at(
            load,
            (np.where(self.provider >= 0, self.provider, 0), np.indices(self.mode.shape)[1]),
            np.where(self.provider >= 0, self.expected_demand, 0.0),
        )
        per_team = np.where(self.teams > 0, load / np.maximum(self.teams, 1.0), 0.0)
        self.skill = np.where(
            self.teams > 0, steady_skill(use_ratio(per_team, caps), caps, params.skill_learning_rate), 0.0
        )

    # --- derived quantities used by the economics ------------------------------------------
    def partner_weight(self) -> np.ndarray:
        """Each force's weight in a joint unit's cost split, under the agreed rule."""
        rule = self.params.cost_sharing_rule
        if rule == "demand":
            return self.expected_demand
        if rule == "population":
            return np.broadcast_to(self.forces.population[:, None], self.mode.shape)
        return np.ones(self.mode.shape)

    def budget(self, f=slice(None)) -> np.ndarray:
        """Each force's yearly budget now (GBP m): central grant under the settlement plus precept.
        ``f`` picks forces (an index or array), so one force's figure costs no more than itself."""
        precept_index = self.governance.precept_index()[f]
        return self.grant[f] * self.grant_index + self.precept[f] * precept_index

    def capability_allocation(self) -> np.ndarray:
        """Each force's yearly budget for the modelled capabilities (GBP m)."""
        return self.params.specialist_budget_share * self.budget()

    def control_value(self, f):
        """What keeping control of one capability is worth to force f and its PCC (GBP m a year):
        a share of its budget (its standing with its public), discounted by the duty and by
        HMIC's pressure."""
        p = self.params
        return (
            p.local_control_preference * (1.0 - p.duty_strength) * self.budget(f) * self.control_pressure[f]
        )

    def charge_setup(self, f: int, c: int) -> None:
        """Add the one-off cost of setting up or joining a unit to the next quarter's bill
        (the arrangement starts serving then)."""
        self.setup_due[f] += self.params.setup_cost_share * self.caps.fixed[c]

    @property
    def quarter_index(self) -> int:
        """Index of the quarter being (or last) simulated, from 0."""
        return max(self.steps - 1, 0)

    @property
    def year(self) -> int:
        return self.params.start_year + self.quarter_index // 4

    @property
    def quarter_label(self) -> str:
        return f"Q{self.quarter_index % 4 + 1} {self.year}"

    # --- the step ----------------------------------------------------------------------------
    def step(self) -> None:
        """Simulate one quarter (see module docstring)."""
        self.grant_index = (1.0 + self.params.grant_change_per_year) ** (self.quarter_index / 4.0)
        self.apply_demand_shock()
        demand = self.rng.poisson(self.expected_demand / 4.0).astype(float)
        outcome = serve_quarter(self, demand)
        self.recorder.record(self, outcome)
        self.setup_due[:] = 0.0
        self.conclude_negotiations()
        self.review()
        self.governance.quarter()

    def apply_demand_shock(self) -> None:
        """Expected demand this quarter: from the shock year on, the shocked capabilities' demand is
        multiplied (chiefs see it)."""
        active = self.shock_mask.any() and self.year >= self.params.shock_start_year
        factor = np.where(self.shock_mask & active, self.params.shock_multiplier, 1.0)
        self.expected_demand = self.base_demand * factor

    def review(self) -> None:
        """Forces due to review (their yearly quarter, or a gap) score options and propose."""
        quarter = self.quarter_index % 4
        agents = [a for a in self.force_agents if self.active[a.index]]
        gap = self.review_due[[a.index for a in agents]].any(axis=1)
        due = [a for a, waiting in zip(agents, gap, strict=True) if waiting or a.review_quarter == quarter]
        if not due:
            return
        rows = np.array([a.index for a in due])
        self.review_due[rows] = False
        scores = score_options(self, rows)
        best, wants = preferred_changes(scores, self.params.switching_threshold)
        arrangements.resize_units(self, rows)
        for r in np.nonzero(wants.any(axis=1))[0]:
            for proposal in due[r].decide(scores, r, best[r], wants[r]):
                self.negotiations[(proposal.force, proposal.capability)] = proposal
                self.give_notice_to_partners(proposal)
                self.events.log(
                    self,
                    proposal.force,
                    proposal.capability,
                    "proposes",
                    partner=proposal.partner,
                    reason=proposal.reason,
                    money=scores.money[r, proposal.capability, proposal.option]
                    - scores.current_money[r, proposal.capability],
                    minutes=scores.minutes[r, proposal.capability, proposal.option],
                )

    def hosts_others(self, f: int, c: int) -> bool:
        """Whether other forces depend on f's unit for c."""
        routed = self.provider[:, c] == f
        return bool(routed.sum() - routed[f] > 0)

    def give_notice_to_partners(self, proposal: Proposal) -> None:
        """A force that will stop running a unit others use gives them notice: the unit takes
        no new partners and its users review their arrangements now, not when it closes."""
        f, c = proposal.force, proposal.capability
        taking_back_joint_unit = proposal.kind == "own" and self.mode[f, c] == Mode.JOINT_LEAD
        if (proposal.kind == "own" and not taking_back_joint_unit) or not self.hosts_others(f, c):
            return
        self.closing[f, c] = True
        users = np.nonzero(self.provider[:, c] == f)[0]
        self.review_due[users[users != f], c] = True

    def conclude_negotiations(self) -> None:
        """Sign the proposals whose time has come if they still beat the current arrangement."""
        due = sorted(key for key, prop in self.negotiations.items() if prop.due_step <= self.steps)
        # the Home Secretary may make a joint unit continue a while longer (s.23G)
        due = [key for key in due if not self.governance.delays_break_up(self.negotiations[key])]
        if not due:
            return
        # Re-checked against the position at the start of the Council's meeting.
        forces = np.array(sorted({f for f, _ in due}))
        scores = score_options(self, forces)
        row_of = {int(f): r for r, f in enumerate(forces)}
        for key in due:
            proposal = self.negotiations.pop(key)
            self.closing[proposal.force, proposal.capability] = False
            self.conclude(proposal, scores, row_of[proposal.force])

    def conclude(self, proposal: Proposal, scores, row: int) -> None:
        """Sign one proposal if both sides still gain and the policing bodies approve."""
        f, c = proposal.force, proposal.capability
        partner = proposal.partner
        if partner >= 0 and self.mode[partner, c] not in (Mode.OWN, Mode.JOINT_LEAD):
            # another agreement concluded at this meeting changed the partner's position
            self.events.log(
                self,
                f,
                c,
                "talks collapsed",
                partner=partner,
                reason=f"{self.forces.names[partner]} no longer runs a {self.caps.labels[c].lower()} unit",
            )
            self.review_due[f, c] = self.mode[f, c] == Mode.NONE
            return
        option_score = scores.score[row, c, proposal.option]
        still_gains = np.isfinite(option_score) and option_score <= scores.current_score[row, c]
        if not still_gains and not (proposal.imposed_by and np.isfinite(option_score)):
            self.events.log(
                self,
                f,
                c,
                "talks collapsed",
                partner=proposal.partner,
                reason=f"{self.forces.names[f]} and {self.forces.names[proposal.partner]} no longer both gain"
                if proposal.partner >= 0
                else f"{self.forces.names[f]} no longer gains from the change",
            )
            return
        current = scores.current_score[row, c]
        saving = float(current - option_score) if np.isfinite(current) else float("inf")
        approved, why = self.approve(proposal, saving)
        if not approved:
            self.events.log(self, f, c, "refused", partner=proposal.partner, reason=why)
            self.governance.note_refusal(f, c, proposal, scores, row)
            return
        kind = proposal.kind
        if kind == "own":
            arrangements.set_own(self, f, c)
        elif kind == "national":
            arrangements.set_national(self, f, c)
        elif kind == "join":
            arrangements.set_join(self, f, c, proposal.partner)
        else:
            contract = ForceAgent.contract_of(kind)
            fee = 0.0
            if contract == Contract.SUBSCRIPTION:
                lam = self.expected_demand[f, c]
                fee = max(
                    self.params.subscription_minimum_share * self.caps.fixed[c],
                    self.params.subscription_markup * lam * self.caps.fixed[c] / self.caps.capacity[c],
                )
            arrangements.set_buy(self, f, c, proposal.partner, contract, fee)
        self.events.log(
            self,
            f,
            c,
            "directed"
            if proposal.imposed_by == "Home Secretary"
            else ("agreed" if proposal.partner >= 0 else "changed"),
            partner=proposal.partner,
            reason=proposal.reason,
            money=scores.money[row, c, proposal.option] - scores.current_money[row, c],
            minutes=scores.minutes[row, c, proposal.option],
        )

    def approve(self, proposal: Proposal, saving: float) -> tuple[bool, str]:
        """Whether the policing bodies sign the agreement (the proposer's PCC; a direction overrides)."""
        return self.governance.approve(proposal, saving)

    # --- convenience ---------------------------------------------------------------------------
    def run(self, steps: int | None = None) -> CrossforceModel:
        """Run ``steps`` quarters (default: the parameters' years)."""
        for _ in range(self.params.steps if steps is None else steps):
            self.step()
        return self
