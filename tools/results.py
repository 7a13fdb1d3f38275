"""Published uncertainty for the history replay: Morris screening, Sobol indices and approximate
Bayesian computation (ABC) by rejection, written to ``docs/results.md`` with figures in
``docs/results/``. Every number in the report is computed by this run; nothing is typed by hand.

What is run, all on the history replay (``runs/scenarios/history_2010_2025.toml``), one seed per run:

1. Morris screening of every numeric parameter of the schema groups "behaviour" and "politics" that
   has a plausible range, over those ranges, plus a dummy parameter that changes nothing: its
   mu* is what seed noise alone produces.
2. Sobol indices (first order and total, with bootstrap confidence intervals) of the parameters
   Morris ranks highest on the main outcome.
3. ABC by rejection on the 2010-2016 patterns only (officers' change to March 2015; regional-unit
   memberships ended by March 2016): a Latin hypercube over the plausible ranges, the closest runs
   kept by a rule fixed in this file (``ACCEPT_SHARE``, ``TOLERANCE``), and what the kept runs imply
   for the held-out 2016-2025 measures, next to the record.

Usage:
  python tools/results.py --workers 2     full run, 5,712 runs (about 50 minutes on two workers)
  python tools/results.py                 the same in one process
  python tools/results.py --quick --out /tmp/results.md   a tiny smoke run (a few minutes)

Statistics mirror tools/validate.py (its constants are imported, not copied).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling
from scipy.stats import qmc

from abm import history
from abm.batch.sensitivity import salib_problem
from abm.params import ModelParams, scalar_fields
from abm.provenance import code_fingerprint, git_commit
from abm.runner import run_simulation
from abm.scenarios import load_scenario
from abm.schema import extra, is_integer, label, plausible_range

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tools") not in sys.path:  # run as a module or imported: find the sibling script
    sys.path.insert(0, str(ROOT / "tools"))

from validate import OFFICERS, PAIRED_KINDS, SCENARIO, START_YEAR  # noqa: E402

REPORT = ROOT / "docs" / "results.md"
GROUPS = ("behaviour", "politics")
DUMMY = "dummy"
SAMPLING_SEED = 2025
#: first seed of each stage's runs (run i of a stage uses seed offset + i)
SEED_OFFSETS = {"defaults": 1, "morris": 100_001, "sobol": 200_001, "abc": 300_001}
MORRIS_LEVELS = 4
SOBOL_PARAMETERS = 8
#: ABC: the extra parameters taken for each in-sample target (the top ones by mu* not yet chosen)
ABC_EXTRA_PER_TARGET = 2
#: ABC acceptance, fixed before the runs: keep this share of the runs closest to the in-sample record
ACCEPT_SHARE = 0.2
#: ABC distance: each in-sample statistic's miss is divided by its tolerance (officers: the pass
#: width of tools/validate.py; regional units ended by 2016: five points), then the two are combined
#: as a Euclidean norm
TOLERANCE = {"officers_2015": 0.04, "regional_ended_2016": 0.05}
#: Home Secretary's directions (s.23G) 2010-2025 and voluntary mergers, docs/history.md §5 and §7
RECORD_DIRECTIONS = 1
RECORD_MERGERS = 0
IN_SAMPLE_END_YEAR = 2016
#: a confidence interval this wide (half-width, in index units) is reported as too wide to rank on
WIDE_CI = 0.1


@dataclass(frozen=True)
class Size:
    """How many runs each stage makes."""

    defaults: int
    morris_trajectories: int
    sobol_n: int
    abc_runs: int


FULL = Size(defaults=12, morris_trajectories=10, sobol_n=512, abc_runs=200)
QUICK = Size(defaults=3, morris_trajectories=2, sobol_n=4, abc_runs=20)


@dataclass(frozen=True)
class Outcome:
    """A statistic of one run, how to print it and whether the 2016 defaults could have known it."""

    key: str
    text: str
    kind: str  # "share", "change" or "count"
    sample: str  # "in-sample" or "held out"


OUTCOMES = (
    Outcome("regional_ended_2025", "share of regional-unit memberships ended by 2025", "share", "held out"),
    Outcome(
        "regional_ended_2016", "share of regional-unit memberships ended by March 2016", "share", "in-sample"
    ),
    Outcome("officers_2015", "officers' change, March 2010 to March 2015", "change", "in-sample"),
    Outcome(
        "paired_ended", "share of alliance and joint-unit memberships ended by 2025", "share", "held out"
    ),
    Outcome("officers_2025", "officers' change, March 2010 to March 2025", "change", "held out"),
    Outcome("directions", "Home Secretary's directions per run", "count", "held out"),
    Outcome("mergers", "mergers per run", "count", "held out"),
)
BY_KEY = {o.key: o for o in OUTCOMES}
MAIN = "regional_ended_2025"
TARGETS = ("officers_2015", "regional_ended_2016")
HELD_OUT = tuple(o.key for o in OUTCOMES if o.sample == "held out")


# --- running the model ---------------------------------------------------------------------------


@cache
def base_params() -> ModelParams:
    """The history replay's parameters, loaded once per process."""
    return load_scenario(SCENARIO).params()


def _ended_share(rows: pd.DataFrame, before_step: float) -> float:
    """Share of collaboration rows that ended before ``before_step`` (0 when there are none)."""
    if not len(rows):
        return 0.0
    ends = rows["end_step"].astype(float).to_numpy()  # still running: NaN, never below a step
    return float(np.mean(ends < before_step))


def measure_with(update: dict[str, float], seed: int) -> dict[str, float]:
    """One history replay with some parameters changed: the statistics of ``OUTCOMES``, computed
    as tools/validate.py's ``measure`` computes them, plus regional units ended by March 2016."""
    params = base_params().model_copy(update=update)
    result = run_simulation(params, seed=seed, scenario=SCENARIO, force_series=False)
    col = result.collaborations
    regional = col[col["kind"] == "regional unit"]
    paired = col[col["kind"].isin(PAIRED_KINDS)]
    officers = result.model_series["officers"].to_numpy(float)
    yearly = officers[3::4]  # at 31 March of START_YEAR + 1, + 2, ...
    return {
        "regional_ended_2025": _ended_share(regional, np.inf),
        "regional_ended_2016": _ended_share(regional, 4 * (IN_SAMPLE_END_YEAR - START_YEAR)),
        "officers_2015": float(yearly[2015 - START_YEAR - 1] / officers[0] - 1),
        "paired_ended": _ended_share(paired, np.inf),
        "officers_2025": float(yearly[2025 - START_YEAR - 1] / officers[0] - 1),
        "directions": float(result.final["directions"]),
        "mergers": float(result.final["mergers"]),
    }


def _job(args: tuple[dict[str, float], int]) -> dict[str, float]:
    """One job as the pool hands it over (a picklable top-level function)."""
    return measure_with(*args)


def run_all(updates: list[dict[str, float]], first_seed: int, workers: int, stage: str) -> pd.DataFrame:
    """Run every parameter update once, run i with seed ``first_seed + i`` (independent seeds, so
    seed noise shows up in the indices rather than hiding behind common random numbers)."""
    jobs = [(update, first_seed + i) for i, update in enumerate(updates)]
    start = time.perf_counter()
    if workers == 1:  # in this process: no second copy of the model in memory
        rows = _with_progress(map(_job, jobs), len(jobs), stage, start)
    else:
        with ProcessPoolExecutor(workers) as pool:
            rows = _with_progress(pool.map(_job, jobs), len(jobs), stage, start)
    frame = pd.DataFrame(rows)
    frame.insert(0, "seed", [seed for _, seed in jobs])
    return frame


def _with_progress(rows: Iterable[dict[str, float]], total: int, stage: str, start: float) -> list:
    """Collect results, telling the terminal how far a long stage has got."""
    collected = []
    for i, row in enumerate(rows, 1):
        collected.append(row)
        if i % 25 == 0 or i == total:
            print(f"  {stage}: {i}/{total} runs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return collected


def to_update(names: list[str], row: Iterable[float]) -> dict[str, float]:
    """A sampled row as a parameter update; integers rounded; the dummy dropped."""
    return {
        n: (round(float(v)) if is_integer(n) else float(v))
        for n, v in zip(names, row, strict=True)
        if n != DUMMY
    }


# --- the parameters screened ---------------------------------------------------------------------


def screened_parameters() -> dict[str, tuple[float, float]]:
    """Numeric parameters of the behaviour and politics groups with a plausible range, by name."""
    found = {}
    for name, info in scalar_fields().items():
        if extra(info).get("group") not in GROUPS or info.annotation not in (float, int):
            continue
        bounds = plausible_range(name)
        if bounds is not None:
            found[name] = bounds
    return found


def left_out() -> str:
    """The parameters of the screened groups that cannot be screened, named so the reader knows."""
    screened = screened_parameters()
    names = [
        f"`{n}`"
        for n, info in scalar_fields().items()
        if extra(info).get("group") in GROUPS and n not in screened
    ]
    return ", ".join(names) or "none"


def group_of(name: str) -> str:
    """The schema group a parameter belongs to (none for the dummy)."""
    return "—" if name == DUMMY else str(extra(scalar_fields()[name]).get("group"))


def label_of(name: str) -> str:
    """What a reader sees for a parameter: its schema label, never only the identifier."""
    return "dummy (changes nothing)" if name == DUMMY else label(name)


# --- the three analyses --------------------------------------------------------------------------


def run_defaults(size: Size, workers: int) -> pd.DataFrame:
    """Replications at the scenario's own values: the seed noise against which indices are read."""
    return run_all([{}] * size.defaults, SEED_OFFSETS["defaults"], workers, "defaults")


def run_morris(ranges: dict[str, tuple[float, float]], size: Size, workers: int) -> dict[str, Any]:
    """Morris elementary effects of every screened parameter (and the dummy) on every outcome."""
    problem = salib_problem({**ranges, DUMMY: (0.0, 1.0)})
    x = morris_sampling.sample(
        problem, size.morris_trajectories, num_levels=MORRIS_LEVELS, seed=SAMPLING_SEED
    )
    runs = run_all([to_update(problem["names"], row) for row in x], SEED_OFFSETS["morris"], workers, "morris")
    indices = {}
    for outcome in OUTCOMES:
        result = morris_analysis.analyze(
            problem,
            x,
            runs[outcome.key].to_numpy(float),
            num_levels=MORRIS_LEVELS,
            seed=SAMPLING_SEED,
        )
        indices[outcome.key] = pd.DataFrame(
            {k: result[k] for k in ("mu", "mu_star", "sigma", "mu_star_conf")}, index=problem["names"]
        )
    return {"x": x, "runs": runs, "indices": indices}


def top_by_mu_star(indices: pd.DataFrame, count: int, exclude: Iterable[str] = ()) -> list[str]:
    """The parameters with the largest mu*, the dummy and ``exclude`` left out."""
    ranked = indices.drop(index=[DUMMY, *exclude], errors="ignore")["mu_star"].sort_values(ascending=False)
    return list(ranked.index[:count])


def run_sobol(ranges: dict[str, tuple[float, float]], size: Size, workers: int) -> dict[str, Any]:
    """First-order and total Sobol indices, with bootstrap 95% intervals, for the chosen parameters."""
    problem = salib_problem(ranges)
    x = sobol_sampling.sample(problem, size.sobol_n, calc_second_order=False, seed=SAMPLING_SEED)
    runs = run_all([to_update(problem["names"], row) for row in x], SEED_OFFSETS["sobol"], workers, "sobol")
    indices = {}
    for key in (MAIN, *TARGETS):
        y = runs[key].to_numpy(float)
        if np.var(y) == 0:  # a constant output has no variance to apportion
            continue
        result = sobol_analysis.analyze(
            problem, y, calc_second_order=False, conf_level=0.95, seed=SAMPLING_SEED
        )
        indices[key] = pd.DataFrame(
            {k: result[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=problem["names"]
        )
    return {"runs": runs, "indices": indices, "names": problem["names"]}


def abc_distance(runs: pd.DataFrame, record: dict[str, float]) -> np.ndarray:
    """The pre-stated distance of each run from the in-sample record (see ``TOLERANCE``)."""
    scaled = [(runs[k].to_numpy(float) - record[k]) / TOLERANCE[k] for k in TARGETS]
    return np.sqrt(np.sum(np.square(scaled), axis=0))


def run_abc(
    ranges: dict[str, tuple[float, float]], size: Size, workers: int, record: dict[str, float]
) -> dict[str, Any]:
    """Rejection ABC: a Latin hypercube over the plausible ranges, the closest share kept."""
    names = list(ranges)
    unit = qmc.LatinHypercube(d=len(names), seed=SAMPLING_SEED).random(size.abc_runs)
    lows, highs = np.array([ranges[n] for n in names]).T
    x = qmc.scale(unit, lows, highs)
    updates = [to_update(names, row) for row in x]
    runs = run_all(updates, SEED_OFFSETS["abc"], workers, "abc")
    values = pd.DataFrame(updates, columns=names)
    runs = pd.concat([values, runs], axis=1)
    runs["distance"] = abc_distance(runs, record)
    keep = max(2, round(ACCEPT_SHARE * len(runs)))
    runs["accepted"] = runs["distance"].rank(method="first") <= keep
    return {"runs": runs, "names": names}


def abc_parameters(morris: dict[str, Any], sobol_names: list[str]) -> list[str]:
    """The Sobol parameters, plus the strongest not yet chosen for each in-sample target."""
    chosen = list(sobol_names)
    for key in TARGETS:
        chosen += top_by_mu_star(morris["indices"][key], ABC_EXTRA_PER_TARGET, exclude=chosen)
    return chosen


# --- the record ----------------------------------------------------------------------------------


def record_values() -> dict[str, float]:
    """What happened, for each outcome, read from the project's data files (docs/history.md)."""
    regional = [c for c in history.collaborations() if c.kind == "regional_unit"]
    pairs = history.alliance_pairs()
    return {
        "regional_ended_2025": float(np.mean([c.end_year is not None for c in regional])),
        "regional_ended_2016": float(
            np.mean([c.end_year is not None and c.end_year < IN_SAMPLE_END_YEAR for c in regional])
        ),
        "officers_2015": OFFICERS[2015] / OFFICERS[2010] - 1,
        "paired_ended": float(np.mean([end is not None for *_, end in pairs])),
        "officers_2025": OFFICERS[2025] / OFFICERS[2010] - 1,
        "directions": float(RECORD_DIRECTIONS),
        "mergers": float(RECORD_MERGERS),
    }


def record_notes() -> dict[str, str]:
    """Where each record value comes from, with its counts."""
    regional = [c for c in history.collaborations() if c.kind == "regional_unit"]
    pairs = history.alliance_pairs()
    ended_pairs = sum(end is not None for *_, end in pairs)
    ended_regional = sum(c.end_year is not None for c in regional)
    return {
        "regional_ended_2025": f"{ended_regional} of {len(regional)} regional units ended (collaborations.csv)",
        "regional_ended_2016": f"{ended_regional} of {len(regional)} regional units ended (collaborations.csv)",
        "officers_2015": f"{OFFICERS[2010]:,} to {OFFICERS[2015]:,} FTE",
        "paired_ended": f"{ended_pairs} of {len(pairs)} partner pairs ended (alliance_pairs.csv)",
        "officers_2025": f"{OFFICERS[2010]:,} to {OFFICERS[2025]:,} FTE",
        "directions": "s.23G used once, 2019 (history.md §7.6)",
        "mergers": "none (history.md §5)",
    }


# --- formatting ----------------------------------------------------------------------------------


def fmt(key: str, value: float) -> str:
    """An outcome's value as a reader expects it."""
    kind = BY_KEY[key].kind
    if not np.isfinite(value):
        return "n/a"
    if kind == "share":
        return f"{100 * value:.0f}%"
    if kind == "change":
        return f"{100 * value:+.1f}%"
    return f"{value:.3g}"


def fmt_effect(key: str, value: float) -> str:
    """A Morris effect in the outcome's units: percentage points for shares and changes."""
    return f"{value:.2f}" if BY_KEY[key].kind == "count" else f"{100 * value:.1f}"


def effect_unit(key: str) -> str:
    """The unit Morris effects of an outcome are printed in."""
    return "per run" if BY_KEY[key].kind == "count" else "points"


def fmt_range(low: float, high: float) -> str:
    """A range with three significant figures, as tables print it."""
    return f"{low:.3g} – {high:.3g}"


def band(values: pd.Series, key: str) -> str:
    """Median [10th-90th percentile] of a statistic over runs."""
    v = values.dropna()
    if not len(v):
        return "n/a"
    return f"{fmt(key, v.median())} [{fmt(key, v.quantile(0.1))} – {fmt(key, v.quantile(0.9))}]"


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A Markdown table (tabulate is not a dependency)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]


def scenario_value(name: str) -> str:
    """A parameter's value in the history replay (what the runs not varying it use)."""
    return "—" if name == DUMMY else f"{getattr(base_params(), name):.3g}"


def names_list(names: Iterable[str]) -> str:
    """Parameter labels as an English list, for generated sentences."""
    items = [f"*{label_of(n)}*" for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- figures -------------------------------------------------------------------------------------


def save(fig: plt.Figure, path: Path) -> None:
    """Write a small PNG atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp.png")
    fig.savefig(tmp, dpi=80)
    plt.close(fig)
    tmp.replace(path)


def plot_morris(morris: dict[str, Any], path: Path) -> None:
    """mu* with its 95% interval for the main outcome and the in-sample targets, the dummy's mu*
    drawn as the noise floor."""
    keys = (MAIN, *TARGETS)
    order = morris["indices"][MAIN]["mu_star"].sort_values().index
    fig, axes = plt.subplots(1, len(keys), figsize=(13, 1.2 + 0.26 * len(order)), sharey=True)
    y = np.arange(len(order))
    for ax, key in zip(axes, keys, strict=True):
        part = morris["indices"][key].loc[order]
        scale = 1 if BY_KEY[key].kind == "count" else 100
        colours = ["#999999" if n == DUMMY else "#4c72b0" for n in order]
        ax.barh(y, scale * part["mu_star"], xerr=scale * part["mu_star_conf"], color=colours)
        ax.axvline(scale * part.loc[DUMMY, "mu_star"], color="#c44e52", ls="--", lw=1, label="dummy (noise)")
        ax.set_title(BY_KEY[key].text, fontsize=9, wrap=True)
        ax.set_xlabel(f"μ* ({effect_unit(key)} over the plausible range)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, loc="lower right")
    axes[0].set_yticks(y, [label_of(n) for n in order])
    fig.tight_layout()
    save(fig, path)


def plot_sobol(sobol: dict[str, Any], path: Path) -> None:
    """S1 and ST with their 95% intervals, one panel per outcome analysed."""
    keys = list(sobol["indices"])
    fig, axes = plt.subplots(1, len(keys), figsize=(4.3 * len(keys), 3.2), sharey=True, squeeze=False)
    names = sobol["names"]
    y = np.arange(len(names))
    for ax, key in zip(axes[0], keys, strict=True):
        part = sobol["indices"][key].loc[names]
        ax.barh(y - 0.2, part["ST"], 0.4, xerr=part["ST_conf"], color="#4c72b0", label="total (ST)")
        ax.barh(y + 0.2, part["S1"], 0.4, xerr=part["S1_conf"], color="#dd8452", label="first order (S1)")
        ax.axvline(0, color="black", lw=0.5)
        ax.set_title(BY_KEY[key].text, fontsize=9, wrap=True)
        ax.set_xlabel("Sobol index (95% interval)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7)
    axes[0][0].set_yticks(y, [label_of(n) for n in names])
    fig.tight_layout()
    save(fig, path)


def wrapped(text: str, width: int = 26) -> str:
    """A figure title broken into lines, so neighbouring panels' titles do not overlap."""
    return textwrap.fill(text, width)


def plot_abc_parameters(abc: dict[str, Any], path: Path) -> None:
    """Each ABC parameter: the prior sample (all runs), the accepted runs' values and the scenario's
    own value, to see whether conditioning on 2010-2016 moves away from the defaults."""
    runs, names = abc["runs"], abc["names"]
    accepted = runs[runs["accepted"]]
    columns = min(4, len(names))
    rows = -(-len(names) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 2.1 * rows), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        bins = np.linspace(*plausible_range(name), 11)
        ax.hist(runs[name], bins=bins, color="#cccccc", label="all runs")
        ax.hist(accepted[name], bins=bins, color="#4c72b0", label="accepted")
        ax.axvline(getattr(base_params(), name), color="#c44e52", ls="--", lw=1, label="scenario value")
        ax.set_title(wrapped(label_of(name)), fontsize=8)
        ax.tick_params(labelsize=6)
    finish_grid(fig, axes, len(names), path)


def finish_grid(fig, axes, used: int, path: Path) -> None:
    """Hide a grid's empty panels, put the legend on the first and save the figure."""
    for ax in axes.flat[used:]:
        ax.set_visible(False)
    axes[0][0].legend(fontsize=6)
    fig.tight_layout()
    save(fig, path)


def plot_abc_outcomes(
    abc: dict[str, Any], defaults: pd.DataFrame, record: dict[str, float], path: Path
) -> None:
    """Each outcome at the defaults, over all ABC runs and over the accepted runs (box: quartiles,
    whiskers: 10th-90th percentiles), the record as a red line."""
    runs = abc["runs"]
    accepted = runs[runs["accepted"]]
    columns = 4
    rows = -(-len(OUTCOMES) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.6 * columns, 2.4 * rows), squeeze=False)
    for ax, outcome in zip(axes.flat, OUTCOMES, strict=False):
        scale = 1 if outcome.kind == "count" else 100
        data = [scale * frame[outcome.key].dropna() for frame in (defaults, runs, accepted)]
        ax.boxplot(data, whis=(10, 90), showfliers=False)
        ax.set_xticks([1, 2, 3], ["defaults", "all", "accepted"], fontsize=6)
        ax.axhline(scale * record[outcome.key], color="#c44e52", lw=1.2, label="record")
        unit = "" if scale == 1 else " (%)"
        ax.set_title(wrapped(f"{outcome.text}{unit} [{outcome.sample}]", 34), fontsize=7)
        ax.tick_params(labelsize=6)
    finish_grid(fig, axes, len(OUTCOMES), path)


# --- the report ----------------------------------------------------------------------------------


def intro_lines(ctx: dict[str, Any]) -> list[str]:
    """What was run, on which model, how long it took and under what load, and the record."""
    size, timing = ctx["size"], ctx["timing"]
    n = {stage: len(ctx[stage]["runs"]) for stage in ("morris", "sobol", "abc")}
    total = len(ctx["defaults"]) + sum(n.values())
    lines = ["# Results: published uncertainty for the history replay", ""]
    if ctx["quick"]:
        lines += ["**QUICK SMOKE RUN: sample sizes far too small to read anything from. Do not cite.**", ""]
    lines += [
        "Built by `python tools/results.py` (do not edit by hand; every number below comes from that run).",
        f"All runs are the history replay (`runs/scenarios/{SCENARIO}.toml`, April {START_YEAR} to March",
        f"{START_YEAR + base_params().years}), one seed per run, the seeds of each stage consecutive from",
        f"{', '.join(f'{v} ({k})' for k, v in SEED_OFFSETS.items())}; design samples drawn with seed {SAMPLING_SEED}.",
        f"Model: commit {ctx['git']['commit']}"
        + (" with uncommitted changes to `abm/` or `runs/`" if ctx["model_changed"] else "")
        + f", code fingerprint {ctx['fingerprint'][:12]} (abm.provenance).",
        "",
        f"- {len(ctx['defaults'])} replications at the scenario's own values (the seed noise);",
        f"- Morris: {size.morris_trajectories} trajectories over {len(ctx['ranges'])} parameters and a dummy, "
        f"{MORRIS_LEVELS} levels: {n['morris']} runs;",
        f"- Sobol: N = {size.sobol_n} (Saltelli scheme, no second-order terms) over "
        f"{len(ctx['sobol']['names'])} parameters: {n['sobol']} runs;",
        f"- ABC: {n['abc']} runs, Latin hypercube over {len(ctx['abc']['names'])} parameters.",
        "",
        f"{total} runs in {timing['seconds'] / 60:.1f} minutes of wall time on {ctx['workers']} worker process(es), "
        f"on a machine with {os.cpu_count()} logical CPUs; 1-minute load average {timing['load_start']:.2f} at the "
        f"start and {timing['load_end']:.2f} at the end (other work shared the machine).",
        "",
        "Outcomes (as in tools/validate.py; *in-sample* ones were known by 2016, *held out* ones were not):",
        "",
    ]
    lines += table(
        ["outcome", "sample", "record", "where the record comes from", "defaults: median [10–90%]"],
        (
            [
                o.text,
                o.sample,
                fmt(o.key, ctx["record"][o.key]),
                ctx["notes"][o.key],
                band(ctx["defaults"][o.key], o.key),
            ]
            for o in OUTCOMES
        ),
    )
    return [*lines, ""]


def morris_lines(ctx: dict[str, Any]) -> list[str]:
    """The Morris section: method, figure and one row per parameter, largest mu* first."""
    morris, ranges = ctx["morris"], ctx["ranges"]
    main = morris["indices"][MAIN]
    floor = main.loc[DUMMY, "mu_star"]
    order = main["mu_star"].sort_values(ascending=False).index
    lines = [
        "## Morris screening",
        "",
        f"Every numeric parameter of the groups {' and '.join(GROUPS)} with a plausible range in `abm/params.py`,",
        f"over that range (integers rounded after sampling; left out, as not numeric or without a range: {left_out()}).",
        f"μ* is the mean absolute elementary effect, scaled to the whole plausible range, in {effect_unit(MAIN)}",
        "of the outcome; σ their spread (interactions or noise). Each run has its own seed, so the dummy",
        "parameter's μ* is what seed noise alone gives: a parameter is *clear of the noise* when",
        "μ* minus its 95% interval is above the dummy's μ*. Ranked by μ* on the main outcome,",
        f"the {BY_KEY[MAIN].text} (the record's first pattern, docs/history.md §7).",
        "",
        "![Morris mu*](results/morris.png)",
        "",
    ]
    header = [
        "parameter",
        "group",
        "range",
        "scenario value",
        f"μ* ± 95% ({effect_unit(MAIN)})",
        "σ",
        "clear of noise",
    ]
    header += [f"μ*: {BY_KEY[k].text} ({effect_unit(k)})" for k in TARGETS]
    rows = []
    for name in order:
        row = main.loc[name]
        clear = "—" if name == DUMMY else ("yes" if row["mu_star"] - row["mu_star_conf"] > floor else "no")
        bounds = ranges.get(name, (0.0, 1.0))
        rows.append(
            [
                f"{label_of(name)} (`{name}`)",
                group_of(name),
                fmt_range(*bounds),
                scenario_value(name),
                f"{fmt_effect(MAIN, row['mu_star'])} ± {fmt_effect(MAIN, row['mu_star_conf'])}",
                fmt_effect(MAIN, row["sigma"]),
                clear,
                *(fmt_effect(k, morris["indices"][k].loc[name, "mu_star"]) for k in TARGETS),
            ]
        )
    return [*lines, *table(header, rows), ""]


def clear_of_noise(indices: pd.DataFrame) -> list[str]:
    """Parameters whose mu* minus its interval is above the dummy's mu*, largest first."""
    floor = indices.loc[DUMMY, "mu_star"]
    clear = indices[(indices["mu_star"] - indices["mu_star_conf"] > floor) & (indices.index != DUMMY)]
    return list(clear["mu_star"].sort_values(ascending=False).index)


def sobol_lines(ctx: dict[str, Any]) -> list[str]:
    """The Sobol section: indices with their intervals and the share of variance that is noise."""
    sobol = ctx["sobol"]
    lines = [
        "## Sobol indices",
        "",
        f"The {len(sobol['names'])} parameters with the largest μ* on the main outcome: {names_list(sobol['names'])}.",
        f"N = {ctx['size'].sobol_n} base samples, {len(sobol['runs'])} runs; 95% intervals by bootstrap (SALib).",
        "Other parameters stay at the scenario's values. Each run has its own seed, so the seed noise is",
        "part of the variance: it inflates the total indices and is in no first-order index. The noise",
        "share below is the variance over the replications at the scenario's values divided by the",
        "variance over the Sobol runs (a rough guide: the noise need not be the same everywhere).",
        "",
        "![Sobol indices](results/sobol.png)",
        "",
    ]
    rows = []
    for key in (MAIN, *TARGETS):
        if key not in sobol["indices"]:
            lines.append(f"The {BY_KEY[key].text} did not vary over the Sobol runs: no indices.")
            continue
        part = sobol["indices"][key]
        noise = noise_share(ctx, key)
        for name in sobol["names"]:
            s = part.loc[name]
            rows.append(
                [
                    BY_KEY[key].text,
                    label_of(name),
                    f"{s['S1']:.2f} [{s['S1'] - s['S1_conf']:.2f}, {s['S1'] + s['S1_conf']:.2f}]",
                    f"{s['ST']:.2f} [{s['ST'] - s['ST_conf']:.2f}, {s['ST'] + s['ST_conf']:.2f}]",
                    f"{noise:.2f}",
                ]
            )
    lines += table(["outcome", "parameter", "first order S1 [95%]", "total ST [95%]", "noise share"], rows)
    return [*lines, "", *sobol_verdict(ctx), ""]


def sobol_verdict(ctx: dict[str, Any]) -> list[str]:
    """Say how many intervals are too wide to rank on, and what the main outcome's indices add to."""
    indices = ctx["sobol"]["indices"]
    confs = pd.concat([part[["S1_conf", "ST_conf"]] for part in indices.values()]).to_numpy().ravel()
    wide = int(np.sum(confs > WIDE_CI))
    text = [
        f"{wide} of {confs.size} intervals have a half-width above {WIDE_CI}"
        + (
            ": with this N the intervals are wide, and the indices rank the parameters only where they differ by more than that."
            if wide
            else "."
        )
    ]
    if MAIN in indices:
        main = indices[MAIN]
        total = main["S1"].sum()
        text.append(
            f"On the main outcome the first-order indices add up to {total:.2f}"
            + (" (above 1, which only estimator error can give)" if total > 1 else "")
            + f" and the largest total index is that of *{label_of(main['ST'].idxmax())}* ({main['ST'].max():.2f})."
        )
    noisy = [k for k in indices if noise_share(ctx, k) > 0.5]
    if noisy:
        text.append(
            "For the "
            + " and the ".join(f"{BY_KEY[k].text} (noise share {noise_share(ctx, k):.2f})" for k in noisy)
            + " seed noise is more than half the variance over the Sobol runs: the indices there say little."
        )
    return [" ".join(text)]


def noise_share(ctx: dict[str, Any], key: str) -> float:
    """Variance over the replications at the scenario's values over the variance over the Sobol runs."""
    return float(ctx["defaults"][key].var() / ctx["sobol"]["runs"][key].var())


def within(runs: pd.DataFrame, key: str, record: dict[str, float]) -> pd.Series:
    """Which runs come within an in-sample target's tolerance of the record."""
    return (runs[key] - record[key]).abs() <= TOLERANCE[key]


def abc_lines(ctx: dict[str, Any]) -> list[str]:
    """The ABC section: the rule, how close the accepted runs came, and the accepted ranges."""
    abc, record = ctx["abc"], ctx["record"]
    runs = abc["runs"]
    accepted = runs[runs["accepted"]]
    both = accepted[np.all([within(accepted, k, record) for k in TARGETS], axis=0)]
    lines = [
        "## Approximate Bayesian computation (rejection) on 2010-2016",
        "",
        f"Parameters: the {len(ctx['sobol']['names'])} Sobol parameters, plus for each in-sample target the "
        f"{ABC_EXTRA_PER_TARGET} with the largest μ* on it not already chosen. Prior: uniform on each plausible range "
        f"(Latin hypercube, {len(runs)} runs, one seed each). Everything else at the scenario's values.",
        "",
        "**Acceptance rule (fixed in `tools/results.py` before the runs):** distance",
        "d = √(Σ ((statistic − record) / tolerance)²) over the in-sample targets, with tolerances "
        + "; ".join(f"{BY_KEY[k].text}: {fmt_effect(k, TOLERANCE[k])} {effect_unit(k)}" for k in TARGETS)
        + f"; keep the {100 * ACCEPT_SHARE:.0f}% of runs with the smallest d ({len(accepted)} runs). "
        f"The held-out measures play no part in it.",
        "",
        f"Accepted distances run from {accepted['distance'].min():.2f} to {accepted['distance'].max():.2f} "
        f"(all runs: median {runs['distance'].median():.2f}); {len(both)} of the {len(accepted)} accepted runs are within "
        "the tolerance on both targets. "
        + "; ".join(
            f"{int(np.sum(within(runs, k, record)))} of all {len(runs)} runs are within it on the {BY_KEY[k].text}"
            for k in TARGETS
        )
        + ".",
        "",
        *target_spread_lines(ctx),
        "### Parameters: prior and accepted",
        "",
        "![ABC parameters: all runs and accepted runs](results/abc_parameters.png)",
        "",
    ]
    rows = []
    for name in abc["names"]:
        low, high = plausible_range(name)
        a = accepted[name]
        narrowing = (a.quantile(0.9) - a.quantile(0.1)) / (high - low)
        rows.append(
            [
                f"{label_of(name)} (`{name}`)",
                fmt_range(low, high),
                scenario_value(name),
                f"{a.median():.3g}",
                fmt_range(a.quantile(0.1), a.quantile(0.9)),
                fmt_range(a.min(), a.max()),
                f"{narrowing:.2f}",
            ]
        )
    lines += table(
        [
            "parameter",
            "prior range",
            "scenario value",
            "accepted median",
            "accepted 10–90%",
            "accepted min–max",
            "10–90% width / prior width",
        ],
        rows,
    )
    lines += [
        "",
        "For a uniform prior the 10–90% width is 0.8 of the range: values near it mean the targets do not constrain the parameter.",
        "",
    ]
    return [*lines, *prediction_lines(ctx, accepted), ""]


def target_spread_lines(ctx: dict[str, Any]) -> list[str]:
    """Say when an in-sample statistic hardly varies over the prior: then the distance cannot
    select on it, and acceptance is in effect on the other target."""
    runs = ctx["abc"]["runs"]
    lines = []
    for key in TARGETS:
        spread = runs[key].quantile(0.9) - runs[key].quantile(0.1)
        if spread < TOLERANCE[key]:
            lines.append(
                f"Over all ABC runs the {BY_KEY[key].text} spans only {fmt_effect(key, spread)} {effect_unit(key)} "
                f"(10–90%), less than its tolerance of {fmt_effect(key, TOLERANCE[key])}: these parameters hardly move "
                "it, so the rule in effect selects on the other target."
            )
    return [" ".join(lines), ""] if lines else []


def prediction_lines(ctx: dict[str, Any], accepted: pd.DataFrame) -> list[str]:
    """What the accepted runs imply for every outcome, beside the defaults, the prior and the record."""
    runs, record = ctx["abc"]["runs"], ctx["record"]
    rows = []
    for o in OUTCOMES:
        rows.append(
            [
                o.text,
                o.sample,
                fmt(o.key, record[o.key]),
                band(ctx["defaults"][o.key], o.key),
                band(runs[o.key], o.key),
                band(accepted[o.key], o.key),
                "yes" if inside(accepted[o.key], record[o.key]) else "**no**",
            ]
        )
    no_merger = [
        f"{100 * (frame['mergers'] == 0).mean():.0f}%" for frame in (ctx["defaults"], runs, accepted)
    ]
    return [
        "### What the accepted set implies, next to the record",
        "",
        "Medians and 10–90% bands over runs. In the figure, boxes are quartiles, whiskers the 10th and",
        "90th percentiles and the red line the record.",
        "",
        "![ABC outcomes: defaults, all runs, accepted runs and the record](results/abc_outcomes.png)",
        "",
        *table(
            [
                "measure",
                "sample",
                "record",
                "defaults",
                "all ABC runs (prior)",
                "accepted runs",
                "record inside accepted 10–90%",
            ],
            rows,
        ),
        "",
        f"Runs without any merger: {no_merger[0]} at the defaults, {no_merger[1]} of all ABC runs, {no_merger[2]} of the accepted runs.",
    ]


def inside(values: pd.Series, target: float) -> bool:
    """Whether the record lies within the runs' 10th-90th percentile band."""
    return bool(values.quantile(0.1) <= target <= values.quantile(0.9))


def with_mu_star(indices: pd.DataFrame, names: list[str], key: str) -> str:
    """Parameter labels with their mu*, so "clear of the noise" is read beside how large it is."""
    items = [
        f"*{label_of(n)}* (μ* {fmt_effect(key, indices.loc[n, 'mu_star'])} {effect_unit(key)})" for n in names
    ]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summary_lines(ctx: dict[str, Any]) -> list[str]:
    """What the numbers say and what they do not, built from the numbers."""
    morris, abc, record = ctx["morris"], ctx["abc"], ctx["record"]
    runs = abc["runs"]
    accepted = runs[runs["accepted"]]
    main_clear = clear_of_noise(morris["indices"][MAIN])
    lines = ["## What this says and what it does not", ""]
    says = [
        f"Of {len(ctx['ranges'])} behaviour and politics parameters, {len(main_clear)} move the {BY_KEY[MAIN].text} "
        f"clearly more than seed noise"
        + (f" (largest: {with_mu_star(morris['indices'][MAIN], main_clear[:3], MAIN)})" if main_clear else "")
        + "."
    ]
    for key in TARGETS:
        clear = clear_of_noise(morris["indices"][key])
        says.append(
            f"For the {BY_KEY[key].text}, {len(clear)} are clear of the noise"
            + (f", led by {with_mu_star(morris['indices'][key], clear[:2], key)}" if clear else "")
            + "."
        )
    widths = [
        (accepted[n].quantile(0.9) - accepted[n].quantile(0.1)) / np.subtract(*plausible_range(n)[::-1])
        for n in abc["names"]
    ]
    says.append(
        f"The accepted runs' 10–90% ranges are {min(widths):.2f}–{max(widths):.2f} of the prior ranges "
        "(0.8 for a uniform prior that learned nothing)"
        + (": the 2010-2016 patterns hardly constrain these parameters." if min(widths) > 0.5 else ".")
    )
    misses = [k for k in TARGETS if not inside(accepted[k], record[k])]
    says.append(
        "Even the accepted runs miss the in-sample record on the "
        + " and ".join(BY_KEY[k].text for k in misses)
        + " (outside their 10–90% band)."
        if misses
        else "The accepted runs bracket the in-sample record on both targets."
    )
    held_in = [k for k in HELD_OUT if inside(accepted[k], record[k])]
    held_out = [k for k in HELD_OUT if k not in held_in]
    says.append(
        f"On the held-out 2016-2025 measures the accepted set brackets the record for {len(held_in)} of {len(HELD_OUT)}"
        + (f" ({'; '.join(BY_KEY[k].text for k in held_in)})" if held_in else "")
        + (f" and misses {'; '.join(BY_KEY[k].text for k in held_out)}" if held_out else "")
        + "."
    )
    moved = [k for k in HELD_OUT if abs(accepted[k].median() - record[k]) < abs(runs[k].median() - record[k])]
    says.append(
        f"Conditioning on 2010-2016 moves the median toward the record for {len(moved)} of {len(HELD_OUT)} held-out measures."
    )
    lines += [" ".join(says), ""]
    lines += [
        "It does not say: that the plausible ranges are right (they are assumed, and screening is only over "
        "them); anything about the policy and governance levers, money or demand, which were held at the "
        f"scenario's values; that the ranking is settled where intervals overlap (Morris with "
        f"{ctx['size'].morris_trajectories} trajectories, Sobol with N = {ctx['size'].sobol_n}); or that the accepted "
        f"runs are a posterior in more than a rough sense ({len(runs)} prior runs, rejection on two statistics, one "
        "seed per run, so a run can be accepted by luck of its seed). The record is one history: bracketing it is "
        "consistency, not proof.",
        "",
    ]
    return lines


def report(ctx: dict[str, Any]) -> str:
    """The whole Markdown report."""
    return "\n".join(
        [*intro_lines(ctx), *morris_lines(ctx), *sobol_lines(ctx), *abc_lines(ctx), *summary_lines(ctx)]
    )


# --- main ----------------------------------------------------------------------------------------


def analyse(size: Size, workers: int) -> dict[str, Any]:
    """Run the three stages in order: each chooses its parameters from the one before."""
    ranges = screened_parameters()
    record = record_values()
    defaults = run_defaults(size, workers)
    morris = run_morris(ranges, size, workers)
    sobol_names = top_by_mu_star(morris["indices"][MAIN], SOBOL_PARAMETERS)
    sobol = run_sobol({n: ranges[n] for n in sobol_names}, size, workers)
    abc_names = abc_parameters(morris, sobol_names)
    abc = run_abc({n: ranges[n] for n in abc_names}, size, workers, record)
    return {
        "ranges": ranges,
        "record": record,
        "notes": record_notes(),
        "defaults": defaults,
        "morris": morris,
        "sobol": sobol,
        "abc": abc,
    }


def write_outputs(ctx: dict[str, Any], out: Path) -> None:
    """The report and its figures (in a folder named after the report, beside it)."""
    figures = out.with_suffix("")
    plot_morris(ctx["morris"], figures / "morris.png")
    plot_sobol(ctx["sobol"], figures / "sobol.png")
    plot_abc_parameters(ctx["abc"], figures / "abc_parameters.png")
    plot_abc_outcomes(ctx["abc"], ctx["defaults"], ctx["record"], figures / "abc_outcomes.png")
    text = report(ctx).replace("](results/", f"]({figures.name}/")
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)


def model_changed() -> bool:
    """Whether the model's code or scenarios differ from the commit; other files (docs, dashboards)
    do not change a run, so they do not count."""
    try:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "abm", "runs"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # not a checkout: the fingerprint still names the code
        return False
    return bool(found.strip())


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run everything, write the report and figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="processes running the model (default 1)")
    parser.add_argument("--quick", action="store_true", help="tiny sample sizes: a smoke test, not results")
    parser.add_argument(
        "--out", type=Path, default=REPORT, help="the report; figures go in <out without .md>/"
    )
    args = parser.parse_args(argv)
    plt.switch_backend("Agg")  # files only, never a window
    size = QUICK if args.quick else FULL
    provenance = {"git": git_commit(), "fingerprint": code_fingerprint(), "model_changed": model_changed()}
    load_start = os.getloadavg()[0]
    start = time.perf_counter()
    ctx = analyse(size, args.workers)
    ctx["timing"] = {
        "seconds": time.perf_counter() - start,
        "load_start": load_start,
        "load_end": os.getloadavg()[0],
    }
    ctx.update(provenance, size=size, workers=args.workers, quick=args.quick)
    write_outputs(ctx, args.out)
    print(f"wrote {args.out} and {args.out.with_suffix('')}/ in {ctx['timing']['seconds']:.0f} s")


if __name__ == "__main__":
    main()
