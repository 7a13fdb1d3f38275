"""The model side of a workshop: rebuild the run from the answers so far, and find a round's questions.

A workshop never keeps a model it cannot rebuild: the live model of any quarter is the scenario's
model with the same seed, stepped to that quarter with every recorded answer replayed
(``abm.decisions.Replay``). Rewinding, reloading and resuming after a restart are therefore exact.

Two savings keep a rebuild near the cost of a plain run (numpy views inside the model do not
survive ``copy.deepcopy``, so a model cannot be forked, only rebuilt):

* a role gets a controller only in the quarters where one of its recorded answers differs from
  its agent's own choice: elsewhere the agent's own rule gives the same answer without building
  the decision (a person who agrees with the agent changes nothing; tests/test_decisions.py);
* the quarter's questions are found by stepping a rebuilt twin once with a ``Probe``, which
  answers with the agent's own choice and notes every decision put to a role the room plays.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from abm.decisions import Answer, Decision, Replay
from abm.model import CrossforceModel
from abm.params import ModelParams
from abm.scenarios import load_scenario

PARTIAL_RUNS_KEPT = 64  # runs with one role's answers, kept for the debrief


@dataclass(frozen=True)
class Setup:
    """The run a workshop plays: a scenario preset (or .toml path), a seed and any overrides."""

    scenario: str = "baseline"
    seed: int = 1
    overrides: dict = field(default_factory=dict)

    def params(self) -> ModelParams:
        return load_scenario(self.scenario).params(dict(self.overrides))

    def to_json(self) -> dict:
        return {"scenario": self.scenario, "seed": self.seed, "overrides": dict(self.overrides)}

    @classmethod
    def from_json(cls, data: dict) -> Setup:
        return cls(str(data["scenario"]), int(data["seed"]), dict(data.get("overrides", {})))


@dataclass(frozen=True)
class Record:
    """An answer the run uses: the decision's key, its quarter (model step) and role, the choice
    carried out and the agent's own choice."""

    key: str
    step: int
    role: str
    choice: tuple[str, ...]
    model_choice: tuple[str, ...]

    @property
    def diverged(self) -> bool:
        return set(self.choice) != set(self.model_choice)


class Probe:
    """A controller that replays recorded answers and notes every other decision put to a role
    the room plays, answering it with the agent's own choice for now."""

    def __init__(self, recorded: dict[str, tuple[str, ...]], roles: Iterable[str]) -> None:
        self.replay = Replay(recorded)
        self.roles = set(roles)
        self.asked: list[Decision] = []  # decisions for the room with no recorded answer
        self.seen: list[Decision] = []  # every decision this controller answered

    def decide(self, decision: Decision) -> Answer:
        self.seen.append(decision)
        answer = self.replay.decide(decision)
        if answer.by != "replayed" and decision.role in self.roles:
            self.asked.append(decision)
        return answer


class Engine:
    """Builds the workshop's models for one setup."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.params = setup.params()
        self._model_run: CrossforceModel | None = None
        self._whole_run: tuple[tuple, pd.DataFrame] | None = None  # (the answers it replays, its series)
        self._partial: dict[tuple, pd.DataFrame] = {}  # (answers, quarters) -> series (``series_with``)
        self._lock = threading.Lock()

    @property
    def steps(self) -> int:
        """Quarters in the run."""
        return int(self.params.steps)

    def new_model(self) -> CrossforceModel:
        return CrossforceModel(self.params, seed=self.setup.seed)

    def build(self, records: dict[str, Record], steps: int) -> CrossforceModel:
        """The run stepped to ``steps`` quarters with every recorded answer replayed."""
        model = self.new_model()
        self.advance(model, records, steps)
        return model

    def advance(self, model: CrossforceModel, records: dict[str, Record], steps: int) -> None:
        """Step ``model`` on to ``steps`` quarters, replaying the recorded answers."""
        replay = Replay({key: r.choice for key, r in records.items()})
        divergent: dict[int, set[str]] = defaultdict(set)
        for r in records.values():
            if r.diverged:
                divergent[r.step].add(r.role)
        while model.steps < steps:
            roles = divergent.get(model.steps + 1, ())
            model.controllers.clear()
            model.controllers.update(dict.fromkeys(roles, replay))
            model.step()
        model.controllers.clear()

    def probe(self, model: CrossforceModel, records: dict[str, Record], roles: Iterable[str]) -> Probe:
        """Step ``model`` one quarter with the room's roles (and any role with a recorded answer
        in that quarter) attached to a ``Probe``; returns the probe (what was asked and seen)."""
        step = model.steps + 1
        recorded = {key: r.choice for key, r in records.items() if r.step == step}
        probe = Probe(recorded, roles)
        attached = set(roles) | {r.role for r in records.values() if r.step == step}
        model.controllers.clear()
        model.controllers.update(dict.fromkeys(attached, probe))
        try:
            model.step()
        finally:
            model.controllers.clear()
        return probe

    def model_run(self) -> CrossforceModel:
        """The same run with every role played by the model's own agents (the debrief's
        yardstick and the charts' grey line), built once."""
        with self._lock:
            if self._model_run is None:
                model = self.new_model()
                model.run(self.steps)
                self._model_run = model
            return self._model_run

    def whole_run(self, records: dict[str, Record]) -> pd.DataFrame:
        """The quarters of the whole run with ``records`` replayed and the model's agents playing
        every quarter after them (the debrief's "whole run"). The last one built is kept, so a
        debrief redrawn without a new answer costs nothing; it is built without holding any lock,
        so two callers may both build the same run once, never block each other."""
        answers = (tuple(sorted((key, r.choice) for key, r in records.items())), self.steps)
        with self._lock:
            if self._whole_run is not None and self._whole_run[0] == answers:
                return self._whole_run[1]
        series = self.build(records, self.steps).recorder.model_series()
        with self._lock:
            self._whole_run = (answers, series)
        return series

    def series_with(self, records: dict[str, Record], steps: int) -> pd.DataFrame:
        """The quarters of the run to ``steps`` with only ``records`` replayed (the debrief's "one
        role's choices alone"), kept by the answers they replay, so a debrief redrawn costs nothing;
        built without holding any lock, like ``whole_run``."""
        answers = (tuple(sorted((key, r.choice) for key, r in records.items())), steps)
        with self._lock:
            if answers in self._partial:
                return self._partial[answers]
        series = self.build(records, steps).recorder.model_series()
        with self._lock:
            if len(self._partial) >= PARTIAL_RUNS_KEPT:
                self._partial.pop(next(iter(self._partial)))
            self._partial[answers] = series
        return series


def totals(series: pd.DataFrame, through_step: int) -> dict[str, float]:
    """Cost and harm (GBP m) summed over the quarters up to ``through_step`` (none: nothing yet,
    as before the first quarter is played, when a run's series has no columns)."""
    if series.empty:
        return {"cost_gbp_m": 0.0, "harm_gbp_m": 0.0}
    upto = series[series["step"] <= through_step]
    return {
        "cost_gbp_m": float(upto["total_cost_gbp_m"].sum()),
        "harm_gbp_m": float(upto["harm_value_gbp_m"].sum()),
    }
