"""The event log: every decision and its reason in plain words.

Facilitators read it on the dashboard and teachers use it to ask the room why an agent
chose what it chose, so each entry names who, what, with whom, why, the money and the
response time.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

#: Columns of the event table: who, what, with whom, why, the money and the response time.
COLUMNS = (
    "step",
    "quarter",
    "force",
    "capability",
    "action",
    "partner",
    "reason",
    "money_gbp_m",  # yearly money effect for the force (negative: a saving)
    "response_min",
)


class EventLog:
    """Append-only list of events (kept as tuples: a run logs hundreds) with a tidy-table view."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []
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
        self.rows.append(
            (
                model.steps,
                model.quarter_label,
                names[force] if force >= 0 else "",
                model.caps.labels[capability] if capability is not None else "",
                action,
                names[partner] if partner >= 0 else "",
                reason,
                round(float(money), 3),
                round(float(minutes), 1),
            )
        )

    def __len__(self) -> int:
        return len(self.rows)

    def action_counts(self) -> Counter[str]:
        """How many events of each action (0 for an action never logged)."""
        return Counter(row[4] for row in self.rows)

    def frame(self) -> pd.DataFrame:
        """The log as a table (cached until the next event; callers must not modify it)."""
        if self._frame is None:
            self._frame = pd.DataFrame.from_records(self.rows, columns=COLUMNS)
        return self._frame
