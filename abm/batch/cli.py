"""The ``sweep`` and ``sensitivity`` subcommands (wired into abm/cli.py by two calls)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="experiment file (.toml), or a name in runs/experiments/")
    parser.add_argument("--out", type=Path, required=True, help="output folder (resumed if it exists)")
    parser.add_argument(
        "--workers", type=int, default=2, help="local worker processes (default 2; 1 = serial)"
    )
    parser.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786"
    )
    parser.add_argument(
        "--dask-local", action="store_true", help="start a Dask LocalCluster with --workers processes"
    )
    parser.add_argument("--chunk-runs", type=int, default=50, help="runs per part file (default 50)")
    parser.add_argument("--restart", action="store_true", help="discard an earlier sweep in --out first")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def add_commands(sub: Any) -> None:
    """Add ``sweep`` and ``sensitivity`` to the CLI's subparsers."""
    sweep = sub.add_parser(
        "sweep",
        help="run an experiment file (grid or sampled ranges) into Parquet tables",
        description="Run every run of an experiment, streaming tidy Parquet tables to --out. "
        "Killed and started again with the same command, it finishes the missing runs only.",
    )
    _common(sweep)
    sens = sub.add_parser(
        "sensitivity",
        help="Morris or Sobol sensitivity analysis (SALib) of an experiment file",
        description="Sample the [sensitivity] design, run it (resumably), and write the indices "
        "(sensitivity.parquet/.csv) and a plot (sensitivity.png) to --out.",
    )
    _common(sens)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    from abm.params import ParameterError

    if args.chunk_runs < 1:
        raise ParameterError(f"--chunk-runs={args.chunk_runs}: must be 1 or more")
    return {
        "workers": args.workers,
        "scheduler": args.scheduler,
        "dask_local": args.dask_local,
        "chunk_runs": args.chunk_runs,
        "restart": args.restart,
        "progress": not args.no_progress,
    }


def dispatch(args: argparse.Namespace) -> int | None:
    """Run a batch subcommand; None if ``args.command`` is not one of ours."""
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print(
            f"\ncrossforce: interrupted; finished runs are kept in {args.out}; run the same command again "
            "to finish the rest",
            file=sys.stderr,
        )
        return 130


def _dispatch(args: argparse.Namespace) -> int | None:
    from abm.batch.experiment import Experiment

    if args.command == "sweep":
        from abm.batch.sweep import run_sweep

        experiment = Experiment.from_toml(args.file)
        report = run_sweep(experiment, args.out, **_options(args))
        print(
            f"crossforce sweep {experiment.name!r}: {report.ok} runs ok, {report.errors} failed, "
            f"{report.skipped} already done, of {report.total}, in {report.seconds:.1f} s -> {report.out}"
        )
        if report.errors:
            print(f"  failed runs are in {report.out / 'errors'} (pandas.read_parquet)")
        return 0
    if args.command == "sensitivity":
        from abm.batch.sensitivity import run_sensitivity

        experiment = Experiment.from_toml(args.file)
        indices = run_sensitivity(experiment, args.out, **_options(args))
        design = experiment.spec.sensitivity
        key = "mu_star" if design is not None and design.method == "morris" else "ST"
        print(f"crossforce sensitivity {experiment.name!r}: {len(indices)} indices -> {args.out}")
        for output, part in indices.groupby("output", sort=False):
            top = part.nlargest(3, key)
            ranked = ", ".join(f"{r.parameter} {getattr(r, key):.3g}" for r in top.itertuples())
            print(f"  {output}: largest {key}: {ranked}")
        return 0
    return None
