"""Each mechanism moves outcomes in the direction a police leader would expect."""

from __future__ import annotations

import numpy as np
import pytest

from abm.economics import (
    late_share,
    reach_minutes,
    scope_factor,
    skill_after_quarter,
    steady_skill,
    use_ratio,
)
from abm.model import CrossforceModel
from abm.modes import Contract, Mode
from abm.params import make_params
from abm.scoring import OWN, score_options
from abm.service import serve_quarter
from tests.conftest import local_work, run_model


def sharing_advantage(model: CrossforceModel, force: str, capability: str) -> float:
    """How much better (lower) the best shared option scores than holding, for one force."""
    f = model.forces.index(force)
    c = model.caps.index(capability)
    scores = score_options(model, np.array([f]))
    shared = np.delete(scores.score[0, c], OWN)
    return float(scores.score[0, c, OWN] - shared.min())


def test_higher_fixed_cost_makes_sharing_more_attractive() -> None:
    cheap = CrossforceModel(
        make_params({"capabilities": {"covert_surveillance": {"fixed_cost_gbp_m": 0.25}}})
    )
    dear = CrossforceModel(make_params({"capabilities": {"covert_surveillance": {"fixed_cost_gbp_m": 2.0}}}))
    for force in ("Cumbria", "Dyfed-Powys", "Warwickshire", "Gwent"):
        assert sharing_advantage(dear, force, "covert_surveillance") > sharing_advantage(
            cheap, force, "covert_surveillance"
        )


def test_higher_fixed_cost_leads_fewer_forces_to_hold() -> None:
    def holders(fixed: float) -> int:
        total = 0
        for seed in (1, 2, 3):
            model = run_model(
                seed, years=5, capabilities={"covert_surveillance": {"fixed_cost_gbp_m": fixed}}
            )
            c = model.caps.index("covert_surveillance")
            total += int((model.mode[:, c] == Mode.OWN).sum())
        return total

    assert holders(2.0) < holders(0.25)


def test_a_host_farther_away_reaches_a_buyer_later() -> None:
    model = CrossforceModel()
    e, c = model.economics, model.caps.index("armed_response")
    f = model.forces.index("Cumbria")
    area = model.geography.area[f]
    minutes = [
        reach_minutes(d, area, e.mobilisation_min[c], e.minutes_per_km[c])
        for d in sorted(model.forces.distance_km[f])
    ]
    assert np.all(np.diff(minutes) >= -1e-9)


def test_buying_from_a_farther_host_gives_a_longer_response() -> None:
    minutes = {}
    for host in ("Lancashire", "Metropolitan Police"):
        model = CrossforceModel()
        f, c = model.forces.index("Cumbria"), model.caps.index("covert_surveillance")
        model.arrangements.buy(f, c, model.forces.index(host), Contract.PAYG, 0.0)
        demand = np.zeros_like(model.demand.expected)
        demand[f, c] = 3.0
        outcome = serve_quarter(model, local_work(demand))
        minutes[host] = outcome.response_min[f, c]
    assert minutes["Metropolitan Police"] > minutes["Lancashire"]


def test_late_share_rises_with_response_time_and_is_zero_within_target() -> None:
    caps = CrossforceModel().caps
    c = caps.index("armed_response")
    target = caps.target_min[c]
    values = [
        late_share(np.full(caps.count, m), caps)[c] for m in (target * 0.5, target, target * 1.5, target * 3)
    ]
    assert values[0] == 0.0 and values[1] == 0.0
    assert values[2] > 0.0 and values[3] >= values[2]


def test_no_use_lowers_skill_and_regular_use_raises_it() -> None:
    caps = CrossforceModel().caps
    skill = np.full(caps.count, 0.6)
    idle = skill_after_quarter(skill, np.zeros(caps.count), 0.25, caps.decay)
    busy = skill_after_quarter(skill, np.ones(caps.count), 0.25, caps.decay)
    decays = caps.decay > 0
    assert np.all(idle[decays] < skill[decays])
    assert np.all(busy > skill)


def test_units_that_see_no_demand_lose_skill_in_the_model() -> None:
    model = CrossforceModel(
        make_params({"capabilities": {"specialist_armed": {"national_demand_per_year": 0.0}}})
    )
    c = model.caps.index("specialist_armed")
    model.arrangements._skill[:, c] = np.where(
        model.arrangements.teams[:, c] > 0, 0.8, 0.0
    )  # trained, then never called
    start = model.arrangements.skill[:, c].copy()
    model.run(4)
    held = model.arrangements.teams[:, c] > 0
    assert held.any()
    assert np.all(model.arrangements.skill[held, c] < start[held])


def test_steady_skill_rises_with_use() -> None:
    caps = CrossforceModel().caps
    c = caps.index("covert_surveillance")
    levels = [steady_skill(use_ratio(np.full(caps.count, u), caps), caps, 0.25)[c] for u in (2, 8, 20)]
    assert levels[0] < levels[1] < levels[2]


def test_cross_border_scope_rewards_covering_more_people() -> None:
    caps = CrossforceModel().caps
    soc, armed = caps.index("serious_organised_crime"), caps.index("armed_response")
    small, large = (scope_factor(np.full(caps.count, people), caps) for people in (1e6, 4e6))
    assert small[soc] < large[soc] <= 1.0
    assert small[armed] == large[armed] == 1.0  # no scope effect for a local capability


def test_stronger_duty_yields_more_collaboration() -> None:
    def collaborations(duty: float) -> int:
        return sum(
            int(
                run_model(seed, years=6, duty_strength=duty)
                .recorder.model_series()
                .iloc[-1]["collaborations"]
            )
            for seed in (1, 2, 3)
        )

    assert collaborations(0.9) > collaborations(0.1)


def test_higher_local_control_preference_keeps_more_units_in_house() -> None:
    def holding(preference: float) -> int:
        model = run_model(1, years=5, local_control_preference=preference)
        return int((model.mode == Mode.OWN).sum())

    assert holding(0.03) > holding(0.003)


def test_budget_cuts_push_towards_sharing() -> None:
    def collaborations(change: float) -> int:
        return sum(
            int(
                run_model(seed, years=8, grant_change_per_year=change)
                .recorder.model_series()
                .iloc[-1]["collaborations"]
            )
            for seed in (1, 2)
        )

    assert collaborations(-0.08) > collaborations(0.0)


def test_committed_demand_is_served_before_pay_as_you_go() -> None:
    model = CrossforceModel()
    c = model.caps.index("major_crime")
    host, sub_buyer, payg_buyer = (model.forces.index(n) for n in ("Lancashire", "Cumbria", "Merseyside"))
    model.arrangements.buy(sub_buyer, c, host, Contract.SUBSCRIPTION, 1.0)
    model.arrangements.buy(payg_buyer, c, host, Contract.PAYG, 0.0)
    model.arrangements._teams[host, c] = 1.0  # one team: 25 uses a year, about 6 a quarter
    demand = np.zeros_like(model.demand.expected)
    demand[[host, sub_buyer, payg_buyer], c] = [3.0, 3.0, 5.0]
    outcome = serve_quarter(model, local_work(demand))
    assert outcome.served[host, c] == pytest.approx(3.0)
    assert outcome.served[sub_buyer, c] == pytest.approx(3.0)
    assert outcome.served[payg_buyer, c] < 5.0
    assert outcome.unmet[payg_buyer, c] > 0


def test_poor_service_erodes_trust() -> None:
    model = CrossforceModel()
    c = model.caps.index("major_crime")
    host, buyer = model.forces.index("Lancashire"), model.forces.index("Cumbria")
    model.arrangements.buy(buyer, c, host, Contract.PAYG, 0.0)
    before = model.trust.of(buyer, host)
    model.arrangements._teams[host, c] = 1.0
    demand = np.zeros_like(model.demand.expected)
    demand[host, c], demand[buyer, c] = 6.0, 6.0  # the host uses all its capacity itself
    model.serve(local_work(demand))
    assert model.trust.of(buyer, host) < before


def test_partner_refuses_a_subscription_that_costs_it_more_than_it_earns_without_a_duty() -> None:
    model = CrossforceModel(
        make_params({"duty_strength": 0.0, "subscription_markup": 1.0, "subscription_minimum_share": 0.0})
    )
    c = model.caps.index("major_crime")
    f = model.forces.index("Cumbria")
    scores = score_options(model, np.array([f]))
    K = scores.candidates
    sub_block = scores.score[0, c, 2 + K : 2 + 2 * K]
    payg_block = scores.score[0, c, 2 : 2 + K]
    # pay-as-you-go uses spare capacity and is always acceptable to a host that runs a unit;
    # a subscription that needs a new team at cost price is refused somewhere
    assert np.isfinite(payg_block).any()
    assert not np.isfinite(sub_block).all()


def test_a_demand_shock_raises_demand_from_its_year_only() -> None:
    model = run_model(
        1, years=4, start_year=2014, shock_capabilities=["armed_response"], shock_multiplier=1.5
    )
    caps = model.recorder.capability_series(model)
    armed = caps[caps["capability"] == "armed_response"].groupby((caps["step"] - 1) // 4)["demand"].sum()
    assert armed.iloc[2] > 1.3 * armed.iloc[1]  # 2016 against 2015
    assert abs(armed.iloc[1] - armed.iloc[0]) < 0.1 * armed.iloc[0]


def test_a_force_left_without_a_capability_has_lost_all_local_control_of_it() -> None:
    """A gap leaves nothing under local command: its policing body counts more control lost than
    under a joint unit, so giving its force provision again gains control (it once counted as kept,
    and a body refused every offer of provision for years)."""
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    names, arrangements = model.forces.names, model.arrangements
    f, host = names.index("Northamptonshire"), names.index("Leicestershire")
    c = model.caps.names.index("air_support")
    arrangements.join(f, c, host)
    joined = model.pcc_of(f).share_given_up(arrangements)[c]
    arrangements.dissolve(host, "merged")
    assert arrangements.mode[f, c] == Mode.NONE
    assert model.pcc_of(f).share_given_up(arrangements)[c] > joined > 0.0
