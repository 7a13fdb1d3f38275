"""What the pages read: a participant's view of their seat, the projector's view of the room, and a
snapshot of the run and the log for the debrief and the export.

Every view is built under the workshop's lock from copies, so a page can draw it, and the debrief
can rebuild the run from a snapshot, without holding the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from abm.decisions import Decision
from dashboards.workshop.ballot import Ballot
from dashboards.workshop.engine import Record
from dashboards.workshop.round import Round, Status
from dashboards.workshop.seats import Seat, Seats
from dashboards.workshop.session_log import SessionLog


@dataclass
class DecisionView:
    """One question as a participant sees it."""

    decision: Decision
    mine: tuple[str, ...] | None  # this seat's current choice
    team: dict[str, int]  # option key -> how many of the role's players chose it (this seat included)


@dataclass
class RoundLine:
    """Where the round is, as every page shows it."""

    status: str
    round_number: int
    step: int
    quarter: str
    phase: int
    time_left: float | None
    paused: bool


def _round_line(round_: Round) -> dict:
    """The ``RoundLine`` fields of ``round_`` now."""
    return {
        "status": round_.status,
        "round_number": round_.number,
        "step": round_.step,
        "quarter": round_.quarter,
        "phase": round_.phase,
        "time_left": round_.time_left(),
        "paused": round_.paused,
    }


@dataclass
class ParticipantView(RoundLine):
    """Everything a participant's page shows, for their seat only."""

    seat: Seat
    role_label: str
    decisions: list[DecisionView]  # the decisions put to people (``ranking``)
    delegated: list[Decision]  # the role's other decisions this phase, left to its agent
    players_in_role: int
    results: list[dict]  # the last closed round's answers for this role
    context: list[str]  # the role's situation in words
    version: int


@dataclass
class SeatStatus:
    number: int
    label: str
    role: str
    role_label: str
    answered: int
    total: int
    connected: bool  # claimed by a browser

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


@dataclass
class RoomView(RoundLine):
    """What the projector shows about the room."""

    time_limit_s: float | None
    questions: int
    seats: list[SeatStatus]
    roles_played: list[str]
    all_decided: bool
    version: int
    left_to_agents: int = 0  # the phase's decisions not put to people (less at stake)
    message: str = ""


@dataclass(frozen=True)
class Snapshot:
    """The run and the log as they stood at one moment: what the debrief and the export read,
    taken under the lock so that rebuilding the run from it needs no lock."""

    played: int  # quarters the live model has played
    records: dict[str, Record]  # the answers the run uses
    answers: list[dict]  # every answer row of the log, with its status
    votes: list[dict]  # every participant's choice that no longer stands open, with its status
    series: pd.DataFrame  # the live run's quarters (a copy)
    events: pd.DataFrame  # the live run's events (the model's own frame: read it, never change it)
    final: dict[str, float] | None  # the live run's last year, once a quarter has been played


def participant_view(
    seat: Seat,
    seats: Seats,
    round_: Round,
    ballot: Ballot,
    log: SessionLog,
    role_label: str,
    context: list[str],
    version: int,
) -> ParticipantView:
    """The page of ``seat``: its role's open questions with its own and its team's choices, or,
    between rounds, what was decided for its role."""
    players = seats.players(seat.role)
    decisions, delegated = [], []
    if round_.status == Status.OPEN:
        for d in round_.questions.values():
            if d.role != seat.role:
                continue
            if d.key not in round_.shown:
                delegated.append(d)
                continue
            mine = ballot.of(seat.token, d.key)
            decisions.append(DecisionView(d, mine.choice if mine else None, ballot.team(d.key, players)))
    return ParticipantView(
        **_round_line(round_),
        seat=seat,
        role_label=role_label,
        decisions=decisions,
        delegated=delegated,
        players_in_role=len(players),
        results=log.results(seat.role, round_.step) if round_.status != Status.OPEN else [],
        context=context,
        version=version,
    )


def room_view(
    seats: Seats, round_: Round, ballot: Ballot, short: Callable[[str], str], version: int
) -> RoomView:
    """The projector's view: who has decided what is asked of them, and where the round is."""
    statuses = []
    shown = round_.shown_questions()
    for seat in seats.active():
        keys = [k for k, d in shown.items() if d.role == seat.role]
        statuses.append(
            SeatStatus(
                seat.number,
                seat.label,
                seat.role,
                short(seat.role),
                ballot.answered(seat.token, keys),
                len(keys),
                seat.browser is not None,
            )
        )
    playing = sorted(seats.human_roles(), key=seats.roles_all.index)
    return RoomView(
        **_round_line(round_),
        time_limit_s=round_.time_limit_s,
        questions=len(shown),
        seats=statuses,
        roles_played=[short(r) for r in playing],
        all_decided=round_.status == Status.OPEN and ballot.all_decided(seats.playing(), shown),
        version=version,
        left_to_agents=len(round_.questions) - len(shown),
    )
