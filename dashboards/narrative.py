"""Words for the room: the event feed and a force's drill-down, as HTML tables in large type."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from abm.modes import REPORTED_MODES
from abm.recorder import reported_modes

TABLE_STYLE = "width:100%;border-collapse:collapse;font-size:17px;line-height:1.35"
CELL = "padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th style="{CELL};text-align:left">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{CELL}">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return f'<table style="{TABLE_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def event_feed(events: pd.DataFrame, limit: int = 20) -> str:
    """The newest events first: when, who, what, why (with money and response time)."""
    if events.empty:
        return "<p style='font-size:18px'>No decisions yet: press Step or Play.</p>"
    rows = []
    for event in events.tail(limit).iloc[::-1].itertuples():
        why = escape(event.reason)
        if not np.isnan(event.money_gbp_m):
            why += f" <b>(£{event.money_gbp_m:+.2f}m a year)</b>"
        rows.append([escape(event.quarter), f"<b>{escape(event.force)}</b>", escape(event.action), why])
    return _table(["when", "who", "what", "why"], rows)


def force_facts(model, f: int) -> str:
    """Budget, governance, inspection grades and merger status of one force."""
    pcc = model.pcc_of(f) if model.active[f] else None
    budget = model.budgets()[f]
    grades = model.hmic.grades.get(f)
    status = "active" if model.active[f] else f"merged into {model.forces.names[model.merged_into[f]]}"
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


def force_arrangements(model, f: int) -> str:
    """Each capability: the arrangement, the partner, and the force's latest reason."""
    modes = reported_modes(model)[f]
    events = model.events.frame()
    mine = events[events["force"] == model.forces.names[f]]
    latest = mine.groupby("capability", sort=False)["reason"].last()  # one pass, not one per capability
    rows = []
    for c, label in enumerate(model.caps.labels):
        partner = int(model.provider[f, c])
        partner_name = model.forces.names[partner] if partner >= 0 and partner != f else ""
        why = escape(latest[label]) if label in latest.index else "held since the start"
        rows.append([escape(label), f"<b>{REPORTED_MODES[modes[c]]}</b>", escape(partner_name), why])
    return _table(["capability", "arrangement", "partner", "latest reason"], rows)
