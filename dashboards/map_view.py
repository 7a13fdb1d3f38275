"""The map of force areas, coloured by how each force gets the chosen capability.

The areas' outlines are projected once per process (``dashboards/geo.py``) and sent to the
browser once per map; a redraw computes only what changes (fills, tooltips, partnership lines,
merged groups, the picked force) as a small dict, ``map_state``, which the Vue template
``force_map.vue`` applies to the same SVG elements (so an area being clicked during Play is
never replaced under the pointer). ``svg_map`` writes the same drawing as one SVG string, for
tests and anything that wants a file.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); a gap is
also hatched. The colour is a force's own arrangement for its local work; a force that also
belongs to its region's unit for the capability has a dotted line to the unit's host, drawn as a
square. Lines run from each buyer to its host (dashed) and from each joint-unit member to its
lead (solid), between centroids, above the areas. A force merged into another is drawn in
its successor's colour, with only a faint border inside the merged area.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape

import numpy as np

from abm.modes import REPORTED_MODES, Mode
from abm.recorder import reported_modes
from dashboards.geo import Geometry, model_geometry

#: Colour per reported mode (Okabe-Ito). "merged" areas take their successor's colour instead.
MODE_COLOURS = {
    "hold": "#0072B2",
    "host": "#56B4E9",
    "buy": "#E69F00",
    "joint": "#009E73",
    "national": "#CC79A7",
    "none": "#D55E00",
    "merged": "#BBBBBB",
}
#: What each reported mode means, in the words the legend, tooltips and drill-down use.
MODE_WORDS = {
    "hold": "Holds its own unit",
    "host": "Hosts a unit others buy from",
    "buy": "Buys from another force",
    "joint": "In a joint unit",
    "national": "Uses the national provider",
    "none": "No access: a gap",
    "merged": "Merged into another force",
}
LINE_COLOUR = "#111111"
REGIONAL_COLOUR = "#5D3A9B"  # dotted lines and squares: a regional unit


@dataclass(frozen=True)
class Reading:
    """What one redraw reads from a model, asked once (``read``: the model's own answers) and then looked
    up for every force: each force's reported arrangement, the force it now belongs to, and how
    many forces buy from each unit."""

    modes: np.ndarray  # (forces, capabilities) reported mode codes
    owner: np.ndarray  # (forces,) the active force each belongs to
    buyers: np.ndarray  # (forces, capabilities) active buyers of each force's unit


def read(model) -> Reading:
    """Ask the model once for what a redraw of its map or drill-down needs."""
    return Reading(reported_modes(model), model.successors(), model.arrangements.buyer_counts())


def arrangement(model, f: int, c: int, reading: Reading | None = None) -> str:
    """One force's arrangement for one capability, in words, naming the partner."""
    now = read(model) if reading is None else reading
    names = model.forces.names
    if not model.active[f]:
        s = int(now.owner[f])
        return f"merged into {names[s]}" if s != f else "merged"
    code = REPORTED_MODES[now.modes[f, c]]
    mode, partner = int(model.mode[f, c]), int(model.provider[f, c])
    if code == "host":
        buyers = int(now.buyers[f, c])
        return f"hosts a unit that {buyers} other force{' buys' if buyers == 1 else 's buy'} from"
    if code == "buy" and 0 <= partner != f:
        return f"buys from {names[partner]}"
    if mode == Mode.JOINT_LEAD:
        return "leads a joint unit"
    if code == "joint" and 0 <= partner != f:
        return f"in a joint unit led by {names[partner]}"
    return MODE_WORDS[code].lower()


def regional_words(model, f: int, c: int) -> str:
    """A force's membership of its region's unit for c, in words ('' when it is not a member)."""
    arr = model.arrangements
    if not (model.active[f] and arr.member[f, c]):
        return ""
    r = int(arr.region[f])
    host = int(arr.regional_host[r, c])
    run = "runs it" if host == f else f"run from {model.forces.names[host]}"
    return f"; belongs to the {arr.region_names[r]} regional unit ({run}) for its cross-border work"


def map_state(model, capability: int, picked: str | None = None, reading: Reading | None = None) -> dict:
    """What one redraw of the map changes, as JSON-ready lists indexed like the model's forces.
    ``reading`` is what the redraw already asked of the model (asked here when not given)."""
    geo = model_geometry(model)
    now = read(model) if reading is None else reading
    column = now.modes[:, capability]
    names = model.forces.names
    owner = now.owner
    fills, tips, hatch = [], [], []
    for f in range(model.forces.count):
        s = int(owner[f])
        code = REPORTED_MODES[column[s]]
        fills.append(MODE_COLOURS[code])
        hatch.append(code == "none")
        words = arrangement(model, s, capability, now) + regional_words(model, s, capability)
        tips.append(
            f"{names[f]}: {words}" if s == f else f"{names[f]}: merged into {names[s]}, which {words}"
        )
    groups = []
    for s in np.unique(owner[owner != np.arange(len(owner))]):
        members = [int(f) for f in np.flatnonzero(owner == s) if geo.paths[f]]
        if len(members) > 1:
            groups.append(members)
    grouped = {f for members in groups for f in members}
    lines, hubs = [], set()
    for f in np.flatnonzero(model.active):
        mode, h = int(model.mode[f, capability]), int(model.provider[f, capability])
        if h < 0 or h == f or mode not in (Mode.BUY, Mode.JOINT_MEMBER):
            continue
        lines.append(
            {"x1": geo.x[f], "y1": geo.y[f], "x2": geo.x[h], "y2": geo.y[h], "buy": mode == Mode.BUY}
        )
        hubs.add(h)
    arr = model.arrangements
    regional, squares = [], set()
    for f in np.flatnonzero(model.active & arr.member[:, capability]):
        h = int(arr.regional_host[arr.region[f], capability])
        squares.add(h)
        if h != f:
            regional.append({"x1": geo.x[f], "y1": geo.y[f], "x2": geo.x[h], "y2": geo.y[h]})
    markers = [f for f in range(model.forces.count) if not geo.paths[f]]
    p = names.index(picked) if picked in names else -1
    return {
        "fills": fills,
        "tips": tips,
        "hatch": [f for f, flag in enumerate(hatch) if flag],
        "plain": [f for f in range(model.forces.count) if geo.paths[f] and f not in grouped],
        "groups": groups,
        "lines": lines,
        "hubs": [{"x": geo.x[h], "y": geo.y[h]} for h in sorted(hubs)],
        "regional": regional,
        "regional_hubs": [{"x": geo.x[h], "y": geo.y[h]} for h in sorted(squares)],
        "markers": markers,
        "picked": p,
        "label": f"Map of force areas by arrangement for {model.caps.labels[capability]}",
    }


@cache
def geometry_props(geo: Geometry, names: tuple[str, ...]) -> dict:
    """The static part sent once per map: outlines, centroids and names. The same object on
    every redraw (cached), so the page sees no change and sends nothing."""
    return {
        "viewBox": geo.view_box,
        "width": geo.width,
        "height": geo.height,
        "paths": list(geo.paths),
        "x": list(geo.x),
        "y": list(geo.y),
        "names": list(names),
    }


def svg_map(model, capability: int, picked: str | None = None) -> str:
    """The same drawing as ``force_map.vue``, as one SVG string (without hover styling)."""
    geo = model_geometry(model)
    state = map_state(model, capability, picked)
    names = model.forces.names
    out = [
        f'<svg viewBox="{geo.view_box}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(state["label"])}"><defs>{_hatch_pattern("hatch")}'
    ]
    for k, members in enumerate(state["groups"]):
        out.append(
            f'<mask id="outside-{k}" maskUnits="userSpaceOnUse" x="0" y="0" width="{geo.width:g}" '
            f'height="{geo.height:g}"><rect width="{geo.width:g}" height="{geo.height:g}" fill="white"/>'
            + "".join(f'<path d="{geo.paths[f]}" fill="black"/>' for f in members)
            + "</mask>"
        )
    out.append("</defs>")
    for f, d in enumerate(geo.paths):
        if d:
            fill = state["fills"][f]
            out.append(
                f'<path d="{d}" fill="{fill}" stroke="{fill}" stroke-width="1" fill-rule="evenodd" '
                f'data-force="{escape(names[f])}"><title>{escape(state["tips"][f])}</title></path>'
            )
    out.extend(f'<path d="{geo.paths[f]}" fill="url(#hatch)" fill-rule="evenodd"/>' for f in state["hatch"])
    border = 'fill="none" stroke="white" stroke-linejoin="round"'
    out.extend(f'<path d="{geo.paths[f]}" {border} stroke-width="2"/>' for f in state["plain"])
    for k, members in enumerate(state["groups"]):
        out.extend(
            f'<path d="{geo.paths[f]}" {border} stroke-width="1" stroke-opacity="0.45"/>' for f in members
        )
        out.append(
            f'<g mask="url(#outside-{k})">'
            + "".join(f'<path d="{geo.paths[f]}" {border} stroke-width="4"/>' for f in members)
            + "</g>"
        )
    for line in state["lines"]:
        coords = f'x1="{line["x1"]}" y1="{line["y1"]}" x2="{line["x2"]}" y2="{line["y2"]}"'
        dash = ' stroke-dasharray="14 8"' if line["buy"] else ""
        out.append(f'<line {coords} stroke="white" stroke-width="11" stroke-opacity="0.75"/>')
        out.append(f'<line {coords} stroke="{LINE_COLOUR}" stroke-width="6"{dash}/>')
    out.extend(
        f'<circle cx="{hub["x"]}" cy="{hub["y"]}" r="9" fill="white" stroke="{LINE_COLOUR}" stroke-width="4"/>'
        for hub in state["hubs"]
    )
    for line in state["regional"]:
        coords = f'x1="{line["x1"]}" y1="{line["y1"]}" x2="{line["x2"]}" y2="{line["y2"]}"'
        out.append(
            f'<line {coords} stroke="{REGIONAL_COLOUR}" stroke-width="4" stroke-dasharray="2 6" stroke-linecap="round"/>'
        )
    out.extend(
        f'<rect x="{hub["x"] - 9}" y="{hub["y"] - 9}" width="18" height="18" fill="white" stroke="{REGIONAL_COLOUR}" stroke-width="4"/>'
        for hub in state["regional_hubs"]
    )
    for f in state["markers"]:
        out.append(
            f'<circle cx="{geo.x[f]}" cy="{geo.y[f]}" r="9" fill="{state["fills"][f]}" stroke="{LINE_COLOUR}" '
            f'stroke-width="2.5" data-force="{escape(names[f])}"><title>{escape(state["tips"][f])}</title></circle>'
        )
    out.append("</svg>")
    return "".join(out)


def _hatch_pattern(pattern_id: str) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="10" height="10" '
        'patternTransform="rotate(45)"><rect width="4" height="10" fill="white" fill-opacity="0.55"/></pattern>'
    )


#: Under the maps: what the colours cannot say.
MAP_NOTE = (
    "A merged force shares its successor's colour, with a faint border inside. The City of London is the "
    "dot in London. Point at an area for its arrangement; click it for the force's details."
)


def legend_html() -> str:
    """The key to the map, in large type (HTML, so it stays legible whatever the map's size)."""
    swatch = "display:inline-block;width:26px;height:20px;border-radius:3px;vertical-align:middle;margin-right:10px"
    rows = []
    for code in ("hold", "host", "buy", "joint", "national", "none"):
        colour = MODE_COLOURS[code]
        pattern = (
            ";background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.55) 0 3px,transparent 3px 7px)"
            if code == "none"
            else ""
        )
        rows.append(
            f'<div class="crossforce-legend-row"><span style="{swatch};background-color:{colour}{pattern}">'
            f"</span>{escape(MODE_WORDS[code])}</div>"
        )
    line = "display:inline-block;width:34px;height:0;vertical-align:middle;margin-right:10px;border-top:4px"
    rows.append(
        f'<div class="crossforce-legend-row"><span style="{line} solid {LINE_COLOUR}"></span>'
        "Member to its joint unit's lead</div>"
    )
    rows.append(
        f'<div class="crossforce-legend-row"><span style="{line} dashed {LINE_COLOUR}"></span>'
        "Buyer to its host</div>"
    )
    rows.append(
        '<div class="crossforce-legend-row"><span style="display:inline-block;width:14px;height:14px;'
        f"border-radius:50%;border:3px solid {LINE_COLOUR};background:white;vertical-align:middle;"
        'margin:0 20px 0 6px"></span>Lead or host</div>'
    )
    rows.append(
        f'<div class="crossforce-legend-row"><span style="{line} dotted {REGIONAL_COLOUR}"></span>'
        "Member to its regional unit (cross-border work)</div>"
    )
    rows.append(
        '<div class="crossforce-legend-row"><span style="display:inline-block;width:14px;height:14px;'
        f"border:3px solid {REGIONAL_COLOUR};background:white;vertical-align:middle;"
        "margin:0 20px 0 6px\"></span>Regional unit's host</div>"
    )
    return f'<div class="crossforce-legend" role="list">{"".join(rows)}</div>'
