"""Demand for each capability in each force: what chiefs expect, and what each quarter brings.

Expected yearly demand comes from the economics (``abm.economics.expected_demand``: national
demand shared by effective population, tilted toward dense areas); a scenario's shock multiplies
some capabilities' demand from its year on, and chiefs see it. Each quarter's demand is a
Poisson draw around a quarter of the expected demand. A merger adds the absorbed force's demand
to its successor's. This object is the one owner of those arrays.
"""

from __future__ import annotations

import numpy as np

from abm.economics import CapabilityArrays, expected_demand
from abm.forces import ForceTable
from abm.params import ModelParams


class Demand:
    """Expected demand (uses a year, forces x capabilities) and each quarter's draw."""

    def __init__(self, forces: ForceTable, caps: CapabilityArrays, params: ModelParams) -> None:
        self._base = expected_demand(forces, caps, params)
        self._shocked = np.array([name in params.shock_capabilities for name in caps.names])
        self._shock_year, self._shock_size = params.shock_start_year, params.shock_multiplier
        self.expected = self._base.copy()

    def set_year(self, year: int) -> None:
        """Expected demand this year: from the shock year on, the shocked capabilities' demand is
        multiplied."""
        active = self._shocked.any() and year >= self._shock_year
        self.expected = self._base * np.where(self._shocked & active, self._shock_size, 1.0)

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """This quarter's demand: Poisson around a quarter of each expected yearly demand."""
        return rng.poisson(self.expected / 4.0).astype(float)

    def fold(self, keep: int, gone: int, year: int) -> None:
        """A merger: the absorbed force's demand becomes its successor's."""
        self._base[keep] += self._base[gone]
        self._base[gone] = 0.0
        self.set_year(year)
