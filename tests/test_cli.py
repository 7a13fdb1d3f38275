"""The command line as a user meets it: help, a run, and refusals that write nothing."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from abm.cli import main
from abm.provenance import code_fingerprint


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def crossforce(*args: str) -> Result:
    """The command as a user types it, run in this process (a new interpreter per case would
    cost seconds each); ``test_the_installed_command_*`` runs the real entry point."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse's --help and usage errors
            code = int(stop.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def test_the_installed_command_refuses_bad_input_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "abm.cli", "run", "--set", "duty_strength=1.5"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "crossforce: error: duty_strength=1.5: Input should be less than or equal to 1"
    ]


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
    assert record["cpu"]["cpu_features"] and "numpy_dispatch_used" in record["cpu"]
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
        (["--set", "duty_strength=NaN"], "duty_strength=nan"),
        (["--set", "value_of_harm_gbp=Infinity"], "value_of_harm_gbp=inf"),
        (["--set", "capabilities.custody.fixed_cost_gbp_m=NaN"], "capabilities.custody.fixed_cost_gbp_m=nan"),
        (["--set", "duty_strength"], "expected name=value"),
        (["--set", "years=abc"], "years='abc'"),
        (["--set", "capabilities=3"], "capabilities=3: must be a table"),
        (["--set", 'capabilities={"custody": 3}'], "capabilities.custody=3: must be a table"),
        (["--seed", "x"], "argument --seed: invalid int value: 'x'"),
        (["--set", "duty_strength=true"], "duty_strength=true: must be a number, not true or false"),
        (["--set", "years=false"], "years=false: must be a number"),
        (
            ["--set", "capabilities.custody.fixed_cost_gbp_m=true"],
            "capabilities.custody.fixed_cost_gbp_m=true: must be a number",
        ),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
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


def test_a_run_never_replaces_the_folder_it_runs_in_or_one_it_did_not_write(tmp_path, monkeypatch) -> None:
    """A run replaces its output folder whole: pointed at the working folder, or at a folder holding
    anything but a run's tables, it must refuse and leave every file where it was."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thesis.tex").write_text("keep me")
    for out in (".", "", str(tmp_path)):
        result = crossforce("run", "--years", "1", "--out", out)
        assert result.returncode == 2 and "is the current folder or holds it" in result.stderr, out
    result = crossforce("run", "--years", "1", "--out", "..")
    assert result.returncode == 2 and "is the current folder or holds it" in result.stderr
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "notes.txt").write_text("keep me too")
    result = crossforce("run", "--years", "1", "--out", "mixed")
    assert result.returncode == 2 and "holds other things than a run's tables" in result.stderr
    assert (tmp_path / "thesis.tex").read_text() == "keep me" and (mixed / "notes.txt").is_file()
    assert crossforce("run", "--years", "1", "--out", "again").returncode == 0
    assert crossforce("run", "--years", "1", "--out", "again").returncode == 0  # a run's own folder: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "mixed", "thesis.tex"]


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_an_output_folder_nothing_can_be_written_under_is_refused_before_running(tmp_path) -> None:
    """Permission bits pass for root, and /proc takes no new files: the check tries."""
    for out in ("/proc/crossforce-out", str(tmp_path / "a-file" / "out")):
        (tmp_path / "a-file").write_text("")
        result = crossforce("run", "--years", "1", "--out", out)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and f"--out={out!r}" in lines[0], result.stderr


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('[scenario]\ntitle = "x"\n[params]\ncapabilities = 5\n', "capabilities=5: must be a table"),
        ('params = 5\n[scenario]\ntitle = "x"\n', "[params]=5: must be a table"),
        ('scenario = "x"\n', "[scenario]='x': must be a table"),
        ('[scenario]\ntitle = "x"\nauthor = "me"\n', "unknown key 'author' in [scenario]"),
        ("[scenario]\ntitle = 5\n", "title and description must be text"),
        ("[scenario]\nsources = 5\n", "sources must be a list of texts"),
    ],
)
def test_a_scenario_file_of_the_wrong_shape_gets_one_line(tmp_path, content, named) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content)
    result = crossforce("run", "--scenario", str(bad))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and named in lines[0], result.stderr


def test_bad_scenario_file_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[params]\nduty_strength = 'strong'\n")
    result = crossforce("run", "--scenario", str(bad))
    assert result.returncode == 2 and "duty_strength" in result.stderr


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('[scenario]\ntitle = "caf\xe9"\n'.encode("latin-1"), "not UTF-8 text (byte 0xe9 at position 23)"),
        (bytes(range(128, 256)), "not UTF-8 text (byte 0x80 at position 0)"),
        (b"[params\n", "not valid TOML"),
    ],
)
def test_unreadable_scenario_files_get_one_line_and_nothing_written(tmp_path, content, named) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    out = tmp_path / "never"
    result = crossforce("run", "--scenario", str(bad), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and str(bad) in lines[0], result.stderr
    assert not out.exists()


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
