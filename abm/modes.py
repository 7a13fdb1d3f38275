"""How a force gets a capability: the arrangement codes stored per force and capability."""

from __future__ import annotations

from enum import IntEnum


class Mode(IntEnum):
    """Stored arrangement. Hosting is not stored: a force hosts when others route to its unit."""

    NONE = 0  # no access: a gap, all demand unmet
    OWN = 1  # runs its own unit (holds it; hosts it if others buy from it)
    BUY = 2  # buys from another force's unit
    JOINT_LEAD = 3  # runs a joint unit on behalf of partners under an agreement
    JOINT_MEMBER = 4  # belongs to a joint unit run by a lead force
    NATIONAL = 5  # served by the national provider


class Contract(IntEnum):
    """How a buyer pays its host."""

    NONE = 0
    PAYG = 1  # pay-as-you-go: price per use, served from spare capacity
    SUBSCRIPTION = 2  # yearly fee for reserved capacity: assured access


#: Names used in outputs, the dashboard and the event log (seed 000 / issue vocabulary).
REPORTED_MODES = ("hold", "host", "buy", "joint", "national", "none", "merged")
