"""The debrief and the export read a snapshot of the workshop, and rebuild the run from it without the
workshop's lock: the room goes on meanwhile. The engine keeps the last whole run it built."""

from __future__ import annotations

import threading

import pytest

from dashboards.workshop.debrief import (
    by_quarter,
    by_role,
    comparison,
    decisions_in_words,
    summary_by_role,
    why_no_difference,
)
from dashboards.workshop.engine import Setup
from dashboards.workshop.errors import Refused
from dashboards.workshop.ranking import burden, shown_options
from dashboards.workshop.state import WorkshopState


@pytest.fixture
def state(tmp_path) -> WorkshopState:
    """A workshop with one player, its first round played and its second open."""
    state = WorkshopState(Setup("baseline", 1, {"years": 1}), tmp_path / "workshop.json", roles=["chief:ASP"])
    state.background = False
    state.set_options(state.key, auto_close=False)
    state.join(state.role_codes["chief:ASP"], "b1")
    state.advance(state.key)
    state.advance(state.key)
    assert state.live.steps and state.status == "open"
    return state


def count_whole_runs(state: WorkshopState, monkeypatch, during=None) -> list[int]:
    """Count the engine's builds of the whole run, calling ``during()`` inside each."""
    real, built = state.engine.build, []

    def build(records, steps):
        if steps == state.engine.steps:
            built.append(steps)
            if during is not None:
                during()
        return real(records, steps)

    monkeypatch.setattr(state.engine, "build", build)
    return built


def test_the_run_is_rebuilt_for_the_export_while_a_participant_still_gets_their_page(
    state, tmp_path, monkeypatch
):
    seat = state.seats.active()[0]
    served: list[bool] = []

    def a_participant_meanwhile() -> None:
        got = []
        other = threading.Thread(target=lambda: got.append(state.participant_view(seat.token, "b1")))
        other.start()
        other.join(timeout=30)  # with the lock held this would wait for the rebuild: it must not
        served.append(bool(got))

    built = count_whole_runs(state, monkeypatch, a_participant_meanwhile)
    written = state.export(state.key, tmp_path / "out")
    assert built and served == [True] * len(built)
    assert (tmp_path / "out" / "comparison.csv") in written


def test_the_engine_keeps_the_last_whole_run_until_an_answer_changes(state, monkeypatch):
    built = count_whole_runs(state, monkeypatch)
    first = comparison(state.snapshot(state.key), state.engine)
    again = comparison(state.snapshot(state.key), state.engine)
    assert len(built) == 1 and first.equals(again)
    d = next(iter(state.questions.values()))
    other = next(o.key for o in d.options if (o.key,) != d.model_choice)
    seat = state.seats.active()[0]
    state.choose(seat.token, "b1", d.key, (other,))
    state.advance(state.key)
    comparison(state.snapshot(state.key), state.engine)
    assert len(built) == 2


def test_a_snapshot_needs_the_key_and_stays_as_it_was_taken(state):
    with pytest.raises(Refused, match="facilitator"):
        state.snapshot("not-the-key")
    snapshot = state.snapshot(state.key)
    answers, played = list(snapshot.answers), snapshot.played
    state.advance(state.key)
    assert snapshot.answers == answers and snapshot.played == played
    assert len(state.answers) > len(answers) and state.live.steps > played
    assert set(summary_by_role(snapshot)["role"]) <= {"Chief Constable, Avon and Somerset"}


def test_the_debrief_and_the_export_work_before_the_first_quarter_is_played(tmp_path):
    """Round 1 open, nothing played yet: the run so far costs nothing (this raised KeyError)."""
    state = WorkshopState(Setup("baseline", 1, {"years": 1}), tmp_path / "workshop.json", roles=["chief:ASP"])
    state.background = False
    state.join(state.role_codes["chief:ASP"], "b1")
    state.advance(state.key)
    assert state.status == "open" and state.live.steps == 0
    frame = comparison(state.snapshot(state.key), state.engine)
    assert list(frame["quarters"]) == [0, 0, 4, 4] and frame.loc[0, "cost (£m)"] == 0.0
    assert frame.loc[3, "cost (£m)"] > 0
    names = {p.name for p in state.export(state.key)}
    assert "comparison.csv" in names and "final.csv" not in names


def scripted_room(tmp_path, disagree: bool) -> WorkshopState:
    """Three chiefs and a policing body play five rounds (long enough for an agreement proposed in
    the first to be concluded or refused); ``disagree``: each takes, on every decision put to it,
    the option shown that differs most in cost plus harm from its agent's."""
    roles = ["chief:ASP", "chief:DCP", "chief:BED", "pcc:ASP"]
    state = WorkshopState(Setup("baseline", 1, {"years": 2}), tmp_path / "workshop.json", roles=roles)
    state.background = False
    seats = [state.join(state.role_codes[role], f"b-{role}") for role in roles]
    for _ in range(5):
        state.advance(state.key)
        for seat in seats:
            for decision in [d for d in state.shown.values() if d.role == seat.role]:
                if state.status == "open":
                    state.choose(seat.token, seat.browser, decision.key, choose(decision, disagree))
    if state.status == "open":
        state.advance(state.key)
    return state


def choose(decision, disagree: bool) -> tuple[str, ...]:
    if not disagree or decision.pick > 1:
        return decision.model_choice
    mine = burden(next(o for o in decision.options if o.key == decision.model_choice[0])) or 0.0
    others = [o for o in shown_options(decision) if o.key not in decision.model_choice]
    return (
        (max(others, key=lambda o: abs((burden(o) or 0.0) - mine)).key,) if others else decision.model_choice
    )


def test_a_room_that_chooses_differently_moves_the_run_by_round_and_by_role(tmp_path):
    state = scripted_room(tmp_path, disagree=True)
    snapshot = state.snapshot(state.key)
    quarters = by_quarter(snapshot, state.engine)
    assert (quarters["cost"].abs() + quarters["harm"].abs()).max() > 0.01  # the room's run differs
    assert quarters["differed"].sum() == sum(
        r["diverged"] and r["status"] == "used" for r in snapshot.answers
    )
    roles = by_role(snapshot, state.engine)
    assert len(roles) and (roles["cost"].abs() + roles["harm"].abs()).max() > 0.01
    assert set(roles["role"]) <= {r["role_label"] for r in snapshot.answers}
    words = decisions_in_words(snapshot, list(state.cap_labels.values()))
    assert len(words) == quarters["differed"].sum() and why_no_difference(snapshot) == ""
    text = " ".join(words.astype(str).to_numpy().ravel())
    assert "_" not in text and "£-" not in text and "human" not in text


def test_a_room_that_agrees_with_the_agents_is_told_why_there_is_no_difference(tmp_path):
    state = scripted_room(tmp_path, disagree=False)
    snapshot = state.snapshot(state.key)
    assert by_quarter(snapshot, state.engine)[["cost", "harm"]].abs().to_numpy().max() == 0.0
    assert by_role(snapshot, state.engine).empty
    assert "each as the model's agent would have" in why_no_difference(snapshot)
