"""What each option would cost a force, in money and harm, as its chief sees it.

For every reviewing force and capability the chief compares, on one yearly scale in
GBP m:
  own        run its own unit (hold it; keep hosting any current buyers)
  national   use the national provider (where one exists)
  buy        buy from a nearby force's unit, pay-as-you-go or by subscription
  join       join a nearby joint unit, or form one with a force that holds the capability

  score = cost weight x money            (budget pressure raises the weight)
        + value of harm x expected harm  (unmet, late or poorly skilled service, seed 004 §2.2)
        + local-control premium          (a share of the force's budget per capability given up,
                                          seed 002 §4.20-4.21; discounted by the duty)
        + distrust premium               (harm at stake x (1 - trust) x risk aversion, seed 000)
        + set-up cost spread over the planning horizon

Options a partner would refuse are scored infinite: a partner accepts when its own
gain plus the duty's weight on the proposer's gain is not negative (Police Act 1996
s.22A as amended 2011: give effect to collaboration that serves another force).

Computed over (reviewing forces, capabilities, options) in one compiled loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numba import njit

from abm.economics import (
    NATIONAL_SKILL,
    coverage_effect,
    late_fraction,
    proficiency_ratio,
    settled_skill,
    teams_needed,
)
from abm.modes import Contract, Mode

#: Loss of local control by arrangement, 0 (own) to 1 (another force decides). Assumed.
CONTROL_LOSS_OWN = 0.0
CONTROL_LOSS_NATIONAL = 0.8
CONTROL_LOSS_BUY = 1.0
CONTROL_LOSS_JOIN = 0.7
CONTROL_LOSS_LEAD = 0.1

OWN, NATIONAL = 0, 1  # option indices; then K buy-PAYG, K buy-subscription, K join options

# Arrangement codes as plain integers for the compiled scoring.
_NONE, _OWN, _BUY = int(Mode.NONE), int(Mode.OWN), int(Mode.BUY)
_JOINT_LEAD, _JOINT_MEMBER, _NATIONAL = int(Mode.JOINT_LEAD), int(Mode.JOINT_MEMBER), int(Mode.NATIONAL)
_PAYG, _SUBSCRIPTION = int(Contract.PAYG), int(Contract.SUBSCRIPTION)


@dataclass
class OptionScores:
    """Scores of every option for a set of forces. Arrays are (R, C, O) unless stated."""

    forces: np.ndarray  # (R,) force index of each row
    score: np.ndarray
    money: np.ndarray  # GBP m a year (before the budget-pressure weight)
    harm: np.ndarray  # crime harm index days a year
    minutes: np.ndarray  # response time of the option
    partner: np.ndarray  # force index of the partner (-1: none)
    current: np.ndarray  # (R, C) option index of the current arrangement (-1: none/lead)
    current_score: np.ndarray  # (R, C)
    current_money: np.ndarray  # (R, C)
    current_harm: np.ndarray  # (R, C)
    cost_weight: np.ndarray  # (R,)
    best: np.ndarray  # (R, C) the best option (the first, if tied)
    best_score: np.ndarray  # (R, C) its score
    candidates: int  # K

    def kind(self, option: int) -> str:
        """Name of an option index."""
        K = self.candidates
        if option == OWN:
            return "own"
        if option == NATIONAL:
            return "national"
        return ("buy_payg", "buy_subscription", "join")[(option - 2) // K]


def option_count(candidates: int) -> int:
    return 2 + 3 * candidates


def score_options(model, forces: np.ndarray) -> OptionScores:
    """Score every option of every capability for the given forces (see module docstring)."""
    caps = model.caps
    f = np.asarray(forces, dtype=np.int64)
    weights = np.ascontiguousarray(model.partner_weight(), dtype=float)
    loads = unit_loads(
        model.mode,
        model.provider,
        model.contract,
        model.expected_demand,
        model.payg_price,
        model.subscription_fee,
        caps.per_use,
        weights,
        model.forces.population,
    )
    cap_table, settings = model.scoring_constants
    out = _score(
        f,
        model.mode,
        model.provider,
        model.contract,
        model.closing,
        model.expected_demand,
        model.teams,
        model.skill,
        model.trust,
        model.response_table,
        model.candidates,
        model.forces.population,
        weights,
        *loads,
        model.capability_allocation()[f],
        np.asarray(model.control_value(f), dtype=float),
        cap_table,
        settings,
    )
    # the compiled loop returns the arrays in the order of OptionScores' fields
    return OptionScores(f, *out, candidates=model.candidates.shape[1] + 1)


class Row(IntEnum):
    """Rows of the per-capability table the compiled loops read (``scoring_constants``)."""

    FIXED = 0
    PER_USE = 1
    CAPACITY = 2
    HARM_WEIGHT = 3
    DECAY = 4
    TIME_CRITICALITY = 5
    INV_TARGET = 6
    INV_PROFICIENCY = 7
    NO_PROFICIENCY = 8
    INV_SCOPE = 9
    NO_SCOPE = 10
    NATIONAL_RESPONSE_MIN = 11
    NATIONAL_AVAILABLE = 12
    PAYG_PRICE = 13
    NATIONAL_PRICE = 14
    TRANSACTION_COST = 15
    SETUP_PER_YEAR = 16


def scoring_constants(model) -> tuple[np.ndarray, np.ndarray]:
    """What the compiled loops need that does not change during a run: the per-capability
    table (rows named by ``Row``) and the scoring's scalar settings."""
    params, caps = model.params, model.caps
    figures = {
        row.name.lower(): getattr(caps, row.name.lower()) for row in Row if row < Row.NATIONAL_AVAILABLE
    } | {
        "national_available": caps.national_available.astype(float),
        "payg_price": model.payg_price,
        "national_price": model.national_price,
        "transaction_cost": model.transaction_cost,
        "setup_per_year": params.setup_cost_share * caps.fixed / params.amortisation_years,
    }
    cap_table = np.stack([figures[row.name.lower()] for row in Row])
    settings = np.array(
        [
            params.capacity_headroom,
            params.skill_harm_share,
            params.skill_learning_rate,
            params.value_of_harm_gbp / 1e6,
            params.duty_strength,
            params.risk_aversion,
            params.subscription_minimum_share,
            params.subscription_markup,
            params.budget_pressure_elasticity,
        ]
    )
    return cap_table, settings


@njit(cache=True)
def unit_loads(mode, provider, contract, lam, payg_price, subscription_fee, per_use, weights, population):
    """Per unit (h, c): expected yearly load (committed, pay-as-you-go), buyers' revenue,
    total partner weight in a joint unit, and the population it covers."""
    F, C = mode.shape
    committed = np.zeros((F, C))
    payg_load = np.zeros((F, C))
    revenue = np.zeros((F, C))
    weight_total = np.zeros((F, C))
    covered = np.zeros((F, C))
    for i in range(F):
        for c in range(C):
            h = provider[i, c]
            if h < 0:
                continue
            buying = mode[i, c] == _BUY
            if buying and contract[i, c] == _PAYG:
                payg_load[h, c] += lam[i, c]
                revenue[h, c] += lam[i, c] * payg_price[c]
            else:
                committed[h, c] += lam[i, c]
                if buying and contract[i, c] == _SUBSCRIPTION:
                    revenue[h, c] += subscription_fee[i, c] + lam[i, c] * per_use[c]
            if mode[i, c] == _JOINT_LEAD or mode[i, c] == _JOINT_MEMBER:
                weight_total[h, c] += weights[i, c]
            covered[h, c] += population[i]
    return committed, payg_load, revenue, weight_total, covered


@njit(cache=True)
def _score(
    forces,
    mode,
    provider,
    contract,
    closing,
    lam_all,
    teams,
    skill,
    trust,
    response,
    nearest,
    population,
    weights,
    committed_load,
    payg_load,
    revenue,
    weight_total,
    covered,
    allocation,
    control_value,
    cap_table,
    settings,
):
    """The scoring of ``score_options`` for each reviewing force, capability and option.

    Compiled (numba) because it runs for every review, negotiation and inspection: a loop over
    (force, capability, option) costs a fraction of the many small array operations it replaces."""
    headroom, sigma, lr, value, duty, risk_aversion, sub_min_share, sub_markup, elasticity = settings
    R = forces.shape[0]
    _F, C = mode.shape
    K = nearest.shape[1] + 1
    O = 2 + 3 * K
    score = np.empty((R, C, O))
    money = np.empty((R, C, O))
    harm = np.empty((R, C, O))
    minutes = np.empty((R, C, O))
    setup = np.zeros((R, C, O))
    premium = np.zeros((R, C, O))
    feasible = np.ones((R, C, O), dtype=np.bool_)
    partner = np.full((R, C, O), -1, dtype=np.int64)
    host_gain = np.zeros((R, C, O))  # the partner's gain from a subscription or a join
    keep = np.zeros((R, C, O), dtype=np.bool_)  # an agreement already in place with that partner
    current = np.full((R, C), -1, dtype=np.int64)
    current_score = np.empty((R, C))
    current_money = np.empty((R, C))
    current_harm = np.empty((R, C))
    lead_money = np.zeros((R, C))
    lead_harm = np.zeros((R, C))
    cost_weight = np.empty(R)
    best = np.zeros((R, C), dtype=np.int64)
    best_score = np.empty((R, C))
    loss = np.empty(O)
    loss[OWN], loss[NATIONAL] = CONTROL_LOSS_OWN, CONTROL_LOSS_NATIONAL
    loss[2 : 2 + 2 * K] = CONTROL_LOSS_BUY
    loss[2 + 2 * K :] = CONTROL_LOSS_JOIN
    cand = np.empty(K, dtype=np.int64)

    for r in range(R):
        fi = forces[r]
        pop_f = population[fi]
        spend = 0.0
        for c in range(C):
            fixed, per_use, cap = (
                cap_table[Row.FIXED, c],
                cap_table[Row.PER_USE, c],
                cap_table[Row.CAPACITY, c],
            )
            harm_w, decay = cap_table[Row.HARM_WEIGHT, c], cap_table[Row.DECAY, c]
            crit, inv_t = cap_table[Row.TIME_CRITICALITY, c], cap_table[Row.INV_TARGET, c]
            inv_p, no_p = cap_table[Row.INV_PROFICIENCY, c], cap_table[Row.NO_PROFICIENCY, c]
            inv_s, no_s = cap_table[Row.INV_SCOPE, c], cap_table[Row.NO_SCOPE, c]
            nat_minutes, nat_ok = (
                cap_table[Row.NATIONAL_RESPONSE_MIN, c],
                cap_table[Row.NATIONAL_AVAILABLE, c],
            )
            payg_price, nat_price = cap_table[Row.PAYG_PRICE, c], cap_table[Row.NATIONAL_PRICE, c]
            trans, setup_one = cap_table[Row.TRANSACTION_COST, c], cap_table[Row.SETUP_PER_YEAR, c]
            lam = lam_all[fi, c]
            my_mode = mode[fi, c]
            my_provider = provider[fi, c]
            unit_load_f = committed_load[fi, c] + payg_load[fi, c]

            # own unit (keeping any current buyers)
            i_operate = teams[fi, c] > 0 and (my_mode in (_OWN, _JOINT_LEAD)) and not closing[fi, c]
            own_load = lam + (unit_load_f - committed_load[fi, c] if i_operate else 0.0)
            own_teams = teams_needed(own_load, cap, headroom)
            money[r, c, OWN] = fixed * own_teams + per_use * own_load - (revenue[fi, c] if i_operate else 0.0)
            own_minutes = response[fi, fi, c]
            minutes[r, c, OWN] = own_minutes
            own_covered = covered[fi, c] if my_mode == _OWN else pop_f
            own_quality = settled_skill(proficiency_ratio(own_load / own_teams, inv_p, no_p), lr, decay)
            own_quality *= coverage_effect(own_covered, inv_s, no_s)
            own_late = late_fraction(own_minutes, inv_t, crit)
            harm[r, c, OWN] = lam * harm_w * (own_late + sigma * (1 - own_quality))
            if my_mode != _OWN and my_mode != _JOINT_LEAD:
                setup[r, c, OWN] = setup_one

            # national provider
            money[r, c, NATIONAL] = lam * nat_price + trans
            minutes[r, c, NATIONAL] = nat_minutes
            nat_late = late_fraction(nat_minutes, inv_t, crit)
            harm[r, c, NATIONAL] = lam * harm_w * (nat_late + sigma * (1 - NATIONAL_SKILL))
            feasible[r, c, NATIONAL] = nat_ok > 0

            # partners: the nearest forces, plus the current partner when it is not among them
            listed = False
            for k in range(K - 1):
                cand[k] = nearest[fi, k]
                listed = listed or cand[k] == my_provider
            elsewhere = my_provider >= 0 and my_provider != fi
            cand[K - 1] = my_provider if elsewhere and not listed else -1
            match = -1
            for k in range(K):
                if match < 0 and cand[k] == my_provider:
                    match = k
                valid = cand[k] >= 0
                g = cand[k] if valid else 0
                p_ok = valid and teams[g, c] > 0 and (mode[g, c] == _OWN or mode[g, c] == _JOINT_LEAD)
                p_ok = p_ok and not closing[g, c]
                buy_p, buy_s, join = 2 + k, 2 + K + k, 2 + 2 * K + k
                m_k = response[fi, g, c]
                late_k = late_fraction(m_k, inv_t, crit)
                distrust = risk_aversion * (1.0 - trust[fi, g]) * lam * harm_w * value
                already = my_provider == g and my_provider != fi
                member_of_g = already and my_mode == _JOINT_MEMBER
                covered_excl = covered[g, c] - (pop_f if already else 0.0)
                covered_with = covered_excl + pop_f
                skill_g = skill[g, c] * coverage_effect(covered_with, inv_s, no_s)
                g_load_excl = committed_load[g, c] + payg_load[g, c] - (lam if already else 0.0)
                g_load_with = g_load_excl + lam

                # buy, pay-as-you-go: served from spare capacity
                spare = max(teams[g, c] * cap - g_load_excl, 0.0)
                unserved = min(max(1.0 - spare / lam, 0.0), 1.0) if lam > 0 else 0.0
                money[r, c, buy_p] = lam * payg_price + trans
                harm[r, c, buy_p] = (
                    lam * harm_w * (unserved + (1 - unserved) * (late_k + sigma * (1 - skill_g)))
                )

                # buy, subscription: reserved capacity, so the host may need more teams
                fee = max(sub_min_share * fixed, sub_markup * lam * fixed / cap)
                teams_with = teams_needed(g_load_with, cap, headroom)
                teams_excl = teams_needed(g_load_excl, cap, headroom)
                money[r, c, buy_s] = fee + per_use * lam + trans
                harm[r, c, buy_s] = lam * harm_w * (late_k + sigma * (1 - skill_g))
                host_gain[r, c, buy_s] = fee - fixed * max(teams_with - teams_excl, 0.0) - trans
                keep[r, c, buy_s] = already and contract[fi, c] == _SUBSCRIPTION

                # join: an existing joint unit led by g, or a new one with g as lead
                w_f, w_g = weights[fi, c], weights[g, c]
                g_is_lead = mode[g, c] == _JOINT_LEAD
                w_excl = (weight_total[g, c] if g_is_lead else w_g) - (w_f if member_of_g else 0.0)
                net_with = fixed * teams_with + per_use * g_load_with - revenue[g, c]
                net_excl = fixed * teams_excl + per_use * g_load_excl - revenue[g, c]
                w_with = w_excl + w_f
                my_share = w_f / w_with if w_with > 0 else 0.0
                g_share_before = w_g / w_excl if w_excl > 0 else 1.0
                g_share_after = w_g / w_with if w_with > 0 else 1.0
                ratio_with = proficiency_ratio(g_load_with / teams_with, inv_p, no_p)
                ratio_excl = proficiency_ratio(g_load_excl / teams_excl, inv_p, no_p)
                skill_with = settled_skill(ratio_with, lr, decay) * coverage_effect(covered_with, inv_s, no_s)
                skill_excl = settled_skill(ratio_excl, lr, decay) * coverage_effect(covered_excl, inv_s, no_s)
                money[r, c, join] = my_share * net_with + trans
                harm[r, c, join] = lam * harm_w * (late_k + sigma * (1 - skill_with))
                g_money_gain = (
                    g_share_before * net_excl - g_share_after * net_with - (0.0 if g_is_lead else trans)
                )
                g_harm_gain = lam_all[g, c] * harm_w * sigma * (skill_with - skill_excl) * value
                host_gain[r, c, join] = g_money_gain + g_harm_gain
                keep[r, c, join] = member_of_g
                if not member_of_g:
                    setup[r, c, join] = setup_one

                for o in (buy_p, buy_s, join):
                    minutes[r, c, o] = m_k
                    premium[r, c, o] = distrust
                    feasible[r, c, o] = p_ok
                    partner[r, c, o] = cand[k]
                feasible[r, c, join] = p_ok and g != fi

            # the current arrangement (a joint lead is scored apart, below)
            if my_mode == _OWN:
                current[r, c] = OWN
            elif my_mode == _NATIONAL:
                current[r, c] = NATIONAL
            elif match >= 0 and my_mode == _BUY and contract[fi, c] == _PAYG:
                current[r, c] = 2 + match
            elif match >= 0 and my_mode == _BUY and contract[fi, c] == _SUBSCRIPTION:
                current[r, c] = 2 + K + match
            elif match >= 0 and my_mode == _JOINT_MEMBER:
                current[r, c] = 2 + 2 * K + match
            safe = current[r, c] if current[r, c] >= 0 else OWN
            current_money[r, c] = money[r, c, safe]
            if my_mode == _JOINT_LEAD:
                lead_teams = teams_needed(unit_load_f, cap, headroom)
                total_w = weight_total[fi, c]
                lead_share = weights[fi, c] / max(total_w, 1e-12) if total_w > 0 else 1.0
                lead_money[r, c] = lead_share * (fixed * lead_teams + per_use * unit_load_f - revenue[fi, c])
                lead_quality = settled_skill(
                    proficiency_ratio(unit_load_f / lead_teams, inv_p, no_p), lr, decay
                )
                lead_quality *= coverage_effect(covered[fi, c], inv_s, no_s)
                lead_harm[r, c] = lam * harm_w * (own_late + sigma * (1 - lead_quality))
                current_money[r, c] = lead_money[r, c]
            if my_mode == _NONE:
                spend += fixed * teams_needed(lam, cap, headroom) + per_use * lam
            else:
                spend += current_money[r, c]

        # budget pressure: what the current arrangements cost against the allocation
        cost_weight[r] = min(max((max(spend, 0.0) / allocation[r]) ** elasticity, 0.5), 3.0)
        weight, control = cost_weight[r], control_value[r]
        for c in range(C):
            my_mode = mode[fi, c]
            now = current[r, c]
            lead = my_mode == _JOINT_LEAD
            safe = now if now >= 0 else OWN
            # control premium: only for giving up control beyond what the force has already shared
            current_loss = loss[safe] if now >= 0 else (CONTROL_LOSS_LEAD if lead else 0.0)
            for o in range(O):
                given_up = max(loss[o] - current_loss, 0.0)
                score[r, c, o] = (
                    weight * (money[r, c, o] + setup[r, c, o])
                    + value * harm[r, c, o]
                    + control * given_up
                    + premium[r, c, o]
                )
            held = score[r, c, safe] if now >= 0 else np.inf
            current_harm[r, c] = (
                harm[r, c, safe] if now >= 0 else lam_all[fi, c] * cap_table[Row.HARM_WEIGHT, c]
            )
            if lead:
                held = weight * lead_money[r, c] + value * lead_harm[r, c]
                current_harm[r, c] = lead_harm[r, c]
            # users of a unit under notice must find another arrangement
            h = provider[fi, c]
            if h >= 0 and h != fi and closing[h, c]:
                held = np.inf
            current_score[r, c] = held
            # a partner accepts if its gain plus the duty's weight on the proposer's gain is >= 0
            baseline = held if np.isfinite(held) else 1e9
            for o in range(2 + K, O):
                accepted = host_gain[r, c, o] + duty * (baseline - score[r, c, o]) >= 0
                feasible[r, c, o] = feasible[r, c, o] and (accepted or keep[r, c, o])
            for o in range(O):
                if not feasible[r, c, o]:
                    score[r, c, o] = np.inf
            # the current arrangement is always available to keep (it was agreed)
            if now >= 0:
                score[r, c, now] = held
            best_score[r, c] = score[r, c, 0]
            for o in range(1, O):
                if score[r, c, o] < best_score[r, c]:
                    best[r, c], best_score[r, c] = o, score[r, c, o]
    return (
        score,
        money,
        harm,
        minutes,
        partner,
        current,
        current_score,
        current_money,
        current_harm,
        cost_weight,
        best,
        best_score,
    )


def preferred_changes(scores: OptionScores, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Best option per (force, capability) and whether it beats the current one by the threshold."""
    best, best_score = scores.best, scores.best_score
    current = scores.current_score
    finite = np.isfinite(current)
    # the margin of an arrangement that cannot be kept (infinite score) is 0, not 0 x inf
    margin = threshold * np.abs(np.where(finite, current, 0.0))
    wants = np.isfinite(best_score) & (best != scores.current) & (~finite | (best_score < current - margin))
    return best, wants
