"""Scenario discovery with the EMA Workbench: the worked example of docs/batch.md, run for real.

1. The reference: the baseline scenario for ten years, seeds 1-10; the medians of its
   collaboration share and its crime harm.
2. EMA experiments: crossforce as an EMA Workbench model (abm.batch.ema.ema_model) over every
   lever and uncertainty the schema declares, a Latin hypercube of levers paired with one of
   uncertainties, on local worker processes.
3. PRIM on them: which levers and uncertainties lead to more sharing than the baseline *and*
   less harm than the baseline.
4. The same PRIM on a `crossforce sweep` of runs/experiments/discovery.toml (a [sample] design).

Writes the box tables (docs/scenario_discovery/*.csv), a figure (docs/scenario_discovery/
discovery.png) and the results block of docs/batch.md (between the scenario-discovery markers),
so the numbers in the text come from this run. Results (EMA table, sweep folder) go to --out.

Usage: python tools/scenario_discovery.py [--experiments 400] [--workers 2] [--out runs/out/discovery]
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from abm.batch import run_sweep
from abm.batch.ema import PrimResult, ema_model, ema_workbench, prim_on_sweep, results_table
from abm.provenance import code_fingerprint, git_commit
from abm.runner import run_simulation
from abm.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENT = ROOT / "runs" / "experiments" / "discovery.toml"
DOC = ROOT / "docs" / "batch.md"
ASSETS = ROOT / "docs" / "scenario_discovery"
START, END = "<!-- scenario-discovery:results:start -->", "<!-- scenario-discovery:results:end -->"

SCENARIO, YEARS, BASE_SEED, SAMPLE_SEED = "baseline", 10, 2025, 7
SHARING, HARM = "collaboration_share", "harm_chi_days_per_year"


def reference(seeds: range = range(1, 11)) -> pd.Series:
    """Medians of the baseline scenario's final metrics over ``seeds``."""
    params = load_scenario(SCENARIO).params({"years": YEARS})
    runs = [run_simulation(params, seed=seed, force_series=False).final for seed in seeds]
    return pd.DataFrame(runs)[[SHARING, HARM]].median()


def condition_for(medians: pd.Series) -> str:
    """More sharing than the baseline's median and less harm than its median."""
    return f"{SHARING} > {medians[SHARING]:.4f} and {HARM} < {medians[HARM]:.0f}"  # as in docs/batch.md


def run_ema(n: int, workers: int) -> tuple[object, pd.DataFrame]:
    model = ema_model(SCENARIO, years=YEARS, seed=BASE_SEED)
    evaluator = (
        ema_workbench.MultiprocessingEvaluator(model, n_processes=workers)
        if workers > 1
        else ema_workbench.SequentialEvaluator(model)
    )
    with evaluator:
        results = evaluator.perform_experiments(
            scenarios=n,
            policies=n,
            combine="cycle",  # lever sample i with uncertainty sample i: n experiments
            uncertainty_sampling_kwargs={"rng": SAMPLE_SEED},
            lever_sampling_kwargs={"rng": SAMPLE_SEED + 1},
        )
    return model, results_table(model, results)


def markdown(result: PrimResult) -> str:
    """The box limits as a Markdown table, with each box's coverage and density."""
    lines = []
    for i, box in enumerate(result.boxes, start=1):
        if box.limits.empty:
            lines += [f"Box {i}: no input restricted (no box denser than the runs left).", ""]
            continue
        lines += [
            f"Box {i}: coverage **{box.coverage:.2f}**, density **{box.density:.2f}**, "
            f"{box.n} runs ({box.mass:.0%} of all), {box.res_dim} restricted input(s).",
            "",
            "| input | parameter | from | to | quasi-p |",
            "|---|---|---|---|---|",
        ]
        for row in box.limits.itertuples():
            qp = min(q for q in (row.qp_low, row.qp_high) if q is not None and not pd.isna(q))
            lines.append(f"| {row.label} | `{row.parameter}` | {fmt(row.low)} | {fmt(row.high)} | {qp:.1g} |")
        lines.append("")
    return "\n".join(lines)


def fmt(value: object) -> str:
    """A limit as a reader wants it: three significant figures, thousands with separators."""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def figure(table: pd.DataFrame, y: np.ndarray, result: PrimResult, medians: pd.Series, path: Path) -> None:
    """Left: the experiments, cases of interest in colour, the baseline's medians as lines.
    Right: the first box's peeling trajectory (coverage against density), the chosen box ringed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.scatter(table[SHARING][~y], table[HARM][~y] / 1e6, s=9, c="#b0b0b0", label="other runs")
    left.scatter(table[SHARING][y], table[HARM][y] / 1e6, s=12, c="#c44e52", label="case of interest")
    left.axvline(medians[SHARING], color="k", lw=0.8, ls="--")
    left.axhline(medians[HARM] / 1e6, color="k", lw=0.8, ls="--", label="baseline median")
    left.set_xlabel("collaboration share (final year)")
    left.set_ylabel("harm (million crime-harm-index days / year)")
    left.legend(fontsize=8)
    left.set_title("EMA experiments", fontsize=10)
    box = result.boxes[0]
    trajectory = box.prim_box.peeling_trajectory
    points = right.scatter(trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], s=14)
    right.scatter([box.coverage], [box.density], s=120, facecolors="none", edgecolors="#c44e52", lw=1.5)
    fig.colorbar(points, ax=right, label="restricted inputs")
    right.set_xlabel("coverage")
    right.set_ylabel("density")
    right.set_title("PRIM trajectory of box 1 (the box kept ringed)", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def replace_block(text: str, block: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{DOC}: no {START} ... {END} block to fill")
    return pattern.sub(lambda _: f"{START}\n{block.strip()}\n{END}", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=400, help="EMA experiments (default 400)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "out" / "discovery")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    load = os.getloadavg()[0]
    started = time.perf_counter()
    medians = reference()
    condition = condition_for(medians)
    t_reference = time.perf_counter() - started

    started = time.perf_counter()
    model, table = run_ema(args.experiments, args.workers)
    t_ema = time.perf_counter() - started
    table.to_parquet(args.out / "ema_results.parquet", index=False)
    started = time.perf_counter()
    ema_result = prim_on_sweep(table, None, condition)
    t_prim = time.perf_counter() - started

    started = time.perf_counter()
    sweep_out = args.out / "sweep"
    run_sweep(EXPERIMENT, sweep_out, workers=args.workers, restart=True, progress=False)
    sweep_result = prim_on_sweep(sweep_out, None, condition)
    t_sweep = time.perf_counter() - started

    ASSETS.mkdir(parents=True, exist_ok=True)
    ema_result.table().to_csv(ASSETS / "ema_boxes.csv", index=False)
    sweep_result.table().to_csv(ASSETS / "sweep_boxes.csv", index=False)
    y = table.eval(condition).to_numpy()
    figure(table, y, ema_result, medians, ASSETS / "discovery.png")

    n_levers, n_uncertainties = len(model.levers), len(model.uncertainties)
    commit = git_commit().get("commit") or "unknown"
    block = f"""
*Generated by `python tools/scenario_discovery.py --experiments {args.experiments} --workers {args.workers}`
(git commit `{commit[:10]}`, model code `{code_fingerprint()[:12]}`). The numbers depend on
the model version: run the script again after a change to the model and they will move.*

The baseline's medians over seeds 1-10 ({YEARS} years): collaboration share **{medians[SHARING]:.4f}**, harm
**{medians[HARM]:,.0f}** crime-harm-index days a year. The condition:

```python
condition = "{condition}"
```

**EMA experiments** ({args.experiments} experiments over {n_levers} levers and {n_uncertainties} uncertainties,
{args.workers} worker processes: {t_ema:.0f} s; the reference runs {t_reference:.0f} s, PRIM {t_prim:.1f} s;
on {os.cpu_count()} cores with a load average of {load:.1f} when it started).
The condition holds in {ema_result.n_of_interest} of {ema_result.n} experiments.

{markdown(ema_result)}
**The sweep** (`runs/experiments/discovery.toml`, {sweep_result.n} runs, {len(sweep_result.inputs)} varied
parameters, {args.workers} workers, with PRIM: {t_sweep:.0f} s). The condition holds in
{sweep_result.n_of_interest} of {sweep_result.n} runs.

{markdown(sweep_result)}
![Scenario discovery: the EMA experiments and the first box's peeling trajectory](scenario_discovery/discovery.png)

Tables: [`scenario_discovery/ema_boxes.csv`](scenario_discovery/ema_boxes.csv),
[`scenario_discovery/sweep_boxes.csv`](scenario_discovery/sweep_boxes.csv).
"""
    DOC.write_text(replace_block(DOC.read_text(encoding="utf-8"), block), encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
