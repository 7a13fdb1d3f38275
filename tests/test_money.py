"""Budgets that bind: every force's books balance each year, its workforce carries the cuts, money
is conserved through its reserves, and shared services are charged at cost."""

from __future__ import annotations

import numpy as np
import pytest

from abm.model import CrossforceModel
from abm.modes import Contract
from abm.params import make_params
from abm.service import serve_quarter
from tests.conftest import local_work, run_model


def test_reserves_move_by_the_budget_less_what_was_spent() -> None:
    """Each quarter: reserves change = a quarter's budget - (capabilities' net cost + set-up +
    a quarter of the workforce and non-pay). Money enters only as budget and leaves only as spending."""
    model = run_model(seed=3, years=6, grant_change_per_year=-0.06)
    series = model.recorder.model_series()
    spent = series["total_cost_gbp_m"] + (series["workforce_gbp_m"] + series["nonpay_gbp_m"]) / 4.0
    change = series["reserves_gbp_m"].diff()
    expected = series["budget_gbp_m"] / 4.0 - spent
    np.testing.assert_allclose(change.iloc[1:], expected.iloc[1:], rtol=1e-6, atol=1e-6)


def austerity(years: int = 5, seeds=(1, 2, 3)) -> dict[str, float]:
    """The 2010-15 settlement: central funding down 20% in real terms over five years."""
    shares = {"officers": [], "staff": [], "budget": []}
    for seed in seeds:
        series = run_model(seed, years=years, grant_change_per_year=-0.0436).recorder.model_series()
        for name, column in (("officers", "officers"), ("staff", "staff"), ("budget", "budget_gbp_m")):
            shares[name].append(series[column].iloc[-1] / series[column].iloc[0] - 1.0)
    return {name: float(np.mean(values)) for name, values in shares.items()}


def test_austerity_cuts_officers_and_cuts_staff_deeper() -> None:
    """Seed 004: central funding -20% over 2010-15; officers about -12%, staff about -18%. The
    direction must hold and the size be of that order (not a fit: a band a reviewer would accept)."""
    change = austerity()
    assert change["budget"] < -0.08
    assert -0.25 < change["officers"] < -0.04
    assert -0.35 < change["staff"] < change["officers"]


def test_a_settlement_that_grows_grows_the_workforce() -> None:
    grow = run_model(1, years=5, grant_change_per_year=0.03).recorder.model_series()
    assert grow["officers"].iloc[-1] > grow["officers"].iloc[0]


def test_budgets_bind_when_the_grant_collapses() -> None:
    """The grant halved every year: spending follows the budget down (the workforce is cut beyond
    its usual limits once reserves reach their floor), instead of capability spending carrying on."""
    flat = run_model(1, years=6)
    cut = run_model(1, years=6, grant_change_per_year=-0.5)
    s_cut, s_flat = cut.recorder.model_series(), flat.recorder.model_series()
    last = slice(-4, None)
    spend = (
        s_cut["total_cost_gbp_m"].iloc[last].sum()
        + (s_cut["workforce_gbp_m"] + s_cut["nonpay_gbp_m"]).iloc[last].mean()
    )
    budget = s_cut["budget_gbp_m"].iloc[last].mean()
    reserves_used = s_cut["reserves_gbp_m"].iloc[-5] - s_cut["reserves_gbp_m"].iloc[-1]
    assert spend == pytest.approx(budget + reserves_used, rel=0.15)
    assert s_cut["workforce_gbp_m"].iloc[-1] < 0.6 * s_flat["workforce_gbp_m"].iloc[-1]
    assert s_cut["total_cost_gbp_m"].iloc[last].sum() < s_flat["total_cost_gbp_m"].iloc[last].sum()
    assert "emergency cuts" in " ".join(cut.events.frame()["reason"])


@pytest.mark.parametrize("duty", [0.3, 1.0])
def test_hosts_charge_at_cost_and_make_no_profit_by_default(duty: float) -> None:
    """With cost-recovery prices no force's capabilities cost it less than nothing: what buyers pay
    does not exceed what serving them costs the host."""
    model = run_model(seed=2, years=6, duty_strength=duty)
    net = np.stack(model.recorder.force_arrays["net_cost"])
    assert (net >= -1e-9).all()


@pytest.mark.parametrize(("markup", "profits"), [(1.0, False), (3.0, True)])
def test_only_a_mark_up_lets_a_host_profit(markup: float, profits: bool) -> None:
    """A host whose unit serves only a pay-as-you-go buyer: at cost-recovery prices what the buyer
    pays covers at most the unit's cost; marked up, the host makes money on it."""
    model = CrossforceModel(make_params({"payg_markup": markup}))
    c = model.caps.index("major_crime")
    host, buyer = model.forces.index("Lancashire"), model.forces.index("Cumbria")
    model.arrangements.buy(buyer, c, host, Contract.PAYG, 0.0)
    demand = np.zeros_like(model.demand.expected)
    demand[buyer, c] = model.arrangements.teams[host, c] * model.caps.capacity[c] / 4.0 / 1.25
    outcome = serve_quarter(model, local_work(demand))
    assert bool(outcome.capability_cost[host, c] < 0) == profits


def test_money_pressure_makes_a_chief_weigh_money_more() -> None:
    model = CrossforceModel(make_params({"years": 2, "grant_change_per_year": -0.3}), seed=1).run()
    pressures = np.array([a.money_pressure for a in model.force_agents])
    assert (pressures > 1.0).mean() > 0.5
