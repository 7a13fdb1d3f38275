"""Charts over time, with the scenario's baseline run drawn faintly behind the live run.

One Altair chart of four panels (cost, harm, assured access, collaborations): one chart means
one serialisation per redraw. The same data exports as CSV, and as PNG through matplotlib
(rendered on the server, so no browser tooling is needed).
"""

from __future__ import annotations

import io

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


def long_table(live: pd.DataFrame, baseline: pd.DataFrame | None) -> pd.DataFrame:
    """Both runs in one tidy table: step, quarter, metric, value, run."""
    frames = []
    for run, series in (("this run", live), ("baseline", baseline)):
        if series is None or series.empty:
            continue
        part = series.melt(
            id_vars=["step", "quarter"],
            value_vars=[c for c, _ in PANELS],
            var_name="metric",
            value_name="value",
        )
        part["run"] = run
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["step", "quarter", "metric", "value", "run"])
    table = pd.concat(frames, ignore_index=True)
    table["metric"] = table["metric"].map(dict(PANELS))
    return table


def chart(live: pd.DataFrame, baseline: pd.DataFrame | None) -> alt.Chart:
    data = long_table(live, baseline)
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
