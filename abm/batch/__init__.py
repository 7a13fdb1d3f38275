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

from abm.batch.experiment import Experiment
from abm.batch.sensitivity import run_sensitivity
from abm.batch.storage import read_table
from abm.batch.sweep import SweepReport, run_sweep

__all__ = ["Experiment", "SweepReport", "read_table", "run_sensitivity", "run_sweep"]
