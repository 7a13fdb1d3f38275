"""The dashboard's page: run the model live, show what a lever changed, and why agents chose.

This module is layout only. One ``DashboardSession`` per browser session (``dashboards/session.py``:
the runs, the settings, stepping, Play, rebuilding on a change, compare mode) holds everything
that changes, so two viewers never share state and every behaviour is tested without a browser;
``dashboards/page_view.py`` turns it into what one redraw shows. The page redraws when the
session's ``version`` moves. Errors become a message on screen, never a traceback.
Run it with ``crossforce dashboard`` (offline: see docs/dashboard-offline.md).
"""

from __future__ import annotations

from collections.abc import Callable

import solara
import solara.lab

from dashboards.about import about_html, scenario_html
from dashboards.charts import chart_spec, long_table, png_bytes
from dashboards.controls import Lever, lever_options, main_levers, options, scenario_options
from dashboards.geo import CREDIT, model_geometry
from dashboards.map_view import MAP_NOTE, geometry_props, legend_html, map_state
from dashboards.narrative import force_arrangements, force_facts

# compare_readout, readout, baseline_series and build_model are imported from here by
# benchmarks/bench_dashboard.py (they lived here before the session moved out)
from dashboards.page_view import PageView, compare_readout, events_csv, page_view, readout  # noqa: F401
from dashboards.session import NO_COMPARISON, DashboardSession, baseline_series, build_model  # noqa: F401

DEFAULT_CAPABILITY = "covert_surveillance"
NO_FORCE = ""  # nothing picked: no force outlined, the drill-down asks for a pick
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
/* before the first quarter the box is kept but empty: no legend or menu of a chart with no lines */
.crossforce-charts--waiting .vega-embed { visibility: hidden; }
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
def MapPanel(view: PageView, picked: solara.Reactive[str]):
    """The map(s) for one capability. The capability picked is this panel's own state, so a
    redraw of the rest of the page never touches the picker; the force picked is shared with
    the drill-down (a click on an area opens it there). Both maps are always drawn, the second
    hidden when there is nothing to compare, so neither is ever rebuilt."""
    capability, set_capability = solara.use_state(DEFAULT_CAPABILITY)
    model, other = view.model, view.other
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
                state=map_state(model, c, picked.value, view.readings[0]),
                caption=view.captions[0],
                hidden=False,
                event_force_click=picked.set,
            )
            ForceMap(
                geometry=geometry if other is not None else EMPTY_GEOMETRY,
                state=map_state(other, c, picked.value, view.readings[1])
                if other is not None
                else EMPTY_MAP_STATE,
                caption=view.captions[1],
                hidden=other is None,
                event_force_click=picked.set,
            )
            solara.HTML(tag="div", unsafe_innerHTML=legend_html(), classes=["crossforce-legend-box"])
            solara.Text(MAP_NOTE, classes=["crossforce-map-note"])
        solara.Text(CREDIT, classes=["crossforce-credit"])


@solara.component
def ChartPanel(view: PageView):
    """The four charts and the downloads. The same elements are drawn before the first quarter
    as after it, so the page never rebuilds them; before it the charts' box is kept (its height
    stays) but nothing is shown in it, not even an empty legend, and a hint says what to do."""
    runs = view.runs
    with solara.Column():
        # the hint's line is kept (a no-break space) once the charts are drawn: nothing below moves
        hint = "\u00a0" if view.started else "Charts appear after the first quarter: press Step or Play."
        solara.Text(hint, style={"font-size": "18px"})
        with solara.Div(classes=["crossforce-charts", "" if view.started else "crossforce-charts--waiting"]):
            spec = chart_spec(runs if view.started else runs[:1], view.model.params.start_year)
            solara.widgets.VegaLite.element(spec=spec)
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
                lambda: events_csv(view.downloads),
                filename="crossforce-events.csv",
                label="Events as CSV",
            )


#: What the drill-down shows before a force is picked.
PICK_HINT = (
    "<p style='font-size:18px'>Pick a force on the map or in this menu to see its facts and arrangements.</p>"
)


@solara.component
def DrillDown(view: PageView, picked: solara.Reactive[str]):
    """One force's facts and arrangements (in both runs when comparing). The force picked is
    shared with the map: picking here outlines it there, clicking there picks it here. Before
    anything is picked it says how to pick (the same two elements, so nothing is rebuilt)."""
    model, other = view.model, view.other
    with solara.Column():
        solara.Select("Force", value=picked, values=list(model.forces.names))
        if picked.value in model.forces.names:
            f = model.forces.index(picked.value)
            facts = force_facts(model, f)
            table = force_arrangements(model, f, other, view.names, view.readings)
        else:
            facts, table = PICK_HINT, ""
        solara.HTML(tag="div", unsafe_innerHTML=facts)
        solara.HTML(tag="div", unsafe_innerHTML=table)


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
def Controls(session: DashboardSession, version: int, changed: Callable[[], None]):
    """The sidebar: Step, Play and Reset; the scenario, the comparison and the seed; the levers.
    Each control calls one action of the session, then tells the page it changed. ``version`` is
    the session's: the same session object and callback would not make Solara redraw this."""

    def act(action: Callable) -> Callable:
        return lambda *args: (action(*args), changed())

    with solara.Card("Run"), solara.Row():
        solara.Button("Step", on_click=act(session.step), disabled=session.playing, color="primary")
        solara.Button("❚❚ Pause" if session.playing else "▶ Play", on_click=act(session.toggle_play))
        solara.Button("Reset", on_click=act(session.reset))
    with solara.Card("Scenario"):
        WordSelect("Scenario", session.scenario, scenario_options(), act(session.choose_scenario))
        WordSelect(
            "Compare with",
            session.compare,
            [{"text": "Nothing (one run)", "value": NO_COMPARISON}, *scenario_options()],
            act(session.choose_compare),
        )
        solara.InputText(
            "Seed", value=session.seed_text, continuous_update=False, on_value=act(session.set_seed_text)
        )
        solara.Text(
            "Both runs use this seed and start in the same year; the levers change the first run only.",
            style={"font-size": "14px", "color": "#555"},
        )
    with solara.Card("Policy levers"):
        for item in main_levers():
            LeverControl(
                item, session.lever_value(item.name), act(lambda v, n=item.name: session.move_lever(n, v))
            )


@solara.component
def Header(view: PageView):
    """The error (if any), the date in large type, the run's status and this quarter's figures."""
    with solara.Div(classes=["crossforce-header"]):
        solara.Text(view.error, classes=["crossforce-error"])
        solara.Text(view.date, classes=["crossforce-date"])
        solara.Text(view.status, classes=["crossforce-status"])
        solara.HTML(tag="div", unsafe_innerHTML=view.readout_html, classes=["crossforce-readout"])


@solara.component
def Page():
    # one session per Page instance (per browser session): use_memo runs once
    session = solara.use_memo(DashboardSession, dependencies=[])
    tick = solara.use_reactive(0)
    # the force in the drill-down, shared by the map (click) and the drill-down's menu; only the
    # components that read it redraw when it changes
    picked = solara.use_reactive(NO_FORCE)

    def changed() -> None:
        tick.set(session.version)

    solara.lab.use_task(lambda: session.play(changed), dependencies=[session.playing], prefer_threaded=True)
    view = page_view(session)

    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("crossforce: hold, share or merge")
        AboutPanel(session.scenarios_shown())
    with solara.Sidebar():
        Controls(session, session.version, changed)
    # Every element below is drawn on every render, in the same order, whatever the state: a
    # conditional element would shift its siblings, and the page would rebuild them (a pick made
    # in a menu that is being rebuilt is lost).
    Header(view)
    # rows that wrap: side by side on a projector, one under the other on a narrower screen
    with solara.Div(classes=["crossforce-row"]):
        with solara.Div(classes=["crossforce-map-panel"]):
            MapPanel(view, picked)
        with solara.Div(classes=["crossforce-chart-panel"]):
            ChartPanel(view)
    # the drill-down first (under the map it is opened from): when the row wraps it stays put while
    # the feed grows under it during Play, so its menu is never moved under the pointer
    with solara.Div(classes=["crossforce-row"]):
        with solara.Div(classes=["crossforce-drill-panel"]):
            DrillDown(view, picked)
        with solara.Div(classes=["crossforce-feed-panel"]):
            solara.Text("What happened, and why", style={"font-size": "24px", "font-weight": "600"})
            solara.HTML(tag="div", unsafe_innerHTML=view.feed_html)
    RenderSignal(view.model.steps, tick.value, view.other.steps if view.other is not None else None)
