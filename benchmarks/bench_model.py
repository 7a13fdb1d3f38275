"""How fast is a run, and how does its cost grow with forces and capabilities?

Measures, in one process and one run of this script:
  * a 10-year run of the full model on the real 43 forces (median of repeats, one core);
  * the same against synthetic systems of 43, 100 and 430 forces and 11, 22 and 44 capabilities;
  * a fixed NumPy reference workload, timed alongside, so results are reported as ratios
    that survive a change of machine (absolute milliseconds depend on the machine and its load).

With ``--against REF`` (a git commit or branch, e.g. ``main``) it also times REF's model side
by side with this checkout's, each in a fresh process, in alternating rounds of the same run,
and reports the ratio (a refactor must not make the model slower).

Writes benchmarks/results/model.md and benchmarks/results/model_scaling.png.
Usage: python benchmarks/bench_model.py [--repeats 7] [--against main]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the issue asks
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from other_checkout import importable

from abm.forces import load_forces, table_from_frame
from abm.model import CrossforceModel
from abm.params import make_params

RESULTS = Path(__file__).with_name("results")
ROOT = Path(__file__).resolve().parents[1]
#: Opens the timer and the profiler: the model they import must be the working folder's own
#: (``other_checkout.importable``), or a side-by-side comparison would mix two checkouts.
FROM_THIS_FOLDER = """
import abm, crossforce_agents, pathlib
here = pathlib.Path.cwd().resolve()
assert all(pathlib.Path(m.__file__).resolve().is_relative_to(here) for m in (abm, crossforce_agents)), "not this folder's model"
"""
#: Times 10-year runs of whatever model is importable from the working folder (any version).
TIMER = (
    FROM_THIS_FOLDER
    + """
import json, sys, time
from abm.model import CrossforceModel
from abm.params import make_params
params = make_params({"years": 10})
CrossforceModel(params, seed=1).run()  # compile or load the compiled loops first
times = []
for seed in range(1, int(sys.argv[1]) + 1):
    start = time.perf_counter()
    CrossforceModel(params, seed=seed).run()
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps(times))
"""
)


def reference_workload() -> None:
    """A fixed NumPy workload of the same flavour as a model step (small-array arithmetic)."""
    rng = np.random.default_rng(0)
    a = rng.random((43, 11))
    for _ in range(4000):
        a = np.sqrt(a * 0.5 + 0.25)


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_forces(count: int):
    """``count`` forces made by tiling the real ones with jittered centroids; neighbours are the
    four nearest (symmetrised), as land borders do not exist for invented forces."""
    real = load_forces().frame
    copies = -(-count // len(real))
    rng = np.random.default_rng(1)
    frame = pd.concat([real] * copies, ignore_index=True).iloc[:count].copy()
    frame["force"] = [f"{name} #{i}" for i, name in enumerate(frame["force"])]
    frame["force_id"] = [f"S{i:03d}" for i in range(count)]
    frame["centroid_lat"] += rng.normal(0, 0.3, count) * (np.arange(count) >= len(real))
    frame["centroid_lon"] += rng.normal(0, 0.3, count) * (np.arange(count) >= len(real))
    frame["neighbours"] = ""
    table = table_from_frame(frame)
    distance = table.distance_km + np.diag(np.full(count, np.inf))
    nearest = np.argsort(distance, axis=1)[:, :4]
    adjacency = np.zeros((count, count), dtype=bool)
    adjacency[np.repeat(np.arange(count), 4), nearest.ravel()] = True
    adjacency |= adjacency.T
    object.__setattr__(table, "adjacency", adjacency)
    return table


def widened_catalogue(factor: int) -> dict:
    """The catalogue repeated ``factor`` times under new names (same economics)."""
    base = make_params().capabilities
    return {f"{name}_{k}": spec.model_dump() for k in range(factor) for name, spec in base.items()}


#: The parts of a run reported in the breakdown: (label, file, function name).
PHASES = (
    ("option scoring, all callers (compiled)", "scoring.py", "score_options"),
    ("the Council: concluding and reviewing", "model.py", "council_meets"),
    ("concluding negotiations", "negotiations.py", "conclude_due"),
    ("expected accounts of a change (compiled)", "proposals.py", "expected_accounts"),
    ("regional changes' effects (compiled)", "proposals.py", "regional_effects"),
    ("what-if copies of the arrangements", "arrangements.py", "what_if"),
    ("policing bodies weighing a change", "pcc.py", "worth_of_effects"),
    ("quarterly service, skill, trust, accounts", "model.py", "serve"),
    ("recording", "recorder.py", "record"),
    ("policing bodies: hand-overs, elections", "model.py", "policing_bodies_act"),
    ("year end: precepts, HMIC, mergers", "model.py", "year_end"),
)


#: Profiles a 10-year run of whatever model is importable from the working folder (any version)
#: and prints, as JSON, the share of the run spent in each (file, function) of argv[1]: cProfile's
#: cumulative times, indicative (the profiler adds overhead to Python calls; parts overlap where
#: one calls another).
PROFILER = (
    FROM_THIS_FOLDER
    + """
import cProfile, json, pstats, sys
from abm.model import CrossforceModel
from abm.params import make_params
CrossforceModel(make_params({"years": 10}), seed=1).run()  # compile or load the compiled loops first
model = CrossforceModel(make_params({"years": 10}), seed=1)
profiler = cProfile.Profile()
profiler.enable()
model.run()
profiler.disable()
stats = pstats.Stats(profiler).stats
total = max(ct for (_, _, name), (_, _, _, ct, _) in stats.items() if name == "run")
shares = [
    sum(ct for (path, _, name), (_, _, _, ct, _) in stats.items() if name == fn and path.endswith(file)) / total
    for file, fn in json.loads(sys.argv[1])
]
print(json.dumps(shares))
"""
)


def phase_shares(folder: Path) -> list[float]:
    """Share of a 10-year run of the model in ``folder`` spent in each of ``PHASES``, profiled in a
    fresh process."""
    wanted = json.dumps([[file, function] for _, file, function in PHASES])
    done = subprocess.run(
        [sys.executable, "-c", PROFILER, wanted],
        cwd=folder,
        env={**os.environ, **importable(folder)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_case(forces=None, capabilities=None, repeats: int = 5) -> float:
    params = make_params({"years": 10})
    if capabilities is not None:
        params = params.model_copy(
            update={
                "capabilities": {
                    name: type(next(iter(params.capabilities.values())))(**spec)
                    for name, spec in capabilities.items()
                }
            }
        )
    return median_ms(lambda: CrossforceModel(params, seed=1, forces=forces).run(), repeats)


def time_tree(folder: Path, repeats: int) -> list[float]:
    """Milliseconds of ``repeats`` 10-year runs of the model in ``folder``, in a fresh process."""
    env = {**os.environ, **importable(folder)}
    done = subprocess.run(
        [sys.executable, "-c", TIMER, str(repeats)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(ref: str, repeats: int, rounds: int = 3) -> tuple[list[str], list[float]]:
    """This checkout's model against ``ref``'s, alternating in ``rounds`` rounds: report lines, and
    the shares of ``ref``'s run spent in each of ``PHASES``."""
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "ref"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), ref],
            check=True,
            capture_output=True,
        )
        try:
            here, there = [], []
            for _ in range(rounds):
                here += time_tree(ROOT, repeats)
                there += time_tree(other, repeats)
            shares = phase_shares(other)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", ref], capture_output=True, text=True
    ).stdout.strip()
    mine, theirs = statistics.median(here), statistics.median(there)
    return [
        f"Side by side with `{ref}` ({commit}), each in a fresh process, {rounds} alternating rounds of "
        f"{repeats} runs (10 years, seeds 1-{repeats}):",
        "",
        "| model | median ms | runs |",
        "|---|---|---|",
        f"| this checkout | {mine:.1f} | {len(here)} |",
        f"| `{ref}` | {theirs:.1f} | {len(there)} |",
        "",
        f"Ratio this checkout / `{ref}`: {mine / theirs:.2f}.",
        "",
    ], shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--against", default=None, metavar="REF", help="also time this git ref's model, side by side"
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    comparison, ref_shares = side_by_side(args.against, args.repeats) if args.against else ([], None)

    reference = median_ms(reference_workload, args.repeats)
    full = run_case(repeats=args.repeats)
    rows = [
        {
            "case": "real 43 forces x 11 capabilities, 10 years",
            "forces": 43,
            "capabilities": 11,
            "median_ms": full,
        }
    ]
    for count in (100, 430):
        rows.append(
            {
                "case": f"synthetic {count} forces x 11",
                "forces": count,
                "capabilities": 11,
                "median_ms": run_case(forces=synthetic_forces(count), repeats=3),
            }
        )
    for factor in (2, 4):
        rows.append(
            {
                "case": f"real 43 forces x {11 * factor} capabilities",
                "forces": 43,
                "capabilities": 11 * factor,
                "median_ms": run_case(capabilities=widened_catalogue(factor), repeats=3),
            }
        )
    table = pd.DataFrame(rows)
    shares = pd.DataFrame({"part": [label for label, _, _ in PHASES], "this checkout": phase_shares(ROOT)})
    if ref_shares is not None:
        shares[f"`{args.against}`"] = ref_shares
    table["cells"] = table["forces"] * table["capabilities"]
    table["ratio_to_reference"] = table["median_ms"] / reference
    table["ms_per_1000_cells"] = table["median_ms"] / table["cells"] * 1000

    fig, ax = plt.subplots(figsize=(6, 4))
    for label, part in (
        ("more forces", table[table["capabilities"] == 11]),
        ("more capabilities", table[table["forces"] == 43]),
    ):
        part = part.sort_values("cells")
        ax.plot(part["cells"], part["median_ms"], marker="o", label=label)
    ax.set_xlabel("forces x capabilities")
    ax.set_ylabel("median 10-year run (ms)")
    ax.set_title("crossforce run time against system size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(RESULTS / "model_scaling.png", dpi=120)

    lines = [
        "# Model run time",
        "",
        "Generated by `python benchmarks/bench_model.py` (one core; medians of repeated runs).",
        f"Reference workload (fixed NumPy loop) in this run: {reference:.1f} ms.",
        "",
        table.to_markdown(index=False, floatfmt=".2f") if _has_tabulate() else table.to_string(index=False),
        "",
        "![scaling](model_scaling.png)",
        "",
        "How it grows: compare `ms_per_1000_cells` down the table. Constant means linear in forces x",
        "capabilities; the per-force partner shortlist is fixed in size, so the decision arrays grow",
        "with forces x capabilities x shortlist, and only the pairwise tables (distances, trust,",
        "response times) grow with forces squared.",
        "",
        f"Against the target of 20 ms for a 10-year run: {full:.0f} ms here ({full / 20:.1f}x the target).",
        "",
        *comparison,
        "Where a 10-year run spends its time, as shares of the run (real forces; cProfile, indicative:",
        "the profiler slows Python calls, not compiled code, so compiled parts look smaller than they are):",
        "",
        shares.to_markdown(index=False, floatfmt=".2f") if _has_tabulate() else shares.to_string(index=False),
    ]
    (RESULTS / "model.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
