"""The command line as a user meets it: help, a run, and refusals that write nothing."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from abm.cli import main
from abm.provenance import code_fingerprint


def crossforce(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "abm.cli", *args], capture_output=True, text=True)


def test_help_is_available_everywhere() -> None:
    for args in ([], ["run"], ["params"], ["scenarios"]):
        result = crossforce(*args, "--help")
        assert result.returncode == 0
        assert "usage: crossforce" in result.stdout


def test_run_writes_tidy_parquet_and_csv_and_prints_a_summary(tmp_path, capsys) -> None:
    out = tmp_path / "baseline"
    assert (
        main(["run", "--scenario", "baseline", "--years", "3", "--seed", "2", "--out", str(out), "--csv"])
        == 0
    )
    printed = capsys.readouterr().out
    assert "final year: cost" in printed and "covert_surveillance" in printed
    for name in ("model_series", "capability_series", "force_series", "events", "final"):
        assert (out / f"{name}.parquet").is_file() and (out / f"{name}.csv").is_file()
    series = pd.read_parquet(out / "model_series.parquet")
    assert len(series) == 12 and series["step"].tolist() == list(range(1, 13))
    forces = pd.read_parquet(out / "force_series.parquet")
    assert len(forces) == 12 * 43 * 11
    record = json.loads((out / "run.json").read_text())
    assert record["seed"] == 2 and record["params"]["years"] == 3
    assert record["code"] == code_fingerprint()
    assert {"python", "crossforce", "mesa", "numpy"} <= set(record["packages"])
    assert record["git"]["commit"] is None or len(record["git"]["commit"]) == 40


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--scenario", "no_such_scenario"], "scenario='no_such_scenario'"),
        (["--set", "duty_strength=1.5"], "duty_strength=1.5"),
        (["--set", "no_such_param=1"], "no_such_param"),
        (["--set", "capabilities.custody.fixed_cost_gbp_m=-2"], "capabilities.custody.fixed_cost_gbp_m=-2"),
        (["--set", "capabilities.teleportation.fixed_cost_gbp_m=1"], "teleportation"),
        (["--set", "cost_sharing_rule=whim"], "cost_sharing_rule='whim'"),
        (["--years", "0"], "years=0"),
        (["--seed", "-3"], "--seed=-3"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(tmp_path, args, named) -> None:
    out = tmp_path / "never"
    result = crossforce("run", *args, "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file_is_refused(tmp_path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    result = crossforce("run", "--years", "1", "--out", str(target))
    assert result.returncode == 2 and "--out" in result.stderr
    assert target.read_text() == "keep me"


def test_bad_scenario_file_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[params]\nduty_strength = 'strong'\n")
    result = crossforce("run", "--scenario", str(bad))
    assert result.returncode == 2 and "duty_strength" in result.stderr


def test_params_lists_every_parameter_with_unit_and_source() -> None:
    result = crossforce("params")
    assert result.returncode == 0
    assert "duty_strength = 0.3" in result.stdout and "source:" in result.stdout


def test_unknown_shock_capability_is_named() -> None:
    result = crossforce("run", "--set", 'shock_capabilities=["teleportation"]')
    assert (
        result.returncode == 2 and "shock_capabilities" in result.stderr and "teleportation" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
