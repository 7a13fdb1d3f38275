"""Batch sweeps: same results on every executor, safe resume, errors recorded, bad files refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from abm.batch import Experiment, read_table, run_sensitivity, run_sweep
from abm.batch import sweep as sweep_module
from abm.batch.seeding import run_seed
from abm.cli import main

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "runs" / "experiments" / "tiny.toml"
CROSSFORCE = (sys.executable, "-m", "abm.cli")


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """The sweep's tables in a canonical row order (runs finish in any order)."""
    final = read_table(out, "final").sort_values("run_index").reset_index(drop=True)
    series = read_table(out, "model_series").sort_values(["run_index", "step"]).reset_index(drop=True)
    return {"final": final, "model_series": series}


def assert_same(a: Path, b: Path) -> None:
    left, right = tables(a), tables(b)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_like=False)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny sweep, uninterrupted, in this process."""
    out = tmp_path_factory.mktemp("reference") / "sweep"
    report = run_sweep(TINY, out, workers=1, progress=False)
    assert report.complete and report.ok == 8
    return out


def test_run_seeds_are_spawned_children_of_the_experiment_seed() -> None:
    children = np.random.SeedSequence(7).spawn(4)
    assert [run_seed(7, i) for i in range(4)] == [
        int(c.generate_state(1, dtype=np.uint32)[0]) for c in children
    ]


def test_tables_are_tidy_with_every_parameter(reference: Path) -> None:
    final, series = tables(reference).values()
    assert list(final["run_index"]) == list(range(8))
    assert {"duty_strength", "local_control_preference", "risk_aversion", "cost_gbp_m_per_year"} <= set(final)
    assert len(series) == 8 * 2 * 4 and not series.duplicated(["run_index", "step"]).any()
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["seeds"]["run_seeds"]) == 8
    assert manifest["packages"]["mesa"].startswith("3.5") and "commit" in manifest["git"]
    assert manifest["cpu"]["cpu_features"]


def test_process_and_dask_executors_give_identical_results(reference: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    run_sweep(TINY, tmp_path / "processes", workers=2, progress=False, chunk_runs=3)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        run_sweep(TINY, tmp_path / "dask", scheduler=cluster, progress=False)
    assert_same(reference, tmp_path / "processes")
    assert_same(reference, tmp_path / "dask")


def test_interrupted_sweep_resumes_without_loss_or_duplicates(reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    first = run_sweep(TINY, out, workers=1, progress=False, chunk_runs=2, max_runs=3)
    assert not first.complete
    # a crash in the middle of committing a chunk: a part without its ledger entry, and a temporary
    orphan = next((out / "final").glob("part-*.parquet"))
    (out / "final" / "part-crashed-00001.parquet").write_bytes(orphan.read_bytes())
    (out / "model_series" / ".part-crashed-00002.parquet.tmp").write_bytes(b"half a file")
    second = run_sweep(TINY, out, workers=2, progress=False)
    assert second.skipped == 3 and second.ok == 5 and second.complete
    assert not (out / "final" / "part-crashed-00001.parquet").exists()
    assert_same(reference, out)


def test_killed_sweep_resumes(tmp_path: Path) -> None:
    """SIGKILL a real `crossforce sweep` mid-way, start it again, compare with an uninterrupted run."""
    path = tmp_path / "longer.toml"
    path.write_text(
        TINY.read_text().replace("replications = 2", "replications = 4").replace("years = 2", "years = 1")
    )
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "abm.cli", "sweep", str(path), "--out", str(out)]
    command += ["--workers", "1", "--chunk-runs", "1", "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300  # generous: on a loaded machine the worker starts slowly
    while time.monotonic() < deadline and len(list((out / "runs").glob("part-*"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "runs").glob("part-*")))
    assert 3 <= done_before < 16, "the sweep should have been killed part-way"
    assert subprocess.run(command, env=env, cwd=ROOT, capture_output=True).returncode == 0
    run_sweep(path, tmp_path / "whole", workers=1, progress=False)
    assert_same(out, tmp_path / "whole")
    assert len(read_table(out, "final")) == 16


def test_a_failing_run_is_recorded_and_the_rest_complete(tmp_path: Path) -> None:
    report = run_sweep(TINY, tmp_path, workers=2, progress=False, run_fn="tests.batch_hooks:failing_run")
    assert (report.ok, report.errors) == (6, 2) and report.complete
    errors = read_table(tmp_path, "errors")
    assert sorted(errors["run_index"]) == [6, 7]
    assert errors["message"].str.contains("deliberate failure").all()
    assert "RuntimeError" in errors["traceback"].iloc[0]
    assert sorted(read_table(tmp_path, "final")["run_index"]) == [0, 1, 2, 3, 4, 5]
    again = run_sweep(TINY, tmp_path, workers=1, progress=False, run_fn="tests.batch_hooks:failing_run")
    assert again.skipped == 8 and again.ok == again.errors == 0


BAD_FILES = {
    "misspelt field": ("replicatons = 2", "experiment.replicatons"),
    "zero replications": ("replications = 0", "experiment.replications=0"),
    "value out of range": ("[grid]\nduty_strength = [0.5, 1.5]", "grid.duty_strength: duty_strength=1.5"),
    "unknown parameter": ("[grid]\nduty = [0.5]", "unknown parameter 'duty'"),
    "unknown output": ('outputs = ["model_seriez"]', "experiment.outputs.0='model_seriez'"),
    "two designs": ("[grid]\nduty_strength = [0.5]\n[sample]\nn = 4", "give only one of"),
    "bad range": (
        '[sample]\nn = 4\nparameters = ["duty_strength"]\nranges = { duty_strength = [0.9, 0.1] }',
        "sample.ranges.duty_strength=[0.9, 0.1]",
    ),
    "not TOML": ("[experiment", "not valid TOML"),
    "set in [params] and [grid]": (
        "[params]\nduty_strength = 0.5\n[grid]\nduty_strength = [0.1, 0.2]",
        "duty_strength is fixed in [params] and varied in [grid]",
    ),
    "set in [params] and [sample]": (
        '[params]\nrisk_aversion = 0.5\n[sample]\nn = 2\nparameters = ["risk_aversion"]',
        "risk_aversion is fixed in [params] and varied in [sample]",
    ),
    "capability field in [params] and [grid]": (
        '[params.capabilities.custody]\nfixed_cost_gbp_m = 2\n[grid]\n"capabilities.custody.fixed_cost_gbp_m" = [1, 3]',
        "capabilities.custody.fixed_cost_gbp_m is fixed in [params] and varied in [grid]",
    ),
    "years in [experiment] and [grid]": ("[grid]\nyears = [1, 2]", "years is fixed in [experiment] years"),
    "unknown sensitivity output": (
        '[sensitivity]\nn = 2\nparameters = ["duty_strength"]\noutputs = ["costs"]',
        "sensitivity.outputs: 'costs' is not a final metric",
    ),
    "unknown scenario": ('scenario = "no_such"', "experiment.scenario: scenario='no_such'"),
    "not a number": ("[params]\nduty_strength = nan", "duty_strength=nan"),
    "no parameters to vary": ("[sample]\nn = 2\nparameters = []", "sample.parameters=[]"),
    "a number for the catalogue": (
        "[params]\ncapabilities = 5\n[grid]\nduty_strength = [0.1]",
        "capabilities=5: must be a table",
    ),
    "a number for a capability": (
        "[params.capabilities]\ncustody = 5\n[grid]\nduty_strength = [0.1]",
        "capabilities.custody=5: must be a table",
    ),
    "missing [experiment]": ("", "experiment: missing"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_experiment_files_are_refused_naming_the_field(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snippet, expected = BAD_FILES[case]
    head = '[experiment]\nname = "bad"\nyears = 1\n'
    text = {"not TOML": snippet, "missing [experiment]": "[params]\nyears = 1\n"}.get(
        case, head + snippet + "\n"
    )
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err, err
    assert not out.exists()


UNREADABLE = {
    "Latin-1 text": ('[experiment]\nname = "caf\xe9"\n'.encode("latin-1"), "not UTF-8 text (byte 0xe9"),
    "binary": (bytes(range(256)) * 2, "not UTF-8 text (byte 0x80"),
}


@pytest.mark.parametrize("case", UNREADABLE)
@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
def test_files_that_are_not_utf8_text_get_one_line(command: str, case: str, tmp_path: Path, capsys) -> None:
    content, expected = UNREADABLE[case]
    path = tmp_path / "bin.toml"
    path.write_bytes(content)
    out = tmp_path / "out"
    assert main([command, str(path), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err and str(path) in err, err
    assert not out.exists()


def test_a_folder_given_as_the_experiment_file_is_named(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "experiment.toml"
    folder.mkdir()
    assert main(["sweep", str(folder), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    assert "is a folder, not a file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("existing", [False, True])
def test_an_unreachable_scheduler_fails_fast_and_leaves_out_as_it_was(existing: bool, tmp_path: Path) -> None:
    """Nothing listens on port 1: the sweep names the address, gives up within its 5 s connect
    timeout (Dask's own waits 30 s) and writes nothing, into a new folder or an old sweep's."""
    out = tmp_path / "out"
    if existing:
        run_sweep(TINY, out, workers=1, progress=False, max_runs=1)
    before = sorted((p.relative_to(tmp_path), p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    result = subprocess.run(
        [
            *CROSSFORCE,
            "sweep",
            str(TINY),
            "--out",
            str(out),
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "crossforce: error: --scheduler='tcp://127.0.0.1:1': no Dask scheduler answered within 5 s"
    ]
    assert sorted((p.relative_to(tmp_path), p.stat().st_mtime_ns) for p in tmp_path.rglob("*")) == before


def test_a_folder_holding_another_experiment_is_refused(reference: Path, tmp_path: Path) -> None:
    other = Experiment.from_dict({"experiment": {"name": "other", "years": 1}})
    with pytest.raises(ValueError, match="holds a different experiment"):
        run_sweep(other, reference, workers=1, progress=False)


def test_resuming_with_different_model_code_is_refused(reference: Path, tmp_path: Path, monkeypatch) -> None:
    """Runs already on disk must not be mixed with runs of an edited model."""
    copy = tmp_path / "sweep"
    shutil.copytree(reference, copy, ignore=shutil.ignore_patterns(".lock"))
    monkeypatch.setattr(sweep_module, "code_fingerprint", lambda: "0123456789abcdef")
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    with pytest.raises(ValueError, match="different model code"):
        run_sweep(TINY, copy, workers=1, progress=False)
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before  # nothing written
    report = run_sweep(TINY, copy, workers=1, progress=False, restart=True)
    assert report.ok == 8
    assert json.loads((copy / "manifest.json").read_text())["code"] == "0123456789abcdef"


def test_morris_sensitivity_writes_indices_and_plot(tmp_path: Path) -> None:
    experiment = Experiment.from_dict(
        {
            "experiment": {"name": "morris", "years": 1, "seed": 3, "outputs": []},
            "sensitivity": {"method": "morris", "n": 2, "parameters": ["duty_strength", "risk_aversion"]},
        }
    )
    indices = run_sensitivity(experiment, tmp_path, workers=1, progress=False)
    assert set(indices["parameter"]) == {"duty_strength", "risk_aversion"}
    assert {"mu_star", "sigma"} <= set(indices) and indices["mu_star"].notna().all()
    assert (tmp_path / "sensitivity.csv").is_file() and (tmp_path / "sensitivity.png").stat().st_size > 1000


@pytest.mark.parametrize("path", sorted((ROOT / "runs" / "experiments").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_experiment_file_is_valid_against_the_schema(path: Path) -> None:
    """The experiment files the docs point users to load and plan against the current schema (a
    parameter removed from the schema must leave them too: discovery.toml named one for months)."""
    experiment = Experiment.from_toml(path)
    assert experiment.n_runs > 0
    experiment.run(experiment.n_runs - 1)  # the design is built and its last run planned
