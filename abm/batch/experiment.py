"""Experiment files: what a batch study varies, how often, and what it keeps.

An experiment file (``runs/experiments/*.toml``) is read into pydantic models so a
mistake is refused before anything runs or is written, with one line naming the table,
the field and the value. Tables:

  [experiment]   name, scenario, seed, replications, years, outputs, ...
  [params]       fixed overrides on top of the scenario (the schema's names)
  [grid]         full factorial: name = [values]   (dotted names or nested tables for
                 capability fields: "capabilities.custody.fixed_cost_gbp_m" = [...])
  [sample]       n points drawn over ranges (Latin hypercube or uniform)
  [sensitivity]  a SALib design (Morris or Sobol) for ``crossforce sensitivity``

At most one of grid, sample and sensitivity gives the design; with none, the
scenario is simply replicated. Ranges default to the schema's ``plausible`` ranges
(``abm/params.py`` and the catalogue's ``[<capability>.plausible]`` tables).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from abm.batch.seeding import run_seed
from abm.params import (
    ModelParams,
    ParameterError,
    describe_validation_error,
    make_params,
    read_toml,
    scalar_fields,
)
from abm.scenarios import load_scenario, merge_overrides
from abm.schema import is_integer, plausible_range, to_override

EXPERIMENT_DIR = Path(__file__).resolve().parents[2] / "runs" / "experiments"

SeriesTable = Literal["model_series", "capability_series", "force_series", "events", "collaborations"]
DEFAULT_METRICS = ("cost_gbp_m_per_year", "harm_value_gbp_m_per_year", "unmet_share", "collaborations")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExperimentMeta(_Strict):
    """The ``[experiment]`` table."""

    name: str = Field(min_length=1)
    description: str = ""
    scenario: str = "baseline"
    seed: int = Field(0, ge=0, description="One seed for the whole study; run seeds are spawned from it.")
    replications: int = Field(1, ge=1, le=100_000)
    years: int | None = Field(None, ge=1, le=100, description="Overrides the scenario's years.")
    outputs: tuple[SeriesTable, ...] = Field(
        ("model_series",), description="Time-series tables kept per run (the final table is always kept)."
    )
    common_random_numbers: bool = Field(
        False,
        description="Give replicate r the same seed at every design point (variance reduction) "
        "instead of one seed per run.",
    )


class RangeDesign(_Strict):
    """Shared by ``[sample]`` and ``[sensitivity]``: which parameters, over which ranges."""

    parameters: Annotated[tuple[str, ...], Field(min_length=1)] | None = Field(
        None,
        description="Names to vary (default, when left out: every scalar parameter with a plausible range).",
    )
    ranges: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="Ranges that replace the schema's plausible ones."
    )


class SampleDesign(RangeDesign):
    """The ``[sample]`` table: ``n`` points over the ranges."""

    method: Literal["latin", "uniform"] = "latin"
    n: int = Field(ge=1, le=1_000_000)


class SensitivityDesign(RangeDesign):
    """The ``[sensitivity]`` table: a SALib sample and the outputs to analyse."""

    method: Literal["morris", "sobol"] = "morris"
    n: int = Field(
        ge=1, le=100_000, description="Morris: trajectories. Sobol: base samples N (a power of 2)."
    )
    num_levels: int = Field(4, ge=2, le=20, description="Morris grid levels.")
    second_order: bool = Field(False, description="Sobol: also second-order indices (costs 2x runs).")
    outputs: tuple[str, ...] = Field(DEFAULT_METRICS, min_length=1)

    @model_validator(mode="after")
    def _power_of_two(self) -> SensitivityDesign:
        if self.method == "sobol" and self.n & (self.n - 1):
            raise ValueError(f"n={self.n}: Sobol needs a power of 2 (e.g. 64, 128, 256)")
        return self


class ExperimentFile(_Strict):
    """The whole file, as written."""

    experiment: ExperimentMeta
    params: dict[str, Any] = Field(default_factory=dict)
    grid: dict[str, Any] = Field(default_factory=dict)
    sample: SampleDesign | None = None
    sensitivity: SensitivityDesign | None = None

    @model_validator(mode="after")
    def _one_design(self) -> ExperimentFile:
        given = [name for name in ("grid", "sample", "sensitivity") if getattr(self, name)]
        if len(given) > 1:
            raise ValueError(f"tables {given}: give only one of [grid], [sample], [sensitivity]")
        return self


@dataclass(frozen=True)
class RunSpec:
    """One run: where it sits in the design and the overrides it is built from."""

    index: int
    point: int
    replicate: int
    seed: int
    overrides: dict[str, Any]
    varied: dict[str, Any]


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested TOML tables to dotted names: {capabilities: {custody: {x: v}}} -> capabilities.custody.x."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


class Experiment:
    """A validated experiment: its design points, seeds and runs.

    Build with :meth:`from_toml` or :meth:`from_dict`; both refuse a bad file with a
    ParameterError naming the field, before anything is written.
    """

    def __init__(self, spec: ExperimentFile, source: str = "<dict>") -> None:
        self.spec = spec
        self.source = source
        self.scenario = self._check("experiment.scenario", lambda: load_scenario(spec.experiment.scenario))
        base = merge_overrides(self.scenario.overrides, spec.params)
        if spec.experiment.years is not None:
            base["years"] = spec.experiment.years
        self.base_overrides = base
        self._check("params", lambda: make_params(base))
        self._validate_design()
        self._refuse_set_twice()
        self._validate_outputs()

    # --- construction ----------------------------------------------------------------------
    @classmethod
    def from_toml(cls, path: str | Path) -> Experiment:
        """Read an experiment file; a name without a folder is looked up in runs/experiments/."""
        path = Path(path)
        if not path.is_file() and path.suffix != ".toml" and (EXPERIMENT_DIR / f"{path}.toml").is_file():
            path = EXPERIMENT_DIR / f"{path}.toml"
        if not path.exists():
            raise ParameterError(f"experiment file {str(path)!r}: no such file")
        data = read_toml(path, "experiment file")
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<dict>") -> Experiment:
        try:
            spec = ExperimentFile(**data)
        except ValidationError as error:
            raise ParameterError(f"{source}: {describe_validation_error(error)}") from None
        except TypeError as error:  # e.g. a table where a value was expected
            raise ParameterError(f"{source}: {error}") from None
        return cls(spec, source)

    # --- validation --------------------------------------------------------------------------
    def _check(self, where: str, build: Any) -> Any:
        try:
            return build()
        except ParameterError as error:
            raise ParameterError(f"{self.source}: {where}: {error}") from None

    def _validate_design(self) -> None:
        """Refuse a bad name, value or range now, naming the table and field."""
        for name, values in flatten(self.spec.grid).items():
            if not isinstance(values, list) or not values:
                raise ParameterError(f"{self.source}: grid.{name}={values!r}: expected a non-empty list")
            for value in values:
                self._check(f"grid.{name}", lambda n=name, v=value: self.params_for({n: v}))
        design = self.spec.sample or self.spec.sensitivity
        if design is not None:
            table = "sample" if self.spec.sample else "sensitivity"
            for name, (low, high) in self.ranges.items():
                if not low < high:
                    raise ParameterError(
                        f"{self.source}: {table}.ranges.{name}=[{low}, {high}]: low must be < high"
                    )
                for value in (low, high):
                    self._check(f"{table}.ranges.{name}", lambda n=name, v=value: self.params_for({n: v}))
        for point in self.points:  # every combination, so a bad pairing fails before running
            self._check(f"design point {point}", lambda p=point: self.params_for(p))

    def _design_table(self) -> str:
        return "grid" if self.spec.grid else ("sample" if self.spec.sample else "sensitivity")

    def _refuse_set_twice(self) -> None:
        """A parameter fixed in [params] (or ``years`` in [experiment]) and varied by the design
        would leave the reader guessing which value the runs used: refuse it, naming both places."""
        fixed = {name: "[params]" for name in flatten(self.spec.params)}
        if self.spec.experiment.years is not None:
            fixed["years"] = "[experiment] years"
        for name in self.varied:
            if name in fixed:
                raise ParameterError(
                    f"{self.source}: {name} is fixed in {fixed[name]} and varied in "
                    f"[{self._design_table()}]; keep it in one of them"
                )

    def _validate_outputs(self) -> None:
        """The outputs a [sensitivity] design analyses must be final metrics, checked before
        anything runs (a misspelt name would otherwise surface only after the whole sweep)."""
        design = self.spec.sensitivity
        if design is None:
            return
        from abm.runner import final_metric_names

        known = final_metric_names(self.params_for({}))
        for name in design.outputs:
            if name not in known:
                # per-capability metrics are listed once, as <prefix>__<capability>
                shown = dict.fromkeys(
                    n if "__" not in n else n.split("__")[0] + "__<capability>" for n in known
                )
                raise ParameterError(
                    f"{self.source}: sensitivity.outputs: {name!r} is not a final metric "
                    f"(known: {', '.join(shown)})"
                )

    # --- the design ----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.spec.experiment.name

    @property
    def replications(self) -> int:
        return self.spec.experiment.replications

    @property
    def outputs(self) -> tuple[str, ...]:
        return self.spec.experiment.outputs

    @cached_property
    def ranges(self) -> dict[str, tuple[float, float]]:
        """Ranges of a [sample] or [sensitivity] design, in the order they are varied."""
        design = self.spec.sample or self.spec.sensitivity
        if design is None:
            return {}
        table = "sample" if self.spec.sample else "sensitivity"
        names = list(
            design.parameters
            if design.parameters is not None
            else [n for n in scalar_fields() if plausible_range(n)]
        )
        for name in design.ranges:
            if name not in names:
                raise ParameterError(f"{self.source}: {table}.ranges.{name}: not in {table}.parameters")
        ranges: dict[str, tuple[float, float]] = {}
        for name in names:
            found = design.ranges.get(name) or plausible_range(name)
            if found is None:
                raise ParameterError(
                    f"{self.source}: {table}.parameters: {name!r} has no plausible range in the schema; "
                    f"give one in [{table}.ranges]"
                )
            ranges[name] = (float(found[0]), float(found[1]))
        return ranges

    @cached_property
    def design_matrix(self) -> np.ndarray | None:
        """The raw sample for [sample]/[sensitivity] (rows = points), before rounding integers."""
        from abm.batch.sensitivity import salib_problem, salib_sample

        if self.spec.sensitivity is not None:
            return salib_sample(self.spec.sensitivity, salib_problem(self.ranges), self.spec.experiment.seed)
        if self.spec.sample is not None:
            rng = np.random.default_rng(self.spec.experiment.seed)
            n, k = self.spec.sample.n, len(self.ranges)
            if self.spec.sample.method == "latin":
                unit = (rng.permuted(np.tile(np.arange(n), (k, 1)), axis=1).T + rng.random((n, k))) / n
            else:
                unit = rng.random((n, k))
            lows = np.array([lo for lo, _ in self.ranges.values()])
            highs = np.array([hi for _, hi in self.ranges.values()])
            return lows + unit * (highs - lows)
        return None

    @cached_property
    def points(self) -> list[dict[str, Any]]:
        """Design points as {dotted name: value}; one empty point when nothing is varied."""
        if self.spec.grid:
            grid = flatten(self.spec.grid)
            return [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*grid.values())]
        matrix = self.design_matrix
        if matrix is None:
            return [{}]
        names = list(self.ranges)
        return [
            {n: (round(float(v)) if is_integer(n) else float(v)) for n, v in zip(names, row, strict=True)}
            for row in matrix
        ]

    @property
    def varied(self) -> list[str]:
        """The dotted names the design varies (the extra columns of every table)."""
        return list(self.points[0])

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.replications

    def params_for(self, point: dict[str, Any]) -> ModelParams:
        return make_params(self.overrides_for(point))

    def overrides_for(self, point: dict[str, Any]) -> dict[str, Any]:
        overrides = self.base_overrides
        for name, value in point.items():
            overrides = merge_overrides(overrides, to_override(name, value))
        return overrides

    def run(self, index: int) -> RunSpec:
        """Run ``index``: point ``index // replications``, replicate ``index % replications``."""
        point, replicate = divmod(index, self.replications)
        stream = replicate if self.spec.experiment.common_random_numbers else index
        values = self.points[point]
        return RunSpec(
            index=index,
            point=point,
            replicate=replicate,
            seed=run_seed(self.spec.experiment.seed, stream),
            overrides=self.overrides_for(values),
            varied=dict(values),
        )

    def runs(self) -> list[RunSpec]:
        return [self.run(i) for i in range(self.n_runs)]

    # --- identity --------------------------------------------------------------------------------
    def definition(self) -> dict[str, Any]:
        """Everything that decides the runs (for the manifest and for safe resuming)."""
        return {
            "source": self.source,
            "file": self.spec.model_dump(mode="json"),
            "scenario": self.scenario.name,
            "base_overrides": self.base_overrides,
        }

    def fingerprint(self) -> str:
        """Hash of what decides the runs; a resumed sweep must match it (the file's path may change)."""
        payload = {k: v for k, v in self.definition().items() if k != "source"}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]
