"""Run seeds from one experiment seed, so results never depend on who runs what.

Run ``i`` gets the ``i``-th child of ``numpy.random.SeedSequence(experiment_seed)``:
the same as ``SeedSequence(seed).spawn(n)[i]``, computed directly so that a sweep of a
million runs need not spawn them all. Children are statistically independent streams,
and the seed of a run depends only on its index, not on the executor, the number of
workers or the order in which runs finish.
"""

from __future__ import annotations

import numpy as np


def run_seed(experiment_seed: int, index: int) -> int:
    """The integer seed of run ``index`` (what CrossforceModel takes), in [0, 2**32)."""
    child = np.random.SeedSequence(experiment_seed, spawn_key=(index,))
    return int(child.generate_state(1, dtype=np.uint32)[0])
