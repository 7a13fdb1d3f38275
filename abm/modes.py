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


def _codes(*modes: Mode) -> np.ndarray:
    return np.array(sorted(int(m) for m in modes), dtype=np.int8)


#: runs a unit of its own (hosting anyone routed to it)
OPERATES = _codes(Mode.OWN, Mode.JOINT_LEAD)
#: served by another force's unit
SERVED_BY_PARTNER = _codes(Mode.BUY, Mode.JOINT_MEMBER)
#: party to an agreement with another force (a buyer, a joint unit's lead or member)
COLLABORATING = _codes(Mode.BUY, Mode.JOINT_LEAD, Mode.JOINT_MEMBER)
#: has given up running its own unit (served by another force or by the national provider)
RELIES_ON_OTHERS = _codes(Mode.BUY, Mode.JOINT_MEMBER, Mode.NATIONAL)
#: bound by an agreement it must give notice to leave
UNDER_AGREEMENT = _codes(Mode.BUY, Mode.JOINT_LEAD, Mode.JOINT_MEMBER, Mode.NATIONAL)


def in_set(modes: np.ndarray | int, codes: np.ndarray) -> np.ndarray | bool:
    """Whether each arrangement belongs to a named set (works on arrays and single codes)."""
    return np.isin(modes, codes)


#: Names used in outputs, the dashboard and the event log (seed 000 / issue vocabulary).
REPORTED_MODES = ("hold", "host", "buy", "joint", "national", "none", "merged")
