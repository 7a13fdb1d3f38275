"""The compiled loops (numba) behave like the formulas and arrays they replace.

The per-unit formulas serve both NumPy callers (arrays) and the compiled loops (single
numbers), so both uses must agree; the option scoring treats each reviewing force on its
own, so scoring forces together or apart must give the same numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from abm import proposals
from abm.accounts import (
    _expected_into,
    _serve_columns,
    empty_flows,
    empty_scratch,
    empty_settled,
    expected_column,
    serve_all,
)
from abm.economics import (
    coverage_effect,
    late_fraction,
    proficiency_ratio,
    settled_skill,
    skill_after_quarter,
    teams_needed,
)
from abm.scoring import score_options
from tests.conftest import run_model

FORMULAS = {
    late_fraction: 3,
    proficiency_ratio: 3,
    coverage_effect: 3,
    settled_skill: 3,
    teams_needed: 4,
    skill_after_quarter: 4,
}


@pytest.mark.parametrize("formula", FORMULAS, ids=lambda f: f.__name__)
def test_a_formula_gives_the_same_on_arrays_as_on_single_numbers(formula) -> None:
    rng = np.random.default_rng(3)
    args = [rng.uniform(0.0, 3.0, size=50) for _ in range(FORMULAS[formula])]
    if formula is teams_needed:  # the smallest unit is a share of a team, never none
        args[-1] = rng.uniform(0.05, 1.0, size=50)
        args[2][:5] = 0.0  # edge case: no headroom
    else:
        args[-1][:5] = 0.0  # edge cases: no decay, no scope
    on_arrays = formula(*args)
    one_by_one = [formula(*(float(a[i]) for a in args)) for i in range(50)]
    np.testing.assert_array_equal(on_arrays, np.array(one_by_one))


def test_settled_skill_is_one_when_neither_learning_nor_decay_acts() -> None:
    assert settled_skill(0.0, 0.25, 0.0) == 1.0
    assert settled_skill(0.0, 0.25, 0.1) == 0.0


def test_scoring_forces_together_or_apart_gives_the_same_scores() -> None:
    model = run_model(seed=4, years=3, duty_strength=0.6)
    forces = np.flatnonzero(model.active)[::5]
    together = score_options(model, forces)
    for row, f in enumerate(forces):
        alone = score_options(model, np.array([f]))
        for name in ("score", "money", "harm", "minutes", "partner"):
            np.testing.assert_array_equal(getattr(together, name)[row], getattr(alone, name)[0], err_msg=name)
        for name in ("current", "current_score", "current_money", "current_harm", "best", "best_score"):
            np.testing.assert_array_equal(getattr(together, name)[row], getattr(alone, name)[0], err_msg=name)
        assert together.cost_weight[row] == alone.cost_weight[0]


def _garbage(arrays) -> None:
    """Fill every working array with a value no settlement starts from."""
    for values in arrays:
        values[:] = 7.25


def test_a_settlement_does_not_depend_on_what_its_working_arrays_held() -> None:
    """The column kernels reuse working arrays (``Flows``, ``Scratch``) from column to column and
    reset what they read: filled with garbage first, they settle the quarter and the expected
    accounts exactly as fresh ones do."""
    model = run_model(seed=2, years=3)
    arr, world = model.arrangements.state, model.scoring_world()
    econ, settings = model.economics, model.scoring_settings
    F, C, R = model.forces.count, model.caps.count, arr.regional_teams.shape[0]
    demand = model.demand.expected_by_level / 4.0
    fresh, dirty = empty_settled(F, C, R), empty_settled(F, C, R)
    serve_all(demand, arr, world, econ, settings, 0.25, fresh)
    flows, scratch = empty_flows(F, R), empty_scratch(F, R)
    _garbage(flows)
    _garbage(scratch)
    _serve_columns(demand, arr, world, econ, settings, 0.25, dirty, flows, scratch)
    for name, a, b in zip(fresh._fields, fresh, dirty, strict=True):
        np.testing.assert_array_equal(a, b, err_msg=name)
    memo, memo_r = model.sizing_memo
    for c in range(C):
        expected = expected_column(c, arr, world, econ, settings, memo, memo_r, False)
        again = empty_settled(F, 1, R)
        _garbage(flows)
        _garbage(scratch)
        _expected_into(c, arr, world, econ, settings, memo, memo_r, False, flows, scratch, again)
        for name, a, b in zip(expected._fields, expected, again, strict=True):
            np.testing.assert_array_equal(a, b, err_msg=f"{name}, capability {c}")


def test_a_regional_change_is_judged_the_same_in_the_batch_as_on_a_what_if_copy() -> None:
    """The Council works out the meeting's regional changes in one compiled batch
    (``regional_effects``); each must tell every force exactly what carrying the change out on a
    what-if copy with the named operations and settling both positions tells it (``effects_of``),
    whether the change joins a unit, leaves one or founds one with several forces."""
    model = run_model(seed=2, years=3)
    arr = model.arrangements
    C = model.caps.count
    region_of_first = arr.region_forces(0)
    batch = []
    for c in range(C):
        members = arr.region_members(arr.region[0], c).tolist()
        outsiders = [int(j) for j in region_of_first if j not in members and model.active[j]]
        if members:
            batch.append((c, [members[0]]))  # one member leaves
        if outsiders:
            batch.append((c, [outsiders[0]]))  # one force joins (or founds alone)
        if len(outsiders) >= 2:
            batch.append((c, outsiders[:2]))  # two found or join together
    kinds = {len(forces) for _, forces in batch}
    assert kinds == {1, 2}, "the position should offer single and joint changes"
    batched = proposals.regional_effects(model, batch)
    for (c, forces), effects in zip(batch, batched, strict=True):

        def flip(twin, c=c, forces=forces) -> None:
            for f in forces:
                (twin.leave_region if arr.member[f, c] else twin.join_region)(f, c)

        one_by_one = proposals.effects_of(model, flip, [c])
        np.testing.assert_array_equal(effects.money, one_by_one.money, err_msg=f"money, {c} {forces}")
        np.testing.assert_array_equal(effects.harm, one_by_one.harm, err_msg=f"harm, {c} {forces}")


def test_a_regional_change_asked_twice_in_a_meeting_is_answered_the_same_each_time() -> None:
    """The forces of a region without a unit each ask about founding it together, in one meeting:
    the batch works such a change out once. Each asker must get exactly the figures the change has
    when it is asked alone, whatever else is asked around it."""
    model = run_model(seed=2, years=3)
    arr = model.arrangements
    region = [int(j) for j in arr.region_forces(0) if model.active[j]]
    changes = [(c, region) for c in range(model.caps.count)] + [(c, region[:1]) for c in range(2)]
    asked = [changes[0], changes[1], changes[0], changes[-1], changes[1], changes[0]]
    batched = proposals.regional_effects(model, asked)
    for (c, forces), effects in zip(asked, batched, strict=True):
        alone = proposals.regional_effects(model, [(c, forces)])[0]
        np.testing.assert_array_equal(effects.money, alone.money, err_msg=f"money, {c} {forces}")
        np.testing.assert_array_equal(effects.harm, alone.harm, err_msg=f"harm, {c} {forces}")
    assert batched[0] is batched[2] is batched[5], "a change asked again is worked out once"
