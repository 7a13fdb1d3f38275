"""A territorial police force, led by its Chief Constable.

The force owns its budget (its share of the central grant under the Home Secretary's settlement,
plus the precept its PCC sets), its books (workforce, non-pay, reserves, balanced each year:
``crossforce_agents.books``) and its rolling accounts (what its capabilities cost and the harm its area
suffered over the last four quarters, which its PCC, voters and HMIC read).

Once a year (in its own quarter of the Chief Constables' Council cycle, seed 003), and whenever
it is left without access, the chief reviews each capability: it compares the scored options
(``abm.scoring``) with the current arrangement and proposes a change only when the best option
beats it by the switching threshold. A proposal with a partner becomes a negotiation that takes
time (seed 002 §4.21); leaving a partnership needs notice.
"""

from __future__ import annotations

import math
from collections import deque

import mesa
import numpy as np

from abm import negotiations, proposals
from abm.capabilities import in_sentence
from abm.decisions import Decision, Option, chief_role
from abm.modes import UNDER_AGREEMENT, Mode
from abm.negotiations import Proposal
from abm.numerics import MONEY_TOLERANCE_GBP_M, clearly_less, money_key, not_negative, pounds
from abm.proposals import Change
from abm.scoring import OWN, OptionScores, score_options
from crossforce_agents import words
from crossforce_agents.books import Books
from crossforce_agents.pcc import would_sign_options


class ForceAgent(mesa.Agent):
    """One of the 43 forces (row ``index`` of the model's force and arrangement tables)."""

    def __init__(self, model, index: int, grant_gbp_m: float) -> None:
        super().__init__(model)
        self.index = index
        self.name = model.forces.names[index]
        self.short_id = model.forces.ids[index]
        self.review_quarter = index % 4
        self.grant_gbp_m = grant_gbp_m  # its central grant at the start of the run
        self.books = Books(model.params)
        self.quarterly_cost: deque[float] = deque(maxlen=4)
        self.quarterly_harm: deque[float] = deque(maxlen=4)
        self.aspiration: np.ndarray | None = None  # satisficing: each capability's aspired score

    # --- money --------------------------------------------------------------------------------
    def budget(self, grant_index: float | None = None) -> float:
        """Its yearly budget (GBP m): the grant under the settlement (now, or at ``grant_index``)
        plus the precept."""
        index = self.model.home_secretary.grant_index if grant_index is None else grant_index
        return self.grant_gbp_m * index + self.model.pcc_of(self.index).precept_gbp_m

    @property
    def money_pressure(self) -> float:
        """How far its capabilities cost more than the year's plan allows (1: the plan cuts
        nothing; below 1 when money is to spare): what makes the chief weigh money more."""
        return self.books.capability_pressure

    def keep_accounts(self, cost: float, harm: float, setup: float) -> None:
        """A quarter: pay for capabilities (``cost``, net; ``setup``, one-off), the workforce and
        non-pay from a quarter's budget, and add cost and harm to the rolling year."""
        self.books.pay_quarter(self.budget(), cost, setup)
        self.quarterly_cost.append(cost)
        self.quarterly_harm.append(harm)

    def balance_books(self) -> None:
        """At the year's end, plan the year ahead against next year's budget (``Books.balance``)
        and say what it took."""
        model = self.model
        next_index = model.home_secretary.grant_index_at(model.quarter_index + 1)
        plan = self.books.balance(self.budget(next_index), self.cost_last_year())
        books = self.books
        small = (
            abs(plan.officers_change) < 0.01 * max(books.officers, 1)
            and abs(plan.staff_change) < 0.01 * max(books.staff, 1)
            and abs(plan.capability_change_gbp_m) < 0.01 * max(books.capability_target, 1)
        )
        if small and plan.reserves_used_gbp_m < 1.0 and not plan.emergency:
            return  # the log keeps the changes a room would notice
        verb = "cuts" if plan.officers_change < 0 or plan.staff_change < 0 else "grows"
        reason = words.year_plan(self.name, plan, books.officers)
        model.events.log(
            model, self.index, None, f"{verb} workforce", reason=reason, money=-plan.reserves_used_gbp_m
        )

    def cost_last_year(self) -> float:
        return sum(self.quarterly_cost)

    def harm_last_year(self) -> float:
        return sum(self.quarterly_harm)

    def absorb(self, gone: ForceAgent) -> None:
        """A merger: the absorbed force's grant, workforce, non-pay and reserves become this force's."""
        self.grant_gbp_m += gone.grant_gbp_m
        mine, theirs = self.books, gone.books
        mine.officers += theirs.officers
        mine.staff += theirs.staff
        mine.nonpay_gbp_m += theirs.nonpay_gbp_m
        mine.reserves_gbp_m += theirs.reserves_gbp_m
        mine.officers_a_year_ago += theirs.officers_a_year_ago

    # --- the review ---------------------------------------------------------------------------
    def reviews_now(self, quarter: int) -> bool:
        """Its turn in the Council's cycle, or a capability it must review (a gap, a notice)."""
        return quarter == self.review_quarter or bool(self.model.arrangements.review_due[self.index].any())

    def capabilities_to_review(self, quarter: int) -> np.ndarray:
        """Which capabilities it reviews at this meeting (C,): each it must (a gap, a provider's
        notice, an HMIC flag) and, at its yearly turn, each other with probability
        ``review_without_duty`` + (1 - that) x the duty's strength: under the duty a chief keeps
        every collaboration under review (Police Act 1996 s.22A as amended 2011). The draw is made
        at every meeting it attends, its turn or not, so each force's stream of chance is the same
        whatever prompts it."""
        model, p = self.model, self.model.params
        share = p.review_without_duty + (1.0 - p.review_without_duty) * model.duty
        drawn = model.rng.random(model.caps.count) < share
        return model.arrangements.review_due[self.index] | ((quarter == self.review_quarter) & drawn)

    @property
    def role(self) -> str:
        return chief_role(self.short_id)

    def review(
        self,
        scores: OptionScores,
        row: int,
        considered: np.ndarray,
        prompted: np.ndarray,
        regional: list[tuple[int, str, proposals.Effects]],
        open_options: np.ndarray,
    ) -> None:
        """Review the capabilities under review this quarter (``considered``; ``prompted`` ones by
        a gap, a provider's notice or an HMIC flag): propose a better option that the force's own
        policing body would sign (a chief works to its PCC's plan), not while talks on it run; a
        joint unit's lead leaves only by taking the unit back alone. How the chief looks for it
        follows ``decision_rule`` (optimise: the best option that beats the current arrangement by
        the switching threshold; satisfice: searched only when dissatisfied, the first good enough).
        Joint units to form with one partner for several capabilities become one strategic alliance
        (``_propose_changes``); an alliance the force is in is judged as a whole at its yearly turn.
        ``regional``: each regional change open to it this meeting (``regional_candidates``) with
        its effects; ``open_options``: its row of ``options_open``. A person playing the chief sees
        every capability with an alternative and chooses (``abm.decisions``)."""
        model = self.model
        if model.params.decision_rule == "satisfice":
            considered = prompted | (considered & self._dissatisfied(scores, row))
        changes = self._changes(scores, row, considered, open_options)
        self._propose_changes(scores, row, dict(changes))
        self._review_regional(scores, row, [r for r in regional if considered[r[0]] and r[0] not in changes])
        if considered.any():
            self._judge_alliance(scores, row)
            self._consider_alliances(scores, row)

    def _changes(
        self, scores: OptionScores, row: int, considered: np.ndarray, open_options: np.ndarray
    ) -> dict[int, int]:
        """The option the chief (or the person playing it) chooses for each capability it would
        change; capabilities in an alliance are judged with the alliance."""
        model = self.model
        f = self.index
        required = np.array([model.home_secretary.requires_national(c) for c in range(model.caps.count)])
        considered = considered & (model.arrangements.alliance[f] < 0) & ~required
        acceptable = self._acceptable(scores, row, considered, open_options)
        controlled = model.controls(self.role)
        satisfice = model.params.decision_rule == "satisfice"
        changes = {}
        for c in range(model.caps.count) if controlled else np.flatnonzero(acceptable.any(axis=1)).tolist():
            if (f, c) in model.negotiations or model.arrangements.alliance[f, c] >= 0 or required[c]:
                continue
            choose = self._agreed(scores, row, c, acceptable[c], satisfice)
            option = (
                self._ask(scores, row, c, choose, model.arrangements.mode[f, c] == Mode.JOINT_LEAD)
                if controlled
                else choose
            )
            if option is not None:
                changes[c] = option
        return changes

    def _propose_changes(self, scores: OptionScores, row: int, changes: dict[int, int]) -> None:
        """Propose the changes: joint units with one partner for at least ``alliance_min_capabilities``
        capabilities as one strategic alliance (when neither force is in one already), the rest one
        by one."""
        model = self.model
        arr = model.arrangements
        joins: dict[int, list[int]] = {}
        for c, option in changes.items():
            if scores.kind(option) == "join":
                joins.setdefault(int(scores.partner[row, c, option]), []).append(c)
        for partner, caps in joins.items():
            free = arr.alliance_of(self.index) is None and arr.alliance_of(partner) is None
            items = [(c, changes[c]) for c in caps]
            if (
                len(caps) >= model.params.alliance_min_capabilities
                and free
                and arr.mode[partner, caps].max() < Mode.JOINT_LEAD
                and self._alliance_agreed(scores, row, partner, items)
            ):
                self._propose_alliance(scores, row, partner, [(c, changes.pop(c)) for c in caps])
        for c, option in changes.items():
            self._propose(scores, row, c, option)

    def _alliance_agreed(
        self, scores: OptionScores, row: int, partner: int, items: list[tuple[int, int]]
    ) -> bool:
        """Whether the joint units with ``partner`` would still be worth it as one alliance, under
        the cost split an alliance agrees (``alliance_cost_split``) rather than each unit's own:
        on the expected accounts the chief gains, its policing body would sign and the partner's
        chief would accept. Otherwise they are proposed one by one."""
        model, f = self.model, self.index
        probe = Proposal(
            f, items[0][0], "form_alliance", items[0][1], partner, model.steps, "", items=tuple(items)
        )
        effects = negotiations.proposal_effects(model, probe)
        value, duty = model.params.value_of_harm_gbp / 1e6, model.duty
        setup = sum(float(scores.setup[row, c, o]) for c, o in items)
        doubt = sum(float(scores.doubt[row, c, o]) for c, o in items)
        weight = float(scores.cost_weight[row])
        gain = -(weight * (float(effects.money[f]) + setup) + value * (float(effects.harm[f]) + doubt))
        own, other = model.pcc_of(f).signs_effects(effects, [partner], setup)
        partner_gain = float(effects.gain(value)[partner])
        return gain > 0 and not_negative(own + duty * other) and not_negative(partner_gain + duty * gain)

    def _propose_alliance(
        self, scores: OptionScores, row: int, partner: int, items: list[tuple[int, int]]
    ) -> None:
        """One proposal for joint units with ``partner`` for several capabilities, under one
        agreement (one cost split, one governance, one notice)."""
        model = self.model
        c, option = items[0]
        labels = ", ".join(in_sentence(model.caps.labels[k]) for k, _ in items)
        money = sum(float(scores.money[row, k, o] - scores.current_money[row, k]) for k, o in items)
        reason = (
            f"{self.name} seeks a strategic alliance with {model.forces.names[partner]} ({labels}), its units "
            f"led by {model.forces.names[partner]}; {'saves' if money < 0 else 'costs'} £{abs(money):.2f}m a year"
        )
        due = model.steps + max(self.lead_time("join", partner, k) for k, _ in items)
        proposal = Proposal(self.index, c, "form_alliance", option, partner, due, reason, items=tuple(items))
        model.negotiations.open(proposal)
        model.events.log(
            model, self.index, c, "proposes alliance", partner=partner, reason=reason, money=money
        )

    def _judge_alliance(self, scores: OptionScores, row: int) -> None:
        """Judge the force's alliance as a whole: give notice on it when running every capability it
        covers in its own units would score better, by the switching threshold, and its policing
        body agrees (the alliances that broke did so when a partner judged the package, its costs
        and their split, no longer worth it: shared/data/README.md)."""
        model, arr = self.model, self.model.arrangements
        alliance = arr.alliance_of(self.index)
        if alliance is None:
            return
        caps = [c for c in alliance.capabilities if arr.alliance[self.index, c] == alliance.id]
        if not caps or any((self.index, c) in model.negotiations for c in caps):
            return
        stay = float(scores.current_score[row, caps].sum())
        alone = float(scores.score[row, caps, OWN].sum())
        pcc = model.pcc_of(self.index)
        worth_leaving = sum(pcc.worth_of_options(scores, row, np.array(caps))[:, OWN].tolist())
        margin = model.params.switching_threshold * abs(stay)
        leave = clearly_less(alone, stay - margin) and not_negative(worth_leaving)
        if model.controls(self.role):
            leave = self._ask_alliance(alliance.id, stay, alone, leave)
        if not leave:
            return
        partner = (
            alliance.lead
            if alliance.lead != self.index
            else next(m for m in alliance.members if m != self.index)
        )
        reason = (
            f"{self.name} gives notice on its strategic alliance with {model.forces.names[partner]}: running the "
            f"{len(caps)} capabilities itself would score {pounds(stay - alone)} a year better (its share of the "
            "costs against what it gets)"
        )
        due = model.steps + max(1, model.params.exit_notice_quarters)
        items = tuple((c, OWN) for c in caps)
        model.negotiations.open(
            Proposal(
                self.index, caps[0], "leave_alliance", OWN, -1, due, reason, items=items, alliance=alliance.id
            )
        )
        model.events.log(model, self.index, caps[0], "gives notice", partner=partner, reason=reason)

    def _consider_alliances(self, scores: OptionScores, row: int) -> None:
        """A force in no alliance considers joining a neighbour's alliance as a whole (the alliances
        of three and more in the record grew that way): it proposes the one it gains most from on
        the expected accounts, by the switching threshold, that its policing body would sign and
        every member would accept."""
        model, arr, f = self.model, self.model.arrangements, self.index
        if arr.alliance_of(f) is not None:
            return
        near = set(model.shortlist[f].tolist())
        best: tuple[float, int] | None = None
        for alliance in arr.alliances.values():
            if not alliance.members or not near & set(alliance.members) or not arr.has_room(alliance.id):
                continue
            caps = list(alliance.capabilities)
            if any((f, c) in model.negotiations or model.home_secretary.requires_national(c) for c in caps):
                continue
            gain = self._alliance_gain(scores, row, alliance.id, caps)
            if gain is not None and (best is None or gain > best[0]):
                best = (gain, alliance.id)
        if best is not None:
            self._propose_joining(best[1], best[0])

    def _alliance_gain(
        self, scores: OptionScores, row: int, alliance_id: int, caps: list[int]
    ) -> float | None:
        """The chief's gain from joining an alliance, if it beats the threshold and every party
        would agree; else None."""
        model, f = self.model, self.index
        value, duty = model.params.value_of_harm_gbp / 1e6, model.duty
        members = list(model.arrangements.alliances[alliance_id].members)
        shares = negotiations.split_by_rule(model, [*members, f], tuple(caps))
        effects = proposals.effects_of(model, lambda twin: twin.join_alliance(f, alliance_id, shares), caps)
        setup = float(model.economics.setup_per_year[caps].sum())
        gain = -(
            float(scores.cost_weight[row]) * (float(effects.money[f]) + setup)
            + value * float(effects.harm[f])
        )
        base = float(
            np.abs(scores.current_score[row, caps][np.isfinite(scores.current_score[row, caps])]).sum()
        )
        if not clearly_less(model.params.switching_threshold * base, gain):
            return None
        gains = effects.gain(value)
        own, other = model.pcc_of(f).signs_effects(effects, members, setup)
        if not not_negative(own + duty * other):
            return None
        return gain if all(not_negative(gains[j] + duty * gain) for j in members) else None

    def _propose_joining(self, alliance_id: int, gain: float) -> None:
        """Open talks with an alliance's members on joining it, and say why."""
        model = self.model
        alliance = model.arrangements.alliances[alliance_id]
        caps = alliance.capabilities
        names = ", ".join(model.forces.names[m] for m in alliance.members)
        labels = ", ".join(model.caps.labels[c] for c in caps)
        reason = (
            f"{self.name} seeks to join the strategic alliance of {names} ({labels}); worth {pounds(gain)} a year "
            "to its chief in money and harm"
        )
        talk = self._regional_lead_time("join_region", len(alliance.members) + 1)
        items = tuple((c, OWN) for c in caps)
        due = model.steps + talk
        proposal = Proposal(
            self.index, caps[0], "join_alliance", OWN, alliance.lead, due, reason, items=items
        )
        proposal.alliance = alliance_id
        model.negotiations.open(proposal)
        model.events.log(
            model, self.index, caps[0], "proposes alliance", partner=alliance.lead, reason=reason
        )

    def _ask_alliance(self, alliance: int, stay: float, alone: float, leave: bool) -> bool:
        """Put the judgement of its alliance to the person playing the chief."""
        model = self.model
        facts = {"score_staying_gbp_m_a_year": round(stay, 3), "score_alone_gbp_m_a_year": round(alone, 3)}
        decision = Decision(
            step=model.steps,
            role=self.role,
            kind="alliance",
            quarter=model.quarter_label,
            question=f"Stay in {self.name}'s strategic alliance, or give notice?",
            options=(Option("stay", "stay", facts), Option("give notice", "give notice", facts)),
            model_choice=("give notice" if leave else "stay",),
            partner=str(alliance),
        )
        return model.decide(decision) == ("give notice",)

    def _acceptable(
        self, scores: OptionScores, row: int, considered: np.ndarray, open_options: np.ndarray
    ) -> np.ndarray:
        """Which options of which capabilities under review are changes worth proposing, (C, O):
        of the ``open_options`` (``options_open``: better than the current arrangement by the
        switching threshold, not the current one, a lead only taking its unit back alone, and
        signable by the force's policing body), those of the capabilities ``considered``; under
        the duty, a unit that serves other forces is closed only for a gain that outweighs their
        loss."""
        better = open_options & considered[:, None]
        duty = self.model.duty
        for c in np.flatnonzero(better.any(axis=1)).tolist() if duty > 0 else ():
            if self.model.arrangements.hosts_others(self.index, c):
                current = scores.current_score[row, c]
                gain = current - scores.score[row, c]
                margin = switching_margin(self.model.params, current)
                better[c] &= gain - duty * self._loss_to_users(c) > margin + MONEY_TOLERANCE_GBP_M
        return better

    def _loss_to_users(self, c: int) -> float:
        """What closing its unit for c would cost the forces it serves, in their chiefs' own terms
        (GBP m a year): each one's best arrangement without this force against what it has now.
        Under the duty to collaborate a chief gives effect to a collaboration that serves other
        forces even when its own force does not gain (Police Act 1996 s.22A as amended in 2011:
        shared/data/README.md), so it leaves only when its own gain outweighs ``duty_strength``
        x this loss; regional units, which serve several forces, are the hardest to walk away from.
        Infinite when a user would be left with no way to get the capability."""
        users = self.model.arrangements.users_of(self.index, c)
        if not len(users):
            return 0.0
        theirs = score_options(self.model, users)
        without = np.where(theirs.partner[:, c, :] == self.index, np.inf, theirs.score[:, c, :]).min(axis=1)
        return float(np.maximum(without - theirs.current_score[:, c], 0.0).sum())

    def _agreed(
        self, scores: OptionScores, row: int, c: int, acceptable: np.ndarray, satisfice: bool
    ) -> int | None:
        """The option the chief settles on: optimising, the best acceptable option (ties by option
        index); satisficing, the first acceptable one in its search order (each partner nearest first:
        buy pay-as-you-go, by subscription, join; then its own unit; then the national provider) -
        whichever the partner and the partner's joint members would accept, and its own policing
        body would sign, on the expected accounts (``_parties_agree``). None: keep the current
        arrangement."""
        if satisfice:
            candidates = [o for o in scores.search_order if acceptable[o]]
        else:
            score = scores.score[row, c]
            candidates = sorted(
                np.flatnonzero(acceptable).tolist(), key=lambda o: (money_key(float(score[o])), o)
            )
        return next((o for o in candidates if self._parties_agree(scores, row, c, o)), None)

    def _parties_agree(self, scores: OptionScores, row: int, c: int, option: int) -> bool:
        """Whether the partner of an option, and the members of the partner's joint unit, would each
        accept it (its own gain plus the duty's weight on this force's gain not negative, Police Act
        1996 s.22A as amended 2011), and whether the force's own policing body would sign it (its
        worth plus the duty's weight on the other parties' gain, ``PCCAgent.signs``): every figure
        from the expected accounts with and without the change (``abm.proposals``), the accounts
        the signatures are on. A chief consults its body before proposing, so it does not put to
        it, year after year, a deal it will refuse."""
        kind = scores.kind(option)
        if kind in ("own", "national"):
            return True
        model = self.model
        partner = int(scores.partner[row, c, option])
        effects = proposals.effects(model, [Change(self.index, c, kind, partner)])
        gains = effects.gain(model.params.value_of_harm_gbp / 1e6)
        proposer = float(scores.fallback_score[row, c] - scores.score[row, c, option])
        duty, others = model.duty, self.parties_to(partner, c)
        if not all(not_negative(gains[j] + duty * proposer) for j in others):
            return False
        setup = float(scores.setup[row, c, option])
        return model.pcc_of(self.index).would_sign(effects, others, setup, model.weight_on_others(c, False))

    def parties_to(self, partner: int, c: int) -> list[int]:
        """The other parties to an agreement with ``partner`` for c: the partner and, if it leads a
        joint unit, its members."""
        members = self.model.arrangements.members_of(partner, c).tolist()
        return [j for j in (partner, *members) if j != self.index]

    # --- the regional tier --------------------------------------------------------------------
    def regional_candidates(self, considered: np.ndarray) -> list[tuple[int, str, list[int]]]:
        """The regional changes open to the force for the capabilities under review that have
        cross-border work: (capability, join_region | form_region | leave_region, the forces that
        would change). Their effects are worked out for the whole meeting at once (``review``)."""
        model, f = self.model, self.index
        upper = model.demand.upper[f]
        found = []
        for c in np.flatnonzero(considered & (upper > 0)).tolist():
            if (f, c) in model.negotiations or model.home_secretary.requires_national(c):
                continue
            kind = self._regional_kind(c)
            joiners = self._joiners(c, kind)
            if kind == "form_region" and len(joiners) < 2:
                continue  # a region of one: no unit to form
            found.append((c, kind, joiners))
        return found

    def _review_regional(
        self, scores: OptionScores, row: int, regional: list[tuple[int, str, proposals.Effects]]
    ) -> None:
        """Whether the force should belong to its region's unit for each capability under review
        with cross-border work: join it (or propose forming it with the region's other forces, when
        it has none) or leave it (its policing body decides, with notice), when that scores better
        by the switching threshold on the expected accounts and its policing body would agree."""
        for c, kind, effect in regional:
            if (self.index, c) in self.model.negotiations:
                continue
            gain = self._regional_gain(scores, row, c, effect, kind)
            if gain is not None:
                self._propose_regional(c, kind, effect, gain)

    def _regional_kind(self, c: int) -> str:
        arr = self.model.arrangements
        if arr.member[self.index, c]:
            return "leave_region"
        return "join_region" if len(arr.region_members(arr.region[self.index], c)) else "form_region"

    def _joiners(self, c: int, kind: str) -> list[int]:
        """Who would join: this force, or to form a unit, every active force of its region."""
        model, arr = self.model, self.model.arrangements
        if kind != "form_region":
            return [self.index]
        return [int(j) for j in arr.region_forces(self.index) if model.active[j]]

    def _regional_gain(self, scores: OptionScores, row: int, c: int, effects, kind: str) -> float | None:
        """The chief's gain from the regional change, if it beats the switching threshold and its
        policing body (and, to join, the unit's members) would agree; else None."""
        model, f = self.model, self.index
        value, duty = model.params.value_of_harm_gbp / 1e6, model.weight_on_others(c, regional=True)
        setup = float(model.economics.setup_per_year[c]) if kind != "leave_region" else 0.0
        weight = float(scores.cost_weight[row])
        gain = -(weight * (float(effects.money[f]) + setup) + value * float(effects.harm[f]))
        base = abs(float(scores.current_score[row, c])) if np.isfinite(scores.current_score[row, c]) else 0.0
        if not clearly_less(model.params.switching_threshold * base, gain):
            return None
        gains = effects.gain(value)
        members = self.model.arrangements.region_members(self.model.arrangements.region[f], c).tolist()
        others = [j for j in range(model.forces.count) if j != f and abs(gains[j]) > MONEY_TOLERANCE_GBP_M]
        own, other = model.pcc_of(f).signs_effects(effects, others, setup)
        if not not_negative(own + duty * other):
            return None
        if kind == "join_region" and not all(not_negative(gains[j] + duty * gain) for j in members):
            return None
        return gain

    def _propose_regional(self, c: int, kind: str, effects, gain: float) -> None:
        """Open the talks (or give the notice) for a regional change, and say why."""
        model, arr, f = self.model, self.model.arrangements, self.index
        r = int(arr.region[f])
        region, label = arr.region_names[r], in_sentence(model.caps.labels[c])
        money = float(effects.money[f])
        what = {
            "join_region": f"join the {region} regional {label} unit",
            "form_region": f"form a {region} regional {label} unit with the region's forces",
            "leave_region": f"leave the {region} regional {label} unit (its policing body decides)",
        }[kind]
        reason = (
            f"{self.name} seeks to {what}: its cross-border work "
            f"{'to the region' if kind != 'leave_region' else 'back to its own arrangement'}; "
            f"{'saves' if money < 0 else 'costs'} £{abs(money):.2f}m a year, worth £{gain:.2f}m a year to its chief "
            "in money and harm"
        )
        parties = len(self._joiners(c, kind)) + len(arr.region_members(r, c))
        due = model.steps + self._regional_lead_time(kind, parties)
        host = int(arr.regional_host[r, c])
        model.negotiations.open(Proposal(f, c, kind, OWN, host, due, reason))
        model.events.log(model, f, c, "proposes", partner=host,
                         reason=reason, money=money)  # fmt: skip

    def _regional_lead_time(self, kind: str, parties: int) -> int:
        """Quarters until a regional change takes effect: notice to leave, talks among the parties
        to join or form."""
        params = self.model.params
        if kind == "leave_region":
            return max(1, params.exit_notice_quarters)
        talk = (
            params.negotiation_quarters
            * params.negotiation_friction
            * (1.0 + params.negotiation_party_delay * max(parties - 2, 0))
        )
        return max(1, math.ceil(talk - 1e-9))

    def _dissatisfied(self, scores: OptionScores, row: int) -> np.ndarray:
        """Capabilities whose current arrangement scores worse than the chief aspires to; the
        aspirations then move toward what it has now (Cyert and March 1963)."""
        p = self.model.params
        current = scores.current_score[row]
        known = np.isfinite(current)
        if self.aspiration is None:
            self.aspiration = np.where(known, current, 0.0)
        below = ~known | (current > self.aspiration * (1.0 + p.aspiration_tolerance) + MONEY_TOLERANCE_GBP_M)
        self.aspiration = np.where(
            known, self.aspiration + p.aspiration_adaptation * (current - self.aspiration), self.aspiration
        )
        return below

    def answers(self, proposal: Proposal, effects: proposals.Effects, proposer_gain: float) -> bool:
        """As a party to a proposal (its partner, or a member of the partner's joint unit), accept it
        or decline: its own gain on the expected accounts plus the duty's weight on the proposer's
        gain not negative (Police Act 1996 s.22A as amended 2011). A person playing the chief sees
        the same figures and chooses."""
        model = self.model
        gain = float(effects.gain(model.params.value_of_harm_gbp / 1e6)[self.index])
        own = not_negative(gain + model.duty * proposer_gain)
        if not model.controls(self.role):
            return own
        c = proposal.capability
        proposer = model.forces.names[proposal.force]
        facts = {
            "your_gain_gbp_m_a_year": round(gain, 3),
            f"{proposer}_gain_gbp_m_a_year": round(proposer_gain, 3),
        }
        decision = Decision(
            step=model.steps,
            role=self.role,
            kind="answer",
            quarter=model.quarter_label,
            question=f"{proposer} proposes: {proposal.reason}",
            options=(Option("accept", "accept", facts), Option("decline", "decline", facts)),
            model_choice=("accept" if own else "decline",),
            capability=model.caps.names[c],
            partner=model.forces.ids[proposal.force],
        )
        return model.decide(decision) == ("accept",)

    def _propose(self, scores: OptionScores, row: int, c: int, option: int) -> None:
        """Open a negotiation (or give notice) for ``option``, and say why."""
        model = self.model
        kind = scores.kind(option)
        partner = int(scores.partner[row, c, option])
        due = model.steps + self.lead_time(kind, partner, c)
        proposal = Proposal(
            self.index, c, kind, option, partner, due, words.chief_reason(model, self, scores, row, c, option)
        )
        model.negotiations.open(proposal)
        self._notify_users(proposal)
        model.events.log(
            model,
            self.index,
            c,
            "proposes",
            partner=partner,
            reason=proposal.reason,
            money=scores.money[row, c, option] - scores.current_money[row, c],
            minutes=scores.minutes[row, c, option],
        )

    def _ask(self, scores: OptionScores, row: int, c: int, own_choice: int | None, leads: bool) -> int | None:
        """Put the review of one capability to the person playing this chief: keep the current
        arrangement, or any option the scoring found open (the same options, with their facts)."""
        model = self.model
        current = int(scores.current[row, c])
        open_options = [
            o
            for o in np.flatnonzero(np.isfinite(scores.score[row, c])).tolist()
            if o != current and not (leads and o != OWN)
        ]
        if not open_options:
            return own_choice
        keys = {o: self._option_key(scores, row, c, o) for o in open_options}
        label = in_sentence(model.caps.labels[c])
        options = (
            Option("keep", "keep the current arrangement", self._facts(scores, row, c, None)),
            *(
                Option(
                    keys[o],
                    words.option_in_words(model, scores.kind(o), int(scores.partner[row, c, o]), c, label),
                    self._facts(scores, row, c, o),
                )
                for o in open_options
            ),
        )
        decision = Decision(
            step=model.steps,
            role=self.role,
            kind="review",
            quarter=model.quarter_label,
            question=f"How should {self.name} provide {in_sentence(model.caps.labels[c])}?",
            options=options,
            model_choice=(keys[own_choice] if own_choice is not None else "keep",),
            capability=model.caps.names[c],
        )
        chosen = model.decide(decision)[0]
        return next((o for o, key in keys.items() if key == chosen), None)

    def _option_key(self, scores: OptionScores, row: int, c: int, option: int) -> str:
        partner = int(scores.partner[row, c, option])
        kind = scores.kind(option)
        return kind if partner < 0 else f"{kind}:{self.model.forces.ids[partner]}"

    def _facts(self, scores: OptionScores, row: int, c: int, option: int | None) -> dict[str, float | str]:
        """What the chief weighed for an option (None: the current arrangement), in plain units."""
        model = self.model
        value = model.params.value_of_harm_gbp / 1e6
        if option is None:
            return {
                "cost_gbp_m_a_year": round(float(scores.current_money[row, c]), 3),
                "harm_gbp_m_a_year": round(float(scores.current_harm[row, c]) * value, 3),
            }
        partner = int(scores.partner[row, c, option])
        facts: dict[str, float | str] = {
            "cost_gbp_m_a_year": round(float(scores.money[row, c, option]), 3),
            "harm_gbp_m_a_year": round(float(scores.harm[row, c, option]) * value, 3),
            "response_min": round(float(scores.minutes[row, c, option]), 1),
            "set_up_gbp_m_a_year": round(float(scores.setup[row, c, option]), 3),
            "quarters_to_agree": self.lead_time(scores.kind(option), partner, c),
        }
        if partner >= 0:
            facts["partner"] = model.forces.names[partner]
            facts["trust_in_partner"] = round(model.trust.of(self.index, partner), 2)
        return facts

    def _notify_users(self, proposal: Proposal) -> None:
        """A force that will stop running a unit others use, or a lead taking its joint unit back
        for itself, gives the unit's users notice."""
        arr, c = self.model.arrangements, proposal.capability
        taking_back = proposal.kind == "own" and arr.mode[self.index, c] == Mode.JOINT_LEAD
        if (proposal.kind == "own" and not taking_back) or not arr.hosts_others(self.index, c):
            return
        arr.give_notice(self.index, c)

    def lead_time(self, kind: str, partner: int, c: int) -> int:
        """Quarters until a change takes effect: negotiation with a partner, notice to leave one."""
        model, params = self.model, self.model.params
        arr = model.arrangements
        leaving = arr.mode[self.index, c] in UNDER_AGREEMENT or (
            kind != "own" and arr.hosts_others(self.index, c)
        )
        notice = params.exit_notice_quarters if leaving else 0
        if kind in ("own", "national"):
            return max(1, notice)
        parties = 2 + int(kind == "join") * len(arr.members_of(partner, c))
        trust = model.trust.of(self.index, partner)
        talk = (
            params.negotiation_quarters
            * params.negotiation_friction
            * (1.0 + params.negotiation_party_delay * (parties - 2))
            * (1.0 + params.negotiation_trust_delay * (0.5 - trust))
        )
        return max(1, notice, math.ceil(talk - 1e-9))  # a whole number of quarters stays whole


def options_open(model, scores: OptionScores) -> np.ndarray:
    """For every force scored (row r is ``scores.forces[r]``), which options of each capability its
    chief could propose, (forces, C, O): better than the current arrangement by the switching
    threshold, not the current one (a lead only takes its unit back alone), and signable by its
    policing body (``would_sign_options``). Asked for all the forces reviewing at a meeting at
    once: nothing a review does before another's changes these figures."""
    current = scores.current_score
    margin = switching_margin(model.params, current)
    better = scores.score < (current - margin - MONEY_TOLERANCE_GBP_M)[:, :, None]
    now = scores.current
    rows, caps = np.nonzero(now >= 0)
    better[rows, caps, now[rows, caps]] = False
    better[model.arrangements.mode[scores.forces] == Mode.JOINT_LEAD, 1:] = False
    bodies = [model.pcc_of(int(f)) for f in scores.forces]
    every = np.arange(model.caps.count)
    return better & would_sign_options(bodies, scores, np.arange(len(bodies)), every)


def switching_margin(params, current: np.ndarray | float) -> np.ndarray:
    """How much better than the current score an option must be for a chief to change
    (``switching_threshold`` x |current|; no margin where the current score is infinite: a gap)."""
    return params.switching_threshold * np.abs(np.where(np.isfinite(current), current, 0.0))
