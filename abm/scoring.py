"""What each option would cost a force, in money and harm, as its chief sees it.

For every reviewing force and capability the chief compares, on one yearly scale in GBP m:
  own        run its own unit (hold it; keep hosting any current buyers)
  national   use the national provider (where one exists)
  buy        buy from a nearby force's unit, pay-as-you-go or by subscription
  join       join a nearby joint unit, or form one with a force that holds the capability

  score = cost weight x (money + set-up cost spread over the planning horizon)
        + value of harm x expected harm

The cost weight is the value of money to the force: how far its books are from balancing
(``ForceAgent.money_pressure``). Expected harm counts unmet, late or poorly skilled service (seed
004 §2.2) and, for a partner's unit, the chance the partner does not deliver as the chief believes
it (trust, learned from experience), weighted by the chief's aversion to that risk (seed 000:
chiefs "must have confidence access is guaranteed"). Lateness comes from where a unit's teams are
based: its own bases spread over the area it serves (its own force's, or a joint unit's members'),
or a host's bases across the border (``abm.economics.spread_response``, ``reach_minutes``); a unit
runs as many teams as its load needs, and more where another base saves more harm than it costs
(``coverage_teams``). The chief's score holds the chief's motives only: the value of local control
is the policing body's and its voters' (``abm.agents.pcc``).

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
    coverage_teams,
    late_fraction,
    proficiency_ratio,
    reach_minutes,
    settled_skill,
    spread_response,
    teams_needed,
)
from abm.modes import (
    MODE_BUY,
    MODE_JOINT_LEAD,
    MODE_JOINT_MEMBER,
    MODE_NATIONAL,
    MODE_OWN,
    PAYG,
    SUBSCRIPTION,
)
from abm.numerics import clearly_less, not_negative
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
    area: np.ndarray  # (F,) each force's incident area, km2
    distance: np.ndarray  # (F, F) km between force centroids
    shortlist: np.ndarray  # (F, K-1) candidate partners
    population: np.ndarray  # (F,)
    weights: np.ndarray  # (F, C) each force's weight in a joint unit's cost split


class UnitLoads(NamedTuple):
    """Per unit (h, c): expected yearly load (committed, pay-as-you-go), buyers' revenue, total
    partner weight in a joint unit, the population it covers, and the area its bases spread over
    with the demand in it (its own force's and its joint members')."""

    committed: np.ndarray
    payg: np.ndarray
    revenue: np.ndarray
    weight_total: np.ndarray
    covered: np.ndarray
    base_area: np.ndarray
    base_demand: np.ndarray
    teams: np.ndarray  # the teams the unit's load and area call for now (``unit_teams``)
    lateness: np.ndarray  # the lateness harm share in its area with those teams


class Scored(NamedTuple):
    """Every option of every (reviewing force, capability): arrays (R, C, O) unless stated."""

    score: np.ndarray
    money: np.ndarray  # GBP m a year (before the budget-pressure weight)
    harm: np.ndarray  # crime harm index days a year
    minutes: np.ndarray  # typical (median) response time of the option
    partner: np.ndarray  # force index of the partner (-1: none)
    current: np.ndarray  # (R, C) option index of the current arrangement (-1: none / lead)
    current_score: np.ndarray  # (R, C)
    fallback_score: np.ndarray  # (R, C) what it falls back on if it finds nothing (always finite)
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
@njit(cache=True, inline="always")
def unit_quality(econ, s, c, load, teams, covered):
    """Skill a unit settles at for its use per team, times its reach over the population it covers."""
    ratio = proficiency_ratio(load / teams, econ.inv_proficiency[c], econ.no_proficiency[c])
    skill = settled_skill(ratio, s.skill_learning_rate, econ.decay[c])
    return skill * coverage_effect(covered, econ.inv_scope[c], econ.no_scope[c])


@njit(cache=True, inline="always")
def own_option(econ, s, c, lam, load, teams, revenue, covered, lateness):
    """Run its own unit of ``teams`` teams for ``load`` uses a year (its own demand and any buyers
    it keeps), paying the unit's cost less what the buyers pay (``revenue``); its demand meets the
    unit's settled skill and the ``lateness`` of its bases. Returns (money GBP m a year, harm CHI
    days a year)."""
    money = econ.fixed[c] * teams + econ.per_use[c] * load - revenue
    quality = unit_quality(econ, s, c, load, teams, covered)
    return money, lam * econ.harm_weight[c] * (lateness + s.skill_harm_share * (1 - quality))


@njit(cache=True, inline="always")
def national_option(econ, s, c, lam):
    """Use the national provider: its price per use plus governing the agreement; its fixed
    response time and skill. Returns (money, harm, minutes)."""
    money = lam * econ.national_price[c] + econ.transaction_cost[c]
    minutes = econ.national_response_min[c]
    late = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    harm = lam * econ.harm_weight[c] * (late + s.skill_harm_share * (1 - s.national_skill))
    return money, harm, minutes


@njit(cache=True, inline="always")
def undelivered_harm(lam, econ, s, c, reliability, service_harm):
    """Expected harm from a partner's unit: with the chance the chief believes the partner fails
    to deliver (1 - trust), the whole harm of an incident, weighted by the chief's aversion to
    that risk; otherwise the harm of the service it gives."""
    failure = 1.0 - reliability
    return lam * econ.harm_weight[c] * (failure * (1.0 + s.risk_aversion) + reliability * service_harm)


@njit(cache=True, inline="always")
def buy_payg_option(econ, s, c, lam, host_teams, host_load, host_skill, lateness, reliability):
    """Buy pay-as-you-go: served only from the host's spare capacity (``host_load`` is its load
    without this buyer), so what does not fit is unmet. Returns (money, harm, the host's own gain:
    what the buyer pays over the cost of each use, less the cost of governing the agreement)."""
    spare = max(host_teams * econ.capacity[c] - host_load, 0.0)
    unserved = min(max(1.0 - spare / lam, 0.0), 1.0) if lam > 0 else 0.0
    money = lam * econ.payg_price[c] + econ.transaction_cost[c]
    served_harm = lateness + s.skill_harm_share * (1 - host_skill)
    harm = undelivered_harm(lam, econ, s, c, reliability, unserved + (1 - unserved) * served_harm)
    host_gain = (1 - unserved) * lam * (econ.payg_price[c] - econ.per_use[c]) - econ.transaction_cost[c]
    return money, harm, host_gain


@njit(cache=True, inline="always")
def subscription_fee(econ, s, c, lam):
    """A subscription's yearly fee: the cost of the team capacity reserved for the buyer's expected
    demand (with the planned headroom), marked up, and at least a minimum share of a team's cost."""
    reserved = lam * econ.fixed[c] * (1.0 + s.headroom) / econ.capacity[c]
    return max(s.subscription_minimum_share * econ.fixed[c], s.subscription_markup * reserved)


@njit(cache=True, inline="always")
def buy_subscription_option(econ, s, c, lam, teams_with, teams_without, host_skill, lateness, reliability):
    """Buy by subscription: reserved capacity for the buyer's demand, so the host may need more
    teams (``teams_with`` against ``teams_without``); the fee is a mark-up on the teams' cost, with
    a minimum. Returns (money, harm, the host's own gain: the fee less any extra team and the cost
    of governing the agreement)."""
    fixed = econ.fixed[c]
    fee = subscription_fee(econ, s, c, lam)
    money = fee + econ.per_use[c] * lam + econ.transaction_cost[c]
    harm = undelivered_harm(lam, econ, s, c, reliability, lateness + s.skill_harm_share * (1 - host_skill))
    host_gain = fee - fixed * max(teams_with - teams_without, 0.0) - econ.transaction_cost[c]
    return money, harm, host_gain


@njit(cache=True, inline="always")
def join_option(
    econ, s, c, lam, lam_lead, weight, lead_weight, weight_without, load_without, teams_with, teams_without,
    lead_revenue, covered_without, population, lead_leads, lateness_with, lateness_without, reliability,
):  # fmt: skip
    """Join the joint unit led by another force (or form one with a force that holds alone): the
    unit grows to ``teams_with`` teams over the members' pooled area, its net cost split by
    weight; skill and reach follow the unit's use and the population it covers; lateness follows
    its bases over the pooled area. ``*_without``: the unit without this force. Returns (money,
    harm, the lead's own gain in money and harm from taking the member in)."""
    fixed, per_use = econ.fixed[c], econ.per_use[c]
    load_with = load_without + lam
    net_with = fixed * teams_with + per_use * load_with - lead_revenue
    net_without = fixed * teams_without + per_use * load_without - lead_revenue
    weight_with = weight_without + weight
    share = weight / weight_with if weight_with > 0 else 0.0
    lead_share_before = lead_weight / weight_without if weight_without > 0 else 1.0
    lead_share_after = lead_weight / weight_with if weight_with > 0 else 1.0
    skill_with = unit_quality(econ, s, c, load_with, teams_with, covered_without + population)
    skill_without = unit_quality(econ, s, c, load_without, teams_without, covered_without)
    money = share * net_with + econ.transaction_cost[c]
    harm = undelivered_harm(
        lam, econ, s, c, reliability, lateness_with + s.skill_harm_share * (1 - skill_with)
    )
    lead_money_gain = lead_share_before * net_without - lead_share_after * net_with
    lead_money_gain -= 0.0 if lead_leads else econ.transaction_cost[c]
    better = s.skill_harm_share * (skill_with - skill_without) + (lateness_without - lateness_with)
    return money, harm, lead_money_gain + lam_lead * econ.harm_weight[c] * better * s.harm_value


@njit(cache=True, inline="always")
def lead_current(econ, s, c, lam, unit_load, teams, weight, weight_total, revenue, covered, lateness):
    """A joint unit's lead as it is: its share of the unit's net cost; the unit's settled skill,
    reach and lateness. Returns (money, harm)."""
    share = weight / max(weight_total, 1e-12) if weight_total > 0 else 1.0
    money = share * (econ.fixed[c] * teams + econ.per_use[c] * unit_load - revenue)
    quality = unit_quality(econ, s, c, unit_load, teams, covered)
    return money, lam * econ.harm_weight[c] * (lateness + s.skill_harm_share * (1 - quality))


@njit(cache=True, inline="always")
def budget_weight(pressure, s):
    """The weight a chief puts on money: its force's spending needs against its budget (1 when the
    books balance), to the elasticity, within the floor and the cap."""
    return min(max(max(pressure, 0.0) ** s.budget_elasticity, s.budget_weight_floor), s.budget_weight_cap)


@njit(cache=True, inline="always")
def partner_accepts(partner_gain, proposer_gain, duty):
    """A partner accepts when its own gain plus the duty's weight on the proposer's gain is not
    negative, within the money tolerance (s.22A as amended 2011: give effect to a collaboration that
    serves another force)."""
    return not_negative(partner_gain + duty * proposer_gain)


@njit(cache=True, inline="always")
def unit_teams(econ, s, c, load, base_demand, base_area):
    """The teams a unit runs for its load and the area its bases cover (``coverage_teams``)."""
    return coverage_teams(
        load, base_demand, base_area, econ.fixed[c], econ.capacity[c], s.headroom, econ.mobilisation_min[c],
        econ.minutes_per_km[c], econ.target_min[c], econ.time_criticality[c], econ.harm_weight[c] * s.harm_value,
    )  # fmt: skip


@njit(cache=True, inline="always")
def unit_response(econ, c, teams, base_area):
    """(expected lateness harm share, late share, median minutes) of a unit's own area."""
    return spread_response(
        teams,
        base_area,
        econ.mobilisation_min[c],
        econ.minutes_per_km[c],
        econ.target_min[c],
        econ.time_criticality[c],
    )


# --- the loops ---------------------------------------------------------------------------------
@njit(cache=True, inline="always")
def unit_loads(arr, world, econ, s):
    """Each unit's expected load, revenue, partner weight, covered population and base area, and
    the teams and lateness they call for (worked out once per scoring, not once per reviewer)."""
    F, C = arr.mode.shape
    z = np.zeros((F, C))
    out = UnitLoads(z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy())
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
            if not buying:
                out.base_area[h, c] += world.area[i]
                out.base_demand[h, c] += lam
            out.covered[h, c] += world.population[i]
    for h in range(F):
        for c in range(C):
            load = out.committed[h, c] + out.payg[h, c]
            out.teams[h, c] = unit_teams(econ, s, c, load, out.base_demand[h, c], out.base_area[h, c])
            out.lateness[h, c] = unit_response(econ, c, out.teams[h, c], out.base_area[h, c])[0]
    return out


def empty_scores(R: int, C: int, K: int) -> Scored:
    """Arrays for ``score_rows`` to fill (K = candidate partners, current partner included)."""
    O = 2 + 3 * K
    return Scored(
        score=np.empty((R, C, O)),
        money=np.zeros((R, C, O)),
        harm=np.zeros((R, C, O)),
        minutes=np.zeros((R, C, O)),
        partner=np.full((R, C, O), -1, dtype=np.int64),
        current=np.full((R, C), -1, dtype=np.int64),
        current_score=np.empty((R, C)),
        fallback_score=np.empty((R, C)),
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


@njit(cache=True, inline="always")
def _partner_options(out, r, c, fi, k, g, arr, world, loads, econ, s):
    """Buy (pay-as-you-go, subscription) and join for candidate partner g, slot k."""
    K = (out.score.shape[2] - 2) // 3
    buy_p, buy_s, join = 2 + k, 2 + K + k, 2 + 2 * K + k
    h = g if g >= 0 else 0
    runs_unit = arr.mode[h, c] == MODE_OWN or arr.mode[h, c] == MODE_JOINT_LEAD
    available = g >= 0 and arr.teams[h, c] > 0 and runs_unit and not arr.closing[h, c]
    already = arr.provider[fi, c] == h and h != fi
    member = already and arr.mode[fi, c] == MODE_JOINT_MEMBER
    for o in (buy_p, buy_s, join):
        out.feasible[r, c, o] = available
        out.partner[r, c, o] = g
    # an alliance's units take no joint members from outside it (they may still sell)
    out.feasible[r, c, join] = available and h != fi and (arr.alliance[h, c] < 0 or member)
    if not available and not already:
        return  # no unit to buy from or join, and not the current partner: nothing to score
    lam, pop_f, area_f = world.expected[fi, c], world.population[fi], world.area[fi]
    reliability = world.trust[fi, h]
    covered_without = loads.covered[h, c] - (pop_f if already else 0.0)
    host_skill = arr.skill[h, c] * coverage_effect(
        covered_without + pop_f, econ.inv_scope[c], econ.no_scope[c]
    )
    load_without = loads.committed[h, c] + loads.payg[h, c] - (lam if already else 0.0)
    area_without = loads.base_area[h, c] - (area_f if member else 0.0)
    demand_without = loads.base_demand[h, c] - (lam if member else 0.0)
    if already:  # the unit as it would be without this force
        teams_without = unit_teams(econ, s, c, load_without, demand_without, area_without)
        lateness_without = unit_response(econ, c, teams_without, area_without)[0]
    else:
        teams_without, lateness_without = loads.teams[h, c], loads.lateness[h, c]
    # buying: served from the host's bases, across the border; a buyer adds load, not area
    gap = world.distance[fi, h] - np.sqrt(max(area_without, 0.0) / np.pi)
    minutes = reach_minutes(gap, area_f, econ.mobilisation_min[c], econ.minutes_per_km[c])
    lateness = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    out.money[r, c, buy_p], out.harm[r, c, buy_p], out.partner_gain[r, c, buy_p] = buy_payg_option(
        econ, s, c, lam, arr.teams[h, c], load_without, host_skill, lateness, reliability
    )
    out.keep[r, c, buy_p] = already and arr.contract[fi, c] == PAYG
    teams_bought = max(teams_without, teams_needed(load_without + lam, econ.capacity[c], s.headroom))
    out.money[r, c, buy_s], out.harm[r, c, buy_s], out.partner_gain[r, c, buy_s] = buy_subscription_option(
        econ, s, c, lam, teams_bought, teams_without, host_skill, lateness, reliability
    )
    out.keep[r, c, buy_s] = already and arr.contract[fi, c] == SUBSCRIPTION
    out.minutes[r, c, buy_p] = minutes
    out.minutes[r, c, buy_s] = minutes
    # joining: the unit's bases spread over the pooled area
    teams_joined = unit_teams(econ, s, c, load_without + lam, demand_without + lam, area_without + area_f)
    lateness_with, _, median = unit_response(econ, c, teams_joined, area_without + area_f)
    leads = arr.mode[h, c] == MODE_JOINT_LEAD
    weight, lead_weight = world.weights[fi, c], world.weights[h, c]
    weight_without = (loads.weight_total[h, c] if leads else lead_weight) - (weight if member else 0.0)
    out.money[r, c, join], out.harm[r, c, join], out.partner_gain[r, c, join] = join_option(
        econ, s, c, lam, world.expected[h, c], weight, lead_weight, weight_without, load_without,
        teams_joined, teams_without, loads.revenue[h, c], covered_without, pop_f, leads,
        lateness_with, lateness_without, reliability,
    )  # fmt: skip
    out.minutes[r, c, join] = median
    out.keep[r, c, join] = member
    if not member:
        out.setup[r, c, join] = econ.setup_per_year[c]


@njit(cache=True, inline="always")
def _options(out, r, c, fi, arr, world, loads, econ, s, candidates):
    """Every option of force fi for capability c, and what its current arrangement costs."""
    K = candidates.shape[0]
    lam, mode, provider = world.expected[fi, c], arr.mode[fi, c], arr.provider[fi, c]
    unit_load = loads.committed[fi, c] + loads.payg[fi, c]
    operating = arr.teams[fi, c] > 0 and mode in (MODE_OWN, MODE_JOINT_LEAD) and not arr.closing[fi, c]
    own_load = lam + (unit_load - loads.committed[fi, c] if operating else 0.0)
    own_teams = unit_teams(econ, s, c, own_load, lam, world.area[fi])
    own_lateness, _, own_minutes = unit_response(econ, c, own_teams, world.area[fi])
    out.money[r, c, OWN], out.harm[r, c, OWN] = own_option(
        econ, s, c, lam, own_load, own_teams, loads.revenue[fi, c] if operating else 0.0,
        loads.covered[fi, c] if mode == MODE_OWN else world.population[fi], own_lateness,
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
            econ, s, c, lam, unit_load, loads.teams[fi, c], world.weights[fi, c], loads.weight_total[fi, c],
            loads.revenue[fi, c], loads.covered[fi, c], loads.lateness[fi, c],
        )  # fmt: skip
        out.current_money[r, c] = out.lead_money[r, c]


@njit(cache=True, inline="always")
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


@njit(cache=True, inline="always")
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
    out.fallback_score[r, c] = fallback
    for o in range(2, O):
        accepted = partner_accepts(out.partner_gain[r, c, o], fallback - out.score[r, c, o], s.duty)
        out.feasible[r, c, o] = out.feasible[r, c, o] and (accepted or out.keep[r, c, o])
    for o in range(O):
        if not out.feasible[r, c, o]:
            out.score[r, c, o] = np.inf
    if now >= 0:
        out.score[r, c, now] = held  # the current arrangement is always available to keep
    # the best: the first option (by index) within the money tolerance of the lowest score
    low = out.score[r, c, 0]
    for o in range(1, O):
        low = min(low, out.score[r, c, o])
    for o in range(O):
        if not clearly_less(low, out.score[r, c, o]):
            out.best[r, c], out.best_score[r, c] = o, out.score[r, c, o]
            break


@njit(cache=True)
def score_rows(rows, arr, world, econ, s, pressure, out):
    """Fill ``out`` (``empty_scores``) for each reviewing force in ``rows`` (``pressure``: each
    one's money pressure): every option of every capability, the choice. Compiled because it runs
    for every review, negotiation and inspection."""
    loads = unit_loads(arr, world, econ, s)
    C = arr.mode.shape[1]
    candidates = np.empty((out.score.shape[2] - 2) // 3, dtype=np.int64)
    for r in range(rows.shape[0]):
        fi = rows[r]
        out.cost_weight[r] = budget_weight(pressure[r], s)
        for c in range(C):
            _options(out, r, c, fi, arr, world, loads, econ, s, candidates)
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
    pressure = np.array([model.force_agent(int(f)).money_pressure for f in rows])
    score_rows(
        rows,
        model.arrangements.state,
        model.scoring_world(),
        model.economics,
        model.scoring_settings,
        pressure,
        out,
    )
    return OptionScores(rows, out, K)


@njit(cache=True)
def size_units(hosts, arr, world, econ, s):
    """The teams each unit operated by ``hosts`` runs (0 where a host runs none): enough for the
    demand routed to it, and more where another base saves more harm from late arrival in the area
    its bases cover than it costs (``coverage_teams``)."""
    loads = unit_loads(arr, world, econ, s)
    C = arr.mode.shape[1]
    teams = np.zeros((hosts.shape[0], C))
    for r in range(hosts.shape[0]):
        h = hosts[r]
        for c in range(C):
            if arr.mode[h, c] == MODE_OWN or arr.mode[h, c] == MODE_JOINT_LEAD:
                load = loads.committed[h, c] + loads.payg[h, c]
                teams[r, c] = unit_teams(econ, s, c, load, loads.base_demand[h, c], loads.base_area[h, c])
    return teams
