"""The event log: every decision and its reason in plain words.

Facilitators read it on the dashboard and teachers use it to ask the room why an agent
chose what it chose, so each entry names who, what, with whom, why, the money and the
response time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class Event:
    step: int
    quarter: str
    force: str
    capability: str
    action: str
    partner: str
    reason: str
    money_gbp_m: float  # yearly money effect for the force (negative: a saving)
    response_min: float


class EventLog:
    """Append-only list of events with a tidy-table view."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._frame: pd.DataFrame | None = None  # built on demand, dropped when an event arrives

    def log(
        self,
        model,
        force: int,
        capability: int | None,
        action: str,
        *,
        partner: int = -1,
        reason: str = "",
        money: float = float("nan"),
        minutes: float = float("nan"),
    ) -> None:
        names = model.forces.names
        self._frame = None
        self.events.append(
            Event(
                step=model.steps,
                quarter=model.quarter_label,
                force=names[force] if force >= 0 else "",
                capability=model.caps.labels[capability] if capability is not None else "",
                action=action,
                partner=names[partner] if partner >= 0 else "",
                reason=reason,
                money_gbp_m=round(float(money), 3),
                response_min=round(float(minutes), 1),
            )
        )

    def __len__(self) -> int:
        return len(self.events)

    def frame(self) -> pd.DataFrame:
        """The log as a table (cached until the next event; callers must not modify it)."""
        if self._frame is None:
            columns = list(Event.__dataclass_fields__)
            self._frame = pd.DataFrame([asdict(e) for e in self.events], columns=columns)
        return self._frame
