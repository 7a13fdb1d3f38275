"""The open round's choices: one per seat and decision, changeable until the phase closes, and how
several players' choices in one role make the role's answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from abm.decisions import Decision
from dashboards.workshop.seats import Seat


@dataclass
class Vote:
    """A seat's current choice on one decision of the open round (it may change it until the round closes)."""

    seat: str
    key: str
    choice: tuple[str, ...]
    time: float

    def to_json(self) -> dict:
        return {"seat": self.seat, "key": self.key, "choice": list(self.choice), "time": self.time}


def combine(decision: Decision, votes: list[Vote]) -> tuple[tuple[str, ...], list[str]]:
    """The role's answer from its players' votes, and the seats that voted for it.

    One option to choose: the option most players chose; a tie goes to the tied option chosen
    first. Several (HMIC's inspections): each option counts the players who included it, and the
    ``pick`` options with most votes win, ties again to the earliest. Every vote is a valid choice.
    """
    first: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for vote in votes:
        for option in vote.choice:
            counts[option] += 1
            first[option] = min(first.get(option, vote.time), vote.time)
    ranked = sorted(counts, key=lambda option: (-counts[option], first[option], option))
    if decision.pick == 1:
        choice: tuple[str, ...] = (ranked[0],)
    else:
        chosen = set(ranked[: decision.pick])
        choice = tuple(o.key for o in decision.options if o.key in chosen)  # in the decision's order
    backers = [v.seat for v in votes if set(choice) & set(v.choice)]
    return choice, backers


class Ballot:
    """The open phase's votes by (seat token, decision key) (not thread-safe: ``WorkshopState``
    holds the lock)."""

    def __init__(self) -> None:
        self.votes: dict[tuple[str, str], Vote] = {}

    def cast(self, vote: Vote) -> None:
        """Record ``vote``, replacing the seat's earlier choice on the same decision."""
        self.votes[(vote.seat, vote.key)] = vote

    def of(self, token: str, key: str) -> Vote | None:
        return self.votes.get((token, key))

    def on(self, key: str, counted: set[str]) -> list[Vote]:
        """The votes on decision ``key`` by the seats in ``counted``, in the order they were cast."""
        return [v for (token, k), v in self.votes.items() if k == key and token in counted]

    def team(self, key: str, players: Iterable[Seat]) -> dict[str, int]:
        """Option key -> how many of ``players`` chose it on decision ``key``."""
        counts: Counter[str] = Counter()
        for player in players:
            vote = self.of(player.token, key)
            if vote is not None:
                counts.update(vote.choice)
        return dict(counts)

    def answered(self, token: str, keys: Iterable[str]) -> int:
        """How many of decisions ``keys`` the seat ``token`` has chosen on."""
        return sum((token, key) in self.votes for key in keys)

    def all_decided(self, seats: list[Seat], questions: dict[str, Decision]) -> bool:
        """Whether every seat in ``seats`` has chosen on every question of its role (and at least
        one of them had a question)."""
        asked = False
        for seat in seats:
            keys = [k for k, d in questions.items() if d.role == seat.role]
            asked = asked or bool(keys)
            if self.answered(seat.token, keys) < len(keys):
                return False
        return asked

    def take(self, keys: Iterable[str] | None = None, seat: str | None = None) -> list[Vote]:
        """Remove and return the votes on decisions ``keys`` and/or by ``seat`` (None: any)."""
        wanted = None if keys is None else set(keys)
        taken = [
            v
            for (token, key), v in self.votes.items()
            if (wanted is None or key in wanted) and (seat is None or token == seat)
        ]
        for vote in taken:
            del self.votes[(vote.seat, vote.key)]
        return taken

    def to_json(self) -> list[dict]:
        return [v.to_json() for v in self.votes.values()]

    def restore(self, rows: list[dict], questions: dict[str, Decision], seats: set[str]) -> None:
        """The open votes a session log recorded, for questions still open and seats that exist."""
        for row in rows:
            if row["key"] in questions and row["seat"] in seats:
                self.cast(Vote(row["seat"], row["key"], tuple(row["choice"]), row["time"]))
