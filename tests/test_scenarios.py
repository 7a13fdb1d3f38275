"""Every scenario preset loads, cites its sources, and runs; each changes what it claims to."""

from __future__ import annotations

import pytest

from abm.params import ModelParams
from abm.runner import run_simulation
from abm.scenarios import available, load_scenario


@pytest.mark.parametrize("name", available())
def test_preset_is_valid_cited_and_runs(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.title and scenario.description and scenario.sources
    result = run_simulation(scenario.params({"years": 1}), seed=1, scenario=name, force_series=False)
    assert len(result.model_series) == 4


def test_baseline_is_the_schema_defaults() -> None:
    assert load_scenario("baseline").params() == ModelParams()


def test_sharing_economy_shares_more_than_the_status_quo() -> None:
    years = {"years": 6}
    shared = run_simulation(load_scenario("sharing_economy_2016").params(years), seed=3).final
    status_quo = run_simulation(load_scenario("baseline").params(years), seed=3).final
    assert shared["collaborations"] > status_quo["collaborations"]
