"""The session log (dashboards/workshop/session_log.py) on its own: rows are appended and never
edited, each answer's status is read off the log, the run's answers are read off the same rows,
and the file is written whole or not at all."""

from __future__ import annotations

import json

import pytest

from dashboards.workshop.engine import Record
from dashboards.workshop.session_log import ARISEN_BY_MODEL, LOG_FORMAT, Ledger, SessionLog, read_log


def answer(key: str, step: int, by: str = "human", choice: str = "b") -> dict:
    """A trimmed answer row: what the ledger and the records read."""
    return {"key": key, "step": step, "role": key.split("/")[1], "by": by, "choice": [choice], "model_choice": ["a"]}  # fmt: skip


def log_with(*rows: dict) -> SessionLog:
    log = SessionLog(None, lambda: 0.0)
    for row in rows:
        log.answers.append(row, "used")
    return log


def test_a_rows_status_is_its_first_or_the_latest_that_set_it_aside():
    ledger = Ledger()
    ledger.append({"n": 1}, "used")
    ledger.append({"n": 2}, "used")
    ledger.set_aside("did not arise", lambda row, s: row["n"] == 2)
    ledger.append({"n": 3}, "removed")
    ledger.set_aside("rewound", lambda row, s: s in ("used", "did not arise"))
    assert ledger.statuses() == ["rewound", "rewound", "removed"]
    assert ledger.rows(lambda row, s: s == "removed") == [{"n": 3, "status": "removed"}]


def test_the_ledger_is_never_edited_through_its_rows():
    ledger = Ledger()
    row = {"n": 1}
    ledger.append(row, "used")
    row["n"] = 99
    ledger.rows()[0]["status"] = "rewound"
    assert ledger.rows() == [{"n": 1, "status": "used"}]


def test_the_runs_answers_are_the_used_rows_but_the_agents_own_past_the_last_phase():
    log = log_with(answer("1/chief:ASP/x", 1), answer("1/hmic/i", 1, by="timed out", choice="a"),
                   answer("1/home_secretary/d", 1, by=ARISEN_BY_MODEL, choice="a"))  # fmt: skip
    assert log.records() == {
        "1/chief:ASP/x": Record("1/chief:ASP/x", 1, "chief:ASP", ("b",), ("a",)),
        "1/hmic/i": Record("1/hmic/i", 1, "hmic", ("a",), ("a",)),
    }


def test_answers_to_decisions_that_did_not_arise_stop_counting_in_their_quarter_only():
    log = log_with(answer("1/chief:ASP/x", 1), answer("1/chief:ASP/y", 1), answer("2/chief:ASP/x", 2))
    log.did_not_arise(1, arose={"1/chief:ASP/y"})
    assert [r["status"] for r in log.answers.rows()] == ["did not arise", "used", "used"]
    assert set(log.records()) == {"1/chief:ASP/y", "2/chief:ASP/x"}
    assert log.results("chief:ASP", 1) == [{**answer("1/chief:ASP/y", 1), "status": "used"}]


def test_a_rewind_sets_aside_answers_and_counted_choices_from_its_quarter_on():
    log = log_with(answer("1/hmic/a", 1), answer("2/hmic/a", 2), answer("3/hmic/a", 3))
    log.did_not_arise(3, arose=set())
    for step, status in ((1, "counted"), (2, "counted"), (2, "removed")):
        log.votes.append({"step": step}, status)
    log.rewind(2)
    assert [r["status"] for r in log.answers.rows()] == ["used", "rewound", "rewound"]
    assert [r["status"] for r in log.votes.rows()] == ["counted", "rewound", "removed"]
    assert set(log.records()) == {"1/hmic/a"}
    log.answers.append(answer("2/hmic/a", 2, choice="a"), "used")  # the quarter played again
    assert log.records()["2/hmic/a"].choice == ("a",)


def test_a_logged_status_comes_back_as_it_was_written():
    log = log_with(answer("1/hmic/a", 1), answer("2/hmic/a", 2))
    log.rewind(2)
    log.note("rewound", "facilitator", 1)
    again = SessionLog(None, lambda: 0.0)
    again.restore({"answers": log.answers.rows(), "votes": [], "events": log.events})
    assert again.answers.rows() == log.answers.rows() and again.records() == log.records()
    assert again.events[0]["what"] == "rewound" and again.timings == []  # a log may have no timings


def test_the_log_is_written_whole_and_read_back_only_if_it_is_one(tmp_path):
    path = tmp_path / "deep" / "workshop.json"
    log = SessionLog(path, lambda: 0.0)
    log.write({"format": LOG_FORMAT, "answers": []})
    assert read_log(path) == {"format": LOG_FORMAT, "answers": []}
    assert [p.name for p in path.parent.iterdir()] == ["workshop.json"]  # no temporary file left
    SessionLog(None, lambda: 0.0).write({"format": LOG_FORMAT})  # no file: nothing written, no error
    for text in (json.dumps({"format": "other"}), "[1, 2]"):
        path.write_text(text)
        with pytest.raises(ValueError, match="not a crossforce workshop log"):
            read_log(path)
