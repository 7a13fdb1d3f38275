"""Shared fixtures: runs are cached per session because a 10-year run is the slow part."""

from __future__ import annotations

import numpy as np
import pytest

from abm.model import CrossforceModel
from abm.params import make_params


@pytest.fixture(scope="session")
def baseline_model() -> CrossforceModel:
    """A 10-year baseline run, shared read-only by tests that only inspect outputs."""
    return CrossforceModel(make_params(), seed=1).run()


def run_model(seed: int = 1, years: int = 10, **overrides) -> CrossforceModel:
    """Run the model with parameter overrides (nested capability overrides allowed)."""
    return CrossforceModel(make_params({"years": years, **overrides}), seed=seed).run()


def local_work(demand: np.ndarray) -> np.ndarray:
    """A quarter's demand (F, C) as level-1 (local) work only, shaped (F, C, 3) as the model draws
    it: it all goes to each force's local tier, whatever its regional memberships."""
    levels = np.zeros((*demand.shape, 3))
    levels[..., 0] = demand
    return levels


class Clock:
    """A clock the test moves by hand (``clock.now += 30``): the workshop's deadlines without waiting."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
