"""What each option would cost a force, in money and harm, as its chief sees it.

For every reviewing force and capability the chief compares, on one yearly scale in GBP m:
  own        run its own unit (hold it; keep hosting any current buyers)
  national   use the national provider (where one exists)
  buy        buy from a nearby force's unit, pay-as-you-go or by subscription
  join       join a nearby joint unit, or form one with a force that holds the capability

  score = cost weight x (money + set-up cost spread over the planning horizon)
        + value of harm x expected harm

The cost weight is the value of money to the force (its budget's pressure). Expected harm counts
unmet, late or poorly skilled service (seed 004 §2.2) and, for a partner's unit, the chance the
partner does not deliver as the chief believes it (trust, learned from experience), weighted by
the chief's aversion to that risk (seed 000: chiefs "must have confidence access is guaranteed").
The chief's score holds the chief's motives only: the value of local control is the policing
body's and its voters' (``abm.agents.pcc``).

Options a partner chief would refuse are scored infinite: a partner accepts when its own gain plus
the duty's weight on the proposer's gain is not negative (Police Act 1996 s.22A as amended 2011:
give effect to a collaboration that serves the efficiency or effectiveness of another force even
when one's own does not gain).

Each option has its own small compiled kernel (``own_option``, ``national_option``,
``buy_payg_option``, ``buy_subscription_option``, ``join_option``, ``lead_current``), each taking
named records (``UnitEconomics``, ``ScoringSettings``) and plain numbers, so it can be read and
tested on its own; ``score_rows`` runs them over (reviewing forces, capabilities, options).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from abm.economics import (
    coverage_effect,
    late_fraction,
    proficiency_ratio,
    settled_skill,
    teams_needed,
)
from abm.modes import (
    MODE_BUY,
    MODE_JOINT_LEAD,
    MODE_JOINT_MEMBER,
    MODE_NATIONAL,
    MODE_NONE,
    MODE_OWN,
    PAYG,
    SUBSCRIPTION,
)
from abm.params import ModelParams

OWN, NATIONAL = 0, 1  # option indices; then K buy-PAYG, K buy-subscription, K join options
OPTION_KINDS = ("own", "national", "buy_payg", "buy_subscription", "join")


class ScoringSettings(NamedTuple):
    """The behavioural parameters the scoring reads (from the schema, ``abm/params.py``)."""

    headroom: float
    skill_harm_share: float
    skill_learning_rate: float
    harm_value: float  # GBP m per crime-harm-index day
    duty: float
    risk_aversion: float
    subscription_minimum_share: float
    subscription_markup: float
    budget_elasticity: float
    budget_weight_floor: float
    budget_weight_cap: float
    national_skill: float

    @classmethod
    def from_params(cls, p: ModelParams) -> ScoringSettings:
        return cls(
            p.capacity_headroom,
            p.skill_harm_share,
            p.skill_learning_rate,
            p.value_of_harm_gbp / 1e6,
            p.duty_strength,
            p.risk_aversion,
            p.subscription_minimum_share,
            p.subscription_markup,
            p.budget_pressure_elasticity,
            p.budget_weight_floor,
            p.budget_weight_cap,
            p.national_skill,
        )


class World(NamedTuple):
    """What the scoring reads of the world besides the arrangements."""

    expected: np.ndarray  # (F, C) expected demand a year
    trust: np.ndarray  # (F, F)
    response: np.ndarray  # (F, F, C) minutes from a unit at h to an incident in f: [f, h, c]
    shortlist: np.ndarray  # (F, K-1) candidate partners
    population: np.ndarray  # (F,)
    weights: np.ndarray  # (F, C) each force's weight in a joint unit's cost split


class UnitLoads(NamedTuple):
    """Per unit (h, c): expected yearly load (committed, pay-as-you-go), buyers' revenue, total
    partner weight in a joint unit, and the population it covers."""

    committed: np.ndarray
    payg: np.ndarray
    revenue: np.ndarray
    weight_total: np.ndarray
    covered: np.ndarray


class Scored(NamedTuple):
    """Every option of every (reviewing force, capability): arrays (R, C, O) unless stated."""

    score: np.ndarray
    money: np.ndarray  # GBP m a year (before the budget-pressure weight)
    harm: np.ndarray  # crime harm index days a year
    minutes: np.ndarray  # response time of the option
    partner: np.ndarray  # force index of the partner (-1: none)
    current: np.ndarray  # (R, C) option index of the current arrangement (-1: none / lead)
    current_score: np.ndarray  # (R, C)
    current_money: np.ndarray  # (R, C)
    current_harm: np.ndarray  # (R, C)
    cost_weight: np.ndarray  # (R,)
    best: np.ndarray  # (R, C) the best option (the first, if tied)
    best_score: np.ndarray  # (R, C)
    setup: np.ndarray  # set-up cost a year of the option
    feasible: np.ndarray  # bool: the option exists (a partner runs a unit, ...)
    partner_gain: np.ndarray  # the partner chief's own yearly gain from the option
    keep: np.ndarray  # bool: an agreement already in place with that partner
    lead_money: np.ndarray  # (R, C) a joint unit's lead: its share of the unit's cost
    lead_harm: np.ndarray  # (R, C)


# --- one kernel per option -------------------------------------------------------------------------
@njit(cache=True)
def own_option(econ, s, c, lam, extra_load, revenue, covered, minutes):
    """Run its own unit: sized for its demand plus any buyers it keeps (``extra_load``), paying the
    unit's cost less what the buyers pay (``revenue``); the skill the unit settles at for its use,
    times its reach over the population it covers; lateness at its response time.
    Returns (money GBP m a year, harm CHI days a year)."""
    load = lam + extra_load
    teams = teams_needed(load, econ.capacity[c], s.headroom)
    money = econ.fixed[c] * teams + econ.per_use[c] * load - revenue
    ratio = proficiency_ratio(load / teams, econ.inv_proficiency[c], econ.no_proficiency[c])
    quality = settled_skill(ratio, s.skill_learning_rate, econ.decay[c])
    quality *= coverage_effect(covered, econ.inv_scope[c], econ.no_scope[c])
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    return money, lam * econ.harm_weight[c] * (late + s.skill_harm_share * (1 - quality))


@njit(cache=True)
def national_option(econ, s, c, lam):
    """Use the national provider: its price per use plus governing the agreement; its fixed
    response time and skill. Returns (money, harm, minutes)."""
    money = lam * econ.national_price[c] + econ.transaction_cost[c]
    minutes = econ.national_response_min[c]
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    harm = lam * econ.harm_weight[c] * (late + s.skill_harm_share * (1 - s.national_skill))
    return money, harm, minutes


@njit(cache=True)
def undelivered_harm(lam, econ, s, c, reliability, service_harm):
    """Expected harm from a partner's unit: with the chance the chief believes the partner fails
    to deliver (1 - trust), the whole harm of an incident, weighted by the chief's aversion to
    that risk; otherwise the harm of the service it gives."""
    failure = 1.0 - reliability
    return lam * econ.harm_weight[c] * (failure * (1.0 + s.risk_aversion) + reliability * service_harm)


@njit(cache=True)
def buy_payg_option(econ, s, c, lam, host_teams, host_load, host_skill, minutes, reliability):
    """Buy pay-as-you-go: served only from the host's spare capacity (``host_load`` is its load
    without this buyer), so what does not fit is unmet. Returns (money, harm, the host's own gain:
    what the buyer pays over the cost of each use, less the cost of governing the agreement)."""
    spare = max(host_teams * econ.capacity[c] - host_load, 0.0)
    unserved = min(max(1.0 - spare / lam, 0.0), 1.0) if lam > 0 else 0.0
    money = lam * econ.payg_price[c] + econ.transaction_cost[c]
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    served_harm = late + s.skill_harm_share * (1 - host_skill)
    harm = undelivered_harm(lam, econ, s, c, reliability, unserved + (1 - unserved) * served_harm)
    host_gain = (1 - unserved) * lam * (econ.payg_price[c] - econ.per_use[c]) - econ.transaction_cost[c]
    return money, harm, host_gain


@njit(cache=True)
def buy_subscription_option(econ, s, c, lam, host_load, host_skill, minutes, reliability):
    """Buy by subscription: reserved capacity for the buyer's demand, so the host may need more
    teams; the fee is a mark-up on the teams' cost, with a minimum. Returns (money, harm, the
    host's own gain: the fee less any extra team and the cost of governing the agreement)."""
    fixed, cap = econ.fixed[c], econ.capacity[c]
    fee = max(s.subscription_minimum_share * fixed, s.subscription_markup * lam * fixed / cap)
    teams_with = teams_needed(host_load + lam, cap, s.headroom)
    teams_without = teams_needed(host_load, cap, s.headroom)
    money = fee + econ.per_use[c] * lam + econ.transaction_cost[c]
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    harm = undelivered_harm(lam, econ, s, c, reliability, late + s.skill_harm_share * (1 - host_skill))
    host_gain = fee - fixed * max(teams_with - teams_without, 0.0) - econ.transaction_cost[c]
    return money, harm, host_gain


@njit(cache=True)
def join_option(
    econ, s, c, lam, lam_lead, weight, lead_weight, weight_without, load_without, lead_revenue,
    covered_without, population, lead_leads, minutes, reliability,
):  # fmt: skip
    """Join the joint unit led by another force (or form one with a force that holds alone): the
    unit is resized for the new member, its net cost split by weight; skill and reach follow the
    unit's use and the population it covers. ``*_without``: the unit without this force.
    Returns (money, harm, the lead's own gain in money and harm from taking the member in)."""
    fixed, per_use, cap = econ.fixed[c], econ.per_use[c], econ.capacity[c]
    load_with = load_without + lam
    teams_with = teams_needed(load_with, cap, s.headroom)
    teams_without = teams_needed(load_without, cap, s.headroom)
    net_with = fixed * teams_with + per_use * load_with - lead_revenue
    net_without = fixed * teams_without + per_use * load_without - lead_revenue
    weight_with = weight_without + weight
    share = weight / weight_with if weight_with > 0 else 0.0
    lead_share_before = lead_weight / weight_without if weight_without > 0 else 1.0
    lead_share_after = lead_weight / weight_with if weight_with > 0 else 1.0
    inv_p, no_p, lr, decay = (
        econ.inv_proficiency[c],
        econ.no_proficiency[c],
        s.skill_learning_rate,
        econ.decay[c],
    )
    skill_with = settled_skill(proficiency_ratio(load_with / teams_with, inv_p, no_p), lr, decay)
    skill_with *= coverage_effect(covered_without + population, econ.inv_scope[c], econ.no_scope[c])
    skill_without = settled_skill(proficiency_ratio(load_without / teams_without, inv_p, no_p), lr, decay)
    skill_without *= coverage_effect(covered_without, econ.inv_scope[c], econ.no_scope[c])
    money = share * net_with + econ.transaction_cost[c]
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    harm = undelivered_harm(lam, econ, s, c, reliability, late + s.skill_harm_share * (1 - skill_with))
    lead_money_gain = lead_share_before * net_without - lead_share_after * net_with
    lead_money_gain -= 0.0 if lead_leads else econ.transaction_cost[c]
    lead_harm_gain = lam_lead * econ.harm_weight[c] * s.skill_harm_share * (skill_with - skill_without)
    return money, harm, lead_money_gain + lead_harm_gain * s.harm_value


@njit(cache=True)
def lead_current(econ, s, c, lam, unit_load, weight, weight_total, revenue, covered, minutes):
    """A joint unit's lead as it is: its share of the unit's net cost; the unit's settled skill
    and reach; its own response time. Returns (money, harm)."""
    teams = teams_needed(unit_load, econ.capacity[c], s.headroom)
    share = weight / max(weight_total, 1e-12) if weight_total > 0 else 1.0
    money = share * (econ.fixed[c] * teams + econ.per_use[c] * unit_load - revenue)
    ratio = proficiency_ratio(unit_load / teams, econ.inv_proficiency[c], econ.no_proficiency[c])
    quality = settled_skill(ratio, s.skill_learning_rate, econ.decay[c])
    quality *= coverage_effect(covered, econ.inv_scope[c], econ.no_scope[c])
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    return money, lam * econ.harm_weight[c] * (late + s.skill_harm_share * (1 - quality))


@njit(cache=True)
def budget_weight(spend, allocation, s):
    """The weight a chief puts on money: what its current arrangements cost against its allocation
    for specialist capabilities, to the elasticity, within the floor and the cap."""
    pressure = (max(spend, 0.0) / allocation) ** s.budget_elasticity
    return min(max(pressure, s.budget_weight_floor), s.budget_weight_cap)


@njit(cache=True)
def partner_accepts(partner_gain, proposer_gain, duty):
    """A partner accepts when its own gain plus the duty's weight on the proposer's gain is not
    negative (s.22A as amended 2011: give effect to a collaboration that serves another force)."""
    return partner_gain + duty * proposer_gain >= 0


# --- the loops ---------------------------------------------------------------------------------
@njit(cache=True)
def unit_loads(arr, world, econ):
    """Each unit's expected load, revenue, partner weight and covered population (``UnitLoads``)."""
    F, C = arr.mode.shape
    out = UnitLoads(np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)))
    for i in range(F):
        for c in range(C):
            h = arr.provider[i, c]
            if h < 0:
                continue
            lam = world.expected[i, c]
            buying = arr.mode[i, c] == MODE_BUY
            if buying and arr.contract[i, c] == PAYG:
                out.payg[h, c] += lam
                out.revenue[h, c] += lam * econ.payg_price[c]
            else:
                out.committed[h, c] += lam
                if buying and arr.contract[i, c] == SUBSCRIPTION:
                    out.revenue[h, c] += arr.subscription_fee[i, c] + lam * econ.per_use[c]
            if arr.mode[i, c] == MODE_JOINT_LEAD or arr.mode[i, c] == MODE_JOINT_MEMBER:
                out.weight_total[h, c] += world.weights[i, c]
            out.covered[h, c] += world.population[i]
    return out


def empty_scores(R: int, C: int, K: int) -> Scored:
    """Arrays for ``score_rows`` to fill (K = candidate partners, current partner included)."""
    O = 2 + 3 * K
    return Scored(
        score=np.empty((R, C, O)),
        money=np.empty((R, C, O)),
        harm=np.empty((R, C, O)),
        minutes=np.empty((R, C, O)),
        partner=np.full((R, C, O), -1, dtype=np.int64),
        current=np.full((R, C), -1, dtype=np.int64),
        current_score=np.empty((R, C)),
        current_money=np.empty((R, C)),
        current_harm=np.empty((R, C)),
        cost_weight=np.empty(R),
        best=np.zeros((R, C), dtype=np.int64),
        best_score=np.empty((R, C)),
        setup=np.zeros((R, C, O)),
        feasible=np.ones((R, C, O), dtype=np.bool_),
        partner_gain=np.zeros((R, C, O)),
        keep=np.zeros((R, C, O), dtype=np.bool_),
        lead_money=np.zeros((R, C)),
        lead_harm=np.zeros((R, C)),
    )


@njit(cache=True)
def _partner_options(out, r, c, fi, k, g, arr, world, loads, econ, s):
    """Buy (pay-as-you-go, subscription) and join for candidate partner g, slot k."""
    K = (out.score.shape[2] - 2) // 3
    buy_p, buy_s, join = 2 + k, 2 + K + k, 2 + 2 * K + k
    valid = g >= 0
    h = g if valid else 0
    lam, pop_f = world.expected[fi, c], world.population[fi]
    runs_unit = arr.mode[h, c] == MODE_OWN or arr.mode[h, c] == MODE_JOINT_LEAD
    available = valid and arr.teams[h, c] > 0 and runs_unit and not arr.closing[h, c]
    minutes = world.response[fi, h, c]
    reliability = world.trust[fi, h]
    already = arr.provider[fi, c] == h and h != fi
    member = already and arr.mode[fi, c] == MODE_JOINT_MEMBER
    covered_without = loads.covered[h, c] - (pop_f if already else 0.0)
    host_skill = arr.skill[h, c] * coverage_effect(
        covered_without + pop_f, econ.inv_scope[c], econ.no_scope[c]
    )
    load_without = loads.committed[h, c] + loads.payg[h, c] - (lam if already else 0.0)
    out.money[r, c, buy_p], out.harm[r, c, buy_p], out.partner_gain[r, c, buy_p] = buy_payg_option(
        econ, s, c, lam, arr.teams[h, c], load_without, host_skill, minutes, reliability
    )
    out.keep[r, c, buy_p] = already and arr.contract[fi, c] == PAYG
    out.money[r, c, buy_s], out.harm[r, c, buy_s], out.partner_gain[r, c, buy_s] = buy_subscription_option(
        econ, s, c, lam, load_without, host_skill, minutes, reliability
    )
    out.keep[r, c, buy_s] = already and arr.contract[fi, c] == SUBSCRIPTION
    leads = arr.mode[h, c] == MODE_JOINT_LEAD
    weight, lead_weight = world.weights[fi, c], world.weights[h, c]
    weight_without = (loads.weight_total[h, c] if leads else lead_weight) - (weight if member else 0.0)
    out.money[r, c, join], out.harm[r, c, join], out.partner_gain[r, c, join] = join_option(
        econ, s, c, lam, world.expected[h, c], weight, lead_weight, weight_without, load_without,
        loads.revenue[h, c], covered_without, pop_f, leads, minutes, reliability,
    )  # fmt: skip
    out.keep[r, c, join] = member
    if not member:
        out.setup[r, c, join] = econ.setup_per_year[c]
    for o in (buy_p, buy_s, join):
        out.minutes[r, c, o] = minutes
        out.feasible[r, c, o] = available
        out.partner[r, c, o] = g
    out.feasible[r, c, join] = available and h != fi


@njit(cache=True)
def _options(out, r, c, fi, arr, world, loads, econ, s, candidates):
    """Every option of force fi for capability c, and what its current arrangement costs.
    Returns what the force spends on c now (for its budget pressure)."""
    K = candidates.shape[0]
    lam, mode, provider = world.expected[fi, c], arr.mode[fi, c], arr.provider[fi, c]
    unit_load = loads.committed[fi, c] + loads.payg[fi, c]
    operating = arr.teams[fi, c] > 0 and mode in (MODE_OWN, MODE_JOINT_LEAD) and not arr.closing[fi, c]
    own_minutes = world.response[fi, fi, c]
    out.money[r, c, OWN], out.harm[r, c, OWN] = own_option(
        econ, s, c, lam, unit_load - loads.committed[fi, c] if operating else 0.0,
        loads.revenue[fi, c] if operating else 0.0,
        loads.covered[fi, c] if mode == MODE_OWN else world.population[fi], own_minutes,
    )  # fmt: skip
    out.minutes[r, c, OWN] = own_minutes
    if mode != MODE_OWN and mode != MODE_JOINT_LEAD:
        out.setup[r, c, OWN] = econ.setup_per_year[c]
    out.money[r, c, NATIONAL], out.harm[r, c, NATIONAL], out.minutes[r, c, NATIONAL] = national_option(
        econ, s, c, lam
    )
    out.feasible[r, c, NATIONAL] = econ.national_available[c] > 0
    # partners: the shortlist, plus the current partner when it is not on it
    listed = False
    for k in range(K - 1):
        candidates[k] = world.shortlist[fi, k]
        listed = listed or candidates[k] == provider
    elsewhere = provider >= 0 and provider != fi
    candidates[K - 1] = provider if elsewhere and not listed else -1
    match = -1
    for k in range(K):
        if match < 0 and candidates[k] == provider:
            match = k
        _partner_options(out, r, c, fi, k, candidates[k], arr, world, loads, econ, s)
    out.current[r, c] = _current_option(mode, arr.contract[fi, c], match, K)
    out.current_money[r, c] = out.money[r, c, max(out.current[r, c], OWN)]
    if mode == MODE_JOINT_LEAD:
        out.lead_money[r, c], out.lead_harm[r, c] = lead_current(
            econ, s, c, lam, unit_load, world.weights[fi, c], loads.weight_total[fi, c],
            loads.revenue[fi, c], loads.covered[fi, c], own_minutes,
        )  # fmt: skip
        out.current_money[r, c] = out.lead_money[r, c]
    if mode == MODE_NONE:
        return econ.fixed[c] * teams_needed(lam, econ.capacity[c], s.headroom) + econ.per_use[c] * lam
    return out.current_money[r, c]


@njit(cache=True)
def _current_option(mode, contract, match, K):
    """The option index of the current arrangement (-1 for none, for a lead, or a partner off the list)."""
    if mode == MODE_OWN:
        return OWN
    if mode == MODE_NATIONAL:
        return NATIONAL
    if match >= 0 and mode == MODE_BUY and contract == PAYG:
        return 2 + match
    if match >= 0 and mode == MODE_BUY and contract == SUBSCRIPTION:
        return 2 + K + match
    if match >= 0 and mode == MODE_JOINT_MEMBER:
        return 2 + 2 * K + match
    return -1


@njit(cache=True)
def _choose(out, r, c, fi, arr, world, econ, s):
    """Score every option of (force fi, capability c), refuse what partners would refuse, keep the
    current arrangement available, and find the best."""
    O = out.score.shape[2]
    now, lead = out.current[r, c], arr.mode[fi, c] == MODE_JOINT_LEAD
    safe = now if now >= 0 else OWN
    weight = out.cost_weight[r]
    for o in range(O):
        out.score[r, c, o] = (
            weight * (out.money[r, c, o] + out.setup[r, c, o]) + s.harm_value * out.harm[r, c, o]
        )
    gap_harm = world.expected[fi, c] * econ.harm_weight[c]  # no access: every incident's harm
    held = out.score[r, c, safe] if now >= 0 else s.harm_value * gap_harm
    out.current_harm[r, c] = out.harm[r, c, safe] if now >= 0 else gap_harm
    if lead:
        held = weight * out.lead_money[r, c] + s.harm_value * out.lead_harm[r, c]
        out.current_harm[r, c] = out.lead_harm[r, c]
    # what the force falls back on if it finds nothing: its arrangement, or a gap
    fallback = held
    h = arr.provider[fi, c]
    if h >= 0 and h != fi and arr.closing[h, c]:
        held = np.inf  # users of a unit under notice must find another arrangement
        fallback = s.harm_value * gap_harm
    out.current_score[r, c] = held
    for o in range(2, O):
        accepted = partner_accepts(out.partner_gain[r, c, o], fallback - out.score[r, c, o], s.duty)
        out.feasible[r, c, o] = out.feasible[r, c, o] and (accepted or out.keep[r, c, o])
    for o in range(O):
        if not out.feasible[r, c, o]:
            out.score[r, c, o] = np.inf
    if now >= 0:
        out.score[r, c, now] = held  # the current arrangement is always available to keep
    out.best_score[r, c] = out.score[r, c, 0]
    for o in range(1, O):
        if out.score[r, c, o] < out.best_score[r, c]:
            out.best[r, c], out.best_score[r, c] = o, out.score[r, c, o]


@njit(cache=True)
def score_rows(rows, arr, world, econ, s, allocation, out):
    """Fill ``out`` (``empty_scores``) for each reviewing force in ``rows``: every option of every
    capability, the budget pressure, the choice. Compiled because it runs for every review,
    negotiation and inspection."""
    loads = unit_loads(arr, world, econ)
    C = arr.mode.shape[1]
    candidates = np.empty((out.score.shape[2] - 2) // 3, dtype=np.int64)
    for r in range(rows.shape[0]):
        fi = rows[r]
        spend = 0.0
        for c in range(C):
            spend += _options(out, r, c, fi, arr, world, loads, econ, s, candidates)
        out.cost_weight[r] = budget_weight(spend, allocation[r], s)
        for c in range(C):
            _choose(out, r, c, fi, arr, world, econ, s)


class OptionScores:
    """Scores of every option for a set of forces: ``Scored``'s arrays by name (row r is force
    ``forces[r]``), and the names of the options."""

    def __init__(self, forces: np.ndarray, arrays: Scored, candidates: int) -> None:
        self.forces = forces
        self.arrays = arrays
        self.candidates = candidates  # K: partner slots per option kind

    def __getattr__(self, name: str) -> np.ndarray:
        return getattr(self.arrays, name)

    def kind(self, option: int) -> str:
        """Name of an option index (one of ``OPTION_KINDS``)."""
        if option in (OWN, NATIONAL):
            return OPTION_KINDS[option]
        return OPTION_KINDS[2 + (option - 2) // self.candidates]

    def row_of(self, force: int) -> int:
        return int(np.flatnonzero(self.forces == force)[0])


def score_options(model, forces: np.ndarray) -> OptionScores:
    """Score every option of every capability for the given forces (see module docstring)."""
    rows = np.asarray(forces, dtype=np.int64)
    K = model.shortlist.shape[1] + 1
    out = empty_scores(len(rows), model.caps.count, K)
    score_rows(
        rows,
        model.arrangements.state,
        model.scoring_world(),
        model.economics,
        model.scoring_settings,
        model.capability_allocation(rows),
        out,
    )
    return OptionScores(rows, out, K)
