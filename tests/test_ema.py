"""crossforce as an EMA Workbench model (abm/batch/ema.py): levers and uncertainties read off the
schema, outcomes off the final metrics, reproducible seeds, and PRIM on a table of runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from abm.batch import Experiment, run_sweep
from abm.batch.ema import (
    ema_model,
    ema_name,
    ema_workbench,
    experiment_seed,
    prim_on_sweep,
    results_table,
    run_inputs,
    schema_inputs,
)
from abm.capabilities import load_catalogue
from abm.params import ParameterError, make_params, scalar_fields
from abm.runner import final_metric_names, run_simulation
from abm.schema import choices, extra, is_integer, plausible_range

OUTCOMES = ["collaboration_share", "cost_gbp_m_per_year", "harm_value_gbp_m_per_year"]

#: EMA Workbench 3.0.0's Prim calls ``DataFrame.drop(..., inplace=True)``, which pandas 3.1
#: deprecates (a DeprecationWarning, so users do not see it; this suite makes it an error).
#: Filtered exactly, on the PRIM tests only.
PRIM_INPLACE_WARNING = pytest.mark.filterwarnings(
    "ignore:The inplace keyword in DataFrame.drop is deprecated:pandas.errors.Pandas4Warning"
)


def group_of(name: str) -> str:
    return extra(scalar_fields()[name])["group"]


def samplable(name: str) -> bool:
    info = scalar_fields()[name]
    return plausible_range(name) is not None or info.annotation is bool or bool(choices(info))


def perform(model, n: int = 3, rng: int = 1):
    """n experiments, levers and uncertainties sampled together (one lever sample per scenario)."""
    return ema_workbench.perform_experiments(
        model,
        scenarios=n,
        policies=n,
        combine="cycle",
        uncertainty_sampling_kwargs={"rng": rng},
        lever_sampling_kwargs={"rng": rng + 1},
        log_progress=True,
    )


# --- levers and uncertainties from the schema ---------------------------------------------------------
def test_levers_are_the_samplable_policy_and_governance_parameters():
    levers, uncertainties = schema_inputs()
    lever_names = {i.name for i in levers}
    expected = {n for n in scalar_fields() if group_of(n) in ("policy", "governance") and samplable(n)}
    assert lever_names == expected
    assert any(group_of(n) == "policy" for n in lever_names)
    assert any(group_of(n) == "governance" for n in lever_names)
    assert not lever_names & {i.name for i in uncertainties}


def test_uncertainties_are_every_other_ranged_parameter_and_capability_field():
    _, uncertainties = schema_inputs()
    names = {i.name for i in uncertainties}
    scalars = {
        n for n in scalar_fields() if group_of(n) not in ("policy", "governance") and plausible_range(n)
    }
    fields = {
        f"capabilities.{cap}.{field}" for cap, spec in load_catalogue().items() for field in spec.plausible
    }
    assert names == scalars | fields
    assert fields, "the catalogue declares plausible ranges"
    behaviour = [n for n in scalar_fields() if group_of(n) == "behaviour" and plausible_range(n)]
    assert behaviour and set(behaviour) <= names
    # a parameter without a range, a boolean or a choice is neither (e.g. the first year, the length)
    levers, _ = schema_inputs()
    unsampled = {n for n in scalar_fields() if not samplable(n)}
    assert unsampled and not unsampled & (names | {i.name for i in levers})


def test_ema_parameters_carry_the_schemas_ranges_and_types():
    model = ema_model(years=1, outcomes=OUTCOMES)
    levers, uncertainties = schema_inputs()
    params = {p.name: p for p in [*model.levers, *model.uncertainties]}
    assert len(model.levers) == len(levers) and len(model.uncertainties) == len(uncertainties)
    assert {ema_name(i.name) for i in levers} == {p.name for p in model.levers}
    kinds = set()
    for item in [*levers, *uncertainties]:
        parameter = params[ema_name(item.name)]
        assert parameter.name.isidentifier()
        info = scalar_fields().get(item.name)
        if info is not None and info.annotation is bool:
            assert isinstance(parameter, ema_workbench.BooleanParameter), item.name
            kinds.add("boolean")
        elif info is not None and choices(info):
            assert isinstance(parameter, ema_workbench.CategoricalParameter), item.name
            assert [c.value for c in parameter.categories] == list(choices(info))
            kinds.add("choice")
        elif is_integer(item.name):
            assert type(parameter) is ema_workbench.IntegerParameter, item.name
            assert (parameter.lower_bound, parameter.upper_bound) == tuple(
                map(int, plausible_range(item.name))
            )
            kinds.add("integer")
        else:
            assert type(parameter) is ema_workbench.RealParameter, item.name
            assert (parameter.lower_bound, parameter.upper_bound) == pytest.approx(plausible_range(item.name))
            kinds.add("real")
    assert kinds == {"boolean", "choice", "integer", "real"}
    assert [o.name for o in model.outcomes] == OUTCOMES


def test_chosen_levers_and_uncertainties_replace_the_split():
    levers, uncertainties = schema_inputs()
    moved = uncertainties[0].name  # an uncertainty used as a lever leaves the uncertainties
    model = ema_model(years=1, outcomes=OUTCOMES, levers=[levers[0].name, moved])
    assert [p.name for p in model.levers] == [ema_name(levers[0].name), ema_name(moved)]
    assert ema_name(moved) not in {p.name for p in model.uncertainties}
    assert len(model.uncertainties) == len(uncertainties) - 1


# --- running experiments ---------------------------------------------------------------------------------
def test_tiny_experiments_give_every_final_metric_and_repeat_exactly():
    model = ema_model(years=1, seed=11)
    experiments, outcomes = perform(model)
    assert set(outcomes) == set(final_metric_names(make_params({"years": 1})))
    assert len(experiments) == 3 and all(len(v) == 3 for v in outcomes.values())
    again = perform(ema_model(years=1, seed=11))[1]
    for name, values in outcomes.items():
        np.testing.assert_array_equal(values, again[name], err_msg=name)
    table = results_table(model, (experiments, outcomes))
    assert table["seed"].nunique() == 3
    other = results_table(model := ema_model(years=1, seed=12), perform(model))
    assert not set(table["seed"]) & set(other["seed"])  # another base seed, other streams


def test_a_row_runs_again_alone_with_the_same_numbers():
    model = ema_model(years=1, seed=3, outcomes=OUTCOMES)
    experiments, outcomes = perform(model, n=2)
    table = results_table(model, (experiments, outcomes))
    assert {"duty_strength", "scenario", "policy", "seed", *OUTCOMES} <= set(table.columns)
    assert any(c.startswith("capabilities.") for c in table.columns)  # schema names, not EMA names
    params, seed = run_inputs(model, experiments.iloc[1])
    assert seed == table["seed"].iloc[1]
    assert params.duty_strength == experiments["duty_strength"].iloc[1]
    final = run_simulation(params, seed=seed, force_series=False).final
    assert [final[name] for name in OUTCOMES] == [outcomes[name][1] for name in OUTCOMES]


def test_replications_are_averaged_over_their_own_seeds():
    model = ema_model(years=1, seed=5, replications=2, outcomes=OUTCOMES)
    assert isinstance(model, ema_workbench.ReplicatorModel)
    experiments, outcomes = perform(model, n=2)
    row = experiments.iloc[0]
    runs = [run_simulation(*run_inputs(model, row, replicate=r), force_series=False).final for r in (0, 1)]
    assert run_inputs(model, row, replicate=0)[1] != run_inputs(model, row, replicate=1)[1]
    for name in OUTCOMES:
        assert outcomes[name][0] == pytest.approx(np.mean([run[name] for run in runs]))


def test_experiment_seed_depends_on_values_not_their_order():
    a = experiment_seed(1, {"x": 0.5, "y": True}, 0)
    assert a == experiment_seed(1, {"y": True, "x": 0.5}, 0)
    assert (
        len({a, experiment_seed(2, {"x": 0.5, "y": True}), experiment_seed(1, {"x": 0.25, "y": True})}) == 3
    )
    assert a != experiment_seed(1, {"x": 0.5, "y": True}, 1)
    assert 0 <= a < 2**32


# --- refusals: one line, naming the bad value ----------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"outcomes": ["collaboration_share", "no_such_metric"]}, "'no_such_metric'"),
        ({"levers": ["no_such_lever"]}, "'no_such_lever'"),
        ({"uncertainties": ["start_year"]}, "'start_year'"),
        ({"levers": ["duty_strength"], "uncertainties": ["duty_strength"]}, "'duty_strength'"),
        ({"params": {"duty_strength": 0.5}}, "duty_strength"),
        ({"scenario": "no_such_scenario"}, "no_such_scenario"),
    ],
)
def test_bad_names_are_refused_with_one_line(kwargs, named):
    with pytest.raises(ParameterError) as caught:
        ema_model(years=1, **{"outcomes": OUTCOMES, **kwargs})
    message = str(caught.value)
    assert named in message and "\n" not in message


# --- PRIM --------------------------------------------------------------------------------------------------
def synthetic(n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "duty_strength": rng.random(n),
            "risk_aversion": rng.random(n) * 0.6,
            "initial_trust": 0.3 + rng.random(n) * 0.4,
            "exit_notice_quarters": rng.integers(1, 7, n),
            "direction_power": rng.random(n) < 0.5,
            "cost_sharing_rule": rng.choice(["demand", "population", "equal"], n),
        }
    )
    table["collaboration_share"] = 0.1 + 0.3 * (table["duty_strength"] > 0.6) + rng.normal(0, 0.01, n)
    table["cost_gbp_m_per_year"] = 2000 + rng.normal(0, 10, n)
    return table


@PRIM_INPLACE_WARNING
def test_prim_finds_the_one_input_that_drives_the_condition():
    table = synthetic()
    result = prim_on_sweep(table, None, "collaboration_share > 0.3")
    assert result.n == 400 and result.n_of_interest == int((table["duty_strength"] > 0.6).sum())
    assert set(result.inputs) == {"duty_strength", "risk_aversion", "initial_trust", "exit_notice_quarters",
                                  "direction_power", "cost_sharing_rule"}  # fmt: skip
    box = result.boxes[0]
    assert list(box.limits["parameter"]) == ["duty_strength"]
    assert box.limits["low"].iloc[0] == pytest.approx(0.6, abs=0.03)
    assert box.limits["label"].iloc[0] == "Duty to collaborate"
    assert box.coverage > 0.9 and box.density > 0.9
    assert list(result.table()["parameter"]) == ["duty_strength"]


@PRIM_INPLACE_WARNING
@pytest.mark.parametrize(
    ("driver", "condition", "low", "high"),
    [
        ("direction_power", lambda t: t["direction_power"], "True", "True"),
        ("exit_notice_quarters", lambda t: t["exit_notice_quarters"] <= 2, 1, 2),
        ("cost_sharing_rule", lambda t: t["cost_sharing_rule"] == "equal", "equal", "equal"),
    ],
)
def test_prim_handles_boolean_integer_and_choice_inputs(driver, condition, low, high):
    table = synthetic(seed=1)
    box = prim_on_sweep(table, None, condition).boxes[0]
    assert list(box.limits["parameter"]) == [driver]
    assert (box.limits["low"].iloc[0], box.limits["high"].iloc[0]) == (low, high)
    assert box.density == 1.0 and box.coverage == 1.0


@PRIM_INPLACE_WARNING
def test_prim_refuses_a_bad_condition_or_input_with_one_line():
    table = synthetic()
    for condition, inputs, named in [
        ("no_such_metric > 1", None, "no_such_metric"),
        ("collaboration_share > 5", None, "holds for 0 of 400 runs"),
        ("collaboration_share > 0.3", ["no_such_input"], "no_such_input"),
    ]:
        with pytest.raises(ParameterError) as caught:
            prim_on_sweep(table, inputs, condition)
        assert named in str(caught.value) and "\n" not in str(caught.value)


@PRIM_INPLACE_WARNING
def test_prim_on_a_sweep_folder_uses_its_varied_parameters(tmp_path):
    experiment = Experiment.from_dict(
        {
            "experiment": {"name": "prim_tiny", "seed": 3, "years": 1, "outputs": []},
            "sample": {"n": 12, "parameters": ["duty_strength", "capabilities.custody.fixed_cost_gbp_m"]},
        }
    )
    run_sweep(experiment, tmp_path / "out", workers=1, progress=False)
    result = prim_on_sweep(
        tmp_path / "out", None, lambda t: t["cost_gbp_m_per_year"] < t["cost_gbp_m_per_year"].median()
    )
    assert result.inputs == ["duty_strength", "capabilities.custody.fixed_cost_gbp_m"]
    assert result.n == 12 and result.n_of_interest == 6
    assert result.boxes and 0 < result.boxes[0].coverage <= 1
