"""What one redraw of the dashboard shows, in words and figures, built from a session.

``page_view`` reads a ``DashboardSession`` once, under its lock, and returns everything the page
lays out (the date, the status and readout lines, the map captions, the charts' runs, the event
feed, and what the map and drill-down ask of each model). The page then only places it, and a
test can read exactly what a room would see without Solara.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd

from abm.model import CrossforceModel
from dashboards.charts import STYLES, ChartRun, single_runs
from dashboards.controls import short_title
from dashboards.map_view import Reading, read
from dashboards.narrative import compared_feed, event_feed
from dashboards.session import DashboardSession, baseline_series

#: (words, column of the model series, format) of the readout's figures
FIGURES = (
    ("collaborations", "collaborations", "{:.0f}"),
    ("cost", "total_cost_gbp_m", "£{:,.0f}m"),
    ("harm", "harm_value_gbp_m", "£{:,.0f}m"),
)


def _row(series: pd.DataFrame, i: int) -> dict:
    """One quarter of a series as a dict (a pandas row of mixed types is slow to build)."""
    return {column: series[column].iat[i] for column in ("step", "quarter", *(f[1] for f in FIGURES))}


def _figures(row: dict, ref: dict | None = None) -> list[tuple[str, str]]:
    shown = []
    for name, column, fmt in FIGURES:
        value = fmt.format(row[column])
        shown.append((name, value if ref is None else f"{value} (baseline {fmt.format(ref[column])})"))
    return shown


def readout(live: pd.DataFrame, baseline: pd.DataFrame) -> str:
    """This quarter against the baseline's same quarter, in words a room can read."""
    now = _row(live, -1)
    same = np.flatnonzero(baseline["step"].to_numpy() == now["step"])
    ref = _row(baseline, int(same[0])) if same.size else None
    return "This quarter: " + "; ".join(f"{name} {value}" for name, value in _figures(now, ref))


def compare_readout(first: tuple[str, pd.DataFrame], second: tuple[str, pd.DataFrame]) -> str:
    """Both runs' quarter, one line each, named, with the chart's line style beside each name."""
    lines = []
    for (name, live), style in zip((first, second), ("main", "second"), strict=True):
        if live.empty:
            continue
        now = _row(live, -1)
        figures = "; ".join(f"{label} {value}" for label, value in _figures(now))
        colour = STYLES[style][0]
        dash = "dashed" if style == "second" else "solid"
        lines.append(
            f'<div><span class="crossforce-swatch" style="border-top:4px {dash} {colour}"></span>'
            f"<b>{escape(name)}</b>, {escape(str(now['quarter']))}: {escape(figures)}</div>"
        )
    return "".join(lines)


def run_names(titles: tuple[str, str | None], levers_moved: bool) -> tuple[str, str]:
    """What the legend, map captions and readout call the run(s): scenario titles, the first
    marked when a lever moved it away from the published scenario."""
    first = titles[0] + (" (levers moved)" if levers_moved else "")
    second = titles[1] or ""
    if second == first:
        second += " (second run)"
    return first, second


def events_csv(models: list[tuple[str, CrossforceModel]]) -> str:
    """The event log as CSV; two runs' logs in one table with a ``run`` column when comparing."""
    if len(models) == 1:
        return models[0][1].events.frame().to_csv(index=False)
    frames = [m.events.frame().assign(run=name) for name, m in models]
    return pd.concat(frames, ignore_index=True).to_csv(index=False)


def date_of(model: CrossforceModel) -> str:
    """The quarter a run has reached, or its start before the first quarter."""
    return model.quarter_label if model.steps else f"Start of {model.params.start_year}"


@dataclass(frozen=True, eq=False)
class PageView:
    """Everything one redraw shows (HTML where it says so), read from the session at once. Equal
    only to itself: each redraw's view is new, so every part that shows it redraws."""

    error: str
    model: CrossforceModel
    other: CrossforceModel | None
    names: tuple[str, str]
    captions: tuple[str, str]  # above each map: its date and run (shown when comparing)
    date: str
    status: str
    readout_html: str
    runs: list[ChartRun]
    started: bool  # a quarter has been run: the charts have something to draw
    feed_html: str
    readings: tuple[Reading, Reading | None]  # what the map and drill-down ask of each model
    downloads: list[tuple[str, CrossforceModel]]  # the runs whose events the CSV holds


def page_view(session: DashboardSession) -> PageView:
    """Read the session once (under its lock, so Play never moves a run mid-read)."""
    with session.lock:
        model, other = session.model, session.other
        shown = session.scenarios_shown()
        names = run_names((shown[0].title, shown[1].title if other else None), bool(session.levers))
        live = model.recorder.model_series()
        if other is None:
            baseline = baseline_series(session.scenario, model.seed)
            readout_html = escape(readout(live, baseline)) if not live.empty else ""
            # two years of the published run ahead of the live one (one row per quarter from step 1)
            runs = single_runs(live, baseline.iloc[: max(model.steps, 1) + 8])
            feed = event_feed(model.events.frame())
            status = f"{names[0]}; seed {model.seed}; quarter {model.steps}; {int(model.active.sum())} forces"
        else:
            other_live = other.recorder.model_series()
            readout_html = compare_readout((names[0], live), (names[1], other_live))
            runs = [ChartRun(names[0], live, "main"), ChartRun(names[1], other_live, "second")]
            feed = _compared_feed(model, other, names)
            status = (
                f"Two runs from {model.params.start_year} on seed {model.seed}; quarter {model.steps}; "
                f"{int(model.active.sum())} and {int(other.active.sum())} forces"
            )
        return PageView(
            error=session.error,
            model=model,
            other=other,
            names=names,
            captions=(f"{date_of(model)} · {names[0]}", f"{date_of(other)} · {names[1]}" if other else ""),
            date=date_of(model),
            status=status,
            readout_html=readout_html,
            runs=runs,
            started=not live.empty,
            feed_html=feed,
            readings=(read(model), read(other) if other is not None else None),
            downloads=[(names[0], model)] + ([(names[1], other)] if other is not None else []),
        )


def _compared_feed(model: CrossforceModel, other: CrossforceModel, names: tuple[str, str]) -> str:
    """Both runs' events in one feed, each row naming its run as briefly as tells them apart."""
    first, second = short_title(names[0]), short_title(names[1])
    if first == second:
        first, second = "first run", "second run"
    return compared_feed((first, model.events.frame()), (second, other.events.frame()))
