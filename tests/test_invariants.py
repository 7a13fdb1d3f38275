"""Accounting and coverage invariants hold in every quarter of a run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from abm.model import CrossforceModel
from abm.modes import Mode
from abm.scenarios import load_scenario
from tests.conftest import run_model

SCENARIOS = Path(__file__).resolve().parents[1] / "runs" / "scenarios"


@pytest.fixture(
    scope="module",
    params=[
        {},
        {"duty_strength": 0.9, "local_control_preference": 0.003},
        {"grant_change_per_year": -0.06, "cost_sharing_rule": "equal"},
    ],
)
def model(request):
    """Runs with very different amounts of collaboration, so the invariants are tested where money moves."""
    return run_model(seed=7, years=8, **request.param)


def test_money_paid_to_forces_equals_money_received(model) -> None:
    checks = np.array(model.recorder.money_check)
    assert checks.shape[0] == 32
    np.testing.assert_allclose(checks[:, 0], checks[:, 1], rtol=1e-9, atol=1e-9)


def test_collaborative_runs_move_money_between_forces(model) -> None:
    if model.params.duty_strength >= 0.9:
        assert np.array(model.recorder.money_check)[:, 1].sum() > 0


def test_demand_is_served_plus_unmet(model) -> None:
    table = model.recorder.force_series(model)
    np.testing.assert_allclose(table["demand"], table["served"] + table["unmet"], atol=1e-9)
    assert (table["served"] >= -1e-12).all() and (table["unmet"] >= -1e-12).all()
    assert (table["late"] <= table["served"] + 1e-12).all()


def test_every_capability_is_covered_or_its_gap_counted(model) -> None:
    """A gap is no local provider and no regional unit to turn to: all its demand is unmet."""
    table = model.recorder.force_series(model)
    series = model.recorder.model_series()
    gap = (table["mode"] == "none") & ~table["regional"]
    gaps = table[gap].groupby("step").size().reindex(series["step"], fill_value=0)
    np.testing.assert_array_equal(gaps.to_numpy(), series["gaps"].to_numpy())
    assert set(table["mode"].unique()) <= {"hold", "host", "buy", "joint", "national", "none", "merged"}
    gap_demand = table.loc[gap, ["demand", "unmet"]]
    np.testing.assert_allclose(gap_demand["demand"], gap_demand["unmet"])


def test_routes_point_at_operating_units(model) -> None:
    routed = model.provider >= 0
    hosts = model.provider[routed]
    caps = np.nonzero(routed)[1]
    assert np.all((model.mode[hosts, caps] == Mode.OWN) | (model.mode[hosts, caps] == Mode.JOINT_LEAD))
    assert np.all(model.arrangements.teams[hosts, caps] >= model.caps.smallest_team[caps] - 1e-12)
    leads = np.argwhere(model.mode == Mode.JOINT_LEAD)
    for lead, c in leads:
        members = model.mode[model.provider[:, c] == lead, c]
        assert (members == Mode.JOINT_MEMBER).any()


def test_a_joint_unit_is_all_one_alliance_or_none(model) -> None:
    """An alliance's agreed cost split applies only where every member of a unit is in it."""
    arr = model.arrangements
    for lead, c in np.argwhere(model.mode == Mode.JOINT_LEAD):
        partners = np.append(arr.members_of(lead, c), lead)
        assert len(set(arr.alliance[partners, c].tolist())) == 1


def test_regional_units_are_run_by_a_member_of_their_region(model) -> None:
    arr = model.arrangements
    for r, c in np.argwhere(arr.regional_host >= 0):
        members = arr.region_members(r, c)
        assert arr.regional_host[r, c] in members and arr.regional_teams[r, c] > 0
    assert (arr.regional_teams[arr.regional_host < 0] == 0).all()
    assert (arr.region[np.nonzero(arr.member)[0]] >= 0).all()


def test_system_cost_is_the_sum_of_forces_net_costs(model) -> None:
    series = model.recorder.model_series()
    by_force = model.recorder.force_series(model).groupby("step")["cost"].sum()
    np.testing.assert_allclose(
        by_force.to_numpy() + series["setup_cost_gbp_m"].to_numpy(),
        series["total_cost_gbp_m"].to_numpy(),
        rtol=1e-9,
    )


def test_tables_follow_each_new_quarter() -> None:
    """The recorder caches its tables between quarters; a new quarter must refresh them."""
    model = run_model(seed=3, years=1)
    C = model.caps.count
    before = (len(model.recorder.model_series()), len(model.recorder.capability_series(model)))
    model.step()
    after = (len(model.recorder.model_series()), len(model.recorder.capability_series(model)))
    assert before == (4, 4 * C)
    assert after == (5, 5 * C)
    assert model.recorder.capability_series(model)["step"].max() == 5


@pytest.mark.parametrize("scenario", sorted(p.stem for p in SCENARIOS.glob("*.toml")))
def test_a_statutory_capability_is_never_a_gap(scenario: str) -> None:
    """Custody and back office (the catalogue's statutory capabilities) are provided by every
    active force in every quarter of every preset, seeds 1-3: a force whose provider's unit
    closes runs its own at once."""
    for seed in (1, 2, 3):
        model = CrossforceModel(load_scenario(scenario).params(), seed=seed)
        statutory = np.flatnonzero(model.caps.statutory)
        assert len(statutory) >= 2
        for _ in range(model.params.years * 4):
            model.step()
            gaps = (model.arrangements.mode[:, statutory] == Mode.NONE) & model.active[:, None]
            assert not gaps.any(), (scenario, seed, model.quarter_label, np.argwhere(gaps).tolist())
