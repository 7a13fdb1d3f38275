"""The compiled loops (numba) behave like the formulas and arrays they replace.

The per-unit formulas serve both NumPy callers (arrays) and the compiled loops (single
numbers), so both uses must agree; the option scoring treats each reviewing force on its
own, so scoring forces together or apart must give the same numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

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
