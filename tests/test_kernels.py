"""Each compiled option kernel (abm/scoring.py) against its formula written out in plain NumPy.

The kernels are what a reader checks against docs/ODD.md §7.10; here each is called on its own
with random inputs and compared with an independent statement of the same formula.
"""

from __future__ import annotations

import numpy as np
import pytest

from abm.economics import reach_minutes, spread_response
from abm.model import CrossforceModel
from abm.params import make_params
from abm.scoring import (
    ScoringSettings,
    budget_weight,
    buy_payg_option,
    buy_subscription_option,
    join_option,
    lead_current,
    national_option,
    own_option,
    partner_accepts,
    subscription_fee,
)

RNG = np.random.default_rng(20)
CASES = 40


@pytest.fixture(scope="module")
def setting():
    model = CrossforceModel(make_params({"years": 1}))
    return model.economics, ScoringSettings.from_params(model.params), model.caps.count


def teams(load, e, s, c):
    """Teams for a load with headroom, in steps of the capability's smallest unit; at least one step."""
    step = e.smallest_team[c]
    return max(1.0, np.ceil(load * (1 + s.headroom) / (e.capacity[c] * step) - 1e-9)) * step


def settled(load_per_team, e, s, c):
    """The skill a unit settles at: gain = lr x ratio; loss = decay x (1 - ratio)."""
    ratio = min(load_per_team * e.inv_proficiency[c] + e.no_proficiency[c], 1.0)
    gain, loss = s.skill_learning_rate * ratio, e.decay[c] * (1 - ratio)
    return 1.0 if gain + loss <= 0 else gain / (gain + loss)


def seen(covered, e, c):
    """The share of cross-border networks a unit covering ``covered`` people sees."""
    return min(covered * e.inv_scope[c] + e.no_scope[c], 1.0)


def work(l1, up, e, s, c, slow, skill, cover):
    """Harm of local work and cross-border work: the unseen part of a network as if unmet."""
    service = slow + s.skill_harm_share * (1 - skill)
    return e.harm_weight[c] * (l1 * service + up * ((1 - cover) + cover * service))


def with_doubt(lam, e, s, c, trust, service):
    """The chief's view of a partner's service: believed failures cost the whole harm, weighted
    by risk aversion; returns (harm as the chief expects it, of which doubt)."""
    doubt = (1 - trust) * (lam * e.harm_weight[c] * (1 + s.risk_aversion) - service)
    return service + doubt, doubt


def late(minutes, e, c):
    return e.time_criticality[c] * min(max(minutes * e.inv_target[c] - 1, 0.0), 1.0)


def draws():
    for _ in range(CASES):
        lam = RNG.uniform(0.1, 400)
        share = RNG.uniform(0, 1)
        yield {
            "lam": lam,
            "l1": lam * share,
            "up": lam * (1 - share),
            "load": RNG.uniform(0, 2000),
            "revenue": RNG.uniform(0, 5),
            "covered": RNG.uniform(1e5, 8e6),
            "minutes": RNG.uniform(5, 3000),
            "skill": RNG.uniform(0, 1),
            "teams": float(RNG.integers(1, 6)),
            "weight": RNG.uniform(0.1, 50),
        }


def test_own_option(setting) -> None:
    e, s, C = setting
    for c in range(C):
        for d in draws():
            lateness, governed = RNG.uniform(0, 1), float(RNG.integers(0, 4))
            load = d["lam"] + d["load"]
            n = teams(load, e, s, c) + float(RNG.integers(0, 3))
            money, harm = own_option(
                e, s, c, d["l1"], d["up"], load, n, d["revenue"], governed, seen(d["covered"], e, c), lateness
            )
            cost = e.fixed[c] * n + e.per_use[c] * load - d["revenue"] + e.transaction_cost[c] * governed
            assert money == pytest.approx(cost)
            cover = seen(d["covered"], e, c)
            assert harm == pytest.approx(
                work(d["l1"], d["up"], e, s, c, lateness, settled(load / n, e, s, c), cover)
            )


def test_national_option(setting) -> None:
    e, s, C = setting
    for c in range(C):
        lam = RNG.uniform(1, 100)
        money, harm, minutes = national_option(e, s, c, lam)
        assert minutes == e.national_response_min[c]
        assert money == pytest.approx(lam * e.national_price[c] + e.transaction_cost[c])
        assert harm == pytest.approx(
            lam * e.harm_weight[c] * (late(minutes, e, c) + s.skill_harm_share * (1 - s.national_skill))
        )


def test_buy_payg_option_serves_only_from_what_committed_work_leaves(setting) -> None:
    e, s, C = setting
    for c in range(C):
        for d in draws():
            lateness, trust = RNG.uniform(0, 1), RNG.uniform(0.5, 1)
            committed = d["load"] * RNG.uniform(0, 1)
            n_without = d["teams"]
            n_with = n_without + float(RNG.integers(0, 2))
            cover = seen(d["covered"], e, c)
            money, harm, doubt, gain = buy_payg_option(
                e, s, c, d["l1"], d["up"], n_with, n_without, committed, d["load"], lateness, cover, trust
            )
            capacity = n_with * e.capacity[c]
            payg = d["load"] - committed + d["lam"]
            served = min(1.0, max(capacity - committed, 0.0) / payg)
            skill = settled((min(committed, capacity) + served * payg) / n_with, e, s, c)
            service = d["lam"] * e.harm_weight[c] * (1 - served) + served * work(
                d["l1"], d["up"], e, s, c, lateness, skill, cover
            )
            assert money == pytest.approx(served * d["lam"] * e.payg_price[c] + e.transaction_cost[c])
            assert (harm, doubt) == pytest.approx(with_doubt(d["lam"], e, s, c, trust, service))
            margin = served * d["lam"] * (e.payg_price[c] - e.per_use[c]) - e.fixed[c] * (n_with - n_without)
            assert gain == pytest.approx(margin - e.transaction_cost[c], abs=1e-12)


def test_buy_subscription_option_and_the_hosts_gain(setting) -> None:
    e, s, C = setting
    for c in range(C):
        for d in draws():
            lateness, trust = RNG.uniform(0, 1), RNG.uniform(0.5, 1)
            without = float(RNG.integers(1, 5))
            with_ = without + float(RNG.integers(0, 2))
            load_with = d["load"] + d["lam"]
            cover = seen(d["covered"], e, c)
            money, harm, doubt, gain = buy_subscription_option(
                e, s, c, d["l1"], d["up"], with_, without, load_with, lateness, cover, trust
            )
            reserved = d["lam"] * e.fixed[c] * (1 + s.headroom) / e.capacity[c]
            fee = max(s.subscription_minimum_share * e.fixed[c], s.subscription_markup * reserved)
            assert subscription_fee(e, s, c, d["lam"]) == pytest.approx(fee)
            assert money == pytest.approx(fee + e.per_use[c] * d["lam"] + e.transaction_cost[c])
            assert gain == pytest.approx(fee - e.fixed[c] * (with_ - without) - e.transaction_cost[c])
            service = work(d["l1"], d["up"], e, s, c, lateness, settled(load_with / with_, e, s, c), cover)
            assert (harm, doubt) == pytest.approx(with_doubt(d["lam"], e, s, c, trust, service))


def test_join_option_splits_the_cost_by_weight_and_values_the_leads_gain(setting) -> None:
    e, s, C = setting
    for c in range(C):
        for d in draws():
            lead_l1, lead_up = RNG.uniform(1, 200), RNG.uniform(0, 100)
            lead_weight, others = RNG.uniform(0.1, 50), RNG.uniform(0, 50)
            pop = RNG.uniform(2e5, 3e6)
            late_with, late_without, trust = RNG.uniform(0, 1), RNG.uniform(0, 1), RNG.uniform(0.5, 1)
            weight_without = lead_weight + others
            load_with = d["load"] + d["lam"]
            n_without = teams(d["load"], e, s, c)
            n_with = max(teams(load_with, e, s, c), n_without)
            money, harm, doubt, gain = join_option(
                e, s, c, d["l1"], d["up"], lead_l1, lead_up, d["weight"], lead_weight, weight_without, d["load"],
                n_with, n_without, d["revenue"], d["covered"], pop, late_with, late_without, trust,
            )  # fmt: skip
            net_with = e.fixed[c] * n_with + e.per_use[c] * load_with - d["revenue"]
            net_without = e.fixed[c] * n_without + e.per_use[c] * d["load"] - d["revenue"]
            weight_with = weight_without + d["weight"]
            skill_with, skill_without = (
                settled(load_with / n_with, e, s, c),
                settled(d["load"] / n_without, e, s, c),
            )
            cover_with, cover_without = seen(d["covered"] + pop, e, c), seen(d["covered"], e, c)
            assert money == pytest.approx(d["weight"] / weight_with * net_with + e.transaction_cost[c])
            service = work(d["l1"], d["up"], e, s, c, late_with, skill_with, cover_with)
            assert (harm, doubt) == pytest.approx(with_doubt(d["lam"], e, s, c, trust, service))
            lead_money = lead_weight / weight_without * net_without - lead_weight / weight_with * net_with
            lead_money -= e.transaction_cost[c]  # the lead governs one more agreement
            before = work(lead_l1, lead_up, e, s, c, late_without, skill_without, cover_without)
            after = work(lead_l1, lead_up, e, s, c, late_with, skill_with, cover_with)
            assert gain == pytest.approx(lead_money + s.harm_value * (before - after), abs=1e-9)


def test_lead_current(setting) -> None:
    e, s, C = setting
    for c in range(C):
        for d in draws():
            total, lateness, users = (
                d["weight"] + RNG.uniform(0, 30),
                RNG.uniform(0, 1),
                float(RNG.integers(1, 5)),
            )
            n = teams(d["load"], e, s, c)
            money, harm = lead_current(
                e, s, c, d["l1"], d["up"], d["load"], n, d["weight"], total, d["revenue"], users, d["covered"],
                lateness,
            )  # fmt: skip
            share = d["weight"] / total * (e.fixed[c] * n + e.per_use[c] * d["load"] - d["revenue"])
            assert money == pytest.approx(share + e.transaction_cost[c] * users)
            skill, cover = settled(d["load"] / n, e, s, c), seen(d["covered"], e, c)
            assert harm == pytest.approx(work(d["l1"], d["up"], e, s, c, lateness, skill, cover))


def test_budget_weight_and_acceptance(setting) -> None:
    _, s, _ = setting
    for pressure in RNG.uniform(0.1, 4, size=CASES):
        expected = min(max(pressure**s.budget_elasticity, s.budget_weight_floor), s.budget_weight_cap)
        assert budget_weight(pressure, s) == pytest.approx(expected)
    assert partner_accepts(-1.0, 5.0, 0.3) and not partner_accepts(-1.0, 5.0, 0.1)
    assert partner_accepts(0.0, -5.0, 0.0) and not partner_accepts(-0.01, 100.0, 0.0)


def test_spread_response_against_its_distribution() -> None:
    """Bases spread over an area: the share of incidents reached after the target is the chance the
    nearest base is farther than the target allows, exp(-n pi r^2 / area); lateness harm averages
    the ramp from the target to twice it over that distribution; more bases, less lateness."""
    m, k, target, crit = 5.0, 1.1, 20.0, 1.0
    for area in (50.0, 800.0, 5000.0):
        previous = np.inf
        for n in (1.0, 2.0, 4.0, 8.0):
            harm, late_share, median = spread_response(n, area, m, k, target, crit)
            r = (target - m) / k
            assert late_share == pytest.approx(np.exp(-n * np.pi * r * r / area))
            u = (np.arange(2000) + 0.5) / 2000
            ramp = np.exp(-n * np.pi * ((target * (1 + u) - m) / k) ** 2 / area).mean()
            assert harm == pytest.approx(ramp, rel=0.06, abs=1e-3)  # 8-point midpoint rule
            assert median == pytest.approx(m + k * np.sqrt(area * np.log(2) / (n * np.pi)))
            assert harm <= previous
            previous = harm
    assert reach_minutes(30.0, 400.0, m, k) == pytest.approx(m + k * (30.0 + 10.0))
    assert reach_minutes(-5.0, 400.0, m, k) == pytest.approx(m + k * 10.0)
