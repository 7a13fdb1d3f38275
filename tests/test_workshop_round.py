"""The round state machine (dashboards/workshop/round.py) on its own: the moves it allows, the ones it
refuses, and its clock, with made-up questions and a clock the test moves."""

from __future__ import annotations

import pytest

from abm.decisions import Decision, Option
from dashboards.workshop.errors import Refused
from dashboards.workshop.round import Round, RoundError, Status


def question(short: str, role: str = "hmic") -> Decision:
    """A question asked at step ``n`` about capability ``x``, written ``"n/x"``."""
    step, name = short.split("/", 1)
    return Decision(int(step), role, "review", "Q1", "?", (Option("a", "a"), Option("b", "b")), ("a",), capability=name)  # fmt: skip


def k(short: str, role: str = "hmic") -> str:
    """The key of ``question(short, role)``."""
    return question(short, role).key


def test_a_round_opens_gains_a_follow_up_and_closes(clock):
    r = Round(clock)
    assert r.status == Status.WAITING == "waiting" and r.number == 0
    r.open(3, "Q3 2010", [question("3/a"), question("3/b")], clock.now)
    assert (r.status, r.number, r.step, r.phase, r.quarter) == (Status.OPEN, 1, 3, 1, "Q3 2010")
    assert set(r.questions) == {k("3/a"), k("3/b")} == r.keys
    r.follow_up([question("3/c")], clock.now + 5)
    assert r.phase == 2 and set(r.questions) == {k("3/c")} and r.keys == {k("3/a"), k("3/b"), k("3/c")}
    assert r.history[-1].phases == 2
    r.close(clock.now + 9, last_step=8)
    assert r.status == Status.CLOSED and r.questions == {} and r.history[-1].closed == clock.now + 9
    r.open(5, "Q1 2011", [question("5/a")], clock.now)
    assert r.number == 2 and [h.step for h in r.history] == [3, 5]


def test_closing_the_last_quarter_finishes_the_run(clock):
    r = Round(clock)
    r.open(8, "Q4 2011", [question("8/a")], clock.now)
    r.close(clock.now, last_step=8)
    assert r.status == Status.FINISHED
    with pytest.raises(Refused, match="run has ended"):
        r.check_can_advance()


def test_finishing_without_a_round_names_the_last_quarter_played(clock):
    r = Round(clock)
    r.finish(8, "Q4 2011")
    assert (r.status, r.step, r.quarter) == (Status.FINISHED, 8, "Q4 2011")


@pytest.mark.parametrize(
    ("prepare", "move"),
    [
        (lambda r, q: None, lambda r, q: r.close(0.0, 8)),  # nothing open to close
        (lambda r, q: None, lambda r, q: r.follow_up([q], 0.0)),
        (lambda r, q: r.open(1, "Q1", [q], 0.0), lambda r, q: r.open(2, "Q2", [q], 0.0)),  # already open
        (lambda r, q: r.open(1, "Q1", [q], 0.0), lambda r, q: r.finish()),
        (lambda r, q: r.finish(), lambda r, q: r.open(1, "Q1", [q], 0.0)),  # finished for good
        (lambda r, q: None, lambda r, q: r.reopen([q])),
    ],
)
def test_a_move_the_machine_does_not_allow_is_a_bug(clock, prepare, move):
    r, q = Round(clock), question("1/a")
    prepare(r, q)
    before = (r.status, r.number, r.phase, dict(r.questions))
    with pytest.raises(RoundError):
        move(r, q)
    assert (r.status, r.number, r.phase, dict(r.questions)) == before


def test_the_clock_runs_pauses_and_resumes_where_it_stopped(clock):
    r = Round(clock, time_limit_s=60)
    assert r.time_left() is None  # nothing open
    r.open(1, "Q1", [question("1/a")], clock.now)
    clock.now += 20
    assert r.time_left() == 40 and not r.expired(clock.now)
    assert r.pause(clock.now) and not r.pause(clock.now)  # a second pause changes nothing
    clock.now += 600
    assert r.time_left() == 40 and not r.expired(clock.now)
    r.resume(clock.now)
    clock.now += 40
    assert r.time_left() == 0 and r.expired(clock.now)


def test_the_facilitator_is_refused_clock_moves_that_make_no_sense(clock):
    r = Round(clock)
    with pytest.raises(Refused, match="no open round to pause"):
        r.pause(clock.now)
    r.open(1, "Q1", [question("1/a")], clock.now)
    with pytest.raises(Refused, match="not paused"):
        r.resume(clock.now)
    for bad in (5, 4000, "60", float("nan")):
        with pytest.raises(Refused, match="time limit"):
            r.set_time_limit(bad, clock.now)
    assert r.time_limit_s is None and r.time_left() is None  # no limit: the round never runs out


def test_a_new_time_limit_restarts_the_countdown_or_waits_while_paused(clock):
    r = Round(clock, time_limit_s=60)
    r.open(1, "Q1", [question("1/a")], clock.now)
    clock.now += 50
    r.set_time_limit(120, clock.now)
    assert r.time_left() == 120
    r.pause(clock.now)
    r.set_time_limit(30, clock.now)
    assert r.paused and r.time_left() == 30


def test_rewind_goes_back_to_an_earlier_round_or_is_refused(clock):
    r = Round(clock)
    with pytest.raises(Refused, match="Nothing to rewind"):
        r.rewind_target(None)
    for step in (1, 4, 5):
        r.open(step, f"Q{step}", [question(f"{step}/a")], clock.now)
        r.close(clock.now, last_step=8)
    for bad in (0, 4, "2"):
        with pytest.raises(Refused, match="no round"):
            r.rewind_target(bad)
    assert r.rewind_target(None) == 2  # the round before the latest
    assert r.rewind(2) == 4  # replay from quarter 4
    assert (r.status, r.number, r.step, r.phase) == (Status.CLOSED, 1, 3, 0)
    assert [h.number for h in r.history] == [1]


def test_an_open_round_written_to_the_log_comes_back_paused_with_its_time(clock):
    r = Round(clock, time_limit_s=60)
    r.open(1, "Q1", [question("1/a"), question("1/b")], clock.now)
    clock.now += 15
    current, history = r.to_json(clock.now), [h.to_json() for h in r.history]
    assert current["status"] == "open" and current["questions"] == [k("1/a"), k("1/b")]
    again = Round(clock)
    again.restore(current, history, 60.0)
    again.reopen([question("1/a"), question("1/b")])
    assert again.status == Status.OPEN and again.paused and again.time_left() == 45
    assert again.to_json(clock.now + 999) == current
    closed = Round(clock)
    closed.restore({**current, "status": "closed", "time_left": None}, history, None)
    assert closed.status == Status.CLOSED and not closed.paused
