"""The workshop on the server: every action checked, every change logged, one lock around it all.

Plain Python, no Solara: the pages only call it, and the tests call it directly. Each action takes
the credential it acts on (a facilitator key, or a seat token and the id of the browser using it)
and raises ``Refused`` with a plain message when it is not allowed:

* a seat token is issued for one role; the first browser that opens it owns it, and another
  browser is refused until the facilitator reassigns the seat (``seats.Seats``);
* a participant may answer only the open round's decisions of their own seat's role, only with
  the decision's own options, and only while the round is open;
* every control (advance, pause, rewind, roles, time limit, seats, export) needs the
  facilitator's key.

A round is one quarter of the model (``round.Round``). Opening it steps a clean twin of the live
model (``twins.TwinPool``) with a probe (``engine.Engine.probe``): every decision put to a role
someone in the room plays is a question of the round, shown to all at once. When the round closes
(the facilitator advances, time runs out, or everyone has answered) each question's answer is the
room's (several people in one role: ``ballot.combine``) or, if nobody in the role answered, the
agent's own ("timed out"). The live model then steps the quarter with those answers replayed. A
decision that arises only because of another answer this quarter (HMIC inspects someone else, so
the Home Secretary sees other flags) becomes a follow-up phase of the same round, up to
``MAX_PHASES``; after that the model's agent answers it and the log says so.

After every change the whole session (settings, seats, answers, votes, facilitator actions) is
written atomically to the session log (``session_log``); ``WorkshopState.resume`` rebuilds the
workshop from it after a restart, with an open round back where it was, paused.

``WorkshopState`` composes these parts and holds the one lock: every action and view takes it, the
parts never do (but the twin builder, to hand its model over). The debrief and the export read a
``Snapshot`` taken under the lock and rebuild the run without it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

from abm.decisions import Decision, role_of_key
from abm.model import CrossforceModel
from abm.runner import final_metrics
from dashboards.workshop.ballot import Ballot, Vote, combine
from dashboards.workshop.context import inspection_reasons, situation
from dashboards.workshop.debrief import export
from dashboards.workshop.engine import Engine, Record, Setup
from dashboards.workshop.errors import Refused
from dashboards.workshop.ranking import shown_options
from dashboards.workshop.roles import all_roles, force_of, role_label, short_label
from dashboards.workshop.round import Round, RoundRecord, Status
from dashboards.workshop.seats import Seat, Seats
from dashboards.workshop.session_log import (
    ARISEN_BY_MODEL,
    DELEGATED,
    LOG_FORMAT,
    SessionLog,
    answer_row,
    iso,
    read_log,
    vote_row,
)
from dashboards.workshop.twins import TwinPool
from dashboards.workshop.views import ParticipantView, RoomView, Snapshot, participant_view, room_view

MAX_PHASES = 3  # a round's first phase and at most two follow-ups


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
        self.clock = clock
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.live: CrossforceModel = self.engine.new_model()
        self.force_ids: tuple[str, ...] = tuple(self.live.forces.ids)
        self.force_names = dict(zip(self.live.forces.ids, self.live.forces.names, strict=True))
        self.cap_labels = dict(zip(self.live.caps.names, self.live.caps.labels, strict=True))
        self._said: dict[tuple[str, str, int], object] = {}  # (what, role, round version) -> words
        self.roles_all = all_roles(self.force_ids)
        self.seats = Seats(self.roles_all, key)
        if roles:
            self.seats.open_roles = self.seats.valid_roles(roles)
        self.round = Round(clock, time_limit_s)
        self.ballot = Ballot()
        self.twins = TwinPool(self.engine, self._lock)
        self.log = SessionLog(path, clock)
        self.skip_quiet = skip_quiet  # quarters with nothing for the room are played by the agents
        self.auto_close = auto_close  # a phase closes as soon as everyone has decided
        self.version = 0
        self.role_versions: Counter[str] = Counter()
        self.round_version = 0
        self._note("workshop created", "facilitator")
        self._save()

    # ------------------------------------------------------------------ what callers read
    @property
    def key(self) -> str:
        """The facilitator's key."""
        return self.seats.key

    @property
    def role_codes(self) -> dict[str, str]:
        """Role -> its join code."""
        return self.seats.codes

    @property
    def open_roles(self) -> list[str]:
        """The roles open to the room."""
        return self.seats.open_roles

    @property
    def path(self) -> Path | None:
        """The session log's file."""
        return self.log.path

    @property
    def status(self) -> Status:
        return self.round.status

    @property
    def step(self) -> int:
        """The quarter being decided (open) or last played."""
        return self.round.step

    @property
    def phase(self) -> int:
        return self.round.phase

    @property
    def round_number(self) -> int:
        return self.round.number

    @property
    def quarter(self) -> str:
        return self.round.quarter

    @property
    def paused(self) -> bool:
        return self.round.paused

    @property
    def time_limit_s(self) -> float | None:
        return self.round.time_limit_s

    @property
    def questions(self) -> dict[str, Decision]:
        """The open phase's questions by key."""
        return self.round.questions

    @property
    def shown(self) -> dict[str, Decision]:
        """The open phase's questions put to people, by key (the rest: their roles' agents answer)."""
        return self.round.shown_questions()

    @property
    def rounds(self) -> list[RoundRecord]:
        """The rounds played."""
        return self.round.history

    @property
    def timings(self) -> list[dict]:
        """How long each advance took on the server."""
        return self.log.timings

    @property
    def joining(self) -> bool:
        return self.seats.joining

    @joining.setter
    def joining(self, value: bool) -> None:
        self.seats.joining = value

    @property
    def background(self) -> bool:
        """Whether a spare twin is built in the background (False: rebuilt at each advance)."""
        return self.twins.background

    @background.setter
    def background(self, value: bool) -> None:
        self.twins.background = value

    @property
    def refill_delay_s(self) -> float:
        return self.twins.refill_delay_s

    @refill_delay_s.setter
    def refill_delay_s(self, value: float) -> None:
        self.twins.refill_delay_s = value

    @property
    def _spare(self) -> CrossforceModel | None:
        """benchmarks/bench_workshop.py waits on this (``twins.ready`` says the same)."""
        return self.twins._spare

    @property
    def votes(self) -> Mapping[tuple[str, str], Vote]:
        """The open phase's votes by (seat token, decision key), read-only."""
        return MappingProxyType(self.ballot.votes)

    @property
    def answers(self) -> list[dict]:
        """Every answer row of the log, with its status now."""
        with self._lock:
            return self.log.answers.rows()

    @property
    def records(self) -> dict[str, Record]:
        """The answers the run uses, read off the log."""
        with self._lock:
            return self.log.records()

    def time_left(self, now: float | None = None) -> float | None:
        return self.round.time_left(now)

    def label(self, role: str) -> str:
        """The role in words, a policing body under its title on the live model's date."""
        return role_label(role, self.force_names, self._body(role))

    def short(self, role: str) -> str:
        return short_label(role, self.force_names, self._body(role))

    def _body(self, role: str) -> str | None:
        """The title of a policing body's role on the live model's date (None for other roles);
        the pages ask for it on every redraw, so it is read off the model once a round."""
        force = force_of(role)
        if not role.startswith("pcc:") or force not in self.force_names:
            return None
        return self._once("body", role, lambda: self.live.pcc_of(self.force_ids.index(force)).title)

    def _once(self, what: str, role: str, read: Callable[[], object]):
        """``read()`` once per role and round version: words read off the live model, which
        changes only with the round, for pages that redraw on every vote."""
        with self._lock:
            key = (what, role, self.round_version)
            if key not in self._said:
                if len(self._said) > 4096:
                    self._said.clear()
                self._said[key] = read()
            return self._said[key]

    def is_facilitator(self, key: str | None) -> bool:
        return self.seats.is_facilitator(key)

    # ------------------------------------------------------------------ changes
    def _note(self, what: str, by: str) -> None:
        self.log.note(what, by, self.round.number)

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

    def wait_for_change(self, watch: Callable[[], object], seen: object, timeout: float) -> object:
        """Block until ``watch()`` differs from ``seen`` (or ``timeout`` s pass); returns it."""
        with self._changed:
            self._changed.wait_for(lambda: watch() != seen, timeout=timeout)
            return watch()

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------------ participants
    def _holder(self, token: str | None, browser: str | None, claim: bool = False) -> Seat:
        seat, claimed = self.seats.holder(token, browser, claim)
        if claimed:
            self._note(f"seat P{seat.number:02d} ({seat.role}) claimed by a browser", "participant")
            self._changed_all(roles=set(), save=True)
        return seat

    def join(self, code: str, browser: str) -> Seat:
        """Take a seat in the role a join code stands for (the same seat again if this browser
        already has one in that role)."""
        with self._lock:
            seat, new = self.seats.join(code, browser, self.clock())
            if new:
                self._note(f"P{seat.number:02d} joined as {self.label(seat.role)}", "participant")
                self._changed_all(roles={seat.role}, save=True)  # the role's other players see one more
            return seat

    def open_seat(self, token: str, browser: str) -> Seat:
        """The seat a page opened with ``token`` in ``browser`` (claiming it if it is free)."""
        with self._lock:
            return self._holder(token, browser, claim=True)

    def rename(self, token: str, browser: str, name: str) -> None:
        """A participant gives the name the projector shows for them."""
        with self._lock:
            if self.seats.rename(self._holder(token, browser), name):
                self._changed_all(roles=set(), save=True)

    def choose(self, token: str, browser: str, key: str, choice: tuple[str, ...] | list[str]) -> None:
        """A participant's choice on one decision of the open round (replacing any earlier one)."""
        with self._lock:
            now = self.clock()
            self._expire(now)
            seat = self._holder(token, browser)
            decision = self.round.questions.get(key) if isinstance(key, str) else None
            if self.round.status != Status.OPEN:
                raise Refused("This round is closed: answers are no longer taken.")
            if decision is None:
                raise Refused("This decision is not open in this round.")
            if decision.role != seat.role:
                raise Refused("This decision belongs to another role.")
            if seat.role not in self.seats.open_roles:
                raise Refused("Your role is no longer open: the model's agent plays it now.")
            if key not in self.round.shown:
                raise Refused("This decision is left to your role's agent this round.")
            if not isinstance(choice, tuple | list) or not all(isinstance(c, str) for c in choice):
                raise Refused("That is not one of the options.")
            choice = tuple(choice)
            offered = {o.key for o in shown_options(decision)}
            if not choice or not decision.valid(choice) or not set(choice) <= offered:
                raise Refused("That is not one of the options.")
            self.ballot.cast(Vote(seat.token, key, choice, now))
            self._changed_all(roles={seat.role})
            shown = self.round.shown_questions()
            if self.auto_close and self.ballot.all_decided(self.seats.playing(), shown):
                self._close_phase(now, "everyone had decided")
                self._changed_all()
            self._save()

    def participant_view(self, token: str, browser: str) -> ParticipantView:
        with self._lock:
            self._expire(self.clock())
            seat = self._holder(token, browser)
            return participant_view(
                seat,
                self.seats,
                self.round,
                self.ballot,
                self.log,
                self.label(seat.role),
                self.role_context(seat.role),
                self.version,
            )

    def participant_watch(self, token: str) -> tuple:
        """What a participant's page redraws on: the round, and its own role's votes."""
        seat = self.seats.by_token.get(token)
        role = seat.role if seat else ""
        removed = seat.removed if seat else True
        browser = seat.browser if seat else None
        return (self.round_version, self.role_versions[role], removed, browser)

    def held_by(self, browser: str) -> str | None:
        """The token of the seat ``browser`` holds, if any (to send it back there)."""
        with self._lock:
            seat = self.seats.held_by(browser)
            return seat.token if seat else None

    def inspection_reasons(self) -> dict[str, str]:
        """Why each force is a candidate for HMIC's inspection, in words (read once a round)."""
        return self._once("inspection", "hmic", lambda: inspection_reasons(self.live))

    def role_context(self, role: str) -> list[str]:
        """The role's situation in words, from the live model (read once a round)."""
        return self._once("context", role, lambda: situation(self.live, role, self.force_names))

    # ------------------------------------------------------------------ facilitator
    def start(self, key: str) -> None:
        """Open the first round (the same as advancing from the start)."""
        self.advance(key)

    def advance(self, key: str) -> None:
        """Close the open round (unanswered decisions get the agent's own choice, logged as timed
        out) and open what comes next: a follow-up phase, or the next quarter with questions."""
        with self._lock:
            self.seats.check_key(key)
            began = time.perf_counter()
            now = self.clock()
            self._expire(now)
            self.round.check_can_advance()
            closing = self.round.status == Status.OPEN
            if closing:
                self._close_phase(now, "the facilitator advanced")
            if self.round.status in (Status.WAITING, Status.CLOSED):
                self._open_round(now)
            self.log.timings.append(
                {
                    "round": self.round.number,
                    "step": self.round.step,
                    "action": "close and open" if closing else "open",
                    "seconds": round(time.perf_counter() - began, 4),
                }
            )
            self._note(f"advanced to round {self.round.number} ({self.round.quarter})", "facilitator")
            self._changed_all(save=True)

    def pause(self, key: str) -> None:
        """Stop the round's clock (answers are still taken)."""
        with self._lock:
            self.seats.check_key(key)
            now = self.clock()
            self._expire(now)
            if self.round.pause(now):
                self._note("paused", "facilitator")
                self._changed_all(save=True)

    def resume_clock(self, key: str) -> None:
        """Start the round's clock again where it stopped."""
        with self._lock:
            self.seats.check_key(key)
            self.round.resume(self.clock())
            self._note("resumed", "facilitator")
            self._changed_all(save=True)

    def set_time_limit(self, key: str, seconds: float | None) -> None:
        """The time limit per round (None: none). During a round the countdown restarts from now."""
        with self._lock:
            self.seats.check_key(key)
            self.round.set_time_limit(seconds, self.clock())
            self._note(f"time limit {self.round.time_limit_s or 'none'}", "facilitator")
            self._changed_all(save=True)

    def set_roles(self, key: str, roles: list[str]) -> None:
        """The roles open to the room (from the next round; roles nobody takes stay the model's)."""
        with self._lock:
            self.seats.check_key(key)
            self.seats.open_roles = self.seats.valid_roles(list(roles))
            self._note(f"open roles: {', '.join(self.seats.open_roles) or 'none'}", "facilitator")
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
            self.seats.check_key(key)
            for name, value in (("joining", joining), ("skip_quiet", skip_quiet), ("auto_close", auto_close)):
                if value is not None:
                    setattr(self, name, bool(value))
                    self._note(f"{name} = {bool(value)}", "facilitator")
            self._changed_all(save=True)

    def reassign(self, key: str, number: int) -> None:
        """Free a seat from the browser that holds it: the next browser to open its link takes it
        (a phone that lost its cookie, or a player moving to another device)."""
        with self._lock:
            self.seats.check_key(key)
            self.seats.free(number)
            self._note(f"seat P{number:02d} freed for another device", "facilitator")
            self._changed_all(roles=set(), save=True)

    def remove_seat(self, key: str, number: int) -> None:
        """Remove a seat: its link stops working and its votes in the open round no longer count."""
        with self._lock:
            self.seats.check_key(key)
            seat = self.seats.remove(number)
            for vote in self.ballot.take(seat=seat.token):
                self.log.votes.append(vote_row(self.round, vote, seat), "removed")
            self._note(f"seat P{number:02d} removed", "facilitator")
            self._changed_all(roles={seat.role}, save=True)

    def rewind(self, key: str, to_round: int | None = None) -> None:
        """Go back to the start of an earlier round (default: the one before the latest) and open
        it again: answers from it on are set aside (kept in the log as rewound)."""
        with self._lock:
            self.seats.check_key(key)
            target = self.round.rewind_target(to_round)
            for vote in self.ballot.take():
                self.log.votes.append(vote_row(self.round, vote, self.seats.by_token[vote.seat]), "rewound")
            step = self.round.rewind(target)
            self.log.rewind(step)
            self.twins.invalidate()  # the answers before the live quarter changed
            self.live = self.engine.build(self.log.records(), step - 1)
            self._note(f"rewound to round {target}", "facilitator")
            self._open_round(self.clock())
            self._changed_all(save=True)

    # ------------------------------------------------------------------ playing the rounds
    def tick(self) -> None:
        """Close the open round if its time has run out (the clock thread calls this)."""
        with self._lock:
            if self._expire(self.clock()):
                self._changed_all(save=True)

    def _expire(self, now: float) -> bool:
        if self.round.expired(now):
            self._close_phase(now, "time ran out")
            return True
        return False

    def refill(self, delay_s: float | None = None) -> threading.Thread | None:
        """Build a spare twin of the live model in the background, unless the run has ended."""
        with self._lock:
            if self.round.status == Status.FINISHED:
                return None
            return self.twins.refill(self.log.records(), self.live.steps, delay_s)

    def _open_round(self, now: float) -> None:
        """Open the next quarter the room has questions in (quarters with none are played by the
        model's agents, unless the facilitator chose to stop at every quarter)."""
        k = self.round.step + 1
        steps = self.engine.steps
        if k > steps:
            self.round.finish()
            return
        roles = self.seats.human_roles()
        records = self.log.records()
        twin = self.twins.take(k - 1, records)
        while True:
            probe = self.engine.probe(twin, records, roles)
            quarter = twin.quarter_label
            if probe.asked or not self.skip_quiet or k >= steps:
                break
            self.engine.advance(self.live, records, k)  # nobody in the room was asked
            self._note(f"{quarter}: no decisions for the room; the model's agents played it", "model")
            k += 1
        if not probe.asked and self.skip_quiet:
            self.engine.advance(self.live, records, k)
            self.round.finish(k, quarter)
            self._note(f"{quarter}: no decisions for the room; the run has ended", "model")
            return
        self.round.open(k, quarter, probe.asked, now)
        self._note(
            f"round {self.round.number} opened: {quarter}, {len(self.round.questions)} decisions", "model"
        )

    def _close_phase(self, now: float, why: str) -> None:
        """Record the phase's answers and play the quarter with them (see the module docstring)."""
        k = self.round.step
        counted = {s.token for s in self.seats.by_token.values() if not s.removed}
        for d in self.round.questions.values():
            votes = self.ballot.on(d.key, counted)
            if votes:
                choice, backers = combine(d, votes)
                by, who = "human", "; ".join(self.seats.by_token[t].participant for t in backers)
            else:  # nobody answered: the agent, for a decision shown or one left to it
                choice, who = d.model_choice, ""
                by = "timed out" if d.key in self.round.shown else DELEGATED
            self.log.answers.append(
                answer_row(self.round, d, choice, by, who, self.label(d.role), now), "used"
            )
        for vote in self.ballot.take(self.round.questions):
            self.log.votes.append(vote_row(self.round, vote, self.seats.by_token[vote.seat]), "counted")
        records = self.log.records()
        probe = self.engine.probe(self.live, records, self.seats.human_roles())  # live: k-1 -> k
        if probe.asked and self.round.phase < MAX_PHASES:
            self.live = self.twins.take(k - 1, records)  # back to the quarter's start
            self.round.follow_up(probe.asked, now)
            self._note(
                f"{why}; follow-up {self.round.phase} with {len(self.round.questions)} new decisions", "model"
            )
            return
        for d in probe.asked:
            row = answer_row(self.round, d, d.model_choice, ARISEN_BY_MODEL, "", self.label(d.role), now)
            self.log.answers.append(row, "used")
        self.log.did_not_arise(k, {d.key for d in probe.seen})
        self.round.close(now, self.engine.steps)
        self._note(f"round {self.round.number} closed: {why}", "model")

    # ------------------------------------------------------------------ views for the facilitator
    def room_view(self, key: str) -> RoomView:
        with self._lock:
            self.seats.check_key(key)
            self._expire(self.clock())
            return room_view(self.seats, self.round, self.ballot, self.short, self.version)

    def seats_list(self, key: str) -> list[Seat]:
        with self._lock:
            self.seats.check_key(key)
            return self.seats.active()

    def join_codes(self, key: str) -> list[tuple[str, str, str]]:
        """(role, label, code) for every open role."""
        with self._lock:
            self.seats.check_key(key)
            return [(r, self.label(r), self.seats.codes[r]) for r in self.seats.open_roles]

    def with_live(self, key: str, read: Callable[[CrossforceModel], object]) -> object:
        """Call ``read(model)`` on the live model under the lock (the model is never read while a
        round is being played)."""
        with self._lock:
            self.seats.check_key(key)
            return read(self.live)

    def snapshot(self, key: str) -> Snapshot:
        """The run and the log as they stand, for the debrief (which rebuilds the run from it
        without holding the lock)."""
        with self._lock:
            self.seats.check_key(key)
            return self._snapshot()

    def _snapshot(self) -> Snapshot:
        live = self.live
        return Snapshot(
            played=live.steps,
            records=self.log.records(),
            answers=self.log.answers.rows(),
            votes=self.log.votes.rows(),
            series=live.recorder.model_series().copy(),
            events=live.events.frame(),
            final=final_metrics(live) if live.steps else None,
        )

    # ------------------------------------------------------------------ the session log
    def to_json(self) -> dict:
        now = self.clock()
        return {
            "format": LOG_FORMAT,
            "saved": iso(now),
            "setup": self.setup.to_json(),
            "facilitator_key": self.seats.key,
            "settings": {
                "open_roles": self.seats.open_roles,
                "joining": self.seats.joining,
                "time_limit_s": self.round.time_limit_s,
                "skip_quiet": self.skip_quiet,
                "auto_close": self.auto_close,
            },
            "role_codes": self.seats.codes,
            "seats": self.seats.to_json(),
            "current": self.round.to_json(now),
            "rounds": [r.to_json() for r in self.round.history],
            "answers": self.log.answers.rows(),
            "votes": self.log.votes.rows(),
            "open_votes": self.ballot.to_json(),
            "events": self.log.events,
            "timings": self.log.timings,
        }

    def _save(self) -> None:
        self.log.write(self.to_json())

    @classmethod
    def resume(cls, path: Path, clock: Callable[[], float] = time.time) -> WorkshopState:
        """The workshop a session log describes, rebuilt: the run replayed to where it was, an open
        round opened again (paused, with the choices already made), every seat link still valid."""
        data = read_log(path)
        settings, current = data["settings"], data["current"]
        state = cls(
            Setup.from_json(data["setup"]),
            None,
            key=data["facilitator_key"],
            clock=clock,
            skip_quiet=settings["skip_quiet"],
            auto_close=settings["auto_close"],
        )
        state.seats.restore(data["role_codes"], data["seats"], settings["open_roles"], settings["joining"])
        state.log.restore(data)
        state.round.restore(current, data["rounds"], settings["time_limit_s"])
        records, step = state.log.records(), state.round.step
        if state.round.status != Status.OPEN:
            state.live = state.engine.build(records, step)
        else:
            state.live = state.engine.build(records, step - 1)
            twin = state.engine.build(records, step - 1)
            probe = state.engine.probe(twin, records, state.seats.human_roles() | _roles_of(current))
            wanted = set(current["questions"])
            state.round.reopen([d for d in probe.asked if d.key in wanted])
            state.ballot.restore(data["open_votes"], state.round.questions, set(state.seats.by_token))
        state.log.path = Path(path)
        state._note("resumed from the session log after a restart", "server")
        state._save()
        return state

    # ------------------------------------------------------------------ export
    def export(self, key: str, folder: Path | None = None) -> list[Path]:
        """Write the session log and the run's tables, as CSV and Parquet, to ``folder`` (default:
        ``export`` beside the session log). Returns the files written. The comparison rebuilds the
        whole run from a snapshot, without the lock: the room goes on meanwhile."""
        with self._lock:
            self.seats.check_key(key)
            if folder is None:
                if self.log.path is None:
                    raise Refused("This workshop has no session log folder to export to.")
                folder = self.log.path.parent / "export"
            snapshot = self._snapshot()
            text = json.dumps(self.to_json(), indent=1)
        written = export(snapshot, self.engine, text, Path(folder))
        with self._lock:
            self._note(f"exported {len(written)} files to {folder}", "facilitator")
            self._save()
        return written


def _roles_of(current: dict) -> set[str]:
    """The roles of an open round's questions (``abm.decisions.role_of_key``)."""
    return {role_of_key(key) for key in current.get("questions", [])}
