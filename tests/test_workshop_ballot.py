"""The open round's choices (dashboards/workshop/ballot.py) on their own: one per seat and decision,
who has decided, and what a closed phase or a removed seat takes away."""

from __future__ import annotations

from abm.decisions import Decision, Option
from dashboards.workshop.ballot import Ballot, Vote
from dashboards.workshop.seats import Seat


def question(name: str, role: str) -> Decision:
    return Decision(
        1, role, "review", "Q1", "?", (Option("a", "a"), Option("b", "b")), ("a",), capability=name
    )


ALICE, BOB, CAROL = (
    Seat("ta", "chief:ASP", 1, "b1"),
    Seat("tb", "chief:ASP", 2, "b2"),
    Seat("tc", "hmic", 3, "b3"),
)
#: the ballot knows questions only by their keys: short ones keep these tests readable
QUESTIONS = {"1/asp/x": question("x", "chief:ASP"), "1/asp/y": question("y", "chief:ASP"), "1/hmic": question("i", "hmic")}  # fmt: skip


def test_a_later_choice_replaces_the_earlier_one():
    ballot = Ballot()
    ballot.cast(Vote("ta", "1/asp/x", ("a",), 1.0))
    ballot.cast(Vote("ta", "1/asp/x", ("b",), 2.0))
    assert ballot.of("ta", "1/asp/x").choice == ("b",) and len(ballot.votes) == 1
    assert ballot.of("tb", "1/asp/x") is None


def test_a_team_sees_how_its_players_chose_and_only_counted_seats_count():
    ballot = Ballot()
    ballot.cast(Vote("ta", "1/asp/x", ("a",), 1.0))
    ballot.cast(Vote("tb", "1/asp/x", ("b",), 2.0))
    ballot.cast(Vote("tc", "1/hmic", ("a",), 3.0))
    assert ballot.team("1/asp/x", [ALICE, BOB]) == {"a": 1, "b": 1}
    assert [v.seat for v in ballot.on("1/asp/x", {"ta", "tb", "tc"})] == ["ta", "tb"]
    assert [v.seat for v in ballot.on("1/asp/x", {"tb"})] == ["tb"]
    assert ballot.answered("ta", ["1/asp/x", "1/asp/y"]) == 1


def test_everyone_has_decided_only_when_each_player_answered_each_of_their_roles_questions():
    ballot = Ballot()
    assert not ballot.all_decided([ALICE, CAROL], {})  # nothing was asked
    for key in ("1/asp/x", "1/asp/y"):
        ballot.cast(Vote("ta", key, ("a",), 1.0))
    assert not ballot.all_decided([ALICE, CAROL], QUESTIONS)
    ballot.cast(Vote("tc", "1/hmic", ("a",), 1.0))
    assert ballot.all_decided([ALICE, CAROL], QUESTIONS)
    assert not ballot.all_decided([ALICE, BOB, CAROL], QUESTIONS)  # Bob shares Alice's role


def test_a_phase_or_a_seat_takes_its_votes_away():
    ballot = Ballot()
    for seat, key in (("ta", "1/asp/x"), ("tb", "1/asp/x"), ("tc", "1/hmic"), ("ta", "2/asp/z")):
        ballot.cast(Vote(seat, key, ("a",), 1.0))
    assert [(v.seat, v.key) for v in ballot.take(seat="tb")] == [("tb", "1/asp/x")]
    assert [(v.seat, v.key) for v in ballot.take(QUESTIONS)] == [("ta", "1/asp/x"), ("tc", "1/hmic")]
    assert list(ballot.votes) == [("ta", "2/asp/z")]
    assert len(ballot.take()) == 1 and ballot.votes == {}


def test_open_votes_from_the_log_come_back_for_open_questions_and_known_seats():
    ballot = Ballot()
    ballot.cast(Vote("ta", "1/asp/x", ("b",), 1.5))
    rows = [*ballot.to_json(), {"seat": "gone", "key": "1/hmic", "choice": ["a"], "time": 2.0},
            {"seat": "tc", "key": "9/closed", "choice": ["a"], "time": 2.0}]  # fmt: skip
    again = Ballot()
    again.restore(rows, QUESTIONS, {"ta", "tb", "tc"})
    assert again.votes == {("ta", "1/asp/x"): Vote("ta", "1/asp/x", ("b",), 1.5)}
