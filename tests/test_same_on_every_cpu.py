"""The same seed gives the same numbers on every CPU (issue 22).

numpy chooses SIMD code paths at run time by CPU (``NPY_DISABLE_CPU_FEATURES`` switches them off,
as on an older machine), and a choice between options equal in exact arithmetic used to follow
their last bits. ``abm.numerics`` computes the static inputs with the C library's scalar math and
breaks ties by a stated rule; these tests hold both on any one machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from numpy._core import _multiarray_umath as umath

from abm.model import CrossforceModel
from abm.numerics import MONEY_TOLERANCE_GBP_M, first_best, first_best_each
from abm.params import make_params
from abm.scenarios import load_scenario
from abm.scoring import score_options

PRESETS = ("baseline", "history_2010_2025")
SEEDS = (1, 2)

#: numpy's dispatch targets on this build, lowest first (x86-64: X86_V3 = AVX2 and FMA3, X86_V4 and
#: the AVX512_* targets = AVX-512)
TARGETS = list(umath.__cpu_dispatch__)
SETTINGS = {
    "this CPU as it is": "",
    "no AVX-512 (every target above the lowest off)": " ".join(TARGETS[1:]),
    "an older CPU (every dispatch target off)": " ".join(TARGETS),
}

_SCRIPT = """
import json, sys
from abm import regression
print(json.dumps({f"{s}/{seed}": regression.outputs(s, seed) for s in sys.argv[1].split(",") for seed in (1, 2)}))
"""


def _outputs_with(disabled: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "NPY_DISABLE_CPU_FEATURES"}
    if disabled:
        env["NPY_DISABLE_CPU_FEATURES"] = disabled
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", _SCRIPT, ",".join(PRESETS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def test_regression_outputs_are_identical_with_and_without_numpys_simd_paths() -> None:
    runs = {name: _outputs_with(disabled) for name, disabled in SETTINGS.items()}
    reference = runs.pop("this CPU as it is")
    assert set(reference) == {f"{p}/{s}" for p in PRESETS for s in SEEDS}
    for name, outputs in runs.items():
        moved = [key for key in reference if outputs[key] != reference[key]]
        assert not moved, f"{name}: {moved} differ from this CPU's run"


def _decisions(scenario: str, seed: int, nudge: bool) -> tuple[list[tuple], list[np.ndarray]]:
    """A run's event log (who did what with whom) and arrangements each quarter; with ``nudge``,
    every expected demand is moved by up to four units in the last place before the run."""
    model = CrossforceModel(load_scenario(scenario).params(), seed=seed)
    if nudge:
        ulps = np.random.default_rng(99).integers(-4, 5, model.demand.expected.shape)
        model.demand._base *= 1 + ulps * np.finfo(float).eps
        model.demand.set_year(model.year)
    arrangements = []
    for _ in range(model.params.steps):
        model.step()
        arrangements.append(model.arrangements.provider.copy())
    return [row[:6] for row in model.events.rows], arrangements


@pytest.mark.parametrize("scenario", PRESETS)
def test_no_decision_hinges_on_the_last_bits_of_the_inputs(scenario: str) -> None:
    """What a CPU's SIMD paths can do to a number (a few units in its last place) changes no
    decision: every tie is broken by the stated rule, not by rounding."""
    for seed in SEEDS:
        events, arrangements = _decisions(scenario, seed, nudge=False)
        nudged_events, nudged_arrangements = _decisions(scenario, seed, nudge=True)
        first = next((i for i, (a, b) in enumerate(zip(events, nudged_events, strict=False)) if a != b), None)
        assert first is None and len(events) == len(nudged_events), (
            f"{scenario}/{seed}: event {first} differs: {events[first]} / {nudged_events[first]}"
        )
        assert all(np.array_equal(a, b) for a, b in zip(arrangements, nudged_arrangements, strict=True))


def test_options_equal_in_exact_arithmetic_go_to_the_first() -> None:
    """Buying pay-as-you-go and by subscription both at full cost (both mark-ups 1) cost the same;
    the chief picks pay-as-you-go, the first in the stated order (the first knife edge found:
    City of London's major-crime review, first quarter of ``baseline`` seed 1)."""
    model = CrossforceModel(make_params({"payg_markup": 1.0, "subscription_markup": 1.0}), seed=1)
    f, c = model.forces.index("City of London"), model.caps.index("major_crime")
    scores = score_options(model, np.array([f]))
    best = int(scores.best[0, c])
    assert scores.kind(best) == "buy_payg"
    same_partner_subscription = best + scores.candidates
    assert scores.kind(same_partner_subscription) == "buy_subscription"
    assert abs(scores.score[0, c, best] - scores.score[0, c, same_partner_subscription]) < 1e-9


def test_first_best_takes_the_lowest_index_within_the_tolerance() -> None:
    half = MONEY_TOLERANCE_GBP_M / 2
    assert first_best(np.array([3.0, 1.0 + half, 1.0, np.inf])) == 1
    assert first_best(np.array([3.0, 1.0 + 3 * MONEY_TOLERANCE_GBP_M, 1.0])) == 2
    assert first_best_each(np.array([[2.0, 2.0 - half], [np.inf, 5.0]])).tolist() == [0, 1]


def test_static_inputs_do_not_use_numpys_simd_transcendentals() -> None:
    """Distances and demand are snapped to a grid (see ``abm.numerics``)."""
    model = CrossforceModel(seed=1)
    assert np.array_equal(model.forces.distance_km, np.round(model.forces.distance_km, 3))
    assert np.array_equal(model.demand.expected, np.round(model.demand.expected, 6))
