"""crossforce as a model of the EMA Workbench, and PRIM scenario discovery on its results.

The `EMA Workbench <https://emaworkbench.readthedocs.io>`_ (the extra ``analysis``)
runs experiments over *levers* (what a decision maker sets) and *uncertainties* (what nobody
sets but nobody knows), and finds with PRIM the combinations of inputs that lead to an outcome
of interest. Everything here is read off the parameter schema, so a parameter or a final metric
added to the model appears here with no change:

* **levers**: the parameters of the groups ``policy`` and ``governance`` (see ``LEVER_GROUPS``)
  that have a ``plausible`` range, are booleans or are a choice (a ``Literal``): what a Home
  Secretary, a PCC or a chief could set;
* **uncertainties**: the parameters of every other group that have a ``plausible`` range, and the
  capability fields with one (``[<capability>.plausible]`` in ``abm/data/capabilities.toml``);
* **outcomes**: the final metrics (``abm.runner.final_metric_names``), all or a chosen list.

Integers become ``IntegerParameter``, booleans ``BooleanParameter``, choices
``CategoricalParameter``, the rest ``RealParameter`` over the plausible range. The EMA Workbench
needs Python identifiers as names, so a capability field ``capabilities.<cap>.<field>`` is called
``capabilities__<cap>__<field>`` there (:func:`ema_name`); :func:`results_table` turns results back
into the schema's names, one row per experiment, in the shape of a sweep's ``final`` table.

Seeds. EMA Workbench 3 hands the model function the values of an experiment, not the experiment's
id, so the id of an experiment is what it runs: the seed is drawn from
``numpy.random.SeedSequence`` keyed by the base seed, a hash of the experiment's input values and
the replicate (:func:`experiment_seed`). The same design with the same base seed gives the same
numbers whatever the evaluator, the number of processes and the order in which experiments run,
and any row of the results can be run again alone (:func:`run_inputs`).

PRIM. :func:`prim_on_sweep` runs the EMA Workbench's PRIM on a table with one row per run (a
sweep's ``final`` table, or :func:`results_table` of EMA results): inputs as x, a boolean
condition on the outcome columns as y, and returns the box(es) found with their limits, coverage
and density.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from abm.batch.experiment import flatten
from abm.capabilities import load_catalogue
from abm.params import ModelParams, ParameterError, make_params, scalar_fields
from abm.scenarios import load_scenario, merge_overrides
from abm.schema import choices, extra, field_info, is_integer, label, plausible_range, split_name, to_override

#: Schema groups whose parameters someone decides: a Home Secretary, a PCC, a chief constable.
LEVER_GROUPS = ("policy", "governance")
#: The keyword that carries the replicate number to the model function (ReplicatorModel).
REPLICATE = "replicate"

Kind = Literal["real", "integer", "boolean", "categorical"]


def _import_ema_workbench() -> Any:
    """Import the EMA Workbench, or say how to install it. Its import warns that
    the optional ipyparallel is missing (an evaluator crossforce does not use): that one warning
    is silenced here, and since the module is then loaded, ``from ema_workbench import ...``
    after importing this module is silent too."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
            import ema_workbench
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError(
            'abm.batch.ema needs the EMA Workbench: pip install -e ".[analysis]" (or "ema_workbench>=3")'
        ) from error
    return ema_workbench


ema_workbench = _import_ema_workbench()


# --- the inputs, from the schema ------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One lever or uncertainty: its schema name, its EMA name and how it is sampled."""

    name: str
    kind: Kind
    group: str
    low: float | None = None
    high: float | None = None
    categories: tuple[Any, ...] = ()

    @property
    def ema_name(self) -> str:
        return ema_name(self.name)

    @property
    def label(self) -> str:
        return label(self.name)

    def parameter(self) -> Any:
        """The EMA Workbench parameter for this input."""
        if self.kind == "boolean":
            return ema_workbench.BooleanParameter(self.ema_name)
        if self.kind == "categorical":
            return ema_workbench.CategoricalParameter(self.ema_name, list(self.categories))
        if self.kind == "integer":
            return ema_workbench.IntegerParameter(self.ema_name, int(self.low), int(self.high))
        return ema_workbench.RealParameter(self.ema_name, float(self.low), float(self.high))


def ema_name(name: str) -> str:
    """The EMA Workbench's name for a schema name (an identifier): dots become ``__``."""
    return name.replace(".", "__")


def _describe(name: str, group: str) -> Input | None:
    """How a parameter can be sampled: a range, a boolean or a choice; None if it cannot."""
    info = field_info(name)
    if info is None:
        return None
    if info.annotation in (bool, "bool"):
        return Input(name, "boolean", group, categories=(False, True))
    options = choices(info)
    if options:
        return Input(name, "categorical", group, categories=tuple(options))
    found = plausible_range(name)
    if found is None:
        return None
    low, high = found
    if is_integer(name):
        return Input(name, "integer", group, float(math.ceil(low)), float(math.floor(high)))
    return Input(name, "real", group, low, high)


def _group(name: str) -> str:
    capability, field_name = split_name(name)
    if capability is not None:
        return "capability"
    info = scalar_fields().get(field_name)
    return str(extra(info).get("group", "")) if info is not None else ""


def schema_inputs() -> tuple[list[Input], list[Input]]:
    """(levers, uncertainties) as the schema declares them (see the module docstring)."""
    levers: list[Input] = []
    uncertainties: list[Input] = []
    for name in scalar_fields():
        group = _group(name)
        found = _describe(name, group)
        if found is None:
            continue
        if group in LEVER_GROUPS:
            levers.append(found)
        elif found.kind in ("real", "integer"):
            uncertainties.append(found)
    for capability, spec in load_catalogue().items():
        for field_name in spec.plausible:
            name = f"capabilities.{capability}.{field_name}"
            found = _describe(name, "capability")
            if found is not None and found.kind in ("real", "integer"):
                uncertainties.append(found)
    return levers, uncertainties


def _chosen(names: Sequence[str], role: str) -> list[Input]:
    """Inputs named by the caller (any group may be put in either role)."""
    chosen = []
    for name in names:
        try:
            found = _describe(name, _group(name))
        except ParameterError as error:
            raise ParameterError(f"{role}: {error}") from None
        if found is None:
            why = (
                "unknown parameter"
                if field_info(name) is None
                else "no plausible range, not a boolean or choice"
            )
            raise ParameterError(f"{role}: {name!r}: {why} (see `crossforce params`)")
        chosen.append(found)
    return chosen


def _split(
    levers: Sequence[str] | None, uncertainties: Sequence[str] | None
) -> tuple[list[Input], list[Input]]:
    derived_levers, derived_uncertainties = schema_inputs()
    chosen_levers = derived_levers if levers is None else _chosen(levers, "levers")
    chosen_uncertainties = (
        derived_uncertainties if uncertainties is None else _chosen(uncertainties, "uncertainties")
    )
    if levers is not None and uncertainties is None:
        taken = {i.name for i in chosen_levers}
        chosen_uncertainties = [i for i in chosen_uncertainties if i.name not in taken]
    if uncertainties is not None and levers is None:
        taken = {i.name for i in chosen_uncertainties}
        chosen_levers = [i for i in chosen_levers if i.name not in taken]
    seen: set[str] = set()
    for item in [*chosen_levers, *chosen_uncertainties]:
        if item.name in seen:
            raise ParameterError(f"{item.name!r} is given as a lever and as an uncertainty; keep it in one")
        seen.add(item.name)
    return chosen_levers, chosen_uncertainties


def check_outcomes(names: Sequence[str] | None, params: ModelParams) -> list[str]:
    """The names (default: every final metric of runs with ``params``), if every one is a final
    metric; otherwise a one-line ParameterError naming the first that is not."""
    from abm.runner import final_metric_names

    known = final_metric_names(params)
    if names is None:
        return known
    for name in names:
        if name not in known:
            # per-capability metrics are listed once, as <prefix>__<capability>
            shown = dict.fromkeys(n if "__" not in n else n.split("__")[0] + "__<capability>" for n in known)
            raise ParameterError(f"outcome {name!r} is not a final metric (known: {', '.join(shown)})")
    return list(names)


# --- seeds -------------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A sampled value as a plain Python scalar (numpy scalars to int/float/bool)."""
    return value.item() if isinstance(value, np.generic) else value


def experiment_seed(base_seed: int, inputs: dict[str, Any], replicate: int = 0) -> int:
    """The seed of one experiment (and replicate): a child of ``SeedSequence`` keyed by the base
    seed, a SHA-256 of the input values (by name, order-free) and the replicate; in [0, 2**32)."""
    payload = json.dumps(sorted((k, _plain(v)) for k, v in inputs.items()), default=repr)
    digest = hashlib.sha256(payload.encode()).digest()
    words = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
    sequence = np.random.SeedSequence([int(base_seed), *words, int(replicate)])
    return int(sequence.generate_state(1, dtype=np.uint32)[0])


# --- the model function ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CrossforceRun:
    """What the EMA Workbench calls for each experiment (and replicate): build the parameters from
    the scenario plus the sampled values, run crossforce, return the chosen final metrics.
    A plain picklable object, so it travels to the workers of a MultiprocessingEvaluator."""

    scenario: str
    base_overrides: dict[str, Any]
    names: dict[str, str]  # EMA name -> schema name, levers and uncertainties
    lever_names: frozenset[str]  # EMA names of the levers
    outcomes: dict[str, str]  # EMA name -> final metric
    base_seed: int = 0
    common_random_numbers: bool = False

    def overrides(self, inputs: dict[str, Any]) -> dict[str, Any]:
        overrides = self.base_overrides
        for key, value in inputs.items():
            if key not in self.names:
                raise ParameterError(f"{key!r} is not an input of this model")
            overrides = merge_overrides(overrides, to_override(self.names[key], _plain(value)))
        return overrides

    def seed(self, inputs: dict[str, Any], replicate: int = 0) -> int:
        keyed = {k: v for k, v in inputs.items() if k in self.names}
        if self.common_random_numbers:  # every policy sees the same streams in a scenario
            keyed = {k: v for k, v in keyed.items() if k not in self.lever_names}
        return experiment_seed(self.base_seed, keyed, replicate)

    def __call__(self, **inputs: Any) -> dict[str, float]:
        from abm.runner import run_simulation

        replicate = int(inputs.pop(REPLICATE, 0))
        params = make_params(self.overrides(inputs))
        seed = self.seed(inputs, replicate)
        final = run_simulation(params, seed=seed, scenario=self.scenario, force_series=False).final
        return {key: float(final[metric]) for key, metric in self.outcomes.items()}


def ema_model(
    scenario: str = "baseline",
    years: int = 10,
    replications: int = 1,
    *,
    outcomes: Sequence[str] | None = None,
    levers: Sequence[str] | None = None,
    uncertainties: Sequence[str] | None = None,
    params: dict[str, Any] | None = None,
    seed: int = 0,
    common_random_numbers: bool = False,
    aggregate: Callable[[Sequence[float]], float] = np.mean,
    name: str = "crossforce",
) -> Any:
    """crossforce as an EMA Workbench model.

    ``scenario``: a preset or a scenario file, the values of every parameter not sampled;
    ``params``: fixed overrides on top of it (the schema's names, nested ``capabilities``);
    ``years``: the length of every run. ``levers`` / ``uncertainties``: schema names to sample
    instead of the schema's split (a name given for one role leaves the other). ``outcomes``:
    final metrics (default: all). ``seed``: the base seed (see :func:`experiment_seed`);
    ``common_random_numbers``: key seeds on the uncertainties only, so every policy is run on the
    same random streams in a scenario. ``replications`` > 1 gives a ``ReplicatorModel`` whose
    outcomes are ``aggregate`` (default the mean) over the replicates.

    A bad name (parameter, outcome, scenario) is refused with a one-line ParameterError.
    """
    if replications < 1:
        raise ParameterError(f"replications={replications}: must be 1 or more")
    base = merge_overrides(load_scenario(scenario).overrides, params or {})
    base = merge_overrides(base, {"years": years})
    reference = make_params(base)
    chosen_levers, chosen_uncertainties = _split(levers, uncertainties)
    fixed = {*flatten(params or {}), "years"}
    for item in [*chosen_levers, *chosen_uncertainties]:
        if item.name in fixed:
            where = "years" if item.name == "years" else "params"
            raise ParameterError(f"{item.name} is fixed by {where} and sampled; keep it in one")
    metrics = check_outcomes(outcomes, reference)
    outcome_names = {_identifier(m): m for m in metrics}
    if len(outcome_names) != len(metrics):
        raise ParameterError("two outcomes map to the same EMA name; rename one")
    run = CrossforceRun(
        scenario=scenario,
        base_overrides=base,
        names={i.ema_name: i.name for i in [*chosen_levers, *chosen_uncertainties]},
        lever_names=frozenset(i.ema_name for i in chosen_levers),
        outcomes=outcome_names,
        base_seed=int(seed),
        common_random_numbers=common_random_numbers,
    )
    if replications == 1:
        model = ema_workbench.Model(name, function=run)
        model.outcomes = [ema_workbench.ScalarOutcome(key) for key in outcome_names]
    else:
        model = ema_workbench.ReplicatorModel(name, function=run)
        model.replications = [{REPLICATE: r} for r in range(replications)]
        model.outcomes = [ema_workbench.ScalarOutcome(key, function=aggregate) for key in outcome_names]
    model.levers = [i.parameter() for i in chosen_levers]
    model.uncertainties = [i.parameter() for i in chosen_uncertainties]
    return model


def _identifier(metric: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in metric)
    return name if name.isidentifier() else f"m_{name}"


def _run_of(model: Any) -> CrossforceRun:
    run = getattr(model, "function", None)
    if not isinstance(run, CrossforceRun):
        raise ParameterError("not a crossforce EMA model (make one with ema_model)")
    return run


def input_names(model: Any) -> dict[str, str]:
    """The model's levers and uncertainties: EMA name -> schema name."""
    return dict(_run_of(model).names)


def run_inputs(model: Any, row: pd.Series | dict[str, Any], replicate: int = 0) -> tuple[ModelParams, int]:
    """The parameters and seed of one experiment (a row of the experiments table, by EMA names):
    ``run_simulation(*run_inputs(model, row))`` repeats it alone, for its event log or series."""
    run = _run_of(model)
    inputs = {k: row[k] for k in run.names if k in row}
    return make_params(run.overrides(inputs)), run.seed(inputs, replicate)


def results_table(model: Any, results: tuple[pd.DataFrame, dict[str, np.ndarray]]) -> pd.DataFrame:
    """EMA results as one row per experiment in the schema's names: the sampled inputs, the
    outcomes (final metric names), ``scenario``/``policy`` (the EMA Workbench's labels) and, for a
    single-replication model, each experiment's ``seed`` -- the shape of a sweep's final table."""
    run = _run_of(model)
    experiments, outcomes = results
    inputs = [k for k in experiments.columns if k in run.names]
    table = experiments[inputs].rename(columns=run.names).reset_index(drop=True)
    extra: dict[str, Any] = {
        key: experiments[key].astype(str).to_numpy() for key in ("scenario", "policy") if key in experiments
    }
    if not isinstance(model, ema_workbench.ReplicatorModel):
        extra["seed"] = [run.seed({k: row[k] for k in inputs}) for _, row in experiments.iterrows()]
    extra |= {
        metric: np.asarray(outcomes[key], dtype=float).reshape(len(table), -1)[:, 0]
        for key, metric in run.outcomes.items()
        if key in outcomes
    }
    # built in one go: a column at a time fragments a wide table (pandas warns)
    return pd.concat([table, pd.DataFrame(extra, index=table.index)], axis=1)


# --- PRIM --------------------------------------------------------------------------------------------
@dataclass
class Box:
    """One box PRIM found: the limits of its restricted inputs and its statistics."""

    limits: pd.DataFrame  # one row per restricted input: parameter, label, low, high (or values), qp
    coverage: float  # share of all cases of interest inside the box
    density: float  # share of the runs inside the box that are cases of interest
    mass: float  # share of all runs inside the box
    n: int  # runs inside the box
    res_dim: int  # restricted inputs
    prim_box: Any = field(repr=False)  # the EMA Workbench's PrimBox (trade-off plots, inspect)


@dataclass
class PrimResult:
    """What :func:`prim_on_sweep` found."""

    boxes: list[Box]
    inputs: list[str]
    condition: str
    n: int  # runs analysed
    n_of_interest: int  # runs where the condition holds
    prim: Any = field(repr=False)  # the EMA Workbench's Prim

    def table(self) -> pd.DataFrame:
        """Every box's limits, one row per box and restricted input, with the box's statistics."""
        frames = []
        for i, box in enumerate(self.boxes, start=1):
            frame = box.limits.copy()
            frame.insert(0, "box", i)
            for key in ("coverage", "density", "mass", "n"):
                frame[key] = getattr(box, key)
            frames.append(frame)
        columns = [
            "box",
            "parameter",
            "label",
            "low",
            "high",
            "qp_low",
            "qp_high",
            "coverage",
            "density",
            "mass",
            "n",
        ]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _read_final(final_table: pd.DataFrame | str | Path) -> tuple[pd.DataFrame, list[str] | None]:
    if isinstance(final_table, pd.DataFrame):
        return final_table, None
    from abm.batch.storage import read_table

    folder = Path(final_table)
    table = read_table(folder, "final")
    if "run_index" in table:  # rows are stored in the order runs finished
        table = table.sort_values("run_index")
    manifest = folder / "manifest.json"
    varied = json.loads(manifest.read_text()).get("varied") if manifest.is_file() else None
    return table, varied


def _is_parameter(name: str) -> bool:
    try:
        return field_info(name) is not None
    except ParameterError:
        return False


def _condition(table: pd.DataFrame, condition: Any) -> tuple[np.ndarray, str]:
    if isinstance(condition, str):
        try:
            found = table.eval(condition)
        except Exception as error:
            what = " ".join(str(error).split())
            raise ParameterError(f"condition {condition!r}: {what}") from None
        text = condition
    elif callable(condition):
        found = condition(table)
        text = getattr(condition, "__name__", "condition")
    else:
        found = condition
        text = "condition"
    y = np.asarray(found)
    if y.shape != (len(table),) or not (y.dtype == bool or np.isin(y, (0, 1)).all()):
        raise ParameterError(f"condition {text!r}: must give one True/False per run ({len(table)} runs)")
    return y.astype(bool), text


def prim_on_sweep(
    final_table: pd.DataFrame | str | Path,
    inputs: Sequence[str] | None,
    condition: str | Callable[[pd.DataFrame], Any] | Sequence[bool],
    *,
    boxes: int = 1,
    min_coverage: float = 0.5,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    max_qp: float | None = 0.05,
) -> PrimResult:
    """PRIM on one row per run: which ranges of the ``inputs`` make the ``condition`` likely.

    ``final_table``: a sweep's ``final`` table (a DataFrame, or the sweep's output folder) or
    :func:`results_table` of EMA results. ``inputs``: the columns to explain with (default: the
    sweep's varied parameters from its manifest, or else every parameter column that varies).
    ``condition``: a pandas expression on the columns (``"collaboration_share > 0.3 and
    harm_value_gbp_m_per_year < 400"``), a function of the table, or one boolean per row.

    Up to ``boxes`` boxes are found, each on the runs the earlier ones left. On each box's peeling
    trajectory the box chosen is the densest with at least ``min_coverage`` of the cases of
    interest (the EMA Workbench's own default is the last, smallest box). Then, one at a time
    and least significant first, the restrictions whose quasi-p value (Bryant and Lempert 2010:
    the chance that the box's density arises without that limit) exceeds ``max_qp`` are dropped:
    with many inputs and few runs, PRIM's peeling also trims the edges of inputs that do not
    matter (``max_qp=None`` keeps every restriction). ``peel_alpha``, ``paste_alpha`` and
    ``mass_min`` are PRIM's.
    """
    if not 0.0 <= min_coverage <= 1.0:
        raise ParameterError(f"min_coverage={min_coverage}: must be between 0 and 1")
    if boxes < 1:
        raise ParameterError(f"boxes={boxes}: must be 1 or more")
    table, varied = _read_final(final_table)
    table = table.reset_index(drop=True)
    if inputs is None:
        inputs = varied or [
            c for c in table.columns if _is_parameter(c) and table[c].nunique(dropna=False) > 1
        ]
    inputs = list(inputs)
    if not inputs:
        raise ParameterError("prim: no inputs (name them: no parameter varies in the table)")
    missing = [name for name in inputs if name not in table.columns]
    if missing:
        raise ParameterError(f"prim: input {missing[0]!r} is not a column of the table")
    y, text = _condition(table, condition)
    if not y.any() or y.all():
        raise ParameterError(
            f"condition {text!r} holds for {int(y.sum())} of {len(y)} runs; PRIM needs runs where it holds and where it does not"
        )
    x, integers = _prim_inputs(table[inputs])
    from ema_workbench.analysis.prim import Prim

    prim = Prim(x, y.astype(int), peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min)
    found: list[Box] = []
    for _ in range(boxes):
        box = prim.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory
        eligible = trajectory[trajectory["coverage"] >= min_coverage]
        if eligible.empty:
            eligible = trajectory
        best = int(eligible.sort_values(["density", "coverage"], ascending=False).index[0])
        box.select(best)
        if max_qp is not None:
            best = _drop_insignificant(box, best, max_qp)
        found.append(_box(box, best, integers))
        if box.density <= y.mean():  # no better than the whole table: stop
            break
    return PrimResult(found, inputs, text, len(y), int(y.sum()), prim)


def _drop_insignificant(box: Any, i: int, max_qp: float) -> int:
    """Drop box ``i``'s restrictions with a quasi-p value above ``max_qp``, least significant
    first; each drop adds a box to the trajectory. Returns the index of the box left."""
    while True:
        worst, worst_qp = None, max_qp
        for name, values in box.p_values[i].items():
            kept = [q for q in values if q != -1]
            if kept and min(kept) > worst_qp:
                worst, worst_qp = name, min(kept)
        if worst is None:
            return i
        box.drop_restriction(worst, i=i)
        i = len(box.peeling_trajectory) - 1


def _prim_inputs(x: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """Columns as PRIM reads them: numbers as float64, anything else (booleans, choices) as
    categories; and the names of the integer columns.

    Integers go in as floats because EMA Workbench 3.0.0's pasting writes a fractional limit
    into an integer column, which pandas 3 refuses (EMAworkbench issue 448, fixed after 3.0.0);
    their limits are turned back into the integers inside the box by :func:`_box`."""
    out = pd.DataFrame(index=x.index)
    integers: set[str] = set()
    for name, column in x.items():
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            out[name] = column.astype(str).astype("category")
        else:
            if pd.api.types.is_integer_dtype(column):
                integers.add(str(name))
            out[name] = column.astype(np.float64)
    return out, integers


def _box(box: Any, i: int, integers: set[str]) -> Box:
    """Box ``i`` of a PrimBox's peeling trajectory, read from its ``box_lims``, ``p_values`` and
    ``peeling_trajectory`` (its ``inspect(style="data")`` fails under pandas 3 on a categorical
    limit, as it writes a set into a float column)."""
    stats = box.peeling_trajectory.iloc[i]
    limits, initial, p_values = box.box_lims[i], box.prim.box_init, box.p_values[i]
    rows = []
    for name in limits.columns:
        low, high = limits[name].tolist()
        if [low, high] == initial[name].tolist():
            continue  # not restricted
        qp_low, qp_high = ((None if q == -1 else float(q)) for q in p_values.get(name, [-1, -1]))
        if isinstance(low, set):  # a categorical input: the values kept
            low = high = ", ".join(sorted(str(v) for v in low))
        elif name in integers:  # the integers inside the limits
            low, high = math.ceil(low), math.floor(high)
        else:
            low, high = float(low), float(high)
        rows.append(
            {
                "parameter": name,
                "label": label(name) if _is_parameter(str(name)) else str(name),
                "low": low,
                "high": high,
                "qp_low": qp_low,
                "qp_high": qp_high,
            }
        )
    columns = ["parameter", "label", "low", "high", "qp_low", "qp_high"]
    return Box(
        limits=pd.DataFrame(rows, columns=columns),
        coverage=float(stats["coverage"]),
        density=float(stats["density"]),
        mass=float(stats["mass"]),
        n=int(stats["n"]),
        res_dim=int(stats["res_dim"]),
        prim_box=box,
    )
