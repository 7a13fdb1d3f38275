"""What the dashboard asks of a model about mergers and shared units, in one place.

Each function reads only the model's public arrays (``active``, ``merged_into``, ``mode``,
``provider``), so it answers the same for any model built by ``abm``. They live here until the
model offers them itself (the lead will move them into ``abm``): the map, its tooltips and the
drill-down used to re-derive them, walking the merger chain and recounting a host's buyers once
per force on every redraw. Now a redraw asks once (``successors``, ``buyer_counts``) and looks
the answers up.
"""

from __future__ import annotations

import numpy as np

from abm.modes import Mode


def successors(model) -> np.ndarray:
    """For each force, the active force it now belongs to (itself while active, or when its
    merger is not recorded). A force merged into one that later merged itself belongs to the
    last: the chain is followed by pointer doubling, a few array lookups whatever its length."""
    own = np.arange(model.forces.count)
    merged = ~np.asarray(model.active, dtype=bool) & (np.asarray(model.merged_into) >= 0)
    step = np.where(merged, model.merged_into, own)
    for _ in range(int(model.forces.count).bit_length() + 1):
        further = step[step]
        if np.array_equal(further, step):
            break
        step = further
    return step


def successor(model, f: int) -> int:
    """The active force that force ``f`` now belongs to (``f`` itself while it is active)."""
    return int(successors(model)[f])


def users_of(model, host: int, c: int) -> np.ndarray:
    """The active forces that buy capability ``c`` from ``host``'s unit, in index order."""
    buying = (model.mode[:, c] == Mode.BUY) & (model.provider[:, c] == host) & model.active
    return np.flatnonzero(buying)


def buyer_counts(model) -> np.ndarray:
    """How many active forces buy each capability from each force's unit, shape (forces,
    capabilities): ``users_of`` counted for every host and capability at once."""
    count, caps = model.mode.shape
    buying = (model.mode == Mode.BUY) & (model.provider >= 0) & np.asarray(model.active, dtype=bool)[:, None]
    key = np.where(buying, model.provider, 0) * caps + np.arange(caps)
    return np.bincount(key[buying], minlength=count * caps).reshape(count, caps)
