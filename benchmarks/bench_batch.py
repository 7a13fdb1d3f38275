"""Benchmark: ``crossforce`` sweeps against Mesa's own ``mesa.batch_run``, same model and runs,
and the sweep's efficiency: its runs per second on the workers over the workers x its runs per
second in one process (``--workers 1`` runs the sweep serially, in its own process).

    PYTHONPATH=. python benchmarks/bench_batch.py [--runs 1000 10000] [--years 1] [--workers 2]
                                                  [--cases crossforce serial mesa] [--report batch.md]
                                                  [--rounds 5]

Both sides run the same design (duty_strength x local_control_preference, replicated),
the same seeds and the same number of worker processes, and keep the same output: one
row per run with its parameters and the final-year metrics (the sweep writes it to
Parquet; batch_run returns it as a list of dicts). Each case runs in a fresh
subprocess, so its peak memory (``ru_maxrss``) is its own: the driver process, and the
largest worker. Writes ``benchmarks/results/batch.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mesa

from abm.model import CrossforceModel
from abm.params import make_params
from abm.runner import final_metrics

HERE = Path(__file__).resolve().parent
DUTY = [0.0, 0.25, 0.5, 0.75, 1.0]
CONTROL = [0.004, 0.008, 0.012, 0.02]
SEED = 2024


class BatchRunAdapter(CrossforceModel):
    """CrossforceModel as ``batch_run`` wants it: keyword parameters and a DataCollector.

    The final metrics are collected once, after the last quarter (what the sweep's final
    table holds), so neither side pays for per-step collection the other does not do.
    """

    def __init__(self, rng: int | None = None, **overrides: Any) -> None:
        super().__init__(make_params(overrides), seed=0 if rng is None else int(rng))
        self._final: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(model_reporters={"final": lambda m: m._final})

    def step(self) -> None:
        super().step()
        if self.steps >= self.params.steps:
            self._final = final_metrics(self)
            self.datacollector.collect(self)
            self.running = False


def design(runs: int) -> tuple[int, int]:
    """Replications so that 20 design points x replications = runs."""
    points = len(DUTY) * len(CONTROL)
    if runs % points:
        raise SystemExit(f"--runs must be a multiple of {points}")
    return points, runs // points


def case_crossforce(runs: int, years: int, workers: int) -> dict[str, Any]:
    from abm.batch import Experiment, run_sweep

    _, replications = design(runs)
    experiment = Experiment.from_dict(
        {
            "experiment": {
                "name": "bench",
                "seed": SEED,
                "replications": replications,
                "years": years,
                "outputs": [],
            },
            "grid": {"duty_strength": DUTY, "local_control_preference": CONTROL},
        }
    )
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = run_sweep(experiment, Path(out) / "sweep", workers=workers, progress=False, chunk_runs=200)
        seconds = time.perf_counter() - started
    assert report.ok == runs, report
    return {"seconds": seconds}


def case_mesa(runs: int, years: int, workers: int) -> dict[str, Any]:
    from mesa.batchrunner import batch_run

    from abm.batch.seeding import run_seed

    _, replications = design(runs)
    started = time.perf_counter()
    results = batch_run(
        BatchRunAdapter,
        parameters={"duty_strength": DUTY, "local_control_preference": CONTROL, "years": years},
        number_processes=workers,
        rng=[run_seed(SEED, i) for i in range(replications)],
        max_steps=4 * years,
        data_collection_period=-1,
        display_progress=False,
    )
    seconds = time.perf_counter() - started
    assert len(results) == runs, len(results)
    return {"seconds": seconds}


#: The measured cases: the sweep on the workers, the same sweep in one process, mesa.batch_run.
CASES = ("crossforce", "serial", "mesa")


def child(which: str, runs: int, years: int, workers: int) -> None:
    """One measured case, in its own process; prints one JSON line."""
    if which == "serial":
        result = case_crossforce(runs, years, 1)
    else:
        result = (case_crossforce if which == "crossforce" else case_mesa)(runs, years, workers)
    result["driver_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["runs_per_second"] = runs / result["seconds"]
    print(json.dumps(result))


def measure(which: str, runs: int, years: int, workers: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", which, "--runs", str(runs)]
    command += ["--years", str(years), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{which} {runs}: failed\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"  {which:<10} {runs:>6} runs: {result['runs_per_second']:6.1f} runs/s, "
        f"driver {result['driver_peak_mb']:.0f} MB, worker {result['worker_peak_mb']:.0f} MB",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--report", default="batch.md", help="file name under benchmarks/results/")
    parser.add_argument("--rounds", type=int, default=1, help="alternate the cases in this many rounds")
    parser.add_argument("--child", choices=CASES)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs[0], args.years, args.workers)
        return
    rows = []
    for runs in args.runs:
        rows += alternating(runs, args)
        write_report(rows, args)  # after every size, so a long invocation stopped early still reports


def alternating(runs: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each case's ``runs``, in ``--rounds`` rounds of ``runs / rounds`` in which the cases take
    turns (a fresh process each time), so that a drift in the machine's speed (on a shared virtual
    machine, up to a third over minutes) falls on every case alike; a case's time is the sum over
    its rounds, its memory the largest of any round."""
    per_round = runs // args.rounds
    if per_round * args.rounds != runs:
        raise SystemExit("--runs must be a multiple of --rounds")
    design(per_round)  # each round's share must fill the design too
    totals: dict[str, dict[str, Any]] = {}
    for _ in range(args.rounds):
        for which in args.cases:
            result = measure(which, per_round, args.years, args.workers)
            total = totals.setdefault(which, {"case": which, "runs": runs, "seconds": 0.0,
                                              "driver_peak_mb": 0.0, "worker_peak_mb": 0.0})  # fmt: skip
            total["seconds"] += result["seconds"]
            for peak in ("driver_peak_mb", "worker_peak_mb"):
                total[peak] = max(total[peak], result[peak])
    for total in totals.values():
        total["runs_per_second"] = runs / total["seconds"]
    return list(totals.values())


def write_report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    from importlib.metadata import version

    lines = [
        "# Batch benchmark: `crossforce sweep` against `mesa.batch_run`, and its efficiency",
        "",
        f"Written by `benchmarks/bench_batch.py` on {time.strftime('%Y-%m-%d %H:%M')}: "
        f"{platform.processor() or platform.machine()}, {args.workers} worker processes, "
        f"Python {platform.python_version()}, mesa {version('mesa')}.",
        "",
        f"Same model, design (duty_strength x local_control_preference, 20 points, replicated), seeds "
        f"and output (one row per run: parameters and final-year metrics). Runs are {args.years} "
        f"year(s) ({4 * args.years} quarterly steps). The cases took turns in {args.rounds} round(s) of "
        "an equal share of the runs (the same design each round), each in a fresh process; times are "
        "summed over the rounds, memory is the largest of any round.",
        "",
        "| runner | runs | seconds | runs / s | driver peak MB | worker peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['runs']:,} | {row['seconds']:.1f} | {row['runs_per_second']:.1f} | "
            f"{row['driver_peak_mb']:.0f} | {row['worker_peak_mb']:.0f} |"
        )
    lines += ["", "Ratios measured in this one invocation:", ""]
    for runs in args.runs:
        found = {r["case"]: r for r in rows if r["runs"] == runs}
        ours, theirs, serial = found.get("crossforce"), found.get("mesa"), found.get("serial")
        if ours and theirs:
            lines.append(
                f"- {runs:,} runs, crossforce / mesa.batch_run: speed "
                f"{ours['runs_per_second'] / theirs['runs_per_second']:.2f}x, "
                f"driver peak memory {ours['driver_peak_mb'] / theirs['driver_peak_mb']:.2f}x"
            )
        if ours and serial:
            efficiency = ours["runs_per_second"] / (args.workers * serial["runs_per_second"])
            lines.append(
                f"- {runs:,} runs, sweep efficiency on {args.workers} workers (runs per second over "
                f"{args.workers} x the runs per second in one process): {efficiency:.0%}"
            )
        if not (ours and (theirs or serial)):
            lines.append(f"- {runs:,} runs: no pair measured in this invocation")
    lines += [
        "",
        "The sweep writes its results to Parquet as it goes (chunks of 200 runs here) and so "
        "holds at most a chunk; `batch_run` returns every result in one list, so its driver "
        "grows with the number of runs. The sweep also validates the design up front, writes "
        "a plan, a manifest and a ledger, and can resume.",
        "",
    ]
    out = HERE / "results" / args.report
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines))
    print(f"wrote {out}", flush=True)


if __name__ == "__main__":
    main()
