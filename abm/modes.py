"""How a force gets a capability: the arrangement codes stored per force and capability, and the
named sets of arrangements the rest of the model speaks of (defined here once)."""

from __future__ import annotations

from enum import IntEnum

import numpy as np


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


# The same codes as plain integers, for compiled (numba) code.
MODE_NONE, MODE_OWN, MODE_BUY, MODE_JOINT_LEAD, MODE_JOINT_MEMBER, MODE_NATIONAL = (int(m) for m in Mode)
PAYG, SUBSCRIPTION = int(Contract.PAYG), int(Contract.SUBSCRIPTION)


class ModeSet:
    """A named set of arrangements: ``mode in the_set`` for one arrangement, ``the_set.mask(array)``
    for many."""

    def __init__(self, *modes: Mode) -> None:
        self.members = frozenset(int(m) for m in modes)
        self.codes = np.array(sorted(self.members), dtype=np.int8)

    def __contains__(self, mode: object) -> bool:
        return int(mode) in self.members  # type: ignore[call-overload]

    def mask(self, modes: np.ndarray) -> np.ndarray:
        return np.isin(modes, self.codes)


#: runs a unit of its own (hosting anyone routed to it)
OPERATES = ModeSet(Mode.OWN, Mode.JOINT_LEAD)
#: served by another force's unit
SERVED_BY_PARTNER = ModeSet(Mode.BUY, Mode.JOINT_MEMBER)
#: party to an agreement with another force (a buyer, a joint unit's lead or member)
COLLABORATING = ModeSet(Mode.BUY, Mode.JOINT_LEAD, Mode.JOINT_MEMBER)
#: bound by an agreement it must give notice to leave
UNDER_AGREEMENT = ModeSet(Mode.BUY, Mode.JOINT_LEAD, Mode.JOINT_MEMBER, Mode.NATIONAL)


#: Names used in outputs, the dashboard and the event log (seed 000 / issue vocabulary).
REPORTED_MODES = ("hold", "host", "buy", "joint", "national", "none", "merged")
