"""Words for the room: the event feed and a force's drill-down, as HTML tables in large type."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from dashboards.map_view import Reading, arrangement, read, regional_words
from dashboards.words import money, plain

TABLE_STYLE = "width:100%;border-collapse:collapse;font-size:17px;line-height:1.35"
CELL = "padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th style="{CELL};text-align:left">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{CELL}">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return f'<table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


#: the event columns the feed reads
FEED_COLUMNS = ("step", "quarter", "force", "action", "reason", "money_gbp_m")
NO_EVENTS = "<p style='font-size:18px'>No decisions yet: press Step or Play.</p>"


def _newest(events: pd.DataFrame, limit: int, run: str = "") -> list[dict]:
    """The newest ``limit`` events as plain rows, oldest first. Columns are read as lists:
    walking a pandas table row by row costs far more."""
    table = events.iloc[-limit:].to_numpy(dtype=object)  # one conversion, not one per column
    at = [events.columns.get_loc(name) for name in FEED_COLUMNS]
    return [{"run": run, **{name: row[i] for name, i in zip(FEED_COLUMNS, at, strict=True)}} for row in table]


def _feed(rows: list[dict], compared: bool) -> str:
    cells = []
    for event in reversed(rows):  # newest first
        why = escape(plain(event["reason"]))
        if not np.isnan(event["money_gbp_m"]):
            why += f" <b>({money(event['money_gbp_m'])} a year)</b>"
        row = [
            escape(event["quarter"]),
            f"<b>{escape(event['force'])}</b>",
            escape(plain(event["action"])),
            why,
        ]
        cells.append([escape(event["run"]), *row] if compared else row)
    return _table(["in", "when", "who", "what", "why"] if compared else ["when", "who", "what", "why"], cells)


def event_feed(events: pd.DataFrame, limit: int = 20) -> str:
    """The newest events first: when, who, what, why (with money and response time)."""
    return _feed(_newest(events, limit), compared=False) if not events.empty else NO_EVENTS


def compared_feed(first: tuple[str, pd.DataFrame], second: tuple[str, pd.DataFrame], limit: int = 20) -> str:
    """Two runs' newest events in one feed, newest first, each row naming its run: half the
    rows from each run (more from one when the other has fewer), so a busy run never pushes the
    other off the feed."""
    newest = [_newest(events, limit, name) for name, events in (first, second)]
    half = limit // 2
    take = [min(len(newest[0]), max(half, limit - len(newest[1]))), 0]
    take[1] = min(len(newest[1]), limit - take[0])
    rows = [row for rows, n in zip(newest, take, strict=True) for row in rows[len(rows) - n :]]
    if not rows:
        return NO_EVENTS
    rows.sort(key=lambda row: row["step"])  # stable: each run's own order is kept within a quarter
    return _feed(rows, compared=True)


def force_facts(model, f: int) -> str:
    """Budget, governance, inspection grades and merger status of one force."""
    pcc = model.pcc_of(f) if model.active[f] else None
    budget = model.budgets()[f]
    grades = model.hmic.grades.get(f)
    status = "active" if model.active[f] else f"merged into {model.forces.names[model.successor(f)]}"
    lines = [
        f"<b style='font-size:22px'>{escape(model.forces.names[f])}</b> ({status})",
        f"population {model.forces.population[f]:,.0f}; officers {model.forces.officers[f]:,.0f}; "
        f"budget £{budget:,.1f}m a year",
        (
            f"{pcc.title[0].upper() + pcc.title[1:]}: term {pcc.term}, "
            f"priority for protective services {pcc.protective_priority:.2f}"
            if pcc is not None
            else "policing body: that of the force it merged into"
        ),
        "HMIC: "
        + (f"value for money {grades[0]}, capability {grades[1]}" if grades else "not inspected yet"),
    ]
    return "<div style='font-size:18px;line-height:1.5'>" + "<br>".join(lines) + "</div>"


def force_arrangements(
    model,
    f: int,
    other=None,
    names: tuple[str, str] = ("", ""),
    readings: tuple[Reading | None, Reading | None] = (None, None),
) -> str:
    """Each capability: the arrangement (naming the partner) and the force's latest reason; when
    two runs are compared (``other``), the arrangement in each, headed by the runs' ``names``.
    ``readings`` are what the redraw already asked of each model (asked here when not given)."""
    mine_now = readings[0] or read(model)
    other_now = (readings[1] or read(other)) if other is not None else None
    events = model.events.frame()
    mine = events["force"].to_numpy() == model.forces.names[f]
    # each capability's latest reason in one pass (a later event overwrites an earlier one)
    latest = dict(zip(events["capability"].to_numpy()[mine], events["reason"].to_numpy()[mine], strict=True))
    rows = []
    for c, label in enumerate(model.caps.labels):
        why = escape(plain(latest[label])) if label in latest else "held since the start"
        row = [
            escape(label),
            f"<b>{escape(arrangement(model, f, c, mine_now) + regional_words(model, f, c))}</b>",
        ]
        if other is not None:
            row.append(f"<b>{escape(arrangement(other, f, c, other_now) + regional_words(other, f, c))}</b>")
        rows.append([*row, why])
    if other is None:
        return _table(["capability", "arrangement", "latest reason"], rows)
    return _table(["capability", f"in {names[0]}", f"in {names[1]}", f"latest reason (in {names[0]})"], rows)
