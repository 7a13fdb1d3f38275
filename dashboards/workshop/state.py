"""The workshop on the server: seats, rounds, votes and the session log, every action checked.

Plain Python, no Solara: the pages only call it, and the tests call it directly. Each action takes
the credential it acts on (a facilitator key, or a seat token and the id of the browser using it)
and raises ``Refused`` with a plain message when it is not allowed:

* a seat token is issued for one role; the first browser that opens it owns it, and another
  browser is refused until the facilitator reassigns the seat;
* a participant may answer only the open round's decisions of their own seat's role, only with
  the decision's own options, and only while the round is open;
* every control (advance, pause, rewind, roles, time limit, seats, export) needs the
  facilitator's key.

A round is one quarter of the model. Opening it steps a rebuilt twin of the live model with a
probe (``engine.Engine.probe``): every decision put to a role someone in the room plays is a
question of the round, shown to all at once. When the round closes (the facilitator advances,
time runs out, or everyone has answered) each question's answer is the room's (several people
in one role: the choice most of them made, a tie going to the choice made first) or, if nobody
in the role answered, the agent's own ("timed out"). The live model then steps the quarter with
those answers replayed. A decision that arises only because of another answer this quarter
(HMIC inspects someone else, so the Home Secretary sees other flags) becomes a follow-up phase
of the same round, up to ``MAX_PHASES``; after that the model's agent answers it and the log says so.

After every change the whole session (settings, seats, answers, votes, facilitator actions) is
written atomically to the session log (a JSON file); ``WorkshopState.resume`` rebuilds the
workshop from it after a restart, with an open round back where it was, paused.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from abm.decisions import HMIC, HOME_SECRETARY, Decision
from dashboards.workshop.engine import Engine, Record, Setup
from dashboards.workshop.facts import choice_labels, effect
from dashboards.workshop.roles import (
    all_roles,
    force_of,
    new_code,
    new_token,
    normalise_code,
    role_label,
    short_label,
)

LOG_FORMAT = "crossforce-workshop/1"
MAX_PHASES = 3  # a round's first phase and at most two follow-ups
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 10, 3600
MAX_NAME = 40
REFILL_DELAY_S = 2.0


class Refused(Exception):
    """An action the server will not carry out; the message says why, in plain words."""


@dataclass
class Seat:
    """One person's place in the room: a token issued for one role, bound to the first browser that uses it."""

    token: str
    role: str
    number: int
    browser: str | None
    name: str = ""
    joined: float = 0.0
    removed: bool = False

    @property
    def label(self) -> str:
        return self.name or f"Player {self.number}"

    @property
    def participant(self) -> str:
        """How the log names the person: their number, and their name if they gave one."""
        return f"P{self.number:02d}" + (f" {self.name}" if self.name else "")


@dataclass
class Vote:
    """A seat's current choice on one decision of the open round (it may change it until the round closes)."""

    seat: str
    key: str
    choice: tuple[str, ...]
    time: float


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


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    try:  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class DecisionView:
    """One question as a participant sees it."""

    decision: Decision
    mine: tuple[str, ...] | None  # this seat's current choice
    team: dict[str, int]  # option key -> how many of the role's players chose it (this seat included)


@dataclass
class ParticipantView:
    """Everything a participant's page shows, for their seat only."""

    seat: Seat
    role_label: str
    status: str
    round_number: int
    step: int
    quarter: str
    phase: int
    time_left: float | None
    paused: bool
    decisions: list[DecisionView]
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
class RoomView:
    """What the projector shows about the room."""

    status: str
    round_number: int
    step: int
    quarter: str
    phase: int
    time_left: float | None
    paused: bool
    time_limit_s: float | None
    questions: int
    seats: list[SeatStatus]
    roles_played: list[str]
    all_decided: bool
    version: int
    message: str = ""


@dataclass
class _Round:
    number: int
    step: int
    quarter: str
    opened: float
    phases: int = 1
    closed: float | None = None

    def to_json(self) -> dict:
        return dict(vars(self))


class WorkshopState:
    """The workshop's state on the server (one per workshop; thread-safe)."""

    def __init__(
        self,
        setup: Setup,
        path: Path | None = None,
        *,
        key: str | None = None,
        clock: Callable[[], float] = time.time,
        time_limit_s: float | None = None,
        roles: list[str] | None = None,
        skip_quiet: bool = True,
        auto_close: bool = True,
    ) -> None:
        self.setup = setup
        self.engine = Engine(setup)
        self.path = Path(path) if path is not None else None
        self.clock = clock
        self.key = key or new_token()
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        model = self.engine.new_model()
        self.live = model
        self.force_ids: tuple[str, ...] = tuple(model.forces.ids)
        self.force_names = dict(zip(model.forces.ids, model.forces.names, strict=True))
        self.roles_all = all_roles(self.force_ids)
        self.role_codes: dict[str, str] = {}
        for role in self.roles_all:
            self.role_codes[role] = new_code(set(self.role_codes.values()))
        self.open_roles: list[str] = []
        self.joining = True
        self.time_limit_s: float | None = None
        self.skip_quiet = skip_quiet
        self.auto_close = auto_close
        self.seats: dict[str, Seat] = {}
        self.status = "waiting"  # waiting | open | closed | finished
        self.step = 0  # the quarter being decided (open) or last played (closed)
        self.phase = 0
        self.round_number = 0
        self.quarter = ""
        self.questions: dict[str, Decision] = {}  # the open phase's questions
        self.round_keys: set[str] = set()  # every question of this round, all phases
        self.deadline: float | None = None
        self.paused = False
        self.paused_left: float | None = None
        self.records: dict[str, Record] = {}  # the answers the run uses
        self.answers: list[dict] = []  # one row per decision answered (the log)
        self.vote_rows: list[dict] = []  # one row per participant's choice, once its round closed
        self.votes: dict[tuple[str, str], Vote] = {}  # the open round's choices, by (seat, key)
        self.events: list[dict] = []  # facilitator actions and round events
        self.rounds: list[_Round] = []
        self.timings: list[dict] = []  # how long each advance took on the server
        self.version = 0
        self.role_versions: Counter[str] = Counter()
        self.round_version = 0
        # a clean twin of the live model, built in the background while the room decides, so an
        # advance steps it on instead of rebuilding the run (see ``_take_twin``)
        self.background = True
        self.refill_delay_s = REFILL_DELAY_S
        self._spare = None
        self._spare_generation = 0
        self._building = False
        self._spare_thread: threading.Thread | None = None
        if roles:
            self.open_roles = self._valid_roles(roles)
        if time_limit_s is not None:
            self.time_limit_s = self._valid_limit(time_limit_s)
        self._note("workshop created", "facilitator")
        self._save()

    # ------------------------------------------------------------------ helpers
    def _note(self, what: str, by: str) -> None:
        self.events.append({"time": _iso(self.clock()), "round": self.round_number, "what": what, "by": by})

    def _check_key(self, key: str | None) -> None:
        if not isinstance(key, str) or not secrets.compare_digest(key.encode(), self.key.encode()):
            raise Refused("Only the facilitator can do this (it needs the facilitator's link).")

    def is_facilitator(self, key: str | None) -> bool:
        try:
            self._check_key(key)
        except Refused:
            return False
        return True

    def _seat(self, token: str | None, browser: str | None, claim: bool = False) -> Seat:
        """The seat for ``token`` if ``browser`` holds it; with ``claim`` (a page opening the seat's
        link) a free seat is taken by ``browser`` first. A page already open on another device
        never takes a seat back by redrawing."""
        seat = self.seats.get(token) if isinstance(token, str) else None
        if seat is None or seat.removed:
            raise Refused("This link is not a seat in this workshop (or the facilitator removed it).")
        if not isinstance(browser, str) or not browser:
            raise Refused("This browser could not be identified: allow cookies for this page.")
        if seat.browser is None and not claim:
            raise Refused(
                "The facilitator has freed this seat for another device: open its link again to take it."
            )
        if seat.browser is None:
            seat.browser = browser
            self._note(f"seat P{seat.number:02d} ({seat.role}) claimed by a browser", "participant")
            self._changed_all(roles=set(), save=True)
        elif not secrets.compare_digest(seat.browser.encode(), browser.encode()):
            raise Refused(
                "This seat is already in use on another device. If that was you, ask the facilitator to move your seat to this device."
            )
        return seat

    def _valid_roles(self, roles: list[str]) -> list[str]:
        unknown = [r for r in roles if r not in self.roles_all]
        if unknown:
            raise Refused(f"Unknown role: {unknown[0]!r}.")
        return [r for r in self.roles_all if r in set(roles)]

    def _valid_limit(self, seconds: float | None) -> float | None:
        if seconds is None:
            return None
        if not isinstance(seconds, int | float) or not MIN_TIME_LIMIT_S <= seconds <= MAX_TIME_LIMIT_S:
            raise Refused(
                f"A time limit must be between {MIN_TIME_LIMIT_S} s and {MAX_TIME_LIMIT_S // 60} minutes."
            )
        return float(seconds)

    def human_roles(self) -> set[str]:
        """Roles someone in the room plays now (every other role is the model's own agent)."""
        return {s.role for s in self.seats.values() if not s.removed and s.role in self.open_roles}

    def label(self, role: str) -> str:
        return role_label(role, self.force_names)

    def short(self, role: str) -> str:
        return short_label(role, self.force_names)

    def _changed_all(self, roles: set[str] | None = None, save: bool = False) -> None:
        """Something changed: bump the versions the pages watch and wake them. ``roles=None``: the
        round (every page redraws); a set of roles: only those roles' votes or players changed
        (their pages and the facilitator's redraw); an empty set: the facilitator's pages only."""
        self.version += 1
        if roles is None:
            self.round_version += 1
        else:
            for role in roles:
                self.role_versions[role] += 1
        if save:
            self._save()
        self._changed.notify_all()
        if roles is None:
            self.refill()

    def time_left(self, now: float | None = None) -> float | None:
        if self.status != "open":
            return None
        if self.paused:
            return self.paused_left
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - (self.clock() if now is None else now))

    def _start_clock(self, now: float) -> None:
        self.paused, self.paused_left = False, None
        self.deadline = now + self.time_limit_s if self.time_limit_s else None

    # ------------------------------------------------------------------ participants
    def join(self, code: str, browser: str) -> Seat:
        """Take a seat in the role a join code stands for (the same seat again if this browser
        already has one in that role)."""
        with self._lock:
            role = next((r for r, c in self.role_codes.items() if c == normalise_code(str(code))), None)
            if role is None:
                raise Refused("No role has this code: check it on the screen.")
            if role not in self.open_roles:
                raise Refused("This role is not open in this workshop: check the code on the screen.")
            if not isinstance(browser, str) or not browser:
                raise Refused("This browser could not be identified: allow cookies for this page.")
            for seat in self.seats.values():
                if seat.role == role and seat.browser == browser and not seat.removed:
                    return seat
            if not self.joining:
                raise Refused("The facilitator has closed the room to new players.")
            seat = Seat(new_token(), role, len(self.seats) + 1, browser, joined=self.clock())
            self.seats[seat.token] = seat
            self._note(f"P{seat.number:02d} joined as {self.label(role)}", "participant")
            self._changed_all(roles={role}, save=True)  # the role's other players see one more
            return seat

    def open_seat(self, token: str, browser: str) -> Seat:
        """The seat a page opened with ``token`` in ``browser`` (claiming it if it is free)."""
        with self._lock:
            return self._seat(token, browser, claim=True)

    def rename(self, token: str, browser: str, name: str) -> None:
        """A participant gives the name the projector shows for them."""
        with self._lock:
            seat = self._seat(token, browser)
            clean = " ".join(str(name).split())[:MAX_NAME]
            if clean != seat.name:
                seat.name = clean
                self._changed_all(roles=set(), save=True)

    def choose(self, token: str, browser: str, key: str, choice: tuple[str, ...] | list[str]) -> None:
        """A participant's choice on one decision of the open round (replacing any earlier one)."""
        with self._lock:
            now = self.clock()
            self._expire(now)
            seat = self._seat(token, browser)
            decision = self.questions.get(key) if isinstance(key, str) else None
            if self.status != "open":
                raise Refused("This round is closed: answers are no longer taken.")
            if decision is None:
                raise Refused("This decision is not open in this round.")
            if decision.role != seat.role:
                raise Refused("This decision belongs to another role.")
            if seat.role not in self.open_roles:
                raise Refused("Your role is no longer open: the model's agent plays it now.")
            if not isinstance(choice, tuple | list) or not all(isinstance(c, str) for c in choice):
                raise Refused("That is not one of the options.")
            choice = tuple(choice)
            if not choice or not decision.valid(choice):
                raise Refused("That is not one of the options.")
            self.votes[(seat.token, key)] = Vote(seat.token, key, choice, now)
            self._changed_all(roles={seat.role})
            if self.auto_close and self._everyone_decided():
                self._close_phase(now, "everyone had decided")
                self._changed_all()
            self._save()

    def participant_view(self, token: str, browser: str) -> ParticipantView:
        with self._lock:
            self._expire(self.clock())
            seat = self._seat(token, browser)
            role = seat.role
            players = [s for s in self.seats.values() if s.role == role and not s.removed]
            decisions = []
            if self.status == "open":
                for d in self.questions.values():
                    if d.role != role:
                        continue
                    team: Counter[str] = Counter()
                    for p in players:
                        vote = self.votes.get((p.token, d.key))
                        if vote is not None:
                            team.update(vote.choice)
                    mine = self.votes.get((seat.token, d.key))
                    decisions.append(DecisionView(d, mine.choice if mine else None, dict(team)))
            results = [
                row
                for row in self.answers
                if row["role"] == role and row["step"] == self.step and row["status"] == "used"
            ]
            return ParticipantView(
                seat=seat,
                role_label=self.label(role),
                status=self.status,
                round_number=self.round_number,
                step=self.step,
                quarter=self.quarter,
                phase=self.phase,
                time_left=self.time_left(),
                paused=self.paused,
                decisions=decisions,
                players_in_role=len(players),
                results=results if self.status != "open" else [],
                context=self.role_context(role),
                version=self.version,
            )

    def participant_watch(self, token: str) -> tuple:
        """What a participant's page redraws on: the round, and its own role's votes."""
        seat = self.seats.get(token)
        role = seat.role if seat else ""
        removed = seat.removed if seat else True
        browser = seat.browser if seat else None
        return (self.round_version, self.role_versions[role], removed, browser)

    def role_context(self, role: str) -> list[str]:
        """The role's situation in words, from the live model."""
        model = self.live
        force = force_of(role)
        lines: list[str] = []
        if force is not None:
            f = self.force_ids.index(force)
            if not model.active[f]:
                return [f"{self.force_names[force]} has merged into another force."]
        if role.startswith("chief:"):
            from dashboards.workshop.projector_parts import arrangement_counts

            counts = arrangement_counts(model, self.force_ids.index(force))
            lines.append(
                f"How {self.force_names[force]} gets its {sum(counts.values())} capabilities now: "
                + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
            )
        elif role.startswith("pcc:"):
            pcc = model.pcc_of(self.force_ids.index(force))
            year = model.year if model.steps else model.params.start_year
            upcoming = [y for y in sorted(model.params.election_years) if y >= year]
            lines.append(f"You are the {pcc.title} for {self.force_names[force]}.")
            if pcc.elected:
                lines.append(
                    f"Public approval since the last election: {pcc.approval:+.2f}; term {pcc.term}; "
                    + (f"next elections: {upcoming[0]}." if upcoming else "no election left in this run.")
                )
            else:
                lines.append(
                    "Not elected: "
                    + (f"the first PCC elections are in {upcoming[0]}." if upcoming else "no election.")
                )
        elif role == HOME_SECRETARY:
            hs = model.home_secretary
            power = "you have" if model.params.direction_power else "you do not have"
            lines.append(
                f"The power to direct a force to collaborate (s.23G): {power} it in this scenario; "
                f"directions this parliament: {hs.directions_this_parliament}; the next is worth its political "
                f"cost if it saves at least £{hs.political_cost():.1f}m a year nationally."
            )
            lines.extend(self._recent_events(model, "flagged", "HMIC's flags this past year"))
        elif role == HMIC:
            lines.append(
                f"Capacity: {model.params.hmic_inspections_per_year} inspections a year (at the year's end)."
            )
            lines.extend(self._recent_events(model, "inspected", "Inspected this past year"))
        return lines

    @staticmethod
    def _recent_events(model, action: str, title: str) -> list[str]:
        frame = model.events.frame()
        if frame.empty:
            return [f"{title}: none yet."]
        recent = frame[(frame["action"] == action) & (frame["step"] > model.steps - 4)]
        if recent.empty:
            return [f"{title}: none."]
        return [f"{title}:"] + [f"• {reason}" for reason in recent["reason"].tolist()[:12]]

    # ------------------------------------------------------------------ facilitator
    def start(self, key: str) -> None:
        """Open the first round (the same as advancing from the start)."""
        self.advance(key)

    def advance(self, key: str) -> None:
        """Close the open round (unanswered decisions get the agent's own choice, logged as timed
        out) and open what comes next: a follow-up phase, or the next quarter with questions."""
        with self._lock:
            self._check_key(key)
            began = time.perf_counter()
            now = self.clock()
            self._expire(now)
            if self.status == "finished":
                raise Refused("The run has ended: see the debrief.")
            closing = self.status == "open"
            if closing:
                self._close_phase(now, "the facilitator advanced")
            if self.status in ("waiting", "closed"):
                self._open_round(now)
            self.timings.append(
                {
                    "round": self.round_number,
                    "step": self.step,
                    "action": "close and open" if closing else "open",
                    "seconds": round(time.perf_counter() - began, 4),
                }
            )
            self._note(f"advanced to round {self.round_number} ({self.quarter})", "facilitator")
            self._changed_all(save=True)

    def pause(self, key: str) -> None:
        """Stop the round's clock (answers are still taken)."""
        with self._lock:
            self._check_key(key)
            now = self.clock()
            self._expire(now)
            if self.status != "open":
                raise Refused("There is no open round to pause.")
            if not self.paused:
                self.paused_left = self.time_left(now)
                self.paused, self.deadline = True, None
                self._note("paused", "facilitator")
                self._changed_all(save=True)

    def resume_clock(self, key: str) -> None:
        """Start the round's clock again where it stopped."""
        with self._lock:
            self._check_key(key)
            if self.status != "open" or not self.paused:
                raise Refused("The round is not paused.")
            now = self.clock()
            self.deadline = now + self.paused_left if self.paused_left is not None else None
            self.paused, self.paused_left = False, None
            self._note("resumed", "facilitator")
            self._changed_all(save=True)

    def set_time_limit(self, key: str, seconds: float | None) -> None:
        """The time limit per round (None: none). During a round the countdown restarts from now."""
        with self._lock:
            self._check_key(key)
            self.time_limit_s = self._valid_limit(seconds)
            if self.status == "open":
                if self.paused:
                    self.paused_left = self.time_limit_s
                else:
                    self._start_clock(self.clock())
            self._note(f"time limit {self.time_limit_s or 'none'}", "facilitator")
            self._changed_all(save=True)

    def set_roles(self, key: str, roles: list[str]) -> None:
        """The roles open to the room (from the next round; roles nobody takes stay the model's)."""
        with self._lock:
            self._check_key(key)
            self.open_roles = self._valid_roles(list(roles))
            self._note(f"open roles: {', '.join(self.open_roles) or 'none'}", "facilitator")
            self._changed_all(save=True)

    def set_options(
        self,
        key: str,
        *,
        joining: bool | None = None,
        skip_quiet: bool | None = None,
        auto_close: bool | None = None,
    ) -> None:
        with self._lock:
            self._check_key(key)
            for name, value in (("joining", joining), ("skip_quiet", skip_quiet), ("auto_close", auto_close)):
                if value is not None:
                    setattr(self, name, bool(value))
                    self._note(f"{name} = {bool(value)}", "facilitator")
            self._changed_all(save=True)

    def reassign(self, key: str, number: int) -> None:
        """Free a seat from the browser that holds it: the next browser to open its link takes it
        (a phone that lost its cookie, or a player moving to another device)."""
        with self._lock:
            self._check_key(key)
            seat = self._seat_number(number)
            seat.browser = None
            self._note(f"seat P{number:02d} freed for another device", "facilitator")
            self._changed_all(roles=set(), save=True)

    def remove_seat(self, key: str, number: int) -> None:
        """Remove a seat: its link stops working and its votes in the open round no longer count."""
        with self._lock:
            self._check_key(key)
            seat = self._seat_number(number)
            seat.removed = True
            for vote_key in [k for k in self.votes if k[0] == seat.token]:
                vote = self.votes.pop(vote_key)
                self.vote_rows.append(self._vote_row(vote, "removed"))
            self._note(f"seat P{number:02d} removed", "facilitator")
            self._changed_all(roles={seat.role}, save=True)

    def _seat_number(self, number: int) -> Seat:
        seat = next((s for s in self.seats.values() if s.number == number and not s.removed), None)
        if seat is None:
            raise Refused(f"There is no seat P{number:02d}.")
        return seat

    def rewind(self, key: str, to_round: int | None = None) -> None:
        """Go back to the start of an earlier round (default: the one before the latest) and open
        it again: answers from it on are set aside (kept in the log as rewound)."""
        with self._lock:
            self._check_key(key)
            if not self.rounds:
                raise Refused("Nothing to rewind: no round has been played.")
            target = to_round if to_round is not None else max(1, len(self.rounds) - 1)
            if not isinstance(target, int) or not 1 <= target <= len(self.rounds):
                raise Refused(f"There is no round {to_round}.")
            step = self.rounds[target - 1].step
            for row in self.answers:
                if row["step"] >= step and row["status"] in ("used", "did not arise"):
                    row["status"] = "rewound"
            for row in self.vote_rows:
                if row["step"] >= step and row["status"] == "counted":
                    row["status"] = "rewound"
            for vote in self.votes.values():
                self.vote_rows.append(self._vote_row(vote, "rewound"))
            self.votes.clear()
            self.records = {k: r for k, r in self.records.items() if r.step < step}
            self.rounds = self.rounds[: target - 1]
            self.round_number = target - 1
            self._spare_generation += 1  # the answers before the live quarter changed
            self._spare = None
            self.live = self.engine.build(self.records, step - 1)
            self.step, self.status, self.phase = step - 1, "closed", 0
            self.questions, self.round_keys = {}, set()
            self._note(f"rewound to round {target}", "facilitator")
            self._open_round(self.clock())
            self._changed_all(save=True)

    # ------------------------------------------------------------------ the twin
    def _take_twin(self, step: int):
        """A clean model at ``step`` (the run with every answer so far replayed) for this state to
        step on: the spare twin caught up to ``step`` if one is ready, else a rebuild. A model's
        numpy views do not survive ``copy.deepcopy``, so a twin is built, never copied."""
        spare, self._spare = self._spare, None
        if spare is not None and spare.steps <= step:
            self.engine.advance(spare, self.records, step)
            return spare
        return self.engine.build(self.records, step)

    def refill(self, delay_s: float | None = None) -> threading.Thread | None:
        """Build a spare twin of the live model in the background (after ``delay_s``, at low
        priority, so the pages the last change redraws go first)."""
        with self._lock:
            if self._building:
                return self._spare_thread  # already on its way
            if not self.background or self._spare is not None or self.status == "finished":
                return None
            self._building = True
            generation, records, target = self._spare_generation, dict(self.records), self.live.steps
            delay_s = self.refill_delay_s if delay_s is None else delay_s

        def build() -> None:
            model = None
            try:
                with contextlib.suppress(OSError, AttributeError):
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
                time.sleep(delay_s)
                model = self.engine.build(records, target)
            except Exception as error:  # a spare is an optimisation: never let it fail the workshop
                log_error("building a spare model", error)
            finally:
                with self._lock:
                    self._building = False
                    if model is not None and generation == self._spare_generation and self._spare is None:
                        self._spare = model

        thread = threading.Thread(target=build, name="workshop-spare", daemon=True)
        self._spare_thread = thread
        thread.start()
        return thread

    # ------------------------------------------------------------------ rounds
    def tick(self) -> None:
        """Close the open round if its time has run out (the clock thread calls this)."""
        with self._lock:
            if self._expire(self.clock()):
                self._changed_all(save=True)

    def _expire(self, now: float) -> bool:
        if self.status == "open" and not self.paused and self.deadline is not None and now >= self.deadline:
            self._close_phase(now, "time ran out")
            return True
        return False

    def _everyone_decided(self) -> bool:
        seats = [s for s in self.seats.values() if not s.removed and s.role in self.open_roles]
        asked = False
        for seat in seats:
            keys = [k for k, d in self.questions.items() if d.role == seat.role]
            asked = asked or bool(keys)
            if any((seat.token, k) not in self.votes for k in keys):
                return False
        return asked

    def _open_round(self, now: float) -> None:
        """Open the next quarter the room has questions in (quarters with none are played by the
        model's agents, unless the facilitator chose to stop at every quarter)."""
        k = self.step + 1
        steps = self.engine.steps
        if k > steps:
            self.status = "finished"
            return
        roles = self.human_roles()
        twin = self._take_twin(k - 1)
        while True:
            probe = self.engine.probe(twin, self.records, roles)
            quarter = twin.quarter_label
            if probe.asked or not self.skip_quiet or k >= steps:
                break
            self.engine.advance(self.live, self.records, k)  # nobody in the room was asked
            self._note(f"{quarter}: no decisions for the room; the model's agents played it", "model")
            k += 1
        if not probe.asked and self.skip_quiet:
            self.engine.advance(self.live, self.records, k)
            self.step, self.status, self.quarter = k, "finished", quarter
            self._note(f"{quarter}: no decisions for the room; the run has ended", "model")
            return
        self.step, self.phase, self.quarter = k, 1, quarter
        self.round_number += 1
        self.questions = {d.key: d for d in probe.asked}
        self.round_keys = set(self.questions)
        self.status = "open"
        self.rounds.append(_Round(self.round_number, k, quarter, now))
        self._start_clock(now)
        self._note(f"round {self.round_number} opened: {quarter}, {len(self.questions)} decisions", "model")

    def _close_phase(self, now: float, why: str) -> None:
        """Record the phase's answers and play the quarter with them (see the module docstring)."""
        k = self.step
        for d in self.questions.values():
            votes = [
                v for (token, key), v in self.votes.items() if key == d.key and not self.seats[token].removed
            ]
            if votes:
                choice, backers = combine(d, votes)
                by = "human"
                who = "; ".join(self.seats[t].participant for t in backers)
            else:
                choice, by, who = d.model_choice, "timed out", ""
            self.records[d.key] = Record(d.key, k, d.role, choice, d.model_choice)
            self.answers.append(self._answer_row(d, choice, by, who, now))
        for vote in [v for v in self.votes.values() if v.key in self.questions]:
            self.vote_rows.append(self._vote_row(vote, "counted"))
            del self.votes[(vote.seat, vote.key)]
        probe = self.engine.probe(self.live, self.records, self.human_roles())  # live: k-1 -> k
        if probe.asked and self.phase < MAX_PHASES:
            self.live = self._take_twin(k - 1)  # back to the quarter's start
            self.phase += 1
            self.questions = {d.key: d for d in probe.asked}
            self.round_keys |= set(self.questions)
            self.rounds[-1].phases = self.phase
            self._start_clock(now)
            self._note(f"{why}; follow-up {self.phase} with {len(self.questions)} new decisions", "model")
            return
        for d in probe.asked:
            self.answers.append(
                self._answer_row(d, d.model_choice, "model (arose from another choice this quarter)", "", now)
            )
        arose = {d.key for d in probe.seen}
        for row in self.answers:
            if row["step"] == k and row["status"] == "used" and row["key"] not in arose:
                row["status"] = "did not arise"
                self.records.pop(row["key"], None)
        self.questions = {}
        self.status = "closed" if k < self.engine.steps else "finished"
        self.deadline, self.paused, self.paused_left = None, False, None
        self.rounds[-1].closed = now
        self._note(f"round {self.round_number} closed: {why}", "model")

    def _answer_row(self, d: Decision, choice: tuple[str, ...], by: str, who: str, now: float) -> dict:
        e = effect(d, choice)
        return {
            "round": self.round_number,
            "phase": self.phase,
            "step": self.step,
            "quarter": d.quarter,
            "key": d.key,
            "role": d.role,
            "role_label": self.label(d.role),
            "kind": d.kind,
            "question": d.question,
            "participants": who,
            "choice": list(choice),
            "choice_label": choice_labels(d, choice),
            "model_choice": list(d.model_choice),
            "model_choice_label": choice_labels(d, d.model_choice),
            "by": by,
            "diverged": set(choice) != set(d.model_choice),
            "cost_diff_gbp_m_a_year": e.cost,
            "harm_diff_gbp_m_a_year": e.harm,
            "stake_gbp_m_a_year": e.stake,
            "effect_note": e.note,
            "time": _iso(now),
            "status": "used",
        }

    def _vote_row(self, vote: Vote, status: str) -> dict:
        seat = self.seats[vote.seat]
        d = self.questions.get(vote.key)
        return {
            "round": self.round_number,
            "phase": self.phase,
            "step": self.step,
            "quarter": self.quarter,
            "key": vote.key,
            "role": seat.role,
            "participant": seat.participant,
            "choice": list(vote.choice),
            "choice_label": choice_labels(d, vote.choice) if d else "; ".join(vote.choice),
            "model_choice": list(d.model_choice) if d else [],
            "time": _iso(vote.time),
            "status": status,
        }

    # ------------------------------------------------------------------ views for the facilitator
    def room_view(self, key: str) -> RoomView:
        with self._lock:
            self._check_key(key)
            self._expire(self.clock())
            seats = []
            for seat in sorted(self.seats.values(), key=lambda s: s.number):
                if seat.removed:
                    continue
                keys = [k for k, d in self.questions.items() if d.role == seat.role]
                answered = sum((seat.token, k) in self.votes for k in keys)
                seats.append(
                    SeatStatus(
                        seat.number,
                        seat.label,
                        seat.role,
                        self.short(seat.role),
                        answered,
                        len(keys),
                        seat.browser is not None,
                    )
                )
            playing = sorted(self.human_roles(), key=self.roles_all.index)
            return RoomView(
                status=self.status,
                round_number=self.round_number,
                step=self.step,
                quarter=self.quarter,
                phase=self.phase,
                time_left=self.time_left(),
                paused=self.paused,
                time_limit_s=self.time_limit_s,
                questions=len(self.questions),
                seats=seats,
                roles_played=[self.short(r) for r in playing],
                all_decided=self.status == "open" and self._everyone_decided(),
                version=self.version,
            )

    def seats_list(self, key: str) -> list[Seat]:
        with self._lock:
            self._check_key(key)
            return sorted((s for s in self.seats.values() if not s.removed), key=lambda s: s.number)

    def join_codes(self, key: str) -> list[tuple[str, str, str]]:
        """(role, label, code) for every open role."""
        with self._lock:
            self._check_key(key)
            return [(r, self.label(r), self.role_codes[r]) for r in self.open_roles]

    def with_live(self, key: str, read: Callable):
        """Call ``read(model)`` on the live model under the lock (the model is never read while a
        round is being played)."""
        with self._lock:
            self._check_key(key)
            return read(self.live)

    def records_snapshot(self) -> dict[str, Record]:
        with self._lock:
            return dict(self.records)

    # ------------------------------------------------------------------ waiting for changes
    def wait_for_change(self, watch: Callable[[], object], seen: object, timeout: float) -> object:
        """Block until ``watch()`` differs from ``seen`` (or ``timeout`` s pass); returns it."""
        with self._changed:
            self._changed.wait_for(lambda: watch() != seen, timeout=timeout)
            return watch()

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------------ the session log
    def to_json(self) -> dict:
        now = self.clock()
        return {
            "format": LOG_FORMAT,
            "saved": _iso(now),
            "setup": self.setup.to_json(),
            "facilitator_key": self.key,
            "settings": {
                "open_roles": self.open_roles,
                "joining": self.joining,
                "time_limit_s": self.time_limit_s,
                "skip_quiet": self.skip_quiet,
                "auto_close": self.auto_close,
            },
            "role_codes": self.role_codes,
            "seats": [vars(s) for s in self.seats.values()],
            "current": {
                "status": self.status,
                "step": self.step,
                "phase": self.phase,
                "round": self.round_number,
                "quarter": self.quarter,
                "questions": sorted(self.questions),
                "round_keys": sorted(self.round_keys),
                "time_left": self.time_left(now),
            },
            "rounds": [r.to_json() for r in self.rounds],
            "answers": self.answers,
            "votes": self.vote_rows,
            "open_votes": [
                {"seat": v.seat, "key": v.key, "choice": list(v.choice), "time": v.time}
                for v in self.votes.values()
            ],
            "events": self.events,
            "timings": self.timings,
        }

    def _save(self) -> None:
        if self.path is not None:
            write_atomically(self.path, json.dumps(self.to_json(), indent=1))

    @classmethod
    def resume(cls, path: Path, clock: Callable[[], float] = time.time) -> WorkshopState:
        """The workshop a session log describes, rebuilt: the run replayed to where it was, an open
        round opened again (paused, with the choices already made), every seat link still valid."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != LOG_FORMAT:
            raise ValueError(f"{path}: not a crossforce workshop log")
        settings = data["settings"]
        state = cls(
            Setup.from_json(data["setup"]),
            None,
            key=data["facilitator_key"],
            clock=clock,
            skip_quiet=settings["skip_quiet"],
            auto_close=settings["auto_close"],
        )
        state.open_roles = list(settings["open_roles"])
        state.joining = bool(settings["joining"])
        state.time_limit_s = settings["time_limit_s"]
        state.role_codes = dict(data["role_codes"])
        state.seats = {s["token"]: Seat(**s) for s in data["seats"]}
        state.answers = list(data["answers"])
        state.vote_rows = list(data["votes"])
        state.events = list(data["events"])
        state.timings = list(data.get("timings", []))
        state.rounds = [_Round(**r) for r in data["rounds"]]
        current = data["current"]
        state.round_number = int(current["round"])
        state.quarter = current["quarter"]
        state.records = {
            row["key"]: Record(
                row["key"], row["step"], row["role"], tuple(row["choice"]), tuple(row["model_choice"])
            )
            for row in state.answers
            if row["status"] == "used" and row["by"] != "model (arose from another choice this quarter)"
        }
        step, status = int(current["step"]), current["status"]
        state.step, state.status, state.phase = step, status, int(current["phase"])
        if status != "open":
            state.live = state.engine.build(state.records, step)
        else:
            state.live = state.engine.build(state.records, step - 1)
            twin = state.engine.build(state.records, step - 1)
            probe = state.engine.probe(twin, state.records, state.human_roles() | _roles_of(current))
            wanted = set(current["questions"])
            state.questions = {d.key: d for d in probe.asked if d.key in wanted}
            state.round_keys = set(current["round_keys"])
            for v in data["open_votes"]:
                if v["key"] in state.questions and v["seat"] in state.seats:
                    state.votes[(v["seat"], v["key"])] = Vote(
                        v["seat"], v["key"], tuple(v["choice"]), v["time"]
                    )
            state.paused, state.paused_left, state.deadline = True, current["time_left"], None
        state.path = Path(path)
        state._note("resumed from the session log after a restart", "server")
        state._save()
        return state

    # ------------------------------------------------------------------ export
    def export(self, key: str, folder: Path | None = None) -> list[Path]:
        """Write the session log and the run's tables, as CSV and Parquet, to ``folder`` (default:
        ``export`` beside the session log). Returns the files written."""
        from dashboards.workshop.debrief import export_tables

        with self._lock:
            self._check_key(key)
            if folder is None:
                if self.path is None:
                    raise Refused("This workshop has no session log folder to export to.")
                folder = self.path.parent / "export"
            tables = export_tables(self)
            snapshot = json.dumps(self.to_json(), indent=1)
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in tables.items():
            for suffix in ("csv", "parquet"):
                target = folder / f"{name}.{suffix}"
                tmp = target.with_name(f".{target.name}.tmp")
                if suffix == "csv":
                    frame.to_csv(tmp, index=False)
                else:
                    frame.to_parquet(tmp, index=False)
                os.replace(tmp, target)
                written.append(target)
        log_copy = folder / "workshop_log.json"
        write_atomically(log_copy, snapshot)
        written.append(log_copy)
        with self._lock:
            self._note(f"exported {len(written)} files to {folder}", "facilitator")
            self._save()
        return written


def _roles_of(current: dict) -> set[str]:
    """The roles of an open round's questions (keys are ``step/role/...``)."""
    return {key.split("/")[1] for key in current.get("questions", [])}


def log_error(context: str, error: BaseException) -> None:
    print(f"crossforce workshop: {context}: {error!r}", file=sys.stderr, flush=True)
