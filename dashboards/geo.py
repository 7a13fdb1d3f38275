"""The force areas as SVG paths: read, projected and written once per process.

``dashboards/data/force_areas.geojson`` holds the 42 force-area polygons (ONS, Open Government
Licence v3.0; see dashboards/data/README.md); the City of London lies inside the Metropolitan
Police polygon and is drawn as a marker. Longitude is scaled by cos(52.5°) against latitude (a
plate carrée centred on the middle of England and Wales), so the country is not squashed.

Everything here depends only on the file and the order of the model's forces, so it is cached:
a redraw of the map only changes fills and lines (``dashboards/map_view.py``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

AREAS_PATH = Path(__file__).with_name("data") / "force_areas.geojson"
#: The credit line the Open Government Licence asks for (dashboards/data/README.md), shown under the map.
CREDIT = (
    "Boundaries: Source: Office for National Statistics licensed under the Open Government Licence v.3.0; "
    "contains OS data © Crown copyright and database right 2023"
)
#: Drawing units: the SVG viewBox is WIDTH wide and as tall as the country's shape needs.
WIDTH, MARGIN = 800.0, 14.0
X_SCALE = math.cos(math.radians(52.5))


@dataclass(frozen=True)
class Geometry:
    """The map's static part for one order of forces (row i = force i of the model)."""

    width: float
    height: float
    #: SVG path data per force ("" for a force with no polygon, such as the City of London)
    paths: tuple[str, ...]
    #: projected centroids (from the model's forces table), where lines end and markers sit
    x: tuple[float, ...]
    y: tuple[float, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


@cache
def _features() -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Force name -> polygons -> rings -> (lon, lat) points, as in the file."""
    data = json.loads(AREAS_PATH.read_text(encoding="utf-8"))
    features = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        features[feature["properties"]["force"]] = [
            [[(float(lon), float(lat)) for lon, lat in ring] for ring in polygon] for polygon in polygons
        ]
    return features


@cache
def _frame() -> tuple[float, float, float, float]:
    """(west, north, scale, height): the projection fitted to every area in the file."""
    points = [
        p for polygons in _features().values() for polygon in polygons for ring in polygon for p in ring
    ]
    lon = np.array([p[0] for p in points])
    lat = np.array([p[1] for p in points])
    span_x = (lon.max() - lon.min()) * X_SCALE
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = (lat.max() - lat.min()) * scale + 2 * MARGIN
    return float(lon.min()), float(lat.max()), float(scale), float(height)


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (degrees) to drawing units (y grows southwards)."""
    west, north, scale, _ = _frame()
    x = MARGIN + (np.asarray(lon, float) - west) * X_SCALE * scale
    y = MARGIN + (north - np.asarray(lat, float)) * scale
    return x, y


def _path(polygons) -> str:
    """SVG path data: every ring closed; drawn with fill-rule evenodd, so a ring that touches
    itself after the file's rounding shows at most a speck instead of a wrongly filled hole."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            x, y = project(np.array([p[0] for p in ring]), np.array([p[1] for p in ring]))
            points, last = [], None
            for px, py in zip(np.round(x, 1), np.round(y, 1), strict=True):
                if (px, py) != last:
                    points.append(f"{px:g},{py:g}")
                    last = (px, py)
            if len(points) >= 3:
                parts.append("M" + " ".join(points) + "Z")
    return "".join(parts)


@cache
def geometry(names: tuple[str, ...], lon: tuple[float, ...], lat: tuple[float, ...]) -> Geometry:
    """The areas in the model's force order, joined by name; centroids from the model's table."""
    features = _features()
    _, _, _, height = _frame()
    x, y = project(np.array(lon), np.array(lat))
    return Geometry(
        width=WIDTH,
        height=height,
        paths=tuple(_path(features[name]) if name in features else "" for name in names),
        x=tuple(round(float(v), 1) for v in x),
        y=tuple(round(float(v), 1) for v in y),
    )


def model_geometry(model) -> Geometry:
    forces = model.forces
    return geometry(tuple(forces.names), tuple(map(float, forces.lon)), tuple(map(float, forces.lat)))
