"""The dashboard's pure parts, without a browser: controls from the schema, seeds, map, words."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from abm.model import CrossforceModel
from abm.modes import Contract, Mode
from abm.params import ModelParams, ParameterError, make_params
from abm.scenarios import available, load_scenario
from dashboards import geo
from dashboards.about import ABOUT_PATH, about_html, headings, scenario_html
from dashboards.charts import (
    LEGEND_LIMIT,
    PANELS,
    X_TITLE,
    ZERO_BASED,
    ChartRun,
    chart_spec,
    long_table,
    png_bytes,
    single_runs,
)
from dashboards.controls import (
    MAIN_LEVERS,
    choice_words,
    lever,
    lever_options,
    main_levers,
    parse_seed,
    scenario_options,
    short_title,
)
from dashboards.map_view import MODE_COLOURS, arrangement, legend_html, map_state, svg_map
from dashboards.narrative import compared_feed, event_feed, force_arrangements, force_facts
from dashboards.page_view import compare_readout, events_csv, readout, run_names
from dashboards.session import baseline_series, build_model
from dashboards.words import money, plain, plain_words, violations

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_0-9]+\b")  # snake_case: a name a user should never read


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


def test_controls_show_words_never_identifiers() -> None:
    """Levers by their schema labels, a choice lever's values in words, scenarios by title."""
    for item in main_levers():
        assert not IDENTIFIER.search(item.label), item.label
        for option in lever_options(item):
            assert not IDENTIFIER.search(option["text"]), option
            assert option["text"] == choice_words(item.name, option["value"])
    scenarios = scenario_options()
    assert scenarios[0]["value"] == "baseline"  # the status quo first
    assert sorted(o["value"] for o in scenarios) == sorted(available())
    for option in scenarios:
        assert option["text"] == load_scenario(option["value"]).title
        assert not IDENTIFIER.search(option["text"]), option
    assert short_title("Baseline: the 2010 status quo") == "Baseline"
    assert short_title("No colon here") == "No colon here"


@pytest.mark.parametrize("text", ["", "twelve", "-1", "1.5", " "])
def test_bad_seed_text_is_refused_with_its_value(text: str) -> None:
    with pytest.raises(ParameterError, match="seed="):
        parse_seed(text)


def test_seed_text_becomes_an_int() -> None:
    assert parse_seed(" 42 ") == 42


def test_every_force_has_an_area_but_the_city_of_london() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    g = geo.model_geometry(model)
    missing = [name for name, d in zip(model.forces.names, g.paths, strict=True) if not d]
    assert missing == ["City of London"]
    assert len(geo._features()) == 42 and set(geo._features()) < set(model.forces.names)
    assert geo.model_geometry(model) is g  # projected once per process


def test_the_map_is_projected_not_squashed() -> None:
    """Longitude is scaled by cos(52.5°): the drawing's aspect is the country's, and a degree of
    latitude is 1/cos(52.5°) times a degree of longitude on the page."""
    model = CrossforceModel(make_params({"years": 1}))
    g = geo.model_geometry(model)
    x, y = geo.project(np.array([0.0, 1.0, 0.0]), np.array([52.0, 52.0, 53.0]))
    assert (y[0] - y[2]) / (x[1] - x[0]) == pytest.approx(1 / np.cos(np.radians(52.5)))
    width, height = g.width - 2 * geo.MARGIN, g.height - 2 * geo.MARGIN
    assert width / height == pytest.approx(
        (1.76 + 5.71) * np.cos(np.radians(52.5)) / (55.8 - 49.96), rel=1e-3
    )
    # Cumbria is north-west of Kent, Cornwall's tip in the south-west corner
    cum, ken = model.forces.index("Cumbria"), model.forces.index("Kent")
    assert g.x[cum] < g.x[ken] and g.y[cum] < g.y[ken]
    assert all(0 <= v <= g.width for v in g.x) and all(0 <= v <= g.height for v in g.y)


def test_map_colours_each_area_by_its_arrangement_and_draws_partnership_lines() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    c = model.caps.index("serious_organised_crime")
    state = map_state(model, c, "Cumbria")
    assert len(state["fills"]) == len(state["tips"]) == model.forces.count
    assert set(state["fills"]) <= set(MODE_COLOURS.values())
    members = int((model.mode[:, c] == Mode.JOINT_MEMBER).sum())
    assert len(state["lines"]) == members and not any(line["buy"] for line in state["lines"])
    assert state["markers"] == [model.forces.index("City of London")]
    assert state["picked"] == model.forces.index("Cumbria")
    assert state["label"].endswith(model.caps.labels[c])
    assert all(not IDENTIFIER.search(tip) for tip in state["tips"])
    svg = svg_map(model, c)
    assert svg.count("<path d=") >= 42 and svg.count("data-force=") == 43
    assert svg.count('stroke-width="6"/>') == members  # one line per member (over a white halo)
    json.dumps(state)  # what the browser receives


def test_a_buyer_is_joined_to_its_host_and_a_merged_force_drawn_as_its_successor() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    c = model.caps.index("air_support")
    buyer, host = model.forces.index("Cumbria"), model.forces.index("Lancashire")
    model.arrangements.buy(buyer, c, host, Contract.PAYG, 0.0)
    absorbed, successor = model.forces.index("Durham"), model.forces.index("Northumbria")
    model.merge(successor, absorbed, "a test merger")
    model.arrangements.use_national(successor, c)
    state = map_state(model, c)
    assert [line["buy"] for line in state["lines"]] == [True]
    assert state["fills"][buyer] == MODE_COLOURS["buy"] and state["fills"][host] == MODE_COLOURS["host"]
    assert state["fills"][absorbed] == state["fills"][successor] == MODE_COLOURS["national"]
    assert state["groups"] == [[absorbed, successor]] or state["groups"] == [[successor, absorbed]]
    assert absorbed not in state["plain"] and successor not in state["plain"]
    assert state["tips"][absorbed] == "Durham: merged into Northumbria, which uses the national provider"
    assert arrangement(model, buyer, c) == "buys from Lancashire"
    assert arrangement(model, host, c) == "hosts a unit that 1 other force buys from"
    assert model.successors()[absorbed] == successor


def test_the_model_follows_a_chain_of_mergers_and_counts_each_units_buyers() -> None:
    """What the map and drill-down ask of a model, asked once per redraw (``map_view.read``)."""
    model = CrossforceModel(make_params({"years": 1}))
    names = model.forces.index
    first, middle, last = names("Durham"), names("Cleveland"), names("Northumbria")
    model.merge(middle, first, "a test merger")
    model.merge(last, middle, "a second test merger")  # Durham's successor merged in its turn
    owners = model.successors()
    assert owners[first] == owners[middle] == last and model.successor(first) == last
    assert (owners[model.active] == np.flatnonzero(model.active)).all()
    c = model.caps.index("air_support")
    host = names("Lancashire")
    for buyer in ("Cumbria", "Merseyside"):
        model.arrangements.buy(names(buyer), c, host, Contract.PAYG, 0.0)
    buyers_of = model.arrangements.buyers_of
    assert buyers_of(host, c).tolist() == sorted([names("Cumbria"), names("Merseyside")])
    counts = model.arrangements.buyer_counts()
    assert counts.shape == model.mode.shape and counts[host, c] == 2
    expected = [[len(buyers_of(f, k)) for k in range(model.caps.count)] for f in range(model.forces.count)]
    assert counts.tolist() == expected
    assert force_facts(model, first).count("merged into Northumbria") == 1
    assert arrangement(model, first, c) == "merged into Northumbria"


def test_legend_names_every_arrangement_in_words() -> None:
    legend = legend_html()
    for words in ("Holds its own unit", "Buys from another force", "In a joint unit", "No access: a gap"):
        assert words in legend
    assert "hold<" not in legend and "none<" not in legend


def test_feed_and_drill_down_use_plain_words() -> None:
    model = CrossforceModel(make_params({"years": 2})).run()
    feed = event_feed(model.events.frame())
    assert "<table" in feed and "why" in feed
    table = force_arrangements(model, model.forces.index("Cumbria"))
    assert "Covert static surveillance" in table and "holds its own unit" in table


def test_compared_runs_show_both_arrangements_and_both_event_logs() -> None:
    first = build_model("baseline", 1, {}, 6)
    second = build_model("sharing_economy_2016", 1, {}, 6)
    f = first.forces.index("Cumbria")
    table = force_arrangements(first, f, second, ("Baseline", "Sharing"))
    assert "in Baseline" in table and "in Sharing" in table
    assert table.count("<tr") == len(first.caps.names) + 1
    feed = compared_feed(("Baseline", first.events.frame()), ("Sharing", second.events.frame()), limit=1000)
    runs = re.findall(r"<tr><td[^>]*>(Baseline|Sharing)</td><td[^>]*>Q(\d) (\d+)</td>", feed)
    assert {run for run, _, _ in runs} == {"Baseline", "Sharing"} and ">in<" in feed
    assert len(runs) == len(first.events.frame()) + len(second.events.frame())
    for name in ("Baseline", "Sharing"):  # newest first within each run
        quarters = [(int(year), int(q)) for run, q, year in runs if run == name]
        assert quarters == sorted(quarters, reverse=True)
    newest = compared_feed(("a", first.events.frame()), ("b", second.events.frame()))
    assert newest.count("<tr>") == 20 + 1  # and the header
    text = compare_readout(
        ("Baseline", first.recorder.model_series()), ("Sharing", second.recorder.model_series())
    )
    assert "Baseline" in text and "Sharing" in text and text.count("collaborations") == 2
    csv = events_csv([("Baseline", first), ("Sharing", second)])
    assert csv.splitlines()[0].endswith(",run") and csv.count("\n") == 1 + len(first.events.frame()) + len(
        second.events.frame()
    )
    assert events_csv([("Baseline", first)]) == first.events.frame().to_csv(index=False)
    assert run_names(("A", "A"), False) == ("A", "A (second run)")
    assert run_names(("A", "B"), True) == ("A (levers moved)", "B")


def test_chart_holds_every_run_as_json_and_carries_no_data_between_redraws() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1).run()
    live = model.recorder.model_series()
    baseline = live.assign(harm_value_gbp_m=float("nan"))  # a missing value must not break JSON
    spec = chart_spec(single_runs(live, baseline))
    rows = spec["data"]["values"]
    assert len(rows) == 2 * len(live)  # a row per run and quarter; the chart folds the panels
    assert {row["run"] for row in rows} == {"this run", "baseline"}
    assert spec["transform"][0]["fold"] == [title for _, title in PANELS]
    assert [r["Harm (£m a quarter)"] for r in rows if r["run"] == "baseline"] == [None] * 4
    json.loads(json.dumps(spec, allow_nan=False))
    assert len(chart_spec(single_runs(live, None))["data"]["values"]) == len(live)
    table = long_table(single_runs(live, baseline))  # the CSV export: one row per value
    assert list(table.columns) == ["step", "quarter", "metric", "value", "run"]
    assert len(table) == 2 * len(PANELS) * len(live)
    compared = chart_spec(
        [ChartRun("Baseline: the 2010 status quo", live), ChartRun("Other", live, "second")]
    )
    assert compared["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "Baseline: the 2010 status quo",
        "Other",
    ]
    assert "this run" not in json.dumps(compared)  # the template is not changed by a redraw
    assert chart_spec(single_runs(live, baseline))["spec"]["layer"][0]["encoding"]["color"]["scale"][
        "domain"
    ] == [
        "this run",
        "baseline",
    ]
    assert png_bytes(single_runs(live, baseline)).startswith(b"\x89PNG")


def test_the_harm_axis_starts_at_zero_and_crowded_labels_are_thinned() -> None:
    """Issue 28: an invisible rule at zero in the harm panel only (the others keep a free axis), axes
    that drop a label rather than let two run together, and a legend that cuts a long run name
    instead of widening the chart (which the page would then scale down, labels and all)."""
    model = CrossforceModel(make_params({"years": 1}), seed=1).run()
    spec = chart_spec([ChartRun("A title " * 20, model.recorder.model_series())], start_year=2026)
    lines, zero = spec["spec"]["layer"]
    assert zero["mark"] == {"type": "rule", "opacity": 0}
    assert zero["encoding"]["y"]["field"] == "zero" and zero["transform"][-1]["calculate"] == "0"
    assert zero["transform"][0]["filter"] == {"field": "metric", "oneOf": list(ZERO_BASED)}
    assert ZERO_BASED == ("Harm (£m a quarter)",) and lines["encoding"]["y"]["scale"] == {"zero": False}
    for channel in ("x", "y"):
        assert lines["encoding"][channel]["axis"]["labelOverlap"] == "greedy"
    assert lines["encoding"]["x"]["axis"]["tickMinStep"] == 1
    assert lines["encoding"]["x"]["title"] == "quarters from the start of 2026"
    assert lines["encoding"]["color"]["legend"]["labelLimit"] == LEGEND_LIMIT
    assert chart_spec([ChartRun("a", None)])["spec"]["layer"][0]["encoding"]["x"]["title"] == X_TITLE


def test_plain_english_for_the_room() -> None:
    """Issue 28: what the model and the scenario files wrote, as the page shows it."""
    reason = "buy armed response (arvs) and back office (hr, ict, procurement); costs £-0.64m (£+1.20m)"
    assert plain(reason) == (
        "buy armed response (ARVs) and back office (HR, ICT, procurement); costs -£0.64m (+£1.20m)"
    )
    assert (
        plain("the pcc and hmic; GBP 3m; 5 GBP m a year; rocus")
        == "the PCC and HMIC; £3m; 5 £m a year; ROCUs"
    )
    assert plain("archive, thread, scheme, which") == "archive, thread, scheme, which"  # whole words only
    assert money(-0.6412) == "-£0.64m" and money(1.2) == "+£1.20m"
    assert violations(plain(reason)) == [] and len(violations(reason)) == 5
    assert [what for what, _ in violations("a gbp m and start_year")] == ["a name from the code", "GBP m"]


def test_feed_and_drill_down_show_the_models_reasons_in_plain_english() -> None:
    model = build_model("baseline", 1, {}, 8)
    events = model.events.frame()
    assert not events["reason"].str.contains(r"\(arvs\)|£-", regex=True).any()  # fixed at source
    feed = event_feed(events, limit=len(events))
    assert violations(feed) == []
    for f in range(model.forces.count):
        assert violations(force_arrangements(model, f)) == []


def test_about_is_docs_about_md() -> None:
    html = about_html()
    names = headings()
    assert names[0] == "About crossforce" and len(names) >= 7
    for heading in names:
        assert f">{heading}</h" in html.replace("&amp;", "&")
    assert 'href="ODD.md' not in html and "docs/ODD.md" in html  # a file link keeps its words only
    assert ABOUT_PATH.read_text(encoding="utf-8").count("##") == len(names) - 1
    scenario = load_scenario("paris_shock")
    assert scenario.title in scenario_html([scenario])
    # a scenario's text may name a parameter or a preset: the page words them, leaving file paths;
    # no scenario's text shows what the page must not
    assert plain_words("the baseline preset with start_year = 2026, see regional_mergers_2006") == (
        "the baseline preset with first year = 2026, see “Counterfactual: the 2006 regional mergers imposed”"
    )
    assert plain_words("abm/data/policing_bodies.csv") == "abm/data/policing_bodies.csv"
    for name in available():
        assert violations(scenario_html([load_scenario(name)])) == [], name


@pytest.mark.parametrize("scenario", available())
def test_every_scenario_draws_every_view_for_every_force_to_its_last_quarter(scenario: str) -> None:
    """What a facilitator can reach from the sidebar: no scenario may break a view mid-session
    (merged forces, national provision and shocks included), alone or compared with the status quo."""
    model = build_model(scenario, 1, {})
    other = build_model("baseline", 1, {})
    baseline = baseline_series(scenario, 1)
    while model.steps < model.params.steps:
        model.step()
        other.step()
        live = model.recorder.model_series()
        assert "cost" in readout(live, baseline)
        assert len(chart_spec(single_runs(live, baseline))["data"]["values"]) == len(live) + len(baseline)
    assert event_feed(model.events.frame())
    for c in range(len(model.caps.names)):
        assert svg_map(model, c).startswith("<svg")
        json.dumps(map_state(model, c, "Cumbria"))
    for f in range(model.forces.count):
        assert model.forces.names[f] in force_facts(model, f)
        assert force_arrangements(model, f).count("<tr") == len(model.caps.names) + 1
        assert force_arrangements(model, f, other, ("a", "b")).count("<tr") == len(model.caps.names) + 1
