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

Everything is vectorised over (reviewing forces, capabilities, options).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from abm.economics import NATIONAL_SKILL, late_share, scope_factor, steady_skill, teams_needed, use_ratio
from abm.modes import Contract, Mode

#: Loss of local control by arrangement, 0 (own) to 1 (another force decides). Assumed.
CONTROL_LOSS_OWN = 0.0
CONTROL_LOSS_NATIONAL = 0.8
CONTROL_LOSS_BUY = 1.0
CONTROL_LOSS_JOIN = 0.7
CONTROL_LOSS_LEAD = 0.1

OWN, NATIONAL = 0, 1  # option indices; then K buy-PAYG, K buy-subscription, K join options


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


def routed_loads(model) -> tuple[np.ndarray, ...]:
    """Per unit (h, c): expected yearly load (committed, pay-as-you-go), buyers' revenue,
    total partner weight, and the population it covers."""
    F, C = model.mode.shape
    cols = np.arange(C)[None, :]
    lam = model.expected_demand
    routed = model.provider >= 0
    host = np.where(routed, model.provider, 0)
    payg = (model.mode == Mode.BUY) & (model.contract == Contract.PAYG)
    sub = (model.mode == Mode.BUY) & (model.contract == Contract.SUBSCRIPTION)
    committed = routed & ~payg
    key = host * C + cols

    def total(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.bincount(key[mask], values[mask], minlength=F * C).reshape(F, C)

    revenue_values = np.where(payg, lam * model.payg_price[None, :], 0.0) + np.where(
        sub, model.subscription_fee + lam * model.caps.per_use[None, :], 0.0
    )
    joint = (model.mode == Mode.JOINT_LEAD) | (model.mode == Mode.JOINT_MEMBER)
    weights = model.partner_weight()
    return (
        total(committed, lam),
        total(payg, lam),
        total(routed & (payg | sub), revenue_values),
        total(joint, weights),
        total(routed, np.broadcast_to(model.forces.population[:, None], lam.shape)),
    )


def score_options(model, forces: np.ndarray) -> OptionScores:
    """Score every option of every capability for the given forces (see module docstring)."""
    params, caps = model.params, model.caps
    R = len(forces)
    C = caps.count
    f = forces

    lam_all = model.expected_demand
    committed_load, payg_load, revenue, weight_total, covered = routed_loads(model)
    pop_f = model.forces.population[f][:, None]
    unit_load = committed_load + payg_load
    weights = model.partner_weight()
    mode_all = model.mode
    operates = (model.teams > 0) & ((mode_all == Mode.OWN) | (mode_all == Mode.JOINT_LEAD)) & ~model.closing

    fixed, per_use, cap = caps.fixed, caps.per_use, caps.capacity  # (C,)
    harm_w = caps.harm_weight
    sigma = params.skill_harm_share
    lr = params.skill_learning_rate
    value = params.value_of_harm_gbp / 1e6  # GBP m per harm-index day
    duty = params.duty_strength
    trans = model.transaction_cost  # (C,) GBP m / year per party
    setup_one = params.setup_cost_share * fixed / params.amortisation_years

    lam = lam_all[f]  # (R, C)
    my_mode = mode_all[f]
    my_provider = model.provider[f]
    hold_cost = fixed * teams_needed(lam, caps.capacity, params.capacity_headroom) + per_use * lam

    def steady(load: np.ndarray, teams: np.ndarray) -> np.ndarray:
        return steady_skill(use_ratio(load / teams, caps), caps, lr)

    # --- own unit -----------------------------------------------------------------------
    i_operate = operates[f]
    buyers_load = np.where(i_operate, unit_load[f] - committed_load[f], 0.0)
    own_load = lam + buyers_load
    own_teams = teams_needed(own_load, caps.capacity, params.capacity_headroom)
    own_money = fixed * own_teams + per_use * own_load - np.where(i_operate, revenue[f], 0.0)
    own_minutes = model.response_table[f, f, :]  # (R, C)
    own_covered = np.where(my_mode == Mode.OWN, covered[f], pop_f)
    own_quality = steady(own_load, own_teams) * scope_factor(own_covered, caps)
    own_harm = lam * harm_w * (late_share(own_minutes, caps) + sigma * (1 - own_quality))
    own_setup = np.where((my_mode == Mode.OWN) | (my_mode == Mode.JOINT_LEAD), 0.0, setup_one)

    # --- national provider ------------------------------------------------------------------
    nat_money = lam * model.national_price + trans
    nat_minutes = np.broadcast_to(caps.national_response_min, (R, C))
    nat_harm = lam * harm_w * (late_share(nat_minutes, caps) + sigma * (1 - NATIONAL_SKILL))
    nat_ok = np.broadcast_to(caps.national_available, (R, C))

    # --- partners: arrays (R, C, K): the nearest forces, plus the current partner if farther ----
    cand = partner_candidates(model.candidates[f], f, my_provider)
    K = cand.shape[2]
    valid_partner = cand >= 0
    g = gk = np.where(valid_partner, cand, 0)
    lamk = lam[:, :, None]
    ck = np.arange(C)[None, :, None]
    partner_ok = valid_partner & operates[gk, ck]
    minutes_k = model.response_table[f[:, None, None], gk, ck]
    caps_k = _CapsView(caps)
    late_k = late_share(minutes_k, caps_k)
    fixed_k, per_use_k, cap_k = fixed[None, :, None], per_use[None, :, None], cap[None, :, None]
    trans_k = trans[None, :, None]
    harm_wk = harm_w[None, :, None]
    trust = model.trust[f[:, None, None], g]
    distrust_premium = params.risk_aversion * (1.0 - trust) * lamk * harm_wk * value

    already_with_g = (my_provider[:, :, None] == gk) & (my_provider[:, :, None] != f[:, None, None])
    my_lam_at_g = np.where(already_with_g, lamk, 0.0)
    covered_excl = covered[gk, ck] - np.where(already_with_g, pop_f[:, :, None], 0.0)
    covered_with = covered_excl + pop_f[:, :, None]
    skill_g = model.skill[gk, ck] * scope_factor(covered_with, caps_k)
    g_load_excl = unit_load[gk, ck] - my_lam_at_g
    g_load_with = g_load_excl + lamk
    teams_g = model.teams[gk, ck]

    # buy, pay-as-you-go: served from spare capacity
    payg_money = lamk * model.payg_price[None, :, None] + trans_k
    spare = np.maximum(teams_g * cap_k - g_load_excl, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        unserved = np.where(lamk > 0, np.clip(1.0 - spare / lamk, 0.0, 1.0), 0.0)
    payg_harm = lamk * harm_wk * (unserved + (1 - unserved) * (late_k + sigma * (1 - skill_g)))

    # buy, subscription: reserved capacity, so the host may need more teams
    fee = np.maximum(
        params.subscription_minimum_share * fixed_k, params.subscription_markup * lamk * fixed_k / cap_k
    )
    sub_money = fee + per_use_k * lamk + trans_k
    sub_harm = lamk * harm_wk * (late_k + sigma * (1 - skill_g))
    extra_teams = np.maximum(
        teams_needed(g_load_with, caps_k.capacity, params.capacity_headroom)
        - teams_needed(g_load_excl, caps_k.capacity, params.capacity_headroom),
        0.0,
    )
    host_gain_sub = fee - fixed_k * extra_teams - trans_k

    # join: an existing joint unit led by g, or a new one with g as lead
    w_f = weights[f][:, :, None]
    w_g = weights[gk, ck]
    g_is_lead = mode_all[gk, ck] == Mode.JOINT_LEAD
    W_excl = np.where(g_is_lead, weight_total[gk, ck], w_g) - np.where(
        already_with_g & (my_mode[:, :, None] == Mode.JOINT_MEMBER), w_f, 0.0
    )
    teams_with = teams_needed(g_load_with, caps_k.capacity, params.capacity_headroom)
    teams_excl = teams_needed(g_load_excl, caps_k.capacity, params.capacity_headroom)
    net_with = fixed_k * teams_with + per_use_k * g_load_with - revenue[gk, ck]
    net_excl = fixed_k * teams_excl + per_use_k * g_load_excl - revenue[gk, ck]
    with np.errstate(divide="ignore", invalid="ignore"):
        my_share = np.where(W_excl + w_f > 0, w_f / (W_excl + w_f), 0.0)
        g_share_before = np.where(W_excl > 0, w_g / W_excl, 1.0)
        g_share_after = np.where(W_excl + w_f > 0, w_g / (W_excl + w_f), 1.0)
    join_money = my_share * net_with + trans_k
    skill_with = steady_skill(use_ratio(g_load_with / teams_with, caps_k), caps_k, lr) * scope_factor(
        covered_with, caps_k
    )
    skill_excl = steady_skill(use_ratio(g_load_excl / teams_excl, caps_k), caps_k, lr) * scope_factor(
        covered_excl, caps_k
    )
    join_harm = lamk * harm_wk * (late_k + sigma * (1 - skill_with))
    lam_g = lam_all[gk, ck]
    g_money_gain = g_share_before * net_excl - g_share_after * net_with - np.where(g_is_lead, 0.0, trans_k)
    g_harm_gain = lam_g * harm_wk * sigma * (skill_with - skill_excl) * value
    host_gain_join = g_money_gain + g_harm_gain

    # --- assemble -------------------------------------------------------------------------
    O = option_count(K)
    money = np.empty((R, C, O))
    harm = np.empty((R, C, O))
    minutes = np.empty((R, C, O))
    loss = np.empty(O)
    money[:, :, OWN], harm[:, :, OWN], minutes[:, :, OWN] = own_money, own_harm, own_minutes
    money[:, :, NATIONAL], harm[:, :, NATIONAL], minutes[:, :, NATIONAL] = nat_money, nat_harm, nat_minutes
    buy_p, buy_s, join = slice(2, 2 + K), slice(2 + K, 2 + 2 * K), slice(2 + 2 * K, 2 + 3 * K)
    money[:, :, buy_p], harm[:, :, buy_p] = payg_money, payg_harm
    money[:, :, buy_s], harm[:, :, buy_s] = sub_money, sub_harm
    money[:, :, join], harm[:, :, join] = join_money, join_harm
    for block in (buy_p, buy_s, join):
        minutes[:, :, block] = minutes_k
    loss[OWN], loss[NATIONAL] = CONTROL_LOSS_OWN, CONTROL_LOSS_NATIONAL
    loss[buy_p], loss[buy_s], loss[join] = CONTROL_LOSS_BUY, CONTROL_LOSS_BUY, CONTROL_LOSS_JOIN

    setup = np.zeros((R, C, O))
    setup[:, :, OWN] = own_setup
    new_join = ~(already_with_g & (my_mode[:, :, None] == Mode.JOINT_MEMBER))
    setup[:, :, join] = np.where(new_join, setup_one[None, :, None], 0.0)

    premium = np.zeros((R, C, O))
    premium[:, :, buy_p] = distrust_premium
    premium[:, :, buy_s] = distrust_premium
    premium[:, :, join] = distrust_premium

    # budget pressure: what the current arrangements cost against the allocation
    current = current_option(my_mode, my_provider, model.contract[f], cand, K)
    rows, cols_ = np.indices((R, C))
    safe_current = np.where(current >= 0, current, OWN)
    current_money = money[rows, cols_, safe_current]
    lead = my_mode == Mode.JOINT_LEAD
    lead_teams = teams_needed(unit_load[f], caps.capacity, params.capacity_headroom)
    lead_share = np.where(weight_total[f] > 0, weights[f] / np.maximum(weight_total[f], 1e-12), 1.0)
    lead_money = lead_share * (fixed * lead_teams + per_use * unit_load[f] - revenue[f])
    lead_quality = steady(unit_load[f], lead_teams) * scope_factor(covered[f], caps)
    lead_harm = lam * harm_w * (late_share(own_minutes, caps) + sigma * (1 - lead_quality))
    current_money = np.where(lead, lead_money, current_money)
    allocation = model.capability_allocation()[f]
    spend = np.maximum(np.where(my_mode == Mode.NONE, hold_cost, current_money).sum(axis=1), 0.0)
    cost_weight = np.clip((spend / allocation) ** params.budget_pressure_elasticity, 0.5, 3.0)
    # what keeping control of one capability is worth to the force and its PCC: a share of its
    # budget (the force's standing with its public), not of the capability's cost
    control_value = model.control_value(f)

    # control premium: only for giving up control beyond what the force has already shared
    current_loss = np.where(current >= 0, loss[safe_current], np.where(lead, CONTROL_LOSS_LEAD, 0.0))
    score = (
        cost_weight[:, None, None] * (money + setup)
        + value * harm
        + control_value[:, None, None] * np.maximum(loss[None, None, :] - current_loss[:, :, None], 0.0)
        + premium
    )

    feasible = np.ones((R, C, O), dtype=bool)
    feasible[:, :, NATIONAL] = nat_ok
    feasible[:, :, buy_p] = partner_ok
    feasible[:, :, buy_s] = partner_ok
    feasible[:, :, join] = partner_ok & (g != f[:, None, None])

    current_score = np.where(current >= 0, score[rows, cols_, safe_current], np.inf)
    lead_score = cost_weight[:, None] * lead_money + value * lead_harm
    current_score = np.where(lead, lead_score, current_score)
    # users of a unit under notice must find another arrangement
    partner_closing = (
        (my_provider >= 0)
        & (my_provider != f[:, None])
        & model.closing[np.where(my_provider >= 0, my_provider, 0), np.arange(C)[None, :]]
    )
    current_score = np.where(partner_closing, np.inf, current_score)
    current_harm = np.where(current >= 0, harm[rows, cols_, safe_current], lam * harm_w)
    current_harm = np.where(lead, lead_harm, current_harm)

    # a partner accepts if its gain plus the duty's weight on the proposer's gain is >= 0
    my_gain = np.where(np.isfinite(current_score), current_score, 1e9)[:, :, None] - score
    accepted_sub = host_gain_sub + duty * my_gain[:, :, buy_s] >= 0
    accepted_join = host_gain_join + duty * my_gain[:, :, join] >= 0
    keep_sub = already_with_g & (model.contract[f][:, :, None] == Contract.SUBSCRIPTION)
    keep_join = already_with_g & (my_mode[:, :, None] == Mode.JOINT_MEMBER)
    feasible[:, :, buy_s] &= accepted_sub | keep_sub
    feasible[:, :, join] &= accepted_join | keep_join
    score = np.where(feasible, score, np.inf)
    # the current arrangement is always available to keep (it was agreed)
    score[rows, cols_, safe_current] = np.where(current >= 0, current_score, score[rows, cols_, safe_current])

    partner = np.full((R, C, O), -1)
    for block in (buy_p, buy_s, join):
        partner[:, :, block] = np.where(valid_partner, cand, -1)

    return OptionScores(
        forces=f,
        score=score,
        money=money,
        harm=harm,
        minutes=minutes,
        partner=partner,
        current=current,
        current_score=current_score,
        current_money=current_money,
        current_harm=current_harm,
        cost_weight=cost_weight,
        candidates=K,
    )


def preferred_changes(scores: OptionScores, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Best option per (force, capability) and whether it beats the current one by the threshold."""
    best = scores.score.argmin(axis=2)
    best_score = np.take_along_axis(scores.score, best[:, :, None], axis=2)[:, :, 0]
    current = scores.current_score
    margin = np.where(np.isfinite(current), threshold * np.abs(current), 0.0)
    wants = (
        np.isfinite(best_score)
        & (best != scores.current)
        & (~np.isfinite(current) | (best_score < current - margin))
    )
    return best, wants


class _CapsView:
    """The capability arrays broadcast over a trailing partner axis: (1, C, 1)."""

    def __init__(self, caps) -> None:
        for name in (
            "capacity",
            "decay",
            "time_criticality",
            "inv_target",
            "inv_proficiency",
            "no_proficiency",
            "inv_scope",
            "no_scope",
        ):
            setattr(self, name, getattr(caps, name)[None, :, None])


def partner_candidates(nearest: np.ndarray, forces: np.ndarray, provider: np.ndarray) -> np.ndarray:
    """Candidate partners (R, C, K+1): the nearest forces, and the current partner when it is not among them."""
    R, C = provider.shape
    elsewhere = (provider >= 0) & (provider != forces[:, None])
    listed = (nearest[:, None, :] == provider[:, :, None]).any(axis=2)
    extra = np.where(elsewhere & ~listed, provider, -1)
    near = np.broadcast_to(nearest[:, None, :], (R, C, nearest.shape[1]))
    return np.concatenate([near, extra[:, :, None]], axis=2)


def current_option(
    mode: np.ndarray, provider: np.ndarray, contract: np.ndarray, cand: np.ndarray, K: int
) -> np.ndarray:
    """Option index of each current arrangement; -1 for a gap or a joint lead (scored apart)."""
    matches = cand == provider[:, :, None]  # (R, C, K)
    k = np.where(matches.any(axis=2), matches.argmax(axis=2), -1)
    out = np.full(mode.shape, -1)
    out = np.where(mode == Mode.OWN, OWN, out)
    out = np.where(mode == Mode.NATIONAL, NATIONAL, out)
    buy_payg = (mode == Mode.BUY) & (contract == Contract.PAYG) & (k >= 0)
    buy_sub = (mode == Mode.BUY) & (contract == Contract.SUBSCRIPTION) & (k >= 0)
    member = (mode == Mode.JOINT_MEMBER) & (k >= 0)
    out = np.where(buy_payg, 2 + k, out)
    out = np.where(buy_sub, 2 + K + k, out)
    out = np.where(member, 2 + 2 * K + k, out)
    return out
