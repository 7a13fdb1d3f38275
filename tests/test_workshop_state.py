"""The workshop's server-side state (dashboards/workshop/state.py): every action is checked against
the seat's role and browser and the facilitator's key, answers combine and time out as documented,
the run replays exactly, and a session log resumes after a restart."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from abm.decisions import Decision, Option, Replay
from abm.model import CrossforceModel
from dashboards.workshop.divergence import effect
from dashboards.workshop.engine import Setup
from dashboards.workshop.ranking import shown_options
from dashboards.workshop.session_log import DELEGATED
from dashboards.workshop.state import MAX_PHASES, Refused, Vote, WorkshopState, combine

ROLES = [
    "chief:ASP",
    "chief:DCP",
    "chief:BED",
    "chief:CHE",
    "pcc:ASP",
    "hmic",
    "home_secretary",
]  # ASP, DCP: Q1


def make(tmp_path, clock, years: int = 2, roles=ROLES, **overrides) -> WorkshopState:
    """A workshop whose twins are rebuilt at each advance (the spare is tested on its own)."""
    setup = Setup("baseline", 1, {"years": years, **overrides})
    state = WorkshopState(setup, tmp_path / "workshop.json", roles=roles, clock=clock)
    state.background = False
    return state


def seat(state: WorkshopState, role: str, browser: str):
    return state.join(state.role_codes[role], browser)


def other_choice(d: Decision) -> tuple[str, ...]:
    """A choice that differs from the agent's (a participant who disagrees), among the options shown."""
    options = shown_options(d)
    if d.pick > 1:
        return tuple(o.key for o in options[-d.pick :])
    others = [o.key for o in options if o.key not in d.model_choice]
    return (others[-1],) if others else d.model_choice


def mine(state: WorkshopState, role: str) -> list[Decision]:
    """The role's decisions put to people this phase (the rest are left to its agent)."""
    return [d for d in state.shown.values() if d.role == role]


# --------------------------------------------------------------------------- seats and browsers


def test_a_join_code_seats_one_browser_in_its_role(tmp_path, clock):
    state = make(tmp_path, clock)
    alice = seat(state, "chief:ASP", "browser-a")
    assert alice.role == "chief:ASP" and alice.browser == "browser-a"
    assert seat(state, "chief:ASP", "browser-a").token == alice.token  # scanning again: same seat
    assert state.open_seat(alice.token, "browser-a") is alice
    with pytest.raises(Refused, match="another device"):
        state.open_seat(alice.token, "browser-b")
    with pytest.raises(Refused, match="another device"):
        state.participant_view(alice.token, "browser-b")
    with pytest.raises(Refused, match="No role has this code"):
        state.join("ZZZZZ", "browser-c")
    with pytest.raises(Refused, match="not open"):
        state.join(state.role_codes["chief:DYP"], "browser-c")  # a role the facilitator did not open
    with pytest.raises(Refused, match="not a seat"):
        state.open_seat("made-up-token", "browser-a")


def test_only_the_facilitator_can_move_a_seat_to_another_browser(tmp_path, clock):
    state = make(tmp_path, clock)
    alice = seat(state, "chief:ASP", "browser-a")
    with pytest.raises(Refused, match="facilitator"):
        state.reassign(alice.token, alice.number)  # her own token is not the facilitator's key
    state.reassign(state.key, alice.number)
    with pytest.raises(Refused, match="freed"):
        state.participant_view(alice.token, "browser-a")  # her old page redrawing does not take it back
    assert state.open_seat(alice.token, "browser-b").browser == "browser-b"  # the next browser takes it
    with pytest.raises(Refused, match="another device"):
        state.open_seat(alice.token, "browser-a")
    state.remove_seat(state.key, alice.number)
    with pytest.raises(Refused, match="removed"):
        state.open_seat(alice.token, "browser-b")


def test_closing_the_room_stops_new_players_but_not_old_ones(tmp_path, clock):
    state = make(tmp_path, clock)
    alice = seat(state, "chief:ASP", "browser-a")
    state.set_options(state.key, joining=False)
    with pytest.raises(Refused, match="closed the room"):
        seat(state, "chief:BED", "browser-b")
    assert seat(state, "chief:ASP", "browser-a") is alice


def test_every_control_needs_the_facilitators_key(tmp_path, clock):
    state = make(tmp_path, clock)
    alice = seat(state, "chief:ASP", "browser-a")
    state.advance(state.key)
    for bad in (alice.token, "", None, state.key + "x", state.role_codes["chief:ASP"]):
        for action in (
            lambda k: state.advance(k),
            lambda k: state.pause(k),
            lambda k: state.resume_clock(k),
            lambda k: state.rewind(k),
            lambda k: state.set_time_limit(k, 60),
            lambda k: state.set_roles(k, ["hmic"]),
            lambda k: state.set_options(k, joining=False),
            lambda k, n=alice.number: state.reassign(k, n),
            lambda k, n=alice.number: state.remove_seat(k, n),
            lambda k: state.export(k, tmp_path / "out"),
            lambda k: state.room_view(k),
            lambda k: state.join_codes(k),
            lambda k: state.seats_list(k),
        ):
            with pytest.raises(Refused, match="facilitator"):
                action(bad)
    assert state.round_number == 1 and state.status == "open" and not state.paused
    assert set(state.open_roles) == set(ROLES) and state.joining
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- answering


def test_a_participant_answers_only_their_own_roles_open_decisions(tmp_path, clock):
    state = make(tmp_path, clock)
    asp = seat(state, "chief:ASP", "browser-a")
    bed = seat(state, "chief:DCP", "browser-b")
    state.advance(state.key)
    assert state.status == "open" and mine(state, "chief:ASP") and mine(state, "chief:DCP")
    own, theirs = mine(state, "chief:ASP")[0], mine(state, "chief:DCP")[0]
    with pytest.raises(Refused, match="another role"):
        state.choose(asp.token, "browser-a", theirs.key, theirs.model_choice)
    with pytest.raises(Refused, match="another device"):
        state.choose(asp.token, "browser-b", own.key, own.model_choice)  # Bob's browser, Alice's token
    with pytest.raises(Refused, match="not open in this round"):
        state.choose(asp.token, "browser-a", "1/chief:ASP/review/made_up", ("keep",))
    for bad in (("teleport",), (), ("keep", "keep"), "keep", [1], None):
        with pytest.raises(Refused, match="not one of the options"):
            state.choose(asp.token, "browser-a", own.key, bad)
    state.choose(asp.token, "browser-a", own.key, other_choice(own))
    assert state.votes[(asp.token, own.key)].choice == other_choice(own)
    assert not any(token == bed.token for token, _ in state.votes)  # nothing recorded for Bob
    view = state.participant_view(asp.token, "browser-a")
    assert {d.decision.role for d in view.decisions} == {"chief:ASP"}  # only her role
    state.advance(state.key)  # closes the round
    with pytest.raises(Refused, match=r"closed|not open"):
        state.choose(asp.token, "browser-a", own.key, own.model_choice)


def test_answers_after_the_deadline_are_refused_and_the_log_says_timed_out(tmp_path, clock):
    state = make(tmp_path, clock)
    asp = seat(state, "chief:ASP", "browser-a")
    state.set_time_limit(state.key, 60)
    state.advance(state.key)
    first, second = mine(state, "chief:ASP")[:2]
    clock.now += 30
    state.choose(asp.token, "browser-a", first.key, other_choice(first))
    clock.now += 31
    with pytest.raises(Refused, match="closed"):
        state.choose(asp.token, "browser-a", second.key, second.model_choice)
    assert state.status == "closed"
    rows = {row["key"]: row for row in state.answers}
    assert rows[first.key]["by"] == "human" and rows[first.key]["choice"] == list(other_choice(first))
    assert rows[second.key]["by"] == "timed out" and rows[second.key]["choice"] == list(second.model_choice)
    assert rows[first.key]["participants"] == "P01"


def test_pause_stops_the_clock_and_resume_starts_it_where_it_stopped(tmp_path, clock):
    state = make(tmp_path, clock)
    asp = seat(state, "chief:ASP", "browser-a")
    state.set_time_limit(state.key, 60)
    state.advance(state.key)
    clock.now += 20
    state.pause(state.key)
    clock.now += 600
    state.tick()
    assert state.status == "open" and state.time_left() == pytest.approx(40)
    d = mine(state, "chief:ASP")[0]
    state.choose(asp.token, "browser-a", d.key, d.model_choice)  # answers are still taken
    state.resume_clock(state.key)
    clock.now += 39
    state.tick()
    assert state.status == "open"
    clock.now += 2
    state.tick()
    assert state.status == "closed"


def test_shared_role_majority_wins_and_a_tie_goes_to_the_first_choice(tmp_path, clock):
    d = Decision(1, "hmic", "review", "Q1", "?", tuple(Option(k, k) for k in "abc"), ("a",))
    assert combine(d, [Vote("s1", d.key, ("b",), 3.0), Vote("s2", d.key, ("c",), 1.0), Vote("s3", d.key, ("b",), 5.0)]) == (("b",), ["s1", "s3"])  # fmt: skip
    assert combine(d, [Vote("s1", d.key, ("b",), 3.0), Vote("s2", d.key, ("c",), 1.0)])[0] == ("c",)
    multi = Decision(1, "hmic", "inspect", "Q1", "?", tuple(Option(k, k) for k in "abcd"), ("a", "b"), pick=2)  # fmt: skip
    votes = [Vote("s1", multi.key, ("c", "d"), 2.0), Vote("s2", multi.key, ("d", "a"), 1.0), Vote("s3", multi.key, ("d",), 3.0)]  # fmt: skip
    assert combine(multi, votes)[0] == ("a", "d")  # d: 3 votes; a and c 1 each, a first

    state = make(tmp_path, clock)
    players = [seat(state, "chief:ASP", f"browser-{i}") for i in range(3)]
    state.advance(state.key)
    d = mine(state, "chief:ASP")[0]
    for i, player in enumerate(players):
        clock.now += 1
        choice = d.model_choice if i == 0 else other_choice(d)
        state.choose(player.token, player.browser, d.key, choice)
    view = state.participant_view(players[0].token, players[0].browser)
    assert view.players_in_role == 3 and sum(view.decisions[0].team.values()) == 3
    state.advance(state.key)
    row = next(r for r in state.answers if r["key"] == d.key)
    assert row["choice"] == list(other_choice(d)) and row["participants"] == "P02; P03"


def test_a_round_closes_when_everyone_has_decided(tmp_path, clock):
    state = make(tmp_path, clock)
    asp = seat(state, "chief:ASP", "browser-a")
    state.advance(state.key)
    decisions = mine(state, "chief:ASP")
    for d in decisions:
        assert state.status == "open"
        state.choose(asp.token, "browser-a", d.key, d.model_choice)
    assert state.status == "closed"
    asked = {d.key for d in decisions}
    assert asked and all(r["by"] == "human" for r in state.answers if r["key"] in asked)
    assert all(r["by"] in ("human", DELEGATED) for r in state.answers)


# --------------------------------------------------------------------------- the run


def replayed(state: WorkshopState) -> CrossforceModel:
    """A fresh model with every role attached to a replay of the workshop's answers."""
    model = CrossforceModel(state.engine.params, seed=state.setup.seed)
    replay = Replay({k: r.choice for k, r in state.records.items()})
    model.controllers.update(dict.fromkeys(state.roles_all, replay))
    return model.run(state.live.steps)


def play_rounds(state: WorkshopState, seats: dict, rounds: int) -> None:
    for _ in range(rounds):
        state.advance(state.key)
        if state.status != "open":
            return
        for role, s in seats.items():
            for d in mine(state, role)[:2]:  # not all three shown: the round stays open
                state.choose(s.token, s.browser, d.key, other_choice(d))


def test_the_live_run_is_the_run_its_answers_replay_to(tmp_path, clock):
    state = make(tmp_path, clock, years=2)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES}
    play_rounds(state, seats, 5)
    assert any(r["diverged"] for r in state.answers)
    again = replayed(state)
    np.testing.assert_array_equal(state.live.mode, again.mode)
    assert state.live.events.frame().equals(again.events.frame())
    used = [r["key"] for r in state.answers if r["status"] == "used"]
    assert len(used) == len(set(used)), "a decision was recorded twice"


def test_stepping_the_spare_twin_gives_the_run_a_rebuild_gives(tmp_path, clock):
    """An advance steps the twin built in the background while the room decided; the run is the
    same as when every twin is rebuilt at the advance."""
    runs = []
    for background in (True, False):
        state = make(tmp_path / str(background), clock, years=2)
        state.background, state.refill_delay_s = background, 0.0
        seats = {role: seat(state, role, f"b-{role}") for role in ROLES}
        used = 0
        for _ in range(6):
            pending = state.refill(delay_s=0.0) if background else None
            if pending is not None:
                pending.join(timeout=120)
            if background and state.status != "waiting":
                assert state.twins.ready
                used += 1
            play_rounds(state, seats, 1)
        assert used or not background
        np.testing.assert_array_equal(state.live.mode, replayed(state).mode)
        runs.append(state)
    spare, rebuilt = runs
    assert [r["key"] for r in spare.answers] == [r["key"] for r in rebuilt.answers]
    assert spare.live.events.frame().equals(rebuilt.live.events.frame())


def test_rewind_sets_answers_aside_and_replays_exactly(tmp_path, clock):
    state = make(tmp_path, clock)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES[:4]}
    play_rounds(state, seats, 3)
    third = state.rounds[2].step
    state.rewind(state.key)  # back to the round before the latest: round 2
    assert state.round_number == 2 and state.status == "open"
    assert all(r["status"] == "rewound" for r in state.answers if r["step"] >= state.step)
    assert all(r.step < state.step for r in state.records.values())
    np.testing.assert_array_equal(state.live.mode, replayed(state).mode)
    assert state.live.steps == state.step - 1 < third


def test_a_decision_arising_from_another_answer_becomes_a_follow_up(tmp_path, clock):
    """HMIC inspects other forces than its agent would, so other flags reach the Home Secretary."""
    state = make(tmp_path, clock, roles=["hmic", "home_secretary"], direction_power=True)
    hmic, home = seat(state, "hmic", "b1"), seat(state, "home_secretary", "b2")
    state.advance(state.key)
    while not mine(state, "hmic"):  # the Home Secretary's policy rounds come first; keep its plans
        for d in mine(state, "home_secretary"):
            state.choose(home.token, "b2", d.key, d.model_choice)
        state.advance(state.key)
    inspect = mine(state, "hmic")[0]
    first_directions = {d.key for d in mine(state, "home_secretary")}
    assert inspect.kind == "inspect" and first_directions
    others = tuple(o.key for o in shown_options(inspect) if o.key not in inspect.model_choice)
    state.choose(hmic.token, "b1", inspect.key, others)  # none of the forces its agent would inspect
    for d in mine(state, "home_secretary"):
        state.choose(home.token, "b2", d.key, d.model_choice)
    assert state.status == "open" and state.phase == 2 <= MAX_PHASES  # a follow-up for the Home Secretary
    assert {d.role for d in state.questions.values()} == {"home_secretary"}
    assert not set(state.questions) & first_directions
    state.advance(state.key)
    status = {r["key"]: r["status"] for r in state.answers}
    assert all(status[k] == "did not arise" for k in first_directions)
    np.testing.assert_array_equal(state.live.mode, replayed(state).mode)


# --------------------------------------------------------------------------- the log


def test_the_log_is_written_after_every_change_and_a_restart_resumes(tmp_path, clock):
    state = make(tmp_path, clock)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES[:4]}
    play_rounds(state, seats, 2)
    d = mine(state, "chief:ASP")[0] if mine(state, "chief:ASP") else None
    log = json.loads((tmp_path / "workshop.json").read_text())
    assert log["current"]["round"] == state.round_number
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"
    resumed = WorkshopState.resume(tmp_path / "workshop.json", clock=clock)
    assert resumed.key == state.key and resumed.role_codes == state.role_codes
    assert {s.token: s.browser for s in resumed.seats.by_token.values()} == {
        s.token: s.browser for s in state.seats.by_token.values()
    }
    assert resumed.status == "open" and resumed.paused  # an open round comes back paused
    assert sorted(resumed.questions) == sorted(state.questions)
    assert resumed.votes.keys() == state.votes.keys()
    if d is not None:
        view = resumed.participant_view(seats["chief:ASP"].token, "b-chief:ASP")
        assert [v.mine for v in view.decisions] == [
            state.participant_view(seats["chief:ASP"].token, "b-chief:ASP").decisions[i].mine
            for i in range(len(view.decisions))
        ]
    for s in (state, resumed):
        s.advance(s.key)
    np.testing.assert_array_equal(state.live.mode, resumed.live.mode)
    assert state.live.events.frame().equals(resumed.live.events.frame())
    assert [r["key"] for r in state.answers] == [r["key"] for r in resumed.answers]


def test_export_writes_the_log_and_the_runs_tables_as_csv_and_parquet(tmp_path, clock):
    state = make(tmp_path, clock)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES[:2]}
    play_rounds(state, seats, 2)
    written = state.export(state.key)
    names = {p.name for p in written}
    for table in ("workshop_decisions", "workshop_votes", "model_series", "events", "final", "comparison"):
        assert {f"{table}.csv", f"{table}.parquet"} <= names
    decisions = pd.read_parquet(tmp_path / "export" / "workshop_decisions.parquet")
    assert {"round", "role", "participants", "choice", "model_choice", "by", "time"} <= set(decisions.columns)
    assert len(decisions) == len(state.answers)
    votes = pd.read_csv(tmp_path / "export" / "workshop_votes.csv")
    assert "participant" in votes and not votes["participant"].str.contains(seats["chief:ASP"].token).any()


def test_the_debrief_compares_with_the_models_own_run(tmp_path, clock):
    from dashboards.workshop.debrief import comparison, divergences

    state = make(tmp_path, clock)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES[:4]}
    play_rounds(state, seats, 3)
    snapshot = state.snapshot(state.key)
    frame = comparison(snapshot, state.engine)
    played = state.live.steps
    live = state.live.recorder.model_series()
    assert frame.loc[0, "cost (£m)"] == pytest.approx(live["total_cost_gbp_m"].sum())
    model = state.engine.model_run().recorder.model_series()
    assert frame.loc[1, "cost (£m)"] == pytest.approx(
        model[model["step"] <= played]["total_cost_gbp_m"].sum()
    )
    table = divergences(snapshot)
    assert len(table) == sum(r["diverged"] and r["status"] == "used" for r in state.answers) > 0


def test_a_divergences_effect_is_the_difference_in_the_options_facts():
    keep = Option("keep", "keep", {"cost_gbp_m_a_year": 3.0, "harm_gbp_m_a_year": 2.0})
    buy = Option("buy_payg:GWE", "buy", {"cost_gbp_m_a_year": 1.5, "harm_gbp_m_a_year": 2.5})
    review = Decision(1, "chief:DYP", "review", "Q1", "?", (keep, buy), ("keep",), capability="x")
    e = effect(review, ("buy_payg:GWE",))
    assert (e.cost, e.harm) == (-1.5, 0.5)
    assert effect(review, ("keep",)).cost == 0.0
    facts = {"worth_to_you_gbp_m_a_year": 1.5, "worth_to_the_other_parties_gbp_m_a_year": 0.5, "duty": 0.3}
    sign = Decision(1, "pcc:DYP", "sign", "Q1", "?", (Option("sign", "sign", facts), Option("refuse", "refuse", facts)), ("sign",))  # fmt: skip
    assert (
        effect(sign, ("refuse",)).stake == 2.0
    )  # what both parties forgo (the model's facts for a signature)
    facts = {"worth_of_staying_gbp_m_a_year": 0.25}
    notice = Decision(1, "pcc:DYP", "notice", "Q1", "?", (Option("keep", "keep", facts), Option("give notice", "give notice", facts)), ("keep",))  # fmt: skip
    assert effect(notice, ("give notice",)).stake == 0.25


def test_an_agreeing_room_leaves_the_run_as_the_models_own(tmp_path, clock):
    state = make(tmp_path, clock)
    seats = {role: seat(state, role, f"b-{role}") for role in ROLES}
    for _ in range(3):
        state.advance(state.key)
        for role, s in seats.items():
            for d in mine(state, role):
                if state.status == "open":
                    state.choose(s.token, s.browser, d.key, d.model_choice)
    own = state.engine.model_run()
    steps = state.live.steps
    series = state.live.recorder.model_series()
    expected = own.recorder.model_series()
    pd.testing.assert_frame_equal(series, expected[expected["step"] <= steps].reset_index(drop=True))


def test_every_role_is_told_its_position_in_words(tmp_path, clock):
    """What each role's page says about its position reads the agents' current state (a renamed
    attribute of an agent broke the Home Secretary's page once)."""
    state = make(tmp_path, clock)
    state.start(state.key)
    for role in ROLES:
        lines = state.role_context(role)
        assert lines and all(isinstance(line, str) and line for line in lines)
    assert any("political cost" in line for line in state.role_context("home_secretary"))


def test_the_projector_draws_its_charts_and_map_from_the_live_run(tmp_path, clock):
    """The projector's charts and map come from the dashboard's own drawing functions
    (``projector_parts``): a change in their signatures must be adapted there, and this catches it."""
    from dashboards.workshop.projector_parts import chart, map_svg

    state = make(tmp_path, clock)
    state.start(state.key)
    live = state.live.recorder.model_series()
    spec = chart(live, live)
    assert spec["data"]["values"] and {row["run"] for row in spec["data"]["values"]} == {
        "this workshop",
        "the model's own run",
    }
    assert "<svg" in map_svg(state.live, 0)
