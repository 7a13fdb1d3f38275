"""The dashboard's pure parts, without a browser: controls from the schema, seeds, map, words."""

from __future__ import annotations

import json

import pytest

from abm.model import CrossforceModel
from abm.params import ModelParams, ParameterError, make_params
from abm.scenarios import available
from dashboards.app import baseline_series, build_model, readout
from dashboards.charts import PANELS, chart_spec, long_table
from dashboards.controls import MAIN_LEVERS, lever, main_levers, parse_seed
from dashboards.map_view import svg_map
from dashboards.narrative import event_feed, force_arrangements, force_facts


def test_levers_come_from_the_schema_and_defaults_sit_on_the_slider_grid() -> None:
    defaults = ModelParams()
    levers = main_levers()
    assert [item.name for item in levers] == [n for n in MAIN_LEVERS if n in ModelParams.model_fields]
    for item in levers:
        field = ModelParams.model_fields[item.name]
        assert item.help == field.description
        if item.kind == "float":
            value = getattr(defaults, item.name)
            assert item.low <= value <= item.high
            steps = (value - item.low) / item.step
            assert abs(steps - round(steps)) < 1e-6, f"{item.name} default is off the slider grid"
    assert lever("cost_sharing_rule").choices == ("demand", "population", "equal")
    assert lever("direction_power").kind == "bool"


@pytest.mark.parametrize("text", ["", "twelve", "-1", "1.5", " "])
def test_bad_seed_text_is_refused_with_its_value(text: str) -> None:
    with pytest.raises(ParameterError, match="seed="):
        parse_seed(text)


def test_seed_text_becomes_an_int() -> None:
    assert parse_seed(" 42 ") == 42


def test_map_draws_every_force_and_lines_for_partnerships() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    c = model.caps.index("serious_organised_crime")
    svg = svg_map(model, c)
    assert svg.count("<circle") == 43 + 7  # forces + legend
    members = int((model.mode[:, c] == 4).sum())  # joint members draw a line to their lead
    assert svg.count("<line") == members


def test_feed_and_drill_down_use_plain_words() -> None:
    model = CrossforceModel(make_params({"years": 2})).run()
    feed = event_feed(model.events.frame())
    assert "<table" in feed and "why" in feed
    table = force_arrangements(model, model.forces.index("Cumbria"))
    assert "Covert static surveillance" in table


def test_chart_holds_both_runs_as_json_and_carries_no_data_between_redraws() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1).run()
    live = model.recorder.model_series()
    baseline = live.assign(harm_value_gbp_m=float("nan"))  # a missing value must not break JSON
    spec = chart_spec(live, baseline)
    rows = spec["data"]["values"]
    assert len(rows) == 2 * len(PANELS) * len(live)
    assert {row["run"] for row in rows} == {"this run", "baseline"}
    assert [r["value"] for r in rows if r["run"] == "baseline" and r["metric"].startswith("Harm")] == [
        None
    ] * 4
    json.loads(json.dumps(spec, allow_nan=False))
    assert len(chart_spec(live, None)["data"]["values"]) == len(PANELS) * len(live)
    assert list(long_table(live, None).columns) == ["step", "quarter", "metric", "value", "run"]


@pytest.mark.parametrize("scenario", available())
def test_every_scenario_draws_every_view_for_every_force_to_its_last_quarter(scenario: str) -> None:
    """What a facilitator can reach from the sidebar: no scenario may break a view mid-session
    (merged forces, national provision and shocks included)."""
    model = build_model(scenario, 1, {})
    baseline = baseline_series(scenario, 1)
    while model.steps < model.params.steps:
        model.step()
        live = model.recorder.model_series()
        assert "cost" in readout(live, baseline)
        assert len(chart_spec(live, baseline)["data"]["values"]) == len(PANELS) * (len(live) + len(baseline))
    assert event_feed(model.events.frame())
    for c in range(len(model.caps.names)):
        assert svg_map(model, c).startswith("<svg")
    for f in range(model.forces.count):
        assert model.forces.names[f] in force_facts(model, f)
        assert force_arrangements(model, f).count("<tr") == len(model.caps.names) + 1
