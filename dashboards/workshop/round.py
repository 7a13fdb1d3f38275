"""The round state machine: which quarter the room is deciding, its phases, its questions and its clock.

A workshop waits, then opens a round (one quarter of the model); an open round may gain follow-up
phases (decisions that arise only because of another answer this quarter), then closes; after the
last quarter it is finished. Only these moves are allowed::

    WAITING --open--> OPEN --close--> CLOSED --open--> OPEN ...
                      OPEN --follow_up--> OPEN (next phase)
    WAITING/CLOSED --finish--> FINISHED;  any, once a round was played --rewind--> CLOSED

A move the facilitator asks for at the wrong time raises ``Refused``; a move the server itself
makes at the wrong time is a bug and raises ``RoundError``. ``Round`` knows nothing of the model:
``WorkshopState`` works out the questions and tells it what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from abm.decisions import Decision
from dashboards.workshop.errors import Refused
from dashboards.workshop.ranking import shown_keys

MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 10, 3600


class Status(StrEnum):
    """Where the workshop is; its value is what the pages and the session log say."""

    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"
    FINISHED = "finished"


class RoundError(RuntimeError):
    """The server tried a move the round state machine does not allow (a bug, never a person's doing)."""


@dataclass
class RoundRecord:
    """One round as the session log keeps it."""

    number: int
    step: int
    quarter: str
    opened: float
    phases: int = 1
    closed: float | None = None

    def to_json(self) -> dict:
        return dict(vars(self))


def valid_limit(seconds: float | None) -> float | None:
    """A time limit per round in seconds (None: none), or ``Refused`` if it is out of range."""
    if seconds is None:
        return None
    if not isinstance(seconds, int | float) or not MIN_TIME_LIMIT_S <= seconds <= MAX_TIME_LIMIT_S:
        raise Refused(
            f"A time limit must be between {MIN_TIME_LIMIT_S} s and {MAX_TIME_LIMIT_S // 60} minutes."
        )
    return float(seconds)


class Round:
    """The current round and the rounds played (not thread-safe: ``WorkshopState`` holds the lock)."""

    def __init__(self, clock: Callable[[], float], time_limit_s: float | None = None) -> None:
        self.clock = clock
        self.time_limit_s = valid_limit(time_limit_s)
        self.status = Status.WAITING
        self.step = 0  # the quarter being decided (open) or last played (closed)
        self.phase = 0
        self.number = 0
        self.quarter = ""
        self.questions: dict[str, Decision] = {}  # the open phase's questions
        self.shown: set[str] = set()  # those put to people (the rest: the role's agent answers)
        self.keys: set[str] = set()  # every question of this round, all phases
        self.deadline: float | None = None
        self.paused = False
        self.paused_left: float | None = None
        self.history: list[RoundRecord] = []

    def _require(self, *allowed: Status) -> None:
        if self.status not in allowed:
            raise RoundError(f"not allowed while the round is {self.status}")

    # ------------------------------------------------------------------ moves
    def open(self, step: int, quarter: str, questions: list[Decision], now: float) -> None:
        """Open round ``number + 1`` on quarter ``step`` with its first phase's questions."""
        self._require(Status.WAITING, Status.CLOSED)
        self.number += 1
        self.step, self.phase, self.quarter = step, 1, quarter
        self._ask(questions)
        self.keys = set(self.questions)
        self.status = Status.OPEN
        self.history.append(RoundRecord(self.number, step, quarter, now))
        self._start_clock(now)

    def follow_up(self, questions: list[Decision], now: float) -> None:
        """The open round's next phase: new questions, and the clock started again."""
        self._require(Status.OPEN)
        self.phase += 1
        self._ask(questions)
        self.keys |= set(self.questions)
        self.history[-1].phases = self.phase
        self._start_clock(now)

    def close(self, now: float, last_step: int) -> None:
        """Close the open round: finished if its quarter was the run's last."""
        self._require(Status.OPEN)
        self._ask([])
        self.status = Status.CLOSED if self.step < last_step else Status.FINISHED
        self.deadline, self.paused, self.paused_left = None, False, None
        self.history[-1].closed = now

    def finish(self, step: int | None = None, quarter: str | None = None) -> None:
        """No quarter is left for the room (the model's agents played any quarters up to ``step``)."""
        self._require(Status.WAITING, Status.CLOSED)
        if step is not None:
            self.step = step
        if quarter is not None:
            self.quarter = quarter
        self.status = Status.FINISHED

    def rewind_target(self, to_round: int | None) -> int:
        """The round a rewind to ``to_round`` goes back to (default: the one before the latest),
        or ``Refused`` if there is no such round."""
        if not self.history:
            raise Refused("Nothing to rewind: no round has been played.")
        target = to_round if to_round is not None else max(1, len(self.history) - 1)
        if not isinstance(target, int) or not 1 <= target <= len(self.history):
            raise Refused(f"There is no round {to_round}.")
        return target

    def rewind(self, target: int) -> int:
        """Go back to before round ``target`` (from ``rewind_target``), forgetting it and every
        later round; returns the quarter it decided, which the caller replays from."""
        step = self.history[target - 1].step
        self.history = self.history[: target - 1]
        self.number = target - 1
        self.step, self.status, self.phase = step - 1, Status.CLOSED, 0
        self._ask([])
        self.keys = set()
        self.deadline, self.paused, self.paused_left = None, False, None
        return step

    def _ask(self, questions: list[Decision]) -> None:
        """The open phase's questions, and which of them people see (``ranking``: the same
        questions always give the same choice, so a restart shows the same pages)."""
        self.questions = {d.key: d for d in questions}
        self.shown = shown_keys(questions)

    def shown_questions(self) -> dict[str, Decision]:
        """The open phase's questions put to people, by key."""
        return {k: d for k, d in self.questions.items() if k in self.shown}

    def check_can_advance(self) -> None:
        if self.status == Status.FINISHED:
            raise Refused("The run has ended: see the debrief.")

    # ------------------------------------------------------------------ the clock
    def _start_clock(self, now: float) -> None:
        self.paused, self.paused_left = False, None
        self.deadline = now + self.time_limit_s if self.time_limit_s else None

    def time_left(self, now: float | None = None) -> float | None:
        """Seconds left in the open phase (None: no round open, or no limit)."""
        if self.status != Status.OPEN:
            return None
        if self.paused:
            return self.paused_left
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - (self.clock() if now is None else now))

    def expired(self, now: float) -> bool:
        """Whether the open phase's time has run out (a paused clock never runs out)."""
        return (
            self.status == Status.OPEN
            and not self.paused
            and self.deadline is not None
            and now >= self.deadline
        )

    def pause(self, now: float) -> bool:
        """Stop the clock (answers are still taken); whether it was running."""
        if self.status != Status.OPEN:
            raise Refused("There is no open round to pause.")
        if self.paused:
            return False
        self.paused_left = self.time_left(now)
        self.paused, self.deadline = True, None
        return True

    def resume(self, now: float) -> None:
        """Start the clock again where it stopped."""
        if self.status != Status.OPEN or not self.paused:
            raise Refused("The round is not paused.")
        self.deadline = now + self.paused_left if self.paused_left is not None else None
        self.paused, self.paused_left = False, None

    def set_time_limit(self, seconds: float | None, now: float) -> None:
        """The time limit per round (None: none); during a round the countdown restarts from now."""
        self.time_limit_s = valid_limit(seconds)
        if self.status == Status.OPEN:
            if self.paused:
                self.paused_left = self.time_limit_s
            else:
                self._start_clock(now)

    # ------------------------------------------------------------------ the session log
    def to_json(self, now: float) -> dict:
        """The log's ``current`` part."""
        return {
            "status": str(self.status),
            "step": self.step,
            "phase": self.phase,
            "round": self.number,
            "quarter": self.quarter,
            "questions": sorted(self.questions),
            "round_keys": sorted(self.keys),
            "time_left": self.time_left(now),
        }

    def restore(self, current: dict, history: list[dict], time_limit_s: float | None) -> None:
        """Where a session log left the rounds; an open round comes back paused with the time it
        had left and no questions (``reopen`` gives them)."""
        self.time_limit_s = time_limit_s
        self.history = [RoundRecord(**r) for r in history]
        self.number, self.quarter = int(current["round"]), current["quarter"]
        self.step, self.phase = int(current["step"]), int(current["phase"])
        self.status = Status(current["status"])
        self.keys = set(current["round_keys"])
        self.deadline = None
        self.paused = self.status == Status.OPEN
        self.paused_left = current["time_left"] if self.paused else None

    def reopen(self, questions: list[Decision]) -> None:
        """The open phase's questions again, after a restart."""
        self._require(Status.OPEN)
        self._ask(questions)
