"""The workshop dashboard: run the model live, show what a lever changed, and why agents chose.

One model per browser session (built inside ``Page``), so two viewers never share state.
Changing a lever or the scenario rebuilds the model with the same seed and replays it to the
current quarter: the charts then show the whole history as if the lever had been set from the
start, against the scenario's baseline run drawn faintly. Errors become a message on screen,
never a traceback. Run it with ``crossforce dashboard`` (offline: see docs/dashboard-offline.md).
"""

from __future__ import annotations

import time
from functools import lru_cache

import pandas as pd
import solara
import solara.lab

from abm.model import CrossforceModel
from abm.params import ParameterError
from abm.runner import run_simulation
from abm.scenarios import available, load_scenario
from dashboards.charts import chart_spec, long_table, png_bytes
from dashboards.controls import Lever, main_levers, parse_seed
from dashboards.map_view import svg_map
from dashboards.narrative import event_feed, force_arrangements, force_facts

PLAY_INTERVAL_S = 0.6  # a quarter every 0.6 s: slow enough for a room to follow
CSS = """
.v-application { font-size: 18px; }
.crossforce-date { font-size: 40px; font-weight: 700; }
.crossforce-error { font-size: 20px; color: #b00020; font-weight: 600; }
.v-btn { font-size: 18px !important; }
"""


@lru_cache(maxsize=32)
def baseline_series(scenario: str, seed: int) -> pd.DataFrame:
    """The scenario as published (no levers moved), same seed: what the faint lines show."""
    params = load_scenario(scenario).params()
    return run_simulation(params, seed=seed, force_series=False).model_series


def build_model(scenario: str, seed: int, levers: dict, steps: int = 0) -> CrossforceModel:
    """A new model for these settings, replayed to ``steps`` quarters."""
    params = load_scenario(scenario).params(levers)
    model = CrossforceModel(params, seed=seed)
    model.run(steps)
    return model


def readout(live: pd.DataFrame, baseline: pd.DataFrame) -> str:
    """This quarter against the baseline's same quarter, in words a room can read."""
    now = live.iloc[-1]
    same = baseline[baseline["step"] == now["step"]]
    ref = same.iloc[0] if not same.empty else None

    def versus(column: str, fmt: str) -> str:
        value = fmt.format(now[column])
        return value if ref is None else f"{value} (baseline {fmt.format(ref[column])})"

    return (
        f"this quarter: collaborations {versus('collaborations', '{:.0f}')}; "
        f"cost {versus('total_cost_gbp_m', '£{:,.0f}m')}; harm {versus('harm_value_gbp_m', '£{:,.0f}m')}"
    )


@solara.component
def LeverControl(item: Lever, value, on_value):
    """One lever: its name and value on a line of their own (readable at a distance), then the control."""
    if item.kind == "bool":
        solara.Checkbox(label=item.label, value=bool(value), on_value=on_value)
        return
    if item.kind == "choice":
        solara.Select(label=item.label, value=value, values=list(item.choices), on_value=on_value)
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


@solara.component
def MapPanel(model: CrossforceModel, tick: int):
    """The map for one capability; the capability picked is this panel's own state, so a redraw
    of the rest of the page after a step never touches the picker."""
    capability, set_capability = solara.use_state("covert_surveillance")
    with solara.Column():
        solara.Select(
            "Capability on the map", value=capability, values=list(model.caps.names), on_value=set_capability
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=svg_map(model, model.caps.index(capability)),
            style={"max-height": "62vh", "max-width": "56vh"},
        )


@solara.component
def ChartPanel(model: CrossforceModel, live: pd.DataFrame, baseline: pd.DataFrame, tick: int):
    """The four charts against the baseline, and the downloads. The same elements are drawn before
    the first quarter (with a hint and no data) as after it, so the page never rebuilds them."""
    with solara.Column():
        hint = "Charts appear after the first quarter: press Step or Play." if live.empty else ""
        solara.Text(hint, style={"font-size": "18px"})
        solara.widgets.VegaLite.element(spec=chart_spec(live, baseline if not live.empty else None))
        with solara.Row():
            solara.FileDownload(
                lambda: png_bytes(live, baseline), filename="crossforce-charts.png", label="Charts as PNG"
            )
            solara.FileDownload(
                lambda: long_table(live, baseline).to_csv(index=False),
                filename="crossforce-series.csv",
                label="Data as CSV",
            )
            solara.FileDownload(
                lambda: model.events.frame().to_csv(index=False),
                filename="crossforce-events.csv",
                label="Events as CSV",
            )


@solara.component
def DrillDown(model: CrossforceModel, tick: int):
    """One force's facts and arrangements; the force picked is this panel's own state."""
    force_name, set_force_name = solara.use_state("Cumbria")
    with solara.Column():
        solara.Select("Force", value=force_name, values=list(model.forces.names), on_value=set_force_name)
        f = model.forces.index(force_name)
        solara.HTML(tag="div", unsafe_innerHTML=force_facts(model, f))
        solara.HTML(tag="div", unsafe_innerHTML=force_arrangements(model, f))


@solara.component
def RenderSignal(step: int, tick: int):
    """An invisible marker drawn last on every render: ``data-step`` is the model's quarter and
    ``data-render`` counts redraws. Tests (and anything automating the page) wait on it instead of
    sleeping: when it shows a value, the render that set it has reached the browser."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML="",
        classes=["crossforce-render"],
        attributes={"data-step": str(step), "data-render": str(tick)},
    )


@solara.component
def Page():
    scenario, set_scenario = solara.use_state("baseline")
    seed_text, set_seed_text = solara.use_state("1")
    levers, set_levers = solara.use_state({})
    error, set_error = solara.use_state("")
    playing = solara.use_reactive(False)
    tick = solara.use_reactive(0)
    # one model per session: use_memo runs once per Page instance
    holder = solara.use_memo(lambda: {"model": build_model("baseline", 1, {})}, dependencies=[])

    def rebuild(new_scenario=None, new_seed_text=None, new_levers=None, steps=None) -> None:
        """Apply settings: same seed, replayed to the current quarter (or ``steps``)."""
        try:
            chosen = new_scenario if new_scenario is not None else scenario
            seed = parse_seed(new_seed_text if new_seed_text is not None else seed_text)
            chosen_levers = new_levers if new_levers is not None else levers
            replay = holder["model"].steps if steps is None else steps
            holder["model"] = build_model(chosen, seed, chosen_levers, replay)
            set_error("")
        except ParameterError as exc:
            set_error(str(exc))
        except Exception as exc:  # a projector never shows a traceback
            set_error(f"Something went wrong: {exc}")
        tick.set(tick.value + 1)

    def step_once() -> None:
        try:
            holder["model"].step()
        except Exception as exc:
            playing.set(False)
            set_error(f"The step failed: {exc}")
        tick.set(tick.value + 1)

    def play_loop() -> None:
        while playing.value:
            step_once()
            time.sleep(PLAY_INTERVAL_S)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    model = holder["model"]
    seed = model.seed

    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("crossforce: hold, share or merge")

    with solara.Sidebar():
        with solara.Card("Run"), solara.Row():
            solara.Button("Step", on_click=step_once, disabled=playing.value, color="primary")
            solara.Button(
                "❚❚ Pause" if playing.value else "▶ Play", on_click=lambda: playing.set(not playing.value)
            )
            solara.Button("Reset", on_click=lambda: (playing.set(False), rebuild(steps=0)))
        with solara.Card("Scenario"):
            solara.Select(
                "Scenario",
                value=scenario,
                values=available(),
                on_value=lambda v: (set_scenario(v), set_levers({}), rebuild(new_scenario=v, new_levers={})),
            )
            solara.InputText(
                "Seed",
                value=seed_text,
                continuous_update=False,
                on_value=lambda v: (set_seed_text(v), rebuild(new_seed_text=v)),
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
    solara.Text(error, classes=["crossforce-error"])
    solara.Text(
        f"{model.quarter_label if model.steps else 'Start of ' + str(model.params.start_year)}",
        classes=["crossforce-date"],
    )
    solara.Text(
        f"step {model.steps}; scenario {scenario}; seed {seed}; forces {int(model.active.sum())}",
        style={"font-size": "18px"},
    )
    live = model.recorder.model_series()
    baseline = baseline_series(scenario, seed)
    solara.Text(
        readout(live, baseline) if not live.empty else "",
        classes=["crossforce-readout"],
        style={"font-size": "20px"},
    )
    baseline = baseline[baseline["step"] <= max(model.steps, 1) + 8]
    with solara.Columns([5, 6]):
        MapPanel(model, tick.value)
        ChartPanel(model, live, baseline, tick.value)
    with solara.Columns([6, 5]):
        with solara.Column():
            solara.Text("What happened, and why", style={"font-size": "24px", "font-weight": "600"})
            solara.HTML(tag="div", unsafe_innerHTML=event_feed(model.events.frame()))
        DrillDown(model, tick.value)
    RenderSignal(model.steps, tick.value)
