"""Run every run of an experiment, streaming results to disk; resume what is missing.

``execute_run`` is what a worker does with one run: build the parameters, simulate,
and return the rows for each table, already labelled with the run's index, design
point, seed and parameters. It never raises: an error becomes a row of the errors table,
so one bad run does not stop the others. ``run_sweep`` feeds runs to an executor and
writes the rows in chunks (see :mod:`abm.batch.storage`), so memory stays flat.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from abm.batch.executors import Executor, make_executor
from abm.batch.experiment import Experiment, RunSpec
from abm.batch.storage import SweepStore, now
from abm.params import ParameterError, make_params, scalar_fields
from abm.provenance import code_fingerprint, cpu_features, git_commit, package_versions
from abm.schema import value_of

KEYS = ("run_index", "point", "replicate", "seed")
DEFAULT_RUN_FN = "abm.runner:run_simulation"


@dataclass(frozen=True)
class Job:
    """What every run of a sweep shares (sent to workers with each run)."""

    scenario: str
    outputs: tuple[str, ...]
    run_fn: str = DEFAULT_RUN_FN


@dataclass
class Outcome:
    """What a worker sends back for one run. One-row tables (``final``, ``errors``) travel as
    plain dicts, turned into one DataFrame per chunk by the driver: a one-row DataFrame per run
    cost a few milliseconds to build in the worker and to unpickle in the driver."""

    index: int
    status: str
    seconds: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)


def resolve(path: str) -> Callable[..., Any]:
    """``module:function`` to the function (a string travels to any worker; a closure may not)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _labels(run: RunSpec, varied: dict[str, Any]) -> dict[str, Any]:
    return {
        "run_index": run.index,
        "point": run.point,
        "replicate": run.replicate,
        "seed": run.seed,
        **varied,
    }


def execute_run(run: RunSpec, job: Job) -> Outcome:
    """Simulate one run and return its rows; an exception becomes an error row."""
    started = time.perf_counter()
    try:
        params = make_params(run.overrides)
        # typed as the schema types them, so every part file has the same column types
        varied = {name: value_of(params, name) for name in run.varied}
        result = resolve(job.run_fn)(
            params, seed=run.seed, scenario=job.scenario, force_series="force_series" in job.outputs
        )
        labels = _labels(run, varied)
        scalars = params.model_dump(exclude={"capabilities"})
        final = {**labels, **{k: v for k, v in scalars.items() if k not in labels}}
        for name, value in result.final.items():
            final[name if name not in final else f"final_{name}"] = value
        tables = {}
        for name in job.outputs:
            table = result.table(name).copy()
            for i, (key, value) in enumerate(labels.items()):
                table.insert(i, key, value)
            tables[name] = table
        return Outcome(run.index, "ok", time.perf_counter() - started, tables, {"final": final})
    except Exception as error:
        row = {
            **{k: getattr(run, k if k != "run_index" else "index") for k in KEYS},
            "params": json.dumps(run.varied, default=str),
            "error_type": type(error).__name__,
            "message": str(error),
            "traceback": traceback.format_exc(),
        }
        return Outcome(run.index, "error", time.perf_counter() - started, rows={"errors": row})


def plan_table(experiment: Experiment) -> pd.DataFrame:
    """Every run with its seed and varied parameters (written once; the ledger says which are done)."""
    rows = []
    for index in range(experiment.n_runs):
        run = experiment.run(index)
        rows.append({**_labels(run, run.varied)})
    return pd.DataFrame(rows)


def _manifest(experiment: Experiment, store: SweepStore, executor: Executor, started: str) -> dict[str, Any]:
    manifest = store.read_manifest()
    sessions = manifest.get("sessions", [])
    sessions.append({"started": started, "ended": None, "runs_written": 0, **executor.describe()})
    base = experiment.params_for({})
    return {
        "experiment": experiment.name,
        "fingerprint": experiment.fingerprint(),
        "definition": experiment.definition(),
        "n_runs": experiment.n_runs,
        "n_points": len(experiment.points),
        "replications": experiment.replications,
        "varied": experiment.varied,
        "outputs": ["final", *experiment.outputs],
        "base_params": base.model_dump(mode="json"),
        "parameter_units": {n: (f.json_schema_extra or {}).get("unit") for n, f in scalar_fields().items()},
        "seeds": {
            "experiment_seed": experiment.spec.experiment.seed,
            "rule": "run i: numpy.random.SeedSequence(experiment_seed).spawn(n)[i].generate_state(1, uint32)[0]"
            + (
                " with i = replicate (common random numbers)"
                if experiment.spec.experiment.common_random_numbers
                else ""
            ),
            "run_seeds": [experiment.run(i).seed for i in range(experiment.n_runs)],
        },
        "packages": package_versions(),
        "cpu": cpu_features(),
        "git": git_commit(),
        "code": code_fingerprint(),
        "started": manifest.get("started", started),
        "ended": None,
        "status": "running",
        "sessions": sessions,
    }


@dataclass
class SweepReport:
    """What a sweep did, for the CLI and for notebooks."""

    out: Path
    total: int
    skipped: int
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.skipped + self.ok + self.errors == self.total


def run_sweep(
    experiment: Experiment | str | Path,
    out: str | Path,
    *,
    workers: int = 2,
    scheduler: Any = None,
    dask_local: bool = False,
    chunk_runs: int = 50,
    chunk_seconds: float = 30.0,
    progress: bool = True,
    restart: bool = False,
    run_fn: str = DEFAULT_RUN_FN,
    max_runs: int | None = None,
) -> SweepReport:
    """Run the experiment's missing runs into ``out`` (see :mod:`abm.batch.storage` for the layout).

    ``workers``: local processes (1 runs in this process). ``scheduler``: a Dask address,
    cluster or Client; ``dask_local``: start a Dask LocalCluster. A chunk is written every
    ``chunk_runs`` runs or ``chunk_seconds`` seconds, whichever comes first. ``run_fn``
    (``module:function`` with run_simulation's signature) swaps the simulation, e.g. for
    custom outputs or tests. ``max_runs`` stops after that many new runs (to split a sweep).
    """
    if not isinstance(experiment, Experiment):
        experiment = Experiment.from_toml(experiment)
    if workers < 1:
        raise ParameterError(f"--workers={workers}: must be 1 or more")
    out = Path(out)
    discard = restart and (out / "manifest.json").is_file()
    if not discard:
        SweepStore.check(out, experiment.fingerprint(), code_fingerprint())
    store = SweepStore(out)
    job = Job(scenario=experiment.scenario.name, outputs=tuple(experiment.outputs), run_fn=run_fn)
    clock = time.perf_counter()
    with contextlib.ExitStack() as stack:
        # the executor first: a scheduler that does not answer must leave --out as it was
        executor = stack.enter_context(make_executor(workers, scheduler, dask_local))
        if discard:
            shutil.rmtree(out)
            SweepStore.check(out, experiment.fingerprint(), code_fingerprint())
        stack.enter_context(store.open())
        done = store.done()
        if not (out / "plan.parquet").is_file():
            store.write_plan(plan_table(experiment))
        pending = [i for i in range(experiment.n_runs) if i not in done]
        if max_runs is not None:
            pending = pending[:max_runs]
        report = SweepReport(out=out, total=experiment.n_runs, skipped=len(done))
        manifest = _manifest(experiment, store, executor, now())
        store.write_manifest(manifest)
        try:
            _stream(
                experiment,
                pending,
                job,
                executor,
                store,
                manifest,
                report,
                chunk_runs,
                chunk_seconds,
                progress,
            )
        finally:
            manifest["sessions"][-1]["ended"] = now()
            finished = len(store.done()) == experiment.n_runs
            manifest["status"] = "complete" if finished else "incomplete"
            manifest["ended"] = now() if finished else None
            store.write_manifest(manifest)
    report.seconds = time.perf_counter() - clock
    return report


def _stream(
    experiment: Experiment,
    pending: list[int],
    job: Job,
    executor: Executor,
    store: SweepStore,
    manifest: dict[str, Any],
    report: SweepReport,
    chunk_runs: int,
    chunk_seconds: float,
    progress: bool,
) -> None:
    """Run the pending runs and write their rows in chunks (every ``chunk_runs`` runs or
    ``chunk_seconds`` seconds); on an interrupt, keep what finished."""
    bar = tqdm(
        total=experiment.n_runs,
        initial=report.skipped,
        unit="run",
        desc=experiment.name,
        disable=not progress,
        dynamic_ncols=True,
    )
    buffer: list[Outcome] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal last_flush
        if buffer:
            _write(store, buffer)
            manifest["sessions"][-1]["runs_written"] += len(buffer)
            buffer.clear()
        last_flush = time.monotonic()

    runs = (experiment.run(i) for i in pending)
    try:
        for outcome in executor.imap_unordered(execute_run, runs, job):
            buffer.append(outcome)
            if outcome.status == "ok":
                report.ok += 1
            else:
                report.errors += 1
            bar.update(1)
            if report.errors:
                bar.set_postfix(errors=report.errors, refresh=False)
            if len(buffer) >= chunk_runs or time.monotonic() - last_flush >= chunk_seconds:
                flush()
        flush()
    except KeyboardInterrupt:
        flush()  # keep what finished; the rest runs when the sweep is started again
        raise
    finally:
        bar.close()


def _write(store: SweepStore, outcomes: list[Outcome]) -> None:
    tables: dict[str, list[pd.DataFrame]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        for name, frame in outcome.tables.items():
            tables.setdefault(name, []).append(frame)
        for name, row in outcome.rows.items():
            rows.setdefault(name, []).append(row)
    for name, records in rows.items():
        tables.setdefault(name, []).append(pd.DataFrame.from_records(records))
    ledger = pd.DataFrame(
        {
            "run_index": [o.index for o in outcomes],
            "status": [o.status for o in outcomes],
            "seconds": [o.seconds for o in outcomes],
        }
    )
    store.write_chunk(tables, ledger)
