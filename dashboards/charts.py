"""Charts over time: one run against its scenario as published (faint), or two scenarios compared.

One chart of four panels (cost, harm, assured access, collaborations). Altair builds its
Vega-Lite specification once; each redraw only puts the new data, and the names and styles of
the runs drawn, into it. The same data exports as CSV, and as PNG through matplotlib (rendered
on the server, so no browser tooling is needed).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import altair as alt
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

#: (column of the model series, title on screen)
PANELS = (
    ("total_cost_gbp_m", "Cost (£m a quarter)"),
    ("harm_value_gbp_m", "Harm (£m a quarter)"),
    ("assured_access", "Assured access (share of demand)"),
    ("collaborations", "Collaborations"),
)
X_TITLE = "quarters from the start"
#: Panels whose axis starts at zero: harm swings by a few £m a quarter, and an axis cut just below
#: the lowest value draws a small change as a collapse (issue 28). The others keep a free axis:
#: cost and assured access move by a few per cent, which an axis from zero would flatten.
ZERO_BASED = ("Harm (£m a quarter)",)
#: The longest legend label drawn, in pixels: a longer run name is cut with an ellipsis (the
#: readout above names both runs in full, beside the same line styles). Without a limit a long
#: scenario title widened the chart, which the page then scaled down, labels and all.
LEGEND_LIMIT = 520

#: How a run is drawn: (colour, opacity, dash) per role. Okabe-Ito blue and orange; the second
#: run of a comparison is also dashed, so the two stay apart in greyscale and for colour-blind eyes.
STYLES = {
    "main": ("#0072B2", 1.0, (1, 0)),
    "faint": ("#999999", 0.45, (1, 0)),
    "second": ("#E69F00", 1.0, (9, 4)),
}

COLUMNS = ("step", "quarter", "metric", "value", "run")


@dataclass(frozen=True)
class ChartRun:
    """One line per panel: its name in the legend, its quarterly series and how it is drawn."""

    name: str
    series: pd.DataFrame | None
    style: str = "main"


def single_runs(live: pd.DataFrame, baseline: pd.DataFrame | None) -> list[ChartRun]:
    """A run and, faintly, its scenario as published (the same seed, no lever moved)."""
    return [ChartRun("this run", live, "main"), ChartRun("baseline", baseline, "faint")]


def chart_records(runs: Sequence[ChartRun]) -> list[dict]:
    """Every run as tidy rows (step, quarter, metric, value, run), JSON-ready: what the chart
    draws and the CSV export holds."""
    records = []
    for run in runs:
        series = run.series
        if series is None or series.empty:
            continue
        steps, quarters = series["step"].tolist(), series["quarter"].tolist()
        for column, title in PANELS:
            for step, quarter, value in zip(steps, quarters, series[column].tolist(), strict=True):
                value = None if value != value else value  # NaN is not JSON: a gap in the line
                records.append(
                    {"step": step, "quarter": quarter, "metric": title, "value": value, "run": run.name}
                )
    return records


def chart_rows(runs: Sequence[ChartRun]) -> list[dict]:
    """Every run as one row per quarter (step, quarter, run and a value per panel, keyed by the
    panel's title), JSON-ready: what the chart receives; the chart folds the panels into rows
    itself, so a redraw builds and sends a quarter as many rows as the long table has."""
    rows = []
    titles = [title for _, title in PANELS]
    for run in runs:
        series = run.series
        if series is None or series.empty:
            continue
        columns = [series[column].tolist() for column, _ in PANELS]
        for step, quarter, *values in zip(
            series["step"].tolist(), series["quarter"].tolist(), *columns, strict=True
        ):
            row = {"step": step, "quarter": quarter, "run": run.name}
            # NaN is not JSON: a gap in the line
            row.update(
                (title, None if value != value else value)
                for title, value in zip(titles, values, strict=True)
            )
            rows.append(row)
    return rows


def long_table(runs: Sequence[ChartRun]) -> pd.DataFrame:
    """Every run in one tidy table (the CSV export)."""
    return pd.DataFrame.from_records(chart_records(runs), columns=list(COLUMNS))


def _lines() -> alt.Chart:
    """One line per run and panel; the run's colour, opacity and dash are filled in per redraw."""
    placeholder = ["a", "b"]
    return (
        alt.Chart()
        .mark_line(strokeWidth=3)
        .encode(
            # axes that thin their labels rather than let them run together ("18" beside "20"
            # read as "1820" on a projector): whole quarters, at least a label's width apart
            x=alt.X(
                "step:Q",
                title=X_TITLE,
                axis=alt.Axis(tickMinStep=1, tickCount=6, labelOverlap="greedy", labelSeparation=10),
            ),
            y=alt.Y(
                "value:Q",
                title=None,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(tickCount=5, labelOverlap="greedy", labelSeparation=6),
            ),
            color=alt.Color(
                "run:N",
                scale=alt.Scale(domain=placeholder, range=["#000000", "#000000"]),
                legend=alt.Legend(
                    orient="top",
                    direction="vertical",
                    labelFontSize=18,
                    labelLimit=LEGEND_LIMIT,
                    symbolStrokeWidth=4,
                    title=None,
                ),
            ),
            opacity=alt.Opacity("run:N", scale=alt.Scale(domain=placeholder, range=[1.0, 1.0]), legend=None),
            strokeDash=alt.StrokeDash(
                "run:N", scale=alt.Scale(domain=placeholder, range=[[1, 0], [1, 0]]), legend=None
            ),
            tooltip=["quarter:N", "run:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    )


def _chart(data: pd.DataFrame) -> alt.FacetChart:
    titles = [title for _, title in PANELS]
    # an invisible rule at zero in the panels that start there: it widens their axis to zero and
    # leaves the others free (the panels share one encoding, so a scale setting would bind all four).
    # Zero is a field of that panel's rows, not a constant (a constant widens every panel's axis).
    zero = (
        alt.Chart()
        .transform_filter(alt.FieldOneOfPredicate(field="metric", oneOf=list(ZERO_BASED)))
        .transform_aggregate(rows="count()", groupby=["metric"])
        .transform_calculate(zero="0")
        .mark_rule(opacity=0)
        .encode(y=alt.Y("zero:Q", title=None))
    )
    return (
        alt.layer(_lines(), zero, data=data)
        .transform_fold(titles, as_=["metric", "value"])
        .properties(width=260, height=185)
        .facet(
            facet=alt.Facet("metric:N", title=None, sort=titles, header=alt.Header(labelFontSize=18)),
            columns=2,
        )
        .resolve_scale(y="independent")
        .configure_axis(labelFontSize=15, titleFontSize=15)
    )


@cache
def _template() -> dict:
    """The chart's Vega-Lite specification without its data: built and validated by Altair once
    per process. Building and validating it on every redraw took most of a dashboard step."""
    spec = _chart(pd.DataFrame(columns=["step", "quarter", "run", *(title for _, title in PANELS)])).to_dict()
    spec.pop("datasets", None)
    # fold the panels into rows before faceting by them (Altair leaves the fold in the inner spec)
    spec["transform"] = spec["spec"].pop("transform")
    return spec


def chart_spec(runs: Sequence[ChartRun], start_year: int | None = None) -> dict:
    """The four panels as a Vega-Lite specification with every run's data inline; only the line
    layer's three scales (and the x title, naming ``start_year`` when given: every run drawn
    starts then) are copied from the template (a few small dicts)."""
    template = _template()
    shown = [run for run in runs if run.series is not None and not run.series.empty] or list(runs[:1])
    names = [run.name for run in shown]
    styles = [STYLES[run.style] for run in shown]
    lines, *others = template["spec"]["layer"]
    encoding = dict(lines["encoding"])
    for channel, values in (
        ("color", [s[0] for s in styles]),
        ("opacity", [s[1] for s in styles]),
        ("strokeDash", [list(s[2]) for s in styles]),
    ):
        encoding[channel] = {**encoding[channel], "scale": {"domain": names, "range": values}}
    if start_year is not None:
        encoding["x"] = {**encoding["x"], "title": f"{X_TITLE} of {start_year}"}
    layer = [{**lines, "encoding": encoding}, *others]
    spec = {**template, "spec": {**template["spec"], "layer": layer}}
    spec["data"] = {"values": chart_rows(runs)}
    return spec


def png_bytes(runs: Sequence[ChartRun]) -> bytes:
    """The four panels as a PNG, for a slide or a report."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    for ax, (column, title) in zip(axes.ravel(), PANELS, strict=True):
        for run in runs:
            if run.series is None or run.series.empty:
                continue
            colour, alpha, dash = STYLES[run.style]
            dashed = {"dashes": dash} if dash != (1, 0) else {}
            ax.plot(
                run.series["step"],
                run.series[column],
                color=colour,
                alpha=alpha,
                lw=2.5,
                label=run.name,
                **dashed,
            )
        ax.set_title(title)
        ax.set_xlabel(X_TITLE)
        if title in ZERO_BASED:
            ax.set_ylim(bottom=0)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="upper center", ncol=1, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120)
    plt.close(fig)
    return buffer.getvalue()
