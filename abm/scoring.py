"""What each option would cost a force, in money and harm, as its chief sees it.

For every reviewing force and capability the chief compares, for the work its local tier takes
(its level-1 work, and its level-2 work too when it belongs to no regional unit: ``abm.accounts``),
on one yearly scale in GBP m:
  own        run its own unit (hold it; keep hosting any current buyers)
  national   use the national provider (where one exists)
  buy        buy from a nearby force's unit, pay-as-you-go or by subscription
  join       join a nearby joint unit, or form one with a force that holds the capability

  score = cost weight x (money + set-up cost spread over the planning horizon)
        + value of harm x expected harm

The cost weight is the value of money to the force: how far its books are from balancing
(``ForceAgent.money_pressure``). Money and harm are the force's own lines of the expected accounts
(``abm.accounts``: a year of expected demand, units sized for their work and at the skill their
use sustains), worked out here in closed form for every option at once; the tests hold the two
equal. Expected harm counts unmet, late or poorly skilled service and, for cross-border work, a
unit's want of scope (seed 004 §2.2); for a partner's unit the chief adds its doubt: the chance it
believes the partner does not deliver (1 - trust, learned from experience), weighted by its
aversion to that risk (seed 000: chiefs "must have confidence access is guaranteed"). The chief's
score holds the chief's motives only: the value of local control is the policing body's and its
voters' (``crossforce_agents.pcc``).

Each option also carries an estimate of the partner chief's own gain, and options a partner would
refuse on it are scored infinite (a partner accepts when its own gain plus the duty's weight on
the proposer's gain is not negative: Police Act 1996 s.22A as amended 2011). The estimate only
narrows the search: whether a partner, a joint unit's members or a policing body accept the
option a chief settles on is decided on the expected accounts of every party
(``abm.proposals``).

Each option has its own small compiled kernel (``own_option``, ``national_option``,
``buy_payg_option``, ``buy_subscription_option``, ``join_option``, ``lead_current``), each taking
named records (``UnitEconomics``, ``ScoringSettings``) and plain numbers, so it can be read and
tested on its own; ``score_rows`` runs them over (reviewing forces, capabilities, options).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from abm.accounts import empty_flows, empty_scratch, route_column, size_column, unit_teams, unseen
from abm.economics import (
    coverage_effect,
    late_fraction,
    proficiency_ratio,
    reach_minutes,
    settled_skill,
    spread_response,
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

#: The option layout, declared once: indices OWN and NATIONAL, then a block of K partner slots
#: (nearest first) for each of PARTNER_KINDS (``partner_option``); ``option_kinds`` names every index.
OWN, NATIONAL = 0, 1
PARTNER_KINDS = ("buy_payg", "buy_subscription", "join")
BUY_PAYG, BUY_SUBSCRIPTION, JOIN = range(len(PARTNER_KINDS))  # blocks
PARTNER_BLOCKS = len(PARTNER_KINDS)
OPTION_KINDS = ("own", "national", *PARTNER_KINDS)


@njit(cache=True, inline="always")
def partner_option(block, K, k):
    """The option index of partner slot ``k``'s option of kind ``PARTNER_KINDS[block]``."""
    return 2 + block * K + k


def option_kinds(K: int) -> tuple[str, ...]:
    """The kind of every option index, for K partner slots."""
    return ("own", "national", *(kind for kind in PARTNER_KINDS for _ in range(K)))


def search_order(K: int) -> list[int]:
    """A satisficing chief's search order: each partner, nearest first (buy pay-as-you-go, by
    subscription, join), then its own unit, then the national provider."""
    slots = [partner_option(block, K, k) for k in range(K) for block in range(PARTNER_BLOCKS)]
    return [*slots, OWN, NATIONAL]


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
    regional_grant_share: float

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
            p.regional_grant_share,
        )


class UnitLoads(NamedTuple):
    """Per local unit (h, c), under the current arrangements, from the expected accounts' routing:
    expected yearly load (committed, pay-as-you-go, of which buyers), buyers' payments, total
    partner weight in a joint unit, the population of the contiguous area its bases cover (its
    scope), that area and the work in it, and the teams and lateness they call for; per force
    (f, c), the work it sends to its local tier at level 1 and above it."""

    committed: np.ndarray
    payg: np.ndarray
    bought: np.ndarray  # load of buyers (pay-as-you-go and subscribers)
    buyers: np.ndarray  # how many forces buy from it
    users: np.ndarray  # how many other forces it serves (buyers and joint members): agreements it governs
    revenue: np.ndarray
    weight_total: np.ndarray
    covered: np.ndarray
    base_area: np.ndarray
    base_demand: np.ndarray
    teams: np.ndarray
    lateness: np.ndarray
    loc_l1: np.ndarray
    loc_up: np.ndarray


class Scored(NamedTuple):
    """Every option of every (reviewing force, capability): arrays (R, C, O) unless stated."""

    score: np.ndarray
    money: np.ndarray  # GBP m a year (before the budget-pressure weight)
    harm: np.ndarray  # crime harm index days a year, as the chief expects it (doubt included)
    doubt: np.ndarray  # of which the chief's doubt that a partner delivers
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
def settled_quality(econ, s, c, load, teams):
    """The skill a unit settles at for its yearly use per team."""
    ratio = proficiency_ratio(load / teams, econ.inv_proficiency[c], econ.no_proficiency[c])
    return settled_skill(ratio, s.skill_learning_rate, econ.decay[c])


@njit(cache=True)
def service_harm(weight, sigma, l1, up, slow, skill, cover):
    """Harm (CHI days a year) of level-1 work ``l1`` and cross-border work ``up``, each use of
    ``weight`` CHI days, served by a unit of this lateness (``slow``), skill and scope (``cover``:
    cross-border work only); ``sigma``: the harm share of a fully unskilled unit. (Scalars only:
    called, not inlined.)"""
    service = slow + sigma * (1 - skill)
    return weight * (l1 * service + up * unseen(cover, service))


@njit(cache=True, inline="always")
def work_harm(econ, s, c, l1, up, slow, skill, cover):
    """``service_harm`` for capability c."""
    return service_harm(econ.harm_weight[c], s.skill_harm_share, l1, up, slow, skill, cover)


@njit(cache=True, inline="always")
def doubt_harm(econ, s, c, lam, reliability, service_harm):
    """The chief's doubt about a partner: with the chance it believes the partner fails to deliver
    (1 - trust), each incident's whole harm instead of the service's (``service_harm``, CHI days a
    year), weighted by its aversion to that risk."""
    return (1.0 - reliability) * (lam * econ.harm_weight[c] * (1.0 + s.risk_aversion) - service_harm)


@njit(cache=True, inline="always")
def own_option(econ, s, c, l1, up, load, teams, revenue, governed, cover, lateness):
    """Run its own unit of ``teams`` teams for ``load`` uses a year (its own work ``l1`` + ``up``
    and any buyers it keeps), paying the unit's cost less what the buyers pay (``revenue``) and
    governing the ``governed`` agreements with them; its work meets the unit's settled skill, its
    own area's scope and the ``lateness`` of its bases. Returns (money GBP m a year, harm CHI
    days a year)."""
    money = econ.fixed[c] * teams + econ.per_use[c] * load - revenue + econ.transaction_cost[c] * governed
    skill = settled_quality(econ, s, c, load, teams)
    return money, work_harm(econ, s, c, l1, up, lateness, skill, cover)


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
def buy_payg_option(
    econ, s, c, l1, up, teams_with, teams_without, committed, load_without, slow, host_cover, reliability
):  # fmt: skip
    """Buy pay-as-you-go: the host sizes its unit for the buyer's expected work too (``teams_with``
    against ``teams_without``) but serves pay-as-you-go buyers only from what its ``committed``
    work leaves, shared among them (``load_without``: its whole load without this buyer), so what
    does not fit is unmet. Returns (money, harm as the chief expects it, of which doubt, the host's
    own gain: what the buyer pays over the cost of each use and of any extra team, less the cost of
    governing the agreement)."""
    lam = l1 + up
    capacity = teams_with * econ.capacity[c]
    payg = load_without - committed + lam
    served = min(1.0, max(capacity - committed, 0.0) / payg) if payg > 0 else 1.0
    money = served * lam * econ.payg_price[c] + econ.transaction_cost[c]
    skill = settled_quality(econ, s, c, min(committed, capacity) + served * payg, teams_with)
    service = lam * econ.harm_weight[c] * (1.0 - served) + served * work_harm(
        econ, s, c, l1, up, slow, skill, host_cover
    )
    doubt = doubt_harm(econ, s, c, lam, reliability, service)
    host_gain = served * lam * (econ.payg_price[c] - econ.per_use[c]) - econ.transaction_cost[c]
    host_gain -= econ.fixed[c] * max(teams_with - teams_without, 0.0)
    return money, service + doubt, doubt, host_gain


@njit(cache=True, inline="always")
def subscription_fee(econ, s, c, lam):
    """A subscription's yearly fee: the cost of the team capacity reserved for the buyer's expected
    demand (with the planned headroom), marked up, and at least a minimum share of a team's cost."""
    reserved = lam * econ.fixed[c] * (1.0 + s.headroom) / econ.capacity[c]
    return max(s.subscription_minimum_share * econ.fixed[c], s.subscription_markup * reserved)


@njit(cache=True, inline="always")
def buy_subscription_option(
    econ, s, c, l1, up, teams_with, teams_without, load_with, slow, host_cover, reliability
):
    """Buy by subscription: reserved capacity for the buyer's work, so the host may need more
    teams (``teams_with`` against ``teams_without``); the fee is a mark-up on the teams' cost, with
    a minimum. Returns (money, harm as the chief expects it, of which doubt, the host's own gain:
    the fee less any extra team and the cost of governing the agreement)."""
    lam = l1 + up
    fee = subscription_fee(econ, s, c, lam)
    money = fee + econ.per_use[c] * lam + econ.transaction_cost[c]
    skill = settled_quality(econ, s, c, load_with, teams_with)
    service = work_harm(econ, s, c, l1, up, slow, skill, host_cover)
    doubt = doubt_harm(econ, s, c, lam, reliability, service)
    host_gain = fee - econ.fixed[c] * max(teams_with - teams_without, 0.0) - econ.transaction_cost[c]
    return money, service + doubt, doubt, host_gain


@njit(cache=True, inline="always")
def join_option(
    econ, s, c, l1, up, lead_l1, lead_up, weight, lead_weight, weight_without, load_without, teams_with,
    teams_without, lead_revenue, covered_without, population, lateness_with, lateness_without, reliability,
):  # fmt: skip
    """Join the joint unit led by another force (or form one with a force that holds alone): the
    unit grows to ``teams_with`` teams over the members' pooled area, its cost net of its buyers'
    payments split by weight; skill follows the unit's use, scope the population of the pooled
    area, lateness its bases over that area. ``*_without``: the unit without this force. Returns
    (money, harm as the chief expects it, of which doubt, the lead's own gain in money and harm
    from taking the member in)."""
    lam = l1 + up
    fixed, per_use = econ.fixed[c], econ.per_use[c]
    load_with = load_without + lam
    net_with = fixed * teams_with + per_use * load_with - lead_revenue
    net_without = fixed * teams_without + per_use * load_without - lead_revenue
    weight_with = weight_without + weight
    share = weight / weight_with if weight_with > 0 else 0.0
    lead_share_before = lead_weight / weight_without if weight_without > 0 else 1.0
    lead_share_after = lead_weight / weight_with if weight_with > 0 else 1.0
    cover_with = coverage_effect(covered_without + population, econ.inv_scope[c], econ.no_scope[c])
    cover_without = coverage_effect(covered_without, econ.inv_scope[c], econ.no_scope[c])
    skill_with = settled_quality(econ, s, c, load_with, teams_with)
    skill_without = settled_quality(econ, s, c, load_without, teams_without)
    money = share * net_with + econ.transaction_cost[c]
    service = work_harm(econ, s, c, l1, up, lateness_with, skill_with, cover_with)
    doubt = doubt_harm(econ, s, c, lam, reliability, service)
    lead_money_gain = lead_share_before * net_without - lead_share_after * net_with - econ.transaction_cost[c]
    lead_before = work_harm(econ, s, c, lead_l1, lead_up, lateness_without, skill_without, cover_without)
    lead_after = work_harm(econ, s, c, lead_l1, lead_up, lateness_with, skill_with, cover_with)
    return money, service + doubt, doubt, lead_money_gain + s.harm_value * (lead_before - lead_after)


@njit(cache=True, inline="always")
def lead_current(
    econ, s, c, l1, up, unit_load, teams, weight, weight_total, revenue, users, covered, lateness
):
    """A joint unit's lead as it is: its share of the unit's cost net of buyers' payments, and
    governing its agreements with the ``users`` (members and buyers); the unit's settled skill,
    scope and lateness. Returns (money, harm)."""
    share = weight / weight_total if weight_total > 0 else 1.0
    money = share * (econ.fixed[c] * teams + econ.per_use[c] * unit_load - revenue)
    money += econ.transaction_cost[c] * users
    skill = settled_quality(econ, s, c, unit_load, teams)
    cover = coverage_effect(covered, econ.inv_scope[c], econ.no_scope[c])
    return money, work_harm(econ, s, c, l1, up, lateness, skill, cover)


@njit(cache=True, inline="always")
def budget_weight(pressure, s):
    """The weight a chief puts on money: how far its force's capability spending is above what its
    plan for the year allows (``Books.capability_pressure``: 1 when the plan cuts nothing and the
    books balance), to the elasticity, within the floor and the cap. Element-wise: the same
    formula for one force or an array of them."""
    return np.minimum(np.maximum(np.maximum(pressure, 0.0) ** s.budget_elasticity, s.budget_weight_floor),
                      s.budget_weight_cap)  # fmt: skip


@njit(cache=True, inline="always")
def partner_accepts(partner_gain, proposer_gain, duty):
    """A partner accepts when its own gain plus the duty's weight on the proposer's gain is not
    negative, within the money tolerance (s.22A as amended 2011: give effect to a collaboration that
    serves another force)."""
    return not_negative(partner_gain + duty * proposer_gain)


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
@njit(cache=True)
def current_loads(arr, world, econ, s, memo, memo_r):
    """Each local unit's expected load, buyers' payments, partner weight, scope, base area and the
    teams and lateness they call for, from the expected accounts' routing of the current
    arrangements (worked out once per scoring, not once per reviewer)."""
    F, C = arr.mode.shape
    R = arr.regional_teams.shape[0]
    out = UnitLoads(
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
    )  # fmt: skip
    _loads_into(arr, world, econ, s, memo, memo_r, empty_flows(F, R), empty_scratch(F, R), out)
    return out


@njit(cache=True, _nrt=False)
def _loads_into(arr, world, econ, s, memo, memo_r, fl, w, out):
    """``current_loads`` into ``out`` (``UnitLoads``), without reference counting (as
    ``_score_rows_into``)."""
    F, C = arr.mode.shape
    teams = w.teams
    for c in range(C):
        route_column(c, world.expected3, arr, world, econ, fl)
        size_column(c, fl, arr, world, econ, s, memo, memo_r, True, teams, w.teams_r)
        for i in range(F):
            out.loc_l1[i, c], out.loc_up[i, c] = fl.loc_l1[i], fl.loc_up[i]
            h = arr.provider[i, c]
            if arr.mode[i, c] == MODE_BUY and h >= 0:
                work = fl.loc_l1[i] + fl.loc_up[i]
                out.bought[h, c] += work
                out.buyers[h, c] += 1.0
                if arr.contract[i, c] == PAYG:
                    out.revenue[h, c] += work * econ.payg_price[c]
                else:
                    out.revenue[h, c] += arr.subscription_fee[i, c] + work * econ.per_use[c]
        for h in range(F):
            out.committed[h, c], out.payg[h, c] = fl.committed[h], fl.payg[h]
            out.weight_total[h, c], out.covered[h, c] = fl.weight_total[h], fl.base_pop[h]
            out.users[h, c] = fl.users[h]
            out.base_area[h, c], out.base_demand[h, c] = fl.base_area[h], fl.base_demand[h]
            out.teams[h, c] = teams[h]
            out.lateness[h, c] = unit_response(econ, c, teams[h], fl.base_area[h])[0]


def empty_scores(R: int, C: int, K: int) -> Scored:
    """Arrays for ``score_rows`` to fill (K = candidate partners, current partner included)."""
    O = len(option_kinds(K))
    return Scored(
        score=np.empty((R, C, O)),
        money=np.zeros((R, C, O)),
        harm=np.zeros((R, C, O)),
        doubt=np.zeros((R, C, O)),
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


@njit(cache=True)
def _paid_as_buyer(arr, econ, fi, c, lam):
    """What force fi pays a year for capability c as its provider's buyer (0 if it is not one)."""
    if arr.mode[fi, c] != MODE_BUY:
        return 0.0
    if arr.contract[fi, c] == PAYG:
        return lam * econ.payg_price[c]
    return arr.subscription_fee[fi, c] + lam * econ.per_use[c]


@njit(cache=True, inline="always")
def _partner_options(out, r, c, fi, k, g, arr, world, loads, econ, s):
    """Buy (pay-as-you-go, subscription) and join for candidate partner g, slot k."""
    K = (out.score.shape[2] - 2) // PARTNER_BLOCKS
    buy_p, buy_s = partner_option(BUY_PAYG, K, k), partner_option(BUY_SUBSCRIPTION, K, k)
    join = partner_option(JOIN, K, k)
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
    l1, up = loads.loc_l1[fi, c], loads.loc_up[fi, c]
    lam, pop_f, area_f = l1 + up, world.population[fi], world.area[fi]
    reliability = world.trust[fi, h]
    covered_without = loads.covered[h, c] - (pop_f if member else 0.0)
    load_without = loads.committed[h, c] + loads.payg[h, c] - (lam if already else 0.0)
    area_without = loads.base_area[h, c] - (area_f if member else 0.0)
    demand_without = loads.base_demand[h, c] - (lam if member else 0.0)
    if already:  # the unit as it would be without this force
        teams_without = unit_teams(econ, s, c, load_without, demand_without, area_without, world, h)
        lateness_without = unit_response(econ, c, teams_without, area_without)[0]
    else:
        teams_without, lateness_without = loads.teams[h, c], loads.lateness[h, c]
    host_cover = coverage_effect(covered_without, econ.inv_scope[c], econ.no_scope[c])
    # buying: served from the host's bases, across the border; a buyer adds load, not area or scope
    gap = world.distance[fi, h] - np.sqrt(max(area_without, 0.0) / np.pi)
    minutes = reach_minutes(gap, area_f, econ.mobilisation_min[c], econ.minutes_per_km[c])
    slow = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
    teams_bought = unit_teams(econ, s, c, load_without + lam, demand_without, area_without, world, h)
    leads = arr.mode[h, c] == MODE_JOINT_LEAD
    # a joint unit's lead keeps its share of a buyer's payments; its members the rest
    lead_part = (
        world.weights[h, c] / loads.weight_total[h, c] if leads and loads.weight_total[h, c] > 0 else 1.0
    )
    committed_without = loads.committed[h, c] - (lam if already and arr.contract[fi, c] != PAYG else 0.0)
    money, harm, doubt, gain = buy_payg_option(
        econ, s, c, l1, up, teams_bought, teams_without, committed_without, load_without, slow, host_cover,
        reliability,
    )  # fmt: skip
    out.money[r, c, buy_p], out.harm[r, c, buy_p], out.doubt[r, c, buy_p] = money, harm, doubt
    out.partner_gain[r, c, buy_p] = gain * lead_part
    out.keep[r, c, buy_p] = already and arr.mode[fi, c] == MODE_BUY and arr.contract[fi, c] == PAYG
    money, harm, doubt, gain = buy_subscription_option(
        econ, s, c, l1, up, teams_bought, teams_without, load_without + lam, slow, host_cover, reliability
    )
    out.money[r, c, buy_s], out.harm[r, c, buy_s], out.doubt[r, c, buy_s] = money, harm, doubt
    out.partner_gain[r, c, buy_s] = gain * lead_part
    out.keep[r, c, buy_s] = already and arr.mode[fi, c] == MODE_BUY and arr.contract[fi, c] == SUBSCRIPTION
    out.minutes[r, c, buy_p] = minutes
    out.minutes[r, c, buy_s] = minutes
    # joining: the unit's bases spread over the pooled area
    teams_joined = unit_teams(
        econ, s, c, load_without + lam, demand_without + lam, area_without + area_f, world, h
    )
    lateness_with, _, median = unit_response(econ, c, teams_joined, area_without + area_f)
    weight, lead_weight = world.weights[fi, c], world.weights[h, c]
    paid = _paid_as_buyer(arr, econ, fi, c, lam) if already else 0.0  # stops when it joins instead
    weight_without = (loads.weight_total[h, c] if leads else lead_weight) - (weight if member else 0.0)
    money, harm, doubt, gain = join_option(
        econ, s, c, l1, up, loads.loc_l1[h, c], loads.loc_up[h, c], weight, lead_weight, weight_without,
        load_without, teams_joined, teams_without, loads.revenue[h, c] - paid, covered_without, pop_f,
        lateness_with, lateness_without, reliability,
    )  # fmt: skip
    out.money[r, c, join], out.harm[r, c, join], out.doubt[r, c, join] = money, harm, doubt
    out.partner_gain[r, c, join] = gain
    out.minutes[r, c, join] = median
    out.keep[r, c, join] = member
    if not member:
        out.setup[r, c, join] = econ.setup_per_year[c]


@njit(cache=True, inline="always")
def _options(out, r, c, fi, arr, world, loads, econ, s, candidates):
    """Every option of force fi for capability c, and what its current arrangement costs."""
    K = candidates.shape[0]
    mode, provider = arr.mode[fi, c], arr.provider[fi, c]
    l1, up = loads.loc_l1[fi, c], loads.loc_up[fi, c]
    lam = l1 + up
    operating = arr.teams[fi, c] > 0 and (mode in (MODE_OWN, MODE_JOINT_LEAD)) and not arr.closing[fi, c]
    own_load = lam + (loads.bought[fi, c] if operating else 0.0)
    own_teams = unit_teams(econ, s, c, own_load, lam, world.area[fi], world, fi)
    own_lateness, _, own_minutes = unit_response(econ, c, own_teams, world.area[fi])
    own_cover = coverage_effect(world.population[fi], econ.inv_scope[c], econ.no_scope[c])
    out.money[r, c, OWN], out.harm[r, c, OWN] = own_option(
        econ, s, c, l1, up, own_load, own_teams, loads.revenue[fi, c] if operating else 0.0,
        loads.buyers[fi, c] if operating else 0.0, own_cover, own_lateness,
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
            econ, s, c, l1, up, loads.committed[fi, c] + loads.payg[fi, c], loads.teams[fi, c],
            world.weights[fi, c], loads.weight_total[fi, c], loads.revenue[fi, c], loads.users[fi, c],
            loads.covered[fi, c], loads.lateness[fi, c],
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
        return partner_option(BUY_PAYG, K, match)
    if match >= 0 and mode == MODE_BUY and contract == SUBSCRIPTION:
        return partner_option(BUY_SUBSCRIPTION, K, match)
    if match >= 0 and mode == MODE_JOINT_MEMBER:
        return partner_option(JOIN, K, match)
    return -1


@njit(cache=True, inline="always")
def _choose(out, r, c, fi, arr, loads, econ, s):
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
    gap_harm = (loads.loc_l1[fi, c] + loads.loc_up[fi, c]) * econ.harm_weight[c]  # no access: all its harm
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
def score_rows(rows, arr, world, econ, s, pressure, memo, memo_r, out):
    """Fill ``out`` (``empty_scores``) for each reviewing force in ``rows`` (``pressure``: each
    one's money pressure): every option of every capability, the choice. Compiled because it runs
    for every review, negotiation and inspection."""
    loads = current_loads(arr, world, econ, s, memo, memo_r)
    candidates = np.empty((out.score.shape[2] - 2) // PARTNER_BLOCKS, dtype=np.int64)
    _score_rows_into(rows, arr, world, loads, econ, s, pressure, candidates, out)


@njit(cache=True, _nrt=False)
def _score_rows_into(rows, arr, world, loads, econ, s, pressure, candidates, out):
    """``score_rows``'s loop, over arrays allocated by its caller. Compiled without reference
    counting (``_nrt=False``): it allocates nothing, and the atomic counts on every array that the
    inlined option kernels read through their records took most of its time (perf, issue 25)."""
    C = arr.mode.shape[1]
    for r in range(rows.shape[0]):
        fi = rows[r]
        out.cost_weight[r] = budget_weight(pressure[r], s)
        for c in range(C):
            _options(out, r, c, fi, arr, world, loads, econ, s, candidates)
            _choose(out, r, c, fi, arr, loads, econ, s)


class OptionScores:
    """Scores of every option for a set of forces: ``Scored``'s arrays by name (row r is force
    ``forces[r]``), and the names of the options."""

    def __init__(self, forces: np.ndarray, arrays: Scored, candidates: int) -> None:
        self.forces = forces
        self.arrays = arrays
        self.candidates = candidates  # K: partner slots per option kind
        self.kinds = option_kinds(candidates)  # the kind of each option index
        self.search_order = search_order(candidates)

    def __getattr__(self, name: str) -> np.ndarray:
        return getattr(self.arrays, name)

    def kind(self, option: int) -> str:
        """Name of an option index (one of ``OPTION_KINDS``)."""
        return self.kinds[option]

    def row_of(self, force: int) -> int:
        return int(np.flatnonzero(self.forces == force)[0])


def score_options(model, forces: np.ndarray) -> OptionScores:
    """Score every option of every capability for the given forces (see module docstring)."""
    rows = np.ascontiguousarray(forces, dtype=np.int64)
    K = model.shortlist.shape[1] + 1
    out = empty_scores(len(rows), model.caps.count, K)
    pressure = np.array([model.force_agent(int(f)).money_pressure for f in rows], dtype=float)
    memo, memo_r = model.sizing_memo
    score_rows(
        rows,
        model.arrangements.state,
        model.scoring_world(),
        model.economics,
        model.scoring_settings._replace(duty=model.duty),
        pressure,
        memo,
        memo_r,
        out,
    )
    return OptionScores(rows, out, K)
