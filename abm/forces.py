"""The 43 territorial forces of England and Wales as arrays the model can compute with.

The table ``abm/data/forces.csv`` is built from public statistics by
``tools/build_forces_table.py``; ``abm/data/SOURCES.md`` cites each column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from abm.numerics import haversine_km

FORCES_PATH = Path(__file__).with_name("data") / "forces.csv"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class ForceTable:
    """Static facts about the forces, index-aligned: row i of every array is force i."""

    frame: pd.DataFrame
    ids: tuple[str, ...]
    names: tuple[str, ...]
    population: np.ndarray
    area_km2: np.ndarray
    officers: np.ndarray
    budget_gbp_m: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    rocu: tuple[str, ...]
    adjacency: np.ndarray  # bool (F, F), symmetric: shared land border
    distance_km: np.ndarray  # straight-line distance between centroids (F, F)

    @property
    def count(self) -> int:
        return len(self.ids)

    def index(self, force: str) -> int:
        """Row of a force given its short id or its name (case-insensitive)."""
        key = force.strip().lower()
        for i, (short, name) in enumerate(zip(self.ids, self.names, strict=True)):
            if key in (short.lower(), name.lower()):
                return i
        raise KeyError(f"unknown force {force!r}")


def adjacency_from_names(names: tuple[str, ...], neighbours: pd.Series) -> np.ndarray:
    """Boolean adjacency matrix from the ';'-separated neighbour names of each force."""
    position = {name: i for i, name in enumerate(names)}
    adjacency = np.zeros((len(names), len(names)), dtype=bool)
    for i, text in enumerate(neighbours):
        for name in filter(None, (part.strip() for part in str(text).split(";"))):
            adjacency[i, position[name]] = True
    return adjacency


def table_from_frame(frame: pd.DataFrame) -> ForceTable:
    """Build the arrays from a forces frame (the real one, or a synthetic one for benchmarks)."""
    names = tuple(frame["force"])
    lat = frame["centroid_lat"].to_numpy(float)
    lon = frame["centroid_lon"].to_numpy(float)
    return ForceTable(
        frame=frame,
        ids=tuple(frame["force_id"]),
        names=names,
        population=frame["population"].to_numpy(float),
        area_km2=frame["area_km2"].to_numpy(float),
        officers=frame["officers_fte"].to_numpy(float),
        budget_gbp_m=frame["budget_gbp_m"].to_numpy(float),
        lat=lat,
        lon=lon,
        rocu=tuple(frame["rocu"]),
        adjacency=adjacency_from_names(names, frame["neighbours"].fillna("")),
        distance_km=haversine_km(lat, lon, EARTH_RADIUS_KM),
    )


@cache
def load_forces(path: Path = FORCES_PATH) -> ForceTable:
    """The real 43 forces (cached: the table is read once per process)."""
    return table_from_frame(pd.read_csv(path))
