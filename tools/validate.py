"""Validation against what happened, 2010-2025: run the history replay
(``runs/scenarios/history_2010_2025.toml``) many times, measure what the agents did, and judge
each measure against a criterion written down *before* the runs (``CRITERIA`` below, copied into
docs/validation.md with the results). Nothing here feeds back into the model's parameters.

Each criterion says what the record shows (docs/history.md §7), what statistic of the runs is
compared with it, what counts as a pass and what as a fail; a result between the two is reported
as "weak". Bands are the 10th-90th percentiles over the replications.

Usage: python tools/validate.py [--runs 30] [--workers 2] [--out docs/validation.md]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from abm import history
from abm.forces import load_forces
from abm.runner import run_simulation
from abm.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "validation.md"
SCENARIO = "history_2010_2025"
START_YEAR = 2010
#: collaboration kinds of the model that the record calls strategic alliances or functional units
PAIRED_KINDS = ("alliance", "joint unit")

#: Officers (FTE) at 31 March, 2010-2025, from abm/data/history/timeline.toml via docs/history.md.
OFFICERS = {2010: 143_734, 2015: 126_818, 2018: 122_404, 2025: 146_442}


@dataclass(frozen=True)
class Criterion:
    """A pattern the record shows and the test the runs must pass, fixed before running."""

    key: str
    record: str  # what happened, with its place in docs/history.md
    statistic: str  # what is measured in the runs
    passes: Callable[[float], bool]
    fails: Callable[[float], bool]
    rule: str  # the pass and fail rules in words
    sample: str  # "in-sample" (known by 2016, used to set defaults) or "held out" (2016-2025)


CRITERIA = (
    Criterion(
        "regional_units_ended",
        "all nine ROCUs and the regional counter-terrorism units running by 2013 still ran in 2025 "
        "(§7 pattern 1)",
        "share of regional-unit memberships ended by 2025 (median over runs)",
        lambda v: v <= 0.10,
        lambda v: v > 0.25,
        "pass ≤ 10%; fail > 25%",
        "held out",
    ),
    Criterion(
        "alliances_break_more",
        "what broke were alliances and joint units, not regional units (§7 patterns 2-3)",
        "share of runs in which alliances and joint units end more often (as a share) than "
        "regional-unit memberships",
        lambda v: v >= 0.8,
        lambda v: v < 0.5,
        "pass ≥ 80% of runs; fail < 50%",
        "held out",
    ),
    Criterion(
        "alliances_at_start_last",
        "the alliances running in 2010 (Kent-Essex, Beds-Herts, Norfolk-Suffolk, ...) lasted to "
        "2025 (§7 pattern 4)",
        "share of the alliances and joint units in place in 2010 still running in 2025 (median)",
        lambda v: v >= 0.6,
        lambda v: v < 0.3,
        "pass ≥ 60%; fail < 30%",
        "held out",
    ),
    Criterion(
        "breaks_late",
        "every recorded break of an alliance or joint unit came in 2017 or later (§7 pattern 2)",
        "share of alliance and joint-unit endings in 2017 or later (median)",
        lambda v: v >= 0.5,
        lambda v: v < 0.25,
        "pass ≥ 50%; fail < 25%",
        "held out",
    ),
    Criterion(
        "formed_in_austerity",
        "most collaborations that formed after 2010 formed in the austerity years to 2014 "
        "(§7 pattern 10: 20 of 41 in 2010-2014)",
        "share of alliances and joint units formed after the start that formed by March 2015 (median)",
        lambda v: v >= 0.5,
        lambda v: v < 0.25,
        "pass ≥ 50%; fail < 25%",
        "held out",
    ),
    Criterion(
        "no_mergers",
        "no voluntary merger, although four were proposed or studied (§5, §7 pattern 5)",
        "share of runs without any merger",
        lambda v: v >= 0.8,
        lambda v: v < 0.5,
        "pass ≥ 80% of runs; fail < 50%",
        "held out",
    ),
    Criterion(
        "directions_rare",
        "the power of direction (s.23G) was used once in 2010-2025, to delay a break-up (§7 pattern 6)",
        "Home Secretary's directions per run (median)",
        lambda v: v <= 2,
        lambda v: v > 5,
        "pass ≤ 2; fail > 5",
        "held out",
    ),
    Criterion(
        "alliance_pairs_auc",
        "which neighbours really formed alliances or joint units after 2010 (alliance_pairs.csv)",
        "AUC of the share of runs in which each candidate pair formed one, real pairs against the "
        "other neighbouring pairs; to count, it must also beat distance alone (nearest first)",
        lambda v: v >= 0.6,
        lambda v: v <= 0.5,
        "pass ≥ 0.60 and above the distance-only AUC; fail ≤ 0.50",
        "held out",
    ),
    Criterion(
        "covert_held_2016",
        "almost all forces held a covert static surveillance tactic, though 24% used it fewer than "
        "ten times a year (seed 000, the specialist capabilities review of about 2016)",
        "share of forces holding their own covert static surveillance unit in March 2016 (median)",
        lambda v: v >= 0.88,
        lambda v: v < 0.7,
        "pass ≥ 88%; fail < 70%",
        "in-sample",
    ),
    Criterion(
        "specialist_armed_held_2016",
        "all forces had officers trained in one highly specialised armed tactic, though only half used "
        "it (seed 000)",
        "share of forces holding their own specialised armed unit in March 2016 (median)",
        lambda v: v >= 0.9,
        lambda v: v < 0.7,
        "pass ≥ 90%; fail < 70%",
        "in-sample",
    ),
    Criterion(
        "officers_2015",
        "officers fell 11.8% from March 2010 to March 2015 (seed 004; §1)",
        "officers' change March 2010 to March 2015 (median)",
        lambda v: abs(v - (-0.118)) <= 0.04,
        lambda v: abs(v - (-0.118)) > 0.08,
        "pass within 4 points of -11.8%; fail more than 8 points away",
        "in-sample",
    ),
    Criterion(
        "officers_trough",
        "officers were lowest in March 2018, 14.8% below 2010 (§1)",
        "year (31 March) of the lowest officer numbers (median)",
        lambda v: 2016 <= v <= 2020,
        lambda v: v <= 2014 or v >= 2022,
        "pass 2016-2020; fail by 2014 or from 2022",
        "held out",
    ),
    Criterion(
        "officers_2025",
        "officers in March 2025 were 1.9% above March 2010, after the 2019-23 uplift (§1)",
        "officers' change March 2010 to March 2025 (median)",
        lambda v: -0.05 <= v <= 0.08,
        lambda v: v < -0.10 or v > 0.15,
        "pass -5% to +8%; fail below -10% or above +15%",
        "held out",
    ),
)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


#: Values of the value voters put on local control for the trade-off probe (its plausible range
#: and the default; abm/params.py), and the seeds each is run with.
TRADE_OFF_VALUES = (0.003, 0.012, 0.03, 0.06)
TRADE_OFF_SEEDS = (1, 2, 3, 4, 5)

#: Bootstrap of the pair AUC's margin over distance alone: draws and the generator's seed.
BOOTSTRAP_DRAWS = 2000
BOOTSTRAP_SEED = 2024

#: The counterfactual start for the equilibrium check: the replay under 2009-10 conditions.
FLAT_2009_10 = {
    "grant_path": "settlement",
    "grant_change_per_year": 0.0,
    "precept_cap_path": "fixed",
    "duty_from_year": 2100,
}
EQUILIBRIUM_SEEDS = (1, 2, 3, 4, 5, 6)

#: Written before the first run with issue 24's mechanisms; not criteria of the table above (those
#: stay as written), but what would show issue 24's mechanisms wrong.
ISSUE_24_TARGETS = """## Issue 24's targets, written before the run

- **An alliance ends in 2017-2021 in most runs** (the record: Tri-Force and West Mercia-Warwickshire
  ended 2018-2020 after one partner judged the split unfair). Wrong if it happens in half the runs
  or fewer.
- **The pair AUC beats distance alone by a margin a bootstrap over pairs shows.** Wrong if the model
  is above distance in fewer than 90% of bootstrap draws.
- **The 2010 start is near the agents' equilibrium.** Under 2009-10 conditions (flat grant, no
  precept limits from the record, no duty) at most half as many alliances and joint units form by
  March 2015 as in the replay. Wrong if more than half as many form.
"""


def measure(seed: int, overrides: dict | None = None) -> dict:
    """One replication of the history replay: each criterion's statistic, and the pairs of forces
    that formed an alliance or joint unit after the start."""
    params = load_scenario(SCENARIO).params(overrides or {})
    result = run_simulation(params, seed=seed, scenario=SCENARIO)
    col = result.collaborations.copy()
    col["end_year"] = START_YEAR + col["end_step"] // 4  # financial year of the ending
    first = col["start_step"].min()
    seeded = col["start_step"] == first
    regional = col[col["kind"] == "regional unit"]
    paired = col[col["kind"].isin(PAIRED_KINDS)]
    ended = paired[paired["end_step"].notna()]
    formed = paired[~seeded.loc[paired.index]]
    formed_by_2015 = formed["start_step"] < 4 * (2015 - START_YEAR)
    caps = result.capability_series
    march_2016 = caps[caps["step"] == caps["step"].min() + 4 * (2016 - START_YEAR) - 1].set_index(
        "capability"
    )
    holding = (march_2016["mode_hold"] + march_2016["mode_host"]) / (
        len(load_forces().names) - march_2016["mode_merged"]
    )
    officers = result.model_series["officers"].to_numpy(float)
    yearly = officers[3::4]  # at 31 March of 2011, 2012, ...
    base = officers[0]
    return {
        "seed": seed,
        "regional_units_ended": float(regional["end_step"].notna().mean()) if len(regional) else 0.0,
        "paired_ended": float(paired["end_step"].notna().mean()) if len(paired) else 0.0,
        "alliances_at_start_last": float(paired.loc[seeded.loc[paired.index], "end_step"].isna().mean()),
        "breaks_late": float((ended["end_year"] >= 2017).mean()) if len(ended) else np.nan,
        "formed_in_austerity": float(formed_by_2015.mean()) if len(formed) else np.nan,
        "covert_held_2016": float(holding["covert_surveillance"]),
        "specialist_armed_held_2016": float(holding["specialist_armed"]),
        "formed_by_2015": int(formed_by_2015.sum()),
        "alliance_ended_2017_21": bool(
            ((ended["kind"] == "alliance") & ended["end_year"].between(2017, 2021)).any()
        ),
        "mergers": float(result.final["mergers"]),
        "directions": float(result.final["directions"]),
        "officers_2015": yearly[2015 - 2011] / base - 1,
        "officers_trough": 2011 + int(np.argmin(yearly)),
        "officers_2025": yearly[2025 - 2011] / base - 1,
        "formed_pairs": sorted(
            {_pair(a, b) for a, b in zip(formed["force"], formed["partner"], strict=True)}
        ),
    }


def candidate_pairs() -> tuple[list[tuple[str, str]], np.ndarray, set, set]:
    """Pairs of forces that could have paired (land neighbours, or in the same regional unit), their
    distances, the real pairs formed after 2010 and the pairs already together in 2010."""
    forces = load_forces()
    names = forces.names
    pairs, distance = [], []
    for i, j in combinations(range(forces.count), 2):
        if forces.adjacency[i, j] or forces.rocu[i] == forces.rocu[j]:
            pairs.append(_pair(names[i], names[j]))
            distance.append(forces.distance_km[i, j])
    real = history.alliance_pairs()
    together_2010 = {_pair(a, b) for a, b, _, start, _ in real if start <= START_YEAR}
    formed_later = {_pair(a, b) for a, b, _, start, _ in real if start > START_YEAR} - together_2010
    return pairs, np.array(distance), formed_later, together_2010


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    ranks = pd.Series(scores).rank().to_numpy()
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pair_aucs(runs: list[dict]) -> dict[str, float]:
    """AUC of the model's pairing frequency and of distance alone, over candidate pairs not already
    together in 2010; and the 10th-90th percentile of the AUC from single runs."""
    pairs, distance, positives, together = candidate_pairs()
    keep = np.array([p not in together for p in pairs])
    pairs = [p for p, k in zip(pairs, keep, strict=True) if k]
    positive = np.array([p in positives for p in pairs])
    formed = np.array(
        [[p in set(map(tuple, run["formed_pairs"])) for p in pairs] for run in runs], dtype=float
    )
    single = [auc(row, positive) for row in formed]
    return {
        "model": auc(formed.mean(axis=0), positive),
        "distance": auc(-distance[keep], positive),
        "single_p10": float(np.percentile(single, 10)),
        "single_p90": float(np.percentile(single, 90)),
        "positives": int(positive.sum()),
        "candidates": len(pairs),
    }


def bootstrap_margin(runs: list[dict], draws: int = BOOTSTRAP_DRAWS) -> dict[str, float]:
    """How sure the model's pair AUC beats distance alone: resample the candidate pairs with
    replacement (real and other pairs separately, so every draw has both) and recompute both AUCs."""
    pairs, distance, positives, together = candidate_pairs()
    keep = np.array([p not in together for p in pairs])
    kept = [p for p, k in zip(pairs, keep, strict=True) if k]
    positive = np.array([p in positives for p in kept])
    frequency = np.array(
        [[p in set(map(tuple, run["formed_pairs"])) for p in kept] for run in runs], dtype=float
    ).mean(axis=0)
    nearness = -distance[keep]
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    real, other = np.flatnonzero(positive), np.flatnonzero(~positive)
    margins = []
    for _ in range(draws):
        pick = np.concatenate([rng.choice(real, real.size), rng.choice(other, other.size)])
        labels = positive[pick]
        margins.append(auc(frequency[pick], labels) - auc(nearness[pick], labels))
    margins = np.array(margins)
    return {
        "share_above": float((margins > 0).mean()),
        "p05": float(np.percentile(margins, 5)),
        "p95": float(np.percentile(margins, 95)),
    }


def formed_under_2009_10(seed: int) -> int:
    """Alliances and joint units formed by March 2015 in the replay's counterfactual under 2009-10
    conditions (a flat grant, no precept limits from the record, the duty never strengthened)."""
    return measure(seed, FLAT_2009_10)["formed_by_2015"]


def equilibrium(pool: ProcessPoolExecutor, runs: list[dict]) -> dict[str, float]:
    """Is the 2010 start near the agents' equilibrium? Under the conditions that produced the 2010
    arrangements little should change: the record's formations should need the cuts and the duty.
    Medians over the same seeds of the replay and of the counterfactual."""
    flat = list(pool.map(formed_under_2009_10, EQUILIBRIUM_SEEDS))
    replay = [run["formed_by_2015"] for run in runs if run["seed"] in EQUILIBRIUM_SEEDS]
    return {"replay": float(np.median(replay)), "2009-10 conditions": float(np.median(flat))}


def statistics(runs: pd.DataFrame, pairs: dict[str, float]) -> dict[str, tuple[float, float, float]]:
    """Each criterion's statistic with its 10th-90th percentile band over the runs."""

    def band(column: str) -> tuple[float, float, float]:
        values = runs[column].dropna()
        return float(values.median()), float(values.quantile(0.1)), float(values.quantile(0.9))

    more = float((runs["paired_ended"] > runs["regional_units_ended"]).mean())
    none = float((runs["mergers"] == 0).mean())
    return {
        "regional_units_ended": band("regional_units_ended"),
        "alliances_break_more": (more, more, more),
        "alliances_at_start_last": band("alliances_at_start_last"),
        "breaks_late": band("breaks_late"),
        "formed_in_austerity": band("formed_in_austerity"),
        "no_mergers": (none, none, none),
        "directions_rare": band("directions"),
        "alliance_pairs_auc": (pairs["model"], pairs["single_p10"], pairs["single_p90"]),
        "covert_held_2016": band("covert_held_2016"),
        "specialist_armed_held_2016": band("specialist_armed_held_2016"),
        "officers_2015": band("officers_2015"),
        "officers_trough": band("officers_trough"),
        "officers_2025": band("officers_2025"),
    }


def verdict(criterion: Criterion, value: float, pairs: dict[str, float]) -> str:
    if criterion.key == "alliance_pairs_auc" and value <= pairs["distance"] and value > 0.5:
        return "weak"  # no better than distance: the model adds nothing a map does not know
    if criterion.passes(value):
        return "pass"
    return "fail" if criterion.fails(value) else "weak"


def _fmt(key: str, value: float) -> str:
    if key in ("directions_rare", "officers_trough"):
        return f"{value:.0f}"
    if key == "alliance_pairs_auc":
        return f"{value:.2f}"
    if key.startswith("officers"):
        return f"{100 * value:+.1f}%"
    return f"{100 * value:.0f}%"


def _markdown_table(frame: pd.DataFrame) -> list[str]:
    rows = [" | ".join(frame.columns), " | ".join("---" for _ in frame.columns)]
    rows += [
        " | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row)
        for row in frame.itertuples(index=False)
    ]
    return [f"| {row} |" for row in rows]


def _trade_off_run(args: tuple[float, int]) -> dict:
    value, seed = args
    row = measure(seed, {"local_control_preference": value})
    return {
        "local_control_preference": value,
        "seed": seed,
        **{k: row[k] for k in ("covert_held_2016", "regional_units_ended")},
    }


def trade_off(pool: ProcessPoolExecutor) -> pd.DataFrame:
    """The two in-tension patterns (covert surveillance held locally; regional units lasting) at
    several values of the one lever that moves both: medians over a few seeds."""
    grid = [(value, seed) for value in TRADE_OFF_VALUES for seed in TRADE_OFF_SEEDS]
    rows = pd.DataFrame(list(pool.map(_trade_off_run, grid)))
    return rows.groupby("local_control_preference")[["covert_held_2016", "regional_units_ended"]].median()


DIAGNOSIS = """## What the fails and weak results say

Read from the runs' event logs (`events`, `collaborations` tables), not tuned away:

- **No mergers fails.** A merger's business case is now appraised against collaborating and both of
  its numbers, like the identity voters lose, come from separate evidence (the Devon and
  Cornwall-Dorset case of 2018), so whether a merger passes depends on the case. At the defaults one
  pair passes in almost every run: two neighbours of similar size and precept (Leicestershire and
  Staffordshire in 2012) whose case, about 2.8% of budget a year, beats the 2% of budget voters are
  assumed to lose. With voters' attachment at 3% of budget or more (inside its plausible range) no
  merger passes. What the model lacks is the office-holders' own stake: a merger ends one chief
  constable's and one policing body's office, and the record's four studied mergers all stopped
  with an office-holder.
- **Regional units still end more often than they did.** The exits are from regional serious and
  organised crime units: a force that pays in by its share of grant more than the cross-border harm
  it would face alone gives notice, in 2010-12 under the weaker duty and later when a new
  office-holder reviews its inheritance. The Home Secretary delays most of these exits, which is why
  directions are well above the record's one.
- **What breaks**: because those regional memberships end, alliances and joint units end more often
  than regional memberships in only {breaks_more} of the runs.
- **Alliance pairs**: trust now carries prior ties and similar size, yet the model's pairs score
  {pair_auc} against {distance_auc} for distance alone ({pair_side} it on the point estimate), and a
  bootstrap over pairs shows the margin is not reliable either way (above).
- **Covert surveillance**: about four in five forces hold their own team in 2016; the smallest
  forces buy from a neighbour, whose unit serves them more cheaply than half a team of their own.
  The table below varies the value voters put on local control: more of it keeps covert
  surveillance local and ends more regional memberships.
- **The 2010 start is not the agents' equilibrium.** Under 2009-10 conditions most of the
  alliances and joint units of the replay still form by 2015: the gains chiefs see in 2010 are
  mostly there without the cuts or the stronger duty, which add a fifth to a quarter more. The
  formation-in-austerity pass is partly a start-up effect.
"""


def targets(runs: pd.DataFrame, margin: dict[str, float], formed: dict[str, float]) -> list[str]:
    """Issue 24's targets, as written before the run, and what the runs showed."""
    ended = float(runs["alliance_ended_2017_21"].mean())
    ratio = formed["2009-10 conditions"] / max(formed["replay"], 1)
    return [
        ISSUE_24_TARGETS,
        "What the runs showed:",
        "",
        f"- An alliance ended in 2017-2021 in {100 * ended:.0f}% of runs "
        f"({'met' if ended > 0.5 else 'not met'}).",
        f"- The model's pair AUC is above distance alone in {100 * margin['share_above']:.0f}% of "
        f"{BOOTSTRAP_DRAWS} bootstrap draws (margin {margin['p05']:+.2f} to {margin['p95']:+.2f}, 5th-95th "
        f"percentile; {'met' if margin['share_above'] >= 0.9 else 'not met'}).",
        f"- Alliances and joint units formed by March 2015: {formed['replay']:.0f} in the replay, "
        f"{formed['2009-10 conditions']:.0f} under 2009-10 conditions (medians over seeds "
        f"{EQUILIBRIUM_SEEDS[0]}-{EQUILIBRIUM_SEEDS[-1]}; ratio {ratio:.2f}; "
        f"{'met' if ratio <= 0.5 else 'not met'}).",
        "",
    ]


def report(
    runs: pd.DataFrame,
    pairs: dict[str, float],
    probe: pd.DataFrame,
    extra: list[str],
    seconds: float,
    workers: int,
) -> str:
    stats = statistics(runs, pairs)
    lines = [
        "# Validation against 2010-2025",
        "",
        "Built by `python tools/validate.py` (do not edit by hand). The history replay",
        f"(`runs/scenarios/{SCENARIO}.toml`) is run {len(runs)} times (seeds 1-{len(runs)}); each",
        "pattern of the record (docs/history.md §7) is compared with a criterion written down before",
        "the runs, in `tools/validate.py` (`CRITERIA`). A result between pass and fail is *weak*.",
        "Bands are the 10th-90th percentiles over the runs. *In-sample* patterns were known by 2016",
        "and used to set defaults; *held out* ones were not used for anything before this table.",
        "The criteria were written before any full run (a four-run smoke test of the script came first",
        "and changed none of them) and are kept as written when the model changes; each model change",
        "says why in the git log. The table is rebuilt by the script, never edited.",
        "",
        "| pattern (record) | statistic | rule | model: median [10-90%] | verdict | sample |",
        "|---|---|---|---|---|---|",
    ]
    for c in CRITERIA:
        mid, low, high = stats[c.key]
        band = f"{_fmt(c.key, mid)} [{_fmt(c.key, low)}-{_fmt(c.key, high)}]"
        lines.append(
            f"| {c.record} | {c.statistic} | {c.rule} | {band} | **{verdict(c, mid, pairs)}** | {c.sample} |"
        )
    verdicts = [verdict(c, stats[c.key][0], pairs) for c in CRITERIA]
    lines += [
        "",
        f"**{verdicts.count('pass')} pass, {verdicts.count('weak')} weak, {verdicts.count('fail')} fail** "
        f"of {len(CRITERIA)}.",
        "",
        "## Alliance pairs",
        "",
        f"{pairs['candidates']} candidate pairs (land neighbours or in the same regional unit, not already "
        f"together in 2010); {pairs['positives']} of them formed an alliance or joint unit after 2010 in the "
        f"record. AUC of the model's pairing frequency: {pairs['model']:.2f} (single runs "
        f"{pairs['single_p10']:.2f}-{pairs['single_p90']:.2f}); AUC of distance alone (nearest first): "
        f"{pairs['distance']:.2f}. A model that only knew the map would score the second number.",
        "",
        *extra,
        DIAGNOSIS.format(
            breaks_more=f"{100 * stats['alliances_break_more'][0]:.0f}%",
            pair_auc=f"{pairs['model']:.2f}",
            distance_auc=f"{pairs['distance']:.2f}",
            pair_side="above" if pairs["model"] > pairs["distance"] else "not above",
        ),
        "| value voters put on local control | covert surveillance held, March 2016 | regional-unit memberships ended by 2025 |",
        "|---|---|---|",
        *[
            f"| {value:g} | {100 * row.covert_held_2016:.0f}% | {100 * row.regional_units_ended:.0f}% |"
            for value, row in probe.iterrows()
        ],
        "",
        f"Medians over seeds {TRADE_OFF_SEEDS[0]}-{TRADE_OFF_SEEDS[-1]}; the criteria ask for at least 88% "
        "held and at most 10% ended. The default value was set before the current in-sample calibration "
        "(docs/calibration.md), whose best point for 2016's facts lies near the top of the range: the row "
        "nearest it shows what the held-out patterns would be there. docs/results.md does the same "
        "formally (approximate Bayesian computation on the 2010-16 patterns, then the implied 2016-25).",
        "",
        "## Per run",
        "",
        *_markdown_table(runs.drop(columns=["formed_pairs"])),
        "",
        f"{len(runs)} runs in {seconds:.0f} s on {workers} worker(s).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        runs = list(pool.map(measure, range(1, args.runs + 1)))
        probe = trade_off(pool)
        start_check = equilibrium(pool, runs)
    seconds = time.perf_counter() - start
    pairs = pair_aucs(runs)
    frame = pd.DataFrame(runs)
    extra = targets(frame, bootstrap_margin(runs), start_check)
    text = report(frame, pairs, probe, extra, seconds, args.workers)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
