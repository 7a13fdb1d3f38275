"""Placeholder Solara dashboard (to be replaced by the real crossforce dashboard).

It exists so the offline browser-test harness in ``tests/browser`` has something real to
drive. It shows the patterns the real dashboard must keep:

* the model is built PER BROWSER SESSION (``solara.use_memo`` inside the ``Page``
  component), never at module level, where one object would be shared by every session;
* a custom ``@solara.component`` passed to ``SolaraViz`` reads ``update_counter.get()``,
  otherwise it never re-renders after Step/Play;
* plots use the Altair backend (Vega ships with ``solara-assets``; see
  ``dashboards/offline_cdn.py``), and text uses ``solara.Text``, not ``solara.Markdown``
  (which loads KaTeX from the CDN).

Run it with ``solara run dashboards/app.py`` (see docs/dashboard-offline.md for offline use).
"""

from __future__ import annotations

import altair as alt
import mesa
import solara
from mesa.visualization import Slider, SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

# solara.FigureAltair does `with alt.renderers.enable("mimetype"): chart._repr_mimebundle_()`.
# That switches a process-wide setting, so two sessions rendering charts at once race and
# one of them fails with KeyError(0). With "mimetype" already the global renderer the switch
# is a no-op and the race is gone. Keep this line in the real dashboard.
alt.renderers.enable("mimetype")


class Counter(mesa.Agent):
    """An agent that adds a small random amount to its tally each step."""

    def __init__(self, model: TinyModel) -> None:
        super().__init__(model)
        self.tally = 0

    def step(self) -> None:
        self.tally += self.random.randint(0, 2)


class TinyModel(mesa.Model):
    """A minimal Mesa 3.5 model: ``n`` counters and a ``Total`` reporter."""

    def __init__(self, n: int = 5, rng: int | None = 42) -> None:
        super().__init__(rng=rng)
        Counter.create_agents(self, n)
        self.datacollector = mesa.DataCollector(
            model_reporters={"Total": lambda m: sum(a.tally for a in m.agents)}
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)


@solara.component
def StepCounter(model: TinyModel):
    """Shows the model's step count; reading ``update_counter`` makes it refresh."""
    update_counter.get()
    # Plain Text, not Markdown: solara.Markdown loads KaTeX, which solara-assets does not ship.
    solara.Text(f"Step {model.steps}", classes=["crossforce-step"], style={"font-size": "1.5rem"})
    total = sum(a.tally for a in model.agents)
    solara.Text(f"Total tally: {total}", classes=["crossforce-total"])


model_params = {
    "n": Slider("Number of counters", value=5, min=1, max=20, step=1),
    "rng": 42,
}


@solara.component
def Page():
    # One model per browser session: use_memo runs once per Page instance (= per kernel).
    model = solara.use_memo(TinyModel, dependencies=[])
    SolaraViz(
        model,
        components=[StepCounter, make_plot_component("Total", backend="altair")],
        model_params=model_params,
        name="crossforce (placeholder)",
    )
