"""Demand for each capability in each force: what chiefs expect, and what each quarter brings.

Expected yearly demand comes from the economics (``abm.economics.expected_demand``: national
demand shared by effective population, tilted toward dense areas); a scenario's shock multiplies
some capabilities' demand from its year on, and chiefs see it. Each force's demand is split into
the National Intelligence Model's levels (``abm.economics.level_shares``: local, cross-border,
national), because each level may go to a different provider (the force's own team, its region's
unit, the national provider). Each quarter's demand is a Poisson draw around a quarter of the
expected demand at each level. A merger adds the absorbed force's demand to its successor's. This
object is the one owner of those arrays.
"""

from __future__ import annotations

import numpy as np

from abm.economics import CapabilityArrays, expected_demand, level_shares
from abm.forces import ForceTable
from abm.params import ModelParams


class Demand:
    """Expected demand (uses a year, forces x capabilities), its split by level, and each
    quarter's draw."""

    def __init__(self, forces: ForceTable, caps: CapabilityArrays, params: ModelParams) -> None:
        self._base = expected_demand(forces, caps, params)
        self.level_share = level_shares(forces, caps, params, self._base)  # (F, C, 3)
        self._shocked = np.array([name in params.shock_capabilities for name in caps.names])
        self._shock_year, self._shock_size = params.shock_start_year, params.shock_multiplier
        self._national_available = caps.national_available
        self._set_expected(self._base.copy())

    def _set_expected(self, expected: np.ndarray) -> None:
        """Expected demand and what is derived from it, replaced whole (never changed in place, so
        a reader holding an array may compare it by identity to know it is still current).
        ``upper``: the work each force's region's unit takes from a member (F, C): cross-border
        work, and national work where no national provider exists; ``national``: what goes to the
        national provider (F, C). Derived here once, rather than by every reader at every turn."""
        self.expected = expected
        self.expected_by_level = expected[:, :, None] * self.level_share
        by_level, national = self.expected_by_level, self._national_available[None, :]
        self.upper = by_level[:, :, 1] + np.where(national, 0.0, by_level[:, :, 2])
        self.national = np.where(national, by_level[:, :, 2], 0.0)

    def set_year(self, year: int) -> None:
        """Expected demand this year: from the shock year on, the shocked capabilities' demand is
        multiplied."""
        active = self._shocked.any() and year >= self._shock_year
        self._set_expected(self._base * np.where(self._shocked & active, self._shock_size, 1.0))

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """This quarter's demand at each level, (F, C, 3): Poisson around a quarter of each expected
        yearly demand."""
        return rng.poisson(self.expected_by_level / 4.0).astype(float)

    def fold(self, keep: int, gone: int, year: int) -> None:
        """A merger: the absorbed force's demand becomes its successor's (its levels mixed in
        proportion to the two forces' demand)."""
        both = self._base[keep] + self._base[gone]
        mixed = (
            self._base[keep, :, None] * self.level_share[keep]
            + self._base[gone, :, None] * self.level_share[gone]
        )
        self.level_share[keep] = np.where(
            both[:, None] > 0, mixed / np.maximum(both, 1e-12)[:, None], self.level_share[keep]
        )
        self._base[keep] = both
        self._base[gone] = 0.0
        self.set_year(year)
