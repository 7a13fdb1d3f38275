"""One viewer's dashboard session in plain Python: the run(s), their settings, stepping and Play.

The page (``dashboards/app.py``) only lays out what this holds and calls its actions, so every
behaviour is testable without Solara or a browser (tests/test_dashboard_session.py), as the
workshop's state is (``dashboards/workshop/state.py``).

* Changing a lever, the scenario or the seed rebuilds the model with the same seed and replays it
  to the current quarter: the charts then show the whole history as if the settings had been so
  from the start.
* "Compare with" adds a second run, another scenario on the same seed, stepped with the first and
  run from the first run's start year, so both are always on the same date (issue 28: a 2010 run
  beside a 2026 one at "the same quarter" compared different years). It is rebuilt only when its
  own settings change (scenario, seed, start year) or on Reset; the levers change the first run only.
* A scenario may name the run it is meant to be compared with (``DEFAULT_COMPARISONS``); choosing
  it sets that comparison, and leaving it for a scenario without one clears a comparison that was
  set that way (never one the user chose).
* Play steps a quarter every ``PLAY_INTERVAL_S`` on a worker thread while the page redraws; one
  lock makes each action (a step, a rebuild) whole, so a redraw never reads a half-built run.
* Errors become a message (``error``), never a traceback: a projector shows words.

``version`` grows with every change: the page redraws when it does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd

from abm.model import CrossforceModel
from abm.params import ParameterError
from abm.runner import run_simulation
from abm.scenarios import Scenario, load_scenario
from dashboards.controls import parse_seed

PLAY_INTERVAL_S = 0.6  # a quarter every 0.6 s: slow enough for a room to follow
NO_COMPARISON = ""
FIRST_SCENARIO = "baseline"
#: The run a scenario's own text says to compare it with. The 2026 white-paper presets say "compare
#: with the status quo from the same year"; the dashboard opens them that way.
DEFAULT_COMPARISONS = {
    "white_paper_2026_fewer_forces": "status_quo_2026",
    "white_paper_2026_national_service": "status_quo_2026",
}


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
    """A new model for these settings (the scenario with ``levers`` on top), replayed to
    ``steps`` quarters."""
    params = load_scenario(scenario).params(levers)
    model = CrossforceModel(params, seed=seed)
    model.run(steps)
    return model


def same_value(a: Any, b: Any) -> bool:
    """Whether a control's value is the one already set: a slider echoes its value back, as a
    float that may differ in the last bits."""
    if isinstance(a, float) and isinstance(b, int | float) and not isinstance(b, bool):
        return abs(a - b) < 1e-12
    return a == b


class DashboardSession:
    """One viewer's runs and settings (one per browser session: two viewers never share a run)."""

    def __init__(self, scenario: str = FIRST_SCENARIO, seed_text: str = "1") -> None:
        self.scenario = scenario
        self.compare = NO_COMPARISON
        self.compare_by_default = False  # the comparison was set by the scenario, not the user
        self.seed_text = seed_text
        self.levers: dict[str, Any] = {}
        self.error = ""
        self.playing = False
        self.version = 0
        self.lock = threading.RLock()  # held by each action and by a redraw's reading
        self.model = build_model(scenario, parse_seed(seed_text), {})
        self.other: CrossforceModel | None = None
        self._other_key: tuple | None = None

    # ------------------------------------------------------------------ what the page reads
    @property
    def seed(self) -> int:
        """The seed both runs were built with (the last valid one typed)."""
        return self.model.seed

    @property
    def start_year(self) -> int:
        """The first run's first year: the comparison runs from it too."""
        return self.model.params.start_year

    def lever_value(self, name: str) -> Any:
        """A lever's value in the first run: as moved, or as the scenario sets it."""
        return self.levers.get(name, getattr(self.model.params, name))

    def scenarios_shown(self) -> list[Scenario]:
        """The scenario(s) on screen: the first run's, then the comparison's when there is one."""
        shown = [scenario_info(self.scenario)]
        return [*shown, scenario_info(self.compare)] if self.other is not None else shown

    # ------------------------------------------------------------------ actions
    def step(self) -> None:
        """One quarter for the run(s); a failure stops Play and says so."""
        with self.lock:
            try:
                self.model.step()
                if self.other is not None:
                    self.other.step()
            except Exception as exc:  # a projector never shows a traceback
                self.playing = False
                self.error = f"The step failed: {exc}"
            self._changed()

    def toggle_play(self) -> None:
        self.playing = not self.playing
        self._changed()

    def play(self, on_step: Callable[[], None], sleep: Callable[[float], None] = time.sleep) -> None:
        """Step while playing (on the page's worker thread), telling the page after each quarter."""
        while self.playing:
            self.step()
            on_step()
            sleep(PLAY_INTERVAL_S)

    def reset(self) -> None:
        """Stop playing and go back to the start, both runs."""
        self.playing = False
        self._rebuild(steps=0)

    def choose_scenario(self, name: str) -> None:
        """Another scenario for the first run, its levers as published; its default comparison,
        if it has one, replaces one that was not chosen by the user."""
        default = DEFAULT_COMPARISONS.get(name)
        if default is not None and (self.compare_by_default or not self.compare):
            self.compare, self.compare_by_default = default, True
        elif default is None and self.compare_by_default:
            self.compare, self.compare_by_default = NO_COMPARISON, False
        self.scenario, self.levers = name, {}
        self._rebuild()

    def choose_compare(self, name: str) -> None:
        """Compare with another scenario (``NO_COMPARISON``: one run)."""
        self.compare, self.compare_by_default = name, False
        self._rebuild()

    def set_seed_text(self, text: str) -> None:
        self.seed_text = text
        self._rebuild()

    def move_lever(self, name: str, value: Any) -> bool:
        """Set a lever on the first run and replay it; False (nothing done) when the value is the
        one already set, as a control echoing its value back sends."""
        if same_value(value, self.lever_value(name)):
            return False
        self.levers = {**self.levers, name: value}
        self._rebuild()
        return True

    # ------------------------------------------------------------------ inside
    def _rebuild(self, steps: int | None = None) -> None:
        """Apply the settings: the same seed, replayed to the current quarter (or ``steps``)."""
        with self.lock:
            try:
                seed = parse_seed(self.seed_text)
                replay = self.model.steps if steps is None else steps
                model = build_model(self.scenario, seed, self.levers, replay)
                self.other = self._comparison(seed, model.params.start_year, replay, steps is not None)
                self.model = model
                self.error = ""
            except ParameterError as exc:
                self.error = str(exc)
            except Exception as exc:  # a projector never shows a traceback
                self.error = f"Something went wrong: {exc}"
            self._changed()

    def _comparison(self, seed: int, start_year: int, steps: int, fresh: bool) -> CrossforceModel | None:
        """The comparison run for these settings: kept while its scenario, seed and start year are
        unchanged (and not on Reset), else rebuilt from the first run's start year."""
        if not self.compare:
            self._other_key = None
            return None
        key = (self.compare, seed, start_year)
        if self.other is None or fresh or key != self._other_key:
            other = build_model(self.compare, seed, {"start_year": start_year}, steps)
            self._other_key = key
            return other
        return self.other

    def _changed(self) -> None:
        self.version += 1
