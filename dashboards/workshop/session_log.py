"""What the session log keeps of a workshop, how it is written, and how it is read back.

The log is a JSON file rewritten atomically after every change (format ``LOG_FORMAT``). Its answer
and vote rows are appended once and never edited; a row's status ("used", "did not arise",
"rewound"; for votes "counted", "removed", "rewound") is its status when appended, or the status a
later entry set it aside with (``Ledger``). The answers the run replays (``SessionLog.records``) are
read off the same rows, so there is one source of truth for what was answered and what counts.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from abm.decisions import Decision
from dashboards.workshop.ballot import Vote
from dashboards.workshop.divergence import choice_labels, effect
from dashboards.workshop.engine import Record
from dashboards.workshop.round import Round
from dashboards.workshop.seats import Seat

LOG_FORMAT = "crossforce-workshop/1"
ARISEN_BY_MODEL = "model (arose from another choice this quarter)"  # who answered a follow-up past MAX_PHASES
DELEGATED = "model (less at stake: left to the role's agent)"  # a decision not put to people (ranking)


def iso(t: float) -> str:
    """A time as the log writes it: UTC, to the millisecond."""
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


def read_log(path: Path) -> dict:
    """A session log's contents, or ``ValueError`` if the file is not one."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != LOG_FORMAT:
        raise ValueError(f"{path}: not a crossforce workshop log")
    return data


class Ledger:
    """Rows appended once and never edited, each with a status: the one it was appended with, or
    the latest one a later ``set_aside`` gave it (so a row's status is read off the log, not kept
    in step by hand)."""

    def __init__(self) -> None:
        self._rows: list[dict] = []
        self._marks: list[tuple[str, tuple[int, ...]]] = []  # (status, rows it applies to), in order

    def append(self, row: dict, status: str) -> None:
        self._rows.append(dict(row))
        self._marks.append((status, (len(self._rows) - 1,)))

    def statuses(self) -> list[str]:
        """Each row's status now, in row order."""
        status = [""] * len(self._rows)
        for mark, rows in self._marks:
            for i in rows:
                status[i] = mark
        return status

    def set_aside(self, status: str, where: Callable[[dict, str], bool]) -> None:
        """Give ``status`` to every row for which ``where(row, its status now)`` holds."""
        rows = tuple(i for i, s in enumerate(self.statuses()) if where(self._rows[i], s))
        if rows:
            self._marks.append((status, rows))

    def rows(self, where: Callable[[dict, str], bool] | None = None) -> list[dict]:
        """Every row (or those for which ``where(row, its status)`` holds) with its status now, as
        copies: the ledger is never edited through them."""
        return [
            {**row, "status": s}
            for row, s in zip(self._rows, self.statuses(), strict=True)
            if where is None or where(row, s)
        ]

    def restore(self, rows: list[dict]) -> None:
        """Rows as a session log wrote them, each with the status it had then."""
        for row in rows:
            self.append({k: v for k, v in row.items() if k != "status"}, row["status"])


def answer_row(
    round_: Round, d: Decision, choice: tuple[str, ...], by: str, who: str, role_label: str, now: float
) -> dict:
    """The log's row for the answer to decision ``d`` in the open phase of ``round_``."""
    e = effect(d, choice)
    return {
        "round": round_.number,
        "phase": round_.phase,
        "step": round_.step,
        "quarter": d.quarter,
        "key": d.key,
        "role": d.role,
        "role_label": role_label,
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
        "time": iso(now),
    }


def vote_row(round_: Round, vote: Vote, seat: Seat) -> dict:
    """The log's row for a participant's choice, once it no longer stands in the open phase."""
    d = round_.questions.get(vote.key)
    return {
        "round": round_.number,
        "phase": round_.phase,
        "step": round_.step,
        "quarter": round_.quarter,
        "key": vote.key,
        "role": seat.role,
        "participant": seat.participant,
        "choice": list(vote.choice),
        "choice_label": choice_labels(d, vote.choice) if d else "; ".join(vote.choice),
        "model_choice": list(d.model_choice) if d else [],
        "time": iso(vote.time),
    }


class SessionLog:
    """The workshop's history: every answer, every participant's choice, facilitator actions and
    round events, and how long each advance took (not thread-safe: ``WorkshopState`` holds the lock)."""

    def __init__(self, path: Path | None, clock: Callable[[], float]) -> None:
        self.path = Path(path) if path is not None else None
        self.clock = clock
        self.answers = Ledger()  # one row per decision answered
        self.votes = Ledger()  # one row per participant's choice, once its phase closed
        self.events: list[dict] = []
        self.timings: list[dict] = []

    def note(self, what: str, by: str, round_number: int) -> None:
        self.events.append({"time": iso(self.clock()), "round": round_number, "what": what, "by": by})

    # ------------------------------------------------------------------ answers
    def records(self) -> dict[str, Record]:
        """The answers the run uses: every used row but those the model's agent gave past the
        last follow-up phase (the run's own choice, nothing to replay)."""
        return {
            row["key"]: Record(
                row["key"], row["step"], row["role"], tuple(row["choice"]), tuple(row["model_choice"])
            )
            for row in self.answers.rows(lambda row, s: s == "used" and row["by"] != ARISEN_BY_MODEL)
        }

    def results(self, role: str, step: int) -> list[dict]:
        """The used answers of ``role`` in quarter ``step``."""
        return self.answers.rows(lambda row, s: row["role"] == role and row["step"] == step and s == "used")

    def did_not_arise(self, step: int, arose: set[str]) -> None:
        """Quarter ``step`` has been played: its used answers to decisions that did not arise in the
        end (another answer changed what was put to the role) no longer count."""
        self.answers.set_aside(
            "did not arise", lambda row, s: row["step"] == step and s == "used" and row["key"] not in arose
        )

    def rewind(self, step: int) -> None:
        """Set aside every answer and counted choice from quarter ``step`` on."""
        self.answers.set_aside(
            "rewound", lambda row, s: row["step"] >= step and s in ("used", "did not arise")
        )
        self.votes.set_aside("rewound", lambda row, s: row["step"] >= step and s == "counted")

    # ------------------------------------------------------------------ the file
    def restore(self, data: dict) -> None:
        """The history a session log recorded."""
        self.answers.restore(data["answers"])
        self.votes.restore(data["votes"])
        self.events = list(data["events"])
        self.timings = list(data.get("timings", []))

    def write(self, document: dict) -> None:
        """Write the whole log (when this workshop has a file)."""
        if self.path is not None:
            write_atomically(self.path, json.dumps(document, indent=1))
