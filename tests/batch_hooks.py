"""Run functions that the batch tests swap in for run_simulation (importable by workers)."""

from __future__ import annotations

from typing import Any

from abm.params import ModelParams
from abm.runner import RunResult, run_simulation


def failing_run(params: ModelParams, **kwargs: Any) -> RunResult:
    """Raise for one design point (strong duty with strong local control); run normally otherwise."""
    if params.duty_strength == 1.0 and params.local_control_preference == 0.02:
        raise RuntimeError("deliberate failure for duty_strength=1.0, local_control_preference=3.0")
    return run_simulation(params, **kwargs)
