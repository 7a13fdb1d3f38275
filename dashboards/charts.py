"""Charts over time, with the scenario's baseline run drawn faintly behind the live run.

One chart of four panels (cost, harm, assured access, collaborations). Altair builds its
Vega-Lite specification once; each redraw only puts the new data into it. The same data exports
as CSV, and as PNG through matplotlib (rendered on the server, so no browser tooling is needed).
"""

from __future__ import annotations

import io
from functools import cache

import altair as alt
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

#: (column of the model series, title on screen)
PANELS = (
    ("total_cost_gbp_m", "Cost (GBP m a quarter)"),
    ("harm_value_gbp_m", "Harm (GBP m a quarter)"),
    ("assured_access", "Assured access (share)"),
    ("collaborations", "Collaborations"),
)


COLUMNS = ("step", "quarter", "metric", "value", "run")


def chart_records(live: pd.DataFrame, baseline: pd.DataFrame | None) -> list[dict]:
    """Both runs as tidy rows (step, quarter, metric, value, run), JSON-ready: what the chart
    draws and the CSV export holds."""
    records = []
    for run, series in (("this run", live), ("baseline", baseline)):
        if series is None or series.empty:
            continue
        steps, quarters = series["step"].tolist(), series["quarter"].tolist()
        for column, title in PANELS:
            for step, quarter, value in zip(steps, quarters, series[column].tolist(), strict=True):
                value = None if value != value else value  # NaN is not JSON: a gap in the line
                records.append(
                    {"step": step, "quarter": quarter, "metric": title, "value": value, "run": run}
                )
    return records


def long_table(live: pd.DataFrame, baseline: pd.DataFrame | None) -> pd.DataFrame:
    """Both runs in one tidy table (the CSV export)."""
    return pd.DataFrame.from_records(chart_records(live, baseline), columns=list(COLUMNS))


def _chart(data: pd.DataFrame) -> alt.FacetChart:
    base = alt.Chart(data).encode(
        x=alt.X("step:Q", title="quarter"),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color(
            "run:N",
            scale=alt.Scale(domain=["this run", "baseline"], range=["#0072B2", "#999999"]),
            legend=alt.Legend(orient="top", labelFontSize=16, title=None),
        ),
        opacity=alt.Opacity(
            "run:N", scale=alt.Scale(domain=["this run", "baseline"], range=[1.0, 0.45]), legend=None
        ),
        tooltip=["quarter:N", "run:N", alt.Tooltip("value:Q", format=",.2f")],
    )
    return (
        base.mark_line(strokeWidth=3)
        .properties(width=250, height=140)
        .facet(
            facet=alt.Facet(
                "metric:N", title=None, sort=[t for _, t in PANELS], header=alt.Header(labelFontSize=17)
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
        .configure_axis(labelFontSize=14, titleFontSize=14)
    )


@cache
def _template() -> dict:
    """The chart's Vega-Lite specification without its data: built and validated by Altair once
    per process. Building and validating it on every redraw took most of a dashboard step."""
    spec = _chart(pd.DataFrame(columns=list(COLUMNS))).to_dict()
    spec.pop("datasets", None)
    return spec


def chart_spec(live: pd.DataFrame, baseline: pd.DataFrame | None) -> dict:
    """The four panels as a Vega-Lite specification with both runs' data inline."""
    return {**_template(), "data": {"values": chart_records(live, baseline)}}


def png_bytes(live: pd.DataFrame, baseline: pd.DataFrame | None) -> bytes:
    """The four panels as a PNG, for a slide or a report."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 7))
    for ax, (column, title) in zip(axes.ravel(), PANELS, strict=True):
        if baseline is not None and not baseline.empty:
            ax.plot(baseline["step"], baseline[column], color="#999999", alpha=0.6, lw=2, label="baseline")
        if not live.empty:
            ax.plot(live["step"], live[column], color="#0072B2", lw=2.5, label="this run")
        ax.set_title(title)
        ax.set_xlabel("quarter")
    axes[0, 0].legend()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120)
    plt.close(fig)
    return buffer.getvalue()
