"""Negotiations in progress, and how one ends: signed, refused, or collapsed.

A chief's proposal (``crossforce_agents.force``), a new PCC's notice on an inherited agreement
(``crossforce_agents.pcc``) or a Home Secretary's direction (``crossforce_agents.home_secretary``) becomes a
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

from abm import proposals
from abm.capabilities import in_sentence
from abm.modes import OPERATES, Contract, Mode
from abm.numerics import MONEY_TOLERANCE_GBP_M, clearly_less, money_words, not_negative
from abm.proposals import Change
from abm.scoring import score_options


@dataclass
class Proposal:
    """A change a force has decided to seek, completed at ``due_step`` if still worth it.

    A strategic alliance is one proposal for several capabilities (``items``: each capability and
    the option joining the partner's unit); leaving one is one notice for all of them."""

    force: int
    capability: int
    kind: str  # own | national | buy_payg | buy_subscription | join | form_alliance | join_alliance | leave_alliance
    # | join_region | form_region | leave_region
    option: int
    partner: int
    due_step: int
    reason: str
    imposed_by: str = ""  # "Home Secretary" (a direction) or "PCC" (notice): binding, not re-scored
    delayed: bool = False  # the Home Secretary has already made the unit continue once
    items: tuple[tuple[int, int], ...] = ()  # a package: (capability, option) for each capability
    alliance: int = -1  # the alliance a package leaves

    def __post_init__(self) -> None:
        if not self.items:
            self.items = ((self.capability, self.option),)

    @property
    def capabilities(self) -> tuple[int, ...]:
        return tuple(c for c, _ in self.items)

    @property
    def contract(self) -> Contract:
        return {"buy_payg": Contract.PAYG, "buy_subscription": Contract.SUBSCRIPTION}.get(
            self.kind, Contract.NONE
        )


#: proposals on the regional tier
REGIONAL_KINDS = ("join_region", "form_region", "leave_region")


class Negotiations:
    """The book of proposals in progress, keyed by (force, capability): a package is held under
    each of its capabilities, and concluded once."""

    def __init__(self) -> None:
        self._open: dict[tuple[int, int], Proposal] = {}

    def __len__(self) -> int:
        return len({id(p) for p in self._open.values()})

    def __contains__(self, key: tuple[int, int]) -> bool:
        return key in self._open

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._open)

    def get(self, key: tuple[int, int]) -> Proposal | None:
        return self._open.get(key)

    def open(self, proposal: Proposal) -> None:
        for c in proposal.capabilities:
            self._open[(proposal.force, c)] = proposal

    def due(self, step: int) -> list[tuple[int, int]]:
        """Keys of the proposals due by ``step`` (one per proposal), in (force, capability) order."""
        return sorted(key for key, p in self._open.items() if p.due_step <= step and key[1] == p.capability)

    def close(self, key: tuple[int, int]) -> Proposal:
        proposal = self._open[key]
        for c in proposal.capabilities:
            self._open.pop((proposal.force, c), None)
        return proposal

    def drop_force_capability(self, force: int, c: int) -> None:
        """A force's talks on c lapse (a requirement overrides them)."""
        if (force, c) in self._open:
            self.close((force, c))

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
        if not _users_still_arranging(model, model.negotiations.get(key))
        and not model.home_secretary.delays_break_up(model.negotiations.get(key))
    ]
    if not due:
        return
    forces = np.array(sorted({f for f, _ in due}))
    scores = score_options(model, forces)
    row_of = {int(f): r for r, f in enumerate(forces)}
    for key in due:
        proposal = model.negotiations.close(key)
        for c in proposal.capabilities:
            model.arrangements.end_notice(proposal.force, c)
        conclude(model, proposal, scores, row_of[proposal.force])


def _users_still_arranging(model, proposal: Proposal) -> bool:
    """A force whose change closes a unit that serves other forces keeps the unit running, under
    notice, until its users' talks on their new arrangements have ended (a collaboration agreement
    binds its lead as well as its members); the change is then due a quarter later."""
    arr = model.arrangements
    f, c = proposal.force, proposal.capability
    closes = proposal.kind != "own" or arr.mode[f, c] == Mode.JOINT_LEAD
    if not closes or not arr.hosts_others(f, c):
        return False
    if any((int(u), c) in model.negotiations for u in arr.users_of(f, c)):
        proposal.due_step = model.steps + 1
        return True
    return False


def conclude(model, proposal: Proposal, scores, row: int) -> None:
    """Sign one proposal if both sides still gain and the policing bodies approve (see module
    docstring); log what happened. A package is judged as a whole."""
    f, c, partner = proposal.force, proposal.capability, proposal.partner
    if proposal.kind == "leave_alliance":
        _leave_alliance(model, proposal)
        return
    if proposal.kind in REGIONAL_KINDS:
        _conclude_regional(model, proposal, scores, row)
        return
    if _overtaken(model, proposal):
        return
    if proposal.kind == "join_alliance":  # an alliance's units are scored on the accounts only
        _conclude_joining(model, proposal, scores, row)
        return
    names = model.forces.names
    option_score = sum(scores.score[row, k, o] for k, o in proposal.items)
    current = sum(scores.current_score[row, k] for k, _ in proposal.items)
    still_gains = np.isfinite(option_score) and not clearly_less(current, option_score)
    if not still_gains and not (proposal.imposed_by and np.isfinite(option_score)):
        who = (
            f"{names[f]} and {names[partner]} no longer both gain"
            if partner >= 0
            else f"{names[f]} no longer gains from the change"
        )
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=who)
        return
    notes: list[str] = []
    if not proposal.imposed_by and proposal.kind != "own":  # taking a capability back needs notice only
        agreed = _accepted_and_signed(model, proposal, scores, row)
        if agreed is None:
            return
        notes += agreed
    _carry_out(model, proposal)
    if proposal.kind == "form_alliance":
        action = "forms alliance"
    else:
        action = (
            "directed"
            if proposal.imposed_by == "Home Secretary"
            else ("agreed" if partner >= 0 else "changed")
        )
    money = sum(scores.money[row, k, o] - scores.current_money[row, k] for k, o in proposal.items)
    reason = " ".join([proposal.reason, *(note[0].upper() + note[1:] + "." for note in notes)])
    model.events.log(model, f, c, action, partner=partner, reason=reason, money=money,
                     minutes=scores.minutes[row, c, proposal.option])  # fmt: skip


def _overtaken(model, proposal: Proposal) -> bool:
    """Whether another agreement concluded meanwhile has changed the partner's position so that
    the proposal can no longer be carried out (logged as talks collapsed)."""
    f, c, partner = proposal.force, proposal.capability, proposal.partner
    names, arr = model.forces.names, model.arrangements
    gone = [k for k, _ in proposal.items if partner >= 0 and arr.mode[partner, k] not in OPERATES]
    if gone:
        reason = f"{names[partner]} no longer runs a {in_sentence(model.caps.labels[gone[0]])} unit"
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=reason)
        arr.set_review(f, c, arr.mode[f, c] == Mode.NONE)
        return True
    if proposal.kind == "join_alliance" and not arr.alliances[proposal.alliance].members:
        model.events.log(
            model, f, c, "talks collapsed", partner=partner, reason="the alliance ended meanwhile"
        )
        return True
    taken = [k for k in proposal.capabilities if len(arr.members_of(partner, k))]
    if proposal.kind == "form_alliance" and taken:  # its unit took other members meanwhile
        reason = f"{names[partner]} now runs its {in_sentence(model.caps.labels[taken[0]])} unit jointly with others"
        model.events.log(model, f, c, "talks collapsed", partner=partner, reason=reason)
        return True
    return False


def _accepted_and_signed(model, proposal: Proposal, scores, row: int) -> list[str] | None:
    """Every partner's chief accepts and every party's policing body signs, on the expected
    accounts: the notes to log (who accepted under the duty), or None if anyone said no."""
    f, c, partner = proposal.force, proposal.capability, proposal.partner
    names = model.forces.names
    effects = proposal_effects(model, proposal)
    proposer_gain = sum(
        float(scores.fallback_score[row, k] - scores.score[row, k, o]) for k, o in proposal.items
    )
    parties = parties_of(model, proposal)
    gains = effects.gain(model.params.value_of_harm_gbp / 1e6)
    notes: list[str] = []
    for j in parties:
        if not model.force_agent(j).answers(proposal, effects, proposer_gain):
            reason = f"the chief of {names[j]} declined {names[f]}'s proposal"
            model.events.log(model, f, c, "refused", partner=partner, reason=reason)
            return None
        if gains[j] < -MONEY_TOLERANCE_GBP_M:
            notes.append(
                f"the chief of {names[j]} accepts under the duty to collaborate (costs it £{-gains[j]:.2f}m a year)"
            )
    setup = sum(float(scores.setup[row, k, o]) for k, o in proposal.items)
    signed, why = sign_all(model, proposal, effects, [f, *parties], setup)
    return [*notes, *why] if signed else None


def _conclude_joining(model, proposal: Proposal, scores, row: int) -> None:
    """A force joins an alliance if it still gains on the expected accounts, every member's chief
    accepts and every party's policing body signs."""
    f, c, names = proposal.force, proposal.capability, model.forces.names
    if not model.arrangements.has_room(proposal.alliance):
        model.events.log(model, f, c, "talks collapsed", partner=proposal.partner,
                         reason=f"the alliance {names[f]} would join has taken all the members it can")  # fmt: skip
        return
    effects = proposal_effects(model, proposal)
    value = model.params.value_of_harm_gbp / 1e6
    setup = float(model.economics.setup_per_year[list(proposal.capabilities)].sum())
    gain = -(
        float(scores.cost_weight[row]) * (float(effects.money[f]) + setup) + value * float(effects.harm[f])
    )
    if not not_negative(gain):
        model.events.log(model, f, c, "talks collapsed", partner=proposal.partner,
                         reason=f"{names[f]} no longer gains from joining the alliance")  # fmt: skip
        return
    parties = parties_of(model, proposal)
    for j in parties:
        if not model.force_agent(j).answers(proposal, effects, gain):
            model.events.log(model, f, c, "refused", partner=proposal.partner,
                             reason=f"the chief of {names[j]} declined {names[f]}'s joining")  # fmt: skip
            return
    signed, notes = sign_all(model, proposal, effects, [f, *parties], setup)
    if not signed:
        return
    _carry_out(model, proposal)
    reason = " ".join([proposal.reason, *(n[0].upper() + n[1:] + "." for n in notes)])
    model.events.log(model, f, c, "joins alliance", partner=proposal.partner, reason=reason,
                     money=float(effects.money[f]))  # fmt: skip


def proposal_effects(model, proposal: Proposal):
    """What the proposal would do to every party (``abm.proposals``)."""
    if proposal.kind == "join_alliance":
        shares = alliance_shares(model, proposal)

        def join(twin) -> None:
            twin.join_alliance(proposal.force, proposal.alliance, shares)

        return proposals.effects_of(model, join, proposal.capabilities)
    if proposal.kind == "form_alliance":
        shares = alliance_shares(model, proposal)
        caps = proposal.capabilities

        def form(twin) -> None:
            twin.form_alliance(proposal.partner, [proposal.force], caps, shares, model.steps)

        return proposals.effects_of(model, form, caps)
    return proposals.effects(
        model, [Change(proposal.force, proposal.capability, proposal.kind, proposal.partner)]
    )


def parties_of(model, proposal: Proposal) -> list[int]:
    """The other parties who must accept: the partner, and the members of a joint unit it leads
    (for an alliance, every member)."""
    if proposal.kind == "join_alliance":
        return list(model.arrangements.alliances[proposal.alliance].members)
    if proposal.partner < 0:
        return []
    return model.force_agent(proposal.force).parties_to(proposal.partner, proposal.capability)


def sign_all(
    model, proposal: Proposal, effects, parties: list[int], setup: float, regional: bool = False
) -> tuple[bool, list[str]]:
    """Every party's policing body signs, proposer first (Police Act 1996 s.22A), each weighing the
    change to itself and, under the duty, to the other parties; the proposer bears its set-up
    cost. Returns (all signed, notes); a refusal is logged."""
    notes = []
    f, c = proposal.force, proposal.capability
    for j in parties:
        others = [k for k in parties if k != j]
        weight = model.weight_on_others(c, regional)
        signed, why = model.pcc_of(j).signs(proposal, effects, others, setup if j == f else 0.0, weight)
        if not signed:
            model.events.log(model, f, c, "refused", partner=proposal.partner, reason=why)
            model.hmic.note_refusal(j, c)
            return False, notes
        notes += [why] if why else []
    return True, notes


def _conclude_regional(model, proposal: Proposal, scores, row: int) -> None:
    """Conclude a regional change. Leaving: the force's policing body decides, weighing what it
    costs the other members under the duty (binding when it gave notice itself). Joining: the unit's
    members' chiefs accept and every party's policing body signs. Forming: the region's forces that
    would sign join together (each weighing the unit with the others who join), if two or more do."""
    f, c = proposal.force, proposal.capability
    arr, names = model.arrangements, model.forces.names
    label = in_sentence(model.caps.labels[c])
    region = arr.region_names[arr.region[f]]
    if proposal.kind == "leave_region":
        if not proposal.imposed_by:  # the policing body decides, weighing what the others lose
            effects = proposals.effects(model, [Change(f, c, "leave_region")])
            others = [int(j) for j in arr.region_members(arr.region[f], c) if j != f]
            weight = model.weight_on_others(c, regional=True)
            signed, _ = model.pcc_of(f).signs(proposal, effects, others, 0.0, weight)
            if not signed:
                body = model.pcc_of(f)
                own, other = body.signs_effects(effects, others, 0.0)
                why = (
                    f"the {body.title} for {names[f]} decides to stay in the {region} regional {label} unit: "
                    f"leaving is worth {money_words(own)} a year to it and {money_words(other)} to the other members"
                )
                model.events.log(model, f, c, "stays", partner=proposal.partner, reason=why)
                return
        arr.leave_region(f, c)
        model.events.log(model, f, c, "leaves regional unit", partner=proposal.partner,
                         reason=f"{names[f]} leaves the {region} regional {label} unit")  # fmt: skip
        return
    joiners = [f] if proposal.kind == "join_region" else _willing_founders(model, proposal, scores, row)
    if len(joiners) + len(arr.region_members(arr.region[f], c)) < 2:
        model.events.log(model, f, c, "talks collapsed", reason=f"too few of the {region} forces would form a regional {label} unit")  # fmt: skip
        return
    effects = proposals.effects(model, [Change(j, c, "join_region") for j in joiners])
    if not _chief_still_gains(model, scores, row, f, c, effects):
        model.events.log(model, f, c, "talks collapsed", reason=f"{names[f]} no longer gains from the {region} regional {label} unit")  # fmt: skip
        return
    members = [int(j) for j in arr.region_members(arr.region[f], c)]
    setup = float(model.economics.setup_per_year[c])
    signed, notes = sign_all(model, proposal, effects, [*joiners, *members], setup, regional=True)
    if not signed:
        return
    for j in joiners:
        arr.join_region(j, c)
    joined = ", ".join(names[j] for j in joiners)
    action = "joins regional unit" if proposal.kind == "join_region" else "forms regional unit"
    reason = " ".join([f"{joined} {'joins' if len(joiners) == 1 else 'join'} the {region} regional {label} unit.",
                       *(n[0].upper() + n[1:] + "." for n in notes)])  # fmt: skip
    model.events.log(model, f, c, action, partner=int(arr.regional_host[arr.region[f], c]), reason=reason,
                     money=float(effects.money[f]))  # fmt: skip


def _chief_still_gains(model, scores, row: int, f: int, c: int, effects) -> bool:
    """Whether a regional change still leaves the proposing chief no worse off, in its own terms."""
    value = model.params.value_of_harm_gbp / 1e6
    weight = float(scores.cost_weight[row])
    setup = float(model.economics.setup_per_year[c])
    return not_negative(-(weight * (float(effects.money[f]) + setup) + value * float(effects.harm[f])))


def _willing_founders(model, proposal: Proposal, scores, row: int) -> list[int]:
    """The region's forces that would found its unit together: start from all of them and drop, one
    round at a time, those whose chiefs or policing bodies would not agree to the unit the rest
    form (each weighing the change to itself and, under the duty, to the others); the proposer
    stays to the end, and is judged by its own talks' conclusion."""
    f, c = proposal.force, proposal.capability
    arr = model.arrangements
    duty, value = model.weight_on_others(c, regional=True), model.params.value_of_harm_gbp / 1e6
    setup = float(model.economics.setup_per_year[c])
    joiners = [int(j) for j in arr.region_forces(f) if model.active[j] and not arr.member[j, c]]
    while len(joiners) >= 2:
        effects = proposals.effects(model, [Change(j, c, "join_region") for j in joiners])
        gains = effects.gain(value)
        unwilling = []
        for j in joiners:
            if j == f:
                continue
            others = float(sum(gains[k] for k in joiners if k != j))
            own = model.pcc_of(j).worth_of_effects(effects, setup)
            if not (not_negative(gains[j] - setup + duty * others) and not_negative(own + duty * others)):
                unwilling.append(j)
        if not unwilling:
            return joiners
        joiners = [j for j in joiners if j not in unwilling]
    return joiners


def _leave_alliance(model, proposal: Proposal) -> None:
    """A notice on an alliance has run its course: the force leaves it, whole."""
    arr, names = model.arrangements, model.forces.names
    alliance = arr.alliances[proposal.alliance]
    if proposal.force not in alliance.members:
        return  # the alliance ended while the notice ran
    partner = (
        alliance.lead
        if alliance.lead != proposal.force
        else next(m for m in alliance.members if m != proposal.force)
    )
    arr.leave_alliance(proposal.force, proposal.alliance)
    ended = not alliance.members
    reason = f"{names[proposal.force]} leaves its strategic alliance" + (
        "; the alliance ends" if ended else ""
    )
    model.events.log(
        model,
        proposal.force,
        proposal.capability,
        "alliance ended" if ended else "leaves alliance",
        partner=partner,
        reason=reason,
    )


def _carry_out(model, proposal: Proposal) -> None:
    """Change the arrangement the proposal agreed."""
    if proposal.kind == "form_alliance":
        model.arrangements.form_alliance(
            proposal.partner,
            [proposal.force],
            proposal.capabilities,
            alliance_shares(model, proposal),
            model.steps,
        )
        return
    if proposal.kind == "join_alliance":
        model.arrangements.join_alliance(proposal.force, proposal.alliance, alliance_shares(model, proposal))
        return
    proposals.apply(
        model.arrangements,
        Change(proposal.force, proposal.capability, proposal.kind, proposal.partner),
        model,
    )


def alliance_shares(model, proposal: Proposal) -> dict[int, float]:
    """The cost split an alliance agrees when it forms, or when a force joins it, fixed until its
    members change (``alliance_cost_split``): by the partners' populations, by their demand for the
    capabilities it covers, or equally."""
    if proposal.kind == "join_alliance":
        parties = [*model.arrangements.alliances[proposal.alliance].members, proposal.force]
    else:
        parties = [proposal.partner, proposal.force]
    return split_by_rule(model, parties, proposal.capabilities)


def split_by_rule(model, parties: list[int], capabilities: tuple[int, ...]) -> dict[int, float]:
    """Shares of an alliance's costs among ``parties`` by ``alliance_cost_split``."""
    rule = model.params.alliance_cost_split
    if rule == "population":
        weight = [float(model.forces.population[f]) for f in parties]
    elif rule == "demand":
        weight = [float(model.demand.expected[f, list(capabilities)].sum()) for f in parties]
    else:
        weight = [1.0] * len(parties)
    total = sum(weight)
    return {f: w / total for f, w in zip(parties, weight, strict=True)}
