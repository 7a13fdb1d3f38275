"""A session log written by an earlier version of the workshop still resumes, exactly.

``tests/fixtures/workshop_log_v1.json`` was written by the workshop as it was at commit e1003de
(before ``WorkshopState`` was split by job), with a fixed clock: two years of the baseline with the
Home Secretary's power of direction, three roles open (a chief played by two people, HMIC, the Home
Secretary), a named seat, a round closed by the facilitator, one closed on time, a follow-up phase
whose first directions did not arise, a rewind, a removed seat with an open vote, a seat freed for
another device, and round 3 open and paused with 38 s left. The expectations below are what that
code's ``WorkshopState.resume`` made of it, except what depends on the model: the open round's
questions are asked again by the model as it is now, so a vote on a question the current model no
longer asks is dropped (the model changed with tiered provision, issue 23).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboards.workshop.session_log import DELEGATED, LOG_FORMAT
from dashboards.workshop.state import WorkshopState
from tests.conftest import Clock

FIXTURE = Path(__file__).parent / "fixtures" / "workshop_log_v1.json"
ARISEN_BY_MODEL = "model (arose from another choice this quarter)"


@pytest.fixture
def logged() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def resumed(tmp_path) -> WorkshopState:
    """The fixture resumed from a copy (resuming writes the log back)."""
    path = tmp_path / "workshop.json"
    shutil.copy(FIXTURE, path)
    return WorkshopState.resume(path, clock=Clock(1_767_300_000.0))


def test_the_fixture_is_a_log_of_the_current_format(logged):
    assert logged["format"] == LOG_FORMAT


def test_an_old_log_resumes_with_its_seats_settings_and_open_round(resumed, logged):
    assert resumed.key == logged["facilitator_key"] == "fixture-facilitator-key"
    assert resumed.role_codes == logged["role_codes"]
    assert [(s.token, s.browser, s.name, s.removed) for s in resumed.seats.by_token.values()] == [
        (s["token"], s["browser"], s["name"], s["removed"]) for s in logged["seats"]
    ]
    assert resumed.open_roles == ["chief:ASP", "home_secretary", "hmic"]
    assert (resumed.joining, resumed.time_limit_s, resumed.skip_quiet, resumed.auto_close) == (
        True,
        60.0,
        True,
        True,
    )
    assert resumed.status == "open" and resumed.paused and resumed.time_left() == 38.0
    assert (resumed.step, resumed.phase, resumed.round_number, resumed.quarter) == (5, 1, 3, "Q1 2011")
    assert resumed.live.steps == 4
    assert resumed.questions  # asked again by the current model
    kept = [(v["seat"], v["key"]) for v in logged["open_votes"] if v["key"] in resumed.questions]
    assert sorted(resumed.votes) == sorted(kept)
    assert [r.step for r in resumed.rounds] == [1, 4, 5]


def test_an_old_logs_answers_keep_their_status_and_the_run_uses_the_used_ones(resumed, logged):
    assert [r["status"] for r in resumed.answers] == [r["status"] for r in logged["answers"]]
    used = {r["key"] for r in logged["answers"] if r["status"] == "used" and r["by"] != ARISEN_BY_MODEL}
    assert set(resumed.records) == used and len(used) == 20
    assert {r["status"] for r in logged["answers"]} == {"used", "did not arise", "rewound"}
    assert {r["status"] for r in logged["votes"]} == {"counted", "removed", "rewound"}


def test_an_old_log_is_written_back_unchanged_but_for_the_resume(resumed, logged, tmp_path):
    again = json.loads((tmp_path / "workshop.json").read_text(encoding="utf-8"))
    for part in ("format", "setup", "facilitator_key", "settings", "role_codes", "seats", "rounds",
                 "answers", "votes", "timings"):  # fmt: skip
        assert again[part] == logged[part], part
    assert again["events"][:-1] == logged["events"]
    assert again["events"][-1]["what"] == "resumed from the session log after a restart"
    model_free = {k: v for k, v in again["current"].items() if k != "questions"}
    assert model_free == {k: v for k, v in logged["current"].items() if k != "questions"}


def test_an_old_logs_open_round_plays_on(resumed):
    answered = len(resumed.answers)
    resumed.advance(resumed.key)
    closed = resumed.answers[answered:]
    assert closed and {r["round"] for r in closed} == {3}
    # a decision with less at stake than the role's top ones is now left to its agent (ranking)
    assert {r["by"] for r in closed} <= {"human", "timed out", DELEGATED}
    assert resumed.round_number == 4 or resumed.status in ("closed", "finished")
