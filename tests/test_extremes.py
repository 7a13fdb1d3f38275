"""Extreme conditions: each mechanism pushed to its limit moves the model the way it must, and
nothing breaks (money conserved, demand = served + unmet, no error)."""

from __future__ import annotations

import numpy as np

from abm.model import CrossforceModel
from abm.params import make_params
from tests.conftest import run_model


def collaborations(model: CrossforceModel) -> float:
    return float(model.recorder.model_series()["collaborations"].iloc[-1])


def invariants_hold(model: CrossforceModel) -> None:
    checks = np.array(model.recorder.money_check)
    np.testing.assert_allclose(checks[:, 0], checks[:, 1], rtol=1e-9, atol=1e-9)
    table = model.recorder.force_series(model)
    np.testing.assert_allclose(table["demand"], table["served"] + table["unmet"], atol=1e-9)


def test_a_collapsing_budget_cuts_the_workforce_and_pushes_towards_sharing() -> None:
    flat, broke = run_model(1, years=6), run_model(1, years=6, grant_change_per_year=-0.5)
    invariants_hold(broke)
    s_flat, s_broke = flat.recorder.model_series(), broke.recorder.model_series()
    assert s_broke["officers"].iloc[-1] < 0.6 * s_broke["officers"].iloc[0]
    assert collaborations(broke) > collaborations(flat)
    assert s_broke["total_cost_gbp_m"].iloc[-4:].sum() < s_flat["total_cost_gbp_m"].iloc[-4:].sum()


def test_no_duty_means_fewer_reviews_and_less_collaboration() -> None:
    none = [run_model(s, years=6, duty_strength=0.0) for s in (1, 2)]
    full = [run_model(s, years=6, duty_strength=1.0) for s in (1, 2)]
    assert sum(map(collaborations, none)) < sum(map(collaborations, full))
    for model in none:
        assert not model.events.frame()["reason"].str.contains("under the duty").any()


def test_no_local_control_means_all_but_no_refusals_and_more_sharing() -> None:
    """Without the value of local control a policing body refuses only where its own priorities
    differ from its chief's (it weighs harm by its protective-services priority, its chief in full):
    a few refusals where the gain is small."""
    free = run_model(1, years=6, local_control_preference=0.0)
    default = run_model(1, years=6)

    def refusals(model) -> int:
        return int(model.events.frame()["reason"].str.contains("refused to sign").sum())

    assert refusals(free) <= 0.3 * refusals(default)
    assert collaborations(free) > collaborations(default)


def test_no_hmic_means_no_flags_and_no_directions() -> None:
    model = run_model(
        1, years=6, hmic_inspections_per_year=0, direction_power=True, direction_political_cost_gbp_m=0.0
    )
    actions = set(model.events.frame()["action"])
    assert not actions & {"inspected", "flagged", "directed"}


def test_all_forces_merged_into_one_still_runs_and_holds_everything() -> None:
    model = CrossforceModel(make_params({"years": 3}), seed=1)
    keep = model.forces.index("Metropolitan Police")
    for gone in range(model.forces.count):
        if gone != keep:
            model.merge(keep, gone, "test: one national force")
    model.run()
    invariants_hold(model)
    series = model.recorder.model_series()
    assert model.active.sum() == 1 and series["forces"].iloc[-1] == 1
    assert series["collaborations"].iloc[-1] == 0  # there is nobody to collaborate with
    assert series["unmet"].sum() == 0
