"""Trust between forces: what each chief believes about each partner's reliability.

Directional, 0-1: ``of(f, g)`` is f's belief that g will deliver when called (the share of calls
it expects g's unit to serve). It starts at ``initial_trust``, more within a regional organised
crime unit (seed 002 §4.23), more between forces that worked together before the run starts (any
recorded collaboration: ``prior_tie_trust_bonus``), and more between forces of similar size
(``similar_size_trust_bonus``); it moves each quarter toward the share of f's demand g actually
served (seed 000: chiefs "must have confidence access is guaranteed"). Lateness is not part of
it: how late a partner arrives is already in the harm a chief expects (counted once). This object
is the one owner of the matrix.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from abm.params import ModelParams


class Trust:
    """Each force's trust in each other force."""

    def __init__(
        self, rocu: tuple[str, ...], params: ModelParams, ties: np.ndarray, population: np.ndarray
    ) -> None:
        region = np.array(rocu)
        same = region[:, None] == region[None, :]
        ratio = np.abs(np.log(np.maximum(population[:, None], 1.0) / np.maximum(population[None, :], 1.0)))
        similar = np.clip(1.0 - ratio / np.log(4.0), 0.0, 1.0)  # 1: equal; 0: four times the size or more
        trust = (
            np.full((len(rocu),) * 2, params.initial_trust)
            + params.same_rocu_trust_bonus * same
            + params.prior_tie_trust_bonus * ties
            + params.similar_size_trust_bonus * similar
        )
        np.fill_diagonal(trust, 1.0)
        self._matrix = np.clip(trust, 0.0, 1.0)
        self.matrix = self._matrix.view()
        self.matrix.flags.writeable = False
        self._rate = params.trust_learning_rate

    def of(self, f: int, g: int) -> float:
        return float(self._matrix[f, g])

    def learn(self, demand: np.ndarray, served_fraction: np.ndarray, payee: np.ndarray) -> None:
        """One quarter's experience of each partner (see module docstring)."""
        learn_from_service(self._matrix, demand, served_fraction, payee, self._rate)


@njit(cache=True)
def learn_from_service(trust, demand, served_fraction, payee, learning_rate) -> None:
    """Move trust in each partner toward the share of demand it served this quarter; a pair
    sharing several capabilities moves by the mean of its experiences."""
    F, C = demand.shape
    experiences = np.zeros((F, F))
    change = np.zeros((F, F))
    for i in range(F):
        for c in range(C):
            partner = payee[i, c]
            if partner >= 0 and demand[i, c] > 0:
                experiences[i, partner] += 1.0
                change[i, partner] += learning_rate * (served_fraction[i, c] - trust[i, partner])
    for i in range(F):
        for j in range(F):
            if experiences[i, j] > 0:
                trust[i, j] = min(max(trust[i, j] + change[i, j] / experiences[i, j], 0.0), 1.0)
