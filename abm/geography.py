"""Where each force's incidents are, for response times: the area its incidents spread over and
the distances between forces (``abm.economics.incident_areas``). Its one owner; a merger joins
two forces' areas (the successor keeps its centroid)."""

from __future__ import annotations

import numpy as np

from abm.economics import incident_areas
from abm.forces import ForceTable
from abm.params import ModelParams


class Geography:
    """Incident areas (km2, per force) and centroid distances (km, between forces)."""

    def __init__(self, forces: ForceTable, params: ModelParams) -> None:
        self._params = params
        self.area = incident_areas(forces, params)
        self.distance = np.ascontiguousarray(forces.distance_km)

    def fold(self, forces: ForceTable) -> None:
        """A merger has added one force's population and area to another's: recompute the areas."""
        self.area = incident_areas(forces, self._params)
