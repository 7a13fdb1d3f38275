"""Run the model once and hand back tidy tables; write them atomically.

``run_simulation`` is what the CLI, the batch runner and notebooks call. Its result
holds four tidy tables and a one-row summary of the final year (``final``), the
figures most studies compare across runs.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from abm.model import CrossforceModel
from abm.modes import COLLABORATING
from abm.params import ModelParams
from abm.provenance import code_fingerprint, cpu_features, git_commit, package_versions

#: the file a run writes beside its tables: what was run, by which code, to cite and repeat it
MANIFEST = "run.json"


@dataclass
class RunResult:
    """Everything one run produced. The tables are built from the finished model when first
    asked for: a sweep that keeps only the final metrics never pays for the others."""

    params: ModelParams
    seed: int
    scenario: str
    model: CrossforceModel
    final: dict[str, float] = field(default_factory=dict)
    with_force_series: bool = True

    @property
    def model_series(self) -> pd.DataFrame:
        return self.model.recorder.model_series()

    @property
    def capability_series(self) -> pd.DataFrame:
        return self.model.recorder.capability_series(self.model)

    @cached_property
    def force_series(self) -> pd.DataFrame | None:
        return self.model.recorder.force_series(self.model) if self.with_force_series else None

    @property
    def events(self) -> pd.DataFrame:
        return self.model.events.frame()

    @property
    def collaborations(self) -> pd.DataFrame:
        return self.model.recorder.collaborations(self.model)

    def table_names(self) -> list[str]:
        names = ["model_series", "capability_series", "events", "collaborations", "final"]
        return [*names, "force_series"] if self.with_force_series else names

    def table(self, name: str) -> pd.DataFrame:
        """One table by name (see ``table_names``)."""
        if name not in self.table_names():
            raise KeyError(f"no table {name!r} in this run (tables: {', '.join(self.table_names())})")
        return pd.DataFrame([self.final]) if name == "final" else getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in self.table_names()}

    def write(self, out: Path, csv: bool = False) -> list[Path]:
        """Write every table as Parquet (and CSV on request) plus ``run.json``, atomically:
        into a temporary folder beside ``out``, renamed into place only when complete."""
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            for name, table in self.tables().items():
                table.to_parquet(staging / f"{name}.parquet", index=False)
                if csv:
                    table.to_csv(staging / f"{name}.csv", index=False)
            (staging / MANIFEST).write_text(json.dumps(self.manifest(), indent=2, default=str))
            if out.exists():
                shutil.rmtree(out)
            os.replace(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return sorted(out.iterdir())

    def manifest(self) -> dict:
        """What ``run.json`` records: enough to cite the run and to repeat it exactly."""
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "packages": package_versions(),
            "cpu": cpu_features(),
            "git": git_commit(),
            "code": code_fingerprint(),
            "params": self.params.model_dump(mode="json"),
        }


def holds_a_run(folder: Path) -> bool:
    """Whether ``folder`` holds only what ``RunResult.write`` writes (its tables and ``run.json``):
    the one kind of folder a run may replace whole."""
    return (folder / MANIFEST).is_file() and all(
        entry.is_file() and (entry.name == MANIFEST or entry.suffix in (".parquet", ".csv"))
        for entry in folder.iterdir()
    )


#: The events that conclude an agreement every party's policing body signed (``agreements_signed``
#: counts them over the whole run, as ``mergers`` and ``directions`` count theirs): one with a partner,
#: a strategic alliance formed or joined, a regional unit formed or joined. Not a direction (imposed
#: by the Home Secretary) nor a change a force makes alone.
SIGNED_AGREEMENTS = (
    "agreed",
    "forms alliance",
    "joins alliance",
    "forms regional unit",
    "joins regional unit",
)


def final_metrics(model: CrossforceModel) -> dict[str, float]:
    """Summary of the last simulated year (the last four quarters)."""
    last = {name: values for name, values in model.recorder.model_columns().items() if name != "quarter"}
    year = {name: float(values[-4:].sum()) for name, values in last.items()}
    now = {name: float(values[-1]) for name, values in last.items()}
    actions = model.events.action_counts()
    demand = year["demand"]
    metrics: dict[str, float] = {
        "years": model.quarter_index // 4 + 1,
        "cost_gbp_m_per_year": year["total_cost_gbp_m"],
        "cost_per_head_gbp": year["total_cost_gbp_m"] * 1e6 / model.forces.population.sum(),
        "harm_chi_days_per_year": year["harm_chi_days"],
        "harm_value_gbp_m_per_year": year["harm_value_gbp_m"],
        "unmet_share": year["unmet"] / demand if demand else 0.0,
        "late_share": year["late"] / demand if demand else 0.0,
        **{name: now[name] for name in ("assured_access", "collaborations", "joint_units", "shared_units")},
        "gaps": now["gaps"],
        "forces": now["forces"],
        "mergers": float(actions["merged"]),
        "directions": float(actions["direction"]),
        "hmic_flags": float(actions["flagged"]),
        "agreements_signed": float(sum(actions[action] for action in SIGNED_AGREEMENTS)),
    }
    start = {name: float(values[0]) for name, values in last.items()}
    for name in ("officers", "staff"):
        metrics[f"{name}_change_share"] = now[name] / start[name] - 1.0 if start[name] else 0.0
    metrics["reserves_gbp_m"] = now["reserves_gbp_m"]
    metrics["budget_gbp_m"] = now["budget_gbp_m"]
    shared_at_start, still_shared, ended = model.recorder.arrangement_changes()
    metrics["collaborations_ended"] = float(ended)
    metrics["first_quarter_collaborations_kept_share"] = (
        still_shared / shared_at_start if shared_at_start else np.nan
    )
    collaborating = COLLABORATING.mask(model.arrangements.mode)
    per_force = collaborating.sum(axis=1)
    metrics["collaboration_share"] = float(collaborating.mean())
    metrics["collaboration_cv_across_forces"] = (
        float(per_force.std() / per_force.mean()) if per_force.mean() else 0.0
    )
    caps = {
        name: values[-model.caps.count :] for name, values in model.recorder.capability_columns(model).items()
    }
    holding = (caps["mode_hold"] + caps["mode_host"]) / model.forces.count
    lt10, used = caps["forces_used_lt10_share"], caps["forces_used_any_share"]
    for i, capability in enumerate(caps["capability"]):
        metrics[f"holding_share__{capability}"] = float(holding[i])
        metrics[f"forces_used_lt10_share__{capability}"] = float(lt10[i])
        metrics[f"forces_used_any_share__{capability}"] = float(used[i])
    return metrics


def final_metric_names(params: ModelParams) -> list[str]:
    """The names ``final_metrics`` reports for runs with these parameters, read off a one-quarter
    run (so the list cannot drift from the function that fills it)."""
    model = CrossforceModel(params.model_copy(update={"years": 1}), seed=0).run(1)
    return list(final_metrics(model))


def run_simulation(
    params: ModelParams, seed: int = 1, scenario: str = "custom", force_series: bool = True
) -> RunResult:
    """Run one simulation for ``params.years`` and collect its tables."""
    model = CrossforceModel(params, seed=seed).run()
    return RunResult(
        params=params,
        seed=seed,
        scenario=scenario,
        model=model,
        final=final_metrics(model),
        with_force_series=force_series,
    )


def warm_up() -> float:
    """Run the defaults once, so numba compiles the model's loops (about half a minute, once
    per installation; cached beside the code) or loads them from its cache (a fraction of a
    second) before a user is waiting. Returns the seconds it took."""
    start = time.perf_counter()
    run_simulation(ModelParams(), seed=1, force_series=False)
    return time.perf_counter() - start


def summary_lines(result: RunResult) -> list[str]:
    """A short plain-text summary for the terminal."""
    f = result.final
    caps = result.capability_series
    last = caps[caps["step"] == caps["step"].max()]
    lines = [
        f"crossforce: scenario {result.scenario!r}, seed {result.seed}, {result.params.years} years "
        f"from {result.params.start_year}",
        f"  final year: cost £{f['cost_gbp_m_per_year']:,.0f}m (£{f['cost_per_head_gbp']:.2f} a head), "
        f"harm {f['harm_chi_days_per_year']:,.0f} crime-harm days (£{f['harm_value_gbp_m_per_year']:,.0f}m), "
        f"unmet {100 * f['unmet_share']:.2f}% of demand",
        f"  forces {f['forces']:.0f} (mergers {f['mergers']:.0f}), HMIC flags {f['hmic_flags']:.0f}, "
        f"Home Secretary directions {f['directions']:.0f}",
        f"  collaborations {f['collaborations']:.0f} (joint units {f['joint_units']:.0f}, "
        f"units hosting buyers {f['shared_units']:.0f}), gaps {f['gaps']:.0f}, "
        f"assured access {100 * f['assured_access']:.1f}%, agreements signed {f['agreements_signed']:.0f}",
        "  arrangements in the last quarter (forces):",
        f"    {'capability':<26}{'hold':>6}{'host':>6}{'buy':>6}{'joint':>7}{'natl':>6}{'none':>6}",
    ]
    for _, row in last.iterrows():
        counts = [int(row[f"mode_{m}"]) for m in ("hold", "host", "buy", "joint", "national", "none")]
        lines.append(
            f"    {row['capability']:<26}"
            + "".join(f"{n:>{w}}" for n, w in zip(counts, (6, 6, 6, 7, 6, 6), strict=True))
        )
    return lines
