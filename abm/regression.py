"""The stored regression baseline: key outputs of every scenario preset x seeds 1-3.

A change to the model that moves any number must say so: ``tests/test_baseline.py`` compares
fresh runs with ``tests/baseline/regression.json`` at a tight tolerance, and a deliberate change
regenerates the file with ``python tools/update_baseline.py`` in the same commit, whose message
says why the numbers moved (as covasim and starsim keep theirs).

Kept: every final metric, and a few yearly series (money and harm summed over the year's
quarters; stocks such as collaborations at the year's last quarter).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from abm.runner import run_simulation
from abm.scenarios import available, load_scenario

BASELINE_PATH = Path(__file__).resolve().parents[1] / "tests" / "baseline" / "regression.json"
SEEDS = (1, 2, 3)
#: yearly series: summed over the year's quarters (flows) or taken at its last quarter (stocks)
YEARLY_FLOWS = ("total_cost_gbp_m", "harm_value_gbp_m", "unmet", "late")
YEARLY_STOCKS = ("collaborations", "assured_access", "gaps", "forces")
#: relative tolerance of the comparison: tight enough that any change to a mechanism shows,
#: loose enough for the last bits of floating point to differ between machines
RELATIVE_TOLERANCE = 1e-7


def outputs(scenario: str, seed: int) -> dict[str, Any]:
    """The kept outputs of one run of a scenario preset."""
    result = run_simulation(
        load_scenario(scenario).params(), seed=seed, scenario=scenario, force_series=False
    )
    series = result.model_series
    years = series.groupby("year", sort=True)
    yearly = {name: years[name].sum().round(12).tolist() for name in YEARLY_FLOWS}
    yearly |= {name: years[name].last().round(12).tolist() for name in YEARLY_STOCKS}
    return {"final": {k: _plain(v) for k, v in result.final.items()}, "yearly": yearly}


def _plain(value: float) -> float | None:
    """A JSON-safe number (NaN, e.g. a share of nothing, is stored as null)."""
    value = float(value)
    return None if math.isnan(value) else value


def compute() -> dict[str, Any]:
    """Every scenario preset x every seed, keyed "scenario/seed"."""
    return {f"{name}/{seed}": outputs(name, seed) for name in available() for seed in SEEDS}


def write(path: Path = BASELINE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(compute(), indent=1, sort_keys=True) + "\n")
    return path


def read(path: Path = BASELINE_PATH) -> dict[str, Any]:
    return json.loads(path.read_text())


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """Every number that moved beyond the tolerance, as "where: stored -> fresh"; also runs or
    outputs that appeared or disappeared."""
    found = []
    for key in sorted(set(stored) | set(fresh)):
        if key not in fresh or key not in stored:
            found.append(
                f"{key}: {'missing from the fresh runs' if key not in fresh else 'not in the baseline'}"
            )
            continue
        for part in ("final", "yearly"):
            old, new = stored[key][part], fresh[key][part]
            for name in sorted(set(old) | set(new)):
                if name not in old or name not in new:
                    found.append(f"{key} {part}.{name}: {'gone' if name not in new else 'new'}")
                    continue
                a, b = old[name], new[name]
                pairs = zip(a, b, strict=False) if isinstance(a, list) else [(a, b)]
                if isinstance(a, list) and len(a) != len(b):
                    found.append(f"{key} {part}.{name}: {len(a)} years -> {len(b)}")
                    continue
                for i, (x, y) in enumerate(pairs):
                    if not _close(x, y):
                        where = f"{part}.{name}" + (f"[year {i + 1}]" if isinstance(a, list) else "")
                        found.append(f"{key} {where}: {x} -> {y}")
    return found


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9)
