"""The workshop dashboard: run the model live, show what a lever changed, and why agents chose.

One model per browser session (built inside ``Page``), so two viewers never share state.
Changing a lever or the scenario rebuilds the model with the same seed and replays it to the
current quarter: the charts then show the whole history as if the lever had been set from the
start, against the scenario's baseline run drawn faintly. "Compare with" adds a second model,
another scenario on the same seed, stepped with the first: two maps side by side, both runs on
the charts, both named in the readout. Errors become a message on screen, never a traceback.
Run it with ``crossforce dashboard`` (offline: see docs/dashboard-offline.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from html import escape

import numpy as np
import pandas as pd
import solara
import solara.lab

from abm.model import CrossforceModel
from abm.params import ParameterError
from abm.runner import run_simulation
from abm.scenarios import Scenario, load_scenario
from dashboards.about import about_html, scenario_html
from dashboards.charts import STYLES, ChartRun, chart_spec, long_table, png_bytes, single_runs
from dashboards.controls import (
    Lever,
    lever_options,
    main_levers,
    options,
    parse_seed,
    scenario_options,
    short_title,
)
from dashboards.geo import CREDIT, model_geometry
from dashboards.map_view import MAP_NOTE, geometry_props, legend_html, map_state
from dashboards.narrative import compared_feed, event_feed, force_arrangements, force_facts

PLAY_INTERVAL_S = 0.6  # a quarter every 0.6 s: slow enough for a room to follow
DEFAULT_CAPABILITY = "covert_surveillance"
DEFAULT_FORCE = "Cumbria"
NO_COMPARISON = ""
CSS = """
.v-application { font-size: 18px; }
.v-navigation-drawer { min-width: 360px !important; }
.v-select__selection--comma { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; line-height: 1.3; }
.crossforce-header { display: flex; flex-direction: column; gap: 2px; margin-top: -30px; }
.crossforce-date { font-size: 40px; font-weight: 700; line-height: 1.2; }
.crossforce-error { font-size: 20px; color: #b00020; font-weight: 600; }
.crossforce-status { font-size: 18px; }
/* two lines kept even when one is enough, so what lies below does not move as figures change */
.crossforce-readout { font-size: 20px; line-height: 1.45; min-height: 2.9em; }
.crossforce-swatch { display: inline-block; width: 30px; height: 0; border-top: 4px solid;
  vertical-align: middle; margin-right: 8px; }
.v-btn { font-size: 18px !important; }
.v-select__selection, .v-list-item__title { font-size: 17px !important; }
.crossforce-row { display: flex; flex-wrap: wrap; gap: 16px 24px; align-items: flex-start; width: 100%; }
.crossforce-row > div { min-width: 0; }
.crossforce-map-panel { flex: 1 1 520px; }
.crossforce-chart-panel { flex: 0 1 660px; }
.crossforce-drill-panel { flex: 5 1 480px; }
.crossforce-feed-panel { flex: 6 1 560px; }
/* the charts' box keeps the height of the drawn charts (two rows of 185 px panels, titles, axes and
   the legend, as drawn at 1920x1080) from the first render, so Vega's drawing after the first quarter
   does not move what lies below it (a pick on the Force menu was lost to that shift) */
.crossforce-chart-panel .vega-embed { max-width: 100%; min-height: 573px; }
.crossforce-chart-panel .vega-embed canvas, .crossforce-chart-panel .vega-embed svg {
  max-width: 100%; height: auto !important; }
.crossforce-maps { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-start; }
.crossforce-map-box { flex: 1 1 280px; min-width: 0; max-width: calc(min(66vh, 100vh - 300px) * 0.8); }
.crossforce-maps--compare .crossforce-map-box { max-width: calc(58vh * 0.8); }
.crossforce-map-caption { font-size: 19px; font-weight: 600; line-height: 1.3; min-height: 1.3em; }
.crossforce-maps--compare .crossforce-map-caption { min-height: 2.6em; }
.crossforce-maps:not(.crossforce-maps--compare) .crossforce-map-caption { display: none; }
.crossforce-map { display: block; width: 100%; height: auto; max-height: min(66vh, 100vh - 300px); }
.crossforce-maps--compare .crossforce-map { max-height: 58vh; }
.crossforce-area { cursor: pointer; }
.crossforce-area:hover { stroke: #111 !important; stroke-width: 4px; }
.crossforce-map-picked { font: 700 30px sans-serif; fill: #111; paint-order: stroke;
  stroke: white; stroke-width: 7px; stroke-linejoin: round; }
.crossforce-legend-box { flex: 0 1 280px; }
.crossforce-maps--compare .crossforce-legend-box { order: -1; flex: 1 1 100%; }
.crossforce-legend { font-size: 19px; line-height: 1.3; display: flex; flex-wrap: wrap; gap: 7px 22px; }
.crossforce-legend-row { flex: 1 1 100%; }
.crossforce-maps--compare .crossforce-legend-row { flex: 0 0 auto; }
.crossforce-map-note { flex: 1 1 100%; font-size: 16px; color: #222; }
.crossforce-credit { font-size: 14px; color: #444; margin-top: 6px; }
.crossforce-about { font-size: 18px; line-height: 1.5; color: #111; }
.crossforce-about h1 { font-size: 30px; margin: 4px 0 12px; }
.crossforce-about h2 { font-size: 24px; margin: 20px 0 8px; }
.crossforce-about h3 { font-size: 20px; margin: 14px 0 6px; }
.crossforce-about ul { margin-bottom: 10px; }
"""


@lru_cache(maxsize=32)
def baseline_series(scenario: str, seed: int) -> pd.DataFrame:
    """The scenario as published (no levers moved), same seed: what the faint lines show."""
    params = load_scenario(scenario).params()
    return run_simulation(params, seed=seed, force_series=False).model_series


@lru_cache(maxsize=64)
def scenario_info(name: str) -> Scenario:
    """A preset's title, description and sources (its file is read once per process)."""
    return load_scenario(name)


def build_model(scenario: str, seed: int, levers: dict, steps: int = 0) -> CrossforceModel:
    """A new model for these settings, replayed to ``steps`` quarters."""
    params = load_scenario(scenario).params(levers)
    model = CrossforceModel(params, seed=seed)
    model.run(steps)
    return model


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
    return "this quarter: " + "; ".join(f"{name} {value}" for name, value in _figures(now, ref))


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


@solara.component
def WordSelect(label: str, value, items: list[dict], on_value: Callable):
    """A menu that shows words (``items``: text and value) and hands back the value."""
    solara.v.Select(label=label, v_model=value, items=items, on_v_model=on_value)


@solara.component
def LeverControl(item: Lever, value, on_value):
    """One lever: its name and value on a line of their own (readable at a distance), then the control."""
    if item.kind == "bool":
        solara.Checkbox(label=item.label, value=bool(value), on_value=on_value)
        return
    if item.kind == "choice":
        WordSelect(item.label, value, lever_options(item), on_value)
        return
    shown = f"{value:.3g}" if item.kind == "float" else f"{int(value)}"
    solara.Text(f"{item.label}: {shown}", style={"font-size": "17px", "font-weight": "500"})
    solara.Text(item.unit, style={"font-size": "13px", "color": "#555"})
    if item.kind == "int":
        solara.SliderInt("", value=int(value), min=int(item.low), max=int(item.high), on_value=on_value)
    else:
        solara.SliderFloat(
            "", value=float(value), min=item.low, max=item.high, step=item.step, on_value=on_value
        )


@solara.component_vue("force_map.vue")
def ForceMap(
    geometry: dict, state: dict, caption: str, hidden: bool, event_force_click: Callable[[str], None]
):
    """One map (dashboards/force_map.vue): ``geometry`` is sent once, ``state`` on each redraw."""


#: What a hidden map (single-run view) is given instead of the outlines and a second run's state,
#: so a session that never compares is not sent the outlines twice.
EMPTY_GEOMETRY = {"viewBox": "0 0 1 1", "width": 1, "height": 1, "paths": [], "x": [], "y": [], "names": []}
EMPTY_MAP_STATE = {
    "fills": [],
    "tips": [],
    "hatch": [],
    "plain": [],
    "groups": [],
    "lines": [],
    "hubs": [],
    "markers": [],
    "picked": -1,
    "label": "",
}


@solara.component
def MapPanel(
    model: CrossforceModel,
    other: CrossforceModel | None,
    names: tuple[str, str],
    picked: solara.Reactive[str],
    tick: int,
):
    """The map(s) for one capability. The capability picked is this panel's own state, so a
    redraw of the rest of the page never touches the picker; the force picked is shared with
    the drill-down (a click on an area opens it there). Both maps are always drawn, the second
    hidden when there is nothing to compare, so neither is ever rebuilt."""
    capability, set_capability = solara.use_state(DEFAULT_CAPABILITY)
    caps = model.caps
    c = caps.index(capability) if capability in caps.names else 0
    geometry = geometry_props(model_geometry(model), tuple(model.forces.names))
    with solara.Column(gap="6px"):
        WordSelect(
            "Capability on the map",
            caps.names[c],
            options(zip(caps.names, caps.labels, strict=True)),
            set_capability,
        )
        with solara.Div(classes=["crossforce-maps", "crossforce-maps--compare" if other is not None else ""]):
            ForceMap(
                geometry=geometry,
                state=map_state(model, c, picked.value),
                caption=names[0],
                hidden=False,
                event_force_click=picked.set,
            )
            ForceMap(
                geometry=geometry if other is not None else EMPTY_GEOMETRY,
                state=map_state(other, c, picked.value) if other is not None else EMPTY_MAP_STATE,
                caption=names[1],
                hidden=other is None,
                event_force_click=picked.set,
            )
            solara.HTML(tag="div", unsafe_innerHTML=legend_html(), classes=["crossforce-legend-box"])
            solara.Text(MAP_NOTE, classes=["crossforce-map-note"])
        solara.Text(CREDIT, classes=["crossforce-credit"])


def events_csv(models: list[tuple[str, CrossforceModel]]) -> str:
    """The event log as CSV; two runs' logs in one table with a ``run`` column when comparing."""
    if len(models) == 1:
        return models[0][1].events.frame().to_csv(index=False)
    frames = [m.events.frame().assign(run=name) for name, m in models]
    return pd.concat(frames, ignore_index=True).to_csv(index=False)


@solara.component
def ChartPanel(models: list[tuple[str, CrossforceModel]], runs: list[ChartRun], tick: int):
    """The four charts and the downloads. The same elements are drawn before the first quarter
    (with a hint and no data) as after it, so the page never rebuilds them."""
    started = runs[0].series is not None and not runs[0].series.empty
    with solara.Column():
        # the hint's line is kept (a no-break space) once the charts are drawn: nothing below moves
        hint = "\u00a0" if started else "Charts appear after the first quarter: press Step or Play."
        solara.Text(hint, style={"font-size": "18px"})
        solara.widgets.VegaLite.element(spec=chart_spec(runs if started else runs[:1]))
        with solara.Row():
            solara.FileDownload(
                lambda: png_bytes(runs), filename="crossforce-charts.png", label="Charts as PNG"
            )
            solara.FileDownload(
                lambda: long_table(runs).to_csv(index=False),
                filename="crossforce-series.csv",
                label="Data as CSV",
            )
            solara.FileDownload(
                lambda: events_csv(models),
                filename="crossforce-events.csv",
                label="Events as CSV",
            )


@solara.component
def DrillDown(
    model: CrossforceModel,
    other: CrossforceModel | None,
    names: tuple[str, str],
    picked: solara.Reactive[str],
    tick: int,
):
    """One force's facts and arrangements (in both runs when comparing). The force picked is
    shared with the map: picking here outlines it there, clicking there picks it here."""
    with solara.Column():
        solara.Select("Force", value=picked, values=list(model.forces.names))
        name = picked.value if picked.value in model.forces.names else model.forces.names[0]
        f = model.forces.index(name)
        solara.HTML(tag="div", unsafe_innerHTML=force_facts(model, f))
        solara.HTML(tag="div", unsafe_innerHTML=force_arrangements(model, f, other, names))


@solara.component
def AboutPanel(scenarios: list):
    """The About button and its panel: docs/about.md (one text for the docs and the page) and
    the description and sources of the scenario(s) on screen. Its open state is its own."""
    open_, set_open = solara.use_state(False)
    solara.Button("About", on_click=lambda: set_open(True), text=True, style={"color": "white"})
    with (
        solara.v.Dialog(v_model=open_, on_v_model=set_open, max_width=1100, scrollable=True),
        solara.v.Card(),
    ):
        with solara.v.CardText(style_="padding-top: 16px"):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=about_html() + scenario_html(scenarios),
                classes=["crossforce-about"],
            )
        with solara.v.CardActions():
            solara.Button("Close", on_click=lambda: set_open(False), color="primary")


@solara.component
def RenderSignal(step: int, tick: int, compare_step: int | None = None):
    """An invisible marker drawn last on every render: ``data-step`` is the model's quarter,
    ``data-compare-step`` the second run's ("" when not comparing) and ``data-render`` counts
    redraws. Tests (and anything automating the page) wait on it instead of sleeping: when it
    shows a value, the render that set it has reached the browser."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML="",
        classes=["crossforce-render"],
        attributes={
            "data-step": str(step),
            "data-compare-step": "" if compare_step is None else str(compare_step),
            "data-render": str(tick),
        },
    )


@solara.component
def Page():
    scenario, set_scenario = solara.use_state("baseline")
    compare, set_compare = solara.use_state(NO_COMPARISON)
    seed_text, set_seed_text = solara.use_state("1")
    levers, set_levers = solara.use_state({})
    error, set_error = solara.use_state("")
    playing = solara.use_reactive(False)
    tick = solara.use_reactive(0)
    # the force in the drill-down, shared by the map (click) and the drill-down's menu; only the
    # components that read it redraw when it changes
    picked = solara.use_reactive(DEFAULT_FORCE)
    # one model (two when comparing) per session: use_memo runs once per Page instance
    holder = solara.use_memo(
        lambda: {
            "model": build_model("baseline", 1, {}),
            "scenario": "baseline",
            "other": None,
            "compare": "",
        },
        dependencies=[],
    )

    def rebuild(new_scenario=None, new_seed_text=None, new_levers=None, new_compare=None, steps=None) -> None:
        """Apply settings: same seed, replayed to the current quarter (or ``steps``). The
        comparison run is rebuilt only when its own settings (scenario, seed, quarter) change."""
        try:
            chosen = new_scenario if new_scenario is not None else scenario
            seed = parse_seed(new_seed_text if new_seed_text is not None else seed_text)
            chosen_levers = new_levers if new_levers is not None else levers
            chosen_compare = new_compare if new_compare is not None else compare
            replay = holder["model"].steps if steps is None else steps
            model = build_model(chosen, seed, chosen_levers, replay)
            other = holder["other"]
            if not chosen_compare:
                other = None
            elif other is None or new_compare is not None or new_seed_text is not None or steps is not None:
                other = build_model(chosen_compare, seed, {}, replay)
            holder.update(model=model, scenario=chosen, other=other, compare=chosen_compare)
            set_error("")
        except ParameterError as exc:
            set_error(str(exc))
        except Exception as exc:  # a projector never shows a traceback
            set_error(f"Something went wrong: {exc}")
        tick.set(tick.value + 1)

    def step_once() -> None:
        try:
            holder["model"].step()
            if holder["other"] is not None:
                holder["other"].step()
        except Exception as exc:
            playing.set(False)
            set_error(f"The step failed: {exc}")
        tick.set(tick.value + 1)

    def play_loop() -> None:
        while playing.value:
            step_once()
            time.sleep(PLAY_INTERVAL_S)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    model, other = holder["model"], holder["other"]
    seed = model.seed
    shown = [scenario_info(holder["scenario"])] + ([scenario_info(holder["compare"])] if other else [])
    names = run_names((shown[0].title, shown[1].title if other else None), bool(levers))

    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("crossforce: hold, share or merge")
        AboutPanel(shown)

    with solara.Sidebar():
        with solara.Card("Run"), solara.Row():
            solara.Button("Step", on_click=step_once, disabled=playing.value, color="primary")
            solara.Button(
                "❚❚ Pause" if playing.value else "▶ Play", on_click=lambda: playing.set(not playing.value)
            )
            solara.Button("Reset", on_click=lambda: (playing.set(False), rebuild(steps=0)))
        with solara.Card("Scenario"):
            WordSelect(
                "Scenario",
                scenario,
                scenario_options(),
                lambda v: (set_scenario(v), set_levers({}), rebuild(new_scenario=v, new_levers={})),
            )
            WordSelect(
                "Compare with",
                compare,
                [{"text": "Nothing (one run)", "value": NO_COMPARISON}, *scenario_options()],
                lambda v: (set_compare(v), rebuild(new_compare=v)),
            )
            solara.InputText(
                "Seed",
                value=seed_text,
                continuous_update=False,
                on_value=lambda v: (set_seed_text(v), rebuild(new_seed_text=v)),
            )
            solara.Text(
                "Both runs use this seed; the levers change the first run only.",
                style={"font-size": "14px", "color": "#555"},
            )
        with solara.Card("Policy levers"):
            current = model.params.model_dump()
            for item in main_levers():

                def change(value, name=item.name, was=current[item.name]):
                    if value == levers.get(name, was) or (
                        isinstance(value, float) and abs(value - levers.get(name, was)) < 1e-12
                    ):
                        return  # a control echoing its value back is not a change
                    updated = {**levers, name: value}
                    set_levers(updated)
                    rebuild(new_levers=updated)

                LeverControl(item, levers.get(item.name, current[item.name]), change)

    # Every element below is drawn on every render, in the same order, whatever the state: a
    # conditional element would shift its siblings, and the page would rebuild them (a pick made
    # in a menu that is being rebuilt is lost).
    live = model.recorder.model_series()
    if other is None:
        baseline = baseline_series(holder["scenario"], seed)
        text = escape(readout(live, baseline)) if not live.empty else ""
        # two years of the published run ahead of the live one (one row per quarter from step 1)
        runs = single_runs(live, baseline.iloc[: max(model.steps, 1) + 8])
        feed = event_feed(model.events.frame())
    else:
        other_live = other.recorder.model_series()
        text = compare_readout((names[0], live), (names[1], other_live))
        runs = [ChartRun(names[0], live, "main"), ChartRun(names[1], other_live, "second")]
        first, second = short_title(names[0]), short_title(names[1])
        if first == second:
            first, second = "first run", "second run"
        feed = compared_feed((first, model.events.frame()), (second, other.events.frame()))
    with solara.Div(classes=["crossforce-header"]):
        solara.Text(error, classes=["crossforce-error"])
        solara.Text(
            f"{model.quarter_label if model.steps else 'Start of ' + str(model.params.start_year)}",
            classes=["crossforce-date"],
        )
        if other is None:
            status = f"{names[0]}; seed {seed}; quarter {model.steps}; {int(model.active.sum())} forces"
        else:
            status = (
                f"Two runs on seed {seed}; quarter {model.steps}; "
                f"{int(model.active.sum())} and {int(other.active.sum())} forces"
            )
        solara.Text(status, classes=["crossforce-status"])
        solara.HTML(tag="div", unsafe_innerHTML=text, classes=["crossforce-readout"])
    # rows that wrap: side by side on a projector, one under the other on a narrower screen
    with solara.Div(classes=["crossforce-row"]):
        with solara.Div(classes=["crossforce-map-panel"]):
            MapPanel(model, other, names, picked, tick.value)
        with solara.Div(classes=["crossforce-chart-panel"]):
            ChartPanel([(names[0], model)] + ([(names[1], other)] if other else []), runs, tick.value)
    # the drill-down first (under the map it is opened from): when the row wraps it stays put while
    # the feed grows under it during Play, so its menu is never moved under the pointer
    with solara.Div(classes=["crossforce-row"]):
        with solara.Div(classes=["crossforce-drill-panel"]):
            DrillDown(model, other, names, picked, tick.value)
        with solara.Div(classes=["crossforce-feed-panel"]):
            solara.Text("What happened, and why", style={"font-size": "24px", "font-weight": "600"})
            solara.HTML(tag="div", unsafe_innerHTML=feed)
    RenderSignal(model.steps, tick.value, other.steps if other is not None else None)
