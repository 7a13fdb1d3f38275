"""Same seed, same result, in one process or in another; other seeds differ."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from abm.params import make_params
from abm.runner import run_simulation


def test_same_seed_gives_identical_tables() -> None:
    params = make_params({"years": 5})
    first, second = run_simulation(params, seed=11), run_simulation(params, seed=11)
    for name, table in first.tables().items():
        pd.testing.assert_frame_equal(table, second.tables()[name], check_exact=True)


def test_other_seeds_differ() -> None:
    params = make_params({"years": 5})
    a, b = run_simulation(params, seed=1), run_simulation(params, seed=2)
    assert not a.model_series["demand"].equals(b.model_series["demand"])


def test_same_seed_gives_identical_output_in_another_process(tmp_path) -> None:
    here = run_simulation(make_params({"years": 4}), seed=5, scenario="baseline")
    out = tmp_path / "run"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "abm.cli",
            "run",
            "--scenario",
            "baseline",
            "--years",
            "4",
            "--seed",
            "5",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    for name, table in here.tables().items():
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / f"{name}.parquet"), table, check_dtype=False, check_categorical=False
        )
