"""The one place the workshop calls the projector dashboard's drawing functions and the model's
reporting helpers, so a change in their signatures is adapted here only."""

from __future__ import annotations

import pandas as pd

from abm.modes import REPORTED_MODES
from abm.recorder import reported_modes

PANEL_WIDTH, PANEL_HEIGHT = 190, 150  # px: two panels a row fit the projector's chart column at 1366 wide


def map_svg(model, capability: int) -> str:
    """The map of forces for one capability (``dashboards.map_view.svg_map``)."""
    from dashboards.map_view import svg_map

    return svg_map(model, capability)


def chart(live: pd.DataFrame, baseline: pd.DataFrame | None) -> dict:
    """The four charts, this run against the model's own run (``dashboards.charts.chart_spec``)."""
    from dashboards.charts import ChartRun, chart_spec

    spec = chart_spec(
        [ChartRun("this workshop", live, "main"), ChartRun("the model's own run", baseline, "faint")]
    )
    panel = spec.get("spec")
    if isinstance(panel, dict):  # each of the four panels narrower, so two fit a laptop's projector column
        spec = {
            **spec,
            "spec": {**panel, "width": PANEL_WIDTH, "height": PANEL_HEIGHT},
        }  # the template is shared
    return spec


def arrangement_counts(model, force: int) -> dict[str, int]:
    """How many capabilities one force holds, hosts, buys, shares in a joint unit, gets nationally
    or lacks, in the words the dashboard uses."""
    codes = reported_modes(model)[force]
    return {name: int((codes == i).sum()) for i, name in enumerate(REPORTED_MODES) if name != "merged"}
