"""The one set of accounts: who serves each force's demand, what it costs whom, and the harm left.

The same compiled code settles each quarter (``serve``: that quarter's demand, the units' teams
and skill as they are) and tells every party what a change would do to it (``expected_column``:
a year of expected demand, every unit sized for its work and at the skill its use sustains,
under the current or a proposed arrangement). A chief, a host, every member of a joint or
regional unit and every policing body read a change's effect on them from here, so scoring,
signing and the quarter's settlement cannot disagree about who gains.

Routing (per force and capability; tiers as in ``abm.arrangements``):

* level-3 work goes to the national provider where one exists, otherwise it counts as level 2;
* level-2 work goes to the force's region's unit if it belongs to it, otherwise to its local tier;
* level-1 work goes to its local tier: its own unit, the unit it buys from or the joint unit it
  belongs to (committed first, pay-as-you-go buyers from what is left, seed 000), or the national
  provider; none at all is a gap;
* escalation: a member's level-1 work its local tier cannot serve (a full unit, or a gap) goes to
  its region's unit's spare capacity, paid for pay-as-you-go; overflow: a member's regional work
  the unit cannot serve goes to its own (or joint) unit's spare capacity.

Quality: a unit's skill (from its use, ``abm.economics``) and, for cross-border work, its scope:
how much of the networks behind the work it sees, from the population of the contiguous area it
covers (its own force and joint members; a region's members), not whoever buys from it (seed 002
§4.1: criminals do not stop at force boundaries). The part of a network beyond that area goes
undisrupted, as if unmet (``unseen``).
Lateness comes from where its bases are (``spread_response``), or, for a buyer, the host's
bases across the border (``reach_minutes``).

Money: each unit's operator pays its costs to the outside world; buyers pay their host
(pay-as-you-go price per use served, or a subscription plus the cost of each use); a joint unit's
members, lead included, share its cost net of what buyers pay, by their weights; a regional
unit's members share its cost net of Home Office grant and of escalations' payments, by the
contribution rule; users of the national provider pay its price; each party to an agreement pays
a share of its governance each year. ``burden`` is what a capability costs each force; the
transfers are recorded once each (paid by one party, received by another) so money is conserved
by construction and the tests check it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from abm.arrangements import ArrangementState, regional_host
from abm.economics import (
    coverage_effect,
    coverage_teams,
    late_fraction,
    proficiency_ratio,
    reach_minutes,
    settled_skill,
    skill_after_quarter,
    spread_response,
)
from abm.modes import MODE_BUY, MODE_JOINT_LEAD, MODE_JOINT_MEMBER, MODE_NATIONAL, MODE_OWN, PAYG


class World(NamedTuple):
    """What the accounts and the option scoring read of the world besides the arrangements."""

    expected: np.ndarray  # (F, C) expected demand a year, all levels
    expected3: np.ndarray  # (F, C, 3) the same by level
    trust: np.ndarray  # (F, F)
    area: np.ndarray  # (F,) each force's incident area, km2
    distance: np.ndarray  # (F, F) km between force centroids
    shortlist: np.ndarray  # (F, K-1) candidate partners
    population: np.ndarray  # (F,)
    weights: np.ndarray  # (F, C) each force's weight in a joint unit's cost split
    regional_weights: np.ndarray  # (F, C) each force's weight in its regional unit's cost split
    money_weight: np.ndarray  # (F,) the weight each force's chief puts on money (``budget_weight``)
    capacity_share: np.ndarray  # (F,) the share of its units' posts each force's plan keeps (``Books``)


class Flows(NamedTuple):
    """Where one capability's demand goes: per force (its parts), per local unit (indexed by its
    host) and per regional unit (indexed by region)."""

    loc_l1: np.ndarray  # (F,) level-1 work sent to the force's local tier
    loc_up: np.ndarray  # (F,) level-2/3 work sent to its local tier (it belongs to no regional unit)
    to_reg: np.ndarray  # (F,) work sent to its region's unit
    to_nat: np.ndarray  # (F,) level-3 work sent to the national provider
    committed: np.ndarray  # (F,) per local unit: its own force, joint members, subscribers
    payg: np.ndarray  # (F,) per local unit: pay-as-you-go buyers
    base_area: np.ndarray  # (F,) the area its bases cover: its own force and joint members
    base_demand: np.ndarray  # (F,) the work arising in that area
    base_pop: np.ndarray  # (F,) the population of that area: the unit's scope
    weight_total: np.ndarray  # (F,) its joint partners' weights
    users: np.ndarray  # (F,) agreements its host is party to (buyers and joint members)
    reg_load: np.ndarray  # (R,)
    reg_area: np.ndarray  # (R,)
    reg_pop: np.ndarray  # (R,)
    reg_weight: np.ndarray  # (R,) the members' contribution weights


class Settled(NamedTuple):
    """What a settlement found, (F, C) per force unless stated (money in GBP m for the period)."""

    demand: np.ndarray
    served: np.ndarray
    unmet: np.ndarray
    late: np.ndarray  # served uses that arrived after the response target
    harm: np.ndarray  # crime harm index days
    minutes: np.ndarray  # response time of the local arrangement (nan where none)
    burden: np.ndarray  # what the capability cost the force
    operating: np.ndarray  # paid to the outside world for the units it runs
    paid: np.ndarray  # paid to other forces and to the national provider
    received: np.ndarray  # received from other forces
    grant: np.ndarray  # received from the Home Office for the regional units it hosts
    national: np.ndarray  # paid to the national provider
    transaction: np.ndarray  # governance of agreements
    served_fraction: np.ndarray  # share of its local-tier work its partner served
    payee: np.ndarray  # the partner it paid for its local tier (-1: none, itself or national)
    unit_uses: np.ndarray  # (F, C) uses handled by the local unit based at (h, c)
    regional_uses: np.ndarray  # (R, C)
    skill: np.ndarray  # (F, C) each local unit's skill after the period
    regional_skill: np.ndarray  # (R, C)
    teams: np.ndarray  # (F, C) the teams each local unit ran
    regional_teams: np.ndarray  # (R, C)


@njit(cache=True)
def empty_settled(F, C, R):
    """Arrays for a settlement to fill: F forces, C capabilities (columns), R regions."""
    return Settled(
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
        np.full((F, C), np.nan),
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
        np.zeros((F, C)), np.zeros((F, C)), np.zeros((F, C)),
        np.full((F, C), -1, dtype=np.int64),
        np.zeros((F, C)), np.zeros((R, C)), np.zeros((F, C)), np.zeros((R, C)), np.zeros((F, C)),
        np.zeros((R, C)),
    )  # fmt: skip


class Scratch(NamedTuple):
    """Working arrays of one column's sizing and settlement, (F,) per force or local unit and (R,)
    per regional unit, allocated once by each entry point (``empty_scratch``) and reset column by
    column, so that the column kernels allocate nothing and can run without reference counting."""

    teams: np.ndarray
    teams_r: np.ndarray
    frac_c: np.ndarray  # share of a local unit's committed work it serves
    frac_p: np.ndarray  # ... of its pay-as-you-go work
    lateness: np.ndarray
    late_share: np.ndarray
    median: np.ndarray
    cover: np.ndarray
    spare: np.ndarray
    frac_r: np.ndarray  # share of a regional unit's work it serves
    late_r: np.ndarray
    share_r: np.ndarray
    cover_r: np.ndarray
    spare_r: np.ndarray
    local_frac: np.ndarray  # share of each force's local-tier work served
    escalate: np.ndarray
    overflow: np.ndarray
    esc_total: np.ndarray
    over_total: np.ndarray
    frac_e: np.ndarray
    frac_o: np.ndarray
    uses: np.ndarray
    uses_r: np.ndarray
    now: np.ndarray  # skill each local unit serves the period at
    now_r: np.ndarray
    cost: np.ndarray
    revenue: np.ndarray
    reg_cost: np.ndarray
    reg_net: np.ndarray


@njit(cache=True)
def empty_scratch(F, R):
    """``Scratch`` for F forces and R regions."""
    return Scratch(
        np.zeros(F), np.zeros(R), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F),
        np.zeros(F), np.zeros(R), np.zeros(R), np.zeros(R), np.zeros(R), np.zeros(R), np.zeros(F), np.zeros(F),
        np.zeros(F), np.zeros(R), np.zeros(F), np.zeros(R), np.zeros(F), np.zeros(F), np.zeros(R), np.zeros(F),
        np.zeros(R), np.zeros(F), np.zeros(F), np.zeros(R), np.zeros(R),
    )  # fmt: skip


@njit(cache=True)
def empty_flows(F, R):
    """``Flows`` for F forces and R regions."""
    return Flows(
        np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F),
        np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(F), np.zeros(R), np.zeros(R), np.zeros(R), np.zeros(R),
    )  # fmt: skip


@njit(cache=True, inline="always")
def _fill(values, value):
    """Set every element of a 1-D array (a loop: no temporary, nothing allocated)."""
    for i in range(values.shape[0]):
        values[i] = value


# --- routing and sizing ----------------------------------------------------------------------
#: The column kernels below are compiled without reference counting (``_nrt=False``): they
#: allocate nothing (their callers pass ``Flows``, ``Scratch`` and the outputs), and the atomic
#: counts on every array read through the records they pass each other took much of their time.
@njit(cache=True, _nrt=False)
def route_column(c, dem3, arr, world, econ, fl):
    """Where force demand ``dem3`` (F, C, 3) for capability c goes under arrangements ``arr``, into
    ``fl`` (``Flows``; reset first)."""
    F = arr.mode.shape[0]
    for values in fl:
        _fill(values, 0.0)
    national = econ.national_available[c] > 0
    for i in range(F):
        l1, l2, l3 = dem3[i, c, 0], dem3[i, c, 1], dem3[i, c, 2]
        up = l2 + (0.0 if national else l3)
        fl.to_nat[i] = l3 if national else 0.0
        if arr.member[i, c]:
            r = arr.region[i]
            fl.to_reg[i] = up
            fl.reg_load[r] += up
            fl.reg_area[r] += world.area[i]
            fl.reg_pop[r] += world.population[i]
            fl.reg_weight[r] += world.regional_weights[i, c]
        else:
            fl.loc_up[i] = up
        fl.loc_l1[i] = l1
        m, h = arr.mode[i, c], arr.provider[i, c]
        if h < 0 or m == MODE_NATIONAL:
            continue
        work = l1 + fl.loc_up[i]
        if m == MODE_BUY and arr.contract[i, c] == PAYG:
            fl.payg[h] += work
        else:
            fl.committed[h] += work
        if m != MODE_BUY:
            fl.base_area[h] += world.area[i]
            fl.base_demand[h] += work
            fl.base_pop[h] += world.population[i]
        if m in (MODE_JOINT_LEAD, MODE_JOINT_MEMBER):
            fl.weight_total[h] += world.weights[i, c]
        if h != i:
            fl.users[h] += 1.0


@njit(cache=True, inline="always")
def unit_teams(econ, s, c, load, base_demand, base_area, world, h):
    """The teams a unit run by force h keeps for its yearly load and the area its bases cover
    (``coverage_teams``): another base is worth its cost to a chief who weighs money by h's
    ``money_weight``; and where h's plan has had to cut its specialist units' posts
    (``capacity_share`` below 1), the unit keeps that share of them, in steps of the smallest unit."""
    teams = coverage_teams(
        load, base_demand, base_area, econ.fixed[c], econ.capacity[c], s.headroom, econ.smallest_team[c],
        econ.mobilisation_min[c], econ.minutes_per_km[c], econ.target_min[c], econ.time_criticality[c],
        econ.harm_weight[c] * s.harm_value / world.money_weight[h],
    )  # fmt: skip
    share = world.capacity_share[h]
    if share >= 1.0:
        return teams
    step = econ.smallest_team[c]
    return max(step, np.ceil(teams * share / step - 1e-9) * step)


@njit(cache=True, inline="always")
def _operates(arr, h, c):
    return arr.mode[h, c] == MODE_OWN or arr.mode[h, c] == MODE_JOINT_LEAD


@njit(cache=True, _nrt=False)
def size_column(c, fl, arr, world, econ, s, memo, memo_r, fill, teams, teams_r):
    """Teams of every local and regional unit for capability c, sized for a year's work (``fl`` from
    expected demand), each by its operator's weight of money (a regional unit's host). ``memo``
    (F, C, 5) and ``memo_r`` (R, C, 5) hold the current arrangement's sizing inputs (load, demand in
    the area, area, weight) and teams: a unit whose inputs are unchanged reuses them; ``fill``
    stores what is computed (the current arrangement, not a proposal). Into ``teams`` (F,) and
    ``teams_r`` (R,)."""
    F, R = arr.mode.shape[0], fl.reg_load.shape[0]
    _fill(teams, 0.0)
    _fill(teams_r, 0.0)
    for h in range(F):
        if not _operates(arr, h, c):
            continue
        teams[h] = _sized(memo, h, c, econ, s, fl.committed[h] + fl.payg[h], fl.base_demand[h],
                          fl.base_area[h], world, h, fill)  # fmt: skip
    for r in range(R):
        host = arr.regional_host[r, c]
        if host >= 0 and fl.reg_load[r] > 0:
            load = fl.reg_load[r]
            teams_r[r] = _sized(memo_r, r, c, econ, s, load, load, fl.reg_area[r], world, host, fill)


@njit(cache=True, inline="always")
def _sized(memo, k, c, econ, s, load, base_demand, base_area, world, h, fill):
    """``unit_teams`` for slot k run by force h, remembered in ``memo[k, c]`` with its inputs (load,
    demand in its area, area, h's weight of money and capacity share): unchanged inputs reuse it."""
    m = memo[k, c]
    weight, share = world.money_weight[h], world.capacity_share[h]
    if m[0] == load and m[1] == base_demand and m[2] == base_area and m[3] == weight and m[4] == share:
        return m[5]
    teams = unit_teams(econ, s, c, load, base_demand, base_area, world, h)
    if fill:
        m[0], m[1], m[2], m[3], m[4], m[5] = load, base_demand, base_area, weight, share, teams
    return teams


# --- service and payment ----------------------------------------------------------------------
@njit(cache=True, inline="always")
def _fraction(capacity, load):
    return min(1.0, capacity / load) if load > 0 else 1.0


@njit(cache=True, _nrt=False)
def settle_column(c, col, fl, arr, world, econ, s, period, teams, teams_r, skill, skill_r, steady, out, w):
    """Serve capability c for a period of ``period`` years and settle its money, into column ``col``
    of ``out`` (``Settled``). With ``steady``, each unit is at the skill its use sustains (the
    expected accounts); otherwise at ``skill`` and ``skill_r``, which the period's use moves.
    ``w``: ``Scratch`` (its sizing arrays may be ``teams`` and ``teams_r``, which are only read)."""
    F, R = arr.mode.shape[0], fl.reg_load.shape[0]
    cap_c = econ.capacity[c]
    # local units: committed work first, then pay-as-you-go from what is left
    frac_c, frac_p, lateness, late_share, median = w.frac_c, w.frac_p, w.lateness, w.late_share, w.median
    cover, spare = w.cover, w.spare
    for values, value in ((frac_c, 1.0), (frac_p, 1.0), (lateness, 0.0), (late_share, 0.0), (cover, 0.0),
                          (spare, 0.0), (median, np.nan)):  # fmt: skip
        _fill(values, value)
    for h in range(F):
        if teams[h] <= 0:
            continue
        capacity = teams[h] * cap_c * period
        frac_c[h] = _fraction(capacity, fl.committed[h])
        frac_p[h] = _fraction(max(capacity - fl.committed[h], 0.0), fl.payg[h])
        spare[h] = max(capacity - fl.committed[h] * frac_c[h] - fl.payg[h] * frac_p[h], 0.0)
        lateness[h], late_share[h], median[h] = spread_response(
            teams[h], fl.base_area[h], econ.mobilisation_min[c], econ.minutes_per_km[c], econ.target_min[c],
            econ.time_criticality[c],
        )  # fmt: skip
        cover[h] = coverage_effect(fl.base_pop[h], econ.inv_scope[c], econ.no_scope[c])
    # regional units
    frac_r, late_r, share_r, cover_r, spare_r = w.frac_r, w.late_r, w.share_r, w.cover_r, w.spare_r
    for values, value in ((frac_r, 1.0), (late_r, 0.0), (share_r, 0.0), (cover_r, 0.0), (spare_r, 0.0)):
        _fill(values, value)
    for r in range(R):
        if teams_r[r] <= 0:
            frac_r[r] = 0.0 if fl.reg_load[r] > 0 else 1.0
            continue
        capacity = teams_r[r] * cap_c * period
        frac_r[r] = _fraction(capacity, fl.reg_load[r])
        spare_r[r] = max(capacity - fl.reg_load[r] * frac_r[r], 0.0)
        late_r[r], share_r[r], _ = spread_response(
            teams_r[r], fl.reg_area[r], econ.mobilisation_min[c], econ.minutes_per_km[c], econ.target_min[c],
            econ.time_criticality[c],
        )  # fmt: skip
        cover_r[r] = coverage_effect(fl.reg_pop[r], econ.inv_scope[c], econ.no_scope[c])
    # what members' local tiers cannot serve escalates; what their region cannot serve overflows
    local_frac, escalate, overflow = w.local_frac, w.escalate, w.overflow
    esc_total, over_total = w.esc_total, w.over_total
    for values in (local_frac, escalate, overflow, esc_total, over_total):
        _fill(values, 0.0)
    for i in range(F):
        m, h = arr.mode[i, c], arr.provider[i, c]
        if m == MODE_NATIONAL:
            local_frac[i] = 1.0
        elif h >= 0:
            local_frac[i] = frac_p[h] if m == MODE_BUY and arr.contract[i, c] == PAYG else frac_c[h]
        if not arr.member[i, c]:
            continue
        r = arr.region[i]
        escalate[i] = (fl.loc_l1[i] + fl.loc_up[i]) * (1.0 - local_frac[i])
        esc_total[r] += escalate[i]
        if m in (MODE_OWN, MODE_JOINT_LEAD, MODE_JOINT_MEMBER):
            overflow[i] = fl.to_reg[i] * (1.0 - frac_r[r])
            over_total[h] += overflow[i]
    frac_e, frac_o, uses, uses_r = w.frac_e, w.frac_o, w.uses, w.uses_r
    for r in range(R):
        frac_e[r] = _fraction(spare_r[r], esc_total[r])
    for h in range(F):
        frac_o[h] = _fraction(spare[h], over_total[h])
    # skill: as it is, or as the period's use sustains
    for h in range(F):
        uses[h] = fl.committed[h] * frac_c[h] + fl.payg[h] * frac_p[h]
    for i in range(F):
        if overflow[i] > 0:
            uses[arr.provider[i, c]] += overflow[i] * frac_o[arr.provider[i, c]]
    for r in range(R):
        uses_r[r] = fl.reg_load[r] * frac_r[r]
    for i in range(F):
        if escalate[i] > 0:
            uses_r[arr.region[i]] += escalate[i] * frac_e[arr.region[i]]
    _settle_skill(c, col, econ, s, period, teams, teams_r, skill, skill_r, steady, uses, uses_r, out, w)
    _serve_forces(c, col, fl, arr, world, econ, s, local_frac, escalate, overflow, frac_r, frac_e, frac_o,
                  lateness, late_share, median, cover, late_r, share_r, cover_r, w.now, w.now_r, out)  # fmt: skip
    _pay(c, col, fl, arr, world, econ, period, teams, teams_r, uses, uses_r, escalate, frac_e, out, w)


@njit(cache=True, _nrt=False)
def _settle_skill(c, col, econ, s, period, teams, teams_r, skill, skill_r, steady, uses, uses_r, out, w):
    """Each unit's skill for the period (as it is, or, with ``steady``, as the period's use
    sustains) and the skill the period leaves it with, with its use and size, into ``out``; the
    skills the period is served at into ``w.now`` (local units) and ``w.now_r`` (regional units)."""
    _unit_skill(
        c, col, econ, s, period, teams, skill, uses, steady, out.skill, out.unit_uses, out.teams, w.now
    )
    _unit_skill(
        c, col, econ, s, period, teams_r, skill_r, uses_r, steady, out.regional_skill, out.regional_uses,
        out.regional_teams, w.now_r,
    )  # fmt: skip


@njit(cache=True, _nrt=False)
def _unit_skill(c, col, econ, s, period, teams, skill, uses, steady, skill_out, uses_out, teams_out, now):
    """``_settle_skill`` for one tier's units (local or regional); the skill served at into ``now``."""
    _fill(now, 0.0)
    for h in range(teams.shape[0]):
        if teams[h] > 0:
            ratio = proficiency_ratio(
                uses[h] / period / teams[h], econ.inv_proficiency[c], econ.no_proficiency[c]
            )
            now[h] = settled_skill(ratio, s.skill_learning_rate, econ.decay[c]) if steady else skill[h]
            skill_out[h, col] = (
                now[h]
                if steady
                else skill_after_quarter(skill[h], ratio, s.skill_learning_rate, econ.decay[c])
            )
            uses_out[h, col] = uses[h]
            teams_out[h, col] = teams[h]


@njit(cache=True)
def unseen(cover, service_harm):
    """Harm share of cross-border work (per use) handled by a unit that sees the share ``cover``
    of the networks behind it (its scope): the part of a network beyond the area it covers goes
    undisrupted; the part within it gets the unit's service (``service_harm``: lateness and want
    of skill)."""
    return (1.0 - cover) + cover * service_harm


@njit(cache=True, _nrt=False)
def _serve_forces(c, col, fl, arr, world, econ, s, local_frac, escalate, overflow, frac_r, frac_e, frac_o,
                  lateness, late_share, median, cover, late_r, share_r, cover_r, now, now_r, out):  # fmt: skip
    """What each force got: served, unmet and late uses, its local arrangement's response time,
    and the harm left (unmet work, lateness, a unit's want of skill and, for cross-border work,
    of scope)."""
    F = arr.mode.shape[0]
    sigma, weight = s.skill_harm_share, econ.harm_weight[c]
    nat_late = late_fraction(econ.national_response_min[c], econ.inv_target[c], econ.time_criticality[c])
    nat_share = 1.0 if econ.national_response_min[c] > econ.target_min[c] else 0.0
    nat_quality = nat_late + sigma * (1.0 - s.national_skill)
    critical = econ.time_criticality[c] > 0
    for i in range(F):
        m, h = arr.mode[i, c], arr.provider[i, c]
        l1, up, reg, nat = fl.loc_l1[i], fl.loc_up[i], fl.to_reg[i], fl.to_nat[i]
        total = l1 + up + reg + nat
        served, harm, late = nat, nat * nat_quality, nat * nat_share
        if m == MODE_NATIONAL:
            served += l1 + up
            harm += (l1 + up) * nat_quality
            late += (l1 + up) * nat_share
            out.minutes[i, col] = econ.national_response_min[c]
        elif h >= 0:
            if m == MODE_BUY:
                gap = world.distance[i, h] - np.sqrt(fl.base_area[h] / np.pi)
                minutes = reach_minutes(gap, world.area[i], econ.mobilisation_min[c], econ.minutes_per_km[c])
                slow = late_fraction(minutes, econ.inv_target[c], econ.time_criticality[c])
                share = 1.0 if minutes > econ.target_min[c] else 0.0
            else:
                minutes, slow, share = median[h], lateness[h], late_share[h]
            got = local_frac[i]
            served += (l1 + up) * got
            harm += got * (
                l1 * (slow + sigma * (1.0 - now[h])) + up * unseen(cover[h], slow + sigma * (1.0 - now[h]))
            )
            late += (l1 + up) * got * share
            out.minutes[i, col] = minutes
            out.served_fraction[i, col] = got
            if h != i and (m in (MODE_BUY, MODE_JOINT_MEMBER)):
                out.payee[i, col] = h
        if reg > 0 or escalate[i] > 0:
            r = arr.region[i]
            served += reg * frac_r[r] + escalate[i] * frac_e[r]
            harm += reg * frac_r[r] * unseen(cover_r[r], late_r[r] + sigma * (1.0 - now_r[r]))
            harm += escalate[i] * frac_e[r] * (late_r[r] + sigma * (1.0 - now_r[r]))
            late += (reg * frac_r[r] + escalate[i] * frac_e[r]) * share_r[r]
        if overflow[i] > 0:
            got = overflow[i] * frac_o[h]
            served += got
            harm += got * unseen(cover[h], lateness[h] + sigma * (1.0 - now[h]))
            late += got * late_share[h]
        unmet = max(total - served, 0.0)
        out.demand[i, col] = total
        out.served[i, col] = served
        out.unmet[i, col] = unmet
        out.late[i, col] = late if critical else 0.0
        out.harm[i, col] = weight * (unmet + harm)


@njit(cache=True, _nrt=False)
def _pay(c, col, fl, arr, world, econ, period, teams, teams_r, uses, uses_r, escalate, frac_e, out, w):
    """Every payment for capability c over the period (see module docstring)."""
    F, R = arr.mode.shape[0], teams_r.shape[0]
    fixed, per_use, price = econ.fixed[c], econ.per_use[c], econ.payg_price[c]
    governance = econ.transaction_cost[c] * period
    cost, revenue, reg_cost, reg_net = w.cost, w.revenue, w.reg_cost, w.reg_net
    _fill(revenue, 0.0)
    for h in range(F):
        cost[h] = fixed * teams[h] * period + per_use * uses[h]
    # buyers pay their hosts; the national provider is paid for what it serves
    for i in range(F):
        m, h = arr.mode[i, c], arr.provider[i, c]
        national = fl.to_nat[i]
        if m == MODE_NATIONAL:
            national += fl.loc_l1[i] + fl.loc_up[i]
        if national > 0:
            bill = national * econ.national_price[c]
            out.paid[i, col] += bill
            out.national[i, col] += bill
            out.burden[i, col] += bill
        if m == MODE_BUY:
            got = out.served_fraction[i, col] * (fl.loc_l1[i] + fl.loc_up[i])
            if arr.contract[i, c] == PAYG:
                bill = got * price
            else:
                bill = arr.subscription_fee[i, c] * period + got * per_use
            out.paid[i, col] += bill
            out.burden[i, col] += bill
            out.received[h, col] += bill
            revenue[h] += bill
        agreements = fl.users[i] + (1.0 if arr.member[i, c] else 0.0)
        if m in (MODE_BUY, MODE_JOINT_MEMBER, MODE_NATIONAL):
            agreements += 1.0
        out.transaction[i, col] = agreements * governance
        out.burden[i, col] += agreements * governance
    # each local unit's cost, net of its buyers' payments, falls on its operator and joint members
    for i in range(F):
        m, h = arr.mode[i, c], arr.provider[i, c]
        if m in (MODE_OWN, MODE_JOINT_LEAD):
            out.operating[i, col] += cost[i]
        if m in (MODE_OWN, MODE_JOINT_LEAD, MODE_JOINT_MEMBER):
            net = cost[h] - revenue[h]
            share = world.weights[i, c] / fl.weight_total[h] if fl.weight_total[h] > 0 else 1.0
            out.burden[i, col] += share * net
            if h != i:
                out.paid[i, col] += share * net
                out.received[h, col] += share * net
    # each regional unit's cost, net of grant and escalations' payments, falls on its members
    for r in range(R):
        reg_cost[r] = fixed * teams_r[r] * period + per_use * uses_r[r]
        reg_net[r] = reg_cost[r] * (1.0 - econ.regional_grant[c])
        host = arr.regional_host[r, c]
        if host >= 0:
            out.operating[host, col] += reg_cost[r]
            out.grant[host, col] += reg_cost[r] * econ.regional_grant[c]
    for i in range(F):
        if escalate[i] > 0:
            r = arr.region[i]
            bill = escalate[i] * frac_e[r] * price
            reg_net[r] -= bill
            _transfer(out, col, i, arr.regional_host[r, c], bill)
    for i in range(F):
        if arr.member[i, c]:
            r = arr.region[i]
            share = world.regional_weights[i, c] / fl.reg_weight[r] if fl.reg_weight[r] > 0 else 0.0
            _transfer(out, col, i, arr.regional_host[r, c], share * reg_net[r])


@njit(cache=True, inline="always")
def _transfer(out, col, payer, payee, amount):
    """``payer`` bears ``amount``, paid to ``payee`` (nothing moves when they are the same force)."""
    out.burden[payer, col] += amount
    if payee != payer:
        out.paid[payer, col] += amount
        out.received[payee, col] += amount


# --- the entry points ---------------------------------------------------------------------------
@njit(cache=True)
def serve_all(dem3, arr, world, econ, s, period, out):
    """Settle every capability for one period of demand ``dem3`` with the units as they are
    (their stored teams and skill): the quarter's service."""
    F, R = arr.mode.shape[0], arr.regional_teams.shape[0]
    _serve_columns(dem3, arr, world, econ, s, period, out, empty_flows(F, R), empty_scratch(F, R))


@njit(cache=True, _nrt=False)
def _serve_columns(dem3, arr, world, econ, s, period, out, fl, w):
    """``serve_all``'s loop over capabilities."""
    for c in range(arr.mode.shape[1]):
        route_column(c, dem3, arr, world, econ, fl)
        settle_column(
            c, c, fl, arr, world, econ, s, period, arr.teams[:, c], arr.regional_teams[:, c],
            arr.skill[:, c], arr.regional_skill[:, c], False, out, w,
        )  # fmt: skip


@njit(cache=True)
def size_hosts(hosts, caps, arr, world, econ, s, memo, memo_r):
    """Teams of the local units run by ``hosts`` for the capabilities ``caps``, (len(hosts),
    len(caps)), sized for a year's expected work and the area their bases cover."""
    F, C, R = arr.mode.shape[0], arr.mode.shape[1], arr.regional_teams.shape[0]
    teams = np.zeros((hosts.shape[0], caps.shape[0]))
    no_regional = np.zeros((0, C))
    _size_all(
        arr,
        world,
        econ,
        s,
        memo,
        memo_r,
        empty_flows(F, R),
        empty_scratch(F, R),
        caps,
        hosts,
        teams,
        no_regional,
    )
    return teams


@njit(cache=True)
def size_regional(arr, world, econ, s, memo, memo_r):
    """Teams of every regional unit (R, C), sized for its members' expected work over their area."""
    F, C, R = arr.mode.shape[0], arr.mode.shape[1], arr.regional_teams.shape[0]
    no_hosts = np.zeros(0, dtype=np.int64)
    teams = np.zeros((R, C))
    _size_all(arr, world, econ, s, memo, memo_r, empty_flows(F, R), empty_scratch(F, R), np.arange(C), no_hosts,
              np.zeros((0, C)), teams)  # fmt: skip
    return teams


@njit(cache=True, _nrt=False)
def _size_all(arr, world, econ, s, memo, memo_r, fl, w, caps, hosts, teams, regional):
    """The units of the capabilities ``caps`` sized for a year's expected work: the local units of
    ``hosts`` into ``teams`` (len(hosts), len(caps)), every regional unit into ``regional`` (R, C;
    or (0, C) when the caller wants only the local units). Each capability is sized on its own."""
    for k in range(caps.shape[0]):
        c = caps[k]
        route_column(c, world.expected3, arr, world, econ, fl)
        size_column(c, fl, arr, world, econ, s, memo, memo_r, True, w.teams, w.teams_r)
        for i in range(hosts.shape[0]):
            teams[i, k] = w.teams[hosts[i]]
        for r in range(regional.shape[0]):
            regional[r, c] = w.teams_r[r]


@njit(cache=True)
def expected_column(c, arr, world, econ, s, memo, memo_r, fill):
    """The expected accounts of capability c under arrangements ``arr`` (current or proposed): a
    year of expected demand, every unit sized for its work and at the skill its use sustains.
    Returns the settlement, in its column 0."""
    F, R = arr.mode.shape[0], arr.regional_teams.shape[0]
    out = empty_settled(F, 1, R)
    _expected_into(c, arr, world, econ, s, memo, memo_r, fill, empty_flows(F, R), empty_scratch(F, R), out)
    return out


@njit(cache=True)
def expected_burden_and_harm(c, arr, world, econ, s, memo, memo_r, fill):
    """``expected_column``'s two lines every party weighs (what the capability costs each force,
    and the harm it suffers), (F,) each: returning two arrays rather than the whole settlement
    spares the conversion of its 21 to Python objects, a third of the call."""
    out = expected_column(c, arr, world, econ, s, memo, memo_r, fill)
    return out.burden[:, 0].copy(), out.harm[:, 0].copy()


@njit(cache=True, _nrt=False)
def _expected_into(c, arr, world, econ, s, memo, memo_r, fill, fl, w, out):
    """``expected_column`` into ``out``."""
    route_column(c, world.expected3, arr, world, econ, fl)
    size_column(c, fl, arr, world, econ, s, memo, memo_r, fill, w.teams, w.teams_r)
    settle_column(c, 0, fl, arr, world, econ, s, 1.0, w.teams, w.teams_r, w.teams, w.teams_r, True, out, w)


# --- the regional tier's host, and what changing membership does --------------------------------
@njit(cache=True, inline="always")
def cross_border_work(world, econ, c, i):
    """A force's expected level-2 work a year for capability c, and level-3 where no national
    provider takes it: what it would send to its region's unit."""
    national = econ.national_available[c] > 0
    return world.expected3[i, c, 1] + (0.0 if national else world.expected3[i, c, 2])


@njit(cache=True)
def toggle_effects(cs, toggles, arr, world, econ, s, memo, memo_r, burden_now, harm_now):
    """What flipping regional memberships does to each force's expected accounts, for several
    changes at once: change k flips the membership of the forces ``toggles[k]`` (padded with -1)
    for capability ``cs[k]``. Returns (money, harm), after less before, (len(cs), F) each; before
    is ``burden_now`` and ``harm_now`` (C, F), the current position's expected accounts (only the
    rows of ``cs`` are read), which the caller has for other changes too. The same change as
    ``Arrangements.join_region`` and ``leave_region`` make, each affected unit's host chosen again
    (``regional_host``)."""
    n, F, R = cs.shape[0], arr.mode.shape[0], arr.regional_host.shape[0]
    money, harm = np.zeros((n, F)), np.zeros((n, F))
    work = np.empty(F)
    member, host = arr.member.copy(), arr.regional_host.copy()
    after_state = ArrangementState(
        arr.mode, arr.provider, arr.contract, arr.subscription_fee, arr.teams, arr.skill, arr.closing,
        arr.alliance, member, arr.region, arr.regional_teams, arr.regional_skill, host,
    )  # fmt: skip
    for k in range(n):
        c = cs[k]
        for i in range(F):
            work[i] = cross_border_work(world, econ, c, i)
        for f in toggles[k]:
            if f >= 0:
                member[f, c] = not member[f, c]
        for f in toggles[k]:
            if f >= 0:
                host[arr.region[f], c] = regional_host(member[:, c], arr.region, arr.region[f], work)
        after = expected_column(c, after_state, world, econ, s, memo, memo_r, False)
        money[k] = after.burden[:, 0] - burden_now[c]
        harm[k] = after.harm[:, 0] - harm_now[c]
        for i in range(F):  # back to the current position for the next change
            member[i, c] = arr.member[i, c]
        for r in range(R):
            host[r, c] = arr.regional_host[r, c]
    return money, harm
