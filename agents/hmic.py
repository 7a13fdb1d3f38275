"""HM Inspectorate of Constabulary: limited inspections, grades, and flags.

Each year HMIC inspects up to ``hmic_inspections_per_year`` forces, the riskiest first (high
cost per head, high harm per head, a recent refusal). It grades value for money and capability,
and flags a force that refused, or is not pursuing, a clearly beneficial collaboration. A flag
is reported to the PCC and the Home Secretary and raises pressure on the force (seed 002 §4.15,
§4.24).
"""

from __future__ import annotations

import mesa
import numpy as np


class HMICAgent(mesa.Agent):
    """The inspectorate; ``grades`` keeps the latest grades of each inspected force."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.grades: dict[int, tuple[str, str]] = {}
        self.inspected_last_year: list[int] = []

    def choose(self, risk: np.ndarray) -> list[int]:
        """The forces to inspect this year: highest risk first, within capacity."""
        capacity = self.model.params.hmic_inspections_per_year
        candidates = np.nonzero(self.model.active)[0]
        order = candidates[np.argsort(-risk[candidates], kind="stable")]
        self.inspected_last_year = [int(f) for f in order[:capacity]]
        return self.inspected_last_year

    @staticmethod
    def grade(percentile: float) -> str:
        """Four grades, as HMIC's: from a force's percentile among forces (0 best)."""
        return ("outstanding", "good", "requires improvement", "inadequate")[min(int(percentile * 4), 3)]
