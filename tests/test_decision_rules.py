"""A bounded-rationality rule beside the optimiser: aspiration-level satisficing (Simon 1955;
Cyert and March 1963). Chiefs search only when dissatisfied and take the first option good enough."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.conftest import run_model


def test_satisficing_chiefs_search_less_and_change_less() -> None:
    optimise = [run_model(s, years=6) for s in (1, 2)]
    satisfice = [run_model(s, years=6, decision_rule="satisfice") for s in (1, 2)]
    proposals = {
        name: sum((m.events.frame()["action"] == "proposes").sum() for m in models)
        for name, models in (("optimise", optimise), ("satisfice", satisfice))
    }
    assert 0 < proposals["satisfice"] < proposals["optimise"]


def test_aspirations_follow_what_a_chief_achieves() -> None:
    model = run_model(1, years=3, decision_rule="satisfice")
    aspirations = [a.aspiration for a in model.force_agents]
    assert all(a is not None and np.isfinite(a).all() for a in aspirations)


def test_satisficing_runs_are_reproducible() -> None:
    first = run_model(4, years=3, decision_rule="satisfice").events.frame()
    again = run_model(4, years=3, decision_rule="satisfice").events.frame()
    pd.testing.assert_frame_equal(first, again)
