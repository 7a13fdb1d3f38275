"""The decisions agents take, in a form a person can take them instead (workshop mode).

At each point where a participant could stand in for an agent (a chief's review of a capability,
a chief's answer to a partner's proposal, a policing body's signature or notice, the Home
Secretary's direction, HMIC's choice of forces to inspect), the agent asks ``model.decide``.
With no controller for its role the agent's own rule answers at once and nothing is built (the
fast path every batch run takes). With a controller attached for the role (``model.controllers``),
the agent describes the decision: the question, the options as the model's own scoring sees them
(one scoring path: a person chooses among exactly the options the agent would), the facts behind
each, and what the agent itself would choose; the controller answers (a person, a timer running
out, a recorded session being replayed), and the answer is logged beside the model's own choice.

Roles are strings: ``chief:<force id>``, ``pcc:<force id>``, ``home_secretary``, ``hmic``.
A decision's ``key`` (``decision_key``, the one spelling) is the same in a replay of the same run,
so a session log can be replayed; everything else reads the decision's typed fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

HOME_SECRETARY = "home_secretary"
HMIC = "hmic"


def chief_role(force_id: str) -> str:
    return f"chief:{force_id}"


def pcc_role(force_id: str) -> str:
    return f"pcc:{force_id}"


@dataclass(frozen=True)
class Option:
    """One choice, in words, with the facts the agent weighed (money in GBP m a year, harm valued
    in GBP m a year, response in minutes, trust 0-1, and so on)."""

    key: str
    label: str
    facts: dict[str, float | str] = field(default_factory=dict)


def decision_key(
    step: int, role: str, kind: str, subject: str = "", partner: str = "", capability: str = ""
) -> str:
    """The one spelling of a decision's key: ``step/role/kind``, then whichever of ``subject``,
    ``partner`` and ``capability`` the decision has, in that order (session logs store it)."""
    return "/".join(str(part) for part in (step, role, kind, subject, partner, capability) if part != "")


def role_of_key(key: str) -> str:
    """The role a decision key belongs to (``decision_key``: after the step)."""
    return key.split("/")[1]


@dataclass(frozen=True)
class Decision:
    """A question put to one role, with its options and the agent's own answer."""

    step: int  # the model step it is asked in
    role: str
    kind: str  # review | answer | sign | notice | alliance | merge | direct | inspect
    quarter: str
    question: str
    options: tuple[Option, ...]
    model_choice: tuple[str, ...]
    pick: int = 1  # how many options may be chosen (HMIC chooses up to its capacity)
    capability: str = ""  # the capability's catalogue name, when it is about one
    partner: str = ""  # the other party: a force's id (a force's name for a merger) or an alliance's number
    subject: str = ""  # what a notice is on: the kind of arrangement, or "alliance"

    @property
    def key(self) -> str:
        return decision_key(self.step, self.role, self.kind, self.subject, self.partner, self.capability)

    def valid(self, choice: tuple[str, ...]) -> bool:
        """Whether a choice is one this decision allows."""
        keys = {o.key for o in self.options}
        return (
            len(choice) <= self.pick
            and len(set(choice)) == len(choice)
            and set(choice) <= keys
            and (self.pick > 1 or len(choice) == 1)
        )


@dataclass(frozen=True)
class Answer:
    """What was chosen, and by whom: the model's agent, a person, or the model on a person's
    behalf because the round's time ran out."""

    decision: Decision
    choice: tuple[str, ...]
    by: str  # model | human | timed out | replayed

    @property
    def diverged(self) -> bool:
        return set(self.choice) != set(self.decision.model_choice)


class Controller(Protocol):
    """Answers the decisions of the roles it is attached to."""

    def decide(self, decision: Decision) -> Answer: ...


class Replay:
    """A controller that answers from a recorded session (decision key -> choice), and with the
    model's own choice where the record has none: rebuilding a workshop after a restart, or
    rewinding it, replays the same run."""

    def __init__(self, recorded: dict[str, tuple[str, ...]]) -> None:
        self.recorded = recorded

    def decide(self, decision: Decision) -> Answer:
        choice = self.recorded.get(decision.key)
        if choice is None or not decision.valid(choice):
            return Answer(decision, decision.model_choice, "model")
        return Answer(decision, choice, "replayed")
