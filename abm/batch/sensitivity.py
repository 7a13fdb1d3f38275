"""Global sensitivity analysis with SALib: Morris screening and Sobol indices.

The design comes from an experiment file's ``[sensitivity]`` table (ranges from the
schema's ``plausible`` ranges unless the file gives its own). The runs are an ordinary
sweep (so they stream, resume and record errors like any other); the analysis averages
each design point over its replications, then writes one row per output and parameter
to ``sensitivity.parquet`` / ``sensitivity.csv`` and a bar chart to ``sensitivity.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from abm.batch.experiment import Experiment, SensitivityDesign
from abm.batch.storage import read_table, write_table_atomic
from abm.params import ParameterError


def salib_problem(ranges: dict[str, tuple[float, float]]) -> dict[str, Any]:
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": [list(b) for b in ranges.values()]}


def salib_sample(design: SensitivityDesign, problem: dict[str, Any], seed: int) -> np.ndarray:
    """The SALib sample (rows = design points), reproducible from the experiment seed."""
    if design.method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, design.n, num_levels=design.num_levels, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(problem, design.n, calc_second_order=design.second_order, seed=seed)


def analyse(experiment: Experiment, out: Path) -> pd.DataFrame:
    """Indices for every output of ``[sensitivity]`` from the sweep in ``out``."""
    design = experiment.spec.sensitivity
    if design is None:
        raise ParameterError(f"{experiment.source}: no [sensitivity] table")
    final = read_table(out, "final")
    missing = sorted(set(design.outputs) - set(final.columns)) if len(final) else []
    if missing:
        raise ParameterError(
            f"{experiment.source}: sensitivity.outputs: {missing[0]!r} is not a column of the final table"
        )
    n_points = len(experiment.points)
    means = final.groupby("point")[list(design.outputs)].mean() if len(final) else pd.DataFrame()
    if len(means) != n_points:
        raise ParameterError(
            f"{out}: {n_points - len(means)} of {n_points} design points have no successful run "
            "(see the errors table); the analysis needs them all"
        )
    means = means.sort_index()
    problem = salib_problem(experiment.ranges)
    x = experiment.design_matrix
    rows: list[dict[str, Any]] = []
    for output in design.outputs:
        y = means[output].to_numpy(dtype=float)
        if design.method == "morris":
            from SALib.analyze import morris

            result = morris.analyze(
                problem, x, y, num_levels=design.num_levels, seed=experiment.spec.experiment.seed
            )
            for i, name in enumerate(problem["names"]):
                rows.append(
                    {
                        "output": output,
                        "parameter": name,
                        "method": "morris",
                        "mu": result["mu"][i],
                        "mu_star": result["mu_star"][i],
                        "sigma": result["sigma"][i],
                        "mu_star_conf": result["mu_star_conf"][i],
                    }
                )
        else:
            from SALib.analyze import sobol

            result = sobol.analyze(
                problem, y, calc_second_order=design.second_order, seed=experiment.spec.experiment.seed
            )
            for i, name in enumerate(problem["names"]):
                rows.append(
                    {
                        "output": output,
                        "parameter": name,
                        "method": "sobol",
                        "S1": result["S1"][i],
                        "S1_conf": result["S1_conf"][i],
                        "ST": result["ST"][i],
                        "ST_conf": result["ST_conf"][i],
                    }
                )
    return pd.DataFrame(rows)


def plot(indices: pd.DataFrame, path: Path) -> None:
    """One panel per output: mu* (Morris) or S1 and ST (Sobol), with confidence bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outputs = list(dict.fromkeys(indices["output"]))
    n_params = indices["parameter"].nunique()
    fig, axes = plt.subplots(
        1, len(outputs), figsize=(4.2 * len(outputs), 0.9 + 0.32 * n_params), squeeze=False, sharey=True
    )
    for ax, output in zip(axes[0], outputs, strict=True):
        part = indices[indices["output"] == output].iloc[::-1]
        y = np.arange(len(part))
        if part["method"].iloc[0] == "morris":
            ax.barh(y, part["mu_star"], xerr=part["mu_star_conf"], color="#4c72b0")
            ax.set_xlabel("μ* (mean |elementary effect|)")
        else:
            ax.barh(y - 0.2, part["ST"], 0.4, xerr=part["ST_conf"], label="total (ST)", color="#4c72b0")
            ax.barh(y + 0.2, part["S1"], 0.4, xerr=part["S1_conf"], label="first order (S1)", color="#dd8452")
            ax.set_xlabel("Sobol index")
            ax.legend(fontsize=7)
        ax.set_yticks(y, part["parameter"], fontsize=8)
        ax.set_title(output, fontsize=9)
    fig.tight_layout()
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    tmp.replace(path)


def run_sensitivity(
    experiment: Experiment | str | Path, out: str | Path, **sweep_options: Any
) -> pd.DataFrame:
    """Sample, run (a resumable sweep into ``out``), analyse; write the table and the plot.

    ``sweep_options`` are those of :func:`abm.batch.run_sweep` (workers, scheduler, ...).
    """
    from abm.batch.sweep import run_sweep

    if not isinstance(experiment, Experiment):
        experiment = Experiment.from_toml(experiment)
    if experiment.spec.sensitivity is None:
        raise ParameterError(f"{experiment.source}: sensitivity needs a [sensitivity] table")
    out = Path(out)
    report = run_sweep(experiment, out, **sweep_options)
    if not report.complete:
        raise ParameterError(f"{out}: the sweep is incomplete; run the command again to finish it")
    indices = analyse(experiment, out)
    write_table_atomic(indices, out / "sensitivity.parquet")
    write_table_atomic(indices, out / "sensitivity.csv")
    plot(indices, out / "sensitivity.png")
    return indices
