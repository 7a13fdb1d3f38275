"""``crossforce workshop``: bad input gets one line and exit 2, nothing written; a good set-up
writes the session log the server then loads."""

from __future__ import annotations

import json
import re
import socket

import pytest

from abm.cli import build_parser, main
from dashboards.workshop.server import prepare


def test_workshop_help(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["workshop", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: crossforce workshop" in out and "--resume" in out and "--host" in out


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--port", "0"], "--port=0"),
        (["--forces", "DYP,XXX"], "--forces: no force has the id 'XXX'; the ids are ASP Avon and Somerset,"),
        (["--time-limit", "3"], "time limit"),
        (["--scenario", "no_such_scenario"], "no_such_scenario"),
        (["--seed", "-1"], "--seed=-1"),
        (["--resume", "missing.json"], "no such session log"),
        (["--public-url", "not a url"], "--public-url='not a url'"),
        (["--public-url", "192.168.1.20:8766"], "--public-url='192.168.1.20:8766'"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_nothing_written(
    tmp_path, capsys, monkeypatch, args, named
) -> None:
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "w" / "workshop.json"
    assert main(["workshop", "--log", str(log), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("crossforce: error:") and named in err[0]
    assert not log.exists() and not (tmp_path / "runs").exists()


def test_a_resume_of_something_else_is_refused(tmp_path, capsys) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something else"}))
    assert main(["workshop", "--resume", str(other)]) == 2
    assert "not a workshop session log" in capsys.readouterr().err


def test_a_new_workshop_writes_its_session_log_and_resumes_from_it(tmp_path) -> None:
    log = tmp_path / "workshop.json"
    args = build_parser().parse_args(
        ["workshop", "--forces", "DYP,GWE", "--time-limit", "120", "--years", "2", "--log", str(log)]
    )
    state = prepare(args)
    data = json.loads(log.read_text())
    assert data["setup"] == {"scenario": "baseline", "seed": 1, "overrides": {"years": 2}}
    assert data["settings"]["open_roles"] == [
        "chief:DYP",
        "chief:GWE",
        "pcc:DYP",
        "pcc:GWE",
        "home_secretary",
        "hmic",
    ]
    assert data["settings"]["time_limit_s"] == 120
    again = prepare(build_parser().parse_args(["workshop", "--resume", str(log)]))
    assert again.key == state.key and again.role_codes == state.role_codes


def test_a_port_already_in_use_is_refused_before_any_link_is_printed(tmp_path, capsys) -> None:
    log = tmp_path / "workshop.json"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["workshop", "--port", str(port), "--log", str(log)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert f"--port={port}" in err and "already in use" in err and not log.exists()


def test_a_session_log_path_that_holds_something_is_refused_and_kept(tmp_path, capsys) -> None:
    """A new workshop writes its log afresh: an earlier workshop's log (continued with --resume), a
    folder or a device at that path must be refused before anything is written, and left as it was."""
    earlier = tmp_path / "earlier.json"
    earlier.write_text("an earlier workshop")
    for log, named in (
        (earlier, "already exists; continue that workshop with --resume"),
        (tmp_path, "is a folder"),
    ):
        assert main(["workshop", "--log", str(log)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"--log={str(log)!r}" in err[0] and named in err[0]
    assert earlier.read_text() == "an earlier workshop"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier.json"]


def test_a_host_that_is_not_this_machines_is_named_as_the_host() -> None:
    from abm.params import ParameterError
    from dashboards.server import check_address_free

    for host, named in (
        ("not.a.host.invalid", "--host='not.a.host.invalid'"),
        ("192.0.2.1", "--host='192.0.2.1'"),
    ):
        with pytest.raises(ParameterError, match=re.escape(named)):
            check_address_free(host, 18765)
