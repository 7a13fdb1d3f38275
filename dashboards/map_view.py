"""A geographic dot map of the 43 forces drawn as SVG from their centroids (no boundary data).

Each force is a circle at its centroid (area in proportion to population), coloured by how it
gets the chosen capability; lines join buyers to hosts (dashed) and joint-unit members to their
lead (solid); merged forces are grey rings joined to their successor. SVG is built as text, so a
redraw costs about a millisecond and the browser scales it crisply on a projector.
"""

from __future__ import annotations

from html import escape

import numpy as np

from abm.modes import REPORTED_MODES, Mode
from abm.recorder import reported_modes

#: Colour per reported mode (colour-blind-safe Okabe-Ito palette).
MODE_COLOURS = {
    "hold": "#0072B2",
    "host": "#56B4E9",
    "buy": "#E69F00",
    "joint": "#009E73",
    "national": "#CC79A7",
    "none": "#D55E00",
    "merged": "#BBBBBB",
}
WIDTH, HEIGHT, MARGIN = 560, 640, 24


def project(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection scaled to the drawing, with longitude shrunk by cos(53 N)."""
    x = lon * np.cos(np.radians(53.0))
    scale = min((WIDTH - 2 * MARGIN) / np.ptp(x), (HEIGHT - 2 * MARGIN) / np.ptp(lat))
    return MARGIN + (x - x.min()) * scale, MARGIN + (lat.max() - lat) * scale


def svg_map(model, capability: int) -> str:
    """The map for one capability as an SVG string."""
    forces = model.forces
    x, y = project(forces.lat, forces.lon)
    modes = reported_modes(model)[:, capability]
    radius = 4 + 14 * np.sqrt(np.maximum(forces.population, 0) / forces.population.max())
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;height:auto;font-family:sans-serif" role="img" '
        f'aria-label="Map of forces by arrangement for {escape(model.caps.labels[capability])}">'
    ]
    for f in range(forces.count):
        h = int(model.provider[f, capability])
        mode = model.mode[f, capability]
        if not model.active[f] and model.merged_into[f] >= 0:
            s = int(model.merged_into[f])
            parts.append(_line(x[f], y[f], x[s], y[s], "#999", "2 3", 1.5))
        elif h >= 0 and h != f and mode in (Mode.BUY, Mode.JOINT_MEMBER):
            dashed = "6 4" if mode == Mode.BUY else ""
            colour = MODE_COLOURS["buy" if mode == Mode.BUY else "joint"]
            parts.append(_line(x[f], y[f], x[h], y[h], colour, dashed, 2.5))
    for f in np.argsort(-radius):  # big circles first, so small ones stay visible
        name = REPORTED_MODES[modes[f]]
        fill = "none" if name == "merged" else MODE_COLOURS[name]
        stroke = MODE_COLOURS["merged"] if name == "merged" else "#222"
        parts.append(
            f'<circle cx="{x[f]:.1f}" cy="{y[f]:.1f}" r="{radius[f]:.1f}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.2"><title>{escape(forces.names[f])}: {name}'
            "</title></circle>"
        )
        parts.append(
            f'<text x="{x[f]:.1f}" y="{y[f] - radius[f] - 2:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#222">{escape(forces.ids[f])}</text>'
        )
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _line(x0, y0, x1, y1, colour: str, dash: str, width: float) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
        f'stroke-width="{width}"{dash_attr} opacity="0.85"/>'
    )


def _legend() -> str:
    rows = []
    for i, (name, colour) in enumerate(MODE_COLOURS.items()):
        y = 20 + i * 20
        fill = "none" if name == "merged" else colour
        rows.append(
            f'<circle cx="{WIDTH - 110}" cy="{y}" r="7" fill="{fill}" stroke="{colour}"/>'
            f'<text x="{WIDTH - 96}" y="{y + 5}" font-size="14">{name}</text>'
        )
    return "".join(rows)
