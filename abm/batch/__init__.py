"""Batch parameter studies: experiment files, sweeps, sensitivity analysis.

The Python API mirrors ``crossforce sweep`` and ``crossforce sensitivity``::

    from abm.batch import Experiment, run_sweep, run_sensitivity, read_table

    exp = Experiment.from_toml("runs/experiments/duty_sweep.toml")
    run_sweep(exp, "out/duty", workers=2)          # or scheduler="tcp://...", dask_local=True
    final = read_table("out/duty", "final")         # one row per run, all parameters as columns

Modules, one job each: ``experiment`` (the file's schema and the design), ``seeding``
(run seeds), ``executors`` (where runs execute), ``storage`` (the output folder),
``sweep`` (running and streaming), ``sensitivity`` (SALib), ``cli`` (the subcommands).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from abm.batch.experiment import Experiment
    from abm.batch.sensitivity import run_sensitivity
    from abm.batch.storage import read_table
    from abm.batch.sweep import SweepReport, run_sweep

__all__ = ["Experiment", "SweepReport", "read_table", "run_sensitivity", "run_sweep"]

# Imported on first use, so that ``crossforce run`` (which imports abm.batch.cli for its
# subparsers) does not pay for pandas, SALib and dask.
_HOMES = {
    "Experiment": "abm.batch.experiment",
    "run_sensitivity": "abm.batch.sensitivity",
    "read_table": "abm.batch.storage",
    "SweepReport": "abm.batch.sweep",
    "run_sweep": "abm.batch.sweep",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'abm.batch' has no attribute {name!r}")
