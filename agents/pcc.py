"""Police and Crime Commissioners (and the bodies that hold their functions).

One per force area, with its real governance type at the time (``abm/policing_bodies.py``): a
police authority (until November 2012), a PCC, a PFCC, a mayor holding PCC functions (e.g.
MOPAC for the Met), or the City of London's Common Council. The body owns its priorities, its
public's approval, the precept it sets within the cap, and its signature: every party's
policing body must sign a collaboration agreement; a new office-holder may give notice on a
predecessor's agreements; it consents (or not) to a merger; elected bodies face the voters on
the real cycle (seed 002 §4.22-4.23; shared/data/README.md: West Mercia and Warwickshire).

Its objective (docs/ODD.md, "Objectives"): what a change is worth to it, in GBP m a year, is

    money its force saves (back to visible local policing, or a lower precept)
  + its priority for protective services x the harm avoided (valued as the chief values it)
  - the local control its voters lose (``local_control_preference`` x the force's budget x how
    much of the capability the public sees (its ``public_visibility``) x how much control the
    arrangement gives up, weighed more in the year before an election)

and under the duty to collaborate it also gives effect to a collaboration that serves another
force (it adds ``duty_strength`` x the other party's gain). The value of local control is this
agent's and its voters' motive and enters the model here only: the chief's own score has none.
Voters apply the same valuation when they take stock at the year's end.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from abm import history, proposals
from abm.capabilities import in_sentence
from abm.decisions import Decision, Option, pcc_role
from abm.modes import SERVED_BY_PARTNER, Mode
from abm.negotiations import Proposal
from abm.numerics import MONEY_TOLERANCE_GBP_M, not_negative, pounds
from abm.policing_bodies import ELECTION_QUARTER
from abm.proposals import Change, Effects
from abm.scoring import OWN, OptionScores

#: A force's arrangement (``Mode``) as the option kind it amounts to.
KIND_OF_MODE = {
    int(Mode.NONE): "none",
    int(Mode.OWN): "own",
    int(Mode.BUY): "buy_payg",
    int(Mode.JOINT_LEAD): "lead",
    int(Mode.JOINT_MEMBER): "join",
    int(Mode.NATIONAL): "national",
}


def control_lost_by_kind(params) -> dict[str, float]:
    """Local control each kind of arrangement gives up, 0-1 (the schema's local_control_lost_*):
    what a policing body weighs, and voters see, when its force's capability is run elsewhere.
    A force with no provision at all has nothing under local command: all of it is lost (1), more
    than under any arrangement that at least serves its public."""
    return {
        "own": 0.0,
        "none": 1.0,
        "lead": params.local_control_lost_leading,
        "join": params.local_control_lost_joining,
        "national": params.local_control_lost_national,
        "buy_payg": params.local_control_lost_buying,
        "buy_subscription": params.local_control_lost_buying,
    }


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
        self._control_lost = control_lost_by_kind(model.params)
        #: ``control_lost`` of each stored arrangement (``Mode``), indexed by its code
        self._control_lost_by_mode = np.array([self._control_lost[KIND_OF_MODE[m]] for m in range(len(Mode))])
        self._control_lost_by_option: dict[int, np.ndarray] = {}  # by K (``control_lost_by_option``)
        #: ``share_given_up`` of the model's arrangements: (their version, the expected demand, the shares)
        self._given_up_now: tuple[int, np.ndarray, np.ndarray] | None = None

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
        # the C library's scalar log and exp, not numpy's CPU-dependent ones (abm.numerics)
        odds = (
            math.log(max(base, 1e-9) / max(1 - base, 1e-9))
            + params.approval_reelection_weight * self.approval
        )
        chance = 1.0 / (1.0 + math.exp(-min(max(odds, -50.0), 50.0)))  # bounded: no overflow
        return bool(self.model.rng.random() < chance)

    def absorb(self, gone: PCCAgent) -> None:
        """A merger: the absorbed area's council-tax base joins this body's precept."""
        self.precept_base_gbp_m += gone.precept_base_gbp_m

    # --- what a change is worth to this body -------------------------------------------------
    def control_lost(self, kind: str) -> float:
        """Local control an arrangement gives up, 0 (its own unit) to 1 (another force decides)."""
        return self._control_lost[kind]

    def control_lost_by_option(self, scores: OptionScores) -> np.ndarray:
        """``control_lost`` of every option index of a scoring."""
        K = scores.candidates
        if K not in self._control_lost_by_option:
            self._control_lost_by_option[K] = np.array([self._control_lost[kind] for kind in scores.kinds])
        return self._control_lost_by_option[K]

    def current_kind(self, c: int) -> str:
        """The force's current arrangement for c, as an option kind."""
        return KIND_OF_MODE[int(self.model.arrangements.mode[self.force, c])]

    def local_control_value(self) -> np.ndarray:
        """What its voters would pay a year to keep each capability wholly under local control
        (GBP m, by capability): a share of the force's budget, in proportion to how much of the
        capability they see (voters value control of the patrols they meet, not of covert or
        back-room work: docs/history.md §4), weighed more in the year before an election (the
        political business cycle: Nordhaus 1975)."""
        return self._control_value_in_full() * self.model.caps.visibility

    def _control_value_in_full(self) -> float:
        """What its voters would pay a year to keep a capability they see in full under local
        control (GBP m)."""
        model, p = self.model, self.model.params
        value = p.local_control_preference * model.force_agent(self.force).budget()
        if self.elected and self._election_within_a_year():
            value *= 1.0 + p.election_caution
        return value

    def _election_within_a_year(self) -> bool:
        model = self.model
        now, quarter = model.year, model.quarter_index % 4
        return any(0 <= (year - now) * 4 + (ELECTION_QUARTER.get(year, 0) - quarter) < 4
                   for year in model.params.election_years)  # fmt: skip

    def worth_of_options(self, scores: OptionScores, row: int, caps: np.ndarray) -> np.ndarray:
        """What moving its force from its current arrangement to each option of the given
        capabilities is worth to it, (caps, options)."""
        return worth_of_options([self], scores, np.array([row]), caps)[0]

    def _tier_shares(self, arrangements) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Shares of its force's demand for each capability (C,) that go to its local tier, its
        region's unit and the national provider under ``arrangements``."""
        model, f = self.model, self.force
        local, upper = arrangements.tier_demand_of(f)
        total = np.maximum(model.demand.expected[f], 1e-12)
        return local / total, upper / total, model.demand.national[f] / total

    def share_given_up(self, arrangements) -> np.ndarray:
        """How much of its control over each capability (C,) its force's arrangements give up: the
        control each tier's arrangement gives up, by the share of the work it takes. For the
        model's own arrangements it is remembered until they change (their ``version``) or the
        expected demand does (replaced whole, ``Demand``): every change a body weighs starts from
        them."""
        model = self.model
        if arrangements is not model.arrangements:
            return self._share_given_up(arrangements)
        version, expected = arrangements.version, model.demand.expected
        kept = self._given_up_now
        if kept is None or kept[0] != version or kept[1] is not expected:
            given_up = self._share_given_up(arrangements)
            given_up.setflags(write=False)
            kept = self._given_up_now = (version, expected, given_up)
        return kept[2]

    def _share_given_up(self, arrangements) -> np.ndarray:
        local, regional, national = self._tier_shares(arrangements)
        return (
            self._control_lost_by_mode[arrangements.mode[self.force]] * local
            + self.model.params.local_control_lost_regional * regional
            + self._control_lost["national"] * national
        )

    def worth_of_effects(self, effects: Effects, setup_gbp_m: float = 0.0) -> float:
        """What a change is worth to it a year, from the expected accounts (``abm.proposals``):
        money its force saves (less any set-up cost), its priority for protective services x the
        harm avoided, less the local control it gives up."""
        f, model = self.force, self.model
        value = model.params.value_of_harm_gbp / 1e6
        caps = list(effects.capabilities)
        control = self.local_control_value()
        lost = (
            self.share_given_up(effects.after)[caps] - self.share_given_up(effects.before)[caps]
        ) @ control[caps]
        saved = -float(effects.money[f]) - setup_gbp_m
        return saved - self.protective_priority * value * float(effects.harm[f]) - float(lost)

    def signs_effects(self, effects: Effects, others: list[int], setup_gbp_m: float) -> tuple[float, float]:
        """(what a change is worth to it, what it is worth to the other parties ``others``)."""
        value = self.model.params.value_of_harm_gbp / 1e6
        gains = effects.gain(value)
        return self.worth_of_effects(effects, setup_gbp_m), float(sum(gains[j] for j in others))

    def would_sign(self, effects: Effects, others: list[int], setup_gbp_m: float, weight: float) -> bool:
        """Whether it would sign a change (``signs``'s rule, without asking a player or logging):
        what the chief asks its body before proposing, on the accounts the signature is on."""
        own, other = self.signs_effects(effects, others, setup_gbp_m)
        return not_negative(own + weight * other)

    # --- decisions -----------------------------------------------------------------------------
    def signs(
        self, proposal: Proposal, effects: Effects, others: list[int], setup_gbp_m: float, weight: float
    ) -> tuple[bool, str]:
        """Sign an agreement its force is party to, as proposer or as another party, when what it is
        worth to this body plus the duty's weight on what it is worth to the other parties is not
        negative: every figure from the expected accounts of the change (``abm.proposals``). A
        strategic alliance is judged as a whole: the sum over the capabilities it covers."""
        model = self.model
        duty = weight  # what it gives the other parties' gain (CrossforceModel.weight_on_others)
        own, other = self.signs_effects(effects, others, setup_gbp_m)
        facts = {
            "worth_to_you_gbp_m_a_year": round(own, 3),
            "worth_to_the_other_parties_gbp_m_a_year": round(other, 3),
            "duty": duty,
        }
        about = {
            "partner": model.forces.ids[proposal.force],
            "capability": model.caps.names[proposal.capability],
        }
        question = f"Sign the agreement? {proposal.reason}"
        name = model.forces.names[self.force]
        if (
            self._asks("sign", question, ("sign", "refuse"), not_negative(own + duty * other), facts, **about)
            == "sign"
        ):
            if own < 0:  # it gives effect to a collaboration that serves the other party
                why = (
                    "under the duty to collaborate"
                    if weight <= model.duty
                    else "having regard to the national capability the Strategic Policing Requirement sets out"
                )
                return True, f"the {self.title} for {name} signs {why} (worth {pounds(own)} a year to it)"
            return True, ""
        return False, (
            f"the {self.title} for {name} refused to sign: worth {pounds(own)} a year to it "
            f"(money, harm and the local control it gives up), against {pounds(other)} to the other parties"
        )

    def review_inherited(self) -> None:
        """A new office-holder gives notice on an inherited agreement that is worth less to it than
        running the capability itself (West Mercia on the Warwickshire alliance, 2018), or on its
        force's membership of a regional unit; a strategic alliance is judged, and left, as a whole.
        The notice is binding. Like its signature, its review is under the duty to collaborate (s.22A
        binds policing bodies as well as chiefs): it counts ``duty_strength`` x what leaving would
        cost the other parties, all on the expected accounts (``abm.proposals``)."""
        model = self.model
        f = self.force
        arr = model.arrangements
        alliance = arr.alliance_of(f)
        setup = model.economics.setup_per_year
        for c in np.flatnonzero(SERVED_BY_PARTNER.mask(arr.mode[f]) & (arr.alliance[f] < 0)).tolist():
            if (f, c) in model.negotiations:
                continue
            effects = proposals.effects(model, [Change(f, c, "own")])
            worth = -self._worth_of_leaving(effects, float(setup[c]), model.duty)
            what = f"the {in_sentence(model.caps.labels[c])} arrangement"
            self._review_one(((c, OWN),), worth, what, int(arr.provider[f, c]), -1, "own")
        for c in np.flatnonzero(arr.member[f]).tolist():
            if (f, c) in model.negotiations:
                continue
            effects = proposals.effects(model, [Change(f, c, "leave_region")])
            worth = -self._worth_of_leaving(effects, 0.0, model.weight_on_others(c, regional=True))
            what = f"its membership of the {arr.region_names[arr.region[f]]} regional {in_sentence(model.caps.labels[c])} unit"
            self._review_one(
                ((c, OWN),), worth, what, int(arr.regional_host[arr.region[f], c]), -1, "leave_region"
            )
        if alliance is not None:
            items = tuple((c, OWN) for c in alliance.capabilities if arr.alliance[f, c] == alliance.id)
            if items and not any((f, c) in model.negotiations for c, _ in items):
                caps = [c for c, _ in items]
                effects = proposals.effects_of(model, lambda twin: twin.leave_alliance(f, alliance.id), caps)
                worth = -self._worth_of_leaving(effects, float(setup[caps].sum()), model.duty)
                partner = alliance.lead if alliance.lead != f else next(m for m in alliance.members if m != f)
                self._review_one(
                    items, worth, "its strategic alliance", partner, alliance.id, "leave_alliance"
                )

    def _worth_of_leaving(self, effects: Effects, setup_gbp_m: float, weight: float) -> float:
        """What leaving is worth to it, with ``weight`` on what it costs everyone else."""
        others = [j for j in range(self.model.forces.count) if j != self.force]
        own, other = self.signs_effects(effects, others, setup_gbp_m)
        return own + weight * other

    def review_fairness(self) -> None:
        """Once a year, judge the split of its alliance's costs against its use, from the settled
        accounts of the last four quarters: when its share of what the alliance's units cost exceeds
        its share of the work they did by more than ``fairness_tolerance``, it counts what it pays
        beyond its use as a loss of staying, and gives binding notice if leaving is then worth it,
        the duty's weight on what leaving costs the others included (West Mercia on the Warwickshire
        alliance, 2018: it "provided 60% of the resources" and was "effectively subsidising" its
        partner, Shropshire Star, 4 October 2019; shared/data/README.md)."""
        model, f = self.model, self.force
        arr = model.arrangements
        alliance = arr.alliance_of(f)
        recorded = model.recorder.force_arrays
        if alliance is None or len(recorded["cost"]) < 4:
            return
        caps = [c for c in alliance.capabilities if arr.alliance[f, c] == alliance.id]
        if not caps or any((f, c) in model.negotiations for c in caps):
            return
        members = list(alliance.members)
        paid = np.sum(recorded["cost"][-4:], axis=0)[np.ix_(members, caps)].sum(axis=1)
        used = np.sum(recorded["served"][-4:], axis=0)[np.ix_(members, caps)].sum(axis=1)
        me = members.index(f)
        excess = paid[me] / max(paid.sum(), 1e-12) - used[me] / max(used.sum(), 1e-12)
        if excess <= model.params.fairness_tolerance:
            return
        grievance = excess * float(paid.sum())
        effects = proposals.effects_of(model, lambda twin: twin.leave_alliance(f, alliance.id), caps)
        setup = float(model.economics.setup_per_year[caps].sum())
        worth = self._worth_of_leaving(effects, setup, model.duty) + grievance
        if not_negative(-worth):
            return
        partner = alliance.lead if alliance.lead != f else next(m for m in members if m != f)
        reason = (
            f"the {self.title} for {model.forces.names[f]} judges its strategic alliance's split unfair: it pays "
            f"{100 * paid[me] / max(paid.sum(), 1e-12):.0f}% of the cost for "
            f"{100 * used[me] / max(used.sum(), 1e-12):.0f}% of the work, and gives notice"
        )
        due = model.steps + max(1, model.params.exit_notice_quarters)
        items = tuple((c, OWN) for c in caps)
        model.negotiations.open(
            Proposal(
                f,
                caps[0],
                "leave_alliance",
                OWN,
                -1,
                due,
                reason,
                imposed_by="PCC",
                items=items,
                alliance=alliance.id,
            )
        )
        model.events.log(model, f, caps[0], "gives notice", partner=partner, reason=reason)

    def _review_one(
        self,
        items: tuple[tuple[int, int], ...],
        worth: float,
        what: str,
        partner: int,
        alliance: int,
        kind: str,
    ) -> None:
        """Keep an inherited agreement, or give notice on it."""
        model = self.model
        c = items[0][0]
        facts = {"worth_of_staying_gbp_m_a_year": round(worth, 3)}
        question = f"Keep {what}, or give notice?"
        about = (
            {"subject": kind, "capability": model.caps.names[c]}
            if alliance < 0
            else {"subject": "alliance", "partner": str(alliance)}
        )
        if (
            self._asks("notice", question, ("keep", "give notice"), not_negative(worth), facts, **about)
            == "keep"
        ):
            return
        than = "less" if worth < 0 else "more (its own choice)"
        reason = (
            f"the new {self.title} for {model.forces.names[self.force]} gives notice on {what}: worth "
            f"£{abs(worth):.2f}m a year {than} to it than running its own (money, harm, local control and "
            "the duty to its partners)"
        )
        due = model.steps + max(1, model.params.exit_notice_quarters)
        model.negotiations.open(
            Proposal(
                self.force, c, kind, OWN, -1, due, reason, imposed_by="PCC", items=items, alliance=alliance
            )
        )
        model.events.log(model, self.force, c, "gives notice", partner=partner, reason=reason)

    @property
    def role(self) -> str:
        return pcc_role(self.model.forces.ids[self.force])

    def _asks(
        self, kind: str, question: str, answers: tuple[str, str], first: bool, facts: dict, **about: str
    ) -> str:
        """A yes-or-no decision of this body: its own rule's answer (``first`` or the second), or
        the answer of the person playing it (``abm.decisions``); ``about`` holds the decision's
        subject, partner and capability."""
        own = answers[0] if first else answers[1]
        model = self.model
        if not model.controls(self.role):
            return own
        decision = Decision(
            step=model.steps,
            role=self.role,
            kind=kind,
            quarter=model.quarter_label,
            question=question,
            options=tuple(Option(a, a, facts) for a in answers),
            model_choice=(own,),
            **about,
        )
        return model.decide(decision)[0]

    def close_year(self) -> None:
        """The year's end: set the precept (the cap when the force's books do not balance, a share
        of it otherwise) and take stock of what voters saw."""
        model, params = self.model, self.model.params
        force = model.force_agent(self.force)
        pressed = force.books.pressure > 1.0  # its books need more than its budget
        cap = self.precept_limit()
        rise = cap if pressed else cap * params.precept_rise_unpressed_share
        self.approval -= rise  # voters see the rise
        if params.precept_cap_path == "history":  # the record's limits are cash rises
            self.precept_index *= 1.0 + history.real_precept_change(model.year, rise)
        else:
            self.precept_index *= 1.0 + rise
        books = force.books
        officers = (books.officers - books.officers_a_year_ago) / max(books.officers_a_year_ago, 1.0)
        self.approval += params.approval_officer_weight * officers  # visible policing, more or less
        harm = force.harm_last_year()
        if self.last_year_harm is not None and self.last_year_harm > 0:
            self._voters_see(harm / self.last_year_harm - 1.0)
        self.last_year_harm = harm

    def precept_limit(self) -> float:
        """The largest rise it may set without a referendum this year (the government's limit:
        ``HomeSecretaryAgent.precept_limit``)."""
        return self.model.home_secretary.precept_limit(self.model.year)

    def _voters_see(self, harm_change: float) -> None:
        """Voters' view of a year: harm rising or falling moves approval either way; capabilities
        under another force's or a national body's control cost it (the same value of local control
        the body weighs when it signs, as a share of the budget)."""
        model, params = self.model, self.model.params
        lost = sum(
            self.control_lost(self.current_kind(c)) * model.caps.visibility[c]
            for c in range(model.caps.count)
        )
        self.approval -= params.approval_harm_weight * harm_change + params.local_control_preference * lost

    def consents_to_merger(self, other: str, saving: float, precept_rise: float) -> str:
        """Consent to merging the force with ``other``, on this body's own objective: its share of
        the yearly saving, against the local identity its voters lose (``merger_identity_share`` of
        its budget: the force they identify with) and the precept rise equalising the precepts imposes
        on them (GBP m a year).
        Returns '' to consent, else the reason it withholds consent."""
        model = self.model
        # the whole force passes to another: voters lose the force they identify with (seed 002
        # §4.20), valued from the cases where a business case failed to win consent
        identity = model.params.merger_identity_share * model.force_agent(self.force).budget()
        worth = saving - identity - precept_rise
        facts = {"saving_gbp_m_a_year": round(saving, 3), "identity_lost_gbp_m_a_year": round(identity, 3),
                 "precept_rise_gbp_m_a_year": round(precept_rise, 3)}  # fmt: skip
        question = f"Consent to merging {model.forces.names[self.force]} with {other}?"
        if (
            self._asks("merge", question, ("consent", "withhold"), not_negative(worth), facts, partner=other)
            == "consent"
        ):
            return ""
        why = (
            "the precept rise that equalising would impose"
            if precept_rise > max(saving - identity, 0)
            else "the local identity lost"
        )
        return f"the {self.title} for {model.forces.names[self.force]} withheld consent ({why}; worth {pounds(worth, 1)} a year to it)"


def worth_of_options(
    bodies: list[PCCAgent], scores: OptionScores, rows: np.ndarray, caps: np.ndarray
) -> np.ndarray:
    """What moving each body's force from its current arrangement to each option is worth to the
    body (``PCCAgent.worth_of_options``), for the given capabilities, (bodies, caps, options): body
    ``bodies[i]`` reads row ``rows[i]`` of the scores. The bodies of all the forces reviewing at a
    meeting are asked at once, each with its own priority, control and voters' valuation."""
    model = bodies[0].model
    value = model.params.value_of_harm_gbp / 1e6
    at = np.ix_(rows, caps)
    money_saved = scores.current_money[at][:, :, None] - scores.money[at] - scores.setup[at]
    harm_saved = (scores.current_harm[at][:, :, None] - scores.harm[at]) * value
    modes = model.arrangements.mode
    before = np.array([body._control_lost_by_mode[modes[body.force, caps]] for body in bodies])
    lost = np.array([body.control_lost_by_option(scores) for body in bodies])[:, None, :] - before[:, :, None]
    # the local tier's options move only the work it takes (not what goes to the region)
    local_share = np.array([body._tier_shares(model.arrangements)[0][caps] for body in bodies])[:, :, None]
    control = np.array([body.local_control_value()[caps] for body in bodies])[:, :, None]
    priority = np.array([body.protective_priority for body in bodies])[:, None, None]
    return money_saved + priority * harm_saved - lost * local_share * control


def would_sign_options(
    bodies: list[PCCAgent], scores: OptionScores, rows: np.ndarray, caps: np.ndarray
) -> np.ndarray:
    """Whether each body would sign its force's proposal of each option of the given capabilities,
    (bodies, caps, options): its own gain plus the duty's weight on the partner's, as its chief
    estimates them (a chief consults its policing body before proposing; the signature itself is
    on the expected accounts, ``PCCAgent.signs``). Taking a capability back needs notice, not a
    signature."""
    duty = bodies[0].model.duty
    signs = (
        worth_of_options(bodies, scores, rows, caps) + duty * scores.partner_gain[np.ix_(rows, caps)]
        >= -MONEY_TOLERANCE_GBP_M
    )
    signs[:, :, OWN] = True
    return signs
