"""CrossforceModel: the 43 forces deciding, quarter by quarter, how to provide each capability.

One step is one quarter (the Chief Constables' Council meets four times a year, seed 003). The
step is the order in which the agents act:

  1. the Home Secretary's settlement reaches forces (the grant for the quarter);
  2. demand arrives and is served by the current arrangements and paid for (``abm.service``);
     units keep the skill their use sustains, chiefs learn how far to trust their partners,
     and each force adds the quarter to its accounts;
  3. the quarter is recorded (``abm.recorder``): outputs describe the arrangements that served it;
  4. the Council meets: negotiations that have run their course are concluded, signed by the
     policing bodies, or collapse (``abm.negotiations``); then the chiefs whose review falls this
     quarter, and any chief left without access, review their arrangements (``crossforce_agents.force``);
  5. policing bodies change on their real dates and elections fall when due; a new office-holder
     may review the agreements it inherits (``crossforce_agents.pcc``); HMIC's flags press or lapse;
  6. at the year's end: PCCs set the precept and voters take stock, HMIC inspects and the Home
     Secretary may direct (``crossforce_agents.hmic``, ``crossforce_agents.home_secretary``), and neighbouring
     forces may agree a voluntary merger (``abm.mergers``).

Changes agreed in step 4 take effect from the next quarter (and their one-off set-up costs are
billed in it). The agents own their state and decisions; the arrangements of every force for
every capability have one owner (``abm.arrangements.Arrangements``), changed only through its
named operations; option scoring and the quarter's service are compiled loops over its arrays.
"""

from __future__ import annotations

from dataclasses import replace

import mesa
import numpy as np

from abm import history, mergers, negotiations, proposals
from abm.accounts import World, size_hosts, size_regional
from abm.arrangements import Arrangements
from abm.capabilities import in_sentence
from abm.decisions import Answer, Controller, Decision
from abm.demand import Demand
from abm.economics import CapabilityArrays, unit_economics
from abm.events import EventLog
from abm.forces import ForceTable, load_forces
from abm.geography import Geography
from abm.modes import Mode
from abm.negotiations import Negotiations
from abm.params import ModelParams
from abm.policing_bodies import body_schedule, is_election
from abm.recorder import Recorder
from abm.scoring import ScoringSettings, budget_weight, score_options
from abm.service import serve_quarter
from abm.trust import Trust
from crossforce_agents.force import ForceAgent, options_open
from crossforce_agents.hmic import HMICAgent
from crossforce_agents.home_secretary import HomeSecretaryAgent
from crossforce_agents.pcc import PCCAgent


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
        self.economics = unit_economics(self.caps, self.params)
        self.scoring_settings = ScoringSettings.from_params(self.params)
        self.demand = Demand(self.forces, self.caps, self.params)
        self.geography = Geography(self.forces, self.params)
        self.shortlist = partner_shortlist(self.forces, self.params.partner_shortlist_size)
        ties = history.prior_ties(self.forces.names, self.params.start_year)
        self.trust = Trust(self.forces.rocu, self.params, ties, self.forces.population)
        self.active = np.ones(self.forces.count, dtype=bool)  # False once merged into another force
        self.merged_into = np.full(self.forces.count, -1)
        self.events = EventLog()
        self.negotiations = Negotiations()
        self.controllers: dict[str, Controller] = {}  # roles a person (or a replay) plays
        self.answers: list[Answer] = []  # every decision a controller answered
        self.merger_attempts: dict[tuple[int, int], int] = {}  # pair -> year of its last attempt
        R = len(set(self.forces.rocu))
        C = self.caps.count
        # the teams each unit's sizing inputs call for, memoised (``abm.accounts.size_column``)
        self.sizing_memo = (np.full((self.forces.count, C, 6), np.nan), np.full((R, C, 6), np.nan))
        self._regional_weight: tuple[int, np.ndarray] | None = None
        self._money_view: tuple[np.ndarray, np.ndarray] | None = None  # see ``money_view``
        self._world_now: tuple[int, tuple, World] | None = None  # see ``scoring_world``
        self._partner_weight_memo: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.accounts_cache: dict = {}  # the current arrangements' expected accounts (abm.proposals)
        self.arrangements = Arrangements(
            self.forces.rocu,
            self.caps,
            self.params,
            self.demand,
            self._lost_access,
            self._size_units,
            self._size_regional,
        )
        self._create_agents()
        if self.params.imposed_regional_mergers:
            mergers.impose_regional(self)
        self.arrangements.start(self.active)
        if self.params.real_collaborations_at_start:
            self._start_real_collaborations()
        self._open_books()
        self.recorder = Recorder(self)

    def _create_agents(self) -> None:
        """The forces, their policing bodies (of the type each had when the run starts), the Home
        Secretary and HMIC."""
        frame = self.forces.frame
        has_split = {"grant_gbp_m", "precept_gbp_m"} <= set(frame.columns)
        grants = frame["grant_gbp_m"].to_numpy(float) if has_split else self.forces.budget_gbp_m
        precepts = frame["precept_gbp_m"].to_numpy(float) if has_split else np.zeros(self.forces.count)
        if self.params.opening_budgets == "2010-11":
            opening = history.funding_2010()
            grants = np.array([opening[name][0] for name in self.forces.names])
            precepts = np.array([opening[name][1] for name in self.forces.names])
        types = list(frame["governance"]) if "governance" in frame else ["PCC"] * self.forces.count
        bodies, self.body_changes = body_schedule(self.forces.names, types, self.params.start_year)
        self._forces = {f: ForceAgent(self, f, float(grants[f])) for f in range(self.forces.count)}
        self._pccs = {f: PCCAgent(self, f, body, float(precepts[f])) for f, body in enumerate(bodies)}
        self.home_secretary = HomeSecretaryAgent(self)
        self.hmic = HMICAgent(self)

    def _start_real_collaborations(self) -> None:
        """The strategic alliances and functional collaborations recorded as running in the first
        year (``abm.history``), for the capabilities each force then held itself: a package of at
        least ``alliance_min_capabilities`` as an alliance led by its largest member, the rest as
        joint units. A force is in one alliance at most."""
        names = self.forces.names
        for record in history.in_place(self.params.start_year):
            members = [names.index(m) for m in record.members if m in names and self.active[names.index(m)]]
            members.sort(key=lambda f: -self.forces.population[f])
            caps = [
                self.caps.names.index(cap)
                for cap in record.capabilities
                if cap in self.caps.names
                and (self.arrangements.mode[members, self.caps.names.index(cap)] == Mode.OWN).all()
            ]
            if len(members) < 2 or not caps:
                continue
            lead, others = members[0], members[1:]
            free = all(self.arrangements.alliance_of(f) is None for f in members)
            if len(caps) >= self.params.alliance_min_capabilities and free:
                population = self.forces.population[members]
                shares = {f: float(w) for f, w in zip(members, population / population.sum(), strict=True)}
                self.arrangements.form_alliance(lead, others, tuple(caps), shares, 0)
            else:
                for c in caps:
                    for f in others:
                        self.arrangements.join(f, c, lead)
        self.arrangements.settle_setup()  # in place already: nothing to set up

    def _open_books(self) -> None:
        """Each force's books balance at the start: its capabilities cost what a year of expected
        demand under the first arrangements costs (no draw of chance), the rest is its workforce
        and non-pay (``crossforce_agents.books``)."""
        outcome = serve_quarter(self, self.demand.expected_by_level / 4.0)
        cost = (outcome.capability_cost.sum(axis=1) * 4.0).tolist()
        for agent in self.force_agents:
            agent.books.open(agent.budget(), cost[agent.index])

    def _size_units(self, hosts: np.ndarray, caps: np.ndarray, state) -> np.ndarray:
        """The teams each host's local units of ``caps`` run (``abm.accounts.size_hosts``), for the
        arrangements."""
        memo, memo_r = self.sizing_memo
        world = self._world(self.partner_weight())  # mid-change: not the remembered one
        return size_hosts(hosts, caps, state, world, self.economics, self.scoring_settings, memo, memo_r)

    def _size_regional(self, state) -> np.ndarray:
        """The teams each regional unit runs (``abm.accounts.size_regional``), for the arrangements."""
        memo, memo_r = self.sizing_memo
        world = self._world(self.partner_weight())  # mid-change: not the remembered one
        return size_regional(state, world, self.economics, self.scoring_settings, memo, memo_r)

    # --- the agents -------------------------------------------------------------------------------
    def force_agent(self, f: int) -> ForceAgent | None:
        """The agent of force f (None once it has merged away)."""
        return self._forces.get(f)

    def pcc_of(self, f: int) -> PCCAgent:
        """The policing body of force f."""
        return self._pccs[f]

    @property
    def force_agents(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[ForceAgent]

    @property
    def pcc_agents(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[PCCAgent]

    def controls(self, role: str) -> bool:
        """Whether a controller (a person in a workshop, a replay) plays this role."""
        return role in self.controllers

    def decide(self, decision: Decision) -> tuple[str, ...]:
        """The answer to a decision: the controller's for its role (``abm.decisions``), or the
        agent's own; a choice the decision does not allow is replaced by the agent's own."""
        controller = self.controllers.get(decision.role)
        if controller is None:
            return decision.model_choice
        answer = controller.decide(decision)
        if not decision.valid(answer.choice):
            answer = Answer(decision, decision.model_choice, "model")
        self.answers.append(answer)
        return answer.choice

    def successors(self) -> np.ndarray:
        """For each force, the active force it now belongs to (itself while active). A force merged
        into one that later merged itself belongs to the last: the chain is followed by pointer
        doubling, a few array lookups whatever its length."""
        own = np.arange(self.forces.count)
        step = np.where(~self.active & (self.merged_into >= 0), self.merged_into, own)
        for _ in range(int(self.forces.count).bit_length() + 1):
            further = step[step]
            if np.array_equal(further, step):
                break
            step = further
        return step

    def successor(self, f: int) -> int:
        """The active force that force ``f`` now belongs to (``f`` itself while it is active)."""
        return int(self.successors()[f])

    # --- read-only views of what the arrangements hold ------------------------------------------
    @property
    def mode(self) -> np.ndarray:
        return self.arrangements.mode

    @property
    def provider(self) -> np.ndarray:
        return self.arrangements.provider

    # --- money and preferences ------------------------------------------------------------------
    def budgets(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The yearly budget now (GBP m; 0 for a force merged away) of the given forces (all by
        default), as each force reckons it."""
        rows = range(self.forces.count) if rows is None else rows
        return np.array([a.budget() if (a := self._forces.get(int(f))) else 0.0 for f in rows])

    def partner_weight(self, arrangements: Arrangements | None = None) -> np.ndarray:
        """Each force's weight in a joint unit's cost split: an alliance's agreed shares in its
        units, the rule (``cost_sharing_rule``) elsewhere (under the model's arrangements, or a
        what-if copy of them)."""
        arrangements = self.arrangements if arrangements is None else arrangements
        rule = self.params.cost_sharing_rule
        if rule == "demand":
            weight = self.demand.expected
        elif rule == "population":
            weight = np.broadcast_to(self.forces.population[:, None], self.demand.expected.shape)
        else:
            weight = np.ones(self.demand.expected.shape)
        if not arrangements.any_alliance():
            return np.ascontiguousarray(weight, dtype=float)
        shares = arrangements.alliance_shares()
        memo = self._partner_weight_memo  # the same shares on the same weights: the same array
        if memo is None or memo[0] is not shares or memo[1] is not weight:
            memo = self._partner_weight_memo = (shares, weight, np.where(np.isnan(shares), weight, shares))
        return memo[2]

    def scoring_world(self, arrangements: Arrangements | None = None) -> World:
        """What option scoring and the accounts read besides the arrangements (the model's, or a
        what-if copy of them). The model's own is remembered while its arrangements' ``version``
        and every array it holds stay the same (each is replaced, not changed, when what it holds
        moves); the arrangements' own sizing of their units, which reads it in the middle of a
        change, makes it afresh (``_size_units``)."""
        parts = self._world_parts()
        if arrangements is not None and arrangements is not self.arrangements:
            return self._world(self.partner_weight(arrangements), parts)
        cached = self._world_now
        if (
            cached is None
            or cached[0] != self.arrangements.version
            or any(a is not b for a, b in zip(cached[1], parts, strict=True))
        ):
            world = self._world(self.partner_weight(), parts)
            cached = self._world_now = (self.arrangements.version, parts, world)
        return cached[2]

    def _world_parts(self) -> tuple[np.ndarray, ...]:
        """The arrays a ``World`` holds besides the partners' weights, as they are now."""
        return (
            self.demand.expected,
            self.demand.expected_by_level,
            self.trust.matrix,
            self.geography.area,
            self.geography.distance,
            self.shortlist,
            self.forces.population,
            self.regional_weight(),
            *self.money_view(),
        )

    def _world(self, partner_weight: np.ndarray, parts: tuple[np.ndarray, ...] | None = None) -> World:
        """A ``World`` of the given partners' weights and ``parts`` (``_world_parts``, now by default)."""
        expected, by_level, trust, area, distance, shortlist, population, regional, weight, capacity = (
            self._world_parts() if parts is None else parts
        )
        return World(
            expected,
            by_level,
            trust,
            area,
            distance,
            shortlist,
            population,
            partner_weight,
            regional,
            weight,
            capacity,
        )

    def money_view(self) -> tuple[np.ndarray, np.ndarray]:
        """The weight each force's chief puts on money (``abm.scoring.budget_weight``) and the share
        of its units' posts its plan keeps, (F,) each; 1 for a force merged away. Both come from the
        forces' books, which change only when they balance at the year's end (``year_end``) and when
        forces merge, so they are read once in between."""
        if self._money_view is None:
            agents = [self._forces.get(f) for f in range(self.forces.count)]
            pressure = np.array([a.money_pressure if a else 1.0 for a in agents])
            weight = np.asarray(budget_weight(pressure, self.scoring_settings), dtype=float)
            capacity = np.array([a.books.capacity_share if a else 1.0 for a in agents])
            weight.flags.writeable = capacity.flags.writeable = False
            self._money_view = (weight, capacity)
        return self._money_view

    def regional_weight(self) -> np.ndarray:
        """Each force's weight in its regional units' cost split (``regional_contribution_rule``),
        (F, C); worked out once a quarter (budgets and demand change between quarters, not within)."""
        if self._regional_weight is None or self._regional_weight[0] != self.steps:
            self._regional_weight = (self.steps, self._regional_weight_now())
        return self._regional_weight[1]

    def _regional_weight_now(self) -> np.ndarray:
        rule, F, C = self.params.regional_contribution_rule, self.forces.count, self.caps.count
        if rule == "demand":
            return np.ascontiguousarray(self.demand.expected_by_level[:, :, 1:].sum(axis=2))
        if rule == "grant":
            weight = np.array([a.grant_gbp_m if (a := self._forces.get(f)) else 0.0 for f in range(F)])
        elif rule == "budget":
            weight = self.budgets()
        elif rule == "population":
            weight = self.forces.population
        else:
            weight = self.active.astype(float)
        return np.ascontiguousarray(np.broadcast_to(weight[:, None], (F, C)), dtype=float)

    @property
    def duty(self) -> float:
        """The duty to collaborate's strength now: the Home Secretary's (``duty_strength`` unless a
        player changed it) from ``duty_from_year`` (the Police Reform and Social Responsibility Act
        2011), ``duty_before_share`` of it before (the "current duty" the 2010 white paper set out to
        strengthen, seed 002 §4.24)."""
        strength = self.home_secretary.duty_strength
        return strength * (1.0 if self.strong_duty else self.params.duty_before_share)

    @property
    def strong_duty(self) -> bool:
        """Whether the strengthened duty of the 2011 Act applies yet (``duty_from_year``)."""
        return self.year >= self.params.duty_from_year

    def weight_on_others(self, c: int, regional: bool) -> float:
        """The weight a chief or policing body gives what a change does to other forces: the duty to
        collaborate's (Police Act 1996 s.22A), and for a change to its region's unit for a capability
        the Strategic Policing Requirement lists, at least ``spr_regard`` (s.37A)."""
        p = self.params
        year = self.caps.spr_from_year[c]
        if regional and 0 < year <= self.year:
            return max(self.duty, p.spr_regard)
        return self.duty

    # --- time ---------------------------------------------------------------------------------
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
        self.home_secretary.settle(self.quarter_index)
        self.demand.set_year(self.year)
        outcome = self.serve(self.demand.draw(self.rng))
        self.recorder.record(self, outcome)
        self.arrangements.settle_setup()
        self.council_meets()
        self.policing_bodies_act()
        if self.quarter_index % 4 == 3:
            self.year_end()

    def serve(self, demand: np.ndarray):
        """Serve the quarter's demand; units, trust and the forces' accounts take what it taught."""
        outcome = serve_quarter(self, demand)
        self.arrangements.learn_skill(outcome.skill, outcome.regional_skill)
        self.trust.learn(outcome.demand, outcome.served_fraction, outcome.payee)
        cost, harm = outcome.capability_cost.sum(axis=1).tolist(), outcome.harm.sum(axis=1).tolist()
        setup = self.arrangements.setup_due.tolist()
        for agent in self.force_agents:
            agent.keep_accounts(cost[agent.index], harm[agent.index], setup[agent.index])
        return outcome

    def council_meets(self) -> None:
        """The Chief Constables' Council: agreements due are concluded, then the chiefs whose turn
        it is (and any with a gap, a provider under notice or an HMIC flag) review what each chooses
        to review (``ForceAgent.capabilities_to_review``), all scored on one position."""
        negotiations.conclude_due(self)
        quarter = self.quarter_index % 4
        due = [a for a in self.force_agents if a.reviews_now(quarter)]
        if not due:
            return
        rows = np.array([a.index for a in due])
        prompted = self.arrangements.review_due.copy()
        considered = np.array([a.capabilities_to_review(quarter) for a in due])
        self.arrangements.reviewed(rows)
        scores = score_options(self, rows)
        self.arrangements.resize_units(rows)
        candidates = [agent.regional_candidates(considered[r]) for r, agent in enumerate(due)]
        flat = [(c, joiners) for found in candidates for c, _, joiners in found]
        effects = iter(proposals.regional_effects(self, flat) if flat else [])
        open_options = options_open(self, scores)
        for r, agent in enumerate(due):
            regional = [(c, kind, next(effects)) for c, kind, _ in candidates[r]]
            agent.review(scores, r, considered[r], prompted[agent.index], regional, open_options[r])

    def policing_bodies_act(self) -> None:
        """Bodies change on their real dates; elections when due; each new office-holder may review
        the agreements it inherits."""
        quarter = self.quarter_index % 4
        election = is_election(self.year, quarter, self.params.election_years)
        newcomers = [
            self._pccs[change.force]
            for change in self.body_changes.get((self.year, quarter), [])
            if self.active[change.force]
            and self._pccs[change.force].hand_over(change.body, change.new_office_holder, election)
        ]
        if election:
            newcomers += [
                pcc
                for pcc in self.pcc_agents
                if pcc.elected and pcc not in newcomers and pcc.stand_for_election()
            ]
        for pcc in newcomers:
            if self.rng.random() < self.params.new_pcc_review:
                pcc.review_inherited()

    def year_end(self) -> None:
        """Precepts and voters, alliances' splits judged, the forces' books for the year ahead, HMIC's
        inspections (and any direction), voluntary mergers."""
        self.pcc_agents.do("close_year")
        self.pcc_agents.do("review_fairness")
        self.force_agents.do("balance_books")
        self._money_view = None  # the books have moved
        self.hmic.inspect()
        if self.params.voluntary_mergers:
            mergers.consider_voluntary(self)

    # --- structural change ------------------------------------------------------------------------
    def merge(self, keep: int, gone: int, reason: str) -> None:
        """Fold force ``gone`` into force ``keep`` (``abm.mergers``): its negotiations lapse, its
        units close, its people, money and demand move to the successor, and its agents leave."""
        self.negotiations.drop_involving(gone)
        self.arrangements.dissolve(gone, f"merged into {self.forces.names[keep]}")
        forces = self.forces
        for values in (forces.population, forces.area_km2, forces.officers, forces.budget_gbp_m):
            values[keep] += values[gone]
            values[gone] = 0.0
        self._forces[keep].absorb(self._forces[gone])
        self._pccs[keep].absorb(self._pccs[gone])
        self.demand.fold(keep, gone, self.year)
        self.geography.fold(forces)
        self.active[gone] = False
        self.merged_into[gone] = keep
        self._forces.pop(gone).remove()
        self._pccs.pop(gone).remove()
        self._money_view = None  # one set of books fewer, the successor's combined
        self._world_now = None  # its population and demand moved in place
        self.arrangements.absorb(keep)
        self.events.log(self, keep, None, "merged", partner=gone, reason=reason)

    def _lost_access(self, force: int, host: int, c: int, what: str, kept: bool) -> None:
        """The arrangements report a force whose provider's unit closed: without access until it
        decides, or (``kept``: a statutory capability) in its own new unit at once."""
        names, label = self.forces.names, in_sentence(self.caps.labels[c])
        if kept:
            reason = (
                f"{names[host]} {what}; {names[force]} runs its own {label} unit at once, as the law requires"
            )
            self.events.log(self, force, c, "runs its own", partner=host, reason=reason)
            return
        reason = f"{names[host]} {what}; {names[force]} has no {label} until it decides"
        self.events.log(self, force, c, "lost access", partner=host, reason=reason)

    # --- convenience ---------------------------------------------------------------------------
    def run(self, steps: int | None = None) -> CrossforceModel:
        """Run ``steps`` quarters (default: the parameters' years)."""
        for _ in range(self.params.steps if steps is None else steps):
            self.step()
        return self
